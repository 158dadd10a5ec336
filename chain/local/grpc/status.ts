/**
 * gRPC status codes the local chain answers with (grpc/grpc doc/statuscodes.md), and the error a
 * service handler throws to answer one.
 * @module
 */

export const GrpcStatus = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;
export type GrpcStatus = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** A request the service answers with a non-OK status and this message (never a secret). */
export class GrpcError extends Error {
  readonly status: GrpcStatus;

  constructor(status: GrpcStatus, message: string) {
    super(message);
    this.name = 'GrpcError';
    this.status = status;
  }
}

export function invalidArgument(message: string): never {
  throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, message);
}

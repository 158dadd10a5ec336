/**
 * gRPC status codes the local chain answers with (grpc/grpc doc/statuscodes.md), and the error a
 * service handler throws to answer one.
 * @module
 */
import { ChainError, ChainErrorCodes } from '../../errors.ts';

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

/**
 * The status a failed request answers with: a GrpcError's own; a chain error's by its code
 * (NOT_FOUND, or INVALID_ARGUMENT for a refused request); null for a fault of the chain itself.
 */
export function grpcStatusOf(error: unknown): { status: GrpcStatus; message: string } | null {
  if (error instanceof GrpcError) return { status: error.status, message: error.message };
  if (error instanceof ChainError) {
    if (error.code === ChainErrorCodes.NOT_FOUND) return { status: GrpcStatus.NOT_FOUND, message: error.message };
    if (error.code === ChainErrorCodes.STORE_INVALID || error.code === ChainErrorCodes.INTERNAL) return null;
    return { status: GrpcStatus.INVALID_ARGUMENT, message: error.message };
  }
  return null;
}

export function invalidArgument(message: string): never {
  throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, message);
}

/**
 * The local chain's answers to Sui's full-node gRPC API (sui.rpc.v2), served as gRPC-web over
 * HTTP on the chain's own port, so that `SuiGrpcClient` (and `chain/sui`) talk to it as to a Sui
 * full node. Requests and answers are the protobuf types `@mysten/sui` ships (`GrpcTypes`):
 * every method of every sui.rpc.v2 service has a route, and the methods the local chain does not
 * serve yet answer UNIMPLEMENTED.
 *
 * Served today: LedgerService GetServiceInfo, GetObject, BatchGetObjects, GetEpoch (the reference
 * gas price), ListEvents; StateService ListOwnedObjects; TransactionExecutionService
 * ExecuteTransaction.
 * @module
 */
import { GrpcTypes } from '@mysten/sui/grpc';
import type { Context, Hono } from 'hono';
import type { Logger } from '../../../runtime/log.ts';
import { ChainError, ChainErrorCodes } from '../../errors.ts';
import type { LocalLedger } from '../ledger.ts';
import { bodyBytes, CONTENT_TYPES, encodedBody, requestMessage, responseBody, type WireFormat, wireFormat } from './frames.ts';
import { ledgerService } from './ledger-service.ts';
import { stateService } from './state-service.ts';
import { GrpcError, GrpcStatus } from './status.ts';
import { transactionExecutionService } from './transaction-service.ts';

// biome-ignore lint/suspicious/noExplicitAny: handlers of every request and response type
type Handler = (request: any) => Promise<object>;

/** The services of sui.rpc.v2 whose methods get a route. */
const SERVICES = [
  GrpcTypes.LedgerService,
  GrpcTypes.StateService,
  GrpcTypes.TransactionExecutionService,
  GrpcTypes.SubscriptionService,
  GrpcTypes.MovePackageService,
  GrpcTypes.SignatureVerificationService,
  GrpcTypes.NameService,
];

function statusOfError(error: unknown): { status: GrpcStatus; message: string } | null {
  if (error instanceof GrpcError) return { status: error.status, message: error.message };
  if (error instanceof ChainError) {
    if (error.code === ChainErrorCodes.NOT_FOUND) return { status: GrpcStatus.NOT_FOUND, message: error.message };
    if (error.code === ChainErrorCodes.STORE_INVALID || error.code === ChainErrorCodes.INTERNAL) return null;
    return { status: GrpcStatus.INVALID_ARGUMENT, message: error.message };
  }
  return null;
}

function answer(
  c: Context,
  format: WireFormat,
  messages: readonly Uint8Array[],
  status: GrpcStatus = GrpcStatus.OK,
  message = '',
): Response {
  return c.body(encodedBody(responseBody(messages, status, message), format), 200, { 'content-type': CONTENT_TYPES[format] });
}

/** Adds a route per method of the sui.rpc.v2 services to `app`. */
export function mountSuiGrpc(app: Hono, ledger: LocalLedger, logger: Logger): void {
  const handlers: Record<string, Record<string, Handler>> = {
    [GrpcTypes.LedgerService.typeName]: ledgerService(ledger),
    [GrpcTypes.StateService.typeName]: stateService(ledger),
    [GrpcTypes.TransactionExecutionService.typeName]: transactionExecutionService(ledger),
  };
  for (const service of SERVICES) {
    for (const method of service.methods) {
      const handler = handlers[service.typeName]?.[method.name];
      app.post(`/${service.typeName}/${method.name}`, async (c) => {
        const format = wireFormat(c.req.header('content-type'));
        if (format === null) {
          return answer(
            c,
            'binary',
            [],
            GrpcStatus.INVALID_ARGUMENT,
            `the content type must be ${CONTENT_TYPES.binary} or ${CONTENT_TYPES.text}`,
          );
        }
        if (handler === undefined) {
          return answer(c, format, [], GrpcStatus.UNIMPLEMENTED, `${service.typeName}/${method.name} is not served by the local chain`);
        }
        try {
          const body = bodyBytes(new Uint8Array(await c.req.arrayBuffer()), format);
          let request: object;
          try {
            request = method.I.fromBinary(requestMessage(body));
          } catch (error) {
            if (error instanceof GrpcError) throw error;
            throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, `the request is not a ${method.I.typeName}`);
          }
          // A server-streaming method's handler gives all its frames at once.
          const response = await handler(request);
          const frames = method.serverStreaming ? (response as object[]) : [response];
          return answer(
            c,
            format,
            frames.map((frame) => method.O.toBinary(frame as never)),
          );
        } catch (error) {
          const known = statusOfError(error);
          if (known !== null) return answer(c, format, [], known.status, known.message);
          logger.error('gRPC request failed', { method: `${service.typeName}/${method.name}`, error, stack: (error as Error).stack });
          return answer(c, format, [], GrpcStatus.INTERNAL, 'internal error of the local chain');
        }
      });
    }
  }
}

/**
 * The local chain's answers to Sui's full-node gRPC API (sui.rpc.v2), served as gRPC-web over
 * HTTP on the chain's own port, so that `SuiGrpcClient` (and `chain/sui`) talk to it as to a Sui
 * full node. Requests and answers are the protobuf types `@mysten/sui` ships (`GrpcTypes`):
 * every method of every sui.rpc.v2 service has a route, and the methods the local chain does not
 * serve yet answer UNIMPLEMENTED.
 *
 * Served today: LedgerService GetServiceInfo, GetObject, BatchGetObjects, GetEpoch (the reference
 * gas price), ListEvents; StateService ListOwnedObjects; TransactionExecutionService
 * ExecuteTransaction, SimulateTransaction; SubscriptionService SubscribeCheckpoints (a live stream).
 * @module
 */
import { GrpcTypes } from '@mysten/sui/grpc';
import type { Context, Hono } from 'hono';
import type { Logger } from '../../../runtime/log.ts';
import type { LocalLedger } from '../ledger.ts';
import {
  bodyBytes,
  CONTENT_TYPES,
  dataFrame,
  encodedBody,
  requestMessage,
  responseBody,
  trailerFrame,
  type WireFormat,
  wireFormat,
} from './frames.ts';
import { ledgerService } from './ledger-service.ts';
import { stateService } from './state-service.ts';
import { GrpcError, GrpcStatus, grpcStatusOf } from './status.ts';
import { subscriptionService } from './subscription-service.ts';
import { transactionExecutionService } from './transaction-service.ts';

/**
 * A method's handler: the answer of a unary method; every frame of a server-streaming one at
 * once (an array), or a live stream (an async iterable, ended when `signal` aborts: the client
 * went away).
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers of every request and response type
type Handler = (request: any, signal: AbortSignal) => Promise<object> | AsyncIterable<object>;

function isLive(response: object): response is AsyncIterable<object> {
  return Symbol.asyncIterator in response;
}

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

function answer(
  c: Context,
  format: WireFormat,
  messages: readonly Uint8Array[],
  status: GrpcStatus = GrpcStatus.OK,
  message = '',
): Response {
  return c.body(encodedBody(responseBody(messages, status, message), format), 200, { 'content-type': CONTENT_TYPES[format] });
}

/** Ends a stream that may have been cancelled by its reader already. */
function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // cancelled by the reader: nothing left to end
  }
}

/**
 * A streaming answer: each frame of `frames` as it comes, then the trailers (OK when the stream
 * ends, the error's status when it fails). The client going away cancels the stream and aborts `stop`.
 */
function live(
  c: Context,
  format: WireFormat,
  frames: AsyncIterable<object>,
  encode: (frame: object) => Uint8Array,
  stop: AbortController,
  logger: Logger,
): Response {
  const iterator = frames[Symbol.asyncIterator]();
  const wire = (bytes: Uint8Array) => encodedBody(bytes as Uint8Array<ArrayBuffer>, format);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        // The client went away while the next frame was awaited. Over a socket the stream is
        // cancelled already; in process (app.fetch) only the request's signal says so, and the
        // reader must see the end.
        if (stop.signal.aborted) {
          closeQuietly(controller);
          return;
        }
        if (next.done === true) {
          controller.enqueue(wire(trailerFrame()));
          controller.close();
          return;
        }
        controller.enqueue(wire(dataFrame(encode(next.value))));
      } catch (error) {
        if (stop.signal.aborted) {
          closeQuietly(controller);
          return;
        }
        const known = grpcStatusOf(error);
        if (known === null) logger.error('gRPC stream failed', { error, stack: (error as Error).stack });
        controller.enqueue(wire(trailerFrame(known?.status ?? GrpcStatus.INTERNAL, known?.message ?? 'internal error of the local chain')));
        controller.close();
      }
    },
    cancel() {
      stop.abort();
      void iterator.return?.();
    },
  });
  return c.body(body, 200, { 'content-type': CONTENT_TYPES[format] });
}

/** Adds a route per method of the sui.rpc.v2 services to `app`. */
export function mountSuiGrpc(app: Hono, ledger: LocalLedger, logger: Logger): void {
  const handlers: Record<string, Record<string, Handler>> = {
    [GrpcTypes.LedgerService.typeName]: ledgerService(ledger),
    [GrpcTypes.StateService.typeName]: stateService(ledger),
    [GrpcTypes.TransactionExecutionService.typeName]: transactionExecutionService(ledger, logger),
    [GrpcTypes.SubscriptionService.typeName]: subscriptionService(ledger),
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
          const stop = new AbortController();
          c.req.raw.signal.addEventListener('abort', () => stop.abort(), { once: true });
          const response = await handler(request, stop.signal);
          if (isLive(response)) return live(c, format, response, (frame) => method.O.toBinary(frame as never), stop, logger);
          const frames = method.serverStreaming ? (response as object[]) : [response];
          return answer(
            c,
            format,
            frames.map((frame) => method.O.toBinary(frame as never)),
          );
        } catch (error) {
          const known = grpcStatusOf(error);
          if (known !== null) return answer(c, format, [], known.status, known.message);
          logger.error('gRPC request failed', { method: `${service.typeName}/${method.name}`, error, stack: (error as Error).stack });
          return answer(c, format, [], GrpcStatus.INTERNAL, 'internal error of the local chain');
        }
      });
    }
  }
}

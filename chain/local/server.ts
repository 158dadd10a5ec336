/**
 * The local chain's HTTP API (hono), so that separate processes (validators, relayer, indexer,
 * CLI) share one chain. `LocalChainHttpClient` is the other end and implements `Chain`.
 *
 * | method | path | body / query | answer |
 * |---|---|---|---|
 * | GET | `/health` | | `{ ok, checkpoint }` |
 * | GET | `/v1/deployment` | | package and coordinator ids |
 * | GET | `/v1/gas-price` | | `{ referenceGasPrice }` |
 * | POST | `/v1/transactions` | `{ transaction: base64, signatures: string[] }` | transaction result |
 * | POST | `/v1/transactions/simulate` | `{ transaction: base64 }` (unsigned) | what it would do and pay, nothing recorded |
 * | GET | `/v1/events` | `after`, `limit` | event page |
 * | GET | `/v1/events/wait` | `after`, `timeoutMs` (≤ 20,000) | `{ ready }`: answered once an event after `after` is recorded, or `false` at the timeout (a long poll) |
 * | GET | `/v1/objects/:id` | | object, or 404 |
 * | GET | `/v1/owned/:address` | `type`, `cursor`, `limit` | owned objects page |
 * | POST | `/v1/faucet` | `{ address, amount? }` (MIST, decimal string) | `{ digest, coin }` |
 *
 * And Sui's full-node gRPC API as gRPC-web, `POST /sui.rpc.v2.<Service>/<Method>`
 * (`grpc/router.ts`: what is served so far; the rest answers UNIMPLEMENTED), so that
 * `SuiGrpcClient` and `chain/sui` read this chain as they read a Sui full node.
 *
 * Every failure of the routes above is JSON `{ error: { code, message, details } }` with a stable code from
 * `chain/errors.ts`: 400 for a refused transaction or a malformed request, 404 for a missing
 * object, 413 for an oversized body, 500 only for a fault of the server itself (logged with its
 * cause, as JSON lines on stderr like every service).
 * @module
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createLogger, type Logger } from '../../runtime/log.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { netGasCost } from '../chain.ts';
import { ChainError, ChainErrorCodes } from '../errors.ts';
import {
  array,
  bytes,
  deploymentToJson,
  eventPageToJson,
  field,
  type Json,
  objectToJson,
  ownedPageToJson,
  simulatedTransactionToJson,
  str,
  transactionResultToJson,
} from '../wire.ts';
import { mountSuiGrpc } from './grpc/router.ts';
import type { LocalLedger } from './ledger.ts';

const MAX_BODY_BYTES = 512 * 1024;

class BadRequest extends ChainError {}

function badRequest(message: string): never {
  throw new BadRequest(ChainErrorCodes.INVALID_REQUEST, message);
}

function errorBody(code: string, message: string, details: Record<string, unknown> = {}): Json {
  return { error: { code, message, details } };
}

function statusOf(error: ChainError): 400 | 404 | 500 {
  if (error.code === ChainErrorCodes.NOT_FOUND) return 404;
  if (error.code === ChainErrorCodes.STORE_INVALID || error.code === ChainErrorCodes.INTERNAL) return 500;
  return 400;
}

async function jsonBody(c: Context): Promise<Json> {
  try {
    return await c.req.json();
  } catch {
    return badRequest('the body is not JSON');
  }
}

function limitParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(value)) badRequest('limit must be a positive integer');
  return Number(value);
}

function timeoutParam(value: string | undefined): number {
  if (value === undefined || !/^(0|[1-9][0-9]{0,5})$/.test(value)) badRequest('timeoutMs must be a non-negative integer');
  return Number(value);
}

/** Transactions slower than this are logged (the chain executes one at a time). */
const SLOW_TRANSACTION_MS = 1000;

/** The hono app serving `ledger`; `logger` gets the faults of the server (500s) and slow transactions. */
export function localChainApp(ledger: LocalLedger, logger: Logger = createLogger('chain')): Hono {
  const app = new Hono();
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The rest of the body is never read, so the connection cannot be reused.
      onError: (c) =>
        c.json(errorBody(ChainErrorCodes.TX_TOO_LARGE, `request body above ${MAX_BODY_BYTES} bytes`), 413, { Connection: 'close' }),
    }),
  );
  app.onError((error, c) => {
    const status = error instanceof ChainError ? statusOf(error) : 500;
    // A 500 is a fault of the chain itself: its cause goes to the log, not to the client.
    if (status === 500) logger.error('request failed', { method: c.req.method, path: c.req.path, error, stack: (error as Error).stack });
    if (error instanceof ChainError) return c.json(errorBody(error.code, error.message, error.details as Record<string, unknown>), status);
    return c.json(errorBody(ChainErrorCodes.INTERNAL, 'internal error of the local chain'), 500);
  });
  app.notFound((c) => c.json(errorBody(ChainErrorCodes.INVALID_REQUEST, `no route ${c.req.method} ${c.req.path}`), 404));

  app.get('/health', (c) => c.json({ ok: true, checkpoint: ledger.latestCheckpoint().toString() }));
  mountSuiGrpc(app, ledger, logger);
  app.get('/v1/deployment', async (c) => c.json(deploymentToJson(await ledger.deployment())));
  app.get('/v1/gas-price', async (c) => c.json({ referenceGasPrice: (await ledger.getReferenceGasPrice()).toString() }));

  app.post('/v1/transactions', async (c) => {
    const body = await jsonBody(c);
    const transaction = bytes(field(body, 'transaction', badRequest), 'transaction', badRequest);
    const signatures = array(body.signatures, 'signatures', badRequest).map((s, i) => str(s, `signatures[${i}]`, badRequest));
    const started = Date.now();
    const result = await ledger.executeTransaction({ bytes: transaction, signatures });
    const ms = Date.now() - started;
    const fields = {
      digest: result.digest,
      success: result.status.success,
      gasUsed: netGasCost(result.gasUsed),
      bytes: transaction.length,
      ms,
    };
    if (ms > SLOW_TRANSACTION_MS) logger.warn('slow transaction', fields);
    else logger.debug('transaction executed', fields);
    return c.json(transactionResultToJson(result));
  });

  app.post('/v1/transactions/simulate', async (c) => {
    const body = await jsonBody(c);
    const transaction = bytes(field(body, 'transaction', badRequest), 'transaction', badRequest);
    return c.json(simulatedTransactionToJson(await ledger.simulateTransaction(transaction)));
  });

  app.get('/v1/events', async (c) => {
    const page = await ledger.listEvents({ after: c.req.query('after') ?? null, limit: limitParam(c.req.query('limit')) });
    return c.json(eventPageToJson(page));
  });

  // A long poll: the request is held until the ledger records an event after the cursor (or the
  // timeout), so a follower learns of a new event when it commits instead of at its next poll. A
  // client that goes away ends its wait (the request's abort signal).
  app.get('/v1/events/wait', async (c) => {
    const timeoutMs = timeoutParam(c.req.query('timeoutMs'));
    const ready = await ledger.waitForEvents(c.req.query('after') ?? null, timeoutMs, c.req.raw.signal);
    return c.json({ ready });
  });

  app.get('/v1/objects/:id', async (c) => {
    const object = await ledger.getObject(c.req.param('id'));
    if (!object) return c.json(errorBody(ChainErrorCodes.NOT_FOUND, `object ${c.req.param('id')} does not exist`), 404);
    return c.json(objectToJson(object));
  });

  app.get('/v1/owned/:address', async (c) => {
    const page = await ledger.listOwnedObjects(c.req.param('address'), {
      type: c.req.query('type'),
      cursor: c.req.query('cursor') ?? null,
      limit: limitParam(c.req.query('limit')),
    });
    return c.json(ownedPageToJson(page));
  });

  app.post('/v1/faucet', async (c) => {
    const body = await jsonBody(c);
    const address = str(field(body, 'address', badRequest), 'address', badRequest);
    let amount: bigint | undefined;
    if (body.amount !== undefined) {
      const text = str(body.amount, 'amount', badRequest);
      if (!/^[1-9][0-9]{0,24}$/.test(text)) badRequest('amount must be a positive decimal string');
      amount = BigInt(text);
    }
    const { digest, coin } = await ledger.faucet(address, amount);
    return c.json({ digest, coin: objectToJson(coin) });
  });
  return app;
}

export type RunningServer = RunningHttp;

/** Serves `ledger` on `hostname:port` (port 0 picks a free one). */
export function startLocalChainServer(
  ledger: LocalLedger,
  options: { port?: number; hostname?: string; logger?: Logger } = {},
): Promise<RunningServer> {
  return serveHono(localChainApp(ledger, options.logger), options.hostname ?? '127.0.0.1', options.port ?? 0);
}

/**
 * The local chain's HTTP server (hono): Sui's full-node gRPC API as gRPC-web,
 * `POST /sui.rpc.v2.<Service>/<Method>` (`grpc/router.ts`: what is served; the rest answers
 * UNIMPLEMENTED), through which every process reads and writes the chain with `chain/sui`
 * exactly as it would a Sui full node; and a side door for what a full node does not do
 * (`admin-client.ts` is its client):
 *
 * | method | path | body | answer |
 * |---|---|---|---|
 * | GET | `/health` | | `{ ok, checkpoint }` |
 * | GET | `/v1/deployment` | | the package and coordinator ids this chain runs (fixed at genesis) |
 * | POST | `/v1/upgrade` | | publishes a new version of the package (`LocalLedger.upgradePackage`): the new deployment |
 * | POST | `/v1/faucet` | `{ address, amount? }` (MIST, decimal string) | `{ digest, coin }` |
 * | POST | `/v2/gas` | `{ FixedAmountRequest: { recipient } }` | Sui's faucet API (`requestSuiFromFaucetV2` of `@mysten/sui/faucet`): `{ status: "Success", coins_sent: [{ amount, id, transferTxDigest }] }`, or `{ status: { Failure: { internal } } }` |
 *
 * Every route answers browsers of any origin as a Sui full node does (`runtime/cors.ts`): CORS
 * preflights, the gRPC-web request headers, `grpc-status`/`grpc-message` readable.
 *
 * Every failure of the side door's routes but `/v2/gas` is JSON `{ error: { code, message, details } }` with a stable code from
 * `chain/errors.ts`: 400 for a refused transaction or a malformed request, 404 for a missing
 * object, 413 for an oversized body, 500 only for a fault of the server itself (logged with its
 * cause, as JSON lines on stderr like every service).
 * @module
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { allowAnyOrigin, GRPC_WEB_CORS } from '../../runtime/cors.ts';
import { createLogger, type Logger } from '../../runtime/log.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { ChainError, ChainErrorCodes } from '../errors.ts';
import { coinBalance } from '../transaction-signer.ts';
import { deploymentToJson, field, type Json, objectToJson, str } from '../wire.ts';
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

/** The hono app serving `ledger`; `logger` gets the faults of the server (500s) and slow transactions. */
export function localChainApp(ledger: LocalLedger, logger: Logger = createLogger('chain')): Hono {
  const app = new Hono();
  // A page reads the chain as it reads a Sui full node, from its own origin (runtime/cors.ts).
  allowAnyOrigin(app, GRPC_WEB_CORS);
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

  app.post('/v1/upgrade', async (c) => c.json(deploymentToJson(await ledger.upgradePackage())));

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

  // Sui's faucet protocol (sui/crates/sui-faucet: `POST /v2/gas`), so that a client funds an
  // address here as it would on a Sui localnet, devnet or testnet. The amount is the faucet's
  // fixed one.
  app.post('/v2/gas', async (c) => {
    const failure = (message: string, status: 400 | 500 = 400) =>
      c.json({ status: { Failure: { internal: message } }, coins_sent: null }, status);
    let body: Json;
    try {
      body = await c.req.json();
    } catch {
      return failure('the body is not JSON');
    }
    const recipient = body?.FixedAmountRequest?.recipient;
    if (typeof recipient !== 'string') return failure('the body must be { "FixedAmountRequest": { "recipient": "0x…" } }');
    try {
      const { digest, coin } = await ledger.faucet(recipient);
      return c.json({
        status: 'Success',
        coins_sent: [{ amount: Number(coinBalance(coin.bcs)), id: coin.objectId, transferTxDigest: digest }],
      });
    } catch (error) {
      if (error instanceof ChainError && statusOf(error) !== 500) return failure(error.message);
      throw error;
    }
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

/**
 * The relayer's HTTP API (hono):
 *
 * | method | path | body | answer |
 * |---|---|---|---|
 * | POST | `/v1/signatures` | JSON share (intake.ts) | 202 `{ status: stored, weight, threshold }`, 200 `{ status: duplicate \| already-on-chain }`, 4xx `{ error }` |
 * | GET | `/v1/submissions` | | what this relayer did per sequence |
 * | GET | `/health` | | `{ ok, address, nextSequence }` |
 * | GET | `/metrics` | | Prometheus text |
 *
 * Refusals: 400 RELAYER_BAD_REQUEST / RELAYER_BATCH_INVALID, 401 RELAYER_BAD_SIGNATURE, 403
 * RELAYER_UNKNOWN_SIGNER, 409 RELAYER_WRONG_EPOCH / RELAYER_SEQUENCE_AHEAD, 413 for a body above
 * the limit. While the chain is unreachable a share cannot be checked: 503 DEPENDENCY_UNAVAILABLE
 * with `Retry-After` (the validator sends it again; nothing about the share was wrong).
 * @module
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isTransientChainError } from '../chain/retry.ts';
import { errorBody, HttpError, installServiceRoutes } from '../runtime/http.ts';
import type { Logger } from '../runtime/log.ts';
import type { MetricsRegistry } from '../runtime/metrics.ts';
import { IntakeError, RelayerErrorCodes } from './errors.ts';
import type { SignatureIntake } from './intake.ts';
import type { RelayerStore } from './store/database.ts';

/** A batch is at most 96 KiB; base64 and the other fields stay well below this. */
export const MAX_BODY_BYTES = 256 * 1024;

export function relayerApp(options: {
  intake: SignatureIntake;
  store: RelayerStore;
  health: () => Promise<Record<string, unknown>>;
  logger: Logger;
  metrics: MetricsRegistry;
}): Hono {
  const app = new Hono();
  installServiceRoutes(app, {
    logger: options.logger,
    metrics: options.metrics,
    health: options.health,
    outage: (error) => (isTransientChainError(error) ? 'chain' : undefined),
  });
  app.post(
    '/v1/signatures',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody(new HttpError(413, 'RELAYER_BODY_TOO_LARGE', `a signature submission is at most ${MAX_BODY_BYTES} bytes`)), 413, {
          Connection: 'close',
        }),
    }),
    async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json(errorBody(new IntakeError(400, RelayerErrorCodes.RELAYER_BAD_REQUEST, 'the body is not JSON')), 400);
      }
      try {
        const result = await options.intake.receive(body);
        return c.json(result, result.status === 'stored' ? 202 : 200);
      } catch (error) {
        if (error instanceof IntakeError) return c.json(errorBody(error), error.status);
        throw error;
      }
    },
  );
  app.get('/v1/submissions', (c) => c.json({ submissions: options.store.submissions() }));
  return app;
}

/**
 * The relayer's HTTP API (hono):
 *
 * | method | path | body | answer |
 * |---|---|---|---|
 * | POST | `/v1/signatures` | JSON share (intake.ts) | 202 `{ status: stored, weight, threshold }`, 200 `{ status: duplicate \| already-on-chain }`, 4xx `{ error }` |
 * | GET | `/v1/submissions?limit=&cursor=` | | `{ submissions, nextCursor }`: what this relayer did per sequence, newest first, `limit` 1–100 (default 50), `cursor` = the previous page's `nextCursor`; records older than `submissionsKept` sequences are pruned |
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

export const MAX_SUBMISSIONS_PAGE = 100;
export const DEFAULT_SUBMISSIONS_PAGE = 50;

function badQuery(message: string): never {
  throw new HttpError(400, RelayerErrorCodes.RELAYER_BAD_REQUEST, message);
}

/** `limit` (1–100, default 50) and `cursor` (the previous page's `nextCursor`: list below that sequence). */
function submissionPage(query: Record<string, string>): { limit: number; before: number | undefined } {
  for (const key of Object.keys(query))
    if (key !== 'limit' && key !== 'cursor') badQuery(`unknown query parameter ${key} (known: limit, cursor)`);
  let limit = DEFAULT_SUBMISSIONS_PAGE;
  if (query.limit !== undefined) {
    limit = /^[1-9][0-9]{0,2}$/.test(query.limit) ? Number(query.limit) : 0;
    if (limit < 1 || limit > MAX_SUBMISSIONS_PAGE) badQuery(`limit must be an integer from 1 to ${MAX_SUBMISSIONS_PAGE}`);
  }
  let before: number | undefined;
  if (query.cursor !== undefined) {
    if (!/^(0|[1-9][0-9]{0,14})$/.test(query.cursor)) badQuery('cursor must be the nextCursor of a previous page (a sequence number)');
    before = Number(query.cursor);
  }
  return { limit, before };
}

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
  app.get('/v1/submissions', (c) => {
    const { limit, before } = submissionPage(c.req.query());
    const submissions = options.store.submissions({ limit: limit + 1, before });
    const page = submissions.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({ submissions: page, nextCursor: submissions.length > limit && last !== undefined ? String(last.sequence) : null });
  });
  return app;
}

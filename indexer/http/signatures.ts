/**
 * GET /v1/signatures?dwallet=&limit=&cursor=: sign requests newest first (request time, then id),
 * `limit` at a time, `cursor` the previous page's `nextCursor`; GET /v1/signatures/:signId: a sign
 * request, its signature once completed, or its rejection.
 * @module
 */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { limitParam, listCursorParam, objectIdParam, onlyKnownQuery } from './params.ts';

export function signatureRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/signatures', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['dwallet', 'limit', 'cursor']);
    return c.json(
      await indexer.queries.signatures({
        dwalletId: query.dwallet === undefined ? undefined : objectIdParam('dwallet', query.dwallet),
        limit: limitParam(query.limit),
        cursor: listCursorParam(query.cursor),
      }),
    );
  });
  app.get('/v1/signatures/:signId', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const signId = objectIdParam('signId', c.req.param('signId'));
    const signature = await indexer.queries.signature(signId);
    if (signature === undefined) throw new NotFoundError('signature', signId);
    return c.json(signature);
  });
}

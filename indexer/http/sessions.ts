/**
 * GET /v1/sessions?dwallet=&kind=&status=&limit=&cursor=: sessions newest first (request time,
 * then id), `limit` at a time, `cursor` the previous page's `nextCursor`; GET /v1/sessions/:sessionId
 * (64 hex digits, `0x` optional): a request and its outcome.
 * @module
 */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { kindParam, limitParam, listCursorParam, objectIdParam, onlyKnownQuery, sessionIdParam, statusParam } from './params.ts';

export function sessionRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/sessions', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['dwallet', 'kind', 'status', 'limit', 'cursor']);
    return c.json(
      await indexer.queries.sessions({
        dwalletId: query.dwallet === undefined ? undefined : objectIdParam('dwallet', query.dwallet),
        kind: kindParam(query.kind),
        status: statusParam(query.status),
        limit: limitParam(query.limit),
        cursor: listCursorParam(query.cursor),
      }),
    );
  });
  app.get('/v1/sessions/:sessionId', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const sessionId = sessionIdParam('sessionId', c.req.param('sessionId'));
    const session = await indexer.queries.session(sessionId);
    if (session === undefined) throw new NotFoundError('session', `0x${sessionId}`);
    return c.json(session);
  });
}

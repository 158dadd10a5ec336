/** GET /v1/sessions/:sessionId (64 hex digits, `0x` optional): a request and its outcome. */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { onlyKnownQuery, sessionIdParam } from './params.ts';

export function sessionRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/sessions/:sessionId', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const sessionId = sessionIdParam('sessionId', c.req.param('sessionId'));
    const session = await indexer.queries.session(sessionId);
    if (session === undefined) throw new NotFoundError('session', `0x${sessionId}`);
    return c.json(session);
  });
}

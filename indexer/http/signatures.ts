/** GET /v1/signatures/:signId: a sign request, its signature once completed, or its rejection. */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { objectIdParam, onlyKnownQuery } from './params.ts';

export function signatureRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/signatures/:signId', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const signId = objectIdParam('signId', c.req.param('signId'));
    const signature = await indexer.queries.signature(signId);
    if (signature === undefined) throw new NotFoundError('signature', signId);
    return c.json(signature);
  });
}

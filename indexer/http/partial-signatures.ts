/** GET /v1/partial-signatures/:id: a future sign's partial user signature and its verification. */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { objectIdParam, onlyKnownQuery } from './params.ts';

export function partialSignatureRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/partial-signatures/:id', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const id = objectIdParam('id', c.req.param('id'));
    const partial = await indexer.queries.partialSignature(id);
    if (partial === undefined) throw new NotFoundError('partial signature', id);
    return c.json(partial);
  });
}

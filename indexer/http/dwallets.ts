/** GET /v1/dwallets/:id and GET /v1/dwallets?owner=&limit=&cursor= (pages in id order). */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { limitParam, objectIdParam, onlyKnownQuery } from './params.ts';

export function dwalletRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/dwallets', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['owner', 'limit', 'cursor']);
    return c.json(
      await indexer.queries.dwallets({
        owner: query.owner === undefined ? undefined : objectIdParam('owner', query.owner),
        limit: limitParam(query.limit),
        cursor: query.cursor === undefined ? undefined : objectIdParam('cursor', query.cursor),
      }),
    );
  });
  app.get('/v1/dwallets/:id', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const id = objectIdParam('id', c.req.param('id'));
    const dwallet = await indexer.queries.dwallet(id);
    if (dwallet === undefined) throw new NotFoundError('dWallet', id);
    return c.json(dwallet);
  });
}

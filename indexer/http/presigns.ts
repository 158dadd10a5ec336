/**
 * GET /v1/presigns/pool (per network key, curve and signature algorithm: completed universal
 * presigns not yet claimed, and requested ones not yet completed; `?algorithm=ecdsa|taproot|eddsa`
 * keeps one algorithm's pools) and GET /v1/presigns/:presignId.
 * @module
 */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { algorithmParam, objectIdParam, onlyKnownQuery } from './params.ts';

export function presignRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/presigns/pool', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['algorithm']);
    const algorithm = algorithmParam(query.algorithm);
    return c.json({ pools: await indexer.queries.pools(algorithm === undefined ? {} : { algorithm }) });
  });
  app.get('/v1/presigns/:presignId', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const id = objectIdParam('presignId', c.req.param('presignId'));
    const presign = await indexer.queries.presign(id);
    if (presign === undefined) throw new NotFoundError('presign', id);
    return c.json(presign);
  });
}

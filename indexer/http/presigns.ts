/**
 * GET /v1/presigns/pool (per network key and curve: completed universal presigns not yet claimed,
 * and requested ones not yet completed) and GET /v1/presigns/:presignId.
 * @module
 */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { objectIdParam, onlyKnownQuery } from './params.ts';

export function presignRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/presigns/pool', (c) => {
    onlyKnownQuery(c.req.query(), []);
    return c.json({ pools: indexer.queries.pools() });
  });
  app.get('/v1/presigns/:presignId', (c) => {
    onlyKnownQuery(c.req.query(), []);
    const id = objectIdParam('presignId', c.req.param('presignId'));
    const presign = indexer.queries.presign(id);
    if (presign === undefined) throw new NotFoundError('presign', id);
    return c.json(presign);
  });
}

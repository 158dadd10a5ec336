/**
 * GET /v1/encryption-keys/:owner: the user encryption keys an address registered, one per curve
 * (any state: pending, active, rejected), by curve — `{ encryptionKeys }`, empty when it has none.
 * @module
 */
import type { Hono } from 'hono';
import type { Indexer } from '../indexer.ts';
import { objectIdParam, onlyKnownQuery } from './params.ts';

export function encryptionKeyRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/encryption-keys/:owner', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const owner = objectIdParam('owner', c.req.param('owner'));
    return c.json({ encryptionKeys: await indexer.queries.encryptionKeys(owner) });
  });
}

/**
 * Encrypted user shares (backups and transfers), newest first (request time, then id), `limit` at
 * a time, `cursor` the previous page's `nextCursor`:
 *   GET /v1/encrypted-shares?owner=&state=&limit=&cursor=   `owner`: whose key encrypts them
 *   GET /v1/dwallets/:id/encrypted-shares?state=&limit=&cursor=   a dWallet's (404 for a dWallet not indexed)
 *   GET /v1/encrypted-shares/:id                            one, with its rejection
 * @module
 */
import type { Hono } from 'hono';
import { NotFoundError } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { encryptedShareStateParam, limitParam, listCursorParam, objectIdParam, onlyKnownQuery } from './params.ts';

export function encryptedShareRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/encrypted-shares', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['owner', 'state', 'limit', 'cursor']);
    return c.json(
      await indexer.queries.encryptedShares({
        owner: query.owner === undefined ? undefined : objectIdParam('owner', query.owner),
        state: encryptedShareStateParam(query.state),
        limit: limitParam(query.limit),
        cursor: listCursorParam(query.cursor),
      }),
    );
  });
  app.get('/v1/encrypted-shares/:id', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const id = objectIdParam('id', c.req.param('id'));
    const share = await indexer.queries.encryptedShare(id);
    if (share === undefined) throw new NotFoundError('encrypted share', id);
    return c.json(share);
  });
  app.get('/v1/dwallets/:id/encrypted-shares', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['state', 'limit', 'cursor']);
    const dwalletId = objectIdParam('id', c.req.param('id'));
    const filter = { state: encryptedShareStateParam(query.state), limit: limitParam(query.limit), cursor: listCursorParam(query.cursor) };
    if ((await indexer.queries.dwallet(dwalletId)) === undefined) throw new NotFoundError('dWallet', dwalletId);
    return c.json(await indexer.queries.encryptedShares({ dwalletId, ...filter }));
  });
}

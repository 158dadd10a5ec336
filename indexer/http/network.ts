/** GET /v1/network: the deployment, the current committee and the registered network keys. */
import type { Hono } from 'hono';
import type { Indexer } from '../indexer.ts';
import { onlyKnownQuery } from './params.ts';

export function networkRoutes(app: Hono, indexer: Indexer): void {
  app.get('/v1/network', async (c) => {
    onlyKnownQuery(c.req.query(), []);
    const committee = await indexer.queries.committee();
    return c.json({
      packageId: indexer.deployment.packageId,
      coordinatorId: indexer.deployment.coordinatorId,
      epoch: committee?.epoch ?? '0',
      committee,
      networkKeys: await indexer.queries.networkKeys(),
    });
  });
}

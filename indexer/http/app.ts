/**
 * The indexer's HTTP API (hono): `/health`, `/metrics` and the `/v1` routes, one file per
 * resource, and the explorer page at `/` (explorer.ts). Every answer is JSON (the stream is SSE); errors are `{ error: { code, message,
 * details } }` with 400 for malformed parameters, 404 for objects not indexed (errors.ts), and 503
 * while the database cannot be reached. Any origin may read it (CORS, `runtime/cors.ts`).
 * @module
 */
import { Hono } from 'hono';
import { allowAnyOrigin, READ_API_CORS } from '../../runtime/cors.ts';
import { installServiceRoutes } from '../../runtime/http.ts';
import type { Logger } from '../../runtime/log.ts';
import { isStoreUnreachable } from '../errors.ts';
import type { Indexer } from '../indexer.ts';
import { dwalletRoutes } from './dwallets.ts';
import { encryptedShareRoutes } from './encrypted-shares.ts';
import { encryptionKeyRoutes } from './encryption-keys.ts';
import { explorerRoutes } from './explorer.ts';
import { networkRoutes } from './network.ts';
import { partialSignatureRoutes } from './partial-signatures.ts';
import { presignRoutes } from './presigns.ts';
import { sessionRoutes } from './sessions.ts';
import { signatureRoutes } from './signatures.ts';
import { streamRoutes } from './stream.ts';

export interface IndexerAppOptions {
  readonly indexer: Indexer;
  readonly logger: Logger;
  /** Interval of the stream's heartbeat comments (15 s). */
  readonly heartbeatMs?: number;
}

export function indexerApp(options: IndexerAppOptions): Hono {
  const { indexer } = options;
  const app = new Hono();
  // dApps' pages read the API from their own origins; it holds nothing per user (runtime/cors.ts).
  allowAnyOrigin(app, READ_API_CORS);
  installServiceRoutes(app, {
    logger: options.logger,
    metrics: indexer.metrics.registry,
    health: async () => {
      const status = await indexer.status();
      return {
        role: status.role,
        cursor: status.cursor,
        caughtUp: status.caughtUp,
        lastEventAt: status.lastEventAt,
        eventsIndexed: status.eventsIndexed,
      };
    },
    outage: (error) => (isStoreUnreachable(error) ? 'database' : undefined),
  });
  explorerRoutes(app);
  networkRoutes(app, indexer);
  dwalletRoutes(app, indexer);
  sessionRoutes(app, indexer);
  signatureRoutes(app, indexer);
  partialSignatureRoutes(app, indexer);
  presignRoutes(app, indexer);
  encryptionKeyRoutes(app, indexer);
  encryptedShareRoutes(app, indexer);
  streamRoutes(app, indexer, options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs });
  return app;
}

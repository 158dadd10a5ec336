/**
 * The indexer's HTTP API (hono): `/health`, `/metrics` and the `/v1` routes, one file per
 * resource. Every answer is JSON (the stream is SSE); errors are `{ error: { code, message,
 * details } }` with 400 for malformed parameters and 404 for objects not indexed (errors.ts).
 * @module
 */
import { Hono } from 'hono';
import { installServiceRoutes } from '../../runtime/http.ts';
import type { Logger } from '../../runtime/log.ts';
import type { Indexer } from '../indexer.ts';
import { dwalletRoutes } from './dwallets.ts';
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
  installServiceRoutes(app, {
    logger: options.logger,
    metrics: indexer.metrics.registry,
    health: () => {
      const status = indexer.status();
      return { cursor: status.cursor, caughtUp: status.caughtUp, lastEventAt: status.lastEventAt, eventsIndexed: status.eventsIndexed };
    },
  });
  networkRoutes(app, indexer);
  dwalletRoutes(app, indexer);
  sessionRoutes(app, indexer);
  signatureRoutes(app, indexer);
  partialSignatureRoutes(app, indexer);
  presignRoutes(app, indexer);
  streamRoutes(app, indexer, options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs });
  return app;
}

/**
 * The indexer service: a chain client, the indexer over its own SQLite file or a PostgreSQL
 * database, the follower loop and the HTTP API. Waits for the chain and the database to answer at
 * start (processes of a devnet start together; a database server may come up after the indexer):
 * an unreachable PostgreSQL server is logged with its address and reason, and retried with
 * backoff. `stop` ends the loop, closes the server (and open streams), then the database.
 * @module
 */
import { chainDescriptionOf } from '../chain/config.ts';
import { openChain, waitForChain } from '../chain/connect.ts';
import { sleep } from '../chain/retry.ts';
import { createLogger, type Logger, type LogLevel } from '../runtime/log.ts';
import { serveHono } from '../runtime/serve.ts';
import type { IndexerConfig } from './config.ts';
import { isStoreUnreachable } from './errors.ts';
import { indexerApp } from './http/app.ts';
import { Indexer } from './indexer.ts';

export interface IndexerService {
  readonly url: string;
  readonly indexer: Indexer;
  stop(): Promise<void>;
}

export async function startIndexerService(
  config: IndexerConfig,
  options: { logger?: Logger; heartbeatMs?: number; connectTimeoutMs?: number } = {},
): Promise<IndexerService> {
  const logger = options.logger ?? createLogger('indexer', { level: config.logLevel as LogLevel });
  const chain = openChain(chainDescriptionOf(config));
  await waitForChain(chain, {
    ...(options.connectTimeoutMs === undefined ? {} : { timeoutMs: options.connectTimeoutMs }),
    onWaiting: (error) => logger.warn('chain not reachable yet; retrying', { error }),
  });
  const indexer = await openRetrying(
    () =>
      Indexer.open({
        chain,
        database: config.database,
        readOnly: config.readOnly,
        pollIntervalMs: config.pollIntervalMs,
        pageSize: config.pageSize,
        logger,
      }),
    logger,
  );
  const http = await serveHono(
    indexerApp({ indexer, logger, heartbeatMs: options.heartbeatMs ?? config.streamHeartbeatMs }),
    config.host,
    config.port,
  );
  const controller = new AbortController();
  const loop = indexer.run(controller.signal);
  logger.info('indexer started', { url: http.url, packageId: indexer.packageId, role: (await indexer.status()).role });
  return {
    url: http.url,
    indexer,
    stop: async () => {
      controller.abort();
      await loop;
      await http.close();
      await indexer.close();
    },
  };
}

/** The longest wait between two attempts to reach the database. */
const MAX_OPEN_BACKOFF_MS = 30_000;

/** Opens the indexer, retrying with a growing backoff while its database server is unreachable. */
async function openRetrying(open: () => Promise<Indexer>, logger: Logger): Promise<Indexer> {
  for (let backoff = 500; ; backoff = Math.min(backoff * 2, MAX_OPEN_BACKOFF_MS)) {
    try {
      return await open();
    } catch (error) {
      if (!isStoreUnreachable(error)) throw error;
      logger.warn('database not reachable yet; retrying', { error, retryInMs: backoff });
      await sleep(backoff);
    }
  }
}

/**
 * The indexer service: a chain client, the indexer over its own SQLite file, the follower loop
 * and the HTTP API. Waits for the chain to answer at start (processes of a devnet start
 * together); `stop` ends the loop, closes the server (and open streams), then the database.
 * @module
 */
import { chainDescriptionOf } from '../chain/config.ts';
import { openChain, waitForChain } from '../chain/connect.ts';
import { createLogger, type Logger, type LogLevel } from '../runtime/log.ts';
import { serveHono } from '../runtime/serve.ts';
import type { IndexerConfig } from './config.ts';
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
  const indexer = await Indexer.open({
    chain,
    database: config.database,
    pollIntervalMs: config.pollIntervalMs,
    pageSize: config.pageSize,
    logger,
  });
  const http = await serveHono(
    indexerApp({ indexer, logger, heartbeatMs: options.heartbeatMs ?? config.streamHeartbeatMs }),
    config.host,
    config.port,
  );
  const controller = new AbortController();
  const loop = indexer.run(controller.signal);
  logger.info('indexer started', { url: http.url, packageId: indexer.packageId });
  return {
    url: http.url,
    indexer,
    stop: async () => {
      controller.abort();
      await loop;
      await http.close();
      indexer.close();
    },
  };
}

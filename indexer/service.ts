/**
 * The indexer service: a chain client, the indexer over its own SQLite file, the follower loop
 * and the HTTP API. Waits for the chain to answer at start (processes of a devnet start
 * together); `stop` ends the loop, closes the server (and open streams), then the database.
 * @module
 */
import { LocalChainHttpClient } from '../chain/local/http-client.ts';
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
  options: { logger?: Logger; heartbeatMs?: number; connectAttempts?: number } = {},
): Promise<IndexerService> {
  const logger = options.logger ?? createLogger('indexer', { level: config.logLevel as LogLevel });
  const chain = new LocalChainHttpClient(config.chainUrl);
  const attempts = options.connectAttempts ?? 60;
  for (let attempt = 1; ; attempt++) {
    try {
      await chain.deployment();
      break;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const indexer = await Indexer.open({
    chain,
    database: config.database,
    pollIntervalMs: config.pollIntervalMs,
    pageSize: config.pageSize,
    logger,
  });
  const http = await serveHono(
    indexerApp({ indexer, logger, ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }) }),
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

/**
 * The indexer process: `tsx indexer/main.ts [--config <file>] [--chain-url <url>] [--database
 * <file>] [--host <h>] [--port <p>]` (fields of indexer/config.ts; DWALLET_INDEXER_* variables
 * override the file, flags override both). Prints `{ "url": … }` on stdout once serving, logs JSON
 * lines on stderr, stops gracefully on SIGINT/SIGTERM; bad arguments or configuration exit with 2.
 * @module
 */
import { parseArgs } from 'node:util';
import { DWalletError } from '../mpc/errors.ts';
import { createLogger, type LogLevel, parseLevel } from '../runtime/log.ts';
import { runService } from '../runtime/service.ts';
import { type IndexerConfig, loadIndexerConfig } from './config.ts';
import { startIndexerService } from './service.ts';

function usage(message: string): never {
  process.stderr.write(
    `indexer: ${message}\nusage: tsx indexer/main.ts [--config <file>] [--chain-url <url>] [--database <file>] [--host <host>] [--port <port>]\n`,
  );
  process.exit(2);
}

let values: { config?: string; 'chain-url'?: string; database?: string; host?: string; port?: string };
try {
  ({ values } = parseArgs({
    options: {
      config: { type: 'string' },
      'chain-url': { type: 'string' },
      database: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  usage((error as Error).message);
}
let config: IndexerConfig;
try {
  config = loadIndexerConfig({
    ...(values.config === undefined ? {} : { file: values.config }),
    overrides: {
      chainUrl: values['chain-url'],
      database: values.database,
      host: values.host,
      port: values.port === undefined ? undefined : /^[0-9]+$/.test(values.port) ? Number(values.port) : values.port,
    },
  });
} catch (error) {
  usage(error instanceof DWalletError ? error.message : String(error));
}
const logger = createLogger('indexer', { level: parseLevel(config.logLevel) ?? ('info' as LogLevel) });
await runService(logger, async () => {
  const service = await startIndexerService(config, { logger });
  process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
  return service;
});

/**
 * The indexer process: `tsx indexer/main.ts [--config <file>] [--chain-url <url>] [--package-id
 * <id>] [--coordinator-id <id>] [--database <file or postgres:// URL>] [--read-only] [--host <h>]
 * [--port <p>]` (fields of indexer/config.ts; DWALLET_INDEXER_* variables override the file, flags
 * override both). Prints `{ "url": … }` on stdout once serving, logs JSON lines on stderr, stops
 * gracefully on SIGINT/SIGTERM; bad arguments or configuration exit with 2.
 * @module
 */
import { serviceMain } from '../runtime/service-main.ts';
import { loadIndexerConfig } from './config.ts';
import { startIndexerService } from './service.ts';

await serviceMain({
  name: 'indexer',
  usage:
    'tsx indexer/main.ts [--config <file>] [--chain-url <url>] [--package-id <id>] [--coordinator-id <id>] [--database <file or postgres:// URL>] [--read-only] [--host <host>] [--port <port>]',
  options: ['config', 'chain-url', 'package-id', 'coordinator-id', 'database', 'host', 'port'],
  flags: ['read-only'],
  load: (values, flags) =>
    loadIndexerConfig({
      ...(values.config === undefined ? {} : { file: values.config }),
      overrides: {
        chainUrl: values['chain-url'],
        packageId: values['package-id'],
        coordinatorId: values['coordinator-id'],
        database: values.database,
        readOnly: flags.has('read-only') ? true : undefined,
        host: values.host,
        port: values.port === undefined ? undefined : /^[0-9]+$/.test(values.port) ? Number(values.port) : values.port,
      },
    }),
  start: (config, logger) => startIndexerService(config, { logger }),
  ready: (service) => ({ url: service.url }),
});

/**
 * The relayer process: `tsx relayer/main.ts --config <file>` (fields of relayer/config.ts;
 * DWALLET_RELAYER_* variables override them). Prints `{ "url": …, "address": … }` on stdout once
 * serving; stops gracefully on SIGINT/SIGTERM; bad arguments or configuration exit with status 2.
 * @module
 */
import { parseArgs } from 'node:util';
import { DWalletError } from '../mpc/errors.ts';
import { createLogger, type LogLevel, parseLevel } from '../runtime/log.ts';
import { runService } from '../runtime/service.ts';
import { loadRelayerConfig, type RelayerConfig } from './config.ts';
import { startRelayer } from './node.ts';

function usage(message: string): never {
  process.stderr.write(`relayer: ${message}\nusage: tsx relayer/main.ts --config <file>\n`);
  process.exit(2);
}

let configFile: string | undefined;
try {
  ({
    values: { config: configFile },
  } = parseArgs({ options: { config: { type: 'string' } }, strict: true }));
} catch (error) {
  usage((error as Error).message);
}
if (configFile === undefined) usage('--config is required');
let config: RelayerConfig;
try {
  config = loadRelayerConfig({ file: configFile });
} catch (error) {
  usage(error instanceof DWalletError ? error.message : String(error));
}
const logger = createLogger('relayer', { level: parseLevel(config.logLevel) ?? ('info' as LogLevel) });
await runService(logger, async () => {
  const node = await startRelayer(config, { logger });
  process.stdout.write(`${JSON.stringify({ url: node.url, address: node.address })}\n`);
  return node;
});

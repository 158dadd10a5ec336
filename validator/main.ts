/**
 * The validator process: `tsx validator/main.ts --config <file>` (the file holds the fields of
 * validator/config.ts; DWALLET_VALIDATOR_* variables override them). Logs JSON lines on stderr,
 * prints `{ "url": … , "party": … }` on stdout once serving, and stops gracefully on SIGINT/SIGTERM.
 * Bad arguments or configuration exit with status 2 and the list of problems.
 * @module
 */
import { parseArgs } from 'node:util';
import { DWalletError } from '../mpc/errors.ts';
import { createLogger, type LogLevel, parseLevel } from '../runtime/log.ts';
import { runService } from '../runtime/service.ts';
import { loadValidatorConfig, type ValidatorConfig } from './config.ts';
import { startValidator } from './node.ts';

function usage(message: string): never {
  process.stderr.write(`validator: ${message}\nusage: tsx validator/main.ts --config <file>\n`);
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
let config: ValidatorConfig;
try {
  config = loadValidatorConfig({ file: configFile });
} catch (error) {
  usage(error instanceof DWalletError ? error.message : String(error));
}
const logger = createLogger('validator', { level: parseLevel(config.logLevel) ?? ('info' as LogLevel) });
await runService(logger, async () => {
  const node = await startValidator(config, { logger });
  process.stdout.write(`${JSON.stringify({ url: node.url, party: node.party })}\n`);
  return node;
});

/**
 * The validator process: `tsx validator/main.ts --config <file>` (the file holds the fields of
 * validator/config.ts; DWALLET_VALIDATOR_* variables override them). Logs JSON lines on stderr,
 * prints `{ "url": … , "party": … }` on stdout once serving, and stops gracefully on SIGINT/SIGTERM.
 * Bad arguments or configuration exit with status 2 and the list of problems.
 * @module
 */
import { serviceMain } from '../runtime/service-main.ts';
import { loadValidatorConfig } from './config.ts';
import { startValidator } from './node.ts';

await serviceMain({
  name: 'validator',
  usage: 'tsx validator/main.ts --config <file>',
  options: ['config'],
  required: ['config'],
  load: (values) => loadValidatorConfig({ file: values.config as string }),
  start: (config, logger) => startValidator(config, { logger }),
  ready: (node) => ({ url: node.url, party: node.party }),
});

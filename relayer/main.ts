/**
 * The relayer process: `tsx relayer/main.ts --config <file>` (fields of relayer/config.ts;
 * DWALLET_RELAYER_* variables override them). Prints `{ "url": …, "address": … }` on stdout once
 * serving; stops gracefully on SIGINT/SIGTERM; bad arguments or configuration exit with status 2.
 * @module
 */
import { serviceMain } from '../runtime/service-main.ts';
import { loadRelayerConfig } from './config.ts';
import { startRelayer } from './node.ts';

await serviceMain({
  name: 'relayer',
  usage: 'tsx relayer/main.ts --config <file>',
  options: ['config'],
  required: ['config'],
  load: (values) => loadRelayerConfig({ file: values.config as string }),
  start: (config, logger) => startRelayer(config, { logger }),
  ready: (node) => ({ url: node.url, address: node.address }),
});

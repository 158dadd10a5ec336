/**
 * The relayer's configuration (runtime/config.ts: defaults < file < DWALLET_RELAYER_* env). The
 * chain fields (chainKind, chainUrl, and for a Sui full node its package and coordinator ids) are
 * the ones every service shares (chain/config.ts).
 * @module
 */
import { chainConfigSpec, chainDescriptionOf } from '../chain/config.ts';
import { type ConfigOf, loadConfig } from '../runtime/config.ts';

const env = (name: string) => `DWALLET_RELAYER_${name}`;

export const relayerConfigSpec = {
  ...chainConfigSpec('DWALLET_RELAYER_'),
  keyFile: { type: 'string', env: env('KEY_FILE'), required: true, description: 'the key file of the paying Sui account (mode 0600)' },
  dataDir: { type: 'string', env: env('DATA_DIR'), required: true, description: 'folder of the relayer’s SQLite store' },
  host: { type: 'string', env: env('HOST'), default: '127.0.0.1', description: 'address the intake/health API listens on' },
  port: { type: 'integer', env: env('PORT'), required: true, min: 0, max: 65535, description: 'port of the intake/health API' },
  logLevel: { type: 'string', env: env('LOG_LEVEL'), default: 'info', oneOf: ['debug', 'info', 'warn', 'error'], description: 'log level' },
  pollIntervalMs: { type: 'integer', env: env('POLL_INTERVAL_MS'), default: 250, min: 10, description: 'chain reading period while idle' },
  retryMs: { type: 'integer', env: env('RETRY_MS'), default: 2000, min: 10, description: 'wait after a failed or unanswered submission' },
  submissionsKept: {
    type: 'integer',
    env: env('SUBMISSIONS_KEPT'),
    default: 10_000,
    min: 1,
    description: 'submission records kept below the chain’s next sequence (older ones are pruned)',
  },
} as const;

export type RelayerConfig = ConfigOf<typeof relayerConfigSpec>;

/** Loads and validates the configuration; the chain fields must describe a chain (CONFIG_INVALID otherwise). */
export function loadRelayerConfig(options: Parameters<typeof loadConfig>[1] = {}): RelayerConfig {
  const config = loadConfig(relayerConfigSpec, options);
  chainDescriptionOf(config);
  return config;
}

/** The indexer service's configuration (runtime/config.ts: defaults < file < DWALLET_INDEXER_* env < flags). */
import { chainConfigSpec } from '../chain/config.ts';
import { type ConfigOf, loadConfig } from '../runtime/config.ts';

const env = (name: string) => `DWALLET_INDEXER_${name}`;

export const indexerConfigSpec = {
  ...chainConfigSpec(env('')),
  database: {
    type: 'string',
    env: env('DATABASE'),
    required: true,
    description: 'the indexer’s database: a SQLite file path, or a PostgreSQL URL (postgres://user@host:port/db)',
  },
  readOnly: {
    type: 'boolean',
    env: env('READ_ONLY'),
    default: false,
    description: 'PostgreSQL only: serve the API and the stream from the database, never take the writer’s lease',
  },
  host: { type: 'string', env: env('HOST'), default: '127.0.0.1', description: 'address the HTTP API listens on' },
  port: { type: 'integer', env: env('PORT'), default: 0, min: 0, max: 65535, description: 'port of the HTTP API (0: any free port)' },
  pollIntervalMs: {
    type: 'integer',
    env: env('POLL_INTERVAL_MS'),
    default: 250,
    min: 10,
    description: 'chain reading period once caught up',
  },
  pageSize: {
    type: 'integer',
    env: env('PAGE_SIZE'),
    default: 200,
    min: 1,
    max: 1000,
    description: 'events read (and committed) per transaction',
  },
  streamHeartbeatMs: {
    type: 'integer',
    env: env('STREAM_HEARTBEAT_MS'),
    default: 15_000,
    min: 100,
    description: 'period of the /v1/stream heartbeat comments (each also re-reads the results table)',
  },
  logLevel: { type: 'string', env: env('LOG_LEVEL'), default: 'info', oneOf: ['debug', 'info', 'warn', 'error'], description: 'log level' },
} as const;

export type IndexerConfig = ConfigOf<typeof indexerConfigSpec>;

export function loadIndexerConfig(options: Parameters<typeof loadConfig>[1] = {}): IndexerConfig {
  return loadConfig(indexerConfigSpec, options);
}

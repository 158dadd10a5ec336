/**
 * The validator's configuration (runtime/config.ts: defaults < file < DWALLET_VALIDATOR_* env).
 * The chain fields (chainKind, chainUrl, and for a Sui full node its package and coordinator ids)
 * are the ones every service shares (chain/config.ts). Timeouts are in milliseconds. The agreement timeouts of result batches and of aggregation rounds
 * must be alike at every validator for liveness (not for safety).
 * @module
 */
import { chainConfigSpec, chainDescriptionOf } from '../chain/config.ts';
import { isCurveName } from '../mpc/curves/curve.ts';
import { isSignatureAlgorithmName, SIGNATURE_ALGORITHMS } from '../mpc/signing/algorithms.ts';
import { ConfigError, type ConfigOf, loadConfig } from '../runtime/config.ts';
import { FAULTS, isFault } from './faults.ts';

const env = (name: string) => `DWALLET_VALIDATOR_${name}`;

export const validatorConfigSpec = {
  ...chainConfigSpec('DWALLET_VALIDATOR_'),
  keyFile: { type: 'string', env: env('KEY_FILE'), required: true, description: 'the key file (mode 0600)' },
  dataDir: { type: 'string', env: env('DATA_DIR'), required: true, description: 'folder of the validator’s SQLite store' },
  host: { type: 'string', env: env('HOST'), default: '127.0.0.1', description: 'address the peer/health API listens on' },
  port: { type: 'integer', env: env('PORT'), required: true, min: 0, max: 65535, description: 'port of the peer/health API' },
  relayers: { type: 'string[]', env: env('RELAYERS'), default: [], description: 'relayer URLs that receive batch signatures' },
  logLevel: { type: 'string', env: env('LOG_LEVEL'), default: 'info', oneOf: ['debug', 'info', 'warn', 'error'], description: 'log level' },
  pollIntervalMs: { type: 'integer', env: env('POLL_INTERVAL_MS'), default: 200, min: 10, description: 'chain polling period' },
  presignPoolTarget: {
    type: 'integer',
    env: env('PRESIGN_POOL_TARGET'),
    default: 0,
    min: 0,
    max: 1000,
    description: 'presigns to keep in each pool (0: off)',
  },
  presignPoolCurves: {
    type: 'string[]',
    env: env('PRESIGN_POOL_CURVES'),
    default: ['secp256k1'],
    description: 'curves whose pools are kept filled (one per signing scheme of the curve)',
  },
  presignPoolAlgorithms: {
    type: 'string[]',
    env: env('PRESIGN_POOL_ALGORITHMS'),
    default: [...SIGNATURE_ALGORITHMS],
    description: 'signature algorithms whose pools are kept filled (ecdsa, taproot, eddsa)',
  },
  presignPoolIntervalMs: {
    type: 'integer',
    env: env('PRESIGN_POOL_INTERVAL_MS'),
    default: 2000,
    min: 100,
    description: 'pool reading period',
  },
  presignsPerTransaction: {
    type: 'integer',
    env: env('PRESIGNS_PER_TRANSACTION'),
    default: 16,
    min: 1,
    max: 64,
    description: 'presign requests per transaction',
  },
  batchAttemptMs: {
    type: 'integer',
    env: env('BATCH_ATTEMPT_MS'),
    default: 2000,
    min: 50,
    description: 'result-batch agreement: first attempt',
  },
  batchAttemptIncrementMs: {
    type: 'integer',
    env: env('BATCH_ATTEMPT_INCREMENT_MS'),
    default: 1000,
    min: 0,
    description: 'result-batch agreement: added per attempt',
  },
  batchLandMs: {
    type: 'integer',
    env: env('BATCH_LAND_MS'),
    default: 60000,
    min: 100,
    description: 'result batches: time a decided batch has to land before its sequence is decided again, smaller',
  },
  batchRecheckMs: {
    type: 'integer',
    env: env('BATCH_RECHECK_MS'),
    default: 250,
    min: 10,
    description: 'result-batch agreement: recheck of local results',
  },
  aggregationAttemptMs: {
    type: 'integer',
    env: env('AGGREGATION_ATTEMPT_MS'),
    default: 20000,
    min: 50,
    description: 'aggregation rounds: first attempt',
  },
  aggregationAttemptIncrementMs: {
    type: 'integer',
    env: env('AGGREGATION_ATTEMPT_INCREMENT_MS'),
    default: 10000,
    min: 0,
    description: 'aggregation rounds: added per attempt',
  },
  aggregationFetchMs: {
    type: 'integer',
    env: env('AGGREGATION_FETCH_MS'),
    default: 1000,
    min: 10,
    description: 'aggregation rounds: wait before asking for a contribution',
  },
  signResendMs: {
    type: 'integer',
    env: env('SIGN_RESEND_MS'),
    default: 5000,
    min: 50,
    description: 'sign sessions: first re-send of own shares',
  },
  signVerifyTogether: {
    type: 'integer',
    env: env('SIGN_VERIFY_TOGETHER'),
    // One combined check for the waiting messages (mpc/ecdsa/sign/batch.ts): about 3× fewer group
    // operations per message at 16 than one at a time; a single request is not delayed.
    default: 16,
    min: 1,
    max: 16,
    description: 'pending sign requests whose user messages are verified together (1: one at a time)',
  },
  signStandbyWaitMs: {
    type: 'integer',
    env: env('SIGN_STANDBY_WAIT_MS'),
    // When > 0, per sign session only validators of weight t verify and decrypt; the others stand
    // by and step in after this much silence following a share (mpc/ecdsa/protocols/sign.ts,
    // "Standbys"); 0 turns standbys off. Under load signers reach a request at different times:
    // at 3 s standbys stepped in often enough to cost more CPU than they saved, at 10 s they saved
    // a fifth (bench network, 100 requests at once), and 39 % one at a time (README, Performance).
    // A silent signer delays the signatures it was drawn for by this wait.
    default: 10_000,
    min: 0,
    description: 'sign sessions: a standby’s wait after a share before it steps in (0: no standbys, every validator signs)',
  },
  peerTimeoutMs: { type: 'integer', env: env('PEER_TIMEOUT_MS'), default: 15000, min: 100, description: 'timeout of one delivery' },
  retryBaseMs: { type: 'integer', env: env('RETRY_BASE_MS'), default: 100, min: 1, description: 'first retry delay of a delivery' },
  retryMaxMs: { type: 'integer', env: env('RETRY_MAX_MS'), default: 3000, min: 1, description: 'largest retry delay of a delivery' },
  deliveryMaxAgeMs: {
    type: 'integer',
    env: env('DELIVERY_MAX_AGE_MS'),
    default: 600000,
    min: 1000,
    description: 'age after which a delivery is given up',
  },
  closeGraceMs: {
    type: 'integer',
    env: env('CLOSE_GRACE_MS'),
    default: 10000,
    min: 0,
    description: 'how long a finished session keeps answering peers',
  },
  maxQueuedPerSender: {
    type: 'integer',
    env: env('MAX_QUEUED_PER_SENDER'),
    default: 4096,
    min: 1,
    description: 'envelopes a peer may queue for unknown sessions',
  },
  faults: { type: 'string[]', env: env('FAULTS'), default: [], description: `test-only misbehaviour: ${FAULTS.join(', ')}` },
} as const;

export type ValidatorConfig = ConfigOf<typeof validatorConfigSpec>;

/** Loads and validates the configuration; the chain, faults and curves are checked beyond their types. */
export function loadValidatorConfig(options: Parameters<typeof loadConfig>[1] = {}): ValidatorConfig {
  const config = loadConfig(validatorConfigSpec, options);
  const problems: string[] = [];
  try {
    chainDescriptionOf(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  for (const fault of config.faults) if (!isFault(fault)) problems.push(`faults: unknown fault ${JSON.stringify(fault)}`);
  for (const curve of config.presignPoolCurves) {
    if (!isCurveName(curve)) problems.push(`presignPoolCurves: unknown curve ${JSON.stringify(curve)}`);
  }
  for (const algorithm of config.presignPoolAlgorithms) {
    if (!isSignatureAlgorithmName(algorithm)) problems.push(`presignPoolAlgorithms: unknown algorithm ${JSON.stringify(algorithm)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The Schnorr presign session (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1): one committed proof
 * aggregation of mpc/session (proof-aggregation.ts) — commit, agree on the committed set, reveal,
 * check one aggregate equation, agree on the revealers, sum — in which every validator proves
 * EncDL for two nonce parts per presign of the batch (presign/contribution.ts). A validator whose
 * reveal does not open its commitment or whose response fails its own equation is blamed with its
 * signed reveal and left out; the sums over the agreed revealers are the batch's presigns,
 * identical at every honest validator.
 *
 * Like ECDSA's presignSession, a batch serves one chain presign request: its presigns keep their
 * chain ids, and the MPC session id is presignBatchSessionId(presignIds, no target, { curve,
 * algorithm }), which binds the scheme too. Resumable: the state is the aggregation's own.
 * @module
 */
import type { NetworkKeyParts } from '../../ecdsa/network-key/key-parts.ts';
import { assertPresignIds, presignBatchSessionId } from '../../ecdsa/presign/batch.ts';
import type { Statement } from '../../proofs/language.ts';
import { type AggregationOutput, type AggregationTimeouts, sumOfStatements } from '../../session/aggregation.ts';
import { SingleAggregation } from '../../session/aggregation-session.ts';
import type { PartyId } from '../../session/committee.ts';
import { ProofAggregation, type ProofAggregationConfig, proofAggregationRounds } from '../../session/proof-aggregation.ts';
import type { SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import { signingScheme } from '../../signing/algorithms.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import {
  SCHNORR_NONCE_ROUND,
  SCHNORR_PRESIGN_PROTOCOL,
  schnorrNonceParts,
  schnorrNonceWitnesses,
  schnorrPresignsFromSums,
} from '../presign/contribution.ts';
import type { SchnorrPresign } from '../presign/presign.ts';
import type { SchnorrAlgorithm } from '../scheme.ts';

export interface SchnorrPresignSessionConfig {
  readonly key: NetworkKeyParts;
  /** taproot (secp256k1 keys) or eddsa (ed25519 keys). */
  readonly algorithm: SchnorrAlgorithm;
  /** The chain session ids of the batch's presigns; the MPC session id must be schnorrPresignBatchSessionId(config). */
  readonly presignIds: readonly Uint8Array[];
  readonly timeouts?: Partial<AggregationTimeouts>;
}

export interface SchnorrPresignSessionOutput {
  /** In the order of `presignIds`. */
  readonly presigns: readonly SchnorrPresign[];
  /** The agreed contributors: k_b of each presign is the sum of their parts. */
  readonly contributors: readonly PartyId[];
}

/** The MPC session id of the batch (presign/batch.ts, with the scheme bound). */
export function schnorrPresignBatchSessionId(config: Pick<SchnorrPresignSessionConfig, 'key' | 'algorithm' | 'presignIds'>): Uint8Array {
  return presignBatchSessionId(config.presignIds, undefined, { curve: config.key.curve.name, algorithm: config.algorithm });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function checkConfig(config: SchnorrPresignSessionConfig, identity: SessionIdentity): void {
  const { key, algorithm } = config;
  try {
    signingScheme(key.curve.name, algorithm);
  } catch (error) {
    throw new SchnorrError(
      SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM,
      `no ${String(algorithm)} presigns on ${key.curve.name}`,
      {},
      { cause: error },
    );
  }
  if (algorithm !== 'taproot' && algorithm !== 'eddsa') {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM, `${String(algorithm)} is not a Schnorr algorithm`);
  }
  assertPresignIds(config.presignIds);
  if (!sameBytes(identity.sessionId, schnorrPresignBatchSessionId(config))) {
    throw new SchnorrError(
      SchnorrErrorCodes.SCHNORR_INVALID_CONFIG,
      'the session id of a Schnorr presign batch is presignBatchSessionId(presignIds, no target, { curve, algorithm })',
    );
  }
}

function aggregationConfig(config: SchnorrPresignSessionConfig): ProofAggregationConfig<SchnorrPresign[]> {
  const { key, algorithm, presignIds } = config;
  const parts = schnorrNonceParts(key, presignIds.length);
  const sums = sumOfStatements(parts);
  return {
    ...SCHNORR_NONCE_ROUND,
    parts,
    witnesses: (rng) => [schnorrNonceWitnesses(key, presignIds.length, rng)],
    aggregate: (contributions) => schnorrPresignsFromSums(key, algorithm, presignIds, sums(contributions)[0] as Statement[]),
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
  };
}

function presignProtocol(config: SchnorrPresignSessionConfig, identity: SessionIdentity, state?: Uint8Array) {
  checkConfig(config, identity);
  return new SingleAggregation(
    new ProofAggregation(aggregationConfig(config), identity, state),
    (output: AggregationOutput<SchnorrPresign[]>): SchnorrPresignSessionOutput => ({
      presigns: output.aggregate,
      contributors: output.contributors,
    }),
  );
}

/** The Schnorr presign session (create it with mpc/session/runtime.ts createSession). */
export const schnorrPresignSession: SessionDefinition<SchnorrPresignSessionConfig, SchnorrPresignSessionOutput> = {
  protocol: SCHNORR_PRESIGN_PROTOCOL,
  rounds: (config, identity) => {
    checkConfig(config, identity);
    return proofAggregationRounds(
      { ...SCHNORR_NONCE_ROUND, parts: schnorrNonceParts(config.key, config.presignIds.length) },
      identity.committee,
    );
  },
  create: (config, identity) => presignProtocol(config, identity),
  restore: (config, identity, state) => presignProtocol(config, identity, state),
};

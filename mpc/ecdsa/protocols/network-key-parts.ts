/**
 * The session that makes a network key's global key parts (PROTOCOL.md §6): one aggregation round
 * (mpc/session/aggregation.ts) in which every validator proves EncDL for its two contributions
 * (network-key/contribution.ts), the proofs are verified in batch, the committee agrees on one set
 * of contributors of weight ≥ t, and every honest validator outputs the same key parts — the sums
 * over that set — with their key commitment.
 *
 * Run once per network key and curve, after the threshold CL key exists (dealer or DKG). The
 * session id is the chain's request for the key.
 * @module
 */
import type { ClPublicKey } from '../../cl/keys.ts';
import type { Curve } from '../../curves/curve.ts';
import type { Statement } from '../../proofs/language.ts';
import {
  Aggregation,
  type AggregationOutput,
  type AggregationTimeouts,
  aggregationRound,
  sumOfStatements,
} from '../../session/aggregation.ts';
import { SingleAggregation } from '../../session/aggregation-session.ts';
import type { PartyId } from '../../session/committee.ts';
import type { SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { keyPartsFromSums, keyPartsProofParts, keyPartsWitnesses } from '../network-key/contribution.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';

export const NETWORK_KEY_PARTS_PROTOCOL = '2pc-mpc/ecdsa/network-key-parts';
export const KEY_PARTS_ROUND = { round: 1, name: 'network-key/global-key-parts' } as const;

export interface NetworkKeyPartsConfig {
  readonly curve: Curve;
  /** pk of the threshold CL key the parts are encrypted under. */
  readonly encryptionKey: ClPublicKey;
  readonly timeouts?: Partial<AggregationTimeouts>;
}

export interface NetworkKeyPartsOutput {
  readonly parts: NetworkKeyParts;
  /** The agreed contributors: x_B^b is the sum of their secrets. */
  readonly contributors: readonly PartyId[];
}

function aggregationConfig(config: NetworkKeyPartsConfig) {
  const { curve, encryptionKey } = config;
  if (encryptionKey.setup.q !== curve.order) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `the CL key is not for ${curve.name}`);
  }
  const parts = keyPartsProofParts(curve, encryptionKey);
  const sums = sumOfStatements(parts);
  return {
    round: KEY_PARTS_ROUND.round,
    name: KEY_PARTS_ROUND.name,
    parts,
    witnesses: (rng: Parameters<typeof keyPartsWitnesses>[2]) => [keyPartsWitnesses(curve, encryptionKey, rng)],
    aggregate: (contributions: Parameters<typeof sums>[0]) => keyPartsFromSums(curve, encryptionKey, sums(contributions)[0] as Statement[]),
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
  };
}

function keyPartsProtocol(config: NetworkKeyPartsConfig, identity: SessionIdentity, state?: Uint8Array) {
  return new SingleAggregation(
    new Aggregation(aggregationConfig(config), identity, state),
    (output: AggregationOutput<NetworkKeyParts>): NetworkKeyPartsOutput => ({ parts: output.aggregate, contributors: output.contributors }),
  );
}

/** The network-key-parts session (create it with mpc/session/runtime.ts createSession). */
export const networkKeyPartsSession: SessionDefinition<NetworkKeyPartsConfig, NetworkKeyPartsOutput> = {
  protocol: NETWORK_KEY_PARTS_PROTOCOL,
  rounds: (config, identity) => [
    aggregationRound({ ...KEY_PARTS_ROUND, parts: keyPartsProofParts(config.curve, config.encryptionKey) }, identity.committee),
  ],
  create: (config, identity) => keyPartsProtocol(config, identity),
  restore: (config, identity, state) => keyPartsProtocol(config, identity, state),
};

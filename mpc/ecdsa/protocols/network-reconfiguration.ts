/**
 * The epoch change of the network keys (PROTOCOL.md §4, mpc/threshold/reshare): every curve of
 * every active network key is reshared from the committee of the current epoch to the next one,
 * side by side in one session (mpc/session/parallel.ts), whose id is the chain's reconfiguration
 * request. The public key, and so every dWallet and its key parts, stays the same; the new
 * committee gets new shares and verification keys, and the old shares stop counting.
 *
 * The session's parties are the union of the two committees (reshare/committee.ts); every part has
 * the same two committees, so one session committee serves all. Part k (the k-th (key, curve) in
 * the chain's `active_network_keys` order, then the key's curve order) runs in rounds
 * 10k + 1 .. 10k + 4.
 * @module
 */
import { type ParallelPart, ParallelProtocol, parallelRounds } from '../../session/parallel.ts';
import type { SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import { type ReshareConfig, type ReshareOutput, reshareCommittee, reshareSession } from '../../threshold/reshare/session.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';

export const NETWORK_RECONFIGURATION_PROTOCOL = '2pc-mpc/ecdsa/network-reconfiguration';

const ROUNDS_PER_PART = 10;

export interface ReconfigurationPart {
  /** Names the part in its namespace, the same at every validator, e.g. "key0/secp256k1". */
  readonly name: string;
  readonly reshare: ReshareConfig;
}

export interface NetworkReconfigurationConfig {
  readonly parts: readonly ReconfigurationPart[];
}

function parallelParts(config: NetworkReconfigurationConfig): ParallelPart<ReshareConfig, ReshareOutput>[] {
  if (config.parts.length === 0) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a reconfiguration reshares at least one key');
  return config.parts.map((part, k) => ({
    namespace: { name: part.name, base: k * ROUNDS_PER_PART, span: ROUNDS_PER_PART },
    definition: reshareSession,
    config: part.reshare,
  }));
}

/** The session committee of a reconfiguration: the union of the two committees (the same for every part). */
export function reconfigurationCommittee(config: NetworkReconfigurationConfig) {
  const [first] = config.parts;
  if (first === undefined) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a reconfiguration reshares at least one key');
  return reshareCommittee(first.reshare);
}

function protocol(config: NetworkReconfigurationConfig, identity: SessionIdentity, state?: Uint8Array) {
  return new ParallelProtocol<ReshareOutput>(parallelParts(config) as ParallelPart<unknown, unknown>[], identity, state);
}

/** The reconfiguration session: its output is one ReshareOutput per part, in the parts' order. */
export const networkReconfigurationSession: SessionDefinition<NetworkReconfigurationConfig, ReshareOutput[]> = {
  protocol: NETWORK_RECONFIGURATION_PROTOCOL,
  rounds: (config, identity) => parallelRounds(parallelParts(config) as ParallelPart<unknown, unknown>[], identity),
  create: (config, identity) => protocol(config, identity),
  restore: (config, identity, state) => protocol(config, identity, state),
};

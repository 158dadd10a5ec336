/**
 * The signers of a threshold-sign session with standbys (session.ts "Standbys";
 * mpc/threshold/LARGE-COMMITTEES.md): the threshold needs shares of weight t, so per session the
 * first parties of a weighted order drawn from (session id, committee) reaching weight t sign and
 * the others stand by. The draw is public and the same for every scheme, so every validator
 * knows who signs without a message.
 * @module
 */
import { type Committee, createCommittee, type PartyId, weightOf } from '../session/committee.ts';
import { proposerOrder } from '../session/proposer.ts';
import type { ThresholdSignSessionConfig } from './threshold-sign-scheme.ts';

/** The round number that seeds the order of signers (no message is sent in it). */
const SIGNERS_ORDER_ROUND = 4;

/**
 * The signers of a session with standbys: the first parties of the weighted order drawn from
 * (session id, committee) whose weights reach the threshold (mpc/session/proposer.ts).
 */
export function signSigners(committee: Committee, sessionId: Uint8Array): ReadonlySet<PartyId> {
  const signers = new Set<PartyId>();
  let weight = 0;
  for (const party of proposerOrder(committee, sessionId, SIGNERS_ORDER_ROUND)) {
    if (weight >= committee.threshold) break;
    signers.add(party);
    weight += weightOf(committee, party);
  }
  return signers;
}

/** Whether `party` stands by in the session `sessionId` of `config`. */
export function standsBy(config: ThresholdSignSessionConfig, committee: Committee, sessionId: Uint8Array, party: PartyId): boolean {
  return config.standbys === true && !signSigners(committee, sessionId).has(party);
}

/** Whether this validator (the key share's party) stands by in the sign session `sessionId` of `config`. */
export function isSignStandby(config: ThresholdSignSessionConfig, sessionId: Uint8Array): boolean {
  if (config.standbys !== true) return false;
  const { access } = config.thresholdKey;
  return standsBy(config, createCommittee(access.weights, access.threshold), sessionId, config.keyShare.party);
}

/**
 * The committee a session runs among: validators 1..n, each with a positive integer weight, and a
 * threshold t on weight (PROTOCOL.md §1: an authorized set has weight ≥ t).
 *
 * Fault model. With total weight W, a set of faulty parties of weight at most
 *     f = min(W − t, 2t − W − 1)
 * is tolerated: the honest parties alone reach t (W − f ≥ t, liveness), and two sets of weight
 * ≥ t always share an honest party (2t − W > f, safety of agreement). With t > 2W/3, as the
 * chain requires, f is the largest weight below W/3 that the rounding of t allows; f = 1 for
 * n = 4, t = 3.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SessionError, SessionErrorCodes } from './errors.ts';

export type PartyId = number;

/** Largest committee (party ids are u16 on the wire). */
export const MAX_PARTIES = 65_535;
/** Largest total weight (weights stay exact as JavaScript numbers). */
export const MAX_TOTAL_WEIGHT = 2 ** 48;

export interface Committee {
  /** Weights of parties 1..n: `weights[i]` is the weight of party i + 1. */
  readonly weights: readonly number[];
  /** t: the weight an authorized set reaches. */
  readonly threshold: number;
  /** W: the sum of all weights. */
  readonly totalWeight: number;
  /** f: the largest faulty weight the agreement tolerates (see the module comment). */
  readonly faultTolerance: number;
  /** 32 bytes binding the weights and the threshold (persisted states are checked against it). */
  readonly fingerprint: Uint8Array;
}

const committeeSchema = bcs.struct('SessionCommittee', { weights: bcs.vector(bcs.u64()), threshold: bcs.u64() });

/** A committee of parties 1..weights.length with the given weights and threshold. */
export function createCommittee(weights: readonly number[], threshold: number): Committee {
  const invalid = (message: string) => new SessionError(SessionErrorCodes.SESSION_INVALID_COMMITTEE, `committee: ${message}`);
  if (!Array.isArray(weights) || weights.length === 0) throw invalid('at least one party is needed');
  if (weights.length > MAX_PARTIES) throw invalid(`at most ${MAX_PARTIES} parties`);
  let total = 0;
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight <= 0) throw invalid('every weight must be a positive integer');
    total += weight;
    if (total > MAX_TOTAL_WEIGHT) throw invalid(`the total weight exceeds ${MAX_TOTAL_WEIGHT}`);
  }
  if (!Number.isSafeInteger(threshold) || threshold > total || 2 * threshold <= total) {
    throw invalid(`the threshold must be an integer with W/2 < t ≤ W (W = ${total}), got ${threshold}`);
  }
  const fingerprint = cshake256(committeeSchema.serialize({ weights: [...weights], threshold }).toBytes(), {
    personalization: utf8ToBytes('dwallet/session/committee/v1'),
    dkLen: 32,
  });
  return Object.freeze({
    weights: Object.freeze([...weights]),
    threshold,
    totalWeight: total,
    faultTolerance: Math.min(total - threshold, 2 * threshold - total - 1),
    fingerprint,
  });
}

/** n equal weights of 1 with threshold t. */
export function uniformCommittee(n: number, threshold: number): Committee {
  return createCommittee(new Array<number>(n).fill(1), threshold);
}

export function partyCount(committee: Committee): number {
  return committee.weights.length;
}

export function isMember(committee: Committee, party: unknown): party is PartyId {
  return typeof party === 'number' && Number.isInteger(party) && party >= 1 && party <= committee.weights.length;
}

export function weightOf(committee: Committee, party: PartyId): number {
  return committee.weights[party - 1] ?? 0;
}

/** The total weight of a set of parties (each counted once). */
export function setWeight(committee: Committee, parties: Iterable<PartyId>): number {
  let total = 0;
  for (const party of new Set(parties)) total += weightOf(committee, party);
  return total;
}

/** Whether the parties together reach the threshold. */
export function isAuthorized(committee: Committee, parties: Iterable<PartyId>): boolean {
  return setWeight(committee, parties) >= committee.threshold;
}

/** Party ids 1..n. */
export function parties(committee: Committee): PartyId[] {
  return committee.weights.map((_, i) => i + 1);
}

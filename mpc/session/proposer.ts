/**
 * Who proposes in each attempt of an agreement (PROTOCOL.md §10: "a proposer chosen from the
 * session id proposes the set").
 *
 * For each (session id, round) every party derives the same order of the committee: a weighted
 * draw without replacement from a DRBG seeded by the session id, the round and the committee's
 * fingerprint. Attempt a is led by order[a mod n]. Heavier parties tend to come first, and every
 * party leads exactly once in n consecutive attempts, so a faulty proposer is replaced after one
 * timeout and cannot be drawn again before every other party has had its turn: after at most
 * (number of faulty parties) + 1 attempts an honest party proposes.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { Drbg } from '../numbers/drbg.ts';
import { randomBelow } from '../numbers/random.ts';
import { type Committee, type PartyId, parties, weightOf } from './committee.ts';

const seedSchema = bcs.struct('ProposerSeed', { session_id: bcs.bytes(32), round: bcs.u16(), committee: bcs.bytes(32) });

/** The order in which parties propose in `round` of the session. */
export function proposerOrder(committee: Committee, sessionId: Uint8Array, round: number): PartyId[] {
  const seed = seedSchema.serialize({ session_id: sessionId, round, committee: committee.fingerprint }).toBytes();
  const rng = new Drbg('dwallet/session/proposer-order/v1', seed);
  const remaining = parties(committee);
  let remainingWeight = BigInt(committee.totalWeight);
  const order: PartyId[] = [];
  while (remaining.length > 0) {
    let draw = randomBelow(rng, remainingWeight);
    let index = 0;
    for (; index < remaining.length - 1; index++) {
      const weight = BigInt(weightOf(committee, remaining[index] as PartyId));
      if (draw < weight) break;
      draw -= weight;
    }
    const [party] = remaining.splice(index, 1) as [PartyId];
    remainingWeight -= BigInt(weightOf(committee, party));
    order.push(party);
  }
  return order;
}

export class ProposerSchedule {
  readonly #order: readonly PartyId[];

  constructor(committee: Committee, sessionId: Uint8Array, round: number) {
    this.#order = Object.freeze(proposerOrder(committee, sessionId, round));
  }

  proposer(attempt: number): PartyId {
    return this.#order[attempt % this.#order.length] as PartyId;
  }

  get order(): readonly PartyId[] {
    return this.#order;
  }
}

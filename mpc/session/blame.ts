/**
 * Blame: a party named as faulty, with the signed messages that prove it (PROTOCOL.md §4 and §10:
 * every abort names parties, and an equivocating validator is blamed with both messages).
 *
 * Evidence items are the signed envelopes exactly as the transport delivered them, so anyone who
 * knows the committee's keys can check a blame without trusting the party that reports it.
 * Parties are only ever blamed on such evidence; silence is never blamed (it cannot be proven).
 * @module
 */
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { type Committee, type PartyId, setWeight } from './committee.ts';
import type { BlameReason } from './errors.ts';

export interface Blame {
  readonly party: PartyId;
  readonly reason: BlameReason;
  /** The round the misbehaviour happened in. */
  readonly round: number;
  /** A short explanation for operators (never secret). */
  readonly detail: string;
  /** Signed envelopes proving the misbehaviour. */
  readonly evidence: readonly Uint8Array[];
}

function blameKey(blame: Blame): string {
  const hash = cshake256.create({ personalization: utf8ToBytes('dwallet/session/blame-key/v1'), dkLen: 32 });
  const length = new Uint8Array(8);
  for (const item of blame.evidence) {
    new DataView(length.buffer).setBigUint64(0, BigInt(item.length), false);
    hash.update(length);
    hash.update(item);
  }
  return `${blame.party}/${blame.reason}/${blame.round}/${bytesToHex(hash.digest())}`;
}

/** The blames a session has found, each recorded once. */
export class BlameLedger {
  readonly #blames: Blame[] = [];
  readonly #keys = new Set<string>();

  /** Records a blame; returns false when the same blame (party, reason, round, evidence) is known. */
  add(blame: Blame): boolean {
    const key = blameKey(blame);
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    this.#blames.push(Object.freeze({ ...blame, evidence: Object.freeze([...blame.evidence]) }));
    return true;
  }

  list(): readonly Blame[] {
    return [...this.#blames];
  }

  parties(): Set<PartyId> {
    return new Set(this.#blames.map((blame) => blame.party));
  }

  /** The weight of the blamed parties, each counted once. */
  weight(committee: Committee): number {
    return setWeight(committee, this.parties());
  }
}

/**
 * Sends the evidence of every blame so far to all parties, each distinct item once: on abort, so
 * that every honest party can check and report the same culprits.
 */
export function relayBlameEvidence(blames: readonly Blame[], relay: (evidence: Uint8Array) => void): void {
  const passed = new Set<string>();
  for (const blame of blames) {
    for (const evidence of blame.evidence) {
      const key = bytesToHex(evidence);
      if (passed.has(key)) continue;
      passed.add(key);
      relay(evidence);
    }
  }
}

/**
 * Who is who in a resharing session (README.md, "Session"). The session's parties are the union of
 * the two committees: ids 1..N are the old committee's parties, in the old access structure's
 * order; the validators only in the new committee follow as N+1, N+2, … in the new access
 * structure's order. A validator in both keeps its old id (and its one share-encryption key).
 * `newMembers[u − 1]` is the session id of new party u.
 *
 * The session committee's weights (old weight for old parties, new weight for the others) and its
 * threshold (a majority) only label the session; every rule of the protocol uses the old access
 * structure (dealing, agreement, reveals) or the new one (complaints of new members, the output).
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import { type Committee, createCommittee, type PartyId } from '../../session/committee.ts';
import type { WeightedAccessStructure } from '../access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';

export class ReshareRoles {
  readonly oldAccess: WeightedAccessStructure;
  readonly newAccess: WeightedAccessStructure;
  /** newMembers[u − 1]: the session id of new party u. */
  readonly newMembers: readonly PartyId[];
  readonly #newOf = new Map<PartyId, number>();

  constructor(oldAccess: WeightedAccessStructure, newAccess: WeightedAccessStructure, newMembers: readonly PartyId[]) {
    const invalid = (message: string) => new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, `reshare: ${message}`);
    if (newMembers.length !== newAccess.partyCount) throw invalid('one session id per new party');
    let next = oldAccess.partyCount + 1;
    newMembers.forEach((id, k) => {
      if (!Number.isSafeInteger(id) || id < 1 || this.#newOf.has(id))
        throw invalid(`new party ${k + 1}: session id ${id} is invalid or repeated`);
      if (id > oldAccess.partyCount) {
        if (id !== next) throw invalid(`the new-only members are numbered ${oldAccess.partyCount + 1}, … in order`);
        next += 1;
      }
      this.#newOf.set(id, k + 1);
    });
    this.oldAccess = oldAccess;
    this.newAccess = newAccess;
    this.newMembers = Object.freeze([...newMembers]);
  }

  /** The number of session parties. */
  get size(): number {
    return this.oldAccess.partyCount + this.newMembers.filter((id) => id > this.oldAccess.partyCount).length;
  }

  /** The old party id of a session party, if it is in the old committee (the same number). */
  oldParty(party: PartyId): number | undefined {
    return this.oldAccess.isParty(party) ? party : undefined;
  }

  /** The new party id of a session party, if it is in the new committee. */
  newParty(party: PartyId): number | undefined {
    return this.#newOf.get(party);
  }

  /** The session committee (see the module comment). */
  committee(): Committee {
    const weights = Array.from({ length: this.size }, (_, k) => {
      const party = k + 1;
      return this.oldParty(party) !== undefined ? this.oldAccess.weightOf(party) : this.newAccess.weightOf(this.newParty(party) as number);
    });
    const total = weights.reduce((a, b) => a + b, 0);
    return createCommittee(weights, Math.floor(total / 2) + 1);
  }

  /** The old committee as a session committee: the agreement runs among it (parties 1..N keep their ids). */
  oldCommittee(): Committee {
    return createCommittee(this.oldAccess.weights, this.oldAccess.threshold);
  }

  /** Throws unless a validator in both committees has one share-encryption key in both lists. */
  assertKeys(oldKeys: readonly CurvePoint[], newKeys: readonly CurvePoint[]): void {
    this.newMembers.forEach((id, k) => {
      if (id <= this.oldAccess.partyCount && !(oldKeys[id - 1] as CurvePoint).equals(newKeys[k] as CurvePoint)) {
        throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, `reshare: party ${id} has two share-encryption keys`);
      }
    });
  }
}

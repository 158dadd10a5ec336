/**
 * The committee as the chain records it, seen from one validator: members in chain order (index
 * 0..n−1, BLS public key, weight, Sui address, network address), the threshold weight, and the
 * same committee in the session layer's terms, where member i is party i + 1. Every conversion
 * between the two numberings goes through here: blame on chain names member indices, round
 * messages name parties.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CommitteeValue } from '../chain/schemas/objects.ts';
import { type Committee, createCommittee, type PartyId } from '../mpc/session/committee.ts';
import { ValidatorError, ValidatorErrorCodes } from './errors.ts';

export interface CommitteeMember {
  readonly index: number;
  readonly party: PartyId;
  readonly blsPublicKey: Uint8Array;
  readonly weight: number;
  readonly suiAddress: string;
  /** The member's peer endpoint (http or https URL), or null when the chain holds something else. */
  readonly url: string | null;
  /** The member's registered share-encryption key (33-byte compressed secp256k1, checked on use). */
  readonly shareEncryptionKey: Uint8Array;
}

function peerUrl(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? address.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

export class CommitteeView {
  readonly members: readonly CommitteeMember[];
  readonly committee: Committee;
  readonly #byKey = new Map<string, CommitteeMember>();

  constructor(
    readonly epoch: bigint,
    value: CommitteeValue,
  ) {
    this.members = value.members.map((member, index) => ({
      index,
      party: index + 1,
      blsPublicKey: new Uint8Array(member.public_key),
      weight: Number(member.weight),
      suiAddress: member.sui_address,
      url: peerUrl(member.network_address),
      shareEncryptionKey: new Uint8Array(member.share_encryption_key),
    }));
    for (const member of this.members) this.#byKey.set(bytesToHex(member.blsPublicKey), member);
    this.committee = createCommittee(
      this.members.map((m) => m.weight),
      Number(value.threshold),
    );
  }

  get threshold(): number {
    return this.committee.threshold;
  }

  member(party: PartyId): CommitteeMember | undefined {
    return Number.isInteger(party) ? this.members[party - 1] : undefined;
  }

  memberByBlsKey(publicKey: Uint8Array): CommitteeMember | undefined {
    return this.#byKey.get(bytesToHex(publicKey));
  }

  /** The party whose BLS key is `publicKey`; throws when the validator is not a member. */
  selfParty(publicKey: Uint8Array): PartyId {
    const member = this.memberByBlsKey(publicKey);
    if (member === undefined) {
      throw new ValidatorError(
        ValidatorErrorCodes.VALIDATOR_NOT_IN_COMMITTEE,
        `this validator's BLS key is not in the committee of epoch ${this.epoch}`,
        { epoch: this.epoch.toString() },
      );
    }
    return member.party;
  }

  /** Committee indices (for blame on chain) of parties, sorted and without repeats. */
  indicesOf(parties: Iterable<PartyId>): number[] {
    return [...new Set(parties)]
      .filter((p) => this.member(p) !== undefined)
      .map((p) => p - 1)
      .sort((a, b) => a - b);
  }
}

/**
 * The committee of an epoch change as the resharing session sees it (mpc/threshold/reshare/
 * committee.ts): the union of the current committee and the next one, for the next epoch. Parties
 * 1..N are the current members with their current party ids and weights; the members only in the
 * next committee follow as N + 1, N + 2, … in the next committee's order, with their next
 * weights; the threshold is a majority of the total (it only labels the session: every rule of the
 * resharing uses one of the two committees). Envelopes of the resharing carry the next epoch and
 * these party ids, so a validator joining the network can send and receive them.
 */
export interface Transition {
  /** The union committee, for `next.epoch`. */
  readonly union: CommitteeView;
  /** The next committee as the chain records it. */
  readonly next: CommitteeValue;
  /** newMembers[u − 1]: the union party id of the next committee's member u. */
  readonly newMembers: readonly PartyId[];
}

export function transitionOf(current: CommitteeView, next: CommitteeValue, nextEpoch: bigint): Transition {
  const byKey = new Map(current.members.map((m) => [bytesToHex(m.blsPublicKey), m.party]));
  const joining: CommitteeValue['members'] = [];
  const newMembers = next.members.map((member) => {
    const party = byKey.get(bytesToHex(new Uint8Array(member.public_key)));
    if (party !== undefined) return party;
    joining.push(member);
    return current.members.length + joining.length;
  });
  const members = [
    ...current.members.map((m) => ({
      public_key: m.blsPublicKey,
      weight: BigInt(m.weight),
      sui_address: m.suiAddress,
      network_address: m.url ?? '',
      share_encryption_key: m.shareEncryptionKey,
    })),
    ...joining,
  ];
  const total = members.reduce((sum, m) => sum + BigInt(m.weight), 0n);
  const union = new CommitteeView(nextEpoch, { members, total_weight: total, threshold: total / 2n + 1n });
  return { union, next, newMembers };
}

/** The committee view an envelope of `epoch` is judged against: the current one, or an epoch change's union. */
export function viewForEpoch(current: CommitteeView, union: CommitteeView | undefined, epoch: bigint): CommitteeView {
  return union !== undefined && epoch === union.epoch ? union : current;
}

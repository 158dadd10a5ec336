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

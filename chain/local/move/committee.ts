/**
 * Mirror of `move/sources/committee.move`: committee construction (with proofs of possession)
 * and certificate verification, with the same checks in the same order.
 *
 * Move keeps each member's key as a validated `Element<G1>`; the object bytes are the compressed
 * key either way, so the local chain keeps the decoded points beside the committee instead: in
 * {@link committeePoints}'s cache, filled once per committee, so a certificate sums points and
 * decompresses nothing, as `g1_add` over stored elements does on Sui.
 * @module
 */
import { toHex } from '@mysten/sui/utils';
import {
  type BlsPublicKeyPoint,
  blsPublicKeyPoint,
  proofOfPossessionMessage,
  verifyAggregate,
  verifyAggregatePoints,
} from '../../certificate.ts';
import {
  BLS_PUBLIC_KEY_LENGTH,
  BLS_SIGNATURE_LENGTH,
  MAX_COMMITTEE_MEMBERS,
  MAX_MEMBER_WEIGHT,
  MAX_NETWORK_ADDRESS_LENGTH,
  MAX_TOTAL_WEIGHT,
  SHARE_ENCRYPTION_KEY_LENGTH,
} from '../../constants.ts';
import { ChainErrorCodes, ChainStoreError } from '../../errors.ts';
import type { CommitteeValue, MemberListValue, MemberValue } from '../../schemas/objects.ts';
import { check } from './abort.ts';

export function emptyCommittee(): CommitteeValue {
  return { members: [], total_weight: 0n, threshold: 0n };
}

/** `committee::new`: one batch of members, then `finish`. */
export function newCommittee(
  publicKeys: Uint8Array[],
  proofsOfPossession: Uint8Array[],
  weights: bigint[],
  suiAddresses: string[],
  networkAddresses: string[],
  shareEncryptionKeys: Uint8Array[],
  threshold: bigint,
): CommitteeValue {
  const list = newMemberList();
  addMembers(list, publicKeys, proofsOfPossession, weights, suiAddresses, networkAddresses, shareEncryptionKeys);
  return finish(list, threshold);
}

export function newMemberList(): MemberListValue {
  return { members: [], total_weight: 0n };
}

/** `committee::add_members`: each member checked as it is admitted, against those already listed too. */
export function addMembers(
  self: MemberListValue,
  publicKeys: Uint8Array[],
  proofsOfPossession: Uint8Array[],
  weights: bigint[],
  suiAddresses: string[],
  networkAddresses: string[],
  shareEncryptionKeys: Uint8Array[],
): void {
  const n = publicKeys.length;
  check(self.members.length + n <= MAX_COMMITTEE_MEMBERS, 'committee', 'ECommitteeTooLarge');
  check(
    proofsOfPossession.length === n &&
      weights.length === n &&
      suiAddresses.length === n &&
      networkAddresses.length === n &&
      shareEncryptionKeys.length === n,
    'committee',
    'ELengthMismatch',
  );
  for (let i = 0; i < n; i++) {
    const publicKey = publicKeys[i] as Uint8Array;
    check(publicKey.length === BLS_PUBLIC_KEY_LENGTH, 'committee', 'EInvalidPublicKeyLength');
    for (const member of self.members) check(!equalBytes(member.public_key, publicKey), 'committee', 'EDuplicatePublicKey');
    const weight = weights[i] as bigint;
    check(weight > 0n, 'committee', 'EZeroWeight');
    check(weight <= MAX_MEMBER_WEIGHT, 'committee', 'EWeightTooLarge');
    const suiAddress = suiAddresses[i] as string;
    // Move's String::length is its length in bytes (UTF-8).
    const networkAddressBytes = new TextEncoder().encode(networkAddresses[i] as string).length;
    check(networkAddressBytes <= MAX_NETWORK_ADDRESS_LENGTH, 'committee', 'ENetworkAddressTooLong');
    const shareEncryptionKey = shareEncryptionKeys[i] as Uint8Array;
    check(isShareEncryptionKeyShaped(shareEncryptionKey), 'committee', 'EInvalidShareEncryptionKey');
    check(proofOfPossessionValid(publicKey, proofsOfPossession[i] as Uint8Array, suiAddress), 'committee', 'EInvalidProofOfPossession');
    self.total_weight += weight;
    self.members.push({
      public_key: publicKey,
      weight,
      sui_address: suiAddress,
      network_address: networkAddresses[i] as string,
      share_encryption_key: shareEncryptionKey,
    });
  }
}

/**
 * Proofs of possession verified before, by key ‖ proof ‖ address: the verification is a function
 * of these bytes alone, and a committee mostly repeats its predecessor's members (or a committee
 * is resubmitted after a failed batch), so each is verified once. Bounded: emptied when full.
 */
const verifiedProofs = new Set<string>();
const MAX_VERIFIED_PROOFS = 4 * MAX_COMMITTEE_MEMBERS;

function proofOfPossessionValid(publicKey: Uint8Array, proof: Uint8Array, suiAddress: string): boolean {
  const id = `${toHex(publicKey)}${toHex(proof)}${suiAddress}`;
  if (verifiedProofs.has(id)) return true;
  if (!verifyAggregate([publicKey], proof, proofOfPossessionMessage(publicKey, suiAddress))) return false;
  if (verifiedProofs.size >= MAX_VERIFIED_PROOFS) verifiedProofs.clear();
  verifiedProofs.add(id);
  return true;
}

/** `committee::finish`: not empty, total weight, threshold. */
export function finish(self: MemberListValue, threshold: bigint): CommitteeValue {
  const { members, total_weight: totalWeight } = self;
  check(members.length > 0, 'committee', 'EEmptyCommittee');
  check(totalWeight <= MAX_TOTAL_WEIGHT, 'committee', 'ETotalWeightTooLarge');
  check(threshold <= totalWeight && threshold * 3n > totalWeight * 2n, 'committee', 'EInvalidThreshold');
  return { members, total_weight: totalWeight, threshold };
}

/** Whether `key` has the shape of a compressed secp256k1 point (33 bytes, prefix 0x02 or 0x03). */
export function isShareEncryptionKeyShaped(key: Uint8Array): boolean {
  return key.length === SHARE_ENCRYPTION_KEY_LENGTH && (key[0] === 2 || key[0] === 3);
}

/** Verifies a certificate and returns the signers' weight. */
export function verifyCertificate(committee: CommitteeValue, signature: Uint8Array, bitmap: Uint8Array, message: Uint8Array): bigint {
  const n = committee.members.length;
  check(n > 0, 'committee', 'EEmptyCommittee');
  check(bitmap.length === Math.ceil(n / 8), 'committee', 'EInvalidBitmap');
  const points = committeePoints(committee);
  let weight = 0n;
  const signers: BlsPublicKeyPoint[] = [];
  for (let i = 0; i < bitmap.length * 8; i++) {
    if ((((bitmap[i >> 3] as number) >> (i & 7)) & 1) === 1) {
      check(i < n, 'committee', 'EInvalidBitmap');
      weight += (committee.members[i] as MemberValue).weight;
      signers.push(points[i] as BlsPublicKeyPoint);
    }
  }
  check(weight >= committee.threshold, 'committee', 'EInsufficientWeight');
  check(signature.length === BLS_SIGNATURE_LENGTH, 'committee', 'EInvalidSignatureLength');
  check(verifyAggregatePoints(signers, signature, message), 'committee', 'EInvalidSignature');
  return weight;
}

/**
 * Committees whose points are kept: the current one, a pending one, and the ones just replaced
 * (a certificate of the old epoch may still be checked while the chain moves on).
 */
const CACHED_COMMITTEES = 4;
const pointsByCommittee = new Map<string, BlsPublicKeyPoint[]>();

/**
 * The decoded keys of a committee's members, in member order, decoded on the committee's first
 * certificate and kept (by the committee's keys, least recently used dropped first). Every key
 * was validated when its member was admitted (its proof of possession verified under it), so
 * decoding cannot fail.
 */
export function committeePoints(committee: CommitteeValue): BlsPublicKeyPoint[] {
  const id = committee.members.map((member) => toHex(member.public_key)).join('');
  const known = pointsByCommittee.get(id);
  if (known !== undefined) {
    pointsByCommittee.delete(id);
    pointsByCommittee.set(id, known);
    return known;
  }
  const points = committee.members.map((member, index) => {
    const point = blsPublicKeyPoint(member.public_key);
    if (point === null)
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `committee member ${index} has a key that is not a G1 point`);
    return point;
  });
  pointsByCommittee.set(id, points);
  if (pointsByCommittee.size > CACHED_COMMITTEES) pointsByCommittee.delete(pointsByCommittee.keys().next().value as string);
  return points;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

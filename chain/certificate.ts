/**
 * Quorum certificates over result batches, as `move/sources/committee.move` verifies them.
 *
 * - Signed bytes: `INTENT_RESULT_BATCH ‖ coordinator id (32 bytes) ‖ bcs(batch) ‖ bcs(epoch as u64)`.
 *   The coordinator's object id binds a certificate to one deployment: a batch certified for one
 *   coordinator (a testnet deployment, an earlier package, another network on the same chain)
 *   does not verify at another, even with the same committee keys and sequence. Move cannot read
 *   the chain id, so it is not signed; an object id already names one chain in practice, being
 *   derived from the digest of the transaction that created it (which commits to that chain's
 *   gas objects).
 * - BLS12-381 in the min-pk setting: public keys are 48-byte compressed G1 points, signatures
 *   96-byte compressed G2 points, hashed to G2 with the standard DST
 *   `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_` (the one `sui::bls12381::bls12381_min_pk_verify` uses).
 * - The aggregate signature is the sum of the signers' signatures; the chain verifies it under
 *   the sum of the signers' public keys, which is sound because every member proved possession
 *   of its key when the committee was installed (`proofOfPossessionMessage`).
 * - Signer bitmap: `ceil(n / 8)` bytes, bit `i % 8` (least significant first) of byte `i / 8`
 *   set for member `i`.
 *
 * Validators sign with `signResultBatch`; relayers combine with `aggregateSignatures` and
 * `signersBitmap`.
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { BLS_PUBLIC_KEY_LENGTH, BLS_SIGNATURE_LENGTH, INTENT_PROOF_OF_POSSESSION, INTENT_RESULT_BATCH } from './constants.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { addressBytes } from './session-id.ts';

const bls = bls12_381.longSignatures;

/** A BLS public key decoded (decompressed and checked to be in G1). */
export type BlsPublicKeyPoint = ReturnType<typeof bls12_381.G1.Point.fromBytes>;

function u64le(value: bigint): Uint8Array {
  if (value < 0n || value >= 1n << 64n) throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'epoch must be a u64');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

/** The bytes a committee signs to certify `batchBytes` (an encoded result batch) for `coordinatorId` in `epoch`. */
export function resultBatchSigningMessage(coordinatorId: string, batchBytes: Uint8Array, epoch: bigint): Uint8Array {
  return concatBytes(INTENT_RESULT_BATCH, addressBytes(coordinatorId), batchBytes, u64le(epoch));
}

/** The bytes a committee member signs to prove possession of its BLS key. */
export function proofOfPossessionMessage(publicKey: Uint8Array, suiAddress: string): Uint8Array {
  return concatBytes(INTENT_PROOF_OF_POSSESSION, publicKey, addressBytes(suiAddress));
}

/** The compressed G1 public key of a BLS secret key (32 bytes, big-endian scalar). */
export function blsPublicKey(secretKey: Uint8Array): Uint8Array {
  return bls.getPublicKey(secretKey).toBytes(true);
}

/** A member's BLS signature over `message`. */
export function blsSign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return bls.sign(bls.hash(message), secretKey).toBytes(true);
}

/** A validator's signature share of a result batch for the coordinator `coordinatorId`. */
export function signResultBatch(secretKey: Uint8Array, coordinatorId: string, batchBytes: Uint8Array, epoch: bigint): Uint8Array {
  return blsSign(secretKey, resultBatchSigningMessage(coordinatorId, batchBytes, epoch));
}

/** A member's proof of possession for the committee registration. */
export function proofOfPossession(secretKey: Uint8Array, suiAddress: string): Uint8Array {
  return blsSign(secretKey, proofOfPossessionMessage(blsPublicKey(secretKey), suiAddress));
}

/** The sum of signatures (each 96 bytes). */
export function aggregateSignatures(signatures: Uint8Array[]): Uint8Array {
  if (signatures.length === 0) throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'no signatures to aggregate');
  try {
    return bls.aggregateSignatures(signatures).toBytes(true);
  } catch (error) {
    throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'a signature is not a valid G2 point', {}, { cause: error });
  }
}

/** Whether `signature` verifies under the sum of `publicKeys`; malformed points verify nothing. */
export function verifyAggregate(publicKeys: Uint8Array[], signature: Uint8Array, message: Uint8Array): boolean {
  if (publicKeys.length === 0 || signature.length !== BLS_SIGNATURE_LENGTH) return false;
  if (publicKeys.some((key) => key.length !== BLS_PUBLIC_KEY_LENGTH)) return false;
  try {
    const aggregate = publicKeys.length === 1 ? (publicKeys[0] as Uint8Array) : bls.aggregatePublicKeys(publicKeys).toBytes(true);
    return bls.verify(signature, bls.hash(message), aggregate);
  } catch {
    return false;
  }
}

/** A public key as a G1 point, or null when the bytes are not one (`g1_from_bytes` would abort). */
export function blsPublicKeyPoint(publicKey: Uint8Array): BlsPublicKeyPoint | null {
  if (publicKey.length !== BLS_PUBLIC_KEY_LENGTH) return null;
  try {
    const point = bls12_381.G1.Point.fromBytes(publicKey);
    point.assertValidity();
    return point;
  } catch {
    return null;
  }
}

/**
 * Whether `signature` verifies under the sum of `points` (keys decoded and validated before, as
 * the chain keeps a committee's keys: `Element<G1>`); a malformed signature verifies nothing.
 */
export function verifyAggregatePoints(points: readonly BlsPublicKeyPoint[], signature: Uint8Array, message: Uint8Array): boolean {
  if (points.length === 0 || signature.length !== BLS_SIGNATURE_LENGTH) return false;
  const aggregate = points.reduce((sum, point) => sum.add(point));
  try {
    return bls.verify(signature, bls.hash(message), aggregate);
  } catch {
    return false;
  }
}

/** The bitmap naming `signers` (member indices) in a committee of `committeeSize`. */
export function signersBitmap(signers: readonly number[], committeeSize: number): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(committeeSize / 8));
  for (const index of signers) {
    if (!Number.isInteger(index) || index < 0 || index >= committeeSize) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `signer ${index} is not a member index below ${committeeSize}`);
    }
    const byte = index >> 3;
    const bit = 1 << (index & 7);
    if ((bitmap[byte] as number) & bit) throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `signer ${index} listed twice`);
    bitmap[byte] = (bitmap[byte] as number) | bit;
  }
  return bitmap;
}

/** The member indices a bitmap names, in increasing order. */
export function signersFromBitmap(bitmap: Uint8Array): number[] {
  const signers: number[] = [];
  for (let i = 0; i < bitmap.length * 8; i++) if (((bitmap[i >> 3] as number) >> (i & 7)) & 1) signers.push(i);
  return signers;
}

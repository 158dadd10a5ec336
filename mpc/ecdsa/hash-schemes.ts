/**
 * What an ECDSA signature covers (PROTOCOL.md §8): the digest of the message under a hash scheme,
 * as a big-endian integer reduced mod q (SEC 1 §4.1.3 with a 256-bit digest and a 256-bit q).
 *
 * Hash schemes have stable u32 ids, the ones the chain records with every approval
 * (chain/constants.ts `HashScheme`): 0 Keccak-256 (Ethereum), 1 SHA-256, 2 double SHA-256
 * (Bitcoin), 3 prehashed (the message is the 32-byte digest). secp256k1 accepts all four, P-256
 * SHA-256 and prehashed.
 *
 * A {@link SignDigest} is the 32-byte digest itself. It is what the user's sign message and the
 * network's verification are functions of: made from (scheme, message) by {@link digestMessage},
 * or taken as is by {@link rawDigest} (a digest computed elsewhere, e.g. a Bitcoin sighash, which
 * the chain approves under the prehashed scheme).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Curve } from '../curves/curve.ts';
import { bytesToBigint } from '../numbers/bytes.ts';
import { isEcdsaCurveName } from './curves.ts';
import { EcdsaError, EcdsaErrorCodes } from './errors.ts';

export const HashSchemes = { KECCAK256: 0, SHA256: 1, DOUBLE_SHA256: 2, PREHASHED: 3 } as const;
export type HashScheme = (typeof HashSchemes)[keyof typeof HashSchemes];

/** The schemes each curve accepts. */
export const HASH_SCHEMES_BY_CURVE: Readonly<Record<'secp256k1' | 'p256', readonly HashScheme[]>> = Object.freeze({
  secp256k1: Object.freeze([HashSchemes.KECCAK256, HashSchemes.SHA256, HashSchemes.DOUBLE_SHA256, HashSchemes.PREHASHED]),
  p256: Object.freeze([HashSchemes.SHA256, HashSchemes.PREHASHED]),
});

export const DIGEST_BYTES = 32;

/** A 32-byte message digest. */
export interface SignDigest {
  readonly bytes: Uint8Array;
}

export function isHashSchemeFor(curve: Curve, scheme: unknown): scheme is HashScheme {
  return isEcdsaCurveName(curve.name) && (HASH_SCHEMES_BY_CURVE[curve.name] as readonly unknown[]).includes(scheme);
}

export function assertHashScheme(curve: Curve, scheme: unknown): asserts scheme is HashScheme {
  if (!isHashSchemeFor(curve, scheme)) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME, `hash scheme ${String(scheme)} is not offered on ${curve.name}`, {
      curve: curve.name,
      scheme,
    });
  }
}

/** The digest of `message` under `scheme` (which must be offered on the curve). */
export function digestMessage(curve: Curve, scheme: HashScheme, message: Uint8Array): SignDigest {
  assertHashScheme(curve, scheme);
  if (!(message instanceof Uint8Array) || message.length === 0) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_DIGEST, 'the message to sign is empty (the chain refuses empty messages)');
  }
  switch (scheme) {
    case HashSchemes.KECCAK256:
      return { bytes: keccak_256(message) };
    case HashSchemes.SHA256:
      return { bytes: sha256(message) };
    case HashSchemes.DOUBLE_SHA256:
      return { bytes: sha256(sha256(message)) };
    case HashSchemes.PREHASHED:
      return rawDigest(message);
  }
}

/** A digest computed elsewhere (exactly 32 bytes). */
export function rawDigest(bytes: Uint8Array): SignDigest {
  if (!(bytes instanceof Uint8Array) || bytes.length !== DIGEST_BYTES) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_DIGEST, `a digest is exactly ${DIGEST_BYTES} bytes`, {
      length: bytes instanceof Uint8Array ? bytes.length : null,
    });
  }
  return { bytes: bytes.slice() };
}

/** m: the digest as a big-endian integer, reduced mod q. */
export function digestScalar(curve: Curve, digest: SignDigest): bigint {
  const { bytes } = rawDigest(digest?.bytes);
  return bytesToBigint(bytes) % curve.order;
}

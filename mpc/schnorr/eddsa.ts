/**
 * Ed25519 signatures (RFC 8032 §5.1.6–§5.1.7) with a raw-scalar key (SPEC-19 decision 5) as a
 * {@link SchnorrScheme}. The key is x itself, not an RFC 8032 seed (a seed's SHA-512 expansion and
 * clamping cannot be computed by two parties holding additive shares of x), and A = x·G; a verifier
 * cannot tell the difference, since verification reads only A.
 *
 *   a = 1, b = 0 (d = x); σ_K = 1 (no normalisation: the point K itself is encoded)
 *   e = int_le(SHA-512(enc(K) ‖ enc(A) ‖ M)) mod ℓ            (RFC 8032 §5.1.6 step 4)
 *   signature enc(K) ‖ le32(s), s = k + e·x mod ℓ              (step 5–6)
 *
 * The message M is signed as is ("PureEdDSA"): the hash scheme SHA512 names the hash inside e.
 * Everything here is public.
 * @module
 */
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { type CurvePoint, getCurve } from '../curves/curve.ts';
import { mod } from '../numbers/modular.ts';
import { signingScheme } from '../signing/algorithms.ts';
import type { SchnorrScheme, SchnorrSigningKey } from './scheme.ts';

const curve = getCurve('ed25519');
const l = curve.order;

export const eddsaScheme: SchnorrScheme = Object.freeze({
  algorithm: 'eddsa',
  curve,
  hashSchemes: signingScheme('ed25519', 'eddsa').hashSchemes,
  signatureBytes: 64,
  signingKey(publicKey: CurvePoint): SchnorrSigningKey {
    return Object.freeze({ publicKey, verificationKey: curve.encodePoint(publicKey), keySign: 1n, keyOffset: 0n });
  },
  nonceSign: () => 1n,
  challenge(nonce: CurvePoint, key: SchnorrSigningKey, message: Uint8Array): bigint {
    return bytesToNumberLE(sha512(concatBytes(curve.encodePoint(nonce), key.verificationKey, message))) % l;
  },
  encodeSignature(nonce: CurvePoint, s: bigint): Uint8Array {
    return concatBytes(curve.encodePoint(nonce), numberToBytesLE(mod(s, l), 32));
  },
});

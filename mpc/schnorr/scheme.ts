/**
 * A Schnorr signature scheme as the threshold protocol sees it (PROTOCOL.md §9;
 * PROTOCOL-EXTENSIONS.md §9.1): every scheme signs s = k + e·d for a nonce point K = k·G and a
 * signing secret d, and differs only in how a public key becomes the key a verifier checks, which
 * signs normalise the nonce and the key, how the challenge e is hashed, and how (K, s) is encoded.
 * The presign, the user's message, its verification and the decryption of s are written once over
 * this interface (presign/, sign/) and instantiated by taproot.ts (BIP-340 under the BIP-86 tweak)
 * and eddsa.ts (Ed25519 with a raw-scalar key).
 *
 * The signing secret is affine in the dWallet's x: d = a·x + b with public a = ±1 and b. The user
 * contributes a·x_A + b and the network a·x_B, so that neither the tweak nor the signs need the
 * other party's secret.
 * @module
 */
import type { Curve, CurvePoint } from '../curves/curve.ts';
import type { HashSchemeId } from '../signing/algorithms.ts';

export const SCHNORR_ALGORITHMS = ['taproot', 'eddsa'] as const;
export type SchnorrAlgorithm = (typeof SCHNORR_ALGORITHMS)[number];

/** A sign of ±1 (BIP-340's normalisation to an even y coordinate; always +1 for EdDSA). */
export type Sign = 1n | -1n;

/** The key a signature of the dWallet with public key X verifies under, and its secret d = a·x + b. */
export interface SchnorrSigningKey {
  /** X, the dWallet's public key. */
  readonly publicKey: CurvePoint;
  /** The bytes a verifier takes: x(Q), 32 bytes (Taproot); enc(X), 32 bytes (EdDSA). */
  readonly verificationKey: Uint8Array;
  /** a: σ_Q·σ_X (Taproot), 1 (EdDSA). */
  readonly keySign: Sign;
  /** b mod q: σ_Q·t (Taproot), 0 (EdDSA). */
  readonly keyOffset: bigint;
}

export interface SchnorrScheme {
  readonly algorithm: SchnorrAlgorithm;
  readonly curve: Curve;
  /** The hash schemes the scheme signs under (mpc/signing/algorithms.ts). */
  readonly hashSchemes: readonly HashSchemeId[];
  /** Bytes of an encoded signature (64 for both). */
  readonly signatureBytes: number;
  /** The signing key of a dWallet's public key X (throws SCHNORR_INVALID_KEY when it has none). */
  signingKey(publicKey: CurvePoint): SchnorrSigningKey;
  /** σ_K, the sign that normalises the nonce: the signature's nonce is σ_K·K with secret σ_K·k. */
  nonceSign(nonce: CurvePoint): Sign;
  /** e mod q, from the nonce point K as combined (the scheme reads what it hashes: x(K) or enc(K)). */
  challenge(nonce: CurvePoint, key: SchnorrSigningKey, message: Uint8Array): bigint;
  /** The 64 signature bytes of (K, s), s being the response for the normalised nonce σ_K·K. */
  encodeSignature(nonce: CurvePoint, s: bigint): Uint8Array;
}

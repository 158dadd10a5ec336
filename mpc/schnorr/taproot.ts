/**
 * Taproot key-path signatures (BIP-340 Schnorr on secp256k1 under the BIP-341 output key with the
 * BIP-86 tweak, SPEC-19 decision 4) as a {@link SchnorrScheme}.
 *
 *   P = lift_x(x(X)) = σ_X·X            σ_X = +1 if X has an even y, else −1   (BIP-340 "lift_x")
 *   t = int(hash_TapTweak(x(P)))        refused if t ≥ q                       (BIP-341 taproot_tweak_pubkey, BIP-86: no script tree)
 *   Q = P + t·G, σ_Q as σ_X for Q       the output key; signatures verify under x(Q)
 *   d = σ_Q·(σ_X·x + t)                 so a = σ_Q·σ_X, b = σ_Q·t             (BIP-340 "Default Signing": negate d for odd y)
 *   σ_K = +1 if K has an even y, else −1; e = int(hash_BIP0340/challenge(x(K) ‖ x(Q) ‖ m)) mod q
 *   signature x(K) ‖ bytes(s), s = σ_K·k + e·d
 *
 * BIP-86 is the tweak wallets apply to a key without scripts (it commits to "no script path", so
 * nobody can hide a script spend in the key), and what @scure/btc-signer's p2tr(x(X)) computes: the
 * dWallet's Taproot address is p2tr(x(X)). The parity of a point is read from its compressed SEC1
 * encoding (02 even, 03 odd). Everything here is public.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { type CurvePoint, getCurve } from '../curves/curve.ts';
import { bigintToBytes, bytesToBigint } from '../numbers/bytes.ts';
import { mod } from '../numbers/modular.ts';
import { signingScheme } from '../signing/algorithms.ts';
import { SchnorrError, SchnorrErrorCodes } from './errors.ts';
import type { SchnorrScheme, SchnorrSigningKey, Sign } from './scheme.ts';

const curve = getCurve('secp256k1');
const q = curve.order;

/** hash_tag(x) = SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ x) (BIP-340 "Design", tagged hashes). */
export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const tagHash = sha256(utf8ToBytes(tag));
  return sha256(concatBytes(tagHash, tagHash, ...parts));
}

/** x(P), 32 bytes. */
export function xOnly(point: CurvePoint): Uint8Array {
  return curve.encodePoint(point).slice(1);
}

/** +1 if the point has an even y coordinate, else −1. */
export function evenYSign(point: CurvePoint): Sign {
  return curve.encodePoint(point)[0] === 0x02 ? 1n : -1n;
}

/** The BIP-86 tweak t of the internal key x(P) (BIP-341: fail if t ≥ q, probability about 2⁻¹²⁸). */
export function tapTweak(internalKey: Uint8Array): bigint {
  const t = bytesToBigint(taggedHash('TapTweak', internalKey));
  if (t >= q) throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_KEY, 'the TapTweak of this key is not below the group order');
  return t;
}

export const taprootScheme: SchnorrScheme = Object.freeze({
  algorithm: 'taproot',
  curve,
  hashSchemes: signingScheme('secp256k1', 'taproot').hashSchemes,
  signatureBytes: 64,
  signingKey(publicKey: CurvePoint): SchnorrSigningKey {
    const sigmaX = evenYSign(publicKey);
    const internal = sigmaX === 1n ? publicKey : publicKey.negate();
    const t = tapTweak(xOnly(internal));
    const output = internal.add(curve.multiplyPublic(curve.generator, t));
    if (output.is0()) throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_KEY, 'the tweaked output key is the identity');
    const sigmaQ = evenYSign(output);
    return Object.freeze({
      publicKey,
      verificationKey: xOnly(output),
      keySign: (sigmaQ * sigmaX) as Sign,
      keyOffset: mod(sigmaQ * t, q),
    });
  },
  nonceSign: evenYSign,
  challenge(nonce: CurvePoint, key: SchnorrSigningKey, message: Uint8Array): bigint {
    return bytesToBigint(taggedHash('BIP0340/challenge', xOnly(nonce), key.verificationKey, message)) % q;
  },
  encodeSignature(nonce: CurvePoint, s: bigint): Uint8Array {
    return concatBytes(xOnly(nonce), bigintToBytes(mod(s, q), 32));
  },
});

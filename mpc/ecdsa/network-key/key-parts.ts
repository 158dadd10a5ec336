/**
 * The network key's public material for one curve (PROTOCOL.md §6): the CL encryption key pk, whose
 * decryption key is shared among the validators, and the two global key parts — points
 * X_B⁰ = x_B⁰·G, X_B¹ = x_B¹·G and their encryptions ct_key⁰ = Enc(x_B⁰), ct_key¹ = Enc(x_B¹)
 * (nobody knows x_B⁰ or x_B¹). Every dWallet's network share is a public affine combination of the
 * parts (dkg/randomizers.ts), and universal presigns are made against ct_key⁰ and ct_key¹.
 *
 * The key commitment, 32 bytes recorded on chain, binds (curve, setup, pk, X_B⁰, X_B¹, ct_key⁰,
 * ct_key¹); it is bound into every dWallet output and presign made under the key, so that none of
 * them can be used with other key material.
 * @module
 */

import { encodeClCiphertext, encodeClPublicKey } from '../../cl/encoding.ts';
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { bigintToBytes } from '../../numbers/bytes.ts';
import { curveIdOf } from '../../signing/algorithms.ts';
import { Transcript } from '../../transcript.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';

export const KEY_COMMITMENT_BYTES = 32;
export const KEY_COMMITMENT_LABEL = 'dwallet/ecdsa/key-commitment/v1';

export interface NetworkKeyParts {
  readonly curve: Curve;
  /** pk, under which the threshold-shared decryption key decrypts. */
  readonly encryptionKey: ClPublicKey;
  /** X_B⁰, X_B¹ */
  readonly publicParts: readonly [CurvePoint, CurvePoint];
  /** ct_key⁰ = Enc(x_B⁰), ct_key¹ = Enc(x_B¹) */
  readonly encryptedParts: readonly [ClCiphertext, ClCiphertext];
  /** The 32-byte key commitment. */
  readonly commitment: Uint8Array;
}

/** The key commitment of (curve, setup, pk, X_B⁰, X_B¹, ct_key⁰, ct_key¹). */
export function keyCommitment(
  curve: Curve,
  encryptionKey: ClPublicKey,
  publicParts: readonly [CurvePoint, CurvePoint],
  encryptedParts: readonly [ClCiphertext, ClCiphertext],
): Uint8Array {
  const { setup } = encryptionKey;
  const transcript = new Transcript(KEY_COMMITMENT_LABEL);
  transcript.appendNumber('curve', curveIdOf(curve));
  transcript.appendNumber('level', setup.level);
  transcript.append('q', bigintToBytes(setup.q));
  transcript.append('discriminant', bigintToBytes(-setup.deltaQ));
  transcript.append('encryption-key', encodeClPublicKey(encryptionKey));
  publicParts.forEach((point, i) => {
    transcript.append(`public-part/${i}`, curve.encodePoint(point));
  });
  encryptedParts.forEach((ct, i) => {
    transcript.append(`encrypted-part/${i}`, encodeClCiphertext(setup, ct));
  });
  return transcript.challengeBytes('commitment', KEY_COMMITMENT_BYTES);
}

/**
 * The key parts with their commitment. Refuses a key whose plaintext modulus is not the curve's
 * order and identity public parts (their encodings would not exist, and X_B would be predictable).
 */
export function networkKeyParts(
  curve: Curve,
  encryptionKey: ClPublicKey,
  publicParts: readonly [CurvePoint, CurvePoint],
  encryptedParts: readonly [ClCiphertext, ClCiphertext],
): NetworkKeyParts {
  if (encryptionKey.setup.q !== curve.order) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `the CL key's plaintext modulus is not the order of ${curve.name}`);
  }
  if (publicParts.some((point) => point.is0())) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, 'a global key part is the identity');
  }
  const parts = [publicParts[0], publicParts[1]] as const;
  const encrypted = [encryptedParts[0], encryptedParts[1]] as const;
  return Object.freeze({
    curve,
    encryptionKey,
    publicParts: parts,
    encryptedParts: encrypted,
    commitment: keyCommitment(curve, encryptionKey, parts, encrypted),
  });
}

/** Throws ECDSA_KEY_MISMATCH unless `commitment` is the key's. */
export function assertKeyCommitment(key: NetworkKeyParts, commitment: Uint8Array, what: string): void {
  const ok =
    commitment instanceof Uint8Array &&
    commitment.length === KEY_COMMITMENT_BYTES &&
    commitment.every((byte, i) => byte === key.commitment[i]);
  if (!ok) throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `${what} was made under another network key`);
}

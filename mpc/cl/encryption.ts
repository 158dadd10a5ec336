/**
 * CL encryption with plaintexts in Z_q (Castagnos–Laguillaumie, CT-RSA 2015, "CL-HSM"):
 * Enc(m; r) = (h^r, f^m·pk^r) with r ← [0, S); Dec: M = c2·c1^(−sk), m = dlog_F(M).
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import { dlogF, powF } from '../classgroups/message-subgroup.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { type RandomSource, randomBits, systemRandom } from '../numbers/random.ts';
import { type ClPublicKey, type ClSecretKey, clPublicKeyPow } from './keys.ts';

export interface ClCiphertext {
  readonly c1: Form;
  readonly c2: Form;
}

/** Fresh encryption randomness r ∈ [0, S). */
export function clRandomness(setup: ClassGroupSetup, rng: RandomSource = systemRandom): bigint {
  return randomBits(rng, setup.randomnessBits);
}

/**
 * Enc(m; r) = (h^r, f^m·pk^r). The randomness r is any integer (proof responses and
 * homomorphic evaluations use r outside [0, S)); fresh encryptions use {@link clRandomness}.
 */
export function clEncryptWith(publicKey: ClPublicKey, m: bigint, r: bigint): ClCiphertext {
  const { setup } = publicKey;
  const c1 = setup.hTable.pow(r);
  const c2 = setup.group.compose(powF(setup, m), clPublicKeyPow(publicKey, r));
  return { c1, c2 };
}

/** A fresh encryption of m mod q under pk, with its randomness (kept for proofs, never sent). */
export function clEncrypt(
  publicKey: ClPublicKey,
  m: bigint,
  rng: RandomSource = systemRandom,
): { ciphertext: ClCiphertext; randomness: bigint } {
  const randomness = clRandomness(publicKey.setup, rng);
  return { ciphertext: clEncryptWith(publicKey, m, randomness), randomness };
}

/**
 * m ∈ [0, q) from a ciphertext under the secret key's public key. Throws
 * `FORM_NOT_IN_MESSAGE_SUBGROUP` when c2·c1^(−sk) is not in F (the ciphertext was not produced
 * under this key). Variable time in sk (see classgroups/exponentiation.ts).
 *
 * M is squared before its discrete logarithm is taken, m = dlog_F(M²)·2⁻¹ mod q: a ciphertext
 * that arrived with a proof is only proven up to an element of order 2 (proofs/batch.ts), and
 * squaring removes that element (the 2-Sylow subgroup has order 2, classgroups/setup.ts) while
 * keeping f^m, of odd order q, recoverable.
 */
export function clDecrypt(secretKey: ClSecretKey, ciphertext: ClCiphertext): bigint {
  const { setup, value } = secretKey;
  const { group, q } = setup;
  const M = group.compose(ciphertext.c2, group.pow(ciphertext.c1, -value));
  return (dlogF(setup, group.square(M)) * ((q + 1n) / 2n)) % q;
}

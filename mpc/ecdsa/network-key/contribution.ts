/**
 * A validator's contribution to the global key parts (PROTOCOL.md §6): it draws x_j⁰, x_j¹ and
 * proves EncDL for (Enc(x_j⁰), x_j⁰·G) and (Enc(x_j¹), x_j¹·G) in one batched proof; the parts are
 * the sums over the agreed contributors, X_B^b = Σ x_j^b·G and ct_key^b = ⊕ Enc(x_j^b), so
 * x_B^b = Σ x_j^b is known to nobody unless every contributor colludes.
 *
 * The aggregation round itself (batch verification, agreement on the contributors, sums) is the
 * session layer's (mpc/session/aggregation.ts); this module says what is proven and how the sums
 * become key parts.
 *
 * Secrets: x_j^b and their encryption randomness live only in the witnesses of the round's proof
 * (variable-time class-group exponentiation, see classgroups/exponentiation.ts).
 * @module
 */
import type { ClPublicKey } from '../../cl/keys.ts';
import type { Curve } from '../../curves/curve.ts';
import { type RandomSource, randomBelow, randomBits } from '../../numbers/random.ts';
import type { Statement, Witness } from '../../proofs/language.ts';
import { encDlLanguage, encDlStatementParts } from '../../proofs/languages/enc-dl.ts';
import type { Part } from '../../session/contribution.ts';
import { type NetworkKeyParts, networkKeyParts } from './key-parts.ts';

/** The proof's name within the round (bound into every transcript). */
export const KEY_PARTS_PROOF = 'global key parts';

/** The one part of the round: EncDL under pk, two statements per validator. */
export function keyPartsProofParts(curve: Curve, encryptionKey: ClPublicKey): Part[] {
  return [{ name: KEY_PARTS_PROOF, language: encDlLanguage(curve, encryptionKey), count: 2 }];
}

/** Fresh witnesses (x, η) for the two parts. */
export function keyPartsWitnesses(curve: Curve, encryptionKey: ClPublicKey, rng: RandomSource): Witness[] {
  const { setup } = encryptionKey;
  return [0, 1].map(() => [1n + randomBelow(rng, curve.order - 1n), randomBits(rng, setup.randomnessBits)]);
}

/** The key parts from the summed EncDL statements (ct_key⁰, X_B⁰), (ct_key¹, X_B¹). */
export function keyPartsFromSums(curve: Curve, encryptionKey: ClPublicKey, sums: readonly Statement[]): NetworkKeyParts {
  const [first, second] = sums.map(encDlStatementParts) as [ReturnType<typeof encDlStatementParts>, ReturnType<typeof encDlStatementParts>];
  return networkKeyParts(curve, encryptionKey, [first.point, second.point], [first.ciphertext, second.ciphertext]);
}

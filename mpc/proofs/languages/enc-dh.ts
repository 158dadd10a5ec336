/**
 * L_EncDH⟨k⟩[ct₁, …, ct_k]: an encryption of y and, for each public ciphertext ctᵢ, a fresh
 * re-randomisation of y⊙ctᵢ (PROTOCOL.md §5),
 * φ(y, η, η₁, …, η_k) = (Enc(y; η), y⊙ct₁ ⊕ Enc(0; η₁), …, y⊙ct_k ⊕ Enc(0; η_k)).
 * In presigning (§8, round 1) each validator proves EncDH⟨2⟩[ct_key⁰, ct_key¹] for its mask
 * share γᵢ: (Enc(γᵢ), Enc(γᵢ·x_B⁰), Enc(γᵢ·x_B¹)).
 *
 * y is an integer (|y| < 2^⌈log₂ q⌉), not a scalar: it raises arbitrary class-group ciphertexts
 * ctᵢ, whose components have unknown order, so y and y + q give different statements and φ is a
 * homomorphism only over ℤ. η, ηᵢ are integers below 2^s (the randomness range S of §3).
 * @module
 */
import { type ClCiphertext, clEncryptWith } from '../../cl/encryption.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { LanguageParameterError, ProofErrorCodes } from '../errors.ts';
import { encodePublicParameters, integerFactor, type Language, type Statement } from '../language.ts';
import { ciphertextAt, ciphertextFactors, ciphertextValues, rerandomizedCombination } from './ciphertexts.ts';
import { ciphertextParameter, clKeyParameter } from './parameters.ts';

/** EncDH⟨k⟩ over the public ciphertexts ct₁..ct_k (k ≥ 1). Witness (y, η, η₁..η_k), statement (Enc(y), y⊙ct₁ ⊕ Enc(0), …). */
export function encDhLanguage(publicKey: ClPublicKey, ciphertexts: readonly ClCiphertext[]): Language {
  if (!Array.isArray(ciphertexts) || ciphertexts.length === 0) {
    throw new LanguageParameterError(ProofErrorCodes.PROOF_INVALID_PUBLIC_PARAMETERS, 'EncDH needs at least one public ciphertext');
  }
  const { setup } = publicKey;
  const publicParameters = encodePublicParameters(
    clKeyParameter(publicKey),
    ...ciphertexts.map((ct, i) => ciphertextParameter(setup, ct, `EncDH: ciphertext ${i + 1}`)),
  );
  const randomness = integerFactor(setup.randomnessBits);
  return {
    name: `EncDH<${ciphertexts.length}>`,
    witness: [integerFactor(bitLength(setup.q)), randomness, ...ciphertexts.map(() => randomness)],
    statement: [...ciphertextFactors(setup), ...ciphertexts.flatMap(() => ciphertextFactors(setup))],
    scalarOrder: setup.q,
    publicParameters,
    map: ([y, eta, ...etas]) => [
      ...ciphertextValues(clEncryptWith(publicKey, y as bigint, eta as bigint)),
      ...ciphertexts.flatMap((ct, i) => ciphertextValues(rerandomizedCombination(publicKey, [ct], [y as bigint], etas[i] as bigint))),
    ],
  };
}

/** The statement (Enc(y), y⊙ct₁ ⊕ Enc(0), …) as EncDH lays it out. */
export function encDhStatement(encryption: ClCiphertext, products: readonly ClCiphertext[]): Statement {
  return [...ciphertextValues(encryption), ...products.flatMap(ciphertextValues)];
}

/** The ciphertexts of an EncDH⟨k⟩ statement: Enc(y) and the k products. */
export function encDhStatementParts(statement: Statement): { encryption: ClCiphertext; products: ClCiphertext[] } {
  const products: ClCiphertext[] = [];
  for (let offset = 2; offset < statement.length; offset += 2) products.push(ciphertextAt(statement, offset));
  return { encryption: ciphertextAt(statement, 0), products };
}

/**
 * L_ScaleDL[ct₀]: a re-randomised multiple of a public ciphertext and the same multiple of G
 * (PROTOCOL.md §5), φ(x, η) = (x⊙ct₀ ⊕ Enc(0; η), x·G). In presigning (§8, round 3) each
 * validator proves it for its nonce parts k_jⁱ against ct_γ: (Enc(γ·k_jⁱ), k_jⁱ·G).
 *
 * x is an integer (|x| < 2^⌈log₂ q⌉), not a scalar: it raises the class-group ciphertext ct₀,
 * whose components have unknown order, so φ is a homomorphism only over ℤ (x·G is taken mod q,
 * which respects that). η is an integer below 2^s (the randomness range S of §3).
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import { type Curve, type CurvePoint, multiplyAs } from '../../curves/curve.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { encodePublicParameters, integerFactor, type Language, pointFactor, type Statement } from '../language.ts';
import { ciphertextAt, ciphertextFactors, ciphertextValues, rerandomizedCombination } from './ciphertexts.ts';
import { ciphertextParameter, curveAndKeyParameter } from './parameters.ts';

/** ScaleDL[ct₀] under `publicKey` on `curve`. Witness (x, η), statement (x⊙ct₀ ⊕ Enc(0; η), x·G). */
export function scaleDlLanguage(curve: Curve, publicKey: ClPublicKey, ciphertext: ClCiphertext): Language {
  const { setup } = publicKey;
  const publicParameters = encodePublicParameters(
    curveAndKeyParameter('ScaleDL', curve, publicKey),
    ciphertextParameter(setup, ciphertext, 'ScaleDL: the ciphertext ct₀'),
  );
  return {
    name: 'ScaleDL',
    witness: [integerFactor(bitLength(setup.q)), integerFactor(setup.randomnessBits)],
    statement: [...ciphertextFactors(setup), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters,
    map: ([x, eta], secrecy) => [
      ...ciphertextValues(rerandomizedCombination(publicKey, [ciphertext], [x as bigint], eta as bigint)),
      multiplyAs(curve, secrecy)(curve.generator, x as bigint),
    ],
  };
}

/** The statement (ct, X) as ScaleDL lays it out. */
export function scaleDlStatement(ciphertext: ClCiphertext, point: CurvePoint): Statement {
  return [...ciphertextValues(ciphertext), point];
}

/** The ciphertext and point of a ScaleDL statement. */
export function scaleDlStatementParts(statement: Statement): { ciphertext: ClCiphertext; point: CurvePoint } {
  return { ciphertext: ciphertextAt(statement, 0), point: statement[2] as CurvePoint };
}

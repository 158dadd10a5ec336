/**
 * L_DComEval[ct₁, ct₂]: a circuit-private linear evaluation of two public ciphertexts whose
 * coefficients are committed to (PROTOCOL.md §3, §5),
 * φ(a₁, a₂, ρ₁, ρ₂, η) = (ct₁^a₁ · ct₂^a₂ · Enc(0; η) componentwise, Com(a₁ mod q; ρ₁), Com(a₂ mod q; ρ₂)).
 * In signing (§8) the user proves it for ct_A = Eval(a₁, a₂; ct_γ, ct_γx_B) against the
 * commitments C₁, C₂ the verifier recomputes, and for ct_αβ = Eval(β, α; ct_γ, ct_γk') against
 * C_β, C_α.
 *
 * The ciphertext is exactly what clEvaluate produces: its exponents aᵢ are the re-randomised
 * coefficients cᵢ + rᵢ·q (cᵢ ∈ [0, q), rᵢ ∈ [0, S)), so they are integers of up to
 * ⌈log₂ q⌉ + s + 1 bits and act on ciphertexts of unknown order; the commitments see them mod q,
 * which is cᵢ, since G and H have order q. ρ₁, ρ₂ are scalars (Pedersen randomness), η an
 * integer below 2^s.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { EvaluationRandomness } from '../../cl/homomorphic.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import { pedersen } from '../../commitments/pedersen.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { encodePublicParameters, integerFactor, type Language, pointFactor, SCALAR, type Statement, type Witness } from '../language.ts';
import { ciphertextAt, ciphertextFactors, ciphertextValues, rerandomizedCombination } from './ciphertexts.ts';
import { ciphertextParameter, curveAndKeyParameter, pedersenParameter } from './parameters.ts';

/** Bits of the exponents aᵢ = cᵢ + rᵢ·q of a circuit-private evaluation under this setup. */
export function evaluationExponentBits(publicKey: ClPublicKey): number {
  return bitLength(publicKey.setup.q) + publicKey.setup.randomnessBits + 1;
}

/** DComEval[ct₁, ct₂] under `publicKey` on `curve`. Witness (a₁, a₂, ρ₁, ρ₂, η), statement (ct, C₁, C₂). */
export function dcomEvalLanguage(curve: Curve, publicKey: ClPublicKey, ciphertexts: readonly [ClCiphertext, ClCiphertext]): Language {
  const { setup } = publicKey;
  const commitment = pedersen(curve);
  const [ct1, ct2] = ciphertexts;
  const publicParameters = encodePublicParameters(
    curveAndKeyParameter('DComEval', curve, publicKey),
    pedersenParameter(commitment),
    ciphertextParameter(setup, ct1, 'DComEval: the ciphertext ct₁'),
    ciphertextParameter(setup, ct2, 'DComEval: the ciphertext ct₂'),
  );
  const exponent = integerFactor(evaluationExponentBits(publicKey));
  return {
    name: 'DComEval',
    witness: [exponent, exponent, SCALAR, SCALAR, integerFactor(setup.randomnessBits)],
    statement: [...ciphertextFactors(setup), pointFactor(curve), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters,
    map: ([a1, a2, rho1, rho2, eta]) => [
      ...ciphertextValues(rerandomizedCombination(publicKey, [ct1, ct2], [a1 as bigint, a2 as bigint], eta as bigint)),
      commitment.commit(a1 as bigint, rho1 as bigint),
      commitment.commit(a2 as bigint, rho2 as bigint),
    ],
  };
}

/**
 * The witness of a DComEval proof from clEvaluate's output (its exponents and η) and the
 * Pedersen randomness (ρ₁, ρ₂) of the commitments to the coefficients.
 */
export function dcomEvalWitness(
  evaluation: { readonly exponents: readonly bigint[]; readonly randomness: EvaluationRandomness },
  commitmentRandomness: readonly [bigint, bigint],
): Witness {
  const [a1, a2] = evaluation.exponents as [bigint, bigint];
  return [a1, a2, commitmentRandomness[0], commitmentRandomness[1], evaluation.randomness.eta];
}

/** The statement (ct, C₁, C₂) as DComEval lays it out. */
export function dcomEvalStatement(ciphertext: ClCiphertext, commitments: readonly [CurvePoint, CurvePoint]): Statement {
  return [...ciphertextValues(ciphertext), commitments[0], commitments[1]];
}

/** The ciphertext and commitments of a DComEval statement. */
export function dcomEvalStatementParts(statement: Statement): { ciphertext: ClCiphertext; commitments: [CurvePoint, CurvePoint] } {
  return { ciphertext: ciphertextAt(statement, 0), commitments: [statement[2] as CurvePoint, statement[3] as CurvePoint] };
}

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
import { clLinearCombination } from '../../cl/homomorphic.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import { pedersen } from '../../commitments/pedersen.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { bigintToBytes, bitLength } from '../../numbers/bytes.ts';
import { LanguageParameterError, ProofErrorCodes } from '../errors.ts';
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
    map: ([a1, a2, rho1, rho2, eta], secrecy) => [
      ...ciphertextValues(rerandomizedCombination(publicKey, [ct1, ct2], [a1 as bigint, a2 as bigint], eta as bigint)),
      commitment.commit(a1 as bigint, rho1 as bigint, secrecy),
      commitment.commit(a2 as bigint, rho2 as bigint, secrecy),
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

/** A ciphertext given by its parts: Σ μᵢ⊙ctᵢ for public ciphertexts ctᵢ and public integers μᵢ ≥ 0. */
export interface CiphertextCombination {
  readonly ciphertexts: readonly ClCiphertext[];
  readonly coefficients: readonly bigint[];
}

/** DComEval[ct₁, Σ μᵢ⊙ctᵢ], with the parts of its second ciphertext at hand for verifiers. */
export interface DComEvalCombinationLanguage extends Language {
  readonly publicKey: ClPublicKey;
  /** ct₁ */
  readonly first: ClCiphertext;
  /** ct₂ = Σ μᵢ⊙ctᵢ, by its parts. */
  readonly second: CiphertextCombination;
  /** ct₂ itself (computed on first use, then kept). */
  secondCiphertext(): ClCiphertext;
}

/**
 * DComEval[ct₁, ct₂] for ct₂ = Σ μᵢ⊙ctᵢ, the relation of {@link dcomEvalLanguage} with ct₂ bound into
 * the transcript by its parts (each ctᵢ and μᵢ) instead of by its reduced form. In signing, ct₂
 * is ct_γk' = μ_k⁰⊙ct_γk⁰ ⊕ μ_k¹⊙ct_γk¹ ⊕ μ_k^G⊙ct_γ or ct_γx_B, and the parts are the presign's
 * ciphertexts: a verifier then never has to compute ct₂, and can raise the parts, which live as
 * long as the presign, to μᵢ·z₂ directly (sign/prepared.ts, proofs/dcom-eval-combined.ts). The
 * parts determine ct₂, so the statement and the soundness are those of DComEval; φ computes ct₂
 * once and evaluates exactly as {@link dcomEvalLanguage} does.
 */
export function dcomEvalCombinationLanguage(
  curve: Curve,
  publicKey: ClPublicKey,
  first: ClCiphertext,
  second: CiphertextCombination,
): DComEvalCombinationLanguage {
  const { setup } = publicKey;
  const commitment = pedersen(curve);
  const { ciphertexts, coefficients } = second ?? {};
  if (
    !Array.isArray(ciphertexts) ||
    !Array.isArray(coefficients) ||
    ciphertexts.length === 0 ||
    ciphertexts.length !== coefficients.length
  ) {
    throw new LanguageParameterError(
      ProofErrorCodes.PROOF_INVALID_PUBLIC_PARAMETERS,
      'DComEval over a combination: need as many coefficients as ciphertexts, at least one',
    );
  }
  if (!coefficients.every((mu) => typeof mu === 'bigint' && mu >= 0n)) {
    throw new LanguageParameterError(
      ProofErrorCodes.PROOF_INVALID_PUBLIC_PARAMETERS,
      'DComEval over a combination: the coefficients must be non-negative integers',
    );
  }
  const publicParameters = encodePublicParameters(
    curveAndKeyParameter('DComEval over a combination', curve, publicKey),
    pedersenParameter(commitment),
    ciphertextParameter(setup, first, 'DComEval: the ciphertext ct₁'),
    bigintToBytes(BigInt(ciphertexts.length), 2),
    ...ciphertexts.map((ct, i) => ciphertextParameter(setup, ct, `DComEval: the part ${i} of ct₂`)),
    ...coefficients.map((mu) => bigintToBytes(mu)),
  );
  let ct2: ClCiphertext | undefined;
  const secondCiphertext = (): ClCiphertext => {
    ct2 ??= clLinearCombination(setup, coefficients, ciphertexts);
    return ct2;
  };
  const exponent = integerFactor(evaluationExponentBits(publicKey));
  return {
    name: 'DComEval over a combination',
    witness: [exponent, exponent, SCALAR, SCALAR, integerFactor(setup.randomnessBits)],
    statement: [...ciphertextFactors(setup), pointFactor(curve), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters,
    publicKey,
    first,
    second: { ciphertexts: [...ciphertexts], coefficients: [...coefficients] },
    secondCiphertext,
    map: ([a1, a2, rho1, rho2, eta], secrecy) => [
      ...ciphertextValues(rerandomizedCombination(publicKey, [first, secondCiphertext()], [a1 as bigint, a2 as bigint], eta as bigint)),
      commitment.commit(a1 as bigint, rho1 as bigint, secrecy),
      commitment.commit(a2 as bigint, rho2 as bigint, secrecy),
    ],
  };
}

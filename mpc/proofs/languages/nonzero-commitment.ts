/**
 * "C commits to a non-zero value" (PROTOCOL.md §8, sign step 1): L_DCom with the commitment
 * itself as message generator. For C = k·G + ρ·H with k ≠ 0, the witness (k⁻¹, −k⁻¹·ρ) maps to
 * k⁻¹·C − k⁻¹ρ·H = G, so the statement is G. A commitment to 0 is C = ρ·H, and a proof for it
 * would give a·ρ·H + b·H = G, i.e. log_H G: binding of Pedersen commitments (the discrete
 * logarithm assumption) is what makes the proof sound.
 * @module
 */
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { modInverse } from '../../numbers/modular.ts';
import { type RandomSource, systemRandom } from '../../numbers/random.ts';
import type { ProofContext } from '../context.ts';
import { ProofErrorCodes, WitnessError } from '../errors.ts';
import { type MaurerProof, proveMaurer, type VerificationResult, verifyMaurer } from '../maurer.ts';
import { dcomLanguage } from './dcom.ts';

/** Prove that `commitment` = k·G + ρ·H commits to k ≠ 0 (k, ρ ∈ [0, q)). */
export function proveNonZeroCommitment(
  curve: Curve,
  context: ProofContext,
  commitment: CurvePoint,
  opening: { readonly value: bigint; readonly randomness: bigint },
  rng: RandomSource = systemRandom,
): MaurerProof {
  const q = curve.order;
  const { value, randomness } = opening;
  if (value <= 0n || value >= q || randomness < 0n || randomness >= q) {
    throw new WitnessError(ProofErrorCodes.PROOF_WITNESS_OUT_OF_RANGE, 'non-zero commitment: the value must lie in [1, q) and ρ in [0, q)');
  }
  const inverse = modInverse(value, q);
  const witness = [inverse, (q - ((inverse * randomness) % q)) % q];
  const { proof, statements } = proveMaurer(dcomLanguage(curve, commitment), context, [witness], rng);
  const [[statement]] = statements as [[CurvePoint]];
  if (!statement.equals(curve.generator)) {
    throw new WitnessError(ProofErrorCodes.PROOF_WITNESS_MISMATCH, 'non-zero commitment: (value, ρ) is not an opening of the commitment');
  }
  return proof;
}

/** Verify that `commitment` commits to a non-zero value. */
export function verifyNonZeroCommitment(
  curve: Curve,
  context: ProofContext,
  commitment: CurvePoint,
  proof: MaurerProof,
): VerificationResult {
  if (commitment.is0()) return { valid: false, reason: 'the commitment is the identity' };
  return verifyMaurer(dcomLanguage(curve, commitment), context, [[curve.generator]], proof);
}

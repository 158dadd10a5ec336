/**
 * Batch verification of many Maurer proofs of one language (PROTOCOL.md §5): one random linear
 * combination with 128-bit weights ρ_k checks all of them at the cost of one φ evaluation and
 * one multi-exponentiation,
 *     φ(Σ ρ_k·z_k) = Σ ρ_k·T_k + Σ_k Σ_i (ρ_k·e_{k,i})·X_{k,i},
 * since φ is a homomorphism. Only when that fails are the invalid proofs searched for, by halving
 * the set and re-checking each half with fresh weights, down to single proofs; this names exactly
 * the invalid provers.
 *
 * Soundness: on curve factors an invalid proof passes the combined check with probability
 * ≤ 2^−128. On class-group factors, Maurer proofs — single or batched — prove their relation only
 * up to elements of small order: an error of order d in a statement is multiplied by a challenge
 * (or weight), and a prover who guesses that number mod d passes with probability 1/d. Elements of
 * order 2 are easy to compute here (p and q are public); elements of other small orders are not
 * (the low-order assumption of the CL setting).
 *
 * Same verdict at every verifier (PROTOCOL.md §5): class-group equations are judged up to order 2
 * (factors.ts `equationHolds`: both sides squared, which removes the whole 2-Sylow subgroup of this
 * setup). A proof whose only error is of order 2 — in its mask or in a statement — therefore
 * verifies singly and in every batch, whatever the weights; without the squaring, a mask off by an
 * element of order 2 fails every single check but passes a combined check whenever its random
 * weight is even, and two honest validators would judge the same message differently. The relation
 * is thus proven up to order 2, and every class-group statement proven in this project ends in a
 * threshold decryption whose result is raised to an even exponent (threshold/combine.ts), which
 * removes such errors.
 * @module
 */

import { mod } from '../numbers/modular.ts';
import { type RandomSource, randomBits, systemRandom } from '../numbers/random.ts';
import type { ProofContext } from './context.ts';
import { combineFactor, equationHolds } from './factors.ts';
import type { GroupValue, Language, Statement } from './language.ts';
import {
  checkProofShape,
  type MaurerProof,
  maskPlusCombination,
  maurerChallenges,
  type VerificationResult,
  verifyMaurer,
} from './maurer.ts';

export interface ProofToVerify<Id = number> {
  /** Who made the proof (used to report blame). */
  readonly prover: Id;
  readonly context: ProofContext;
  readonly statements: readonly Statement[];
  readonly proof: MaurerProof;
}

export interface BatchVerification<Id = number> {
  /** Provers whose proofs verified. */
  readonly valid: Id[];
  /** Provers whose proofs did not, with the reason. */
  readonly invalid: { prover: Id; reason: string }[];
  /** Whether the first combined check over all proofs passed (no search for invalid ones was needed). */
  readonly combinedCheckPassed: boolean;
}

/** Weight bits of the random linear combination. */
export const BATCH_WEIGHT_BITS = 128;

/** Verify many proofs of one language; name the provers of invalid ones. */
export function verifyMaurerBatch<Id>(
  language: Language,
  items: readonly ProofToVerify<Id>[],
  rng: RandomSource = systemRandom,
): BatchVerification<Id> {
  const invalid: { prover: Id; reason: string }[] = [];
  const candidates: Candidate<Id>[] = [];
  for (const item of items) {
    const shape = checkProofShape(language, item.statements, item.proof);
    if (!shape.valid) {
      invalid.push({ prover: item.prover, reason: shape.reason });
      continue;
    }
    candidates.push({ item, challenges: maurerChallenges(language, item.context, item.statements, item.proof.mask) });
  }
  if (candidates.length === 0) return { valid: [], invalid, combinedCheckPassed: false };
  if (candidates.length === 1) {
    const { item } = candidates[0] as (typeof candidates)[number];
    const result: VerificationResult = verifyMaurer(language, item.context, item.statements, item.proof);
    return result.valid
      ? { valid: [item.prover], invalid, combinedCheckPassed: true }
      : { valid: [], invalid: [...invalid, { prover: item.prover, reason: result.reason }], combinedCheckPassed: false };
  }

  const combinedCheckPassed = combinedCheck(language, candidates, rng);
  if (combinedCheckPassed) return { valid: candidates.map(({ item }) => item.prover), invalid, combinedCheckPassed };

  // Find the invalid proofs by halving: a half that passes its own combined check is cleared at
  // once, so k bad proofs among n cost about 2k·log2(n/k) smaller checks instead of n one-by-one
  // verifications.
  const valid: Id[] = [];
  const pending: Candidate<Id>[][] = [candidates];
  while (pending.length > 0) {
    const group = pending.pop() as Candidate<Id>[];
    if (group.length <= SINGLE_CHECK_BELOW) {
      for (const { item, challenges } of group) {
        if (singleCheck(language, item, challenges)) valid.push(item.prover);
        else invalid.push({ prover: item.prover, reason: 'φ(z) ≠ T + Σ eᵢ·Xᵢ' });
      }
      continue;
    }
    const half = group.length >> 1;
    for (const part of [group.slice(0, half), group.slice(half)]) {
      if (combinedCheck(language, part, rng)) valid.push(...part.map(({ item }) => item.prover));
      else pending.push(part);
    }
  }
  const order = new Map(items.map((item, i) => [item.prover, i]));
  const byInput = (a: Id, b: Id) => (order.get(a) as number) - (order.get(b) as number);
  valid.sort(byInput);
  invalid.sort((a, b) => byInput(a.prover, b.prover));
  return { valid, invalid, combinedCheckPassed };
}

interface Candidate<Id> {
  readonly item: ProofToVerify<Id>;
  readonly challenges: bigint[];
}

/** Groups this small are verified one by one rather than split further. */
const SINGLE_CHECK_BELOW = 3;

/** φ(z) = T + Σ eᵢ·Xᵢ for one proof. */
function singleCheck<Id>(language: Language, item: ProofToVerify<Id>, challenges: readonly bigint[]): boolean {
  const right = maskPlusCombination(language, item.proof.mask, item.statements, challenges);
  const left = language.map(item.proof.responses, 'public');
  return language.statement.every((factor, f) => equationHolds(factor, left[f] as GroupValue, right[f] as GroupValue));
}

/** φ(Σ ρ_k·z_k) = Σ ρ_k·T_k + Σ ρ_k·e_{k,i}·X_{k,i} with fresh random weights ρ_k. */
function combinedCheck<Id>(language: Language, candidates: readonly Candidate<Id>[], rng: RandomSource): boolean {
  if (candidates.length === 1) {
    const { item, challenges } = candidates[0] as Candidate<Id>;
    return singleCheck(language, item, challenges);
  }
  const weights = candidates.map(() => randomBits(rng, BATCH_WEIGHT_BITS));
  const combinedResponses = language.witness.map((factor, f) => {
    let z = 0n;
    candidates.forEach(({ item }, k) => {
      z += (weights[k] as bigint) * (item.proof.responses[f] as bigint);
    });
    return factor.kind === 'scalar' ? mod(z, language.scalarOrder) : z;
  });
  const left = language.map(combinedResponses, 'public');
  // One multi-exponentiation per statement factor.
  return language.statement.every((factor, f) => {
    const values: GroupValue[] = [];
    const coefficients: bigint[] = [];
    candidates.forEach(({ item, challenges }, k) => {
      const rho = weights[k] as bigint;
      values.push(item.proof.mask[f] as GroupValue);
      coefficients.push(rho);
      item.statements.forEach((statement, i) => {
        values.push(statement[f] as GroupValue);
        coefficients.push(rho * (challenges[i] as bigint));
      });
    });
    return equationHolds(factor, left[f] as GroupValue, combineFactor(factor, values, coefficients));
  });
}

/**
 * Batched Maurer proofs made non-interactive with Fiat–Shamir (PROTOCOL.md §5; Maurer,
 * "Unifying zero-knowledge proofs of knowledge", AFRICACRYPT 2009).
 *
 * For witnesses w₁…w_m of one language: mask r, statement mask T = φ(r), challenges
 * e₁…e_m ∈ [0, 2^128) squeezed from a transcript binding the context, the language, every
 * statement Xᵢ and T; response z = r + Σ eᵢ·wᵢ. The verifier checks the ranges of z and
 * φ(z) = T + Σ eᵢ·Xᵢ — on class-group factors up to an element of order 2 (factors.ts
 * `equationHolds`), the rule under which single and batch verification always agree (batch.ts).
 * @module
 */

import { ErrorCodes, ParameterError } from '../errors.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { CHALLENGE_BITS } from '../transcript.ts';
import { appendStatements, languageTranscript, type ProofContext } from './context.ts';
import {
  addFactor,
  assertWitnessInRange,
  combineFactor,
  equationHolds,
  hasFactorShape,
  response,
  responsesInRange,
  sampleMask,
} from './factors.ts';
import type { GroupValue, Language, Statement, Witness } from './language.ts';

export interface MaurerProof {
  /** T = φ(r), statement-shaped. */
  readonly mask: Statement;
  /** z = r + Σ eᵢ·wᵢ, witness-shaped. */
  readonly responses: readonly bigint[];
}

/** Why a proof was rejected (for logs and blame evidence; never contains secrets). */
export type VerificationResult = { readonly valid: true } | { readonly valid: false; readonly reason: string };

const VALID: VerificationResult = Object.freeze({ valid: true });

/** The challenges e₁…e_m of a proof (shared by prover, verifier and batch verifier). */
export function maurerChallenges(language: Language, context: ProofContext, statements: readonly Statement[], mask: Statement): bigint[] {
  const transcript = languageTranscript('maurer', language, context);
  appendStatements(transcript, 'statement', language, statements);
  appendStatements(transcript, 'mask', language, [mask]);
  return statements.map((_, i) => transcript.challengeInteger(`challenge/${i}`, CHALLENGE_BITS));
}

/** A mask the caller drew with `sampleMask(language, terms, rng)` and evaluated, T = φ(r). */
export interface PrecomputedMask {
  readonly randomness: Witness;
  readonly statement: Statement;
}

/**
 * Prove knowledge of witnesses for the statements φ(wᵢ); returns the proof and the statements.
 * `options.statements` may carry the φ(wᵢ) the caller already holds; `options.mask` a mask r the
 * caller drew with `sampleMask` for this language and number of statements, with T = φ(r), when it
 * computes several evaluations at once (e.g. the user's DComEval proofs share their bases). A
 * mask is used for one proof only: two responses with one r reveal the witness difference.
 */
export function proveMaurer(
  language: Language,
  context: ProofContext,
  witnesses: readonly Witness[],
  rng: RandomSource = systemRandom,
  options: { statements?: readonly Statement[]; mask?: PrecomputedMask } = {},
): { proof: MaurerProof; statements: Statement[] } {
  if (witnesses.length === 0) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `${language.name}: nothing to prove`);
  for (const w of witnesses) assertWitnessInRange(language, w);
  // A protocol that already computed φ(wᵢ) (an evaluated ciphertext, a commitment) passes it in
  // and saves the evaluation; a wrong one only makes the caller's own proof fail to verify.
  const given = options.statements;
  if (given !== undefined && given.length !== witnesses.length) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `${language.name}: one precomputed statement per witness`);
  }
  const statements = given !== undefined ? [...given] : witnesses.map((w) => language.map(w));
  if (options.mask !== undefined && options.mask.randomness.length !== language.witness.length) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `${language.name}: a precomputed mask has one value per witness factor`);
  }
  const r = options.mask?.randomness ?? sampleMask(language, witnesses.length, rng);
  const mask = options.mask?.statement ?? language.map(r);
  const challenges = maurerChallenges(language, context, statements, mask);
  return { proof: { mask, responses: response(language, r, challenges, witnesses) }, statements };
}

/** Structural checks shared by single and batch verification. */
export function checkProofShape(language: Language, statements: readonly Statement[], proof: MaurerProof): VerificationResult {
  if (statements.length === 0) return { valid: false, reason: 'no statements' };
  const shaped = (s: Statement) =>
    s.length === language.statement.length && language.statement.every((factor, f) => hasFactorShape(factor, s[f]));
  if (!statements.every(shaped)) return { valid: false, reason: 'a statement does not have the language’s shape' };
  if (!shaped(proof.mask)) return { valid: false, reason: 'the mask does not have the language’s shape' };
  if (!responsesInRange(language, proof.responses, statements.length)) return { valid: false, reason: 'a response is out of range' };
  return VALID;
}

/** T + Σ cᵢ·Xᵢ per statement factor. */
export function maskPlusCombination(
  language: Language,
  mask: Statement,
  statements: readonly Statement[],
  coefficients: readonly bigint[],
): GroupValue[] {
  return language.statement.map((factor, f) => {
    const combined = combineFactor(
      factor,
      statements.map((s) => s[f] as GroupValue),
      coefficients,
    );
    return addFactor(factor, mask[f] as GroupValue, combined);
  });
}

/** Verify a batched Maurer proof for `statements` in `context`. */
export function verifyMaurer(
  language: Language,
  context: ProofContext,
  statements: readonly Statement[],
  proof: MaurerProof,
): VerificationResult {
  const shape = checkProofShape(language, statements, proof);
  if (!shape.valid) return shape;
  const challenges = maurerChallenges(language, context, statements, proof.mask);
  const left = language.map(proof.responses, 'public');
  const right = maskPlusCombination(language, proof.mask, statements, challenges);
  const ok = language.statement.every((factor, f) => equationHolds(factor, left[f] as GroupValue, right[f] as GroupValue));
  return ok ? VALID : { valid: false, reason: 'φ(z) ≠ T + Σ eᵢ·Xᵢ' };
}

/**
 * The class-group work of the user's sign message in one pass: the statements and masks of its two
 * DComEval proofs (user.ts, step 4), whose evaluations share their bases.
 *
 * Per ciphertext component the user computes four two-base products,
 *     ct_αβ = γ^{β'}·K^{α'},  T_αβ = γ^{r₁}·K^{r₂},  ct_A = γ^{a₁'}·X^{a₂'},  T_A = γ^{s₁}·X^{s₂}
 * (γ = ct_γ, K = ct_γk', X = ct_γx_B; exponents of 1,006 bits for the statements, 1,198 for the
 * masks), each times Enc(0; η) from the fixed-base tables of h and pk. Computed one by one, each
 * product pays its own chain of squarings as long as its exponents: 2 × 1,006 + 2 × 1,198 = 4,408
 * squarings per component. Here each base is prepared once (classgroups/prepared-base.ts: its
 * shifted copies x^(2^(j·L)), L = 240 bits, with their odd powers, width 6) and the four products
 * run on chains of L bits: 3 × 4 × 240 + 4 × 241 ≈ 3,850 squarings, for 240 table compositions
 * instead of the 8 × 32 the one-by-one products build; about 6 % fewer group operations per sign
 * message (`npm run bench -- ecdsa --parts user` prints the counts beside the one-by-one path).
 *
 * The values are exactly the languages' φ (reduced forms are canonical; the Pedersen
 * commitments are computed as the language computes them): test/mpc/ecdsa/sign-evaluations.test.ts
 * compares them with `language.map`. Variable time in secret exponents, like every
 * exponentiation of the user's message (see user.ts).
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import { clEncryptWith } from '../../cl/encryption.ts';
import { clAdd } from '../../cl/homomorphic.ts';
import type { Form } from '../../classgroups/form.ts';
import { multiPowPrepared, PreparedBase } from '../../classgroups/prepared-base.ts';
import { pedersen } from '../../commitments/pedersen.ts';
import type { Curve } from '../../curves/curve.ts';
import { ErrorCodes, ParameterError } from '../../errors.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { type PreparedBases, preparedBasesOf } from '../../proofs/dcom-eval-combined.ts';
import { integerMaskBits } from '../../proofs/factors.ts';
import type { Statement, Witness } from '../../proofs/language.ts';
import { ciphertextValues } from '../../proofs/languages/ciphertexts.ts';
import type { DComEvalCombinationLanguage } from '../../proofs/languages/dcom-eval.ts';

/** L: bits per shifted copy of a base (chains of L squarings per product). */
export const EVALUATION_CHUNK_BITS = 240;
/** Width of the odd powers stored per shifted copy. */
export const EVALUATION_WIDTH = 6;

/** One DComEval proof's witness (a₁, a₂, ρ₁, ρ₂, η) and its mask, drawn with `sampleMask`. */
export interface DComEvalInputs {
  readonly language: DComEvalCombinationLanguage;
  readonly witness: Witness;
  readonly mask: Witness;
}

/**
 * φ(witness) and φ(mask) of each DComEval language on `curve`, all under one public key: equal to
 * `language.map(witness)` and `language.map(mask)`.
 */
export function evaluateDComEvalsTogether(
  curve: Curve,
  inputs: readonly DComEvalInputs[],
  ready: PreparedBases = () => undefined,
): { statement: Statement; mask: Statement }[] {
  const publicKey = inputs[0]?.language.publicKey;
  if (publicKey === undefined || !inputs.every((i) => i.language.publicKey === publicKey)) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'DComEval evaluations: at least one, all under one public key');
  }
  const { setup } = publicKey;
  const { group } = setup;
  const commitment = pedersen(curve);
  let maxBits = 1;
  for (const { witness, mask } of inputs) {
    for (const w of [witness, mask]) maxBits = Math.max(maxBits, bitLength(w[0] as bigint), bitLength(w[1] as bigint));
  }
  // Each distinct form prepared once (ct_γ is ct₁ of both languages), unless it was ahead.
  const prepared = new Map<string, PreparedBase>();
  const prepare = (form: Form): PreparedBase => {
    const id = `${form.a.toString(16)}:${form.b.toString(16)}`;
    let base = prepared.get(id) ?? ready(form);
    if (base === undefined) {
      base = new PreparedBase(group, form, { chunkBits: EVALUATION_CHUNK_BITS, maxBits, width: EVALUATION_WIDTH });
      prepared.set(id, base);
    }
    return base;
  };
  const product = (x: Form, y: Form, a1: bigint, a2: bigint): Form =>
    multiPowPrepared(group, [
      { base: prepare(x), exponent: a1 },
      { base: prepare(y), exponent: a2 },
    ]);
  const phi = (language: DComEvalCombinationLanguage, w: Witness): Statement => {
    const [a1, a2, rho1, rho2, eta] = w as [bigint, bigint, bigint, bigint, bigint];
    const ct1 = language.first;
    const ct2 = language.secondCiphertext();
    const combination: ClCiphertext = { c1: product(ct1.c1, ct2.c1, a1, a2), c2: product(ct1.c2, ct2.c2, a1, a2) };
    const ciphertext = clAdd(setup, combination, clEncryptWith(publicKey, 0n, eta));
    return [...ciphertextValues(ciphertext), commitment.commit(a1, rho1), commitment.commit(a2, rho2)];
  };
  return inputs.map(({ language, witness, mask }) => ({ statement: phi(language, witness), mask: phi(language, mask) }));
}

/**
 * The components of `ciphertexts` prepared for {@link evaluateDComEvalsTogether} ahead of the
 * exponents, as a lookup by form: up to the largest mask of `language`'s two evaluation exponents
 * (the statement's exponents are shorter). A form the lookup misses is prepared where it is used.
 * One chunk of one base per step (mpc/steps.ts).
 */
export function* evaluationBasesSteps(
  language: DComEvalCombinationLanguage,
  ciphertexts: readonly ClCiphertext[],
): Generator<void, PreparedBases, void> {
  const { group } = language.publicKey.setup;
  let maxBits = 1;
  for (const factor of language.witness.slice(0, 2)) {
    if (factor.kind === 'integer') maxBits = Math.max(maxBits, integerMaskBits(factor, 1));
  }
  const bases: PreparedBase[] = [];
  for (const form of ciphertexts.flatMap((ct) => [ct.c1, ct.c2])) {
    bases.push(yield* PreparedBase.build(group, form, { chunkBits: EVALUATION_CHUNK_BITS, maxBits, width: EVALUATION_WIDTH }));
  }
  return preparedBasesOf(bases);
}

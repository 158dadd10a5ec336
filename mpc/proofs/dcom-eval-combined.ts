/**
 * One randomized check for the class-group parts of several DComEval proofs over combinations
 * (languages/dcom-eval.ts `dcomEvalCombinationLanguage`), e.g. the two of a sign message, or the
 * 2k of k pending sign messages.
 *
 * Each proof j has two class-group equations (c ∈ {c1, c2}),
 *     D_{j,c} = ct₁.c^{z₁} · Π ctᵢ.c^{μᵢ·z₂} · H_c^{z_η} · T_c^{−1} · X_c^{−e} = 1   (H_{c1} = h, H_{c2} = pk),
 * which is φ(z) = T + e·X with ct₂ = Π ctᵢ^{μᵢ} expanded (the group is abelian). With fresh
 * 128-bit weights ρ_{j,c} from the verifier's randomness the check is Π D_{j,c}^{ρ_{j,c}} = 1 up to
 * an element of order 2 — one multi-exponentiation with one shared chain of squarings
 * (classgroups/prepared-base.ts), the exponents of h and of pk summed into one fixed-base
 * exponentiation each. Long-lived bases (the presign's ciphertexts) may come prepared, which
 * shortens the chain to the 256 bits of ρ·e.
 *
 * Soundness and verdicts: as for batch.ts — a false equation passes only if the weights hit a
 * relation of small order (probability ≤ 2^−128 under the low-order assumption; elements of
 * order 2, which anyone can build, are judged the same by both checks because each equation is
 * judged up to order 2). The result of this check is therefore only a shortcut: callers accept
 * when it passes and, when it fails, decide by verifying each proof alone (`verifyMaurer`), which
 * depends on nothing local, so every honest verifier names the same failing proof.
 *
 * The point parts of each proof (the two Pedersen commitments) are checked exactly, per proof.
 * Everything here is public.
 * @module
 */
import { clPublicKeyPow } from '../cl/keys.ts';
import type { Form } from '../classgroups/form.ts';
import { multiPowPrepared, type PreparedBase, type PreparedTerm } from '../classgroups/prepared-base.ts';
import { pedersen } from '../commitments/pedersen.ts';
import type { Curve, CurvePoint } from '../curves/curve.ts';
import { ErrorCodes, ParameterError } from '../errors.ts';
import { mod } from '../numbers/modular.ts';
import { type RandomSource, randomBits, systemRandom } from '../numbers/random.ts';
import { BATCH_WEIGHT_BITS } from './batch.ts';
import type { ProofContext } from './context.ts';
import type { Statement } from './language.ts';
import type { DComEvalCombinationLanguage } from './languages/dcom-eval.ts';
import { checkProofShape, type MaurerProof, maurerChallenges } from './maurer.ts';

/** One DComEval proof to check: its language, context, single statement and proof. */
export interface DComEvalInstance {
  readonly language: DComEvalCombinationLanguage;
  readonly context: ProofContext;
  readonly statement: Statement;
  readonly proof: MaurerProof;
}

/** Prepared bases by form (a lookup that misses only costs speed, never changes the result). */
export type PreparedBases = (form: Form) => PreparedBase | undefined;

/** The lookup of `bases` by form, matched by value (a, b; reduced forms are canonical). */
export function preparedBasesOf(bases: readonly PreparedBase[]): PreparedBases {
  return (form) => bases.find((b) => b.base.a === form.a && b.base.b === form.b);
}

const NONE: PreparedBases = () => undefined;

/**
 * Whether every instance passes: shapes and ranges, the commitments exactly, the class-group
 * equations in one combined check. `false` says only that some instance may be invalid: decide
 * with `verifyMaurer` per instance (module comment).
 */
export function dcomEvalCombinedCheck(
  instances: readonly DComEvalInstance[],
  options: { rng?: RandomSource; prepared?: PreparedBases } = {},
): boolean {
  if (instances.length === 0) return true;
  const rng = options.rng ?? systemRandom;
  const prepared = options.prepared ?? NONE;
  const publicKey = (instances[0] as DComEvalInstance).language.publicKey;
  const { setup } = publicKey;
  const exponents = new Map<Form, bigint>();
  const add = (form: Form, e: bigint): void => {
    exponents.set(form, (exponents.get(form) ?? 0n) + e);
  };
  let hExponent = 0n;
  let pkExponent = 0n;
  for (const { language, context, statement, proof } of instances) {
    if (language.publicKey !== publicKey) {
      throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'DComEval combined check: every proof must be under one CL key');
    }
    if (!checkProofShape(language, [statement], proof).valid) return false;
    const [e] = maurerChallenges(language, context, [statement], proof.mask) as [bigint];
    const [z1, z2, , , zEta] = proof.responses as [bigint, bigint, bigint, bigint, bigint];
    if (!commitmentsHold(language, statement, proof, e)) return false;
    const { first, second } = language;
    for (const c of ['c1', 'c2'] as const) {
      const rho = randomBits(rng, BATCH_WEIGHT_BITS);
      add(first[c], rho * z1);
      const rhoZ2 = rho * z2;
      second.ciphertexts.forEach((ct, i) => {
        add(ct[c], (second.coefficients[i] as bigint) * rhoZ2);
      });
      if (c === 'c1') hExponent += rho * zEta;
      else pkExponent += rho * zEta;
      const index = c === 'c1' ? 0 : 1;
      add(statementForm(proof.mask, index), -rho);
      add(statementForm(statement, index), -rho * e);
    }
  }
  const { group } = setup;
  const terms: PreparedTerm[] = [];
  for (const [form, e] of exponents) terms.push({ base: prepared(form) ?? form, exponent: e });
  let result = multiPowPrepared(group, terms);
  result = group.compose(result, setup.hTable.pow(hExponent));
  result = group.compose(result, clPublicKeyPow(publicKey, pkExponent));
  return group.isIdentity(result) || group.isIdentity(group.square(result));
}

function statementForm(statement: Statement, index: 0 | 1): Form {
  return statement[index] as Form;
}

/** Com(z₁ mod q; z₃) = T_C₁ + e·C₁ and Com(z₂ mod q; z₄) = T_C₂ + e·C₂, exactly. */
function commitmentsHold(language: DComEvalCombinationLanguage, statement: Statement, proof: MaurerProof, e: bigint): boolean {
  const factor = language.statement[2];
  if (factor?.kind !== 'point') return false;
  const curve: Curve = factor.curve;
  const { messageGenerator: M, randomnessGenerator: H } = pedersen(curve);
  const q = curve.order;
  const [z1, z2, z3, z4] = proof.responses as [bigint, bigint, bigint, bigint];
  const check = (z: bigint, zr: bigint, mask: CurvePoint, value: CurvePoint) =>
    curve.multiScalarMultiply([M, H], [mod(z, q), zr]).equals(curve.multiScalarMultiply([mask, value], [1n, e]));
  return (
    check(z1, z3, proof.mask[2] as CurvePoint, statement[2] as CurvePoint) &&
    check(z2, z4, proof.mask[3] as CurvePoint, statement[3] as CurvePoint)
  );
}

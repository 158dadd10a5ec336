/**
 * The order-2 attack on class-group proofs (PROTOCOL.md §5, "Verdicts must not depend on the
 * verifier's randomness"), as test helpers: an element of order 2 anyone can build from the public
 * discriminant, a prover that puts it into a class-group factor of its mask (or of a statement) and
 * answers honestly, and randomness whose batch weights have a chosen parity.
 */
import type { Form } from '../../mpc/classgroups/form.ts';
import { ClassGroup } from '../../mpc/classgroups/group.ts';
import type { ClassGroupSetup } from '../../mpc/classgroups/setup.ts';
import type { RandomSource } from '../../mpc/numbers/random.ts';
import { BATCH_WEIGHT_BITS } from '../../mpc/proofs/batch.ts';
import type { ProofContext } from '../../mpc/proofs/context.ts';
import { response, sampleMask } from '../../mpc/proofs/factors.ts';
import type { GroupValue, Language, Statement, Witness } from '../../mpc/proofs/language.ts';
import { type MaurerProof, maurerChallenges } from '../../mpc/proofs/maurer.ts';

/**
 * The setup as a malicious party's own code would use it: the same group, but its encoder does not
 * refuse forms outside the squares (no genus prime), so it can send forms that carry ε.
 */
export function laxSetup(setup: ClassGroupSetup): ClassGroupSetup {
  return { ...setup, group: new ClassGroup(setup.deltaQ) };
}

/** ε: the class of the ambiguous form (p, p, ·) of Δ_q = −p·q³, of order exactly 2. */
export function orderTwoElement(setup: ClassGroupSetup): Form {
  return setup.group.reducedFromAB(setup.p, setup.p);
}

/** `values` with ε composed into the class-group factor `factor`. */
function withEpsilon(language: Language, values: Statement, factor: number, epsilon: Form): Statement {
  const target = language.statement[factor];
  if (target?.kind !== 'form') throw new Error(`factor ${factor} of ${language.name} is not a class-group factor`);
  return values.map((value, f) => (f === factor ? target.group.compose(value as Form, epsilon) : value)) as GroupValue[];
}

/**
 * A batched Maurer proof whose mask — and, with `statementToo`, first statement — carries ε in the
 * class-group factor `factor`, with challenges computed over those values and honest responses:
 * exactly what a malicious prover who knows the witnesses can send.
 */
export function proveWithOrderTwoError(
  language: Language,
  context: ProofContext,
  witnesses: readonly Witness[],
  rng: RandomSource,
  options: { epsilon: Form; factor: number; statementToo?: boolean },
): { proof: MaurerProof; statements: Statement[] } {
  const statements: Statement[] = witnesses.map((w) => language.map(w));
  if (options.statementToo === true) statements[0] = withEpsilon(language, statements[0] as Statement, options.factor, options.epsilon);
  const r = sampleMask(language, witnesses.length, rng);
  const mask = withEpsilon(language, language.map(r), options.factor, options.epsilon);
  const challenges = maurerChallenges(language, context, statements, mask);
  return { proof: { mask, responses: response(language, r, challenges, witnesses) }, statements };
}

/**
 * Randomness whose batch weights (draws of BATCH_WEIGHT_BITS bits) all have the given parity; other
 * draws come unchanged from `inner`. A verifier's weights have either parity half of the time.
 */
export function weightParityRng(inner: RandomSource, parity: 0 | 1): RandomSource {
  const weightBytes = BATCH_WEIGHT_BITS / 8;
  return {
    bytes(length) {
      const bytes = inner.bytes(length);
      if (length === weightBytes) bytes[length - 1] = ((bytes[length - 1] as number) & 0xfe) | parity;
      return bytes;
    },
  };
}

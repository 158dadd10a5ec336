/**
 * Operations on witness and statement factors that every proof needs: masks and their sizes,
 * range checks of responses, linear combinations of statements, equality and transcript bytes.
 * @module
 */
import { bcs } from '@mysten/bcs';
import type { Form } from '../classgroups/form.ts';
import type { CurvePoint } from '../curves/curve.ts';
import { bcsBigInt } from '../encoding/bigint.ts';
import { bitLength } from '../numbers/bytes.ts';
import { mod } from '../numbers/modular.ts';
import { type RandomSource, randomBelow, randomBits } from '../numbers/random.ts';
import { CHALLENGE_BITS } from '../transcript.ts';
import { ProofErrorCodes, WitnessError } from './errors.ts';
import type { GroupValue, Language, Statement, StatementFactor, Witness, WitnessFactor } from './language.ts';

/** σ: statistical hiding of integer responses. */
export const STATISTICAL_BITS = 64;

/**
 * Bits of the mask of an integer witness factor in a proof whose response adds up to
 * `terms` products of a witness and a `challengeBits`-bit challenge: the mask exceeds that sum
 * by 2^σ, so the response hides the witness up to 2^−σ.
 */
export function integerMaskBits(
  factor: WitnessFactor & { kind: 'integer' },
  terms: number,
  challengeBits: number = CHALLENGE_BITS,
): number {
  return factor.bits + challengeBits + Math.ceil(Math.log2(Math.max(terms, 1))) + STATISTICAL_BITS;
}

/** Largest bit length an honest response of this factor can have. */
export function responseBits(factor: WitnessFactor, scalarOrder: bigint, terms: number, challengeBits: number = CHALLENGE_BITS): number {
  return factor.kind === 'scalar' ? bitLength(scalarOrder - 1n) : integerMaskBits(factor, terms, challengeBits) + 1;
}

/**
 * Throws unless every witness factor lies in its group: a scalar in [0, q), an integer with
 * |w| < 2^bits. Masks are sized for witnesses within these bounds; a larger witness would not be
 * hidden by its mask (its response would leak it, and fail the verifier's range check).
 */
export function assertWitnessInRange(language: Language, witness: Witness): void {
  if (witness.length !== language.witness.length) {
    throw new WitnessError(
      ProofErrorCodes.PROOF_WITNESS_OUT_OF_RANGE,
      `${language.name}: a witness has ${language.witness.length} factors, got ${witness.length}`,
    );
  }
  language.witness.forEach((factor, f) => {
    const w = witness[f];
    const ok = typeof w === 'bigint' && (factor.kind === 'scalar' ? w >= 0n && w < language.scalarOrder : bitLength(w) <= factor.bits);
    if (!ok) {
      const range = factor.kind === 'scalar' ? '[0, q)' : `(−2^${factor.bits}, 2^${factor.bits})`;
      throw new WitnessError(ProofErrorCodes.PROOF_WITNESS_OUT_OF_RANGE, `${language.name}: witness factor ${f} is not in ${range}`, {
        factor: f,
      });
    }
  });
}

/** A fresh mask for each witness factor. */
export function sampleMask(language: Language, terms: number, rng: RandomSource, challengeBits: number = CHALLENGE_BITS): bigint[] {
  return language.witness.map((factor) =>
    factor.kind === 'scalar' ? randomBelow(rng, language.scalarOrder) : randomBits(rng, integerMaskBits(factor, terms, challengeBits)),
  );
}

/** r + Σ eᵢ·wᵢ per factor (mod q for scalars, over ℤ for integers). */
export function response(
  language: Language,
  mask: readonly bigint[],
  challenges: readonly bigint[],
  witnesses: readonly (readonly bigint[])[],
): bigint[] {
  return language.witness.map((factor, f) => {
    let z = mask[f] as bigint;
    for (let i = 0; i < witnesses.length; i++) z += (challenges[i] as bigint) * ((witnesses[i] as readonly bigint[])[f] as bigint);
    return factor.kind === 'scalar' ? mod(z, language.scalarOrder) : z;
  });
}

/** Whether every response lies in its factor's range (scalars in [0, q), integers within their bound). */
export function responsesInRange(
  language: Language,
  responses: readonly bigint[],
  terms: number,
  challengeBits: number = CHALLENGE_BITS,
): boolean {
  if (responses.length !== language.witness.length) return false;
  return language.witness.every((factor, f) => {
    const z = responses[f] as bigint;
    if (typeof z !== 'bigint') return false;
    if (factor.kind === 'scalar') return z >= 0n && z < language.scalarOrder;
    return bitLength(z) <= responseBits(factor, language.scalarOrder, terms, challengeBits);
  });
}

/** Σ cⱼ·Vⱼ for statement values of one factor (public coefficients; variable time). */
export function combineFactor(factor: StatementFactor, values: readonly GroupValue[], coefficients: readonly bigint[]): GroupValue {
  if (factor.kind === 'point') return factor.curve.multiScalarMultiply(values as CurvePoint[], coefficients);
  return factor.group.multiPow(values as Form[], coefficients);
}

/** The product of two statement values of one factor. */
export function addFactor(factor: StatementFactor, x: GroupValue, y: GroupValue): GroupValue {
  if (factor.kind === 'point') return (x as CurvePoint).add(y as CurvePoint);
  return factor.group.compose(x as Form, y as Form);
}

/**
 * Whether a verification equation between two values of one factor holds, as every verifier
 * judges it: points must be equal; forms equal up to an element of order 2 (x² = y²), so that
 * single and batch verification reach the same verdict on every proof (PROTOCOL.md §5; see
 * classgroups/group.ts `equalUpToOrderTwo` and the 2-Sylow note in classgroups/setup.ts).
 */
export function equationHolds(factor: StatementFactor, x: GroupValue, y: GroupValue): boolean {
  if (factor.kind === 'point') return (x as CurvePoint).equals(y as CurvePoint);
  return factor.group.equalUpToOrderTwo(x as Form, y as Form);
}

/** Exact equality of two statements (the same points and the same reduced forms). */
export function statementsEqual(language: Language, x: Statement, y: Statement): boolean {
  return (
    x.length === y.length &&
    language.statement.every((factor, f) =>
      factor.kind === 'point' ? (x[f] as CurvePoint).equals(y[f] as CurvePoint) : factor.group.equals(x[f] as Form, y[f] as Form),
    )
  );
}

const rawFormBytes = bcs.struct('TranscriptForm', {
  a: bcsBigInt('a', { maxBits: 1 << 16, signed: true }),
  b: bcsBigInt('b', { maxBits: 1 << 16, signed: true }),
});

/** Unambiguous bytes of a statement value for transcripts (no validation: the value is local or already decoded). */
export function transcriptBytes(factor: StatementFactor, value: GroupValue): Uint8Array {
  if (factor.kind === 'point') {
    const point = value as CurvePoint;
    return point.is0() ? new Uint8Array([0]) : point.toBytes();
  }
  const form = value as Form;
  return rawFormBytes.serialize({ a: form.a, b: form.b }).toBytes();
}

/** Whether a value has the shape of its factor (a point of that curve, a form object). */
export function hasFactorShape(factor: StatementFactor, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (factor.kind === 'point') return typeof (value as CurvePoint).add === 'function' && typeof (value as CurvePoint).equals === 'function';
  const form = value as Form;
  return typeof form.a === 'bigint' && typeof form.b === 'bigint' && typeof form.c === 'bigint';
}

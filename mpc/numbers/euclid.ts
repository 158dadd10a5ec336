/**
 * Euclid's algorithm with Lehmer's acceleration, the kernel under every gcd, modular inverse and
 * class-group composition in this project.
 *
 * The state is two consecutive remainders (r0, r1) and their cofactors (t0, t1) with respect to
 * the second input: for inputs (A, B), every remainder satisfies r_i ≡ t_i·B (mod A). One plain
 * step replaces (r0, r1, t0, t1) by (r1, r0 − q·r1, t1, t0 − q·t1) with q = ⌊r0 / r1⌋, and is
 * taken while r1 ≠ 0 and r0 > bound.
 *
 * Lehmer (Knuth, TAOCP vol. 2, §4.5.2, Algorithm L) runs those steps on the leading 51 bits of the
 * remainders held in doubles, collecting the 2×2 cofactor matrix of the steps whose quotients are
 * certain (both bracketing quotients agree), and applies the matrix to the full numbers at once.
 * A step is collected only when it is certain to be a plain step: its quotient is certain, r1 is
 * certainly non-zero and r0 is certainly above the bound (see {@link lehmerRound}). The quotient
 * sequence is therefore exactly the plain one, so callers that stop at a bound (the partial gcd
 * of NUCOMP) see the same remainders, cofactors and step parity as with plain steps.
 *
 * What costs time (CPU profile of NUCOMP/NUDUPL at 1,860-bit Δ): each round's big-integer
 * products, and finding the leading digits. So: the size of r0 comes from one conversion to a
 * double instead of an exact bit length (two big shifts); rounds continue up to the bound instead
 * of switching to big-integer divisions 48 bits above it; and once r0 < 2^51 the rest of the
 * algorithm runs exactly in doubles, with one matrix applied to the cofactors at the end. Above
 * 153 bits each pass over the full numbers carries two rounds ({@link doubleRound}), about 50 bits.
 *
 * Variable time: used on secret values only where the caller says so (see classgroups/).
 * @module
 */
import { bitLength } from './bytes.ts';

/** Two consecutive remainders, their cofactors, and how many plain steps led here. */
export interface EuclidState {
  r0: bigint;
  r1: bigint;
  t0: bigint;
  t1: bigint;
  steps: number;
}

/** A bound below every remainder: run until r1 = 0. */
export const RUN_TO_END = -1n;

/**
 * Leading-digit size for Lehmer rounds. Box corners stay below 2^51 + 2^27, so every value in a
 * round (corner remainders, cofactors, and n + d in {@link floorDiv}) stays below 2^53: exact in doubles.
 */
const DIGIT_BITS = 51;
const DIGIT_LIMIT = 2 ** DIGIT_BITS;

/** ⌊n / d⌋ for doubles holding exact integers with 0 ≤ n, 0 < d, n + d < 2^53. */
function floorDiv(n: number, d: number): number {
  let q = Math.floor(n / d);
  if (q * d > n) q -= 1;
  else if ((q + 1) * d <= n) q += 1;
  return q;
}

/**
 * An upper estimate of the bit length of r > 0: the exact length or one more. Number(r) rounds to
 * nearest, so 2^(len−1) ≤ Number(r) ≤ 2^len and ⌊log2⌋ + 1 is len or len + 1 (when r rounds up to
 * 2^len). One conversion, no big-integer allocation; beyond the double range, the exact length.
 */
function sizeEstimate(r: bigint): number {
  const x = Number(r);
  return x === Number.POSITIVE_INFINITY ? bitLength(r) : Math.floor(Math.log2(x)) + 1;
}

/**
 * Run Euclid's steps on `state` (mutated and returned) while r1 ≠ 0 and r0 > bound.
 * Requires r0, r1 ≥ 0 (in either order). With bound = {@link RUN_TO_END} this is the full algorithm: on return
 * r1 = 0 and r0 = gcd.
 */
export function euclidWhileAbove(state: EuclidState, bound: bigint): EuclidState {
  let { r0, r1, t0, t1, steps } = state;
  if (r1 > r0 && r0 > bound) {
    // The first plain step has quotient 0 and swaps; after it r1 < r0 holds for good, which the
    // rounds below rely on (r1's digit is at most r0's, so both are exact doubles).
    [r0, r1, t0, t1] = [r1, r0, t1, t0];
    steps += 1;
  }
  while (r1 !== 0n && r0 > bound) {
    const x0 = Number(r0);
    if (x0 < DIGIT_LIMIT) {
      // r0 < 2^51 is exact as a double (and so are r1 < r0 and the bound < r0): finish in doubles.
      const tail = exactTail(x0, Number(r1), bound < 0n ? -1 : Number(bound));
      const bA = BigInt(tail.A);
      const bB = BigInt(tail.B);
      const bC = BigInt(tail.C);
      const bD = BigInt(tail.D);
      const m0 = bA * t0 + bB * t1;
      t1 = bC * t0 + bD * t1;
      t0 = m0;
      r0 = BigInt(tail.u);
      r1 = BigInt(tail.v);
      steps += tail.k;
      break;
    }
    const size = sizeEstimate(r0);
    if (size >= DOUBLE_ROUND_MIN_BITS) {
      const m = doubleRound(r0, r1, bound, size);
      if (m !== undefined) {
        const n0 = m.A * r0 + m.B * r1;
        r1 = m.C * r0 + m.D * r1;
        r0 = n0;
        const m0 = m.A * t0 + m.B * t1;
        t1 = m.C * t0 + m.D * t1;
        t0 = m0;
        steps += m.k;
        continue;
      }
    }
    const shift = BigInt(size - DIGIT_BITS);
    const boundDigit = bound < 0n ? -1 : Number(bound >> shift);
    const round = lehmerRound(Number(r0 >> shift), Number(r1 >> shift), boundDigit);
    if (round.k > 0) {
      const bA = BigInt(round.A);
      const bB = BigInt(round.B);
      const bC = BigInt(round.C);
      const bD = BigInt(round.D);
      const n0 = bA * r0 + bB * r1;
      r1 = bC * r0 + bD * r1;
      r0 = n0;
      const m0 = bA * t0 + bB * t1;
      t1 = bC * t0 + bD * t1;
      t0 = m0;
      steps += round.k;
      continue;
    }
    // No certain step on the leading digits (a large quotient, or r1 far below r0): one plain step.
    const q = r0 / r1;
    const r = r0 - q * r1;
    r0 = r1;
    r1 = r;
    const t = t0 - q * t1;
    t0 = t1;
    t1 = t;
    steps += 1;
  }
  state.r0 = r0;
  state.r1 = r1;
  state.t0 = t0;
  state.t1 = t1;
  state.steps = steps;
  return state;
}

/** The cofactor matrix [[A, B], [C, D]] of k steps: (r0, r1) ← (A·r0 + B·r1, C·r0 + D·r1). */
interface Round {
  A: number;
  B: number;
  C: number;
  D: number;
  k: number;
}

const round: Round = { A: 1, B: 0, C: 0, D: 1, k: 0 };

/**
 * Steps certain for every pair (r0, r1) of a box [lo0, hi0] × [lo1, hi1] (in units of 2^s, exact
 * integers below 2^51 + 2), given as its two corners P = (hi0, lo1) and Q = (lo0, hi1), with
 * boundDigit = ⌊bound/2^s⌋ (−1 for no bound). Returns the shared {@link round} object (no
 * allocation in the hot loop; read it before the next call).
 *
 * After collecting (A, B; C, D) the current remainders are r0' = A·r0 + B·r1 and
 * r1' = C·r0 + D·r1, with A, B of opposite signs (or one zero), likewise C, D. So over the box
 * r0' and r1' are extreme at P and Q, and r0'/r1' — a monotone function of r0/r1, whose extremes
 * over the box are at P and Q — lies between its values at P and Q. Hence:
 *  - p1, q1 > 0 make r1' > 0 on the whole box;
 *  - equal ⌊p0/p1⌋ and ⌊q0/q1⌋ make the quotient certain (Knuth's condition: with P = (u + 1, v),
 *    Q = (u, v + 1) this is Algorithm L's (u + A)/(v + C) against (u + B)/(v + D));
 *  - min(p0, q0) > boundDigit makes r0' ≥ (boundDigit + 1)·2^s > bound certain.
 * Only steps meeting all three are collected, so each is exactly the plain step.
 */
function cornerRound(p0: number, p1: number, q0: number, q1: number, boundDigit: number): Round {
  let A = 1;
  let B = 0;
  let C = 0;
  let D = 1;
  let k = 0;
  while (p1 > 0 && q1 > 0 && Math.min(p0, q0) > boundDigit) {
    const q = floorDiv(p0, p1);
    if (q !== floorDiv(q0, q1)) break;
    let tmp = A - q * C;
    A = C;
    C = tmp;
    tmp = B - q * D;
    B = D;
    D = tmp;
    tmp = p0 - q * p1;
    p0 = p1;
    p1 = tmp;
    tmp = q0 - q * q1;
    q0 = q1;
    q1 = tmp;
    k += 1;
  }
  round.A = A;
  round.B = B;
  round.C = C;
  round.D = D;
  round.k = k;
  return round;
}

/** One Lehmer round on the leading digits u = ⌊r0/2^s⌋, v = ⌊r1/2^s⌋ (u < 2^51). */
function lehmerRound(u: number, v: number, boundDigit: number): Round {
  return cornerRound(u + 1, v, u, v + 1, boundDigit);
}

/** Below this size of r0 a round of two digits has too little to work on. */
const DOUBLE_ROUND_MIN_BITS = 3 * DIGIT_BITS;
const DIGIT_SHIFT = BigInt(DIGIT_BITS);
/** Products of cofactors below this are exact in doubles (with room for the sum of two). */
const EXACT_PRODUCT = 2 ** 52;

interface BigRound {
  A: bigint;
  B: bigint;
  C: bigint;
  D: bigint;
  k: number;
}

/**
 * Double-digit Lehmer (after Jebelean, "A double-digit Lehmer-Euclid algorithm", JSC 1995): two
 * rounds on the leading 102 bits U = ⌊r0/2^s⌋, V = ⌊r1/2^s⌋ before touching the full numbers, so
 * each pass over them removes about 50 bits instead of 25.
 *
 * The first round is {@link lehmerRound} on the top digits of U, V (the truncations of r0, r1).
 * Its matrix M1 is applied to U and V only: r0' = A1·r0 + B1·r1 = (A1·U + B1·V)·2^s + A1·x + B1·y
 * with 0 ≤ x, y < 2^s, so r0'/2^s lies strictly between U' + (negative entries of the row) and
 * U' + (positive entries), U' = A1·U + B1·V; likewise r1'. Those bounds, cut to one digit, give the
 * box for the second round ({@link cornerRound}), whose steps are then certain for r0', r1'. The
 * product M2·M1 is returned for the caller to apply once; undefined when the first round makes no
 * step (the caller falls back to a single round or a plain step).
 */
function doubleRound(r0: bigint, r1: bigint, bound: bigint, size: number): BigRound | undefined {
  const shift = BigInt(size - 2 * DIGIT_BITS);
  const U = r0 >> shift;
  const V = r1 >> shift;
  const boundTop = bound < 0n ? -1n : bound >> shift;
  const first = lehmerRound(Number(U >> DIGIT_SHIFT), Number(V >> DIGIT_SHIFT), Number(boundTop >> DIGIT_SHIFT));
  const { A: A1, B: B1, C: C1, D: D1, k: k1 } = first;
  if (k1 === 0) return undefined;
  const bA1 = BigInt(A1);
  const bB1 = BigInt(B1);
  const bC1 = BigInt(C1);
  const bD1 = BigInt(D1);
  const result: BigRound = { A: bA1, B: bB1, C: bC1, D: bD1, k: k1 };
  const U1 = bA1 * U + bB1 * V;
  const V1 = bC1 * U + bD1 * V;
  // r0'/2^s ∈ (U1 + neg0, U1 + pos0) with neg0, pos0 the row's negative and positive entries;
  // likewise r1'. In units of 2^(s + cut), with d = ⌊U1/2^cut⌋: r0'/2^(s+cut) lies in
  // [d + ⌊neg0/2^cut⌋, d + 1 + ⌈pos0/2^cut⌉] (floor(a + b) ≥ ⌊a⌋ + ⌊b⌋), all below 2^51 + 2^27.
  if (U1 <= 0n || V1 <= 0n) return result;
  const cut = sizeEstimate(U1) - DIGIT_BITS;
  if (cut <= 0) return result;
  const scale = 2 ** cut;
  const c = BigInt(cut);
  const d0 = Number(U1 >> c);
  const d1 = Number(V1 >> c);
  const second = cornerRound(
    d0 + 1 + Math.ceil((Math.max(A1, 0) + Math.max(B1, 0)) / scale),
    d1 + Math.floor((Math.min(C1, 0) + Math.min(D1, 0)) / scale),
    d0 + Math.floor((Math.min(A1, 0) + Math.min(B1, 0)) / scale),
    d1 + 1 + Math.ceil((Math.max(C1, 0) + Math.max(D1, 0)) / scale),
    bound < 0n ? -1 : Number(boundTop >> c),
  );
  const { A: A2, B: B2, C: C2, D: D2, k: k2 } = second;
  if (k2 === 0) return result;
  result.A = product(A2, A1, B2, C1);
  result.B = product(A2, B1, B2, D1);
  result.C = product(C2, A1, D2, C1);
  result.D = product(C2, B1, D2, D1);
  result.k = k1 + k2;
  return result;
}

/** a·b + c·d for integers held in doubles: in doubles when exact, else in big integers. */
function product(a: number, b: number, c: number, d: number): bigint {
  const ab = a * b;
  const cd = c * d;
  if (Math.abs(ab) < EXACT_PRODUCT && Math.abs(cd) < EXACT_PRODUCT) return BigInt(ab + cd);
  return BigInt(a) * BigInt(b) + BigInt(c) * BigInt(d);
}

interface Tail extends Round {
  u: number;
  v: number;
}

const tail: Tail = { A: 1, B: 0, C: 0, D: 1, k: 0, u: 0, v: 0 };

/**
 * Plain steps on exact remainders u > v ≥ 0, u < 2^51, while v ≠ 0 and u > bound (−1 for none),
 * collecting the cofactor matrix: its entries stay at most u in size, so everything is exact in
 * doubles. Returns the shared {@link tail} object.
 */
function exactTail(u: number, v: number, bound: number): Tail {
  let A = 1;
  let B = 0;
  let C = 0;
  let D = 1;
  let k = 0;
  while (v !== 0 && u > bound) {
    const q = floorDiv(u, v);
    let tmp = A - q * C;
    A = C;
    C = tmp;
    tmp = B - q * D;
    B = D;
    D = tmp;
    tmp = u - q * v;
    u = v;
    v = tmp;
    k += 1;
  }
  tail.A = A;
  tail.B = B;
  tail.C = C;
  tail.D = D;
  tail.k = k;
  tail.u = u;
  tail.v = v;
  return tail;
}

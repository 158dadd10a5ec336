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
 * algorithm runs exactly in doubles, with one matrix applied to the cofactors at the end.
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
 * Leading-digit size for Lehmer rounds. Digits stay below 2^51 and cofactors below 2^26, so every
 * sum in a round (digit + cofactor, and n + d in {@link floorDiv}) stays below 2^53: exact in doubles.
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
    const shift = BigInt(sizeEstimate(r0) - DIGIT_BITS);
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
 * One Lehmer round on the leading digits u = ⌊r0/2^s⌋, v = ⌊r1/2^s⌋ (u < 2^51) with
 * boundDigit = ⌊bound/2^s⌋ (−1 for no bound). Returns the shared {@link round} object (no
 * allocation in the hot loop; read it before the next call).
 *
 * After collecting (A, B; C, D) the current remainders are r0' = A·r0 + B·r1 and
 * r1' = C·r0 + D·r1, with A, B of opposite signs (or one zero), likewise C, D. Writing
 * r0 = u·2^s + x, r1 = v·2^s + y with 0 ≤ x, y < 2^s:
 *  - r0'/2^s and r1'/2^s lie between u' + A and u' + B, resp. v' + C and v' + D (u', v' the digit
 *    recurrences), so equal floor quotients of (u'+A)/(v'+C) and (u'+B)/(v'+D) make the quotient
 *    certain (Knuth's condition), and v' + C, v' + D > 0 make r1' > 0;
 *  - r0' > (u' − max(|A|, |B|))·2^s, and bound < (boundDigit + 1)·2^s, so
 *    u' − max(|A|, |B|) > boundDigit makes r0' > bound certain.
 * Only steps meeting all three are collected, so each is exactly the plain step.
 */
function lehmerRound(u: number, v: number, boundDigit: number): Round {
  let A = 1;
  let B = 0;
  let C = 0;
  let D = 1;
  let k = 0;
  for (;;) {
    const dC = v + C;
    const dD = v + D;
    const nA = u + A;
    const nB = u + B;
    if (dC <= 0 || dD <= 0 || nA < 0 || nB < 0) break;
    if (u - Math.max(Math.abs(A), Math.abs(B)) <= boundDigit) break;
    const q = floorDiv(nA, dC);
    if (q !== floorDiv(nB, dD)) break;
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
  round.A = A;
  round.B = B;
  round.C = C;
  round.D = D;
  round.k = k;
  return round;
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

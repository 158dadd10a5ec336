/**
 * Euclid's algorithm with Lehmer's acceleration, the kernel under every gcd, modular inverse and
 * class-group composition in this project.
 *
 * The state is two consecutive remainders (r0, r1) and their cofactors (t0, t1) with respect to
 * the second input: for inputs (A, B), every remainder satisfies r_i ≡ t_i·B (mod A). One plain
 * step replaces (r0, r1, t0, t1) by (r1, r0 − q·r1, t1, t0 − q·t1) with q = ⌊r0 / r1⌋.
 *
 * Lehmer (Knuth, TAOCP vol. 2, §4.5.2, Algorithm L) runs those steps on the leading 48 bits of the
 * remainders held in doubles, collecting the 2×2 cofactor matrix of the steps whose quotients are
 * certain (both bracketing quotients agree), and applies the matrix to the full numbers at once.
 * The quotient sequence is exactly the plain one, so callers that stop at a bound (the partial
 * gcd of NUCOMP) see the same remainders, cofactors and step parity as with plain steps. Each
 * round removes about 24 bits with a handful of big-integer operations instead of ~16 divisions.
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

/** Leading-digit size for Lehmer rounds: sums of digits and cofactors stay below 2^50, exact in doubles. */
const DIGIT_BITS = 48;
/** Below this size of r0 plain steps are cheaper than a Lehmer round. */
const LEHMER_MIN_BITS = 2 * DIGIT_BITS;

/** ⌊n / d⌋ for doubles holding exact integers with 0 ≤ n, 0 < d, n + d < 2^53. */
function floorDiv(n: number, d: number): number {
  let q = Math.floor(n / d);
  if (q * d > n) q -= 1;
  else if ((q + 1) * d <= n) q += 1;
  return q;
}

/**
 * Run Euclid's steps on `state` (mutated and returned) while r1 ≠ 0 and r0 > bound.
 * Requires r0, r1 ≥ 0. With bound = {@link RUN_TO_END} this is the full algorithm: on return
 * r1 = 0 and r0 = gcd.
 */
export function euclidWhileAbove(state: EuclidState, bound: bigint): EuclidState {
  const boundBits = bitLength(bound);
  let { r0, r1, t0, t1, steps } = state;
  while (r1 !== 0n && r0 > bound) {
    const size = bitLength(r0);
    if (size >= LEHMER_MIN_BITS && size > boundBits + DIGIT_BITS) {
      const shift = BigInt(size - DIGIT_BITS);
      let u = Number(r0 >> shift);
      let v = Number(r1 >> shift);
      // Knuth's Algorithm L: (u + A)/(v + C) and (u + B)/(v + D) bracket the true quotient.
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
      if (k > 0) {
        const bA = BigInt(A);
        const bB = BigInt(B);
        const bC = BigInt(C);
        const bD = BigInt(D);
        const n0 = bA * r0 + bB * r1;
        const n1 = bC * r0 + bD * r1;
        // A round may not cross the bound: the caller's stopping point must be a plain-step one.
        if (n0 > bound) {
          const m0 = bA * t0 + bB * t1;
          t1 = bC * t0 + bD * t1;
          t0 = m0;
          r0 = n0;
          r1 = n1;
          steps += k;
          continue;
        }
      }
    }
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

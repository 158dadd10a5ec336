/**
 * The integer sharing polynomial of the threshold CL key (PROTOCOL.md §4), shared by the trusted
 * dealer (dealer.ts) and every dealer of the distributed key generation (dkg/dealing.ts):
 *     P(X) = Δ·secret + a₁X + … + a_{t−1}X^{t−1} ∈ ℤ[X],   a_k uniform in [0, R_k),
 * with the ranges R_k of {@link coefficientRanges} (dealer.ts explains Δ and the ranges).
 *
 * Secrets: the coefficients are the dealer's secret; the BigInt arithmetic is variable time.
 * @module
 */
import { bitLength } from '../numbers/bytes.ts';
import { type RandomSource, randomBelow } from '../numbers/random.ts';
import type { WeightedAccessStructure } from './access-structure.ts';

/** σ: the statistical hiding of sk among fewer than t shares. */
export const SHARING_STATISTICAL_BITS = 64;

/** Unsigned Stirling numbers of the first kind [n, 0..n]: the coefficients of x(x+1)…(x+n−1). */
export function stirlingFirstKindRow(n: number): bigint[] {
  let row: bigint[] = [1n];
  for (let i = 0; i < n; i++) {
    const next = new Array<bigint>(row.length + 1).fill(0n);
    row.forEach((c, k) => {
      next[k + 1] = (next[k + 1] as bigint) + c;
      next[k] = (next[k] as bigint) + BigInt(i) * c;
    });
    row = next;
  }
  return row;
}

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

/** The exclusive upper bounds R_k = 2^σ·S·(W!/t!)·[t+1, k+1] of the coefficients a_k, k = 1..t−1 (index k − 1; dealer.ts says why). */
export function coefficientRanges(access: WeightedAccessStructure, randomnessBits: number): bigint[] {
  const t = access.threshold;
  const stirling = stirlingFirstKindRow(t + 1);
  const ratio = access.delta / factorial(t);
  const scale = 1n << BigInt(SHARING_STATISTICAL_BITS + randomnessBits);
  const ranges: bigint[] = [];
  for (let k = 1; k < t; k++) ranges.push(scale * ratio * (stirling[k + 1] as bigint));
  return ranges;
}

/**
 * The largest possible share, P(W) with the secret at 2^randomnessBits − 1 and every a_k at its
 * maximum; `ranges` are the coefficients' exclusive bounds (default {@link coefficientRanges}).
 */
export function maxShare(
  access: WeightedAccessStructure,
  randomnessBits: number,
  ranges: readonly bigint[] = coefficientRanges(access, randomnessBits),
): bigint {
  const W = BigInt(access.totalWeight);
  let total = access.delta * ((1n << BigInt(randomnessBits)) - 1n);
  let power = 1n;
  for (const range of ranges) {
    power *= W;
    total += (range - 1n) * power;
  }
  return total;
}

/** The exact maximum bit length of a share: every share satisfies 0 ≤ s_v < 2^maxShareBits. */
export function maxShareBits(access: WeightedAccessStructure, randomnessBits: number): number {
  return bitLength(maxShare(access, randomnessBits));
}

/** P(X) = Σ coefficients[k]·X^k, constant term first. */
export type IntegerPolynomial = readonly bigint[];

/** Draws P with constant term Δ·secret and a_k uniform in [0, R_k), k = 1..t−1 (`ranges`, default {@link coefficientRanges}). */
export function drawSharingPolynomial(
  access: WeightedAccessStructure,
  randomnessBits: number,
  secret: bigint,
  rng: RandomSource,
  ranges: readonly bigint[] = coefficientRanges(access, randomnessBits),
): IntegerPolynomial {
  return [access.delta * secret, ...ranges.map((range) => randomBelow(rng, range))];
}

/** P(x) by Horner's rule: (…(a_{t−1}·x + a_{t−2})·x + …)·x + a₀. */
export function evaluatePolynomial(polynomial: IntegerPolynomial, x: number): bigint {
  const point = BigInt(x);
  let value = 0n;
  for (let k = polynomial.length - 1; k >= 0; k--) value = value * point + (polynomial[k] as bigint);
  return value;
}

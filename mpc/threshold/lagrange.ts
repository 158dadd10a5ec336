/**
 * Integer Lagrange coefficients for interpolation over ℤ (PROTOCOL.md §4; Shoup, EUROCRYPT 2000,
 * §3): for an interpolation set S of distinct virtual ids and a point x,
 *     λ'_j(x) = Δ · Π_{i∈S, i≠j} (x − i)/(j − i),   Δ = W!,
 * so that Σ_{j∈S} λ'_j(x)·P(j) = Δ·P(x) for every P ∈ ℤ[X] of degree < |S|. These are integers:
 * the denominator Π_{i≠j} |j − i| divides (j − 1)!·(W − j)!, which divides W!. The division is
 * checked anyway, since an inexact coefficient would silently decrypt to garbage.
 * @module
 */
import type { WeightedAccessStructure } from './access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';

function invalidSet(message: string, details: Record<string, unknown> = {}): ThresholdError {
  return new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, `interpolation: ${message}`, details);
}

/** λ'_j(x) for each j of `subset` (in the order given); x = 0 recovers Δ·P(0). */
export function lagrangeCoefficients(access: WeightedAccessStructure, subset: readonly number[], x = 0): bigint[] {
  if (subset.length === 0) throw invalidSet('the interpolation set is empty');
  const seen = new Set<number>();
  for (const j of subset) {
    if (!Number.isSafeInteger(j) || j < 1 || j > access.totalWeight) {
      throw invalidSet(`virtual id ${j} is outside [1, ${access.totalWeight}]`, { virtualId: j });
    }
    if (seen.has(j)) throw invalidSet(`virtual id ${j} appears twice`, { virtualId: j });
    seen.add(j);
  }
  if (!Number.isSafeInteger(x)) throw invalidSet('the interpolation point must be an integer');
  const point = BigInt(x);
  return subset.map((j) => {
    let numerator = 1n;
    let denominator = 1n;
    for (const i of subset) {
      if (i === j) continue;
      numerator *= point - BigInt(i);
      denominator *= BigInt(j - i);
    }
    if (access.delta % denominator !== 0n) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'interpolation: Δ·λ is not an integer', { virtualId: j });
    }
    return (access.delta / denominator) * numerator;
  });
}

/** Multi-scalar multiplication on every curve, on its interleaved and its Pippenger paths. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CURVE_NAMES, type CurvePoint, getCurve } from '../../../mpc/curves/curve.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';

const rng = testRng('msm');

for (const name of CURVE_NAMES) {
  describe(`multi-scalar multiplication on ${name}`, () => {
    const curve = getCurve(name);
    const naive = (points: readonly CurvePoint[], scalars: readonly bigint[]) =>
      points.reduce((acc, p, i) => acc.add(curve.multiplyPublic(p, scalars[i] as bigint)), curve.identity);

    test('equals Σ kᵢ·Pᵢ, with the identity, zero, negative and unreduced scalars', () => {
      const G = curve.generator;
      const P = curve.multiply(G, randomBelow(rng, curve.order));
      const points = [curve.identity, P, G, P, G];
      const scalars = [5n, 0n, curve.order - 1n, -3n, curve.order + 7n];
      assert.ok(curve.multiScalarMultiply(points, scalars).equals(naive(points, scalars)));
      assert.ok(curve.multiScalarMultiply([P], [0n]).is0());
      assert.ok(curve.multiScalarMultiply([], []).is0());
    });

    test('many points (the Pippenger path above 1,024 points)', () => {
      const base = Array.from({ length: 16 }, () => curve.multiply(curve.generator, randomBelow(rng, curve.order)));
      const points = Array.from({ length: 1030 }, (_, i) => base[i % 16] as CurvePoint);
      const scalars = points.map(() => randomBits(rng, 64));
      // Σ kᵢ·P_(i mod 16) = Σ_j (Σ_{i ≡ j} kᵢ)·P_j
      const folded = base.map((_, j) => scalars.filter((_, i) => i % 16 === j).reduce((a, b) => a + b, 0n));
      assert.ok(curve.multiScalarMultiply(points, scalars).equals(naive(base, folded)));
    });
  });
}

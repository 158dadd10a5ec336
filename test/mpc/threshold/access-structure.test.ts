import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import {
  MAX_VIRTUAL_PARTIES,
  thresholdAccessStructure,
  WeightedAccessStructure,
  weightedAccessStructure,
} from '../../../mpc/threshold/access-structure.ts';
import { ThresholdErrorCodes as C } from '../../../mpc/threshold/errors.ts';
import { lagrangeCoefficients } from '../../../mpc/threshold/lagrange.ts';
import { testRng } from '../../support/random.ts';
import { code } from './support.ts';

describe('weighted access structure', () => {
  test('assigns contiguous virtual ids per party and Δ = W!', () => {
    const access = weightedAccessStructure(4, [3, 1, 2]);
    assert.equal(access.partyCount, 3);
    assert.equal(access.totalWeight, 6);
    assert.equal(access.delta, 720n);
    assert.deepEqual(access.virtualIds(1), [1, 2, 3]);
    assert.deepEqual(access.virtualIds(2), [4]);
    assert.deepEqual(access.virtualIds(3), [5, 6]);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((v) => access.partyOfVirtual(v)),
      [1, 1, 1, 2, 3, 3],
    );
    assert.equal(access.isAuthorized([1, 2]), true);
    assert.equal(access.isAuthorized([1]), false);
    assert.equal(access.isAuthorized([2, 3]), false);
    assert.equal(access.weightOfParties([3, 3, 2]), 3);
    assert.deepEqual(access.parties(), [1, 2, 3]);
    const plain = thresholdAccessStructure(3, 4);
    assert.deepEqual(plain.weights, [1, 1, 1, 1]);
    assert.equal(plain.delta, 24n);
    assert.equal(thresholdAccessStructure(1, 1).delta, 1n);
  });

  test('accepts up to 1024 virtual parties and no more', () => {
    assert.equal(MAX_VIRTUAL_PARTIES, 1024);
    const largest = thresholdAccessStructure(683, MAX_VIRTUAL_PARTIES);
    assert.equal(largest.totalWeight, 1024);
    assert.equal(largest.partyOfVirtual(1024), 1024);
    // Δ = 1024!, 8,770 bits (log2(1024!) ≈ 8,769.1).
    assert.equal(largest.delta.toString(2).length, 8770);
    assert.equal(weightedAccessStructure(683, [1000, 24]).totalWeight, 1024);
    assert.deepEqual(
      weightedAccessStructure(683, [1000, 24]).virtualIds(2),
      Array.from({ length: 24 }, (_, k) => 1001 + k),
    );
    assert.equal(weightedAccessStructure(100, [50, 50, 50]).totalWeight, 150);
    assert.throws(() => thresholdAccessStructure(2, 1025), code(C.THRESHOLD_TOO_MANY_VIRTUAL_PARTIES));
    assert.throws(() => weightedAccessStructure(2, [1000, 25]), code(C.THRESHOLD_TOO_MANY_VIRTUAL_PARTIES));
    assert.throws(() => weightedAccessStructure(2, [1, 2 ** 40]), code(C.THRESHOLD_TOO_MANY_VIRTUAL_PARTIES));
  });

  test('rejects invalid weights and thresholds with typed errors', () => {
    const bad: [number, number[]][] = [
      [1, []],
      [1, [1, 0]],
      [1, [1, -2]],
      [1, [1.5]],
      [1, [Number.NaN]],
      [0, [1, 1]],
      [3, [1, 1]],
      [1.5, [1, 1]],
    ];
    for (const [t, weights] of bad) {
      assert.throws(() => weightedAccessStructure(t, weights), code(C.THRESHOLD_INVALID_ACCESS_STRUCTURE), `${t} of ${weights}`);
    }
    assert.throws(() => new WeightedAccessStructure(1, 'x' as unknown as number[]), code(C.THRESHOLD_INVALID_ACCESS_STRUCTURE));
    assert.throws(() => thresholdAccessStructure(1, 0), code(C.THRESHOLD_INVALID_ACCESS_STRUCTURE));
  });

  test('names unknown parties and virtual ids', () => {
    const access = weightedAccessStructure(2, [1, 2]);
    for (const party of [0, 3, -1, 1.5, Number.NaN]) {
      assert.throws(() => access.weightOf(party), code(C.THRESHOLD_UNKNOWN_PARTY));
      assert.throws(() => access.virtualIds(party), code(C.THRESHOLD_UNKNOWN_PARTY));
    }
    assert.throws(() => access.isAuthorized([1, 4]), code(C.THRESHOLD_UNKNOWN_PARTY));
    assert.throws(() => access.partyOfVirtual(4), code(C.THRESHOLD_INVALID_INPUT));
    assert.throws(() => access.partyOfVirtual(0), code(C.THRESHOLD_INVALID_INPUT));
  });
});

describe('integer Lagrange coefficients', () => {
  const rng = testRng('lagrange');

  /** Σ λ'_j(x)·P(j) = Δ·P(x) for a random integer polynomial of degree t − 1. */
  function checkInterpolation(W: number, t: number, subset: number[], x: number): void {
    const access = thresholdAccessStructure(t, W);
    const coefficients = Array.from({ length: t }, () => randomBits(rng, 900) - (1n << 899n));
    const P = (v: number) => coefficients.reduceRight((acc, a) => acc * BigInt(v) + a, 0n);
    const lambdas = lagrangeCoefficients(access, subset, x);
    const sum = subset.reduce((acc, j, k) => acc + (lambdas[k] as bigint) * P(j), 0n);
    assert.equal(sum, access.delta * P(x), `W=${W} t=${t} x=${x}`);
  }

  function randomSubset(W: number, size: number): number[] {
    const ids = Array.from({ length: W }, (_, i) => i + 1);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Number(randomBelow(rng, BigInt(i + 1)));
      [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
    }
    return ids.slice(0, size);
  }

  test('interpolate Δ·P(x) exactly, at 0 and at other virtual ids', () => {
    checkInterpolation(1, 1, [1], 0);
    checkInterpolation(3, 2, [1, 3], 0);
    checkInterpolation(3, 2, [1, 3], 2);
    checkInterpolation(4, 3, [4, 2, 3], 0);
    for (const [W, t] of [
      [16, 11],
      [64, 43],
      [128, 86],
      [128, 128],
    ] as const) {
      checkInterpolation(W, t, randomSubset(W, t), 0);
      checkInterpolation(W, t, randomSubset(W, t), Number(randomBelow(rng, BigInt(W))) + 1);
      // More points than the degree needs interpolate the same value.
      if (t < W) checkInterpolation(W, t, randomSubset(W, t + 1), 0);
    }
  });

  test('reject empty, duplicate and out-of-range interpolation sets', () => {
    const access = thresholdAccessStructure(2, 4);
    assert.throws(() => lagrangeCoefficients(access, []), code(C.THRESHOLD_INVALID_INPUT));
    assert.throws(() => lagrangeCoefficients(access, [1, 1]), code(C.THRESHOLD_INVALID_INPUT));
    assert.throws(() => lagrangeCoefficients(access, [0, 1]), code(C.THRESHOLD_INVALID_INPUT));
    assert.throws(() => lagrangeCoefficients(access, [1, 5]), code(C.THRESHOLD_INVALID_INPUT));
    assert.throws(() => lagrangeCoefficients(access, [1, 2], 0.5), code(C.THRESHOLD_INVALID_INPUT));
  });
});

/**
 * Multi-exponentiation on both of its paths — Straus for few bases or long exponents, Bos–Coster
 * for many bases with short exponents (batch verification) — against the product of single
 * exponentiations.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BOS_COSTER_MIN_BASES, type FormGroupOps, multiPow, windowWidthFor } from '../../../mpc/classgroups/exponentiation.ts';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { ClassGroup } from '../../../mpc/classgroups/group.ts';
import { randomBits } from '../../../mpc/numbers/random.ts';
import { splitPrimePowers } from '../../support/forms.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('multi-exponentiation');

function productOfPowers(group: ClassGroup, bases: readonly Form[], exponents: readonly bigint[]): Form {
  return bases.reduce((acc, x, i) => group.compose(acc, group.pow(x, exponents[i] as bigint)), group.identity);
}

function elements(group: ClassGroup, count: number): Form[] {
  return splitPrimePowers(group, count, rng);
}

describe('multi-exponentiation', () => {
  const small = new ClassGroup(-((1n << 127n) - 1n));

  test('window widths minimise table plus digit compositions', () => {
    assert.deepEqual(
      [1, 12, 13, 40, 41, 120, 121, 336, 337, 896, 897, 2304, 2305, 10000].map(windowWidthFor),
      [2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8],
    );
  });

  test('Bos–Coster: many bases with short, negative, zero, equal and uneven exponents', () => {
    const n = 2 * BOS_COSTER_MIN_BASES;
    const xs = elements(small, n);
    // Counts squarings: Straus squares once per exponent bit, Bos–Coster almost never.
    let squarings = 0;
    const counting: FormGroupOps = {
      identity: small.identity,
      compose: (x, y) => small.compose(x, y),
      square: (x) => {
        squarings += 1;
        return small.square(x);
      },
      inverse: (x) => small.inverse(x),
    };
    const cases: bigint[][] = [
      xs.map(() => randomBits(rng, 128)),
      xs.map((_, i) => (i % 3 === 0 ? -randomBits(rng, 128) : randomBits(rng, 128 - (i % 7) * 15))),
      xs.map((_, i) => (i % 2 ? 0n : randomBits(rng, 100))),
      xs.map(() => 12345n),
    ];
    for (const exponents of cases) {
      squarings = 0;
      assert.deepEqual(multiPow(counting, xs, exponents), productOfPowers(small, xs, exponents));
      assert.ok(squarings < 40, `Bos–Coster path taken (${squarings} squarings)`);
    }
    // One long exponent among tiny ones: a quotient far above 1, raised by exponentiation.
    const uneven = xs.map((_, i) => (i === 5 ? randomBits(rng, 180) : BigInt(1 + (i % 4))));
    assert.deepEqual(multiPow(small, xs, uneven), productOfPowers(small, xs, uneven));
    // Repeated bases are fine too.
    const repeated = [...xs.slice(0, 20), ...xs.slice(0, 20)];
    const exponents = repeated.map(() => randomBits(rng, 90));
    assert.deepEqual(multiPow(small, repeated, exponents), productOfPowers(small, repeated, exponents));
    // Few non-zero exponents, or long ones, go to Straus: one squaring per bit.
    squarings = 0;
    const sparse = xs.map((_, i) => (i < 3 ? randomBits(rng, 128) : 0n));
    assert.deepEqual(multiPow(counting, xs, sparse), productOfPowers(small, xs, sparse));
    assert.ok(squarings >= 120);
  });

  test('both paths agree in Cl(Δ_q) of the 112-bit setup', () => {
    const setup = testSetup();
    const { group } = setup;
    const xs = Array.from({ length: BOS_COSTER_MIN_BASES }, () => setup.hTable.pow(randomBits(rng, 200)));
    const exponents = xs.map((_, i) => (i % 2 ? randomBits(rng, 64) : -randomBits(rng, 128)));
    // Below the threshold (Straus) on two halves, above it (Bos–Coster) at once.
    const half = BOS_COSTER_MIN_BASES / 2;
    const straus = group.compose(
      multiPow(group, xs.slice(0, half), exponents.slice(0, half)),
      multiPow(group, xs.slice(half), exponents.slice(half)),
    );
    assert.deepEqual(multiPow(group, xs, exponents), straus);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Drbg } from '../../../mpc/numbers/drbg.ts';
import { type EuclidState, euclidWhileAbove, RUN_TO_END } from '../../../mpc/numbers/euclid.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';

const rng: Drbg = testRng('euclid');

/** The reference: one plain Euclid step at a time (the definition the kernel must reproduce). */
function plainEuclid(r0: bigint, r1: bigint, bound: bigint): EuclidState {
  let [p0, p1, s0, s1, steps] = [r0, r1, 0n, 1n, 0];
  while (p1 !== 0n && p0 > bound) {
    const q = p0 / p1;
    [p0, p1, s0, s1] = [p1, p0 - q * p1, s1, s0 - q * s1];
    steps += 1;
  }
  return { r0: p0, r1: p1, t0: s0, t1: s1, steps };
}

/** Every remainder of the plain sequence of (r0, r1), in order. */
function remainders(r0: bigint, r1: bigint): bigint[] {
  const out = [r0, r1];
  while (r1 !== 0n) {
    [r0, r1] = [r1, r0 % r1];
    out.push(r1);
  }
  return out;
}

function check(r0: bigint, r1: bigint, bound: bigint): void {
  const fast = euclidWhileAbove({ r0, r1, t0: 0n, t1: 1n, steps: 0 }, bound);
  assert.deepEqual(fast, plainEuclid(r0, r1, bound), `r0=${r0} r1=${r1} bound=${bound}`);
}

/** The kernel on (r0, r1) to the end and stopped at every remainder of the sequence and one either side. */
function checkAllBounds(r0: bigint, r1: bigint): void {
  check(r0, r1, RUN_TO_END);
  for (const r of remainders(r0, r1)) {
    check(r0, r1, r);
    check(r0, r1, r - 1n);
    check(r0, r1, r + 1n);
  }
}

describe('euclidWhileAbove reproduces plain Euclid steps exactly', () => {
  test('random inputs of many sizes, to the end and at random bounds', () => {
    for (const bits of [1, 2, 8, 30, 50, 51, 52, 53, 60, 100, 200, 465, 930, 1100, 2100]) {
      for (let i = 0; i < 6; i++) {
        const r0 = randomBits(rng, bits) + 1n;
        const r1 = randomBelow(rng, r0 + 1n);
        check(r0, r1, RUN_TO_END);
        check(r0, r1, randomBits(rng, Math.max(1, bits >> 1)));
        check(r0, r1, randomBelow(rng, r0));
      }
    }
  });

  test('many random NUCOMP-sized pairs (930 bits, partial gcd to 465 bits and full)', () => {
    const bound = 1n << 465n;
    for (let i = 0; i < 300; i++) {
      const r0 = randomBits(rng, 930) | (1n << 929n);
      const r1 = randomBelow(rng, r0);
      check(r0, r1, bound);
      if (i % 3 === 0) check(r0, r1, RUN_TO_END);
    }
  });

  test('a bound at every position of the remainder sequence (the partial gcd of NUCOMP)', () => {
    for (const bits of [60, 140, 470, 930]) {
      for (let i = 0; i < 3; i++) {
        const r0 = randomBits(rng, bits) | (1n << BigInt(bits - 1));
        checkAllBounds(r0, randomBelow(rng, r0));
      }
    }
  });

  test('equal numbers, a zero, one and tiny values', () => {
    const big = randomBits(rng, 900);
    for (const [r0, r1] of [
      [0n, 0n],
      [0n, 1n],
      [1n, 0n],
      [big, 0n],
      [0n, big],
      [big, big],
      [1n, 1n],
      [big, 1n],
      [1n, big],
      [2n, 1n],
      [3n, 2n],
      [big, big - 1n],
      [big + 1n, big],
    ] as const) {
      check(r0, r1, RUN_TO_END);
      check(r0, r1, 0n);
      check(r0, r1, 1n);
      check(r0, r1, r0 >> 1n);
    }
  });

  test('the second input larger than the first (the first step swaps)', () => {
    for (const bits of [10, 52, 300, 930]) {
      const r1 = randomBits(rng, bits) | (1n << BigInt(bits));
      const r0 = randomBelow(rng, r1);
      check(r0, r1, RUN_TO_END);
      check(r0, r1, r0 >> 3n);
      check(r0, r1, r0);
    }
    // A small first input and a huge second one: the digits of r1 would not fit a double.
    check(5n, (1n << 2000n) + 12345n, RUN_TO_END);
    check(3n << 40n, (1n << 900n) + 7n, RUN_TO_END);
  });

  test('numbers differing in their last bits, and in their first', () => {
    for (const bits of [64, 300, 930, 1500]) {
      const r0 = randomBits(rng, bits) | (1n << BigInt(bits - 1));
      for (const delta of [1n, 2n, 3n, 255n, 1n << 20n, 1n << 47n, 1n << 50n, 1n << 51n, 1n << 52n]) {
        if (delta >= r0) continue;
        checkAllBounds(r0, r0 - delta);
        check(r0 + delta, r0, RUN_TO_END);
      }
      // Same low bits, different top bits: the leading digits alone decide the first quotients.
      check(r0, r0 & ((1n << BigInt(bits - 8)) - 1n), RUN_TO_END);
    }
  });

  test('Fibonacci-like worst cases (all quotients 1) and large single quotients', () => {
    let [a, b] = [1n, 1n];
    for (let i = 0; i < 1400; i++) [a, b] = [a + b, a];
    // F(n+1), F(n): every quotient is 1, the longest possible sequence.
    checkAllBounds(a, b);
    check(a + 1n, b, RUN_TO_END);
    check(a, b + 1n, RUN_TO_END);
    // Quotients near 2^51, 2^52 and beyond one digit: Lehmer rounds cannot certify these.
    for (const qBits of [25n, 26n, 50n, 51n, 52n, 53n, 100n, 400n]) {
      const r1 = randomBits(rng, 300) | (1n << 299n);
      const r0 = (r1 << qBits) + randomBelow(rng, r1);
      checkAllBounds(r0, r1);
    }
  });

  test('huge inputs beyond the double range (more than 1,024 bits)', () => {
    for (const bits of [1023, 1024, 1025, 1100, 4000]) {
      const r0 = randomBits(rng, bits) | (1n << BigInt(bits - 1));
      const r1 = randomBelow(rng, r0);
      check(r0, r1, RUN_TO_END);
      check(r0, r1, randomBits(rng, bits >> 1));
      check(r0, r1, 1n << 1030n);
    }
  });

  test('all-ones and power-of-two inputs (leading digits that round up as doubles)', () => {
    for (const bits of [51n, 52n, 53n, 102n, 500n, 931n, 1024n]) {
      const ones = (1n << bits) - 1n;
      const pow = 1n << bits;
      check(ones, ones - 2n, RUN_TO_END);
      check(pow, ones, RUN_TO_END);
      check(pow, 3n, RUN_TO_END);
      check(ones, (ones >> 1n) + 1n, RUN_TO_END);
      checkAllBounds(pow + 1n, ones >> 3n);
    }
  });
});

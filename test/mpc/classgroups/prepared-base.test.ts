/**
 * Prepared bases (classgroups/prepared-base.ts) against plain exponentiation: the same forms for
 * the edge exponents (0, ±1, one chunk exactly, the maximum size, beyond it) and random ones, in
 * multi-exponentiations that mix prepared and plain bases.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { ClassGroup } from '../../../mpc/classgroups/group.ts';
import { multiPowPrepared, PreparedBase } from '../../../mpc/classgroups/prepared-base.ts';
import { randomBits } from '../../../mpc/numbers/random.ts';
import { splitPrimePowers } from '../../support/forms.ts';
import { testRng } from '../../support/random.ts';

const rng = testRng('prepared-base');

function elements(group: ClassGroup, count: number): Form[] {
  return splitPrimePowers(group, count, rng);
}

describe('prepared bases', () => {
  // Δ = −(2^127 − 1), a prime ≡ 1 (mod 4) once negated: small forms keep the test fast.
  const group = new ClassGroup(-((1n << 127n) - 1n));
  const [x, y, z] = elements(group, 3) as [Form, Form, Form];
  const chunkBits = 16;
  const maxBits = 100; // 7 chunks
  const prepared = new PreparedBase(group, x, { chunkBits, maxBits, width: 4 });

  test('layout: ⌈maxBits / L⌉ chunks of 2^(w−2) odd powers', () => {
    assert.equal(prepared.chunks, 7);
    assert.equal(prepared.formCount, 7 * 4);
  });

  const edges: [string, bigint][] = [
    ['0', 0n],
    ['1', 1n],
    ['−1', -1n],
    ['2^L − 1 (one full chunk)', (1n << 16n) - 1n],
    ['2^L (the second chunk only)', 1n << 16n],
    ['2^maxBits − 1 (the maximum size)', (1n << 100n) - 1n],
    ['−(2^maxBits − 1)', -((1n << 100n) - 1n)],
    ['2^(s·L) + 12345 (beyond the chunks: the top chunk keeps the rest)', (1n << 112n) + 12345n],
    ['3·2^300 − 1 (far beyond)', 3n * (1n << 300n) - 1n],
  ];
  for (const [name, e] of edges) {
    test(`x^e equals plain exponentiation for e = ${name}`, () => {
      const expected = group.pow(x, e);
      const got = multiPowPrepared(group, [{ base: prepared, exponent: e }]);
      assert.ok(group.equals(got, expected));
      assert.equal(got.c, expected.c);
    });
  }

  test('mixed with plain bases, random exponents of every sign and size: equals multiPow', () => {
    const preparedY = new PreparedBase(group, y, { chunkBits: 24, maxBits: 200 });
    for (let i = 0; i < 12; i++) {
      const bits = [1, 7, 16, 33, 99, 100, 150, 200, 201][i % 9] as number;
      const sign = () => (randomBits(rng, 1) === 1n ? -1n : 1n);
      const es = [sign() * randomBits(rng, bits), sign() * randomBits(rng, 200), sign() * randomBits(rng, 64)];
      const expected = group.multiPow([x, y, z], es);
      const got = multiPowPrepared(group, [
        { base: prepared, exponent: es[0] as bigint },
        { base: preparedY, exponent: es[1] as bigint },
        { base: z, exponent: es[2] as bigint },
      ]);
      assert.ok(group.equals(got, expected), `exponents ${es.join(', ')}`);
    }
  });

  test('a prepared base inside a longer plain chain (taken as a plain base when that is cheaper): the same result', () => {
    const narrow = new PreparedBase(group, x, { chunkBits, maxBits, width: 2 });
    assert.ok(narrow.digitCost(100) > 24, 'width 2 costs more per bit than a plain width-4 window');
    const e = randomBits(rng, 100);
    const long = -randomBits(rng, 400);
    const got = multiPowPrepared(group, [
      { base: narrow, exponent: e },
      { base: z, exponent: long },
    ]);
    assert.ok(group.equals(got, group.multiPow([x, z], [e, long])));
  });

  test('built one chunk at a time: yields between chunks, and gives the same powers', () => {
    const steps = PreparedBase.build(group, x, { chunkBits, maxBits, width: 4 });
    let yields = 0;
    let step = steps.next();
    while (step.done !== true) {
      yields += 1;
      step = steps.next();
    }
    assert.equal(yields, prepared.chunks - 1);
    const built = step.value;
    assert.equal(built.formCount, prepared.formCount);
    const e = -randomBits(rng, 100);
    assert.ok(group.equals(multiPowPrepared(group, [{ base: built, exponent: e }]), group.pow(x, e)));
  });

  test('a wrong table would show: a base prepared for y does not give powers of x', () => {
    const other = new PreparedBase(group, y, { chunkBits, maxBits });
    assert.ok(!group.equals(multiPowPrepared(group, [{ base: other, exponent: 12345n }]), group.pow(x, 12345n)));
  });

  test('parameters out of range are refused', () => {
    assert.throws(() => new PreparedBase(group, x, { chunkBits: 4, maxBits }), RangeError);
    assert.throws(() => new PreparedBase(group, x, { chunkBits, maxBits: 0 }), RangeError);
    assert.throws(() => new PreparedBase(group, x, { chunkBits, maxBits, width: 11 }), RangeError);
  });
});

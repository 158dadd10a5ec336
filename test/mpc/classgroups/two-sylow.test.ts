/**
 * The 2-Sylow subgroup of the CL class groups (mpc/classgroups/setup.ts, "The 2-Sylow subgroup"):
 * for Δ_K = −p·q with p·q ≡ 3 (mod 4) and (q/p) = −1, Cl(Δ_K) and Cl(q²·Δ_K) have exactly one
 * element of order 2 and none of order 4, so squaring removes every 2-power-order element. Checked
 * here by enumerating the reduced forms of every such discriminant with small primes; the same
 * enumeration finds elements of order 4 for some discriminants that lack (q/p) = −1, which is
 * why the setup imposes it. The genus characters χ_p and χ_q agree on every element (the setup
 * checks squares with χ_q).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { decodeForm, encodeForm } from '../../../mpc/classgroups/encoding.ts';
import { type Form, isPrimitive, isReduced } from '../../../mpc/classgroups/form.ts';
import { ClassGroup } from '../../../mpc/classgroups/group.ts';
import { TWO_SYLOW_EXPONENT } from '../../../mpc/classgroups/setup.ts';
import { bcsBigInt } from '../../../mpc/encoding/bigint.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { kronecker } from '../../../mpc/numbers/modular.ts';
import { testSetup } from '../../support/setup.ts';

/** Every reduced primitive form of discriminant D < 0 (the elements of Cl(D)). */
function reducedForms(D: bigint): Form[] {
  const forms: Form[] = [];
  for (let a = 1n; 3n * a * a <= -D; a++) {
    for (let b = -a + 1n; b <= a; b++) {
      const numerator = b * b - D;
      if (numerator % (4n * a) !== 0n) continue;
      const form = { a, b, c: numerator / (4n * a) };
      if (isReduced(form) && isPrimitive(form)) forms.push(form);
    }
  }
  return forms;
}

const SMALL_PRIMES = [3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n, 53n, 59n, 61n, 67n, 71n, 73n];

test('with p·q ≡ 3 (mod 4) and (q/p) = −1 the 2-Sylow subgroup of Cl(−pq) and Cl(−pq³) is {1, ε}; without (q/p) = −1 it can be larger', () => {
  let withCondition = 0;
  let largerWithout = 0;
  let nonSquaresSeen = 0;
  for (const q of SMALL_PRIMES) {
    for (const p of SMALL_PRIMES) {
      if (p === q || (p * q) % 4n !== 3n) continue;
      for (const D of [-p * q, -p * q * q * q]) {
        if (-D > 60_000n) continue;
        const group = new ClassGroup(D, { genusPrime: p });
        const byQ = new ClassGroup(D, { genusPrime: q });
        const elements = reducedForms(D);
        const square = (x: Form) => group.square(x);
        const orderDividesTwo = elements.filter((x) => group.isIdentity(square(x))).length;
        const orderDividesFour = elements.filter((x) => group.isIdentity(square(square(x)))).length;
        // The genus characters χ_p and χ_q are both +1 exactly on the squares (two genera: p and q
        // divide D), so they are equal (setup.ts, "Which genus character").
        const squares = new Set(
          elements.map((x) => {
            const y = square(x);
            return `${y.a}/${y.b}`;
          }),
        );
        for (const x of elements) {
          assert.equal(group.isSquareClass(x), squares.has(`${x.a}/${x.b}`), `χ_p on Cl(${D})`);
          assert.equal(byQ.genusCharacter(x), group.genusCharacter(x), `χ_q = χ_p on (${x.a}, ${x.b}) of Cl(${D})`);
        }
        if (squares.size < elements.length) nonSquaresSeen += 1;
        if (kronecker(q, p) === -1) {
          withCondition += 1;
          assert.equal(orderDividesTwo, 2, `Cl(${D}) should have exactly one element of order 2`);
          assert.equal(orderDividesFour, 2, `Cl(${D}) should have no element of order 4`);
          // Hence x ↦ x^TWO_SYLOW_EXPONENT removes the 2-Sylow part: equal up to order 2 ⇔ equal squares.
          assert.equal(TWO_SYLOW_EXPONENT, 2n);
        } else if (orderDividesFour > 2) {
          largerWithout += 1;
        }
      }
    }
  }
  assert.ok(withCondition > 100, `only ${withCondition} discriminants checked`);
  assert.ok(nonSquaresSeen > 100, `only ${nonSquaresSeen} groups had non-squares to tell apart`);
  assert.ok(largerWithout > 0, 'no discriminant without the condition had an element of order 4');
});

test('in the real setup, an element of order 2 is easy to build, equalUpToOrderTwo absorbs exactly it, and decoding refuses it', () => {
  const setup = testSetup();
  const { group } = setup;
  // The ambiguous form (p, p, ·) of Δ_q = −p·q³: its class has order 2 and is not the identity.
  const epsilon = group.reducedFromAB(setup.p, setup.p);
  assert.ok(!group.isIdentity(epsilon));
  assert.ok(group.isIdentity(group.square(epsilon)));
  assert.ok(group.hasOrderAtMostTwo(epsilon));
  assert.ok(!group.hasOrderAtMostTwo(setup.h));
  const x = group.pow(setup.h, 123_456_789n);
  const off = group.compose(x, epsilon);
  assert.ok(!group.equals(x, off));
  assert.ok(group.equalUpToOrderTwo(x, off));
  assert.ok(group.equalUpToOrderTwo(x, x));
  assert.ok(!group.equalUpToOrderTwo(x, group.compose(x, setup.h)));
  assert.ok(!group.equalUpToOrderTwo(x, group.compose(x, setup.f)));
  // Everything the protocol computes is a square; a form carrying ε is not, and no decoder accepts it.
  // The setup's genus character is χ_q; χ_p gives the same values (setup.ts, "Which genus character").
  assert.equal(group.genusPrime, setup.q);
  const byP = new ClassGroup(group.discriminant, { genusPrime: setup.p });
  for (const value of [setup.h, setup.f, x, group.identity]) {
    assert.equal(group.genusCharacter(value), 1);
    assert.equal(byP.genusCharacter(value), 1);
  }
  for (const value of [epsilon, off]) {
    assert.equal(group.genusCharacter(value), -1);
    assert.equal(byP.genusCharacter(value), -1);
  }
  const raw = bcs.struct('RawForm', {
    a: bcsBigInt('a', { maxBits: group.formCoefficientBits, signed: false }),
    b: bcsBigInt('b', { maxBits: group.formCoefficientBits, signed: true }),
  });
  for (const form of [epsilon, off]) {
    const bytes = raw.serialize({ a: form.a, b: form.b }).toBytes();
    assert.throws(
      () => decodeForm(group, bytes),
      (error: DWalletError) => error.code === ErrorCodes.FORM_NOT_A_SQUARE,
    );
    assert.throws(
      () => group.assertElement(form),
      (error: DWalletError) => error.code === ErrorCodes.FORM_NOT_A_SQUARE,
    );
  }
  assert.deepEqual(decodeForm(group, encodeForm(group, x)), x);
});

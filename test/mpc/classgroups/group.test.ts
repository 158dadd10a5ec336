import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composePlain } from '../../../mpc/classgroups/composition.ts';
import { powSquareAndMultiply } from '../../../mpc/classgroups/exponentiation.ts';
import {
  discriminantOf,
  type Form,
  formFromAB,
  isPrimitive,
  isReduced,
  reduce,
  validateReducedForm,
} from '../../../mpc/classgroups/form.ts';
import { ClassGroup } from '../../../mpc/classgroups/group.ts';
import { primeForm } from '../../../mpc/classgroups/prime-form.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { kronecker } from '../../../mpc/numbers/modular.ts';
import { isProbablePrime } from '../../../mpc/numbers/primes.ts';
import { randomBits } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('classgroups');

/** Random elements of `group`: powers of small prime forms. */
function randomElements(group: ClassGroup, count: number): Form[] {
  const out: Form[] = [];
  let r = 3n;
  while (out.length < count) {
    r += 2n;
    if (!isProbablePrime(r) || kronecker(group.discriminant, r) !== 1) continue;
    out.push(group.pow(primeForm(group.discriminant, r), randomBits(rng, 256) + 1n));
  }
  return out;
}

/** The groups under test: small, and the real secp256k1 Cl(Δ_q) at 112-bit security. */
const setup = testSetup('secp256k1', 112);
const groups: [string, ClassGroup][] = [
  ['Δ = −(2^61 − 1)', new ClassGroup(-((1n << 61n) - 1n))],
  ['Δ_K (1348 bits)', new ClassGroup(setup.deltaK)],
  ['Δ_q = q²·Δ_K (1860 bits)', setup.group],
];

describe('binary quadratic forms', () => {
  test('reduce() returns the unique reduced form of the class', () => {
    const group = setup.group;
    const [x] = randomElements(group, 1) as [Form];
    // Apply random unimodular transformations (x ↦ x + k·y) and reduce back.
    for (const k of [1n, -3n, 123456789n, -(1n << 300n)]) {
      const a = x.a;
      const b = x.b + 2n * a * k;
      const c = a * k * k + x.b * k + x.c;
      assert.ok(!isReduced({ a, b, c }));
      assert.deepEqual(reduce(a, b, c), x);
    }
    // The (a, b, c) ↦ (c, −b, a) step too.
    assert.deepEqual(reduce(x.c, -x.b, x.a), x);
  });

  test('validation names what is wrong', () => {
    const { group } = setup;
    const x = group.identity;
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as DWalletError).code;
      }
      return 'no error';
    };
    assert.equal(
      code(() => validateReducedForm({ a: x.a, b: x.b, c: x.c + 1n }, group.discriminant)),
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
    assert.equal(
      code(() => formFromAB(3n, 0n, group.discriminant)),
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
    assert.equal(
      code(() => formFromAB(0n, 1n, group.discriminant)),
      ErrorCodes.FORM_NOT_POSITIVE_DEFINITE,
    );
    const [y] = randomElements(group, 1) as [Form];
    assert.equal(
      code(() => group.elementFromAB(y.a, y.b + 2n * y.a)),
      ErrorCodes.FORM_NOT_REDUCED,
    );
    const q = setup.q;
    // q·(identity of Δ_K) has discriminant q²·Δ_K, is reduced, and has content q.
    const imprimitive = { a: q, b: q, c: (q * (1n - setup.deltaK)) / 4n };
    assert.equal(discriminantOf(imprimitive), group.discriminant);
    assert.ok(isReduced(imprimitive) && !isPrimitive(imprimitive));
    assert.equal(
      code(() => group.elementFromAB(imprimitive.a, imprimitive.b)),
      ErrorCodes.FORM_NOT_PRIMITIVE,
    );
    assert.equal(
      code(() => new ClassGroup(-5n)),
      ErrorCodes.INVALID_PARAMETER,
    );
    // A conductor f needs Δ = f²·Δ_K with Δ_K ≡ 1 (mod 4).
    for (const conductor of [0n, 5n, 2n]) {
      assert.equal(
        code(() => new ClassGroup(-7n * 3n * 3n * 3n * 4n, { conductor })),
        ErrorCodes.INVALID_PARAMETER,
        `conductor ${conductor}`,
      );
    }
    assert.equal(
      code(() => new ClassGroup(12n)),
      ErrorCodes.INVALID_PARAMETER,
    );
  });
});

test('with the conductor known, primitivity is decided modulo it: the same verdict as the gcd on every reduced form of small Δ = f²·Δ_K', () => {
  let imprimitive = 0;
  for (const [deltaK, f] of [
    [-3n * 5n, 7n],
    [-5n * 7n, 5n * 5n],
    [-11n * 13n, 11n * 13n],
    [-3n * 5n * 7n * 11n, 3n],
    [-23n, 1n],
  ] as const) {
    const D = f * f * deltaK;
    const group = new ClassGroup(D, { conductor: f });
    for (let a = 1n; 3n * a * a <= -D; a++) {
      for (let b = -a + 1n; b <= a; b++) {
        if ((b * b - D) % (4n * a) !== 0n) continue;
        const form = { a, b, c: (b * b - D) / (4n * a) };
        if (!isReduced(form)) continue;
        assert.equal(isPrimitive(form, f), isPrimitive(form), `(${a}, ${b}) of discriminant ${D}`);
        if (!isPrimitive(form)) {
          imprimitive += 1;
          assert.throws(
            () => group.assertElement(form),
            (error: DWalletError) => error.code === ErrorCodes.FORM_NOT_PRIMITIVE,
          );
        }
      }
    }
  }
  assert.ok(imprimitive > 20, `only ${imprimitive} imprimitive forms met`);
});

for (const [name, group] of groups) {
  describe(`class group ${name}`, () => {
    const plain = {
      identity: group.identity,
      compose: composePlain,
      square: (x: Form) => composePlain(x, x),
      inverse: (x: Form) => group.inverse(x),
    };
    const xs = randomElements(group, 6);

    test('NUCOMP and NUDUPL agree with Gauss composition', () => {
      for (const x of xs) {
        for (const y of xs) {
          const z = group.compose(x, y);
          assert.deepEqual(z, composePlain(x, y));
          assert.ok(isReduced(z) && discriminantOf(z) === group.discriminant);
        }
        assert.deepEqual(group.square(x), composePlain(x, x));
        assert.deepEqual(group.compose(x, x), group.square(x));
      }
    });

    test('group laws: associativity, commutativity, identity, inverse', () => {
      const [x, y, z] = xs as [Form, Form, Form];
      assert.deepEqual(group.compose(group.compose(x, y), z), group.compose(x, group.compose(y, z)));
      assert.deepEqual(group.compose(x, y), group.compose(y, x));
      assert.deepEqual(group.compose(x, group.identity), x);
      assert.deepEqual(group.compose(group.identity, x), x);
      assert.deepEqual(group.square(group.identity), group.identity);
      assert.ok(group.isIdentity(group.compose(x, group.inverse(x))));
      assert.deepEqual(group.inverse(group.inverse(x)), x);
    });

    test('exponentiation: g^(a+b) = g^a·g^b with negative exponents, and matches square-and-multiply', () => {
      const [g, h] = xs as [Form, Form];
      for (const [a, b] of [
        [0n, 0n],
        [1n, -1n],
        [randomBits(rng, 749), -randomBits(rng, 749)],
        [-randomBits(rng, 2000), randomBits(rng, 300)],
        [randomBits(rng, 64), randomBits(rng, 64)],
      ] as const) {
        assert.deepEqual(group.pow(g, a + b), group.compose(group.pow(g, a), group.pow(g, b)));
      }
      const e = randomBits(rng, 500);
      assert.deepEqual(group.pow(g, e), powSquareAndMultiply(plain, g, e));
      assert.deepEqual(group.pow(g, -e), group.inverse(powSquareAndMultiply(plain, g, e)));
      // (g·h)^e = g^e·h^e (abelian) and (g^a)^b = g^(ab)
      assert.deepEqual(group.pow(group.compose(g, h), e), group.compose(group.pow(g, e), group.pow(h, e)));
      const a = randomBits(rng, 100);
      const b = -randomBits(rng, 90);
      assert.deepEqual(group.pow(group.pow(g, a), b), group.pow(g, a * b));
    });

    test('multi-exponentiation equals the product of powers', () => {
      const exps = [randomBits(rng, 749), -randomBits(rng, 1000), 0n, 1n, -1n, randomBits(rng, 30)];
      let expected = group.identity;
      xs.forEach((x, i) => {
        expected = group.compose(expected, group.pow(x, exps[i] as bigint));
      });
      assert.deepEqual(group.multiPow(xs, exps), expected);
      assert.deepEqual(group.multiPow([], []), group.identity);
    });

    test('fixed-base tables agree with exponentiation and grow on demand', () => {
      const [g] = xs as [Form];
      for (const width of [2, 5, 6]) {
        const table = group.fixedBase(g, width);
        assert.equal(table.rowCount, 0);
        for (const e of [0n, 1n, -1n, 2n ** BigInt(width - 1), randomBits(rng, 100), -randomBits(rng, 749), (1n << 1999n) + 1n]) {
          assert.deepEqual(table.pow(e), group.pow(g, e), `width ${width}, e ${e}`);
        }
        assert.ok(table.coveredBits >= 2000);
      }
      // Every digit value at the top of a window, including the carry into a new window.
      const table = group.fixedBase(g, 3);
      for (let e = -70n; e <= 70n; e++) assert.deepEqual(table.pow(e), group.pow(g, e));
    });
  });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composePlain, nucomp, nudupl } from '../../../mpc/classgroups/composition.ts';
import { discriminantOf, type Form, isReduced } from '../../../mpc/classgroups/form.ts';
import { ClassGroup } from '../../../mpc/classgroups/group.ts';
import { primeForm } from '../../../mpc/classgroups/prime-form.ts';
import { gcd, kronecker } from '../../../mpc/numbers/modular.ts';
import { isProbablePrime } from '../../../mpc/numbers/primes.ts';
import { randomBits } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('composition');
const setup = testSetup('secp256k1', 112);

/** Split primes r (Δ/r) = 1, smallest first. */
function splitPrimes(discriminant: bigint, count: number): bigint[] {
  const out: bigint[] = [];
  for (let r = 3n; out.length < count; r += 2n) {
    if (isProbablePrime(r) && kronecker(discriminant, r) === 1) out.push(r);
  }
  return out;
}

/** NUCOMP and NUDUPL against Gauss composition (reduced forms are canonical: equal classes, equal forms). */
function assertAgrees(group: ClassGroup, x: Form, y: Form): void {
  const z = nucomp(x, y, group.bound);
  assert.deepEqual(z, composePlain(x, y));
  assert.ok(isReduced(z) && discriminantOf(z) === group.discriminant);
  assert.deepEqual(nucomp(y, x, group.bound), z);
  assert.deepEqual(nudupl(x, group.bound), composePlain(x, x));
}

for (const [name, group] of [
  ['Δ_K (1348 bits)', new ClassGroup(setup.deltaK)],
  ['Δ_q = q²·Δ_K (1860 bits)', setup.group],
] as const) {
  describe(`NUCOMP/NUDUPL on the gcd kernel, ${name}`, () => {
    const [p, r] = splitPrimes(group.discriminant, 2) as [bigint, bigint];
    const P = primeForm(group.discriminant, p);
    const R = primeForm(group.discriminant, r);
    const randoms = Array.from({ length: 8 }, () => group.pow(R, randomBits(rng, 400) + 1n));

    test('random full-size forms', () => {
      for (let i = 0; i < randoms.length; i++) {
        assertAgrees(group, randoms[i] as Form, randoms[(i + 3) % randoms.length] as Form);
      }
    });

    test('equal first coefficients: a form with itself and with its inverse', () => {
      for (const x of randoms.slice(0, 3)) {
        assertAgrees(group, x, x);
        const inv = group.inverse(x);
        assert.deepEqual(nucomp(x, inv, group.bound), group.identity);
        assertAgrees(group, x, inv);
      }
    });

    test('the identity and tiny forms against full-size ones (no partial-gcd step)', () => {
      assertAgrees(group, group.identity, group.identity);
      for (const x of randoms.slice(0, 3)) {
        assertAgrees(group, x, group.identity);
        assertAgrees(group, x, P);
        assertAgrees(group, P, R);
      }
    });

    test('first coefficients sharing a factor (gcd(u1, u2) > 1, the cofactor c of NUCOMP step 4)', () => {
      let shared = 0;
      let x = P;
      for (let k = 2; k < 40; k++) {
        const y = nucomp(x, P, group.bound);
        if (gcd(x.a, P.a) > 1n) shared += 1;
        assertAgrees(group, x, P);
        assertAgrees(group, x, group.compose(P, P));
        x = y;
      }
      assert.ok(shared > 0, 'some pair shares a factor of a');
    });
  });
}

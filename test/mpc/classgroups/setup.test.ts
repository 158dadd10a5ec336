import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { knownSetupSeeds } from '../../../mpc/classgroups/known-seeds.ts';
import { dlogF, generatorF, powF } from '../../../mpc/classgroups/message-subgroup.ts';
import {
  deriveSetup,
  deriveSetupSeeds,
  FUNDAMENTAL_DISCRIMINANT_BITS,
  randomnessBitsFor,
  SECURITY_LEVELS,
  setupFromSeeds,
} from '../../../mpc/classgroups/setup.ts';
import { clearSetupMemory, loadSetup, type SetupSource } from '../../../mpc/classgroups/setups.ts';
import { CURVE_NAMES, curveOrder } from '../../../mpc/curves/curve.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { bitLength } from '../../../mpc/numbers/bytes.ts';
import { kronecker, mod } from '../../../mpc/numbers/modular.ts';
import { isProbablePrime } from '../../../mpc/numbers/primes.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('setup');

describe('deterministic CL setup', () => {
  for (const curve of CURVE_NAMES) {
    test(`${curve} at 112-bit security satisfies every setup condition`, () => {
      const setup = testSetup(curve, 112);
      const q = curveOrder(curve);
      assert.equal(setup.q, q);
      assert.ok(isProbablePrime(setup.p));
      assert.equal(bitLength(setup.deltaK), FUNDAMENTAL_DISCRIMINANT_BITS[112]);
      assert.equal(setup.deltaK, -setup.p * q);
      assert.equal(mod(setup.deltaK, 4n), 1n);
      assert.equal(kronecker(q, setup.p), -1);
      assert.equal(setup.deltaQ, q * q * setup.deltaK);
      assert.equal(setup.group.discriminant, setup.deltaQ);
      assert.equal(setup.randomnessBits, 749);
      setup.group.assertElement(setup.h);
      setup.group.assertElement(setup.f);
      assert.ok(!setup.group.isIdentity(setup.h));
      // f has order q: f^q = 1, f ≠ 1.
      assert.ok(setup.group.isIdentity(setup.group.pow(setup.f, q)));
      assert.ok(!setup.group.isIdentity(setup.f));
      // h is not in F (F is the q-torsion; h^q = 1 would put it there).
      assert.ok(!setup.group.isIdentity(setup.group.pow(setup.h, q)));
    });
  }

  test('the 128-bit level uses |Δ_K| = 1827 bits and S = 2^989', () => {
    assert.equal(randomnessBitsFor(128), 989);
    const seeds = deriveSetupSeeds(curveOrder('secp256k1'), 128);
    assert.equal(bitLength(seeds.p * seeds.q), FUNDAMENTAL_DISCRIMINANT_BITS[128]);
  });

  test('is identical across two processes (derived from q alone)', () => {
    const q = curveOrder('p256');
    const script = `
      import { deriveSetup } from './mpc/classgroups/setup.ts';
      const s = deriveSetup(${q}n, 112);
      console.log(JSON.stringify([s.p.toString(16), s.r.toString(16), s.h.a.toString(16), s.h.b.toString(16)]));`;
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: process.cwd(),
        encoding: 'utf8',
      }).trim();
    const first = run();
    const second = run();
    assert.equal(first, second);
    const here = testSetup('p256', 112);
    assert.equal(first, JSON.stringify([here.p.toString(16), here.r.toString(16), here.h.a.toString(16), here.h.b.toString(16)]));
  });

  test('rejects unsupported levels and non-curve orders', () => {
    assert.throws(
      () => deriveSetupSeeds(curveOrder('secp256k1'), 100 as 112),
      (e: DWalletError) => e.code === ErrorCodes.INVALID_PARAMETER,
    );
    assert.throws(
      () => deriveSetupSeeds(1n << 200n, 112),
      (e: DWalletError) => e.code === ErrorCodes.INVALID_PARAMETER,
    );
    assert.throws(
      () => curveOrder('bn254' as 'p256'),
      (e: DWalletError) => e.code === ErrorCodes.INVALID_PARAMETER,
    );
    const seeds = deriveSetupSeeds(curveOrder('secp256k1'), 112);
    assert.throws(
      () => setupFromSeeds({ ...seeds, p: seeds.p + 4n }),
      (e: DWalletError) => e.code === ErrorCodes.INVALID_PARAMETER,
    );
  });
});

describe('message subgroup F', () => {
  const setup = testSetup();
  const { q, group } = setup;

  test('f^m round-trips through dlog for edge and random values', () => {
    const values = [0n, 1n, 2n, q - 1n, q - 2n, (q - 1n) / 2n, ...Array.from({ length: 20 }, () => randomBelow(rng, q))];
    for (const m of values) {
      const fm = powF(setup, m);
      group.assertElement(fm);
      assert.equal(dlogF(setup, fm), m);
    }
    assert.deepEqual(powF(setup, q), group.identity);
    assert.deepEqual(powF(setup, -1n), powF(setup, q - 1n));
  });

  test('the direct formula for f^m matches generic exponentiation and is a homomorphism', () => {
    const f = generatorF(setup);
    for (const m of [1n, 3n, q - 1n, randomBelow(rng, q)]) assert.deepEqual(powF(setup, m), group.pow(f, m));
    const a = randomBelow(rng, q);
    const b = randomBelow(rng, q);
    assert.deepEqual(group.compose(powF(setup, a), powF(setup, b)), powF(setup, a + b));
  });

  test('dlog rejects forms outside F', () => {
    assert.throws(
      () => dlogF(setup, setup.h),
      (e: DWalletError) => e.code === ErrorCodes.FORM_NOT_IN_MESSAGE_SUBGROUP,
    );
    const outside = group.compose(setup.h, powF(setup, 5n));
    assert.throws(
      () => dlogF(setup, outside),
      (e: DWalletError) => e.code === ErrorCodes.FORM_NOT_IN_MESSAGE_SUBGROUP,
    );
  });
});

describe('setups: the known seeds, then memory', () => {
  for (const curve of CURVE_NAMES) {
    for (const level of SECURITY_LEVELS) {
      test(`the known seeds of ${curve} at ${level} bits are what the derivation draws, with p and r prime`, () => {
        const q = curveOrder(curve);
        const known = knownSetupSeeds(q, level);
        assert.ok(known !== undefined);
        assert.deepEqual(known, deriveSetupSeeds(q, level));
        assert.ok(isProbablePrime(known.p) && isProbablePrime(known.r));
      });
    }
  }

  test('loadSetup builds a setup once per process from the known seeds; another q is derived', () => {
    const sources: SetupSource[] = [];
    const onSource = (source: SetupSource) => sources.push(source);
    clearSetupMemory();
    const q = curveOrder('secp256k1');
    const first = loadSetup(q, 112, { onSource });
    const second = loadSetup(q, 112, { onSource });
    assert.equal(second, first);
    assert.deepEqual(first.h, deriveSetup(q, 112).h);
    // 2^255 − 19 is prime and no curve order here: its seeds are searched for.
    const other = (1n << 255n) - 19n;
    assert.equal(knownSetupSeeds(other, 112), undefined);
    const derived = loadSetup(other, 112, { onSource });
    assert.deepEqual(derived.h, deriveSetup(other, 112).h);
    assert.deepEqual(sources, ['known', 'memory', 'derived']);
  });

  test('a setup read from the known seeds computes keys as the generic exponentiation does', () => {
    clearSetupMemory();
    const setup = loadSetup(curveOrder('ed25519'), 112);
    for (const e of [1n, 63n, 64n, randomBelow(rng, 1n << 749n), -randomBelow(rng, 1n << 1000n)]) {
      assert.deepEqual(setup.hTable.pow(e), setup.group.pow(setup.h, e));
    }
  });
});

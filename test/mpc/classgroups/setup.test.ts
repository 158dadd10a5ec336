import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dlogF, generatorF, powF } from '../../../mpc/classgroups/message-subgroup.ts';
import { deriveSetupSeeds, FUNDAMENTAL_DISCRIMINANT_BITS, randomnessBitsFor, setupFromSeeds } from '../../../mpc/classgroups/setup.ts';
import { clearSetupMemory, decodeSetupCache, encodeSetupCache, loadSetup, type SetupSource } from '../../../mpc/classgroups/setup-cache.ts';
import { CURVE_NAMES, curveOrder } from '../../../mpc/curves/curve.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { bitLength } from '../../../mpc/numbers/bytes.ts';
import { kronecker, mod } from '../../../mpc/numbers/modular.ts';
import { isProbablePrime } from '../../../mpc/numbers/primes.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { FileSetupStore } from '../../../runtime/setup-store.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('setup');
const scratch = mkdtempSync(join(tmpdir(), 'dwallet-setup-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

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

describe('setup cache', () => {
  const q = curveOrder('secp256k1');

  test('writes once, then serves the same setup from the store', () => {
    const dir = join(scratch, 'roundtrip');
    const store = new FileSetupStore(dir);
    const sources: SetupSource[] = [];
    clearSetupMemory();
    const first = loadSetup(q, 112, { store, onSource: (s) => sources.push(s) });
    assert.ok(first.hTable.coveredBits >= first.randomnessBits);
    clearSetupMemory();
    const second = loadSetup(q, 112, { store, onSource: (s) => sources.push(s) });
    const third = loadSetup(q, 112, { store, onSource: (s) => sources.push(s) });
    assert.deepEqual(sources, ['derived', 'store', 'memory']);
    assert.equal(third, second);
    assert.deepEqual(second.h, first.h);
    assert.equal(second.hTable.rowCount, first.hTable.rowCount);
    const e = randomBelow(rng, 1n << 749n);
    assert.deepEqual(second.hTable.pow(e), first.group.pow(first.h, e));
  });

  test('detects a corrupt file and rebuilds it', () => {
    const dir = join(scratch, 'corrupt');
    const store = new FileSetupStore(dir);
    clearSetupMemory();
    const good = loadSetup(q, 112, { store });
    const [file] = readdirSync(dir);
    const path = join(dir, file as string);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(path, bytes);
    const sources: SetupSource[] = [];
    clearSetupMemory();
    const rebuilt = loadSetup(q, 112, { store, onSource: (s) => sources.push(s) });
    assert.deepEqual(sources, ['rebuilt-corrupt-cache']);
    assert.deepEqual(rebuilt.h, good.h);
    // The rebuilt file is whole again.
    clearSetupMemory();
    const again: SetupSource[] = [];
    loadSetup(q, 112, { store, onSource: (s) => again.push(s) });
    assert.deepEqual(again, ['store']);
  });

  test('a cache folder that cannot be written costs a derivation, not the load', () => {
    const blocked = join(scratch, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const store = new FileSetupStore(join(blocked, 'cache'));
    const sources: SetupSource[] = [];
    clearSetupMemory();
    loadSetup(q, 112, { store, onSource: (s) => sources.push(s) });
    assert.deepEqual(sources, ['derived']);
    assert.equal(store.read('anything'), undefined);
  });

  test('decodeSetupCache rejects truncation, a wrong entry and consistent-looking forgeries', () => {
    const setup = testSetup();
    const bytes = encodeSetupCache(setup);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as DWalletError).code;
      }
      return 'no error';
    };
    assert.equal(
      code(() => decodeSetupCache(bytes.subarray(0, 20), q, 112)),
      ErrorCodes.SETUP_CACHE_CORRUPT,
    );
    assert.equal(
      code(() => decodeSetupCache(bytes.subarray(0, bytes.length - 1), q, 112)),
      ErrorCodes.SETUP_CACHE_CORRUPT,
    );
    assert.equal(
      code(() => decodeSetupCache(bytes, curveOrder('p256'), 112)),
      ErrorCodes.SETUP_CACHE_CORRUPT,
    );
    // Seeds that break the setup conditions, with a valid digest, are still refused.
    const forged = encodeSetupCache({ ...setup, p: setup.p + 4n });
    assert.equal(
      code(() => decodeSetupCache(forged, q, 112)),
      ErrorCodes.SETUP_CACHE_CORRUPT,
    );
    assert.deepEqual(decodeSetupCache(bytes, q, 112).h, setup.h);
  });
});

/**
 * The BigInt Miller–Rabin (mpc/numbers/miller-rabin.ts, FIPS 186-5 B.3.1), the primality test of
 * a browser where node:crypto is absent, against OpenSSL's (`checkPrimeSync`): primes, random
 * composites, Carmichael numbers, and strong pseudoprimes to fixed small bases (which random bases
 * must still catch). And primes.ts without node:crypto (run in a child whose
 * `process.getBuiltinModule` is gone, as in a browser) finds the same prime under a DRBG.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { checkPrimeSync, generatePrimeSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '../../../mpc/errors.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { millerRabin } from '../../../mpc/numbers/miller-rabin.ts';
import { randomPrime } from '../../../mpc/numbers/primes.ts';
import { randomBits, systemRandom } from '../../../mpc/numbers/random.ts';

const ROUNDS = 64;
const PRIMES = [
  2n,
  3n,
  5n,
  7n,
  4099n,
  65537n,
  (1n << 61n) - 1n,
  (1n << 127n) - 1n,
  (1n << 255n) - 19n,
  (1n << 521n) - 1n,
  // secp256k1's group order.
  0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
];
const CARMICHAEL = [
  561n,
  1105n,
  1729n,
  2465n,
  2821n,
  6601n,
  8911n,
  41041n,
  825265n,
  321197185n,
  5394826801n,
  232250619601n,
  9746347772161n,
];
/** Strong pseudoprimes: to base 2 (2047, 3277, 4033), to bases 2, 3, 5, 7 (3215031751), to every prime base up to 23 (3825123056546413051) and up to 37 (318665857834031151167461). */
const STRONG_PSEUDOPRIMES = [2047n, 3277n, 4033n, 3215031751n, 3825123056546413051n, 318665857834031151167461n];

describe('Miller–Rabin in BigInt (FIPS 186-5 B.3.1)', () => {
  test('agrees with node:crypto on primes, Carmichael numbers and strong pseudoprimes', () => {
    for (const p of PRIMES) {
      assert.equal(checkPrimeSync(p, { checks: ROUNDS }), true, `${p}`);
      assert.equal(millerRabin(p, ROUNDS), true, `${p}`);
    }
    for (const n of [0n, 1n, 4n, 9n, 15n, 4095n, ...CARMICHAEL, ...STRONG_PSEUDOPRIMES, ((1n << 127n) - 1n) * ((1n << 61n) - 1n)]) {
      assert.equal(checkPrimeSync(n, { checks: ROUNDS }), false, `${n}`);
      assert.equal(millerRabin(n, ROUNDS), false, `${n}`);
    }
  });

  test('agrees with node:crypto on random odd numbers and generated primes of 64 to 1024 bits', () => {
    for (const bits of [64, 256, 512, 1024]) {
      const p = generatePrimeSync(bits, { bigint: true });
      assert.equal(millerRabin(p, ROUNDS), true, `${bits}-bit prime`);
      // A product of two primes of half the size: no small factor, so Miller–Rabin must decide it.
      const half = generatePrimeSync(bits / 2, { bigint: true }) * generatePrimeSync(bits / 2, { bigint: true });
      assert.equal(millerRabin(half, ROUNDS), false, `${bits}-bit semiprime`);
      for (let i = 0; i < 40; i++) {
        const n = randomBits(systemRandom, bits) | 1n | (1n << BigInt(bits - 1));
        assert.equal(millerRabin(n, 8), checkPrimeSync(n, { checks: 8 }), `${n}`);
      }
    }
  });

  test('random bases matter: a fixed base 2 is fooled by 2047, a random one is not', () => {
    const zeros = { bytes: (length: number) => new Uint8Array(length) };
    // All-zero bytes draw the smallest base, 2: 2047 = 23 · 89 is a strong pseudoprime to it.
    assert.equal(millerRabin(2047n, 1, zeros), true);
    assert.equal(millerRabin(2047n, ROUNDS, new Drbg('mr', new Uint8Array([1]))), false);
    // 3215031751 passes bases 2, 3, 5 and 7 one by one, and random bases catch it.
    assert.equal(millerRabin(3215031751n, ROUNDS), false);
  });

  test('refuses a round count that is not a positive integer', () => {
    for (const rounds of [0, -1, 1.5, Number.NaN]) {
      assert.throws(
        () => millerRabin(101n, rounds),
        (e: { code?: string }) => e.code === ErrorCodes.OUT_OF_RANGE,
      );
    }
  });

  test('primes.ts without node:crypto (as in a browser) finds the same prime under a DRBG', () => {
    const search = { min: 1n << 383n, max: (1n << 384n) - 1n, residue: 3n, modulus: 4n };
    const here = randomPrime(new Drbg('prime', new Uint8Array([9])), search);
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const script = `
      process.getBuiltinModule = undefined;
      const { randomPrime, isProbablePrime } = await import('./mpc/numbers/primes.ts');
      const { Drbg } = await import('./mpc/numbers/drbg.ts');
      const p = randomPrime(new Drbg('prime', new Uint8Array([9])), { min: 1n << 383n, max: (1n << 384n) - 1n, residue: 3n, modulus: 4n });
      console.log(JSON.stringify({ p: p.toString(), carmichael: isProbablePrime(9746347772161n), spsp: isProbablePrime(3825123056546413051n) }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout.trim()) as { p: string; carmichael: boolean; spsp: boolean };
    assert.equal(out.p, here.toString());
    assert.equal(out.carmichael, false);
    assert.equal(out.spsp, false);
  });
});

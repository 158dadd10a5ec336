import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { bigintToBytes, bitLength, bytesToBigint } from '../../../mpc/numbers/bytes.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { euclidWhileAbove } from '../../../mpc/numbers/euclid.ts';
import { floorDiv, gcd, iroot4, isqrt, kronecker, mod, modInverse, powMod, sqrtModPrime, xgcd } from '../../../mpc/numbers/modular.ts';
import { isProbablePrime, randomPrime } from '../../../mpc/numbers/primes.ts';
import { randomBelow, randomBits, randomInRange } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';

const rng = testRng('numbers');

describe('bytes', () => {
  test('bitLength is exact around powers of two and for huge values', () => {
    assert.equal(bitLength(0n), 0);
    assert.equal(bitLength(-1n), 1);
    for (const k of [1, 52, 53, 54, 63, 64, 1000, 1023, 1024, 1025, 2339, 5000]) {
      const p = 1n << BigInt(k);
      assert.equal(bitLength(p), k + 1, `2^${k}`);
      assert.equal(bitLength(p - 1n), k, `2^${k} - 1`);
      assert.equal(bitLength(p + 1n), k + 1, `2^${k} + 1`);
    }
    for (let i = 0; i < 200; i++) {
      const x = randomBits(rng, 1 + ((i * 37) % 3000));
      assert.equal(bitLength(x), x === 0n ? 0 : x.toString(2).length);
    }
  });

  test('bytes round trip, minimal and fixed length', () => {
    assert.deepEqual(bigintToBytes(0n), new Uint8Array(0));
    assert.equal(bytesToBigint(new Uint8Array(0)), 0n);
    assert.deepEqual(bigintToBytes(0x0102n, 4), new Uint8Array([0, 0, 1, 2]));
    const x = randomBits(rng, 1000);
    assert.equal(bytesToBigint(bigintToBytes(x)), x);
    assert.throws(
      () => bigintToBytes(1n << 64n, 8),
      (e: DWalletError) => e.code === ErrorCodes.OUT_OF_RANGE,
    );
    assert.throws(
      () => bigintToBytes(-1n),
      (e: DWalletError) => e.code === ErrorCodes.OUT_OF_RANGE,
    );
  });
});

describe('drbg', () => {
  test('is deterministic per (label, seed) and separated by label and seed', () => {
    const a = new Drbg('label', new Uint8Array([1, 2, 3])).bytes(64);
    assert.deepEqual(new Drbg('label', new Uint8Array([1, 2, 3])).bytes(64), a);
    assert.notDeepEqual(new Drbg('label2', new Uint8Array([1, 2, 3])).bytes(64), a);
    assert.notDeepEqual(new Drbg('label', new Uint8Array([1, 2, 4])).bytes(64), a);
    // Consecutive squeezes continue the stream.
    const d = new Drbg('label', new Uint8Array([1, 2, 3]));
    const joined = new Uint8Array([...d.bytes(10), ...d.bytes(54)]);
    assert.deepEqual(joined, a);
  });
});

describe('random sampling', () => {
  test('randomBelow stays in range and hits both ends of a small range', () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 400; i++) {
      const v = randomBelow(rng, 5n);
      assert.ok(v >= 0n && v < 5n);
      seen.add(v);
    }
    assert.equal(seen.size, 5);
    for (let i = 0; i < 100; i++) {
      const v = randomInRange(rng, -3n, 3n);
      assert.ok(v >= -3n && v <= 3n);
    }
  });

  test('randomBelow is not biased toward small residues (chi-square on a non-power-of-two bound)', () => {
    // Bound 3·2^62: a biased "mod" sampler would put 50% more mass on the lower third.
    const bound = 3n << 62n;
    const counts = [0, 0, 0];
    const n = 3000;
    for (let i = 0; i < n; i++) counts[Number(randomBelow(rng, bound) / (1n << 62n))]! += 1;
    const expected = n / 3;
    const chi = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    assert.ok(chi < 13.8, `chi-square ${chi} (p < 0.001 threshold 13.8), counts ${counts}`);
  });

  test('rejects invalid bounds', () => {
    assert.throws(() => randomBelow(rng, 0n), DWalletError);
    assert.throws(() => randomBits(rng, -1), DWalletError);
    assert.throws(() => randomInRange(rng, 2n, 1n), DWalletError);
  });
});

describe('modular arithmetic', () => {
  test('mod and floorDiv follow floor semantics', () => {
    assert.equal(mod(-7n, 3n), 2n);
    assert.equal(floorDiv(-7n, 2n), -4n);
    assert.equal(floorDiv(7n, -2n), -4n);
    assert.equal(floorDiv(-8n, 2n), -4n);
    assert.equal(floorDiv(7n, 2n), 3n);
  });

  test('xgcd gives Bézout coefficients for signed and large inputs (Lehmer path)', () => {
    const cases: [bigint, bigint][] = [
      [0n, 0n],
      [0n, 5n],
      [5n, 0n],
      [-12n, 18n],
      [12n, -18n],
      [240n, 46n],
    ];
    for (let i = 0; i < 50; i++) {
      const common = randomBits(rng, 1 + (i % 40));
      cases.push([randomBits(rng, 900) * common, -randomBits(rng, 700 + i) * common]);
    }
    for (const [a, b] of cases) {
      const { g, x, y } = xgcd(a, b);
      assert.equal(a * x + b * y, g, `${a}, ${b}`);
      assert.equal(g, gcd(a, b));
      if (g !== 0n) {
        assert.equal(a % g, 0n);
        assert.equal(b % g, 0n);
      }
    }
  });

  test('Lehmer rounds reproduce plain Euclid exactly, including where a bound stops them', () => {
    for (let i = 0; i < 30; i++) {
      const r0 = randomBits(rng, 930);
      const r1 = randomBelow(rng, r0);
      const bound = randomBits(rng, 200 + i * 20);
      const fast = euclidWhileAbove({ r0, r1, t0: 0n, t1: 1n, steps: 0 }, bound);
      let [p0, p1, s0, s1, steps] = [r0, r1, 0n, 1n, 0];
      while (p1 !== 0n && p0 > bound) {
        const q = p0 / p1;
        [p0, p1, s0, s1] = [p1, p0 - q * p1, s1, s0 - q * s1];
        steps += 1;
      }
      assert.deepEqual(fast, { r0: p0, r1: p1, t0: s0, t1: s1, steps });
    }
  });

  test('modInverse, and NOT_INVERTIBLE for a shared factor', () => {
    const m = (1n << 255n) - 19n;
    for (let i = 0; i < 20; i++) {
      const a = randomBelow(rng, m - 1n) + 1n;
      assert.equal(mod(a * modInverse(a, m), m), 1n);
    }
    assert.equal(modInverse(-3n, 7n), 2n);
    assert.throws(
      () => modInverse(6n, 9n),
      (e: DWalletError) => e.code === ErrorCodes.NOT_INVERTIBLE,
    );
  });

  test('Kronecker symbol agrees with Euler’s criterion and with its definition at 2 and −1', () => {
    const primes = [3n, 5n, 7n, 11n, 101n, 65537n, (1n << 127n) - 1n];
    for (const p of primes) {
      for (let i = 0; i < 20; i++) {
        const a = randomBits(rng, 200) - (1n << 199n);
        const euler = powMod(mod(a, p), (p - 1n) / 2n, p);
        const expected = euler === 0n ? 0 : euler === 1n ? 1 : -1;
        assert.equal(kronecker(a, p), expected, `(${a}/${p})`);
      }
    }
    // Multiplicativity in the bottom argument, with even and negative n.
    for (const [a, n1, n2] of [
      [3n, 8n, 5n],
      [-5n, -4n, 3n],
      [7n, 2n, -9n],
    ] as const) {
      assert.equal(kronecker(a, n1 * n2), kronecker(a, n1) * kronecker(a, n2));
    }
    assert.equal(kronecker(5n, 2n), -1); // 5 ≡ 5 (mod 8)
    assert.equal(kronecker(7n, 2n), 1); // 7 ≡ 7 (mod 8)
    assert.equal(kronecker(4n, 2n), 0);
    assert.equal(kronecker(-1n, -1n), -1);
    assert.equal(kronecker(3n, 0n), 0);
    assert.equal(kronecker(-1n, 0n), 1);
  });

  test('isqrt and iroot4 are floors', () => {
    for (let i = 0; i < 50; i++) {
      const n = randomBits(rng, 1 + i * 40);
      const s = isqrt(n);
      assert.ok(s * s <= n && (s + 1n) * (s + 1n) > n);
      const r = iroot4(n);
      assert.ok(r ** 4n <= n && (r + 1n) ** 4n > n);
    }
  });

  test('sqrtModPrime for p ≡ 3 and p ≡ 1 (mod 4), and non-residues rejected', () => {
    for (const p of [1000003n, 65537n, (1n << 127n) - 1n, 998244353n]) {
      for (let i = 0; i < 10; i++) {
        const x = randomBelow(rng, p);
        const r = sqrtModPrime(x * x, p);
        assert.equal(mod(r * r - x * x, p), 0n);
      }
      let n = 2n;
      while (kronecker(n, p) !== -1) n += 1n;
      assert.throws(
        () => sqrtModPrime(n, p),
        (e: DWalletError) => e.code === ErrorCodes.NOT_INVERTIBLE,
      );
    }
  });
});

describe('primes', () => {
  test('recognises primes, composites and Carmichael numbers', () => {
    for (const p of [2n, 3n, 4093n, 4099n, 65537n, (1n << 127n) - 1n, (1n << 255n) - 19n]) assert.ok(isProbablePrime(p), `${p}`);
    const carmichael = [561n, 41041n, 825265n, 321197185n, 5394826801n, 232250619601n, 9746347772161n];
    for (const n of [0n, 1n, 4n, 4095n, 4097n, ...carmichael, ((1n << 127n) - 1n) * ((1n << 61n) - 1n)]) {
      assert.ok(!isProbablePrime(n), `${n}`);
    }
  });

  test('randomPrime honours range, residue and predicate, deterministically under a DRBG', () => {
    const search = {
      min: 1n << 199n,
      max: (1n << 200n) - 1n,
      residue: 3n,
      modulus: 4n,
      accept: (p: bigint) => kronecker(5n, p) === -1,
    };
    const p = randomPrime(new Drbg('prime', new Uint8Array([7])), search);
    assert.equal(p, randomPrime(new Drbg('prime', new Uint8Array([7])), search));
    assert.ok(isProbablePrime(p) && p % 4n === 3n && kronecker(5n, p) === -1 && bitLength(p) === 200);
    assert.throws(
      () => randomPrime(rng, { min: 24n, max: 24n }),
      (e: DWalletError) => e.code === ErrorCodes.OUT_OF_RANGE,
    );
  });
});

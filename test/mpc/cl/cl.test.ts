import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeClPublicKeyForOneUse, encodeClPublicKey } from '../../../mpc/cl/encoding.ts';
import { clDecrypt, clEncrypt, clEncryptWith } from '../../../mpc/cl/encryption.ts';
import { clAdd, clEvaluate, clLinearCombination, clRerandomize, clScale, clSubtract } from '../../../mpc/cl/homomorphic.ts';
import {
  clKeyGen,
  clKeyGenFromSeed,
  clKeyPairFromSecret,
  clPublicKey,
  clPublicKeyForOneUse,
  clPublicKeyPow,
} from '../../../mpc/cl/keys.ts';
import { CURVE_NAMES } from '../../../mpc/curves/curve.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { mod } from '../../../mpc/numbers/modular.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('cl');

for (const curve of CURVE_NAMES) {
  describe(`CL encryption over ${curve}`, () => {
    const setup = testSetup(curve);
    const { q } = setup;
    const { secretKey, publicKey } = clKeyGen(setup, rng);

    test('decrypt(encrypt(m)) = m for edge and random plaintexts', () => {
      for (const m of [0n, 1n, q - 1n, randomBelow(rng, q), randomBelow(rng, q)]) {
        const { ciphertext } = clEncrypt(publicKey, m, rng);
        assert.equal(clDecrypt(secretKey, ciphertext), m);
      }
      // Plaintexts are taken mod q.
      assert.equal(clDecrypt(secretKey, clEncrypt(publicKey, q + 5n, rng).ciphertext), 5n);
      assert.equal(clDecrypt(secretKey, clEncrypt(publicKey, -1n, rng).ciphertext), q - 1n);
    });

    test('homomorphic add, subtract, scale, linear combination give the right plaintext mod q', () => {
      const a = randomBelow(rng, q);
      const b = randomBelow(rng, q);
      const ca = clEncrypt(publicKey, a, rng).ciphertext;
      const cb = clEncrypt(publicKey, b, rng).ciphertext;
      assert.equal(clDecrypt(secretKey, clAdd(setup, ca, cb)), mod(a + b, q));
      assert.equal(clDecrypt(secretKey, clSubtract(setup, ca, cb)), mod(a - b, q));
      const k = randomBits(rng, 300) - (1n << 299n);
      assert.equal(clDecrypt(secretKey, clScale(setup, ca, k)), mod(k * a, q));
      const [x, y] = [randomBelow(rng, q), -randomBelow(rng, q)];
      assert.equal(clDecrypt(secretKey, clLinearCombination(setup, [x, y], [ca, cb])), mod(x * a + y * b, q));
    });

    test('circuit-private evaluation: right plaintext, randomised exponents, reproducible from its randomness', () => {
      const a = randomBelow(rng, q);
      const b = randomBelow(rng, q);
      const cts = [clEncrypt(publicKey, a, rng).ciphertext, clEncrypt(publicKey, b, rng).ciphertext];
      const coefficients = [randomBelow(rng, q), randomBelow(rng, q)];
      const first = clEvaluate(publicKey, coefficients, cts, { rng });
      assert.equal(clDecrypt(secretKey, first.ciphertext), mod(coefficients[0]! * a + coefficients[1]! * b, q));
      first.exponents.forEach((e, i) => {
        assert.equal(mod(e, q), coefficients[i]);
        assert.ok(e > q, 'the coefficient is re-randomised by a multiple of q');
      });
      const second = clEvaluate(publicKey, coefficients, cts, { rng });
      assert.notDeepEqual(second.ciphertext, first.ciphertext);
      const replay = clEvaluate(publicKey, coefficients, cts, { randomness: first.randomness });
      assert.deepEqual(replay.ciphertext, first.ciphertext);
      // The evaluation is a linear combination plus Enc(0; η), which is what its proof will state.
      const expected = clAdd(setup, clLinearCombination(setup, first.exponents, cts), clEncryptWith(publicKey, 0n, first.randomness.eta));
      assert.deepEqual(first.ciphertext, expected);
    });

    test('re-randomisation keeps the plaintext and changes the ciphertext', () => {
      const m = randomBelow(rng, q);
      const ct = clEncrypt(publicKey, m, rng).ciphertext;
      const fresh = clRerandomize(publicKey, ct, rng);
      assert.notDeepEqual(fresh, ct);
      assert.equal(clDecrypt(secretKey, fresh), m);
    });

    test('a ciphertext under another key does not decrypt to its plaintext', () => {
      const other = clKeyGen(setup, rng);
      const m = randomBelow(rng, q);
      const ct = clEncrypt(other.publicKey, m, rng).ciphertext;
      let decrypted: bigint | undefined;
      try {
        decrypted = clDecrypt(secretKey, ct);
      } catch (error) {
        assert.equal((error as DWalletError).code, ErrorCodes.FORM_NOT_IN_MESSAGE_SUBGROUP);
      }
      assert.notEqual(decrypted, m);
    });
  });
}

describe('CL keys', () => {
  const setup = testSetup();

  test('keygen from a seed is deterministic and separated by seed and by curve', () => {
    const seed = new Uint8Array(32).fill(9);
    const a = clKeyGenFromSeed(setup, seed);
    const b = clKeyGenFromSeed(setup, seed);
    assert.equal(a.secretKey.value, b.secretKey.value);
    assert.equal(a.publicKey, b.publicKey, 'the same key object (and table) is reused');
    assert.notEqual(clKeyGenFromSeed(setup, new Uint8Array(32).fill(8)).secretKey.value, a.secretKey.value);
    assert.notEqual(clKeyGenFromSeed(testSetup('p256'), seed).secretKey.value, a.secretKey.value);
    assert.ok(a.secretKey.value < 1n << 749n);
    assert.deepEqual(a.publicKey.form, setup.group.pow(setup.h, a.secretKey.value));
  });

  test('rejects bad seeds and out-of-range secrets', () => {
    assert.throws(
      () => clKeyGenFromSeed(setup, new Uint8Array(31)),
      (e: DWalletError) => e.code === ErrorCodes.INVALID_PARAMETER,
    );
    assert.throws(
      () => clKeyPairFromSecret(setup, -1n),
      (e: DWalletError) => e.code === ErrorCodes.OUT_OF_RANGE,
    );
    assert.throws(
      () => clKeyPairFromSecret(setup, 1n << 749n),
      (e: DWalletError) => e.code === ErrorCodes.OUT_OF_RANGE,
    );
  });

  test('clPublicKey memoises by value', () => {
    const { publicKey } = clKeyGen(setup, rng);
    assert.equal(clPublicKey(setup, { ...publicKey.form }), publicKey);
  });

  test('a key for one use: the same values as its memoised key, without a table, not memoised', () => {
    const sk = randomBits(rng, setup.randomnessBits);
    const form = setup.group.pow(setup.h, sk);
    const once = clPublicKeyForOneUse(setup, { ...form });
    assert.equal(once.oneUse, true);
    // Exponents of every sign and of the sizes encryption and proofs use.
    const exponents = [0n, 1n, -1n, randomBits(rng, 919), -randomBits(rng, 919), randomBits(rng, 2100)];
    for (const e of exponents) {
      assert.deepEqual(clPublicKeyPow(once, e), setup.group.pow(form, e), `pk^${e} by plain exponentiation`);
    }
    assert.equal(once.table.rowCount, 0, 'no table row is built for a key of one use');
    const r = randomBits(rng, setup.randomnessBits);
    const m = randomBelow(rng, setup.q);
    const ciphertext = clEncryptWith(once, m, r);
    assert.equal(once.table.rowCount, 0);
    assert.equal(clDecrypt({ setup, value: sk }, ciphertext), m);
    // Not memoised: the memoised key made afterwards is another object, with a table, and the same ciphertexts.
    const kept = clPublicKey(setup, { ...form });
    assert.notEqual(kept, once);
    assert.equal(kept.oneUse, undefined);
    assert.deepEqual(clEncryptWith(kept, m, r), ciphertext);
    assert.ok(kept.table.rowCount > 0, 'the memoised key grows its table');
    // Once memoised, a key for one use is that key (its table is already paid for).
    assert.equal(clPublicKeyForOneUse(setup, { ...form }), kept);
    assert.equal(decodeClPublicKeyForOneUse(setup, encodeClPublicKey(kept)), kept);
    assert.deepEqual(clPublicKeyPow(kept, exponents[3] as bigint), setup.group.pow(form, exponents[3] as bigint));
  });

  test('a key for one use is checked like any key: the identity is refused, bytes must decode', () => {
    assert.throws(
      () => clPublicKeyForOneUse(setup, setup.group.identity),
      (e: DWalletError) => e.code === ErrorCodes.FORM_SMALL_ORDER_KEY,
    );
    const bytes = encodeClPublicKey(clKeyGen(setup, rng).publicKey);
    assert.throws(
      () => decodeClPublicKeyForOneUse(setup, bytes.subarray(1)),
      (e: DWalletError) => e.code.startsWith('ENCODING_') || e.code.startsWith('FORM_'),
    );
  });
});

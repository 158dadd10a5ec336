import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clDecrypt, clEncrypt, clEncryptWith } from '../../../mpc/cl/encryption.ts';
import { clAdd, clEvaluate, clLinearCombination, clRerandomize, clScale, clSubtract } from '../../../mpc/cl/homomorphic.ts';
import { clKeyGen, clKeyGenFromSeed, clKeyPairFromSecret, clPublicKey } from '../../../mpc/cl/keys.ts';
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
});

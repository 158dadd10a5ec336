import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clDecrypt, clEncrypt } from '../../../mpc/cl/encryption.ts';
import { clKeyGen } from '../../../mpc/cl/keys.ts';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { thresholdAccessStructure, weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { combineDecryptionShares, combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { dealThresholdKeyFor } from '../../../mpc/threshold/dealer.ts';
import { decryptionShareMessage, decryptionShares } from '../../../mpc/threshold/decryption-share.ts';
import { ThresholdErrorCodes as C } from '../../../mpc/threshold/errors.ts';
import type { DecryptionShareMessage } from '../../../mpc/threshold/messages.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { code, committee, context } from './support.ts';

const { q } = testSetup();
const rng = testRng('threshold plaintexts');

/** Every subset of 1..n of size k, in lexicographic order (small n only). */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n])];
}

describe('threshold decryption', () => {
  for (const [t, n] of [
    [1, 1],
    [2, 3],
    [3, 4],
    [11, 16],
  ] as const) {
    test(`${t}-of-${n}: any authorized subset decrypts to the plaintext`, () => {
      const c = committee(`decrypt ${t}/${n}`, thresholdAccessStructure(t, n), [randomBelow(rng, q)]);
      const messages = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
      const chosen = n <= 4 ? subsets(n, t) : [firstParties(1, t), firstParties(n - t + 1, n), [2, 3, 5, 7, 8, 9, 11, 12, 13, 15, 16]];
      for (const parties of chosen) {
        const plaintexts = combineShareMessages(
          c.session,
          parties.map((p) => messages[p - 1] as DecryptionShareMessage),
        );
        assert.deepEqual(plaintexts, c.plaintexts, `subset ${parties}`);
      }
      // All shares, more than needed, decrypt too.
      assert.deepEqual(combineShareMessages(c.session, messages), c.plaintexts);
    });
  }

  test('a weighted committee decrypts from sets of weight ≥ t only', () => {
    const access = weightedAccessStructure(4, [3, 1, 2, 1]);
    const c = committee('decrypt weighted', access, [7n]);
    const messages = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
    const pick = (...parties: number[]) => parties.map((p) => messages[p - 1] as DecryptionShareMessage);
    for (const parties of [
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 3, 4],
      [1, 2, 3, 4],
      [3, 2, 4],
    ]) {
      assert.deepEqual(combineShareMessages(c.session, pick(...parties)), [7n], `parties ${parties}`);
    }
    for (const parties of [[1], [3, 4], [2, 3], [2, 4]]) {
      assert.throws(() => combineShareMessages(c.session, pick(...parties)), code(C.THRESHOLD_NOT_REACHED), `parties ${parties}`);
    }
  });

  test('decrypts several ciphertexts at once, including 0 and q − 1, as the CL secret key does', () => {
    const setup = testSetup();
    const { secretKey, publicKey } = clKeyGen(setup, rng);
    const { publicKey: key, keyShares } = dealThresholdKeyFor(secretKey, thresholdAccessStructure(2, 3), rng);
    const plaintexts = [0n, setup.q - 1n, 123456789n];
    const ciphertexts = plaintexts.map((m) => clEncrypt(publicKey, m, rng).ciphertext);
    const session = new DecryptionSession(key, ciphertexts, context);
    const shares = new Map<number, readonly Form[]>();
    for (const keyShare of [keyShares[0]!, keyShares[2]!]) {
      decryptionShares(session, keyShare).forEach((row, i) => {
        shares.set(keyShare.shares[i]!.virtualId, row);
      });
    }
    assert.deepEqual(combineDecryptionShares(session, shares), plaintexts);
    assert.deepEqual(
      ciphertexts.map((ct) => clDecrypt(secretKey, ct)),
      plaintexts,
    );
  });

  describe('typed errors', () => {
    const c = committee('decrypt errors', thresholdAccessStructure(2, 3), [99n]);
    const messages = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
    const [m1, m2, m3] = messages as [DecryptionShareMessage, DecryptionShareMessage, DecryptionShareMessage];

    test('fewer than t shares', () => {
      assert.throws(() => combineShareMessages(c.session, [m2]), code(C.THRESHOLD_NOT_REACHED));
      assert.throws(() => combineShareMessages(c.session, []), code(C.THRESHOLD_NOT_REACHED));
    });

    test('duplicate sender', () => {
      assert.throws(() => combineShareMessages(c.session, [m1, m1]), code(C.THRESHOLD_DUPLICATE_SENDER, 1));
      assert.throws(() => combineShareMessages(c.session, [m1, m3, { ...m1 }]), code(C.THRESHOLD_DUPLICATE_SENDER, 1));
    });

    test('shares for another ciphertext', () => {
      const other = new DecryptionSession(c.publicKey, [clEncrypt(c.publicKey.encryptionKey, 99n, c.rng).ciphertext], context);
      const foreign = decryptionShareMessage(other, c.keyShares[2]!);
      assert.throws(() => combineShareMessages(c.session, [m1, foreign]), code(C.THRESHOLD_WRONG_CIPHERTEXT, 3));
      // The digest covers the whole batch, in order.
      const two = new DecryptionSession(c.publicKey, [...c.session.ciphertexts, ...other.ciphertexts], context);
      const swapped = new DecryptionSession(c.publicKey, [...other.ciphertexts, ...c.session.ciphertexts], context);
      assert.notDeepEqual(two.digest, swapped.digest);
      assert.throws(
        () => combineShareMessages(two, [decryptionShareMessage(two, c.keyShares[0]!), decryptionShareMessage(swapped, c.keyShares[1]!)]),
        code(C.THRESHOLD_WRONG_CIPHERTEXT, 2),
      );
    });

    test('unknown party, wrong number of shares, wrong batch size', () => {
      for (const party of [0, 4, 65535, -1]) {
        assert.throws(() => combineShareMessages(c.session, [m1, { ...m2, party }]), code(C.THRESHOLD_UNKNOWN_PARTY));
      }
      assert.throws(
        () => combineShareMessages(c.session, [m1, { ...m2, shares: [...m2.shares, ...m2.shares] }]),
        code(C.THRESHOLD_WRONG_SHARE_COUNT, 2),
      );
      assert.throws(() => combineShareMessages(c.session, [m1, { ...m2, shares: [] }]), code(C.THRESHOLD_WRONG_SHARE_COUNT, 2));
      const row = m2.shares[0]!;
      assert.throws(
        () => combineShareMessages(c.session, [m1, { ...m2, shares: [[...row, ...row]] }]),
        code(C.THRESHOLD_WRONG_BATCH_SIZE, 2),
      );
      assert.throws(() => combineShareMessages(c.session, [m1, { ...m2, shares: [[]] }]), code(C.THRESHOLD_WRONG_BATCH_SIZE, 2));
    });

    test('a key share that does not fit the committee', () => {
      assert.throws(() => decryptionShareMessage(c.session, { ...c.keyShares[0]!, party: 2 }), code(C.THRESHOLD_KEY_MISMATCH));
      assert.throws(() => decryptionShareMessage(c.session, { party: 1, shares: [] }), code(C.THRESHOLD_KEY_MISMATCH));
    });

    test('an empty batch or a malformed session', () => {
      assert.throws(() => new DecryptionSession(c.publicKey, [], context), code(C.THRESHOLD_INVALID_INPUT));
      assert.throws(() => new DecryptionSession(c.publicKey, c.session.ciphertexts, { ...context, sessionId: new Uint8Array(31) }));
    });
  });
});

function firstParties(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

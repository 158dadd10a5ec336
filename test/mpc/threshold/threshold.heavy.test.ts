/**
 * Threshold decryption at the sizes the network runs: 64 and 128 virtual parties (minutes, not
 * seconds; `npm run test:heavy`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { thresholdAccessStructure, weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { ThresholdErrorCodes as C } from '../../../mpc/threshold/errors.ts';
import { ThresholdDecryption } from '../../../mpc/threshold/identifiable-abort.ts';
import type { DecryptionShareMessage } from '../../../mpc/threshold/messages.ts';
import { provenDecryptionShareMessage } from '../../../mpc/threshold/share-proof.ts';
import { code, committee } from './support.ts';

describe('threshold decryption at scale', () => {
  test('43-of-64: a cheater among 64 is named and the rest decrypt', () => {
    const c = committee('heavy 64', thresholdAccessStructure(43, 64), [1n, 2n]);
    const proven = c.keyShares.map((k) => provenDecryptionShareMessage(c.session, k, c.rng));
    const unproven: DecryptionShareMessage[] = proven.map(({ party, digest, shares }) => ({ party, digest, shares }));
    const { group, h } = c.setup;
    const cheat = (m: DecryptionShareMessage) => ({ ...m, shares: [[m.shares[0]![0]!, group.compose(m.shares[0]![1]!, h)]] });
    const decryption = new ThresholdDecryption(c.session, (ms) => ms[0] === 1n && ms[1] === 2n);
    unproven.forEach((m, i) => {
      decryption.addShare(i === 9 ? cheat(m) : m);
    });
    assert.equal(decryption.tryOptimistic().status, 'proofs-required');
    proven.forEach((m, i) => {
      if (i !== 9) decryption.addProvenShare(m);
    });
    const result = decryption.finish(c.rng);
    assert.deepEqual(result.plaintexts, [1n, 2n]);
    assert.deepEqual(
      result.blamed.map((b) => [b.party, b.reason]),
      [[10, 'unproven-share-inconsistent-with-interpolation']],
    );
  });

  test('86-of-128: different authorized subsets decrypt alike', () => {
    const c = committee('heavy 128', thresholdAccessStructure(86, 128), [123n]);
    const messages = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
    assert.deepEqual(combineShareMessages(c.session, messages.slice(0, 86)), [123n]);
    assert.deepEqual(combineShareMessages(c.session, messages.slice(42)), [123n]);
    assert.deepEqual(
      combineShareMessages(
        c.session,
        messages.filter((_, i) => i % 4 !== 1),
      ),
      [123n],
    );
    assert.throws(() => combineShareMessages(c.session, messages.slice(43)), code(C.THRESHOLD_NOT_REACHED));
  });

  test('weights 100 and 28 of 128, threshold 86: the heavy party alone decrypts and proves', () => {
    const c = committee('heavy weighted 128', weightedAccessStructure(86, [100, 28]), [9n]);
    const [heavy, light] = c.keyShares.map((k) => decryptionShareMessage(c.session, k)) as [DecryptionShareMessage, DecryptionShareMessage];
    assert.deepEqual(combineShareMessages(c.session, [heavy]), [9n]);
    assert.throws(() => combineShareMessages(c.session, [light]), code(C.THRESHOLD_NOT_REACHED));
    const decryption = new ThresholdDecryption(c.session, (ms) => ms[0] === 9n);
    decryption.requireProofs();
    decryption.addProvenShare(provenDecryptionShareMessage(c.session, c.keyShares[0]!, c.rng));
    const result = decryption.finish(c.rng);
    assert.deepEqual(result.plaintexts, [9n]);
    assert.deepEqual(result.parties, [1]);
  });
});

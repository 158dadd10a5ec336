import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { thresholdAccessStructure, weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { cleanupExponent, combineDecryptionShares } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { ThresholdErrorCodes as C, ThresholdAbortError } from '../../../mpc/threshold/errors.ts';
import { ThresholdDecryption } from '../../../mpc/threshold/identifiable-abort.ts';
import type { DecryptionShareMessage, ProvenDecryptionShareMessage } from '../../../mpc/threshold/messages.ts';
import { provenDecryptionShareMessage } from '../../../mpc/threshold/share-proof.ts';
import { type Committee, code, committee } from './support.ts';

/** The message with its share (i, c) multiplied by `error`. */
function tampered<M extends DecryptionShareMessage>(c: Committee, message: M, error: Form, i = 0, column = 0): M {
  const { group } = c.setup;
  const shares = message.shares.map((row, r) => row.map((d, k) => (r === i && k === column ? group.compose(d, error) : d)));
  return { ...message, shares };
}

/** The predicate a signature check would be: the plaintexts are the ones encrypted. */
function predicate(c: Committee): (plaintexts: readonly bigint[]) => boolean {
  return (plaintexts) => plaintexts.length === c.plaintexts.length && plaintexts.every((m, i) => m === c.plaintexts[i]);
}

function run(c: Committee, unproven: readonly DecryptionShareMessage[], proven: readonly ProvenDecryptionShareMessage[]) {
  const decryption = new ThresholdDecryption(c.session, predicate(c));
  for (const message of unproven) decryption.addShare(message);
  const optimistic = decryption.tryOptimistic();
  if (optimistic.status === 'decrypted') return { decryption, optimistic, result: optimistic.result };
  for (const message of proven) decryption.addProvenShare(message);
  return { decryption, optimistic, result: decryption.finish(c.rng) };
}

describe('optimistic decryption with identifiable abort (3-of-4)', () => {
  const c = committee('identifiable abort', thresholdAccessStructure(3, 4), [31337n]);
  const unproven = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
  const proven = c.keyShares.map((k) => provenDecryptionShareMessage(c.session, k, c.rng));
  const { h } = c.setup;
  const blamedParties = (result: { blamed: readonly { party: number }[] }) => result.blamed.map((b) => b.party).sort();

  test('honest shares decrypt without proofs', () => {
    const { optimistic, result, decryption } = run(c, unproven, []);
    assert.equal(optimistic.status, 'decrypted');
    assert.deepEqual(result.plaintexts, c.plaintexts);
    assert.deepEqual(result.parties, [1, 2, 3]);
    assert.equal(result.proven, false);
    assert.deepEqual(result.blamed, []);
    assert.equal(decryption.phase, 'done');
    assert.throws(() => decryption.addShare(unproven[3]!), code(C.THRESHOLD_WRONG_PHASE));
  });

  test('a wrong unproven share fails the predicate; its sender, whose proven share is right, is named alone', () => {
    const bad = tampered(c, unproven[1]!, h);
    const { optimistic, result } = run(c, [unproven[0]!, bad, unproven[2]!, unproven[3]!], proven);
    assert.equal(optimistic.status, 'proofs-required');
    assert.deepEqual(result.plaintexts, c.plaintexts);
    assert.equal(result.proven, true);
    assert.equal(result.predicateHolds, true);
    assert.deepEqual(result.blamed, [
      { party: 2, reason: 'unproven-share-differs-from-proven', detail: 'an unproven decryption share differs from the proven one' },
    ]);
  });

  test('an invalid proof names its sender (good unproven share, wrong proven share)', () => {
    const badUnproven = tampered(c, unproven[0]!, h);
    const badProof = tampered(c, proven[2]!, h);
    const { result } = run(c, [badUnproven, ...unproven.slice(1)], [proven[0]!, proven[1]!, badProof, proven[3]!]);
    assert.deepEqual(result.plaintexts, c.plaintexts);
    assert.deepEqual(
      result.blamed.map((b) => [b.party, b.reason]),
      [
        [3, 'invalid-proof'],
        [1, 'unproven-share-differs-from-proven'],
      ],
    );
  });

  test('a silent party whose unproven share contradicts the proven ones is named by interpolation', () => {
    const bad = tampered(c, unproven[0]!, h);
    const { result } = run(c, [bad, ...unproven.slice(1)], proven.slice(1));
    assert.deepEqual(result.plaintexts, c.plaintexts);
    assert.deepEqual(blamedParties(result), [1]);
    assert.equal(result.blamed[0]!.reason, 'unproven-share-inconsistent-with-interpolation');
    assert.deepEqual(result.parties, [2, 3, 4]);
  });

  test('honest silent parties are not named', () => {
    const bad = tampered(c, unproven[2]!, h);
    // Party 1 honest but silent in the proof round; party 3 cheated in round 1.
    const { result } = run(c, [unproven[0]!, unproven[1]!, bad, unproven[3]!], [proven[1]!, proven[2]!, proven[3]!]);
    assert.deepEqual(blamedParties(result), [3]);
  });

  test('too little valid weight: a typed abort lists the blamed and the missing parties', () => {
    const bad = tampered(c, unproven[0]!, h);
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    for (const message of [bad, unproven[1]!, unproven[2]!]) decryption.addShare(message);
    assert.equal(decryption.tryOptimistic().status, 'proofs-required');
    decryption.addProvenShare(tampered(c, proven[0]!, h));
    decryption.addProvenShare(tampered(c, proven[1]!, h, 0, 0));
    decryption.addProvenShare(proven[2]!);
    decryption.blameSender(4, 'its proven share did not decode');
    assert.throws(
      () => decryption.finish(c.rng),
      (error: unknown) => {
        assert.ok(error instanceof ThresholdAbortError);
        assert.equal(error.code, C.THRESHOLD_DECRYPTION_ABORTED);
        assert.deepEqual(
          error.blamed.map((b) => [b.party, b.reason]),
          [
            [4, 'invalid-message'],
            [1, 'invalid-proof'],
            [2, 'invalid-proof'],
          ],
        );
        assert.deepEqual(error.missing, []);
        return true;
      },
    );
    const silent = new ThresholdDecryption(c.session, predicate(c));
    silent.requireProofs();
    silent.addProvenShare(proven[2]!);
    assert.throws(
      () => silent.finish(c.rng),
      (error: unknown) => error instanceof ThresholdAbortError && error.blamed.length === 0 && error.missing.join() === '1,2,4',
    );
  });

  test('after an abort, later proven shares let finish succeed, and each cheater is named once', () => {
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    for (const message of [tampered(c, unproven[0]!, h), unproven[1]!, unproven[2]!]) decryption.addShare(message);
    assert.equal(decryption.tryOptimistic().status, 'proofs-required');
    decryption.addProvenShare(tampered(c, proven[0]!, h));
    decryption.addProvenShare(proven[1]!);
    assert.throws(
      () => decryption.finish(c.rng),
      (error: unknown) => error instanceof ThresholdAbortError && error.missing.join() === '3,4' && error.blamed.length === 1,
    );
    assert.equal(decryption.phase, 'proven');
    decryption.addProvenShare(proven[2]!);
    decryption.addProvenShare(proven[3]!);
    const result = decryption.finish(c.rng);
    assert.deepEqual(result.plaintexts, c.plaintexts);
    assert.deepEqual(
      result.blamed.map((b) => [b.party, b.reason]),
      [[1, 'invalid-proof']],
    );
  });

  test('fewer than t unproven shares, duplicates and wrong phases are typed errors', () => {
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    decryption.addShare(unproven[0]!);
    decryption.addShare(unproven[1]!);
    assert.equal(decryption.unprovenWeight, 2);
    assert.throws(() => decryption.tryOptimistic(), code(C.THRESHOLD_NOT_REACHED));
    assert.throws(() => decryption.addShare(unproven[1]!), code(C.THRESHOLD_DUPLICATE_SENDER, 2));
    assert.throws(() => decryption.addProvenShare(proven[0]!), code(C.THRESHOLD_WRONG_PHASE));
    assert.throws(() => decryption.finish(), code(C.THRESHOLD_WRONG_PHASE));
    assert.throws(() => decryption.blameSender(5, 'x'), code(C.THRESHOLD_UNKNOWN_PARTY));
    decryption.requireProofs();
    decryption.addProvenShare(proven[0]!);
    assert.throws(() => decryption.addProvenShare(proven[0]!), code(C.THRESHOLD_DUPLICATE_SENDER, 1));
    assert.throws(() => decryption.addProvenShare({ ...proven[1]!, digest: new Uint8Array(32) }), code(C.THRESHOLD_WRONG_CIPHERTEXT, 2));
    assert.throws(() => decryption.tryOptimistic(), code(C.THRESHOLD_WRONG_PHASE));
  });

  test('a proof made for another party or another session does not verify', () => {
    const relabelled = { ...proven[1]!, party: 1 };
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    decryption.requireProofs();
    decryption.addProvenShare(relabelled);
    for (const message of proven.slice(2)) decryption.addProvenShare(message);
    assert.throws(
      () => decryption.finish(c.rng),
      (error: unknown) => error instanceof ThresholdAbortError && error.blamed.map((b) => b.party).join() === '1',
    );
  });
});

/** An element of order 2: the ambiguous form (p, p, (p + q³)/4) of Δ_q = −p·q³, reduced. */
function orderTwo(c: Committee): Form {
  const { group, p } = c.setup;
  const e = group.reducedFromAB(p, p);
  assert.ok(!group.isIdentity(e) && group.isIdentity(group.square(e)));
  return e;
}

describe('errors of small order', () => {
  test('a share off by an element of order 2 is not a square class: refused by name, unproven or proven', () => {
    const c = committee('order two refused', thresholdAccessStructure(2, 3), [2024n]);
    const error = orderTwo(c);
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    const unproven = decryptionShareMessage(c.session, c.keyShares[0]!);
    assert.throws(() => decryption.addShare(tampered(c, unproven, error)), code(C.THRESHOLD_INVALID_SHARE, 1));
    decryption.addShare(unproven);
    decryption.requireProofs();
    const proven = provenDecryptionShareMessage(c.session, c.keyShares[1]!, c.rng);
    assert.throws(() => decryption.addProvenShare(tampered(c, proven, error)), code(C.THRESHOLD_INVALID_SHARE, 2));
  });

  for (const [label, access] of [
    ['a single virtual party (Δ = 1)', thresholdAccessStructure(1, 1)],
    ['2-of-3 over {1, 3}, where λ′₁(0) = 9 is odd', thresholdAccessStructure(2, 3)],
  ] as const) {
    test(`the combination removes an order-2 error from the shares: ${label}`, () => {
      // Shares passed to the combination directly (no message checks): the last power by an even
      // exponent (combine.ts cleanupExponent) must leave the plaintexts intact.
      const c = committee(`order two combination ${label}`, access, [2024n, 7n]);
      const error = orderTwo(c);
      const shares = new Map<number, readonly Form[]>();
      for (const keyShare of c.keyShares) {
        if (keyShare.party === 2 && access.partyCount === 3) continue;
        const message = decryptionShareMessage(c.session, keyShare);
        const virtualId = keyShare.shares[0]!.virtualId;
        shares.set(virtualId, keyShare.party === 1 ? tampered(c, message, error).shares[0]! : message.shares[0]!);
      }
      assert.ok(cleanupExponent(access) % 2n === 0n);
      assert.deepEqual(combineDecryptionShares(c.session, shares), c.plaintexts);
    });
  }
});

describe('weighted committee', () => {
  test('a heavy cheater is named, the rest decrypt', () => {
    const c = committee('weighted abort', weightedAccessStructure(3, [3, 1, 2]), [77n, 78n]);
    const unproven = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
    const proven = c.keyShares.map((k) => provenDecryptionShareMessage(c.session, k, c.rng));
    const bad = tampered(c, unproven[0]!, c.setup.h, 2, 1);
    const { optimistic, result } = run(c, [bad, unproven[1]!, unproven[2]!], [proven[1]!, proven[2]!]);
    assert.equal(optimistic.status, 'proofs-required');
    assert.deepEqual(result.plaintexts, [77n, 78n]);
    assert.deepEqual(
      result.blamed.map((b) => [b.party, b.reason]),
      [[1, 'unproven-share-inconsistent-with-interpolation']],
    );
  });
});

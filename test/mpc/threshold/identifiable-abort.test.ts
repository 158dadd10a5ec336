import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { randomBits } from '../../../mpc/numbers/random.ts';
import { integerMaskBits } from '../../../mpc/proofs/factors.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { type MaurerProof, maurerChallenges } from '../../../mpc/proofs/maurer.ts';
import { thresholdAccessStructure, weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { ThresholdErrorCodes as C, ThresholdAbortError } from '../../../mpc/threshold/errors.ts';
import { ThresholdDecryption } from '../../../mpc/threshold/identifiable-abort.ts';
import type { DecryptionShareMessage, ProvenDecryptionShareMessage } from '../../../mpc/threshold/messages.ts';
import type { PartyKeyShare } from '../../../mpc/threshold/secret-share.ts';
import type { DecryptionSession } from '../../../mpc/threshold/session.ts';
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

/**
 * A proven message whose first share is off by `error` (of order 2), with a proof that verifies:
 * it proves the true share, and the mask is redrawn until the challenge is even, which makes the
 * error vanish from the verification equation (PROTOCOL.md §5, proofs/batch.ts).
 */
function provenWithHiddenError(
  session: DecryptionSession,
  c: Committee,
  keyShare: PartyKeyShare,
  error: Form,
): ProvenDecryptionShareMessage {
  const honest = provenDecryptionShareMessage(session, keyShare, c.rng);
  const message = tampered(c, honest, error);
  const language = session.language;
  const statements: Statement[] = message.shares.map((row, i) => [
    c.publicKey.verificationKeys[keyShare.shares[i]!.virtualId - 1]!,
    ...row,
  ]);
  const witness = keyShare.shares[0]!.expose();
  for (;;) {
    const r = randomBits(c.rng, integerMaskBits({ kind: 'integer', bits: c.publicKey.shareBits }, 1));
    const mask = language.map([r]);
    const [e] = maurerChallenges(language, session.proofContext(keyShare.party), statements, mask) as [bigint];
    if (e % 2n === 0n) {
      const proof: MaurerProof = { mask, responses: [r + e * witness] };
      return { ...message, proof };
    }
  }
}

describe('errors of small order', () => {
  test('a proven share off by an element of order 2 still decrypts, and no honest party is named', () => {
    // 2-of-3 over {1, 3}: λ'₁(0) = 9 is odd, so without the final power by Δ the error would
    // survive the combination; λ'₁(2) = 3 is odd, so party 2's honest share differs from the
    // interpolated value unless both are raised to Δ.
    const c = committee('order two', thresholdAccessStructure(2, 3), [2024n]);
    const error = orderTwo(c);
    const cheat = provenWithHiddenError(c.session, c, c.keyShares[0]!, error);
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    decryption.addShare({ ...cheat, shares: cheat.shares });
    decryption.addShare(decryptionShareMessage(c.session, c.keyShares[1]!));
    decryption.addShare(decryptionShareMessage(c.session, c.keyShares[2]!));
    decryption.requireProofs();
    decryption.addProvenShare(cheat);
    decryption.addProvenShare(provenDecryptionShareMessage(c.session, c.keyShares[2]!, c.rng));
    const result = decryption.finish(c.rng);
    assert.deepEqual(result.parties, [1, 3]);
    assert.deepEqual(result.plaintexts, c.plaintexts);
    assert.deepEqual(result.blamed, []);
  });

  test('optimistic decryption is unaffected by an order-2 error in an unproven share', () => {
    const c = committee('order two optimistic', weightedAccessStructure(2, [1, 1, 1]), [5n]);
    const error = orderTwo(c);
    const messages = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
    const decryption = new ThresholdDecryption(c.session, predicate(c));
    decryption.addShare(tampered(c, messages[0]!, error));
    decryption.addShare(messages[2]!);
    const outcome = decryption.tryOptimistic();
    assert.equal(outcome.status, 'decrypted');
  });
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

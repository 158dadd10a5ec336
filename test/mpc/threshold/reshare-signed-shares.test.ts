import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clEncrypt } from '../../../mpc/cl/encryption.ts';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { bitLength } from '../../../mpc/numbers/bytes.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import { ThresholdErrorCodes as C } from '../../../mpc/threshold/errors.ts';
import { assertKeyShareMatches, assertKeyShareShape, type ThresholdPublicKey } from '../../../mpc/threshold/keys.ts';
import { type PartyKeyShare, SecretShare } from '../../../mpc/threshold/secret-share.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';
import { provenDecryptionShareMessage, verifyProvenShares } from '../../../mpc/threshold/share-proof.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { code, context } from './support.ts';

// A dealt key whose polynomial is shifted by −K·X, K = 2^shareBits: the same pk, every share negative.
const setup = testSetup();
const access = weightedAccessStructure(3, [2, 1, 1]);
const rng = testRng('signed shares');
const dealt = dealThresholdKey(setup, access, rng);
const shift = 1n << BigInt(dealt.publicKey.shareBits);
const key: ThresholdPublicKey = {
  ...dealt.publicKey,
  verificationKeys: dealt.publicKey.verificationKeys.map((vk, k) => setup.group.compose(vk, setup.hTable.pow(-shift * BigInt(k + 1)))),
  shareBits: bitLength(shift * BigInt(access.totalWeight)) + 1,
};
const keyShares: PartyKeyShare[] = dealt.keyShares.map((share) => ({
  party: share.party,
  shares: share.shares.map((s) => new SecretShare(s.virtualId, s.expose() - shift * BigInt(s.virtualId))),
}));
const plaintext = 1234567n;
const session = new DecryptionSession(key, [clEncrypt(key.encryptionKey, plaintext, rng).ciphertext], context);

describe('signed key shares', () => {
  test('negative shares match their verification keys, prove, verify and combine', () => {
    for (const share of keyShares) {
      assert.ok(share.shares.every((s) => s.expose() < 0n));
      assertKeyShareMatches(key, share);
    }
    const messages = keyShares.map((share) => provenDecryptionShareMessage(session, share, rng));
    assert.deepEqual(verifyProvenShares(session, messages, rng).valid, [1, 2, 3]);
    assert.deepEqual(combineShareMessages(session, messages), [plaintext]);
    assert.deepEqual(combineShareMessages(session, [messages[0], messages[2]] as never), [plaintext]);
  });

  test('a proof over a wrong decryption share is refused, and a share beyond ±2^shareBits is refused before proving', () => {
    const messages = keyShares.map((share) => provenDecryptionShareMessage(session, share, rng));
    const [first] = messages;
    assert.ok(first !== undefined);
    const c1 = (session.ciphertexts[0] as { c1: Form }).c1;
    const forged = { ...first, shares: first.shares.map((row, k) => (k === 0 ? [setup.group.compose(row[0] as Form, c1)] : row)) };
    const verdict = verifyProvenShares(session, [forged, ...messages.slice(1)], rng);
    assert.deepEqual(
      verdict.invalid.map((i) => i.prover),
      [1],
    );
    assert.deepEqual(verdict.valid, [2, 3]);
    const wrong = { party: 2, shares: [new SecretShare(3, -(1n << BigInt(key.shareBits)))] };
    assert.throws(() => assertKeyShareShape(key, wrong), code(C.THRESHOLD_KEY_MISMATCH));
    assert.throws(() => provenDecryptionShareMessage(session, wrong, rng), code(C.THRESHOLD_KEY_MISMATCH));
    const offByOne = { party: 2, shares: [new SecretShare(3, (keyShares[1]?.shares[0]?.expose() as bigint) + 1n)] };
    assert.throws(() => provenDecryptionShareMessage(session, offByOne, rng), code(C.THRESHOLD_KEY_MISMATCH));
  });
});

/**
 * dWallet creation (PROTOCOL.md §7): the user's one message, the validators' verification and
 * derivation of X_B and ct_key (checked by threshold-decrypting ct_key), imported keys, the
 * public-user-share mode, strict encodings, rejections with named checks, and the local
 * verification sessions (completed in start, restored from their state).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClCiphertext } from '../../../mpc/cl/encryption.ts';
import { clEncrypt } from '../../../mpc/cl/encryption.ts';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { createImportedKeyMessage, verifyImportedKeyMessageBytes } from '../../../mpc/ecdsa/dkg/imported-key.ts';
import { verifyUserDkgMessageBytes } from '../../../mpc/ecdsa/dkg/network.ts';
import { networkEncryptedShare, networkPublicShare } from '../../../mpc/ecdsa/dkg/randomizers.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import {
  decodeDWalletOutput,
  decodeImportedKeyMessage,
  decodeUserDkgMessage,
  encodeDWalletOutput,
  encodeImportedKeyMessage,
  encodeUserDkgMessage,
} from '../../../mpc/ecdsa/messages.ts';
import { dkgVerificationSession, importedKeyVerificationSession } from '../../../mpc/ecdsa/protocols/dkg.ts';
import type { VerificationOutcome } from '../../../mpc/ecdsa/protocols/verification.ts';
import { DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { uniformCommittee } from '../../../mpc/session/committee.ts';
import { SessionErrorCodes } from '../../../mpc/session/errors.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type EcdsaFixture, ecdsaFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';

function rejection(f: () => unknown): { code: string; check: string } {
  try {
    f();
  } catch (error) {
    if (error instanceof UserMessageRejection) return { code: error.code, check: error.check };
    if (error instanceof DWalletError) return { code: error.code, check: '' };
    throw error;
  }
  return { code: 'accepted', check: '' };
}

/** Threshold-decrypts ct with the first t key shares. */
function decrypt(fixture: EcdsaFixture, ct: ClCiphertext): bigint {
  const session = new DecryptionSession(fixture.thresholdKey, [ct], { protocol: 'test/dkg', sessionId: sessionId('decrypt'), round: 'r' });
  const shares = fixture.keyShares.slice(0, fixture.thresholdKey.access.threshold).map((share) => decryptionShareMessage(session, share));
  return combineShareMessages(session, shares)[0] as bigint;
}

for (const curveName of ['secp256k1', 'p256'] as const) {
  describe(`dWallet creation on ${curveName}`, () => {
    const fixture = ecdsaFixture(curveName);
    const { key, curve, setup, rng } = fixture;
    const G = curve.generator;
    const sid = sessionId(`dkg ${curveName}`);

    test('the network derives the dWallet the user computed; X_B and ct_key are the μ-combination of the global parts', () => {
      const user = createUserDkgMessage(key, sid, { rng });
      const bytes = encodeUserDkgMessage(curve, user.message);
      const network = verifyUserDkgMessageBytes(key, sid, bytes);
      assert.deepEqual(encodeDWalletOutput(network, setup), encodeDWalletOutput(user.output, setup));
      assert.equal(network.kind, 'universal');
      assert.ok(curve.multiply(G, user.secretShare).equals(network.userPublicShare));
      assert.ok(network.userPublicShare.add(network.networkPublicShare).equals(network.publicKey));
      const mus = network.randomizers;
      assert.ok(mus !== undefined);
      assert.ok(networkPublicShare(key, mus).equals(network.networkPublicShare));
      // ct_key decrypts to the x_B of X_B: the network can act on the dWallet's share.
      assert.deepEqual(network.encryptedNetworkShare, networkEncryptedShare(key, mus));
      const xB = decrypt(fixture, network.encryptedNetworkShare);
      assert.ok(curve.multiply(G, xB).equals(network.networkPublicShare));
      assert.equal(network.publicUserSecretShare, undefined);
      // The output round-trips through its encoding.
      const decoded = decodeDWalletOutput(curve, setup, encodeDWalletOutput(network, setup));
      assert.deepEqual(encodeDWalletOutput(decoded, setup), encodeDWalletOutput(network, setup));
      assert.deepEqual(decoded.randomizers, mus);
    });

    test('a message is rejected, with the failed check named, when altered, replayed into another session or malformed', () => {
      const user = createUserDkgMessage(key, sid, { rng });
      const bytes = encodeUserDkgMessage(curve, user.message);
      const verify = (b: Uint8Array, id = sid) => rejection(() => verifyUserDkgMessageBytes(key, id, b));
      const invalid = EcdsaErrorCodes.ECDSA_INVALID_DKG_MESSAGE;
      assert.deepEqual(verify(bytes, sessionId('another session')), { code: invalid, check: 'proof:user-public-share' });
      const otherPoint = encodeUserDkgMessage(curve, { ...user.message, userPublicShare: user.message.userPublicShare.add(G) });
      assert.deepEqual(verify(otherPoint), { code: invalid, check: 'proof:user-public-share' });
      const [first, ...rest] = user.message.proof.repetitions;
      const repetition = first as (typeof user.message.proof.repetitions)[number];
      const altered = encodeUserDkgMessage(curve, {
        ...user.message,
        proof: { repetitions: [{ ...repetition, challenge: (repetition.challenge + 1) % 65536 }, ...rest] },
      });
      assert.deepEqual(verify(altered), { code: invalid, check: 'proof:user-public-share' });
      assert.deepEqual(verify(bytes.subarray(0, bytes.length - 1)), { code: invalid, check: 'encoding' });
      assert.deepEqual(verify(new Uint8Array([...bytes, 0])), { code: invalid, check: 'encoding' });
      const wrongShare = encodeUserDkgMessage(curve, { ...user.message, publicUserSecretShare: (user.secretShare + 1n) % curve.order });
      assert.deepEqual(verify(wrongShare), { code: invalid, check: 'public-user-share' });
      assert.deepEqual(decodeUserDkgMessage(curve, bytes).userPublicShare.toBytes(), user.message.userPublicShare.toBytes());
    });

    test('public-share mode: x_A is published and checked; anyone holding the output has the user share', () => {
      const user = createUserDkgMessage(key, sid, { rng, publicShare: true });
      const network = verifyUserDkgMessageBytes(key, sid, encodeUserDkgMessage(curve, user.message));
      assert.equal(network.publicUserSecretShare, user.secretShare);
      const decoded = decodeDWalletOutput(curve, setup, encodeDWalletOutput(network, setup));
      assert.equal(decoded.publicUserSecretShare, user.secretShare);
    });

    test('an imported key: X = x·G, ct_key encrypts x_B, and tampering is rejected', () => {
      const importId = sessionId(`import ${curveName}`);
      const x = 1n + randomBelow(rng, curve.order - 1n);
      const imported = createImportedKeyMessage(key, importId, x, { rng });
      const bytes = encodeImportedKeyMessage(key, imported.message);
      const output = verifyImportedKeyMessageBytes(key, importId, bytes);
      assert.equal(output.kind, 'imported');
      assert.ok(output.publicKey.equals(curve.multiply(G, x)));
      assert.ok(curve.multiply(G, imported.secretShare).equals(output.userPublicShare));
      const xB = decrypt(fixture, output.encryptedNetworkShare);
      assert.equal((imported.secretShare + xB) % curve.order, x);
      assert.deepEqual(
        encodeDWalletOutput(decodeDWalletOutput(curve, setup, encodeDWalletOutput(output, setup)), setup),
        encodeDWalletOutput(output, setup),
      );

      const invalid = EcdsaErrorCodes.ECDSA_INVALID_IMPORT_MESSAGE;
      const verify = (message: typeof imported.message, id = importId) =>
        rejection(() => verifyImportedKeyMessageBytes(key, id, encodeImportedKeyMessage(key, message)));
      // Another encryption of another x_B (with X_B unchanged) breaks the EncDL proof.
      const otherCt = clEncrypt(key.encryptionKey, 5n, rng).ciphertext;
      assert.deepEqual(verify({ ...imported.message, encryptedNetworkShare: otherCt }), {
        code: invalid,
        check: 'proof:network-share-encryption',
      });
      const shifted: CurvePoint = imported.message.networkPublicShare.add(G);
      assert.deepEqual(verify({ ...imported.message, networkPublicShare: shifted }), {
        code: invalid,
        check: 'proof:network-share-encryption',
      });
      assert.deepEqual(verify(imported.message, sessionId('elsewhere')), { code: invalid, check: 'proof:user-public-share' });
      assert.deepEqual(decodeImportedKeyMessage(key, bytes).encryptedNetworkShare, imported.message.encryptedNetworkShare);
      assert.equal(rejection(() => createImportedKeyMessage(key, importId, 0n, { rng })).code, EcdsaErrorCodes.ECDSA_SECRET_MISMATCH);
    });

    test('a dWallet output whose X is not X_A + X_B, or made for the other curve, does not decode', () => {
      const user = createUserDkgMessage(key, sid, { rng });
      const forged = encodeDWalletOutput({ ...user.output, publicKey: user.output.publicKey.add(G) }, setup);
      assert.equal(rejection(() => decodeDWalletOutput(curve, setup, forged)).code, ErrorCodes.ENCODING_INVALID_VALUE);
      const other = ecdsaFixture(curveName === 'secp256k1' ? 'p256' : 'secp256k1');
      const bytes = encodeDWalletOutput(user.output, setup);
      assert.notEqual(rejection(() => decodeDWalletOutput(other.curve, other.setup, bytes)).code, 'accepted');
    });
  });
}

describe('verification sessions', () => {
  const fixture = ecdsaFixture('secp256k1');
  const { key, curve, setup, rng } = fixture;
  const committee = uniformCommittee(4, 3);

  test('a DKG session completes in start() without messages, and a restored session reports the same output', () => {
    const id = sessionId('dkg session');
    const user = createUserDkgMessage(key, id, { rng });
    const config = { key, message: encodeUserDkgMessage(curve, user.message) };
    const machine = createSession(dkgVerificationSession, config, { sessionId: id, self: 2, committee });
    const step = machine.start();
    assert.equal(step.outgoing.length, 0);
    assert.equal(step.result?.status, 'completed');
    const outcome = (step.result as { output: VerificationOutcome<typeof user.output> }).output;
    assert.equal(outcome.status, 'accepted');
    if (outcome.status !== 'accepted') return;
    assert.deepEqual(encodeDWalletOutput(outcome.value, setup), encodeDWalletOutput(user.output, setup));
    const restored = restoreSession(dkgVerificationSession, config, { sessionId: id, self: 2, committee }, machine.serialize());
    assert.deepEqual(restored.serialize(), machine.serialize());
    assert.equal(restored.status, 'completed');
    // The session has no rounds: any message is refused with a typed error, and nothing changes.
    const message = {
      protocol: dkgVerificationSession.protocol,
      sessionId: id,
      round: 1,
      attempt: 0,
      sender: 3,
      recipient: null,
      kind: 'share',
      payload: new Uint8Array(1),
    };
    assert.throws(
      () => machine.handle({ type: 'message', message: { sender: 3, message, evidence: new Uint8Array(1) } }),
      (error: unknown) => error instanceof DWalletError && error.code === SessionErrorCodes.SESSION_UNKNOWN_ROUND,
    );
    assert.throws(
      () =>
        machine.handle({
          type: 'message',
          message: { sender: 3, message: { ...message, sessionId: sessionId('other') }, evidence: new Uint8Array(1) },
        }),
      (error: unknown) => error instanceof DWalletError && error.code === SessionErrorCodes.SESSION_WRONG_SESSION,
    );
    assert.deepEqual(machine.serialize(), restored.serialize());
  });

  test('a rejected message completes the session with the rejection (code and check) the chain records', () => {
    const id = sessionId('import session');
    const imported = createImportedKeyMessage(key, id, 42n, { rng });
    const config = { key, message: encodeImportedKeyMessage(key, imported.message) };
    const machine = createSession(importedKeyVerificationSession, config, { sessionId: sessionId('not the session'), self: 1, committee });
    const result = machine.start().result;
    assert.equal(result?.status, 'completed');
    const outcome = (result as { output: VerificationOutcome<unknown> }).output;
    assert.deepEqual(outcome.status === 'rejected' ? { code: outcome.code, check: outcome.check } : outcome, {
      code: EcdsaErrorCodes.ECDSA_INVALID_IMPORT_MESSAGE,
      check: 'proof:user-public-share',
    });
    const restored = restoreSession(
      importedKeyVerificationSession,
      config,
      { sessionId: sessionId('not the session'), self: 1, committee },
      machine.serialize(),
    );
    assert.deepEqual(restored.result, machine.result);
  });
});

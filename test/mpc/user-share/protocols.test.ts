/**
 * The validators' user-share sessions (mpc/user-share/protocols.ts) on secp256k1, P-256 and
 * ed25519, over a real dWallet (the user's DKG message under a dealt network key, its output
 * through the chain's encoding, x_A·G checked with @noble/curves): each completes in start() with
 * `true` or a rejection naming the error code (whose chain reason code is 15 or 16) and the check,
 * the same verdict at every validator of the committee, and a restored session reports it again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reasonCode } from '../../../chain/schemas/rejection-reasons.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { decodeDWalletOutput, encodeDWalletOutput } from '../../../mpc/ecdsa/messages.ts';
import type { VerificationOutcome } from '../../../mpc/ecdsa/protocols/verification.ts';
import { parties, uniformCommittee } from '../../../mpc/session/committee.ts';
import type { SessionDefinition } from '../../../mpc/session/protocol.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { networkKeyFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { decryptUserShare, EncryptedShareChecks, encryptUserShare } from '../../../mpc/user-share/encrypted-share.ts';
import {
  EncryptionKeyChecks,
  encodeUserEncryptionKey,
  proveEncryptionKeyOwnership,
  userEncryptionKeyPair,
} from '../../../mpc/user-share/encryption-key.ts';
import {
  type EncryptionKeyVerificationConfig,
  encryptionKeyVerificationSession,
  type ShareEncryptionVerificationConfig,
  shareBackupVerificationSession,
  shareTransferVerificationSession,
} from '../../../mpc/user-share/protocols.ts';
import { testRng } from '../../support/random.ts';
import { CURVES, flipped, nobleTimesG } from './support.ts';

const committee = uniformCommittee(4, 3);

/**
 * The outcome at validator 1, or at every validator of the committee (`everywhere`, asserted
 * equal), and a session restored from validator 1's saved state (asserted to report the same
 * result). Each kind of verdict is checked everywhere once; the others at one validator, to keep
 * the test fast (a verification never reads `self`).
 */
function verdict<Config>(
  definition: SessionDefinition<Config, VerificationOutcome<true>>,
  config: Config,
  sid: Uint8Array,
  everywhere = false,
) {
  const outcomes = (everywhere ? parties(committee) : [1]).map((self) => {
    const machine = createSession(definition, config, { sessionId: sid, self, committee });
    const step = machine.start();
    assert.ok(step.result?.status === 'completed', 'a verification ends when it starts');
    return { outcome: step.result.output as VerificationOutcome<true>, machine };
  });
  const first = outcomes[0]!;
  for (const other of outcomes) assert.deepEqual(other.outcome, first.outcome, 'the same verdict at every validator');
  const restored = restoreSession(definition, config, { sessionId: sid, self: 1, committee }, first.machine.serialize());
  assert.equal(restored.status, 'completed');
  assert.deepEqual(restored.result, first.machine.result);
  return first.outcome;
}

function assertRejected(outcome: VerificationOutcome<true>, code: string, check: string, reason: number) {
  assert.equal(outcome.status, 'rejected');
  if (outcome.status !== 'rejected') return;
  assert.deepEqual({ code: outcome.code, check: outcome.check }, { code, check });
  assert.equal(reasonCode(outcome.code), reason);
}

test('the user-share codes have their reason codes on record (chain/schemas/rejection-reasons.ts)', () => {
  assert.equal(reasonCode(EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY), 15);
  assert.equal(reasonCode(EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION), 16);
  assert.equal(reasonCode(EcdsaErrorCodes.USER_SHARE_MISMATCH), 17);
  assert.equal(reasonCode(EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE), 14, 'earlier codes unchanged');
});

for (const name of CURVES) {
  describe(`user-share verification sessions on ${name}`, () => {
    const curve = getCurve(name);
    const fixture = networkKeyFixture(name);
    const setup = fixture.key.encryptionKey.setup;
    const rng = testRng(`user-share sessions ${name}`);
    const dkg = createUserDkgMessage(fixture.key, sessionId(`user-share dkg ${name}`), { rng });
    // The dWallet as a validator reads it from the chain.
    const dwallet = decodeDWalletOutput(curve, setup, encodeDWalletOutput(dkg.output, setup));
    const dwalletId = new Uint8Array(32).fill(0x1d);
    const owner = userEncryptionKeyPair(setup, new Uint8Array(32).fill(0x0a));
    const recipient = userEncryptionKeyPair(setup, new Uint8Array(32).fill(0x0b));
    const ownerKey = encodeUserEncryptionKey(owner.publicKey);
    const recipientKey = encodeUserEncryptionKey(recipient.publicKey);
    const registration = sessionId(`user-share registration ${name}`);
    const backup = sessionId(`user-share backup ${name}`);
    const transfer = sessionId(`user-share transfer ${name}`);

    test('the DKG’s x_A is the dWallet’s X_A by @noble/curves', () => {
      assert.deepEqual(nobleTimesG(name, dkg.secretShare), curve.encodePoint(dwallet.userPublicShare));
    });

    test('a registration is accepted with its own proof, rejected otherwise, alike at every validator', () => {
      const proof = proveEncryptionKeyOwnership(owner, registration, rng);
      const config = (overrides: Partial<EncryptionKeyVerificationConfig> = {}) => ({
        setup,
        encryptionKey: ownerKey,
        proof,
        ...overrides,
      });
      assert.deepEqual(verdict(encryptionKeyVerificationSession, config(), registration, true), { status: 'accepted', value: true });
      const code = EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY;
      assertRejected(verdict(encryptionKeyVerificationSession, config(), backup, true), code, EncryptionKeyChecks.PROOF, 15);
      assertRejected(
        verdict(encryptionKeyVerificationSession, config({ encryptionKey: recipientKey }), registration),
        code,
        EncryptionKeyChecks.PROOF,
        15,
      );
      assertRejected(
        verdict(encryptionKeyVerificationSession, config({ encryptionKey: flipped(ownerKey, 4) }), registration),
        code,
        EncryptionKeyChecks.ENCODING,
        15,
      );
      assertRejected(
        verdict(encryptionKeyVerificationSession, config({ proof: proof.subarray(1) }), registration),
        code,
        EncryptionKeyChecks.PROOF_ENCODING,
        15,
      );
    });

    test('a backup is accepted for its session, dWallet and key, rejected otherwise, alike at every validator', () => {
      const share = encryptUserShare({
        curve,
        recipientKey: owner.publicKey,
        secretShare: dkg.secretShare,
        dwalletId,
        sessionId: backup,
        rng,
      });
      const config = (overrides: Partial<ShareEncryptionVerificationConfig> = {}): ShareEncryptionVerificationConfig => ({
        curve,
        setup,
        dwallet,
        dwalletId,
        recipientKey: ownerKey,
        encryptedShare: share,
        ...overrides,
      });
      assert.deepEqual(verdict(shareBackupVerificationSession, config(), backup, true), { status: 'accepted', value: true });
      const code = EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION;
      assertRejected(verdict(shareBackupVerificationSession, config(), transfer, true), code, EncryptedShareChecks.PROOF, 16);
      assertRejected(
        verdict(shareBackupVerificationSession, config({ dwalletId: new Uint8Array(32) }), backup),
        code,
        EncryptedShareChecks.PROOF,
        16,
      );
      assertRejected(verdict(shareBackupVerificationSession, config({ recipientKey }), backup), code, EncryptedShareChecks.PROOF, 16);
      assertRejected(
        verdict(shareBackupVerificationSession, config({ encryptedShare: share.subarray(3) }), backup),
        code,
        EncryptedShareChecks.ENCODING,
        16,
      );
      assertRejected(
        verdict(shareBackupVerificationSession, config({ recipientKey: ownerKey.subarray(1) }), backup),
        EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY,
        EncryptionKeyChecks.ENCODING,
        15,
      );
      // Another dWallet's X_A: the DKG of another dWallet under the same network key.
      const other = createUserDkgMessage(fixture.key, sessionId(`user-share other dkg ${name}`), { rng }).output;
      assertRejected(verdict(shareBackupVerificationSession, config({ dwallet: other }), backup), code, EncryptedShareChecks.PROOF, 16);
    });

    test('a transfer is accepted under the recipient’s key, which decrypts it to x_A', () => {
      const share = encryptUserShare({
        curve,
        recipientKey: recipient.publicKey,
        secretShare: dkg.secretShare,
        dwalletId,
        sessionId: transfer,
        rng,
      });
      const config: ShareEncryptionVerificationConfig = { curve, setup, dwallet, dwalletId, recipientKey, encryptedShare: share };
      assert.deepEqual(verdict(shareTransferVerificationSession, config, transfer, true), { status: 'accepted', value: true });
      const code = EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION;
      assertRejected(
        verdict(shareTransferVerificationSession, { ...config, recipientKey: ownerKey }, transfer, true),
        code,
        EncryptedShareChecks.PROOF,
        16,
      );
      assertRejected(verdict(shareTransferVerificationSession, config, backup), code, EncryptedShareChecks.PROOF, 16);
      const decrypted = decryptUserShare({
        curve,
        secretKey: recipient.secretKey,
        userPublicShare: dwallet.userPublicShare,
        encryptedShare: share,
      });
      assert.equal(decrypted, dkg.secretShare);
      assert.deepEqual(nobleTimesG(name, decrypted), curve.encodePoint(dwallet.userPublicShare));
    });

    test('a configuration whose curve, setup and dWallet do not fit is the plan’s error, not the user’s', () => {
      const otherName = name === 'secp256k1' ? 'p256' : 'secp256k1';
      const base: ShareEncryptionVerificationConfig = {
        curve,
        setup,
        dwallet,
        dwalletId,
        recipientKey: ownerKey,
        encryptedShare: new Uint8Array(1),
      };
      for (const config of [
        { ...base, curve: getCurve(otherName) },
        { ...base, setup: networkKeyFixture(otherName).setup },
      ]) {
        const outcome = verdict(shareBackupVerificationSession, config, backup, true);
        assertRejected(outcome, EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'configuration', 13);
      }
    });
  });
}

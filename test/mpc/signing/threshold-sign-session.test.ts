/**
 * The scheme-independent threshold-sign session (mpc/signing/session.ts) as ECDSA instantiates it:
 * what moved out of mpc/ecdsa/protocols/sign.ts must read and write exactly what it did before —
 * the saved state (a validator restarted across the upgrade resumes its stored sessions), the
 * share messages (peers on either side of the upgrade understand each other) and the proof
 * context of the decryption shares — and the scheme's typed errors must still name a
 * configuration that does not fit. The sessions themselves run in test/mpc/ecdsa/protocols.test.ts
 * and test/mpc/schnorr/sign-session.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { digestMessage, HashSchemes } from '../../../mpc/ecdsa/hash-schemes.ts';
import { encodeUserSignMessage } from '../../../mpc/ecdsa/messages.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import {
  ecdsaThresholdSignScheme,
  SIGN_SESSION_PROTOCOL,
  type SignSessionConfig,
  type SignSessionOutput,
  signSession,
  signShareSchemas,
} from '../../../mpc/ecdsa/protocols/sign.ts';
import { SIGN_PROTOCOL } from '../../../mpc/ecdsa/sign/message.ts';
import { SIGN_DECRYPTION_ROUND, signDecryptionSession } from '../../../mpc/ecdsa/sign/network.ts';
import { createUserSignMessage } from '../../../mpc/ecdsa/sign/user.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { uniformCommittee } from '../../../mpc/session/committee.ts';
import type { SessionIdentity } from '../../../mpc/session/protocol.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { encodeVersioned } from '../../../mpc/session/versioned.ts';
import { SignKinds, thresholdSignShareSchemas } from '../../../mpc/signing/session.ts';
import { dealerPresign, ecdsaFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, curve, thresholdKey, keyShares, rng } = fixture;
const committee = uniformCommittee(4, 3);
const dkg = createUserDkgMessage(key, sessionId('generic sign session dkg'), { rng });
const presign = dealerPresign(key, 'generic sign session');
const digest = digestMessage(curve, HashSchemes.KECCAK256, new TextEncoder().encode('generic sign session'));
const userMessage = encodeUserSignMessage(
  key,
  createUserSignMessage({
    key,
    dwallet: dkg.output,
    presign,
    digest,
    secretShare: dkg.secretShare,
    ledger: new InMemoryPresignLedger(),
    rng,
  }),
);

function config(party: number, overrides: Partial<SignSessionConfig> = {}): SignSessionConfig {
  return {
    key,
    thresholdKey,
    keyShare: keyShares[party - 1] as (typeof keyShares)[number],
    dwallet: dkg.output,
    presign,
    digest,
    userMessage,
    ledger: new InMemoryPresignLedger(),
    verifiedBefore: true,
    ...overrides,
  };
}

function identity(self: number, label: string): SessionIdentity {
  return { protocol: SIGN_SESSION_PROTOCOL, sessionId: sessionId(label), self, committee };
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

/** The saved state's layout as mpc/ecdsa/protocols/sign.ts wrote it before the machinery moved (version 1). */
const layoutBeforeTheMove = bcs.struct('SignState', {
  verdict: bcs.option(
    bcs.enum('SignVerdict', {
      Accepted: null,
      Rejected: bcs.struct('SignRejection', { code: bcs.string(), check: bcs.string(), reason: bcs.string() }),
    }),
  ),
  failed_optimistic: bcs.bool(),
  resends: bcs.u8(),
  aborted: bcs.option(bcs.string()),
  result: bcs.option(bcs.struct('SignResult', { signature: bcs.bytes(65), proven: bcs.bool(), decrypters: bcs.vector(bcs.u16()) })),
});

describe('the ECDSA instance of the threshold-sign session', () => {
  test('restores a state saved in the layout before the move, reports its signature and saves the same bytes', () => {
    const signature = secp256k1.sign(digest.bytes, secp256k1.utils.randomSecretKey(), { prehash: false, format: 'recovered' });
    // noble's recovered format is recovery id ‖ r ‖ s; the session's is r ‖ s ‖ recovery id.
    const encoded = Uint8Array.from([...signature.subarray(1), signature[0] as number]);
    const stored = encodeVersioned(layoutBeforeTheMove, 1, {
      verdict: { Accepted: true },
      failed_optimistic: true,
      resends: 2,
      aborted: null,
      result: { signature: encoded, proven: true, decrypters: [1, 3, 4] },
    });
    const protocol = signSession.restore(config(2), identity(2, 'restored signed'), stored);
    const outcome = protocol.outcome();
    assert.equal(outcome?.status, 'completed');
    const output = (outcome as { output: SignSessionOutput }).output;
    assert.ok(output.status === 'signed');
    assert.deepEqual(output.encoded, encoded);
    assert.equal(output.proven, true);
    assert.deepEqual(output.decrypters, [1, 3, 4]);
    assert.deepEqual(protocol.save(), stored);

    const rejected = encodeVersioned(layoutBeforeTheMove, 1, {
      verdict: { Rejected: { code: EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE, check: 'proof:nonce', reason: 'a reason' } },
      failed_optimistic: false,
      resends: 0,
      aborted: null,
      result: null,
    });
    const restored = signSession.restore(config(1), identity(1, 'restored rejected'), rejected);
    assert.deepEqual(restored.outcome(), {
      status: 'completed',
      output: { status: 'rejected', code: EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE, check: 'proof:nonce', reason: 'a reason' },
    });
    assert.deepEqual(restored.save(), rejected);
  });

  test('its share messages are the two-ciphertext messages of before, and bind the same decryption context', () => {
    assert.equal(ecdsaThresholdSignScheme.ciphertextCount, 2);
    assert.equal(ecdsaThresholdSignScheme.decryptionProtocol, SIGN_PROTOCOL);
    assert.equal(ecdsaThresholdSignScheme.decryptionRound, SIGN_DECRYPTION_ROUND);
    // The share this validator sends in the session is the one of sign/network.ts's decryption.
    const machine = createSession(signSession, config(1), { ...identity(1, 'share message'), rng });
    const sent = machine.start().outgoing.find((o) => o.type === 'send' && o.message.kind === SignKinds.SHARE);
    assert.ok(sent?.type === 'send');
    const request = ecdsaThresholdSignScheme.requestOf(config(1));
    assert.ok(request.status === 'accepted');
    const expected = decryptionShareMessage(
      signDecryptionSession(thresholdKey, request.request, sessionId('share message')),
      keyShares[0]!,
    );
    const schemas = signShareSchemas(thresholdKey);
    assert.deepEqual(sent.message.payload, schemas.unproven.serialize(expected).toBytes());
    assert.deepEqual(
      schemas.unproven.serialize(expected).toBytes(),
      thresholdSignShareSchemas(thresholdKey, 2).unproven.serialize(expected).toBytes(),
    );
  });

  test('the share schemas refuse a row longer than the ciphertext count on its length prefix', () => {
    const one = new DecryptionSession(thresholdKey, [presign.encryptedMask], {
      protocol: 'test/one',
      sessionId: sessionId('one'),
      round: 'r',
    });
    const message = decryptionShareMessage(one, keyShares[0]!);
    const schemas = thresholdSignShareSchemas(thresholdKey, 1);
    const bytes = schemas.unproven.serialize(message).toBytes();
    assert.deepEqual(schemas.unproven.parse(bytes).shares.length, 1);
    const two = thresholdSignShareSchemas(thresholdKey, 2).unproven.serialize({
      ...message,
      shares: message.shares.map((row) => [...row, ...row]),
    });
    assert.throws(() => schemas.unproven.parse(two.toBytes()));
  });

  test('a configuration that does not fit the session is refused with the scheme’s typed error', () => {
    assert.equal(
      codeOf(() => createSession(signSession, config(2), identity(1, 'wrong share'))),
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
    );
    assert.equal(
      codeOf(() => createSession(signSession, config(1), { ...identity(1, 'wrong committee'), committee: uniformCommittee(5, 3) })),
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
    );
    const other = ecdsaFixture('secp256k1', [1, 1, 1, 1], 2);
    assert.equal(
      codeOf(() => createSession(signSession, config(1, { key: other.key }), identity(1, 'wrong key'))),
      EcdsaErrorCodes.ECDSA_KEY_MISMATCH,
    );
  });

  test('a stored session whose user message no longer decodes fails to resume, as before the move; it never turns its accepted verdict into a rejection', () => {
    const params = { ...identity(1, 'resume changed config'), rng };
    const machine = createSession(signSession, config(1), params);
    const step = machine.start();
    // Accepted: its decryption shares are out.
    assert.ok(step.outgoing.length > 0);
    const state = machine.serialize();
    const garbled = userMessage.slice(0, userMessage.length - 1);
    assert.equal(
      codeOf(() => restoreSession(signSession, config(1, { userMessage: garbled }), params, state)),
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
    );
    // The same state under its own configuration resumes.
    assert.equal(restoreSession(signSession, config(1), params, state).status, 'running');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { DWalletError } from '../../mpc/errors.ts';
import { encodeRoundMessage, type RoundMessage } from '../../mpc/session/message.ts';
import { PeerInputError, ValidatorErrorCodes } from '../../validator/errors.ts';
import { ENVELOPE_DOMAIN, envelopeSchema, openEnvelope, sealEnvelope } from '../../validator/peer/envelope.ts';
import { localPeerIdentity, PeerIdentityVerifier } from '../../validator/peer/identity.ts';
import { testCommittee } from './support.ts';

const { view, members } = testCommittee();
const [alice, bob] = members as [(typeof members)[0], (typeof members)[0]];
const verifier = new PeerIdentityVerifier();

function message(overrides: Partial<RoundMessage> = {}): RoundMessage {
  return {
    protocol: 'dwallet/validator/result-batch',
    sessionId: new Uint8Array(32).fill(9),
    round: 1,
    attempt: 0,
    sender: alice.party,
    recipient: null,
    kind: 'echo',
    payload: new Uint8Array([0]),
    ...overrides,
  };
}

function refusal(bytes: Uint8Array, atView = view): PeerInputError {
  try {
    openEnvelope(bytes, atView, verifier);
  } catch (error) {
    if (error instanceof PeerInputError) return error;
    throw error;
  }
  assert.fail('the envelope was accepted');
}

/** A correctly signed envelope with arbitrary fields (what a member's broken or malicious software could send). */
function signedRaw(fields: {
  epoch?: bigint;
  sender?: number;
  message?: Uint8Array;
  identity?: { peerKey: Uint8Array; certificate: Uint8Array; peerSecretKey: Uint8Array };
}): Uint8Array {
  const identity = fields.identity ?? alice.identity;
  const body = {
    version: 1,
    epoch: fields.epoch ?? view.epoch,
    sender: fields.sender ?? alice.party,
    peer_key: identity.peerKey,
    certificate: identity.certificate,
    message: fields.message ?? encodeRoundMessage(message()),
  };
  const bodyBytes = envelopeSchema
    .serialize({ ...body, signature: new Uint8Array(64) })
    .toBytes()
    .subarray(0, -64);
  const signed = new Uint8Array(ENVELOPE_DOMAIN.length + bodyBytes.length);
  signed.set(ENVELOPE_DOMAIN, 0);
  signed.set(bodyBytes, ENVELOPE_DOMAIN.length);
  return envelopeSchema.serialize({ ...body, signature: ed25519.sign(signed, identity.peerSecretKey) }).toBytes();
}

describe('peer envelopes', () => {
  test('a sealed envelope opens to the message, its sender and itself as evidence', () => {
    const bytes = sealEnvelope(alice.identity, view.epoch, message());
    const opened = openEnvelope(bytes, view, verifier);
    assert.equal(opened.sender, alice.party);
    assert.deepEqual(encodeRoundMessage(opened.message), encodeRoundMessage(message()));
    assert.deepEqual(opened.evidence, bytes);
    assert.deepEqual(signedRaw({}), bytes, 'the test’s raw signer matches sealEnvelope');
  });

  test('a bare round message (no envelope) is refused as unsigned, with 401', () => {
    const error = refusal(encodeRoundMessage(message()));
    assert.equal(error.code, ValidatorErrorCodes.PEER_UNSIGNED);
    assert.equal(error.status, 401);
  });

  test('bytes that are no envelope are malformed (400); so are truncated and extended envelopes', () => {
    const bytes = sealEnvelope(alice.identity, view.epoch, message());
    for (const bad of [new Uint8Array([1, 2, 3]), bytes.subarray(0, bytes.length - 1), new Uint8Array([...bytes, 0]), new Uint8Array(0)]) {
      const error = refusal(bad);
      assert.equal(error.code, ValidatorErrorCodes.PEER_MALFORMED);
      assert.equal(error.status, 400);
    }
  });

  test('a changed byte anywhere in the signed part breaks the signature (401)', () => {
    const bytes = sealEnvelope(alice.identity, view.epoch, message());
    const payloadAt = bytes.length - 64 - 1;
    const tampered = bytes.slice();
    tampered[payloadAt] = (tampered[payloadAt] as number) ^ 1;
    assert.equal(refusal(tampered).code, ValidatorErrorCodes.PEER_BAD_SIGNATURE);
    const badSignature = bytes.slice();
    badSignature[bytes.length - 1] = (badSignature[bytes.length - 1] as number) ^ 1;
    assert.equal(refusal(badSignature).code, ValidatorErrorCodes.PEER_BAD_SIGNATURE);
    const zeros = bytes.slice();
    zeros.fill(0, bytes.length - 64);
    assert.equal(refusal(zeros).status, 401);
  });

  test('a peer key not certified by the sender’s BLS key is refused (401 PEER_BAD_IDENTITY)', () => {
    // Bob's certified identity used in Alice's name, and a key certified by a BLS key outside the committee.
    const borrowed = { peerKey: bob.identity.peerKey, certificate: bob.identity.certificate, peerSecretKey: bob.peerSecretKey };
    assert.equal(refusal(signedRaw({ identity: borrowed })).code, ValidatorErrorCodes.PEER_BAD_IDENTITY);
    const outsider = localPeerIdentity(1, new Uint8Array(32).fill(0x33), new Uint8Array(32).fill(0x44));
    assert.equal(refusal(signedRaw({ identity: outsider })).code, ValidatorErrorCodes.PEER_BAD_IDENTITY);
  });

  test('an unknown sender (403), another epoch (409), a message naming another sender (400), a malformed round message (400)', () => {
    assert.equal(refusal(signedRaw({ sender: 9 })).code, ValidatorErrorCodes.PEER_UNKNOWN_SENDER);
    assert.equal(refusal(signedRaw({ sender: 9 })).status, 403);
    const wrongEpoch = refusal(signedRaw({ epoch: 2n }));
    assert.equal(wrongEpoch.code, ValidatorErrorCodes.PEER_WRONG_EPOCH);
    assert.equal(wrongEpoch.status, 409);
    const claimsBob = refusal(signedRaw({ message: encodeRoundMessage(message({ sender: bob.party })) }));
    assert.equal(claimsBob.code, ValidatorErrorCodes.PEER_SENDER_MISMATCH);
    const garbage = refusal(signedRaw({ message: new Uint8Array([1, 2, 3]) }));
    assert.equal(garbage.code, ValidatorErrorCodes.PEER_MALFORMED);
    assert.equal(garbage.details.cause, 'SESSION_MALFORMED_MESSAGE');
  });

  test('refusals are typed DWalletErrors', () => {
    assert.ok(refusal(new Uint8Array([0])) instanceof DWalletError);
  });
});

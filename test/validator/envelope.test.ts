import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { DWalletError } from '../../mpc/errors.ts';
import { encodeRoundMessage, type RoundMessage } from '../../mpc/session/message.ts';
import { PeerInputError, ValidatorErrorCodes } from '../../validator/errors.ts';
import {
  ENVELOPE_DOMAIN,
  ENVELOPE_HEADER_MAX_BYTES,
  envelopeSchema,
  MAX_ENVELOPE_BYTES,
  openEnvelope,
  readEnvelopeHeader,
  sealEnvelope,
} from '../../validator/peer/envelope.ts';
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

function refusal(bytes: Uint8Array, atView = view, using = verifier, mayCheckCertificate?: () => boolean): PeerInputError {
  try {
    openEnvelope(bytes, atView, using, { mayCheckCertificate });
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

  test('cheap checks first: an unsigned envelope with a made-up identity is refused without a pairing', () => {
    const fresh = new PeerIdentityVerifier();
    const made = signedRaw({ identity: localPeerIdentity(1, new Uint8Array(32).fill(0x35), new Uint8Array(32).fill(0x36)) });
    const unsigned = made.slice();
    unsigned.fill(0, unsigned.length - 64);
    for (let i = 0; i < 20; i++) assert.equal(refusal(unsigned, view, fresh).code, ValidatorErrorCodes.PEER_BAD_SIGNATURE);
    assert.equal(fresh.checks, 0, 'no certificate was checked');
  });

  test('a certificate is checked once per epoch, whether it verified or not; a new one only within the budget (429)', () => {
    const fresh = new PeerIdentityVerifier();
    for (let i = 0; i < 5; i++) openEnvelope(sealEnvelope(alice.identity, view.epoch, message({ attempt: i })), view, fresh);
    assert.equal(fresh.checks, 1, 'one pairing for a member’s honest envelopes');
    const outsider = localPeerIdentity(1, new Uint8Array(32).fill(0x37), new Uint8Array(32).fill(0x38));
    for (let i = 0; i < 5; i++)
      assert.equal(refusal(signedRaw({ identity: outsider }), view, fresh).code, ValidatorErrorCodes.PEER_BAD_IDENTITY);
    assert.equal(fresh.checks, 2, 'one pairing for a bad certificate sent five times');
    const another = localPeerIdentity(1, new Uint8Array(32).fill(0x39), new Uint8Array(32).fill(0x3a));
    const limited = refusal(signedRaw({ identity: another }), view, fresh, () => false);
    assert.equal(limited.code, ValidatorErrorCodes.PEER_RATE_LIMITED);
    assert.equal(limited.status, 429);
    assert.equal(fresh.checks, 2, 'no pairing beyond the budget');
    const nextEpoch = testCommittee(4, 3, view.epoch + 1n).view;
    openEnvelope(sealEnvelope(alice.identity, nextEpoch.epoch, message()), nextEpoch, fresh);
    assert.equal(fresh.checks, 3, 'certificates are remembered per epoch');
  });

  test('the header is read from the first bytes; an envelope above the limit is refused from its length prefix alone', () => {
    const bytes = sealEnvelope(alice.identity, view.epoch, message());
    assert.equal(readEnvelopeHeader(bytes.subarray(0, 100)), undefined, 'more bytes needed');
    const header = readEnvelopeHeader(bytes.subarray(0, ENVELOPE_HEADER_MAX_BYTES));
    assert.equal(header?.sender, alice.party);
    assert.equal(header?.epoch, view.epoch);
    assert.equal(header?.length, bytes.length);
    const huge = signedRaw({ message: new Uint8Array(MAX_ENVELOPE_BYTES) });
    for (const prefix of [huge.subarray(0, ENVELOPE_HEADER_MAX_BYTES), huge]) {
      try {
        readEnvelopeHeader(prefix);
        assert.fail('accepted');
      } catch (error) {
        assert.equal((error as PeerInputError).code, ValidatorErrorCodes.PEER_BODY_TOO_LARGE);
        assert.equal((error as PeerInputError).status, 413);
      }
    }
    const nonCanonical = new Uint8Array([...bytes.subarray(0, 139), 0x81, 0x00]);
    assert.throws(
      () => readEnvelopeHeader(nonCanonical),
      (e: unknown) => (e as PeerInputError).code === ValidatorErrorCodes.PEER_MALFORMED,
    );
  });
});

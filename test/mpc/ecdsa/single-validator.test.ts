/**
 * A committee of total weight 1 (a 1-of-1 network, allowed by the code and by Move): Δ = 1! = 1,
 * so threshold decryption cannot rely on Δ to remove errors of order 2. It signs, and a sign message
 * whose encrypted partial signature carries an element of order 2 ends as a rejection, never as an
 * exception escaping the session (the code before this check threw THRESHOLD_COMBINATION_FAILED
 * out of the session).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { digestMessage, HashSchemes } from '../../../mpc/ecdsa/hash-schemes.ts';
import { decodeUserSignMessage, encodeUserSignMessage } from '../../../mpc/ecdsa/messages.ts';
import type { NetworkKeyParts } from '../../../mpc/ecdsa/network-key/key-parts.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import { type SignSessionConfig, type SignSessionOutput, signSession } from '../../../mpc/ecdsa/protocols/sign.ts';
import { createUserSignMessage } from '../../../mpc/ecdsa/sign/user.ts';
import { uniformCommittee } from '../../../mpc/session/committee.ts';
import { createSession } from '../../../mpc/session/runtime.ts';
import { dealerPresign, ecdsaFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { laxSetup, orderTwoElement } from '../../support/order-two.ts';

const fixture = ecdsaFixture('secp256k1', [1], 1);
const { key, thresholdKey, keyShares, rng, curve, setup } = fixture;
const committee = uniformCommittee(1, 1);
const dkg = createUserDkgMessage(key, sessionId('single validator dkg'), { rng });
const presign = dealerPresign(key, 'single validator');
const digest = digestMessage(curve, HashSchemes.KECCAK256, new TextEncoder().encode('a 1-of-1 network signs'));
const message = createUserSignMessage({
  key,
  dwallet: dkg.output,
  presign,
  digest,
  secretShare: dkg.secretShare,
  ledger: new InMemoryPresignLedger(),
  rng,
});
const userMessage = encodeUserSignMessage(key, message);

function run(label: string, overrides: Partial<SignSessionConfig>): SignSessionOutput {
  const config: SignSessionConfig = {
    key,
    thresholdKey,
    keyShare: keyShares[0]!,
    dwallet: dkg.output,
    presign,
    digest,
    userMessage,
    ledger: new InMemoryPresignLedger(),
    ...overrides,
  };
  const machine = createSession(signSession, config, { sessionId: sessionId(`single validator ${label}`), self: 1, committee });
  const step = machine.start();
  assert.equal(step.result?.status, 'completed', `${label}: the session did not complete`);
  return (step.result as { output: SignSessionOutput }).output;
}

describe('a committee of total weight 1', () => {
  test('signs (one round, checked with noble)', () => {
    const output = run('happy', {});
    assert.equal(output.status, 'signed');
    if (output.status !== 'signed') return;
    assert.ok(
      secp256k1.verify(output.encoded.subarray(0, 64), digest.bytes, dkg.output.publicKey.toBytes(), { prehash: false, lowS: true }),
    );
  });

  test('a stored sign message whose encrypted partial signature carries an element of order 2 is rejected, not thrown', () => {
    // Made with an encoder that does not refuse forms outside the squares, as a malicious user's would.
    const laxKey: NetworkKeyParts = { ...key, encryptionKey: { ...key.encryptionKey, setup: laxSetup(setup) } };
    const decoded = decodeUserSignMessage(laxKey, userMessage);
    const ct = decoded.encryptedPartialSignature;
    const poisoned = encodeUserSignMessage(laxKey, {
      ...decoded,
      encryptedPartialSignature: { c1: ct.c1, c2: setup.group.compose(ct.c2, orderTwoElement(setup)) },
    });
    // verifiedBefore: the future-sign path, where the stored message's proofs are not checked again.
    const output = run('poisoned', { userMessage: poisoned, verifiedBefore: true });
    assert.equal(output.status, 'rejected');
    if (output.status === 'rejected') assert.equal(output.code, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE);
  });
});

/**
 * Encrypted user shares (mpc/user-share/encrypted-share.ts) on secp256k1, P-256 and ed25519: an
 * encryption of x_A verifies for its dWallet, session, recipient key and X_A — X_A computed by
 * @noble/curves — and decrypts to x_A (whose x·G @noble/curves gives as X_A); each of those bound
 * values changed, a ciphertext of another value under a proof for the right one, and tampered,
 * truncated or padded bytes are rejected naming the failed check; decryption under a wrong key, or
 * for another X_A, throws USER_SHARE_MISMATCH and never returns a wrong value.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clDecrypt, clEncrypt } from '../../../mpc/cl/encryption.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { ErrorCodes } from '../../../mpc/errors.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { ProofErrorCodes } from '../../../mpc/proofs/errors.ts';
import { decodeEncryptedUserShare, encodeEncryptedUserShare } from '../../../mpc/user-share/encoding.ts';
import {
  decryptUserShare,
  EncryptedShareChecks,
  encryptUserShare,
  verifyEncryptedUserShare,
} from '../../../mpc/user-share/encrypted-share.ts';
import { userEncryptionKeyPair } from '../../../mpc/user-share/encryption-key.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { CURVES, codeOf, flipped, noblePublicShare, nobleTimesG, rejectionOf, withTrailing } from './support.ts';

const dwalletId = new Uint8Array(32).fill(0xd1);
const otherDwalletId = new Uint8Array(32).fill(0xd2);
const sessionId = new Uint8Array(32).fill(0x5a);
const otherSessionId = new Uint8Array(32).fill(0x5b);

for (const name of CURVES) {
  describe(`encrypted user shares on ${name}`, () => {
    const curve = getCurve(name);
    const setup = testSetup(name);
    const q = curve.order;
    const rng = testRng(`user-share encrypted share ${name}`);
    const owner = userEncryptionKeyPair(setup, new Uint8Array(32).fill(1));
    const stranger = userEncryptionKeyPair(setup, new Uint8Array(32).fill(2));
    const xA = 1n + randomBelow(rng, q - 1n);
    const XA = noblePublicShare(name, xA);
    const share = encryptUserShare({ curve, recipientKey: owner.publicKey, secretShare: xA, dwalletId, sessionId, rng });
    const verify = (overrides: Partial<Parameters<typeof verifyEncryptedUserShare>[0]>) =>
      verifyEncryptedUserShare({
        curve,
        recipientKey: owner.publicKey,
        userPublicShare: XA,
        dwalletId,
        sessionId,
        encryptedShare: share,
        ...overrides,
      });
    const rejection = (check: string) => ({ code: EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION, check });

    test('verifies for its dWallet, session, key and X_A, and decrypts to x_A (x_A·G as @noble/curves computes it)', () => {
      const ciphertext = verify({});
      assert.equal(clDecrypt(owner.secretKey, ciphertext), xA);
      const decrypted = decryptUserShare({ curve, secretKey: owner.secretKey, userPublicShare: XA, encryptedShare: share });
      assert.equal(decrypted, xA);
      assert.deepEqual(nobleTimesG(name, decrypted), curve.encodePoint(XA));
      assert.deepEqual(encodeEncryptedUserShare(curve, setup, decodeEncryptedUserShare(curve, setup, share)), share, 'canonical');
    });

    test('the ends of the range, 1 and q − 1, go through', () => {
      for (const x of [1n, q - 1n]) {
        const X = noblePublicShare(name, x);
        const bytes = encryptUserShare({ curve, recipientKey: owner.publicKey, secretShare: x, dwalletId, sessionId, rng });
        verify({ userPublicShare: X, encryptedShare: bytes });
        assert.equal(decryptUserShare({ curve, secretKey: owner.secretKey, userPublicShare: X, encryptedShare: bytes }), x);
      }
    });

    test('is rejected for another dWallet, session, recipient key or X_A', () => {
      const otherX = noblePublicShare(name, (xA % (q - 1n)) + 1n);
      for (const overrides of [
        { dwalletId: otherDwalletId },
        { sessionId: otherSessionId },
        { recipientKey: stranger.publicKey },
        { userPublicShare: otherX },
        { userPublicShare: curve.generator },
      ]) {
        assert.deepEqual(
          rejectionOf(() => verify(overrides)),
          rejection(EncryptedShareChecks.PROOF),
          JSON.stringify(Object.keys(overrides)),
        );
      }
    });

    test('a ciphertext of another value under the proof made for x_A is rejected', () => {
      const { proof } = decodeEncryptedUserShare(curve, setup, share);
      const other = clEncrypt(owner.publicKey, (xA + 1n) % q, rng).ciphertext;
      const rerandomised = clEncrypt(owner.publicKey, xA, rng).ciphertext;
      for (const ciphertext of [other, rerandomised]) {
        const bytes = encodeEncryptedUserShare(curve, setup, { ciphertext, proof });
        assert.deepEqual(
          rejectionOf(() => verify({ encryptedShare: bytes })),
          rejection(EncryptedShareChecks.PROOF),
        );
      }
    });

    test('tampered, truncated or padded bytes are rejected', () => {
      for (const index of [0, 5, 100, 300, 600, share.length - 40, share.length - 1]) {
        const { code } = rejectionOf(() => verify({ encryptedShare: flipped(share, index) }));
        assert.equal(code, EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION, `byte ${index}`);
      }
      // The last byte is the low byte of η's response: a valid encoding, a wrong proof.
      assert.deepEqual(
        rejectionOf(() => verify({ encryptedShare: flipped(share, share.length - 1) })),
        rejection(EncryptedShareChecks.PROOF),
      );
      const other = testSetup(name === 'secp256k1' ? 'p256' : 'secp256k1');
      const foreign = encryptUserShare({
        curve: getCurve(name === 'secp256k1' ? 'p256' : 'secp256k1'),
        recipientKey: userEncryptionKeyPair(other, new Uint8Array(32).fill(1)).publicKey,
        secretShare: 1n,
        dwalletId,
        sessionId,
        rng,
      });
      for (const bytes of [
        new Uint8Array(0),
        share.subarray(0, share.length - 1),
        share.subarray(0, 200),
        withTrailing(share),
        withTrailing(share, share),
        foreign,
        [...share] as unknown as Uint8Array,
      ]) {
        assert.deepEqual(
          rejectionOf(() => verify({ encryptedShare: bytes })),
          rejection(EncryptedShareChecks.ENCODING),
        );
      }
    });

    test('decryption under a wrong key or for another X_A throws USER_SHARE_MISMATCH, never a wrong value', () => {
      assert.equal(
        codeOf(() => decryptUserShare({ curve, secretKey: stranger.secretKey, userPublicShare: XA, encryptedShare: share })),
        EcdsaErrorCodes.USER_SHARE_MISMATCH,
      );
      const otherX = noblePublicShare(name, (xA % (q - 1n)) + 1n);
      assert.equal(
        codeOf(() => decryptUserShare({ curve, secretKey: owner.secretKey, userPublicShare: otherX, encryptedShare: share })),
        EcdsaErrorCodes.USER_SHARE_MISMATCH,
      );
      // A ciphertext of 0 (any proof: decryption does not rest on it) is out of range.
      const { proof } = decodeEncryptedUserShare(curve, setup, share);
      const zero = encodeEncryptedUserShare(curve, setup, { ciphertext: clEncrypt(owner.publicKey, 0n, rng).ciphertext, proof });
      assert.equal(
        codeOf(() => decryptUserShare({ curve, secretKey: owner.secretKey, userPublicShare: XA, encryptedShare: zero })),
        EcdsaErrorCodes.USER_SHARE_MISMATCH,
      );
      assert.deepEqual(
        rejectionOf(() =>
          decryptUserShare({ curve, secretKey: owner.secretKey, userPublicShare: XA, encryptedShare: withTrailing(share) }),
        ),
        rejection(EncryptedShareChecks.ENCODING),
      );
    });

    test('the encryptor refuses a share outside [1, q), a malformed id, and a key of another curve', () => {
      const args = { curve, recipientKey: owner.publicKey, secretShare: xA, dwalletId, sessionId, rng };
      for (const secretShare of [0n, q, q + 1n, -1n]) {
        assert.equal(
          codeOf(() => encryptUserShare({ ...args, secretShare })),
          ErrorCodes.OUT_OF_RANGE,
        );
      }
      assert.equal(
        codeOf(() => encryptUserShare({ ...args, dwalletId: dwalletId.subarray(1) })),
        ErrorCodes.INVALID_PARAMETER,
      );
      assert.equal(
        codeOf(() => encryptUserShare({ ...args, sessionId: new Uint8Array(31) })),
        ErrorCodes.INVALID_PARAMETER,
      );
      const otherKey = userEncryptionKeyPair(testSetup(name === 'ed25519' ? 'p256' : 'ed25519'), new Uint8Array(32).fill(1)).publicKey;
      assert.equal(
        codeOf(() => encryptUserShare({ ...args, recipientKey: otherKey })),
        ProofErrorCodes.PROOF_INVALID_PUBLIC_PARAMETERS,
      );
    });
  });
}

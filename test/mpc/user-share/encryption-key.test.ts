/**
 * The user's encryption key (mpc/user-share/encryption-key.ts) on secp256k1, P-256 and ed25519:
 * derived from the root seed exactly as the spec writes it (cSHAKE256 with its personalization, then
 * clKeyGenFromSeed), deterministic and unrelated across seeds and curves; the registration proof
 * verifies for its session and key only, and every kind of bad input is a rejection naming its
 * check; an element of order 2 in the mask gets one verdict, singly and in batches of either weight
 * parity, and cannot be encoded into bytes a validator accepts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { clKeyGenFromSeed } from '../../../mpc/cl/keys.ts';
import { formSchema } from '../../../mpc/classgroups/encoding.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { ErrorCodes } from '../../../mpc/errors.ts';
import { verifyMaurerBatch } from '../../../mpc/proofs/batch.ts';
import { maurerProofSchema } from '../../../mpc/proofs/encoding.ts';
import { proveMaurer, verifyMaurer } from '../../../mpc/proofs/maurer.ts';
import { decodeEncryptionKeyProof, encodeEncryptionKeyProof } from '../../../mpc/user-share/encoding.ts';
import {
  clKeyLanguage,
  decodeUserEncryptionKey,
  EncryptionKeyChecks,
  encodeUserEncryptionKey,
  encryptionKeyProofContext,
  proveEncryptionKeyOwnership,
  userEncryptionKeyPair,
  verifyEncryptionKeyOwnership,
} from '../../../mpc/user-share/encryption-key.ts';
import { laxSetup, orderTwoElement, proveWithOrderTwoError, weightParityRng } from '../../support/order-two.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { CURVES, codeOf, flipped, rejectionOf, withTrailing } from './support.ts';

const seedA = new Uint8Array(32).fill(0xa1);
const seedB = Uint8Array.from({ length: 32 }, (_, i) => i);
const sessionA = new Uint8Array(32).fill(0x51);
const sessionB = new Uint8Array(32).fill(0x52);

test('one root seed gives unrelated keys on the three curves', () => {
  const keys = CURVES.map((name) => userEncryptionKeyPair(testSetup(name), seedA).secretKey.value);
  assert.equal(new Set(keys).size, CURVES.length);
});

for (const name of CURVES) {
  describe(`the user encryption key on ${name}`, () => {
    const setup = testSetup(name);
    const { group } = setup;
    const rng = testRng(`user-share encryption key ${name}`);
    const keyA = userEncryptionKeyPair(setup, seedA);
    const keyB = userEncryptionKeyPair(setup, seedB);
    const keyBytesA = encodeUserEncryptionKey(keyA.publicKey);
    const keyBytesB = encodeUserEncryptionKey(keyB.publicKey);
    const proofA = proveEncryptionKeyOwnership(keyA, sessionA, rng);
    const rejection = (check: string) => ({ code: EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY, check });

    test('is derived from the root seed as written: cSHAKE256 with its personalization, then clKeyGenFromSeed', () => {
      const seed = cshake256(seedA, { personalization: utf8ToBytes('dwallet/user-share/encryption-key/v1'), dkLen: 32 });
      assert.equal(keyA.secretKey.value, clKeyGenFromSeed(setup, seed).secretKey.value);
      assert.equal(userEncryptionKeyPair(setup, seedA.slice()).secretKey.value, keyA.secretKey.value, 'deterministic');
      // pk = h^sk by the generic exponentiation, not the fixed-base table the derivation used.
      assert.ok(group.equals(group.pow(setup.h, keyA.secretKey.value), keyA.publicKey.form));
      assert.ok(keyA.secretKey.value >= 0n && keyA.secretKey.value < 1n << BigInt(setup.randomnessBits));
      assert.notEqual(keyB.secretKey.value, keyA.secretKey.value, 'another seed, another key');
      assert.notEqual(clKeyGenFromSeed(setup, seedA).secretKey.value, keyA.secretKey.value, 'the personalization is applied');
      for (const bad of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0), [...seedA] as unknown as Uint8Array]) {
        assert.equal(
          codeOf(() => userEncryptionKeyPair(setup, bad)),
          ErrorCodes.INVALID_PARAMETER,
        );
      }
    });

    test('its bytes decode to the same key, and nothing else does', () => {
      assert.ok(group.equals(decodeUserEncryptionKey(setup, keyBytesA).form, keyA.publicKey.form));
      assert.equal(
        codeOf(() => decodeUserEncryptionKey(setup, withTrailing(keyBytesA))),
        ErrorCodes.ENCODING_TRAILING_BYTES,
      );
    });

    test('the registration proof verifies for its key and session', () => {
      const key = verifyEncryptionKeyOwnership(setup, keyBytesA, proofA, sessionA);
      assert.ok(group.equals(key.form, keyA.publicKey.form));
      assert.deepEqual(encodeEncryptionKeyProof(setup, decodeEncryptionKeyProof(setup, proofA)), proofA, 'the encoding is canonical');
    });

    test('is rejected for another session id, another key, or another curve’s setup', () => {
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(setup, keyBytesA, proofA, sessionB)),
        rejection(EncryptionKeyChecks.PROOF),
      );
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(setup, keyBytesB, proofA, sessionA)),
        rejection(EncryptionKeyChecks.PROOF),
      );
      const other = testSetup(name === 'secp256k1' ? 'p256' : 'secp256k1');
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(other, keyBytesA, proofA, sessionA)),
        rejection(EncryptionKeyChecks.ENCODING),
      );
      // The same key registered again in another session needs a proof made for that session.
      verifyEncryptionKeyOwnership(setup, keyBytesA, proveEncryptionKeyOwnership(keyA, sessionB, rng), sessionB);
    });

    test('is rejected with a tampered response or mask', () => {
      const proof = decodeEncryptionKeyProof(setup, proofA);
      const z = proof.responses[0] as bigint;
      for (const responses of [[z + 1n], [z - 1n], [-z]]) {
        assert.deepEqual(
          rejectionOf(() =>
            verifyEncryptionKeyOwnership(setup, keyBytesA, encodeEncryptionKeyProof(setup, { ...proof, responses }), sessionA),
          ),
          rejection(EncryptionKeyChecks.PROOF),
        );
      }
      const mask = [group.compose(proof.mask[0] as never, setup.h)];
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(setup, keyBytesA, encodeEncryptionKeyProof(setup, { ...proof, mask }), sessionA)),
        rejection(EncryptionKeyChecks.PROOF),
      );
      // The last byte is the low byte of the response's magnitude.
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(setup, keyBytesA, flipped(proofA, proofA.length - 1), sessionA)),
        rejection(EncryptionKeyChecks.PROOF),
      );
    });

    test('a mask carrying an element of order 2 gets one verdict, singly and batched with even or odd weights', () => {
      const language = clKeyLanguage(setup);
      const context = encryptionKeyProofContext(sessionA);
      const epsilon = orderTwoElement(setup);
      const attacked = proveWithOrderTwoError(language, context, [[keyA.secretKey.value]], rng, { epsilon, factor: 0 });
      const honest = proveMaurer(language, context, [[keyB.secretKey.value]], rng);
      const items = [
        { prover: 1, context, statements: honest.statements, proof: honest.proof },
        { prover: 2, context, statements: attacked.statements, proof: attacked.proof },
      ];
      // Judged up to order 2 (proofs/factors.ts equationHolds): valid everywhere, whatever the weights.
      assert.deepEqual(verifyMaurer(language, context, attacked.statements, attacked.proof), { valid: true });
      for (const parity of [0, 1] as const) {
        const batch = verifyMaurerBatch(language, items, weightParityRng(testRng(`${name} parity ${parity}`), parity));
        assert.deepEqual(batch, { valid: [1, 2], invalid: [], combinedCheckPassed: true });
      }
      // An odd-order error instead (h) is rejected singly and in batches of either parity.
      const wrong = { ...attacked.proof, mask: [group.compose(attacked.proof.mask[0] as never, setup.h)] };
      assert.equal(verifyMaurer(language, context, attacked.statements, wrong).valid, false);
      for (const parity of [0, 1] as const) {
        const batch = verifyMaurerBatch(
          language,
          [items[0]!, { ...items[1]!, proof: wrong }],
          weightParityRng(testRng(`${name} odd ${parity}`), parity),
        );
        assert.deepEqual(batch.valid, [1]);
        assert.deepEqual(
          batch.invalid.map((i) => i.prover),
          [2],
        );
      }
      // On the wire the mask is not a square class, so no validator decodes it; a key carrying ε neither.
      const lax = laxSetup(setup);
      const laxProof = maurerProofSchema(clKeyLanguage(lax), 1).serialize(attacked.proof).toBytes();
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(setup, keyBytesA, laxProof, sessionA)),
        rejection(EncryptionKeyChecks.PROOF_ENCODING),
      );
      const laxKey = formSchema(lax.group).serialize(group.compose(keyA.publicKey.form, epsilon)).toBytes();
      assert.deepEqual(
        rejectionOf(() => verifyEncryptionKeyOwnership(setup, laxKey, proofA, sessionA)),
        rejection(EncryptionKeyChecks.ENCODING),
      );
    });

    test('undecodable, truncated or padded bytes are rejected by the check of the part that fails', () => {
      const identityKey = formSchema(group).serialize(group.identity).toBytes();
      const epsilonKey = formSchema(laxSetup(setup).group).serialize(orderTwoElement(setup)).toBytes();
      for (const key of [
        new Uint8Array(0),
        keyBytesA.subarray(0, keyBytesA.length - 1),
        withTrailing(keyBytesA),
        flipped(keyBytesA, 3),
        identityKey,
        epsilonKey,
        bcs.vector(bcs.u8()).serialize([1, 2, 3]).toBytes(),
        [...keyBytesA] as unknown as Uint8Array,
      ]) {
        assert.deepEqual(
          rejectionOf(() => verifyEncryptionKeyOwnership(setup, key, proofA, sessionA)),
          rejection(EncryptionKeyChecks.ENCODING),
        );
      }
      for (const proof of [
        new Uint8Array(0),
        proofA.subarray(0, proofA.length - 1),
        withTrailing(proofA),
        withTrailing(proofA, new Uint8Array(32)),
        flipped(proofA, 3),
        new Uint8Array(proofA.length).fill(0xff),
      ]) {
        assert.deepEqual(
          rejectionOf(() => verifyEncryptionKeyOwnership(setup, keyBytesA, proof, sessionA)),
          rejection(EncryptionKeyChecks.PROOF_ENCODING),
        );
      }
    });

    test('a session id that is not 32 bytes is the caller’s error, not a rejection', () => {
      assert.equal(
        codeOf(() => verifyEncryptionKeyOwnership(setup, keyBytesA, proofA, sessionA.subarray(1))),
        ErrorCodes.INVALID_PARAMETER,
      );
      assert.equal(
        codeOf(() => proveEncryptionKeyOwnership(keyA, new Uint8Array(33))),
        ErrorCodes.INVALID_PARAMETER,
      );
    });
  });
}

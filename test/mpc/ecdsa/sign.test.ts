/**
 * Signing (PROTOCOL.md §8) through the library API, without sessions: the user's message, the
 * validators' verification, threshold decryption with the dealt key shares, and the output —
 * checked with @noble/curves (verification and public-key recovery) and viem (Ethereum address
 * recovery), which share no code with mpc/ecdsa. Also: presigns are consumed once, every altered
 * proof or commitment is rejected, imported-key and shared dWallets sign, and a sign message
 * prepared before its digest is known signs once.
 *
 * Presigns come from a test dealer (support.ts) so that many signatures stay cheap; the presign
 * session is tested in sessions.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { recoverAddress, serializeSignature } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import type { ClCiphertext } from '../../../mpc/cl/encryption.ts';
import { createImportedKeyMessage } from '../../../mpc/ecdsa/dkg/imported-key.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import { digestMessage, HASH_SCHEMES_BY_CURVE, HashSchemes, rawDigest, type SignDigest } from '../../../mpc/ecdsa/hash-schemes.ts';
import { decodeUserSignMessage, encodeUserSignMessage } from '../../../mpc/ecdsa/messages.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import type { SignContext, UserSignMessage } from '../../../mpc/ecdsa/sign/message.ts';
import { completeUserSignMessage, createUserSignMessage, prepareUserSign } from '../../../mpc/ecdsa/sign/user.ts';
import { verifyUserSignMessage, verifyUserSignMessageBytes } from '../../../mpc/ecdsa/sign/verify.ts';
import { type EcdsaSignature, encodeSignature } from '../../../mpc/ecdsa/signature.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import type { FischlinProof } from '../../../mpc/proofs/fischlin.ts';
import type { MaurerProof } from '../../../mpc/proofs/maurer.ts';
import { dealerPresign, type EcdsaFixture, ecdsaFixture, networkSign } from '../../../mpc/testing/ecdsa-fixture.ts';
import { codeOf, noble } from './support.ts';

/** Checks the signature with noble: it verifies for the digest under X (low s), and its recovery id recovers X. */
function assertNobleAccepts(fixture: EcdsaFixture, context: SignContext, signature: EcdsaSignature): void {
  const curve = noble[fixture.curve.name as 'secp256k1' | 'p256'];
  const encoded = encodeSignature(signature);
  const publicKey = context.dwallet.publicKey.toBytes();
  assert.ok(
    curve.verify(encoded.subarray(0, 64), context.digest.bytes, publicKey, { prehash: false, lowS: true }),
    'noble rejects the signature',
  );
  const recovered = new curve.Signature(signature.r, signature.s, signature.recoveryId).recoverPublicKey(context.digest.bytes);
  assert.equal(bytesToHex(recovered.toBytes(true)), bytesToHex(publicKey), 'the recovery id does not recover X');
}

function signOnce(fixture: EcdsaFixture, context: SignContext, secretShare: bigint, parties?: readonly number[]) {
  const message = createUserSignMessage({ ...context, secretShare, ledger: new InMemoryPresignLedger(), rng: fixture.rng });
  // What travels is bytes: the network decodes them.
  const decoded = decodeUserSignMessage(fixture.key, encodeUserSignMessage(fixture.key, message));
  const signature = networkSign(fixture, context, decoded, parties);
  assert.ok(signature !== undefined, 'the combined signature does not verify');
  return { message, signature };
}

for (const curveName of ['secp256k1', 'p256'] as const) {
  describe(`ECDSA on ${curveName}`, () => {
    const fixture = ecdsaFixture(curveName);
    const { key, curve, rng } = fixture;
    const schemes = HASH_SCHEMES_BY_CURVE[curveName];

    test('random keys and messages: every signature verifies with noble and its recovery id recovers X', () => {
      for (let i = 0; i < 3; i++) {
        const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
        const scheme = schemes[i % schemes.length] as (typeof schemes)[number];
        const message = scheme === HashSchemes.PREHASHED ? rng.bytes(32) : rng.bytes(1 + Number(randomBelow(rng, 200n)));
        const context = {
          key,
          dwallet: dkg.output,
          presign: dealerPresign(key, `${curveName} random ${i}`),
          digest: digestMessage(curve, scheme, message),
        };
        // Any authorized set of validators decrypts.
        const parties = i === 1 ? [2, 3, 4] : i === 2 ? [1, 3, 4] : undefined;
        assertNobleAccepts(fixture, context, signOnce(fixture, context, dkg.secretShare, parties).signature);
      }
    });

    test('a raw 32-byte digest is signed as given (the command-line tool signs digests)', () => {
      const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
      const digest: SignDigest = rawDigest(rng.bytes(32));
      const context = { key, dwallet: dkg.output, presign: dealerPresign(key, `${curveName} raw`), digest };
      assertNobleAccepts(fixture, context, signOnce(fixture, context, dkg.secretShare).signature);
    });

    test('an imported key signs with a presign made for it, and only with such a presign', () => {
      const x = 1n + randomBelow(rng, curve.order - 1n);
      const imported = createImportedKeyMessage(key, rng.bytes(32), x, { rng });
      const digest = digestMessage(curve, HashSchemes.SHA256, new TextEncoder().encode('imported'));
      const presign = dealerPresign(key, `${curveName} imported`, { kind: 'targeted', dwallet: imported.output });
      const context = { key, dwallet: imported.output, presign, digest };
      const { signature } = signOnce(fixture, context, imported.secretShare);
      assertNobleAccepts(fixture, context, signature);
      assert.ok(imported.output.publicKey.equals(curve.multiply(curve.generator, x)));
      // A universal presign cannot serve an imported key, nor a targeted presign another dWallet.
      const ledger = new InMemoryPresignLedger();
      const universal = { ...context, presign: dealerPresign(key, `${curveName} universal for imported`) };
      assert.equal(
        codeOf(() => createUserSignMessage({ ...universal, secretShare: imported.secretShare, ledger, rng })),
        EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH,
      );
      const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
      assert.equal(
        codeOf(() => createUserSignMessage({ ...context, dwallet: dkg.output, secretShare: dkg.secretShare, ledger, rng })),
        EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH,
      );
    });
  });
}

describe('ECDSA on secp256k1: Ethereum, shared dWallets, presign consumption, rejections', () => {
  const fixture = ecdsaFixture('secp256k1');
  const { key, curve, rng } = fixture;

  test('a Keccak-256 digest: viem recovers the dWallet’s Ethereum address from the signature', async () => {
    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const payload = new TextEncoder().encode('an Ethereum transaction payload');
    const context = {
      key,
      dwallet: dkg.output,
      presign: dealerPresign(key, 'ethereum'),
      digest: digestMessage(curve, HashSchemes.KECCAK256, payload),
    };
    const { signature } = signOnce(fixture, context, dkg.secretShare);
    const address = publicKeyToAddress(`0x${bytesToHex(secp256k1.Point.fromBytes(dkg.output.publicKey.toBytes()).toBytes(false))}`);
    const hex = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as const;
    const recovered = await recoverAddress({
      hash: `0x${bytesToHex(context.digest.bytes)}`,
      signature: serializeSignature({ r: hex(signature.r), s: hex(signature.s), yParity: signature.recoveryId & 1 }),
    });
    assert.equal(recovered, address);
  });

  test('a shared dWallet (public user share): anyone holding the output signs with the published x_A', () => {
    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng, publicShare: true });
    const published = dkg.output.publicUserSecretShare;
    assert.ok(published !== undefined);
    const context = {
      key,
      dwallet: dkg.output,
      presign: dealerPresign(key, 'shared'),
      digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([1, 2, 3])),
    };
    assertNobleAccepts(fixture, context, signOnce(fixture, context, published).signature);
  });

  test('a presign is consumed once through the library: a second sign message with it is refused', () => {
    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const ledger = new InMemoryPresignLedger();
    const presign = dealerPresign(key, 'consumed once');
    const context = { key, dwallet: dkg.output, presign, digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([7])) };
    createUserSignMessage({ ...context, secretShare: dkg.secretShare, ledger, rng });
    assert.ok(ledger.isConsumed(presign));
    const other = { ...context, digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([8])) };
    assert.equal(
      codeOf(() => createUserSignMessage({ ...other, secretShare: dkg.secretShare, ledger, rng })),
      EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
    );
    // A user share that is not the dWallet's is refused before the presign is touched.
    const fresh = new InMemoryPresignLedger();
    assert.equal(
      codeOf(() => createUserSignMessage({ ...context, secretShare: dkg.secretShare + 1n, ledger: fresh, rng })),
      EcdsaErrorCodes.ECDSA_SECRET_MISMATCH,
    );
    assert.ok(!fresh.isConsumed(presign));
    // So is a digest that is not 32 bytes.
    assert.equal(
      codeOf(() =>
        createUserSignMessage({ ...context, digest: { bytes: new Uint8Array(31) }, secretShare: dkg.secretShare, ledger: fresh, rng }),
      ),
      EcdsaErrorCodes.ECDSA_INVALID_DIGEST,
    );
    assert.ok(!fresh.isConsumed(presign));
  });

  test('prepared ahead, completed with the digest: noble verifies the signature; the preparation signs once and consumed the presign', () => {
    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const ledger = new InMemoryPresignLedger();
    const presign = dealerPresign(key, 'prepared ahead');
    const preparation = prepareUserSign({ key, dwallet: dkg.output, presign, secretShare: dkg.secretShare, ledger, rng });
    // The presign is spent as soon as it is prepared: the same presign cannot be prepared again.
    assert.ok(ledger.isConsumed(presign));
    assert.equal(
      codeOf(() => prepareUserSign({ key, dwallet: dkg.output, presign, secretShare: dkg.secretShare, ledger, rng })),
      EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
    );
    assert.equal(preparation.used, false);
    // The digest is chosen only now, after the preparation.
    const context = { key, dwallet: dkg.output, presign, digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([9, 9])) };
    const message = completeUserSignMessage(preparation, context.digest);
    assert.equal(preparation.used, true);
    const decoded = decodeUserSignMessage(key, encodeUserSignMessage(key, message));
    const signature = networkSign(fixture, context, decoded);
    assert.ok(signature !== undefined, 'the combined signature does not verify');
    assertNobleAccepts(fixture, context, signature);
    // A second digest under the same preparation (the same k_A) would reveal x: refused.
    const other = digestMessage(curve, HashSchemes.SHA256, new Uint8Array([10]));
    assert.equal(
      codeOf(() => completeUserSignMessage(preparation, other)),
      EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
    );
    // An object shaped like a preparation but not made by prepareUserSign holds no secrets.
    const forged = { presignSessionId: presign.sessionId, used: false };
    assert.equal(
      codeOf(() => completeUserSignMessage(forged, other)),
      EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
    );
  });

  describe('a sign message with any commitment, ciphertext or proof altered is rejected', () => {
    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const context = {
      key,
      dwallet: dkg.output,
      presign: dealerPresign(key, 'tampering'),
      digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([42])),
    };
    const message = createUserSignMessage({ ...context, secretShare: dkg.secretShare, ledger: new InMemoryPresignLedger(), rng });
    const G = curve.generator;
    const { group, h } = key.encryptionKey.setup;
    const shiftCt = (ct: ClCiphertext): ClCiphertext => ({ c1: group.compose(ct.c1, h), c2: ct.c2 });
    const bumpMaurer = (proof: MaurerProof, scalar: boolean): MaurerProof => ({
      ...proof,
      responses: proof.responses.map((z, i) => (i === 0 ? (scalar ? (z + 1n) % curve.order : z + 1n) : z)),
    });
    const bumpFischlin = (proof: FischlinProof): FischlinProof => ({
      repetitions: proof.repetitions.map((rep, i) =>
        i === 3 ? { ...rep, responses: rep.responses.map((z) => (z + 1n) % curve.order) } : rep,
      ),
    });
    const withProofs = (proofs: Partial<UserSignMessage['proofs']>): UserSignMessage => ({
      ...message,
      proofs: { ...message.proofs, ...proofs },
    });
    const cases: [string, UserSignMessage][] = [
      ['R', { ...message, nonce: message.nonce.add(G) }],
      ['R_B', { ...message, displacedNetworkNonce: message.displacedNetworkNonce.add(G) }],
      ['C_k', { ...message, nonceCommitment: message.nonceCommitment.add(G) }],
      ['C_α', { ...message, alphaCommitment: message.alphaCommitment.add(G) }],
      ['C_β', { ...message, betaCommitment: message.betaCommitment.add(G) }],
      ['C_kx', { ...message, nonceKeyCommitment: message.nonceKeyCommitment.add(G) }],
      ['ct_A', { ...message, encryptedPartialSignature: shiftCt(message.encryptedPartialSignature) }],
      ['ct_αβ', { ...message, encryptedDisplacedMask: shiftCt(message.encryptedDisplacedMask) }],
      ['π_k', withProofs({ nonceNonZero: bumpMaurer(message.proofs.nonceNonZero, true) })],
      ['π_α', withProofs({ alphaNonZero: bumpMaurer(message.proofs.alphaNonZero, true) })],
      ['π_β', withProofs({ beta: bumpFischlin(message.proofs.beta) })],
      ['π_kx', withProofs({ nonceKey: bumpMaurer(message.proofs.nonceKey, true) })],
      ['π_R', withProofs({ nonce: bumpMaurer(message.proofs.nonce, true) })],
      ['π_R_B', withProofs({ displacement: bumpMaurer(message.proofs.displacement, true) })],
      ['π_ct_αβ', withProofs({ displacedMask: bumpMaurer(message.proofs.displacedMask, false) })],
      ['π_ct_A', withProofs({ partialSignature: bumpMaurer(message.proofs.partialSignature, false) })],
    ];

    test('the untouched message verifies', () => {
      assert.doesNotThrow(() => verifyUserSignMessage(context, message));
    });

    for (const [name, altered] of cases) {
      test(`altered ${name}`, () => {
        assert.throws(
          () => verifyUserSignMessageBytes(context, encodeUserSignMessage(key, altered)),
          (error: unknown) => error instanceof UserMessageRejection && error.code === EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE,
        );
      });
    }

    test('the message is a function of the digest: it is rejected for another message, and for bytes that do not decode', () => {
      const other = { ...context, digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([43])) };
      assert.throws(() => verifyUserSignMessage(other, message), UserMessageRejection);
      const bytes = encodeUserSignMessage(key, message);
      assert.throws(
        () => verifyUserSignMessageBytes(context, bytes.subarray(0, 100)),
        (error: unknown) => error instanceof UserMessageRejection && error.check === 'encoding',
      );
    });
  });
});

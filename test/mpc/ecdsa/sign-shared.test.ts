/**
 * The network's user sign message for a shared dWallet (mpc/ecdsa/sign/shared.ts): a function of
 * public data only — the same inputs give the same bytes (as every validator must compute them,
 * also from objects decoded afresh from the chain's bytes), any input changed gives other bytes —
 * which the network's verification accepts, and which, decrypted with the dealt key shares, gives
 * a signature that @noble/curves verifies under X and from which viem recovers the dWallet's
 * Ethereum address. Bad inputs are refused with typed errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { recoverAddress, serializeSignature } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { digestMessage, HashSchemes, rawDigest } from '../../../mpc/ecdsa/hash-schemes.ts';
import {
  decodeDWalletOutput,
  decodePresign,
  decodeUserSignMessage,
  encodeDWalletOutput,
  encodePresign,
  encodeUserSignMessage,
} from '../../../mpc/ecdsa/messages.ts';
import { type SharedUserSignInput, sharedSignSeed, sharedUserSignMessage } from '../../../mpc/ecdsa/sign/shared.ts';
import { verifyUserSignMessageBytes } from '../../../mpc/ecdsa/sign/verify.ts';
import { encodeSignature } from '../../../mpc/ecdsa/signature.ts';
import { bigintToBytes } from '../../../mpc/numbers/bytes.ts';
import { dealerPresign, type EcdsaFixture, ecdsaFixture, networkSign, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { codeOf, noble } from './support.ts';

const shareBytes = (x: bigint) => bigintToBytes(x, 32);

/** A shared sign request on `fixture`: a dWallet made with a published share (or a zero-trust one whose share is published later). */
function sharedRequest(fixture: EcdsaFixture, label: string, options: { publishedAtCreation?: boolean } = {}): SharedUserSignInput {
  const { key, curve, rng } = fixture;
  const dkg = createUserDkgMessage(key, rng.bytes(32), { rng, publicShare: options.publishedAtCreation !== false });
  const hashScheme = curve.name === 'secp256k1' ? HashSchemes.KECCAK256 : HashSchemes.SHA256;
  return {
    key,
    dwallet: dkg.output,
    presign: dealerPresign(key, `shared ${label}`),
    sessionId: sessionId(`shared sign ${label}`),
    hashScheme,
    digest: digestMessage(curve, hashScheme, new TextEncoder().encode(`a transaction the contract approved: ${label}`)),
    publicUserShare: shareBytes(dkg.secretShare),
  };
}

function messageBytes(input: SharedUserSignInput): string {
  return bytesToHex(encodeUserSignMessage(input.key, sharedUserSignMessage(input)));
}

function signShared(fixture: EcdsaFixture, input: SharedUserSignInput) {
  const bytes = encodeUserSignMessage(input.key, sharedUserSignMessage(input));
  const context = { key: input.key, dwallet: input.dwallet, presign: input.presign, digest: input.digest };
  // The network's own verification accepts the derived message (what a validator would check).
  verifyUserSignMessageBytes(context, bytes);
  const signature = networkSign(fixture, context, decodeUserSignMessage(input.key, bytes));
  assert.ok(signature !== undefined, 'the combined signature does not verify');
  const curve = noble[fixture.curve.name as 'secp256k1' | 'p256'];
  const encoded = encodeSignature(signature);
  const publicKey = input.dwallet.publicKey.toBytes();
  assert.ok(
    curve.verify(encoded.subarray(0, 64), input.digest.bytes, publicKey, { prehash: false, lowS: true }),
    'noble rejects the signature',
  );
  const recovered = new curve.Signature(signature.r, signature.s, signature.recoveryId).recoverPublicKey(input.digest.bytes);
  assert.equal(bytesToHex(recovered.toBytes(true)), bytesToHex(publicKey), 'the recovery id does not recover X');
  return signature;
}

describe('shared dWallets: the user sign message the network derives', () => {
  const fixture = ecdsaFixture('secp256k1');
  const { key, curve } = fixture;

  test('deterministic: the same request gives the same bytes, also from objects decoded afresh from the chain bytes', () => {
    const input = sharedRequest(fixture, 'determinism');
    const first = messageBytes(input);
    const { setup } = key.encryptionKey;
    // Another validator decodes the presign and the dWallet output from the request event.
    const decoded: SharedUserSignInput = {
      ...input,
      dwallet: decodeDWalletOutput(curve, setup, encodeDWalletOutput(input.dwallet, setup)),
      presign: decodePresign(curve, setup, encodePresign(input.presign, setup)),
      sessionId: input.sessionId.slice(),
      digest: rawDigest(input.digest.bytes),
      publicUserShare: input.publicUserShare.slice(),
    };
    assert.equal(messageBytes(decoded), first);
    assert.equal(bytesToHex(sharedSignSeed(decoded)), bytesToHex(sharedSignSeed(input)));
  });

  test('any input changed changes the seed, and the message', () => {
    const input = sharedRequest(fixture, 'variations');
    const base = bytesToHex(sharedSignSeed(input));
    const other = sharedRequest(fixture, 'variations, another dWallet');
    const variations: Record<string, SharedUserSignInput> = {
      'session id': { ...input, sessionId: sessionId('another sign session') },
      presign: { ...input, presign: dealerPresign(key, 'shared variations, another presign') },
      'dWallet output and share': { ...input, dwallet: other.dwallet, publicUserShare: other.publicUserShare },
      // The same 32 bytes named under another scheme: the seed tells them apart.
      'hash scheme': { ...input, hashScheme: HashSchemes.PREHASHED },
      digest: { ...input, digest: digestMessage(curve, input.hashScheme, new Uint8Array([1])) },
    };
    const seeds = new Set([base]);
    for (const [name, changed] of Object.entries(variations)) {
      const seed = bytesToHex(sharedSignSeed(changed));
      assert.notEqual(seed, base, `changing the ${name} leaves the seed`);
      seeds.add(seed);
    }
    assert.equal(seeds.size, Object.keys(variations).length + 1, 'two variations share a seed');
    // The messages follow the seeds (two of them computed, the rest follow from the seed alone).
    const first = messageBytes(input);
    assert.notEqual(messageBytes(variations['session id'] as SharedUserSignInput), first);
    assert.notEqual(messageBytes(variations.digest as SharedUserSignInput), first);
  });

  test('the derived message verifies, and the network signs: noble verifies under X, viem recovers the Ethereum address', async () => {
    const input = sharedRequest(fixture, 'ethereum');
    const signature = signShared(fixture, input);
    const address = publicKeyToAddress(`0x${bytesToHex(secp256k1.Point.fromBytes(input.dwallet.publicKey.toBytes()).toBytes(false))}`);
    const hex = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as const;
    const recovered = await recoverAddress({
      hash: `0x${bytesToHex(input.digest.bytes)}`,
      signature: serializeSignature({ r: hex(signature.r), s: hex(signature.s), yParity: signature.recoveryId & 1 }),
    });
    assert.equal(recovered, address);
  });

  test('a zero-trust dWallet whose share is published afterwards (converted) signs the same way', () => {
    const input = sharedRequest(fixture, 'converted', { publishedAtCreation: false });
    assert.equal(input.dwallet.publicUserSecretShare, undefined);
    signShared(fixture, input);
  });

  test('P-256: a SHA-256 digest is signed, and Keccak-256 is refused', () => {
    const p256Fixture = ecdsaFixture('p256');
    const input = sharedRequest(p256Fixture, 'p256');
    signShared(p256Fixture, input);
    assert.equal(
      codeOf(() => sharedUserSignMessage({ ...input, hashScheme: HashSchemes.KECCAK256 })),
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME,
    );
  });

  test('bad inputs are refused with typed errors', () => {
    const input = sharedRequest(fixture, 'bad inputs');
    const x = BigInt(`0x${bytesToHex(input.publicUserShare)}`);
    const invalidShare = EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE;
    const cases: [string, Partial<SharedUserSignInput>, string][] = [
      ['a 31-byte share', { publicUserShare: input.publicUserShare.subarray(1) }, invalidShare],
      ['a 33-byte share', { publicUserShare: new Uint8Array([0, ...input.publicUserShare]) }, invalidShare],
      ['a zero share', { publicUserShare: new Uint8Array(32) }, invalidShare],
      ['a share ≥ q', { publicUserShare: shareBytes(curve.order + 1n) }, invalidShare],
      ['another share', { publicUserShare: shareBytes(x + 1n) }, invalidShare],
      ['a 31-byte session id', { sessionId: new Uint8Array(31) }, EcdsaErrorCodes.ECDSA_INVALID_CONFIG],
      ['an unknown hash scheme', { hashScheme: 9 as never }, EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME],
      ['a 31-byte digest', { digest: { bytes: new Uint8Array(31) } }, EcdsaErrorCodes.ECDSA_INVALID_DIGEST],
    ];
    for (const [name, change, code] of cases) {
      assert.equal(
        codeOf(() => sharedUserSignMessage({ ...input, ...change })),
        code,
        name,
      );
    }
    // A dWallet output that publishes a share other than the one given.
    const other = sharedRequest(fixture, 'bad inputs, other');
    const mixed = { ...input.dwallet, publicUserSecretShare: BigInt(`0x${bytesToHex(other.publicUserShare)}`) };
    assert.equal(
      codeOf(() => sharedUserSignMessage({ ...input, dwallet: mixed })),
      EcdsaErrorCodes.ECDSA_SECRET_MISMATCH,
    );
    // A presign made for another dWallet.
    const targeted = dealerPresign(key, 'bad inputs, targeted', { kind: 'targeted', dwallet: other.dwallet });
    assert.equal(
      codeOf(() => sharedUserSignMessage({ ...input, presign: targeted })),
      EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH,
    );
  });
});

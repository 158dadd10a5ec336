/**
 * The user's share-encryption keys (client/user-share-keys.ts): the root seed is a function of the
 * Sui key alone (two signers of one key, e.g. two machines, derive the same keys; two keys derive
 * different ones), equals cSHAKE256 of the Ed25519 signature of the fixed message as the README
 * documents (checked with @noble/curves' own Ed25519), and a signer whose signatures vary is refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Signer, toSerializedSignature } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/curves/utils.js';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ClientErrorCodes } from '../../client/errors.ts';
import { rootSeedOfSignature, USER_SHARE_SEED_MESSAGE, UserShareKeys } from '../../client/user-share-keys.ts';
import { loadSetup } from '../../mpc/classgroups/setups.ts';
import { curveOrder } from '../../mpc/curves/curve.ts';
import { encodeUserEncryptionKey } from '../../mpc/user-share/index.ts';

const setup = loadSetup(curveOrder('secp256k1'), 112);
const keyOf = (keys: UserShareKeys) => bytesToHex(encodeUserEncryptionKey(keys.keyPair(setup).publicKey));

/** Sui's personal-message signature: Ed25519 over blake2b(intent ‖ bcs(message)); its 64 raw bytes are deterministic. */
async function suiSignature(keypair: Ed25519Keypair): Promise<Uint8Array> {
  const { signature } = await keypair.signPersonalMessage(utf8ToBytes(USER_SHARE_SEED_MESSAGE));
  return Uint8Array.from(Buffer.from(signature, 'base64').subarray(1, 65));
}

describe('user-share keys from the Sui key', () => {
  test('the same Sui key gives the same keys on two machines; another key gives others', async () => {
    const secret = Ed25519Keypair.generate().getSecretKey();
    const one = await UserShareKeys.fromSigner(Ed25519Keypair.fromSecretKey(secret));
    const two = await UserShareKeys.fromSigner(Ed25519Keypair.fromSecretKey(secret));
    const other = await UserShareKeys.fromSigner(Ed25519Keypair.generate());
    assert.equal(keyOf(one), keyOf(two));
    assert.notEqual(keyOf(one), keyOf(other));
    assert.equal(one.keyPair(setup), one.keyPair(setup), 'derived once per setup');
  });

  test('the root seed is cSHAKE256("dwallet/user-share/root-seed/v1") of the Ed25519 signature of the fixed message', async () => {
    const keypair = Ed25519Keypair.generate();
    const signature = await suiSignature(keypair);
    const { bytes } = await keypair.signPersonalMessage(utf8ToBytes(USER_SHARE_SEED_MESSAGE));
    assert.ok(bytes.length > 0);
    // The signature verifies under the key with noble's Ed25519: it is the key's, not a value the SDK made up.
    const publicKey = keypair.getPublicKey().toRawBytes();
    const { messageWithIntent } = await import('@mysten/sui/cryptography');
    const { blake2b } = await import('@noble/hashes/blake2.js');
    const { bcs } = await import('@mysten/bcs');
    const digest = blake2b(
      messageWithIntent('PersonalMessage', bcs.byteVector().serialize(utf8ToBytes(USER_SHARE_SEED_MESSAGE)).toBytes()),
      {
        dkLen: 32,
      },
    );
    assert.ok(ed25519.verify(signature, digest, publicKey));
    const expected = cshake256(signature, { personalization: utf8ToBytes('dwallet/user-share/root-seed/v1'), dkLen: 32 });
    assert.deepEqual(rootSeedOfSignature(signature), expected);
    assert.equal(keyOf(await UserShareKeys.fromSigner(keypair)), keyOf(UserShareKeys.fromSeed(expected)));
  });

  test('a signer whose signatures vary cannot seed the keys (USER_SHARE_SEED_NOT_DETERMINISTIC)', async () => {
    const keypair = Ed25519Keypair.generate();
    const randomised = {
      async signPersonalMessage() {
        return {
          bytes: '',
          signature: toSerializedSignature({
            signature: crypto.getRandomValues(new Uint8Array(64)),
            signatureScheme: 'ED25519',
            publicKey: keypair.getPublicKey(),
          }),
        };
      },
    } as unknown as Signer;
    await assert.rejects(
      UserShareKeys.fromSigner(randomised),
      (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.USER_SHARE_SEED_NOT_DETERMINISTIC,
    );
  });

  test('a root seed must be 32 bytes', () => {
    for (const seed of [new Uint8Array(31), new Uint8Array(33), 'seed' as unknown as Uint8Array]) {
      assert.throws(
        () => UserShareKeys.fromSeed(seed),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.INVALID_ARGUMENT,
      );
    }
  });
});

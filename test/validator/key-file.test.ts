import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DWalletError } from '../../mpc/errors.ts';
import { ecdsaFixture } from '../../mpc/testing/ecdsa-fixture.ts';
import { writePrivateFile } from '../../runtime/private-file.ts';
import { ValidatorErrorCodes } from '../../validator/errors.ts';
import { keyFileText, loadKeyShare, readKeyFile, shareEncryptionPublicKey } from '../../validator/key-file.ts';
import { tempDir } from './support.ts';

const dir = tempDir('key-file');
after(() => rmSync(dir, { recursive: true, force: true }));

const fixture = ecdsaFixture('secp256k1');
const blsSecretKey = new Uint8Array(32).fill(3);
const peerSecretKey = new Uint8Array(32).fill(0xab);
const suiKeypair = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(5));
const shareEncryptionSecretKey = new Uint8Array(32).fill(0x42);
const text = keyFileText({
  blsSecretKey,
  suiKeypair,
  peerSecretKey,
  shareEncryptionSecretKey,
  networkKeys: [
    { curve: fixture.curve, thresholdKey: fixture.thresholdKey, keyShare: fixture.keyShares[0] as (typeof fixture.keyShares)[0] },
  ],
});

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('validator key file', () => {
  test('written with mode 0600 and read back, key share included', () => {
    const path = join(dir, 'good.json');
    writePrivateFile(path, text);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const keys = readKeyFile(path);
    assert.deepEqual(keys.blsSecretKey, blsSecretKey);
    assert.deepEqual(keys.peerSecretKey, peerSecretKey);
    assert.deepEqual(keys.shareEncryptionSecretKey, shareEncryptionSecretKey);
    assert.deepEqual(shareEncryptionPublicKey(keys.shareEncryptionSecretKey), secp256k1.getPublicKey(shareEncryptionSecretKey, true));
    assert.equal(keys.suiKeypair.toSuiAddress(), suiKeypair.toSuiAddress());
    const share = loadKeyShare(path, keys.networkKeys[0] as (typeof keys.networkKeys)[0], fixture.setup);
    assert.equal(share.keyShare.party, 1);
    assert.equal(share.keyShare.shares[0]?.expose(), fixture.keyShares[0]?.shares[0]?.expose());
  });

  test('a file readable by group or others is refused, and the error names no secret', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o660, 0o606]) {
      const path = join(dir, `open-${mode.toString(8)}.json`);
      writeFileSync(path, text);
      chmodSync(path, mode);
      assert.equal(
        codeOf(() => readKeyFile(path)),
        ValidatorErrorCodes.VALIDATOR_KEY_FILE_PERMISSIONS,
      );
      const message = messageOf(() => readKeyFile(path));
      assert.match(message, /chmod 600/);
      assert.ok(!message.includes(bytesToHex(blsSecretKey)) && !message.includes(suiKeypair.getSecretKey()));
    }
  });

  test('a missing file is unreadable', () => {
    assert.equal(
      codeOf(() => readKeyFile(join(dir, 'missing.json'))),
      ValidatorErrorCodes.VALIDATOR_KEY_FILE_UNREADABLE,
    );
  });

  test('each kind of bad content is refused with VALIDATOR_KEY_FILE_INVALID, naming the field and no value', () => {
    const good = JSON.parse(text) as Record<string, unknown>;
    const cases: [string, string | Record<string, unknown>][] = [
      ['not JSON', '{ not json'],
      ['an array', '[1, 2]'],
      ['unknown field', { ...good, extra: 1 }],
      ['wrong version', { ...good, version: 2 }],
      ['short BLS key', { ...good, blsSecretKey: 'abcd' }],
      ['uppercase hex', { ...good, peerSecretKey: (good.peerSecretKey as string).toUpperCase() }],
      ['bad Sui key', { ...good, suiSecretKey: 'suiprivkey1nonsense' }],
      ['no share-encryption key', { ...good, shareEncryptionSecretKey: undefined }],
      ['zero share-encryption key', { ...good, shareEncryptionSecretKey: '00'.repeat(32) }],
      ['share-encryption key ≥ n', { ...good, shareEncryptionSecretKey: 'ff'.repeat(32) }],
      ['short share-encryption key', { ...good, shareEncryptionSecretKey: '42'.repeat(31) }],
      ['networkKeys not a list', { ...good, networkKeys: {} }],
      ['unknown curve', { ...good, networkKeys: [{ curve: 'p384', thresholdKey: '00', keyShare: '00' }] }],
      ['curve twice', { ...good, networkKeys: [...(good.networkKeys as unknown[]), ...(good.networkKeys as unknown[])] }],
    ];
    for (const [name, content] of cases) {
      const path = join(dir, `bad-${name.replace(/\s/g, '-')}.json`);
      writePrivateFile(path, typeof content === 'string' ? content : JSON.stringify(content));
      assert.equal(
        codeOf(() => readKeyFile(path)),
        ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID,
        name,
      );
      assert.ok(!messageOf(() => readKeyFile(path)).includes(bytesToHex(blsSecretKey)), name);
      assert.ok(!messageOf(() => readKeyFile(path)).includes(bytesToHex(shareEncryptionSecretKey)), name);
    }
  });

  test('a key share that does not decode is refused when loaded', () => {
    const good = JSON.parse(text) as { networkKeys: { curve: string; thresholdKey: string; keyShare: string }[] };
    const entry = good.networkKeys[0] as { curve: string; thresholdKey: string; keyShare: string };
    const path = join(dir, 'bad-share.json');
    writePrivateFile(path, JSON.stringify({ ...good, networkKeys: [{ ...entry, keyShare: `${entry.keyShare}00` }] }));
    const keys = readKeyFile(path);
    assert.equal(
      codeOf(() => loadKeyShare(path, keys.networkKeys[0] as (typeof keys.networkKeys)[0], fixture.setup)),
      ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID,
    );
    assert.ok(readFileSync(path, 'utf8').length > 0);
  });
});

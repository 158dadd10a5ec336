/**
 * More of the client SDK on a devnet (the heavy suite): a future sign verified and completed, and
 * an imported key signing with a presign made for it — with an indexer that does not answer, so
 * every wait and query falls back to the chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DWalletClient } from '../../client/dwallet-client.ts';
import { type SdkDevnet, startSdkDevnet } from './support/sdk-devnet.ts';

let net: SdkDevnet;
let client: DWalletClient;

before(async () => {
  net = await startSdkDevnet('sdk-more', { indexer: false });
  client = net.client;
});

after(() => net?.stop());

describe('client SDK on a devnet: future sign, imported keys', () => {
  let dwalletId: string;
  let publicKey: Uint8Array;

  before(async () => {
    const dwallet = await client.createDWallet();
    dwalletId = dwallet.id;
    publicKey = dwallet.publicKey;
    assert.ok(net.progress.some((line) => line.includes('following chain events')));
    assert.equal((await client.getDWallet(dwalletId)).state, 'active');
  });

  test('future sign: the partial signature is verified, then completed into a signature', async () => {
    const message = new TextEncoder().encode('pay later');
    const future = await client.futureSign({ dwalletId, message, hashScheme: 'sha256' });
    assert.equal(future.dwalletId, dwalletId);
    const signed = await client.completeFutureSign({ partialSignatureCapId: future.partialSignatureCapId, message });
    assert.deepEqual(signed.digest, sha256(message));
    assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, publicKey, { prehash: false, lowS: true }));
  });

  test('an imported key signs with a presign made for it', async () => {
    const secretKey = secp256k1.utils.randomSecretKey();
    const imported = await client.importKey({ secretKey, curve: 'secp256k1' });
    assert.deepEqual(imported.publicKey, secp256k1.getPublicKey(secretKey, true));
    assert.equal(imported.imported, true);
    const message = new TextEncoder().encode('imported');
    const signed = await client.sign({ dwalletId: imported.id, message, hashScheme: 'double-sha256' });
    assert.ok(
      secp256k1.verify(signed.signature.subarray(0, 64), sha256(sha256(message)), imported.publicKey, { prehash: false, lowS: true }),
    );
  });
});

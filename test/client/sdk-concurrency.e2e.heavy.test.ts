/**
 * Thirty signatures requested at once from one SDK process on a devnet: every one completes with
 * a signature that verifies under the dWallet's key, and no presign the client claimed is left
 * unused in the wallet afterwards (a sign that could not use its presign leaves the cap for the
 * next one, which takes it before claiming another).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { DWalletClient } from '../../client/dwallet-client.ts';
import { type SdkDevnet, startSdkDevnet } from './support/sdk-devnet.ts';

const SIGNS = 30;
let net: SdkDevnet;
let client: DWalletClient;

before(async () => {
  net = await startSdkDevnet('sdk-concurrency', { indexer: true, timeoutMs: 20 * 60_000 });
  client = net.client;
});

after(() => net?.stop());

test(`${SIGNS} signatures at once from one client all complete, and no claimed presign is left unused`, async () => {
  const dwallet = await client.createDWallet();
  const messages = Array.from({ length: SIGNS }, (_, i) => new TextEncoder().encode(`concurrent payment #${i}`));
  const settled = await Promise.allSettled(
    messages.map((message) => client.sign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' })),
  );
  const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [`#${i}: ${(s.reason as Error).message}`] : []));
  assert.deepEqual(failures, []);
  settled.forEach((s, i) => {
    const signed = (s as PromiseFulfilledResult<Awaited<ReturnType<DWalletClient['sign']>>>).value;
    assert.deepEqual(signed.digest, keccak_256(messages[i] as Uint8Array));
    assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, dwallet.publicKey, { prehash: false, lowS: true }));
  });
  const caps = await client.chain.listOwnedObjects(client.address, { type: `${client.network.packageId}::coordinator::PresignCap` });
  assert.equal(caps.objects.length, 0, 'a claimed presign was left unused in the wallet');
});

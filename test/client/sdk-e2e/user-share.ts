/**
 * The user's share on chain, end to end (issue 21; PROTOCOL.md §7, encrypted backup): a dWallet
 * backed up at creation is recovered by a new client with the same Sui key and an empty secret
 * store, and signs; a dWallet transferred to a second user is accepted and signs there, while the
 * first user, who still has the share but not the cap, cannot approve; a backup, a transfer and a
 * key registration whose proofs are wrong are rejected on chain with their reasons (and the
 * rejected transfer's cap returns to its sender). Every signature is verified with @noble/curves.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/curves/utils.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { deriveSessionId, randomSessionPreimage } from '../../../chain/session-id.ts';
import { signAndExecute } from '../../../chain/transaction-signer.ts';
import { DWalletClient } from '../../../client/dwallet-client.ts';
import { ClientErrorCodes } from '../../../client/errors.ts';
import { FileSecretShareStore } from '../../../client/file-secret-store.ts';
import { readNetworkKeys } from '../../../client/network-keys.ts';
import { UserShareKeys } from '../../../client/user-share-keys.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import {
  decodeUserEncryptionKey,
  encodeUserEncryptionKey,
  encryptUserShare,
  proveEncryptionKeyOwnership,
} from '../../../mpc/user-share/index.ts';
import { tempDir } from '../../validator/support.ts';
import type { SdkDevnet, SdkUser } from '../support/sdk-devnet.ts';

/** More than any devnet fee (devnet/chain-setup.ts DEVNET_FEES): overpaying is a tip. */
const FEE = 10_000_000n;

const message = (text: string) => new TextEncoder().encode(text);

async function signsAndVerifies(client: DWalletClient, dwalletId: string, publicKey: Uint8Array, text: string): Promise<void> {
  const signed = await client.sign({ dwalletId, message: message(text), hashScheme: 'keccak256' });
  assert.deepEqual(signed.digest, keccak_256(message(text)));
  assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, publicKey, { prehash: false, lowS: true }), 'noble verifies');
}

/** A second client of `user`'s Sui key with an empty secret store (a new machine). */
async function onNewMachine(
  devnet: SdkDevnet,
  user: SdkUser,
  label: string,
): Promise<{ client: DWalletClient; secrets: FileSecretShareStore }> {
  const secrets = new FileSecretShareStore(join(tempDir(label), 'shares'));
  assert.deepEqual(await secrets.keys(), [], 'the new store is empty');
  const client = await DWalletClient.connect({
    network: devnet.network,
    signer: user.keypair,
    secrets,
    timeoutMs: 180_000,
    pollIntervalMs: 100,
  });
  return { client, secrets };
}

export function userShareSuite(devnet: () => SdkDevnet): void {
  describe('user shares on chain: backup, recovery, transfer', () => {
    let alice: SdkUser;
    let bob: SdkUser;
    let dwalletId: string;
    let publicKey: Uint8Array;

    before(async () => {
      alice = await devnet().newUser('share-alice');
      bob = await devnet().newUser('share-bob');
    });

    test('a dWallet backed up at creation is recovered on an empty store with the Sui key alone, and signs', async () => {
      const dwallet = await alice.client.createDWallet({ curve: 'secp256k1', backup: true });
      dwalletId = dwallet.id;
      publicKey = dwallet.publicKey;
      assert.ok(dwallet.backup !== undefined);
      const backup = await alice.client.getEncryptedShare(dwallet.backup.encryptedShareId);
      assert.equal(backup.state, 'verified');
      assert.equal(backup.owner, alice.client.address);
      assert.equal(backup.transfer, false);
      const key = await alice.client.getEncryptionKey('secp256k1');
      assert.equal(key?.state, 'active');

      const fresh = await onNewMachine(devnet(), alice, 'share-alice-new');
      const recovered = await fresh.client.recoverDWallets();
      assert.deepEqual(
        recovered.map((r) => [r.dwalletId, r.status]),
        [[dwalletId, 'recovered']],
      );
      const original = await alice.secrets.get(dwalletId);
      const restored = await fresh.secrets.get(dwalletId);
      assert.equal(restored?.secretShare, original?.secretShare, 'the same x_A');
      assert.deepEqual(restored?.output, original?.output);
      assert.equal(restored?.state, 'active');
      await signsAndVerifies(fresh.client, dwalletId, publicKey, 'signed after recovery');
      // Again: nothing to do.
      assert.deepEqual(
        (await fresh.client.recoverDWallets()).map((r) => r.status),
        ['present'],
      );
    });

    test('a transfer: the recipient accepts and signs, the sender (share, no cap) cannot approve', async () => {
      await assert.rejects(
        alice.client.transferDWallet({ dwalletId, recipient: bob.client.address }),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.NO_ENCRYPTION_KEY,
        'the recipient has registered no key yet',
      );
      const registered = await bob.client.registerEncryptionKey({ curve: 'secp256k1' });
      assert.equal(registered.registered, true);
      assert.equal((await bob.client.registerEncryptionKey({ curve: 'secp256k1' })).registered, false, 'registering again is a no-op');

      const transfer = await alice.client.transferDWallet({ dwalletId, recipient: bob.client.address });
      assert.equal(transfer.owner, bob.client.address);
      const accepted = await bob.client.acceptTransfer(dwalletId);
      assert.equal(accepted.sender, alice.client.address);
      assert.equal((await bob.client.getEncryptedShare(transfer.encryptedShareId)).state, 'accepted');
      assert.equal((await bob.secrets.get(dwalletId))?.secretShare, (await alice.secrets.get(dwalletId))?.secretShare);
      await signsAndVerifies(bob.client, dwalletId, publicKey, 'signed by the new holder');
      assert.deepEqual(
        (await bob.client.listDWallets()).map((d) => d.id),
        [dwalletId],
      );

      const presignCaps = async () =>
        (
          await alice.client.chain.listOwnedObjects(alice.client.address, {
            type: `${devnet().network.packageId}::coordinator::PresignCap`,
          })
        ).objects.length;
      const capsBefore = await presignCaps();
      await assert.rejects(
        alice.client.sign({ dwalletId, message: message('the old holder tries'), hashScheme: 'keccak256' }),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.DWALLET_CAP_NOT_OWNED,
      );
      assert.equal(await presignCaps(), capsBefore, 'refused before a presign was claimed');
      // The transfer's share is the recipient's backup too.
      const fresh = await onNewMachine(devnet(), bob, 'share-bob-new');
      assert.deepEqual(
        (await fresh.client.recoverDWallets()).map((r) => [r.dwalletId, r.status]),
        [[dwalletId, 'recovered']],
      );
    });

    test('wrong proofs are rejected on chain with their reasons; a rejected transfer returns the cap to its sender', async () => {
      const { client, keypair } = bob;
      const { chain, coordinator } = client;
      const dwallet = await client.createDWallet({ curve: 'secp256k1' });
      const record = await bob.secrets.get(dwallet.id);
      const key = await client.getEncryptionKey('secp256k1');
      assert.ok(record !== undefined && key !== null);
      const parts = (await readNetworkKeys(chain, devnet().network, () => {})).get('secp256k1');
      assert.ok(parts !== undefined);
      const setup = parts.encryptionKey.setup;
      const curve = getCurve('secp256k1');
      const flipped = (bytes: Uint8Array) => bytes.map((b, i) => (i === 0 ? b ^ 1 : b));
      const capRef = async () => {
        const cap = await chain.getObject(dwallet.capId);
        assert.ok(cap !== null);
        return { objectId: cap.objectId, version: cap.version, digest: cap.digest };
      };
      /** Sends one request built for a fresh session; returns the network's verdict on it. */
      const rejectionOf = async (build: (tx: Transaction, preimage: Uint8Array, sessionId: Uint8Array) => Promise<void>) => {
        const preimage = randomSessionPreimage();
        const sessionId = deriveSessionId(client.address, preimage);
        const tx = new Transaction();
        await build(tx, preimage, sessionId);
        await signAndExecute(chain, tx, keypair);
        const { record: session } = await client.waitForSession(sessionId);
        assert.equal(session.status, 'rejected');
        return session.rejection?.reasonName;
      };
      // x_A encrypted to a key, with its proof bound to another session than the request's.
      const shareFor = (encryptionKey: Uint8Array, sessionId: Uint8Array) =>
        encryptUserShare({
          curve,
          recipientKey: decodeUserEncryptionKey(setup, encryptionKey),
          secretShare: record.secretShare,
          dwalletId: hexToBytes(dwallet.id.slice(2)),
          sessionId: flipped(sessionId),
        });

      const backupReason = await rejectionOf(async (tx, preimage, sessionId) => {
        coordinator.requestShareBackup(tx, {
          dwalletCap: await capRef(),
          encryptedShare: shareFor(key.encryptionKey, sessionId),
          sessionPreimage: preimage,
          payment: coordinator.payFromGas(tx, FEE),
        });
      });
      assert.equal(backupReason, 'USER_SHARE_INVALID_ENCRYPTION');

      const aliceKey = await alice.client.getEncryptionKey('secp256k1');
      assert.ok(aliceKey !== null);
      const transferReason = await rejectionOf(async (tx, preimage, sessionId) => {
        coordinator.requestShareTransfer(tx, {
          dwalletCap: await capRef(),
          recipient: alice.client.address,
          encryptedShare: shareFor(aliceKey.encryptionKey, sessionId),
          sessionPreimage: preimage,
          payment: coordinator.payFromGas(tx, FEE),
        });
      });
      assert.equal(transferReason, 'USER_SHARE_INVALID_ENCRYPTION');
      const cap = await chain.getObject(dwallet.capId);
      assert.deepEqual(cap?.owner, { kind: 'address', address: normalizeSuiAddress(client.address) }, 'the cap is back with its sender');
      await signsAndVerifies(client, dwallet.id, dwallet.publicKey, 'still the sender after a rejected transfer');

      // A key registration whose proof is bound to another session (a third user, with no key yet).
      const carol = await devnet().newUser('share-carol');
      const carolKeys = UserShareKeys.fromSeed(new Uint8Array(32).fill(7));
      const pair = carolKeys.keyPair(setup);
      const preimage = randomSessionPreimage();
      const sessionId = deriveSessionId(carol.client.address, preimage);
      const tx = new Transaction();
      carol.client.coordinator.requestRegisterEncryptionKey(tx, {
        curve: 0,
        encryptionKey: encodeUserEncryptionKey(pair.publicKey),
        proof: proveEncryptionKeyOwnership(pair, flipped(sessionId)),
        sessionPreimage: preimage,
        payment: carol.client.coordinator.payFromGas(tx, FEE),
      });
      await signAndExecute(chain, tx, carol.keypair);
      const { record: registration } = await carol.client.waitForSession(sessionId);
      assert.equal(registration.status, 'rejected');
      assert.equal(registration.rejection?.reasonName, 'USER_SHARE_INVALID_ENCRYPTION_KEY');
      assert.equal((await carol.client.getEncryptionKey('secp256k1'))?.state, 'rejected');
    });
  });
}

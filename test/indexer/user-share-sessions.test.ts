/**
 * The indexer records the sessions of the user's share (issue 21) like every user session, on an
 * in-process local chain: an encryption key's registration (no network key, no dWallet: its
 * session records the algorithm its fee was read at), a backup, a transfer; completed, rejected
 * and cancelled, each with its feed entry. Their own tables (keys, encrypted shares) come with the
 * indexer's part of the issue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { Curve, DEFAULT_SESSION_TIMEOUT_MS } from '../../chain/constants.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, hexOf, openIndexer, STORE_BACKENDS, TestDatabases } from './support.ts';

for (const backend of STORE_BACKENDS) {
  describe(`indexer sessions of the user share (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'usershare');
    let h: LocalHarness;
    let indexer: Indexer;
    let now = 1_700_000_000_000;
    const ids: Record<string, { sessionId: string; objectId: string; dwalletId?: string }> = {};

    async function register(user: Ed25519Keypair, curve: Curve) {
      const tx = new Transaction();
      h.client.requestRegisterEncryptionKey(tx, {
        curve,
        encryptionKey: new Uint8Array(300).fill(1),
        proof: new Uint8Array(500).fill(2),
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(tx, 0n),
      });
      return h.event(h.ok(await h.exec(tx, user)), 'EncryptionKeyRegistrationRequested');
    }

    before(async () => {
      h = await LocalHarness.create({ now: () => now });
      const flows = new Flows(h);
      const user = await h.user();
      const recipient = await h.user();

      const key = await register(user, Curve.ED25519);
      await h.submitResults([{ EncryptionKeyVerified: { session_id: key.session_id } }]);
      ids.key = { sessionId: hexOf(key.session_id), objectId: key.encryption_key_id };
      const refused = await register(recipient, Curve.P256);
      await h.submitResults([
        { Rejected: { session_id: refused.session_id, reason_code: 15, reason: new TextEncoder().encode('proof'), blamed: [] } },
      ]);
      ids.refused = { sessionId: hexOf(refused.session_id), objectId: refused.encryption_key_id };
      await h.submitResults([{ EncryptionKeyVerified: { session_id: (await register(user, Curve.SECP256K1)).session_id } }]);
      await h.submitResults([{ EncryptionKeyVerified: { session_id: (await register(recipient, Curve.SECP256K1)).session_id } }]);

      const wallet = await flows.activeDWallet(user);
      const backupTx = new Transaction();
      h.client.requestShareBackup(backupTx, {
        dwalletCap: await h.ref(wallet.capId),
        encryptedShare: new Uint8Array(1_000).fill(3),
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(backupTx, 0n),
      });
      const backup = h.event(h.ok(await h.exec(backupTx, user)), 'ShareBackupRequested');
      await h.submitResults([{ ShareBackupVerified: { session_id: backup.session_id } }]);
      ids.backup = { sessionId: hexOf(backup.session_id), objectId: backup.encrypted_share_id, dwalletId: wallet.dwalletId };

      const transferTx = new Transaction();
      h.client.requestShareTransfer(transferTx, {
        dwalletCap: await h.ref(wallet.capId),
        recipient: recipient.toSuiAddress(),
        encryptedShare: new Uint8Array(1_000).fill(4),
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(transferTx, 0n),
      });
      const transfer = h.event(h.ok(await h.exec(transferTx, user)), 'ShareTransferRequested');
      now += Number(DEFAULT_SESSION_TIMEOUT_MS);
      const cancelTx = new Transaction();
      h.client.cancelSession(cancelTx, { sessionId: transfer.session_id });
      h.ok(await h.exec(cancelTx, user), 'cancel');
      ids.transfer = { sessionId: hexOf(transfer.session_id), objectId: transfer.encrypted_share_id, dwalletId: wallet.dwalletId };

      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
    });
    after(async () => {
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    const expect = (name: string) => ids[name] as { sessionId: string; objectId: string; dwalletId?: string };

    it('a registration is a session about its key, on no network key, at the fee algorithm of its curve', async () => {
      const session = await indexer.queries.session(expect('key').sessionId);
      assert.equal(session?.kind, 'register-encryption-key');
      assert.equal(session?.status, 'completed');
      assert.equal(session?.objectId, expect('key').objectId);
      assert.equal(session?.dwalletId, null);
      assert.equal(session?.networkKeyId, null);
      assert.equal(session?.curve, Curve.ED25519);
      assert.equal(session?.algorithm, 'eddsa');
      const [entry] = await indexer.queries.resultsAfter(0, { kind: 'register-encryption-key' });
      assert.equal(entry?.result.sessionId, `0x${expect('key').sessionId}`);
      assert.equal(entry?.result.status, 'completed');
      const refused = await indexer.queries.session(expect('refused').sessionId);
      assert.equal(refused?.status, 'rejected');
      assert.equal(refused?.algorithm, 'ecdsa');
      assert.equal(refused?.rejection?.reasonCode, 15);
    });

    it('a backup and a transfer are sessions about their encrypted share and its dWallet', async () => {
      const backup = await indexer.queries.session(expect('backup').sessionId);
      assert.equal(backup?.kind, 'share-backup');
      assert.equal(backup?.status, 'completed');
      assert.equal(backup?.objectId, expect('backup').objectId);
      assert.equal(backup?.dwalletId, expect('backup').dwalletId);
      assert.equal(backup?.networkKeyId, h.networkKeyId);
      const transfer = await indexer.queries.session(expect('transfer').sessionId);
      assert.equal(transfer?.kind, 'share-transfer');
      assert.equal(transfer?.status, 'cancelled');
      assert.equal(transfer?.objectId, expect('transfer').objectId);
      assert.equal(transfer?.dwalletId, expect('transfer').dwalletId);
    });
  });
}

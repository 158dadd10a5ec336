/**
 * The indexer's projection of the network's own sessions (issue 15): a network-key DKG and an
 * epoch change, requested, completed and rejected, in `network_sessions` (apart from the user
 * sessions and the results feed); the key in `network_keys` once ACTIVE only; the committee of the
 * new epoch with its members' share-encryption keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Curve } from '../../chain/constants.ts';
import { encodeNetworkKeyGeneratedOutput, encodeReconfiguredOutput } from '../../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { committeeMembers, LocalHarness, validatorKeys } from '../chain/support/local-harness.ts';
import { backendSkip, openIndexer, rowsOf, STORE_BACKENDS, TestDatabases } from './support.ts';

for (const backend of STORE_BACKENDS) {
  describe(`indexer: network sessions (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'network-sessions');
    let h: LocalHarness;
    let indexer: Indexer;
    let dkg: { session: string; key: string };
    let rejectedDkg: { session: string; key: string };
    let reconfiguration: { session: string; coordinator: string };
    const next = validatorKeys(4, 80);

    async function requestDkg(): Promise<{ session: string; key: string; sessionId: Uint8Array }> {
      const tx = new Transaction();
      h.client.requestNetworkKeyDkg(tx, {
        adminCap: await h.adminCap(),
        curves: [Curve.SECP256K1],
        sessionPreimage: randomSessionPreimage(),
      });
      const event = h.event(h.ok(await h.exec(tx, h.admin)), 'NetworkKeyDkgRequested');
      return { session: bytesToHex(event.session_id), key: event.network_key_id, sessionId: event.session_id };
    }

    before(async () => {
      h = await LocalHarness.create();
      const first = await requestDkg();
      const second = await requestDkg();
      dkg = first;
      rejectedDkg = second;
      await h.submitResults([
        {
          NetworkKeyGenerated: {
            session_id: first.sessionId,
            output: encodeNetworkKeyGeneratedOutput({
              key_commitment: new Uint8Array(32).fill(1),
              global_key_parts: new Uint8Array([5]),
              threshold_key_digest: new Uint8Array(32).fill(2),
            }),
          },
        },
        { Rejected: { session_id: second.sessionId, reason_code: 3, reason: new Uint8Array([0x61]), blamed: [] } },
      ]);
      const tx = new Transaction();
      h.client.requestReconfiguration(tx, {
        adminCap: await h.adminCap(),
        members: committeeMembers(next),
        threshold: 3n,
        sessionPreimage: randomSessionPreimage(),
      });
      const requested = h.event(h.ok(await h.exec(tx, h.admin)), 'ReconfigurationRequested');
      reconfiguration = { session: bytesToHex(requested.session_id), coordinator: requested.coordinator_id };
      const versions = [h.networkKeyId, first.key].map((network_key_id) => ({
        network_key_id,
        threshold_key_digest: new Uint8Array(32).fill(9),
      }));
      await h.submitResults([{ Reconfigured: { session_id: requested.session_id, output: encodeReconfiguredOutput({ versions }) } }]);
      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
    });
    after(async () => {
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    const row = async (session: string) => (await rowsOf(indexer, 'networkSessions')).find((r) => r.sessionId === session);

    it('records a completed network-key DKG, and the key among the network keys once ACTIVE', async () => {
      const completed = await row(dkg.session);
      assert.ok(completed);
      assert.equal(completed.kind, 'network-key-dkg');
      assert.equal(completed.status, 'completed');
      assert.equal(completed.objectId, dkg.key);
      assert.equal(completed.requester, h.admin.toSuiAddress());
      assert.deepEqual(JSON.parse(completed.request), { curves: [Curve.SECP256K1] });
      assert.deepEqual(JSON.parse(completed.outcome ?? 'null'), { keyCommitment: '01'.repeat(32), thresholdKeyDigest: '02'.repeat(32) });
      const keys = (await indexer.queries.networkKeys()).map((k) => k.id);
      // Listed in the order they were registered, ties (the same checkpoint time) broken by id:
      // object ids are digests, so id order alone is not the order of creation.
      const registered = new Map((await rowsOf(indexer, 'networkKeys')).map((row) => [row.id, row.registeredAt] as const));
      const expected = [h.networkKeyId, dkg.key].sort(
        (a, b) => (registered.get(a) as number) - (registered.get(b) as number) || a.localeCompare(b),
      );
      assert.deepEqual(keys, expected);
    });

    it('records a rejected network-key DKG with its reason; the key never appears among the network keys', async () => {
      const rejected = await row(rejectedDkg.session);
      assert.equal(rejected?.status, 'rejected');
      assert.equal(rejected?.reasonCode, 3);
      assert.equal(rejected?.reason, '61');
      assert.ok(!(await indexer.queries.networkKeys()).some((k) => k.id === rejectedDkg.key));
    });

    it('records the epoch change and the new committee with its share-encryption keys', async () => {
      const done = await row(reconfiguration.session);
      assert.equal(done?.kind, 'reconfiguration');
      assert.equal(done?.status, 'completed');
      assert.equal(done?.objectId, reconfiguration.coordinator);
      assert.equal(done?.epoch, '1');
      const request = JSON.parse(done?.request ?? '{}') as { nextEpoch: string; members: { shareEncryptionKey: string }[] };
      assert.equal(request.nextEpoch, '2');
      assert.equal(request.members[1]?.shareEncryptionKey, `0x${bytesToHex(next[1]?.shareEncryptionKey as Uint8Array)}`);
      assert.deepEqual(JSON.parse(done?.outcome ?? 'null'), { epoch: '2' });
      const committee = await indexer.queries.committee();
      assert.equal(committee?.epoch, '2');
      assert.equal(committee?.members[0]?.publicKey, `0x${bytesToHex(next[0]?.publicKey as Uint8Array)}`);
      assert.equal(committee?.members[0]?.shareEncryptionKey, `0x${bytesToHex(next[0]?.shareEncryptionKey as Uint8Array)}`);
    });

    it('puts no network session among the user sessions nor in the results feed', async () => {
      const sessions = await rowsOf(indexer, 'sessions');
      const results = await rowsOf(indexer, 'results');
      assert.equal(sessions.length, 0);
      assert.equal(results.length, 0);
    });
  });
}

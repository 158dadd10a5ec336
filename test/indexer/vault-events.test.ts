/**
 * The indexer next to the policy vault: the coordinator's events a vault call emits (the shared
 * sign it requests, an event of `<package>::events` emitted inside module `vault`) are indexed as
 * any other, and the vault's own events (`<package>::vault::…`, which the chain's event stream of
 * the coordinator does not list) leave nothing skipped or logged as undecodable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { VaultChain } from '../../chain/vault-constants.ts';
import { LocalHarness } from '../chain/support/local-harness.ts';
import { VaultFlows } from '../chain/support/vault-harness.ts';
import { backendSkip, capturingLogger, openIndexer, rowsOf, STORE_BACKENDS, TestDatabases } from './support.ts';

for (const backend of STORE_BACKENDS) {
  describe(`indexer and vault events (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'vault');
    let h: LocalHarness;
    let signId = '';
    let message: Uint8Array = new Uint8Array();

    before(async () => {
      h = await LocalHarness.create();
      const v = new VaultFlows(h);
      const [owner, approver] = [await h.user(), await h.user()];
      const t = await v.vault(owner, { approvers: [approver] });
      const recipient = new Uint8Array(20).fill(0xaa);
      await v.allow(t, VaultChain.ETHEREUM, recipient);
      await v.limit(t, VaultChain.ETHEREUM, 10n ** 18n, 10n ** 18n);
      const id = v.proposalId(await v.proposeEthereum(t, approver, { to: recipient, value: 1n }));
      const requested = h.event(h.ok(await v.executeEthereum(t, approver, id)), 'SignRequested');
      signId = requested.sign_id;
      message = requested.message;
    });
    after(async () => {
      h?.close();
      await databases.drop();
    });

    it('passes over vault events and indexes the shared sign a vault call requested', async () => {
      const { logger, lines } = capturingLogger();
      const indexer = await openIndexer(h.chain, await databases.create(), { logger });
      try {
        await indexer.catchUp();
        assert.deepEqual(await rowsOf(indexer, 'skippedEvents'), []);
        assert.equal(indexer.metrics.skipped.get(), 0);
        assert.ok(!lines.some((line) => line.includes('does not decode')));
        const sign = await indexer.queries.signature(signId);
        assert.equal(sign?.status, 'pending');
        assert.equal(sign?.message, `0x${bytesToHex(message)}`);
      } finally {
        await indexer.close();
      }
    });
  });
}

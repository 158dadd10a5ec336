/**
 * The indexer's projection of a cancelled session (`SessionCancelled`): the session closed
 * `cancelled` without a result sequence, its dWallet marked rejected as the chain marks it, a
 * cancelled entry in the results feed, a later result for it (skipped by the chain) changing
 * nothing, and the HTTP API reporting the status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DEFAULT_SESSION_TIMEOUT_MS } from '../../chain/constants.ts';
import { indexerApp } from '../../indexer/http/app.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, capturingLogger, openIndexer, STORE_BACKENDS, TestDatabases } from './support.ts';

for (const backend of STORE_BACKENDS) {
  describe(`indexer: cancelled sessions (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'cancel');
    let h: LocalHarness;
    let indexer: Indexer;
    let http: RunningHttp;
    let now = 1_700_000_000_000;
    let sessionId = '';
    let dwalletId = '';
    let otherSessionId = '';

    before(async () => {
      h = await LocalHarness.create({ now: () => now });
      const flows = new Flows(h);
      const user = await h.user();
      const requested = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
      const other = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
      sessionId = bytesToHex(requested.session_id);
      otherSessionId = bytesToHex(other.session_id);
      dwalletId = requested.dwallet_id;
      now += Number(DEFAULT_SESSION_TIMEOUT_MS);
      const tx = new Transaction();
      h.client.cancelSession(tx, { sessionId: requested.session_id });
      h.ok(await h.exec(tx, user), 'cancel');
      await h.submitResults([
        { DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([0xd0]) } },
        { DWalletDkg: { session_id: other.session_id, output: new Uint8Array([0xd1]) } },
      ]);
      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
      http = await serveHono(indexerApp({ indexer, logger: capturingLogger().logger, heartbeatMs: 200 }), '127.0.0.1', 0);
    });
    after(async () => {
      await http?.close();
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    it('closes the session cancelled, marks its dWallet rejected, and keeps it so when a result lands later', async () => {
      const session = await indexer.queries.session(sessionId);
      assert.equal(session?.status, 'cancelled');
      assert.equal(session?.resultSequence, null);
      assert.equal(session?.rejection, null);
      assert.equal((await indexer.queries.dwallet(dwalletId))?.state, 'rejected');
      assert.equal((await indexer.queries.session(otherSessionId))?.status, 'completed');
      const feed = await indexer.queries.resultsAfter(0, { sessionId });
      assert.deepEqual(
        feed.map((entry) => entry.result.status),
        ['cancelled'],
      );
    });

    it('reports the status over HTTP', async () => {
      const response = await fetch(`${http.url}/v1/sessions/0x${sessionId}`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { status: string; sessionId: string };
      assert.equal(body.status, 'cancelled');
    });
  });
}

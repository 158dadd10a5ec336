/** The local chain survives restarts, and event following resumes from a saved cursor with nothing lost or repeated. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { ChainEvent } from '../../../chain/chain.ts';
import { DWalletState } from '../../../chain/constants.ts';
import { SqliteCursorStore } from '../../../chain/cursors/sqlite-cursor-store.ts';
import { ChainError, ChainErrorCodes } from '../../../chain/errors.ts';
import { EventFollower } from '../../../chain/event-follower.ts';
import { LocalLedger } from '../../../chain/local/ledger.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { DWallet } from '../../../chain/schemas/objects.ts';
import { assertRejects } from '../support/assertions.ts';
import { allEvents, Flows, LocalHarness } from '../support/local-harness.ts';

const key = (e: ChainEvent) => `${e.id.txDigest}:${e.id.eventSeq}`;

describe('local chain: persistence and event following', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  it('keeps objects, sequences and events across a restart', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const eventsBefore = await allEvents(h.chain);
    const coordinatorBefore = await readCoordinator(h.chain);
    const capBefore = await h.ref(wallet.capId);
    await h.restart();
    assert.deepEqual(await readCoordinator(h.chain), coordinatorBefore);
    assert.deepEqual(await allEvents(h.chain), eventsBefore);
    assert.deepEqual(await h.ref(wallet.capId), capBefore);
    assert.equal((await readObject(h.chain, wallet.dwalletId, DWallet)).value.state, DWalletState.ACTIVE);
    const presign = await flows.presignCap(user);
    h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId }), 'the reopened chain keeps working');
  });

  it('event ids are unique and checkpoints increase', async () => {
    const events = await allEvents(h.chain);
    assert.equal(new Set(events.map(key)).size, events.length);
    for (let i = 1; i < events.length; i++) {
      assert.ok((events[i]?.checkpoint ?? 0n) >= (events[i - 1]?.checkpoint ?? 0n));
      assert.notEqual(events[i]?.cursor, events[i - 1]?.cursor);
    }
  });

  it('refuses malformed cursors and limits', async () => {
    await assertRejects(h.chain.listEvents({ after: 'abc' }), ChainErrorCodes.INVALID_CURSOR);
    await assertRejects(h.chain.listEvents({ after: '-1' }), ChainErrorCodes.INVALID_CURSOR);
    await assertRejects(h.chain.listEvents({ limit: 0 }), ChainErrorCodes.INVALID_REQUEST);
    await assertRejects(h.chain.listOwnedObjects(h.admin.toSuiAddress(), { cursor: 'x' }), ChainErrorCodes.INVALID_CURSOR);
    await assertRejects(h.chain.getObject('0xzz'), ChainErrorCodes.INVALID_REQUEST);
  });

  it('a follower resumes from its saved cursor after both processes restart: nothing lost, nothing repeated', async () => {
    const cursorPath = join(h.dir, 'cursors.sqlite');
    const requester = await h.user();
    for (let i = 0; i < 6; i++) h.ok(await flows.requestDWallet(requester));
    const all = await allEvents(h.chain);
    assert.ok(all.length > 10);
    const seen: ChainEvent[] = [];

    let store = SqliteCursorStore.open(cursorPath);
    const stop = new AbortController();
    let follower = new EventFollower({ chain: h.chain, store, name: 'indexer', pageSize: 3 });
    await follower.catchUp((event) => {
      seen.push(event);
      if (seen.length === 7) stop.abort();
    }, stop.signal);
    assert.equal(seen.length, 7);
    store.close();

    await h.restart();
    const user = await h.user();
    const more = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    assert.equal(more.requester, user.toSuiAddress());

    store = SqliteCursorStore.open(cursorPath);
    follower = new EventFollower({ chain: h.chain, store, name: 'indexer', pageSize: 4 });
    const handled = await follower.catchUp((event) => {
      seen.push(event);
    });
    store.close();
    const everything = await allEvents(h.chain);
    assert.equal(handled, everything.length - 7);
    assert.deepEqual(seen.map(key), everything.map(key), 'every event exactly once, in order');
  });

  it('a handler that throws leaves the cursor on the failed event, which is delivered again', async () => {
    const store = SqliteCursorStore.open(':memory:');
    const follower = new EventFollower({ chain: h.chain, store, name: 'flaky', pageSize: 5 });
    let calls = 0;
    await assert.rejects(
      follower.catchUp(() => {
        calls += 1;
        if (calls === 3) throw new Error('handler failed');
      }),
      /handler failed/,
    );
    const redelivered: ChainEvent[] = [];
    await follower.catchUp((event) => {
      redelivered.push(event);
    });
    const all = await allEvents(h.chain);
    assert.equal(redelivered.length, all.length - 2);
    assert.equal(key(redelivered[0] as ChainEvent), key(all[2] as ChainEvent));
    store.close();
  });

  it('refuses to open a new chain without an admin, and a database it did not write', async () => {
    assert.throws(() => LocalLedger.open({ path: join(h.dir, 'other.sqlite') }), /admin/);
    const store = SqliteCursorStore.open(join(h.dir, 'cursor-only.sqlite'));
    store.close();
    assert.throws(
      () => LocalLedger.open({ path: join(h.dir, 'cursor-only.sqlite'), admin: h.admin.toSuiAddress() }).close(),
      (error: unknown) => error instanceof ChainError && error.code === ChainErrorCodes.STORE_INVALID,
    );
  });

  it('a chain written before storage gas opens with its results reporting the four gas numbers and its objects no rebate', async () => {
    const path = join(h.dir, 'before-storage-gas.sqlite');
    const ledger = LocalLedger.open({ path, admin: h.admin.toSuiAddress() });
    const { digest, coin } = await ledger.faucet(h.admin.toSuiAddress(), 1_000n);
    ledger.close();
    // Back to the first migration's database: no storage_rebate column, one gas number per result
    // (and none of the later migrations' columns: the transactions' signed data).
    const sqlite = new Database(path);
    sqlite.exec(`ALTER TABLE objects DROP COLUMN storage_rebate`);
    sqlite.exec(`ALTER TABLE transactions DROP COLUMN bcs`);
    sqlite.exec(`ALTER TABLE transactions DROP COLUMN signatures`);
    sqlite.exec(`UPDATE transactions SET result = json_set(result, '$.gasUsed', '1234')`);
    sqlite.prepare('DELETE FROM __drizzle_migrations WHERE created_at > (SELECT min(created_at) FROM __drizzle_migrations)').run();
    sqlite.close();
    const reopened = LocalLedger.open({ path });
    try {
      const row = new Database(path, { readonly: true });
      const stored = row.prepare('SELECT result FROM transactions WHERE digest = ?').pluck().get(digest) as string;
      const rebate = row.prepare('SELECT storage_rebate FROM objects WHERE id = ?').pluck().get(coin.objectId);
      row.close();
      assert.deepEqual(JSON.parse(stored).gasUsed, {
        computationCost: '1234',
        storageCost: '0',
        storageRebate: '0',
        nonRefundableStorageFee: '0',
      });
      assert.equal(rebate, 0, 'written before storage was charged: nothing to give back');
      assert.deepEqual(await reopened.getObject(coin.objectId), coin);
    } finally {
      reopened.close();
    }
  });
});

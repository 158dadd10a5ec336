/**
 * The indexer's durability, on each store backend: a page's rows and its cursor commit in one
 * transaction (a failure in the middle of a page leaves both as they were, and the page is indexed
 * whole on the next attempt); a restarted indexer resumes from its cursor without duplicates; a
 * page delivered again changes nothing; a page read after a cursor that another indexer has moved
 * since is dropped and read again (the cursor's compare-and-set), so nothing is applied twice; an
 * event that does not decode is recorded, logged and skipped; committed results reach `onResult`
 * listeners and the `results()` iterator. SQLite only: an embedder sharing its better-sqlite3
 * database commits its own rows with the cursor, and a throwing extension rolls the page back.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { exec } from '../../indexer/db/work.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import type { FeedEntry } from '../../indexer/views.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import {
  backendSkip,
  capturingLogger,
  cleanup,
  hexOf,
  openIndexer,
  rowsOf,
  STORE_BACKENDS,
  type StoreBackend,
  TestDatabases,
  tempDir,
  withUndecodableEvent,
} from './support.ts';

const TABLES = ['sessions', 'dwallets', 'presigns', 'results', 'resultBatches', 'committees', 'networkKeys', 'skippedEvents'] as const;

async function counts(indexer: Indexer): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) out[table] = (await rowsOf(indexer, table)).length;
  return out;
}

/** A trigger that fails the update marking a dWallet active: a crash in the middle of a page, after its first rows were written. */
const CRASH = {
  sqlite: [
    sql.raw(
      "CREATE TRIGGER crash_page BEFORE UPDATE ON dwallets WHEN NEW.state = 'active' BEGIN SELECT RAISE(ABORT, 'crash in the middle of a page'); END",
    ),
  ],
  postgres: [
    sql.raw(
      "CREATE FUNCTION crash_page() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'crash in the middle of a page'; END $$",
    ),
    sql.raw("CREATE TRIGGER crash_page BEFORE UPDATE ON dwallets FOR EACH ROW WHEN (NEW.state = 'active') EXECUTE FUNCTION crash_page()"),
  ],
};
const NO_CRASH = { sqlite: sql.raw('DROP TRIGGER crash_page'), postgres: sql.raw('DROP TRIGGER crash_page ON dwallets') };

async function run(indexer: Indexer, statements: ReturnType<typeof sql.raw>[]): Promise<void> {
  await indexer.store.write(function* () {
    for (const statement of statements) yield* exec(statement);
  });
}

function transactionTests(backend: StoreBackend) {
  let h: LocalHarness;
  let flows: Flows;
  const databases = new TestDatabases(backend, 'transactions');

  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
    const user = await h.user();
    await flows.activeDWallet(user);
    await flows.pooledPresign(user);
  });
  after(async () => {
    h?.close();
    await databases.drop();
  });

  it('a failure in the middle of a page rolls it back: cursor and rows unchanged; the next attempt indexes it whole', async () => {
    const indexer = await openIndexer(h.chain, await databases.create('crash'), { pageSize: 100 });
    try {
      await run(indexer, CRASH[backend]);
      await assert.rejects(indexer.catchUp(), /crash in the middle of a page/);
      assert.equal((await indexer.status()).cursor, null, 'the cursor did not move');
      assert.ok(
        Object.values(await counts(indexer)).every((n) => n === 0),
        'no row of the page was kept (the DKG request before the failing completion neither)',
      );
      await run(indexer, [NO_CRASH[backend]]);
      const indexed = await indexer.catchUp();
      assert.ok(indexed > 0);
      const after = await counts(indexer);
      assert.equal(after.dwallets, 1);
      assert.equal(after.presigns, 1);
      assert.equal(after.results, 2);
      assert.equal((await indexer.status()).eventsIndexed, indexed);
    } finally {
      await indexer.close();
    }
  });

  it('a restarted indexer resumes from its cursor; re-delivered pages change nothing', async () => {
    const database = await databases.create('restart');
    const first = await openIndexer(h.chain, database);
    await first.catchUp();
    const before = await counts(first);
    const { cursor, eventsIndexed: events } = await first.status();
    await first.close();

    const user = await h.user();
    const more = await flows.activeDWallet(user);
    const second = await openIndexer(h.chain, database);
    let afterRestart: Awaited<ReturnType<typeof counts>>;
    try {
      assert.equal((await second.status()).cursor, cursor);
      const indexed = await second.catchUp();
      assert.ok(indexed >= 3, 'only the new events: request, result, batch');
      assert.equal((await second.status()).eventsIndexed, events + indexed);
      afterRestart = await counts(second);
      assert.equal(afterRestart.dwallets, before.dwallets + 1);
      assert.equal(afterRestart.results, before.results + 1);
      assert.equal((await second.queries.dwallet(more.dwalletId))?.state, 'active');

      // Every page delivered again (the cursor forgotten, an indexer started over the tables): the same rows, the same feed.
      await second.store.write(({ db, t }) => exec(db.delete(t.indexerCursors)));
    } finally {
      await second.close();
    }
    const third = await openIndexer(h.chain, database);
    try {
      const feedBefore = await third.queries.resultsAfter(0, {}, 100);
      assert.equal(await third.catchUp(), (await third.status()).eventsIndexed, 'every event read again');
      assert.deepEqual(await counts(third), afterRestart);
      assert.deepEqual(await third.queries.resultsAfter(0, {}, 100), feedBefore);
    } finally {
      await third.close();
    }
  });

  it('drops a page read after a cursor another indexer has moved since, and reads again from the stored cursor', async () => {
    const database = await databases.create('fencing');
    const one = await openIndexer(h.chain, database);
    const { logger, lines } = capturingLogger();
    const other = await openIndexer(h.chain, database, { logger });
    try {
      await other.catchUp();
      const user = await h.user();
      const wallet = await flows.activeDWallet(user);
      // `one` indexes the new events; `other` still stands at the cursor it committed before them.
      const byOne = await one.catchUp();
      assert.ok(byOne >= 3, 'request, result, batch');
      const stored = await one.status();
      const rowsBefore = await counts(one);

      assert.equal(await other.catchUp(), 0, 'nothing was applied by the indexer whose cursor was stale');
      assert.equal(other.metrics.droppedPages.get(), 1);
      assert.ok(lines.some((line) => line.includes('dropped a page: the cursor moved')));
      assert.deepEqual(await other.status(), stored);
      assert.deepEqual(await counts(other), rowsBefore);
      const sessions = (await rowsOf(other, 'results')).map((r) => r.sessionId);
      assert.equal(new Set(sessions).size, sessions.length, 'one feed entry per session');
      assert.equal((await other.queries.dwallet(wallet.dwalletId))?.state, 'active');
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('records, logs and skips an event that does not decode, and indexes the rest', async () => {
    const { logger, lines } = capturingLogger();
    const indexer = await openIndexer(withUndecodableEvent(h.chain, h.packageId), await databases.create('skip'), { logger });
    try {
      await indexer.catchUp();
      const skipped = await rowsOf(indexer, 'skippedEvents');
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0]?.type, `${h.packageId}::events::SignRequested`);
      assert.match(skipped[0]?.error ?? '', /does not decode/);
      assert.ok(lines.some((line) => line.includes('skipping an event that does not decode')));
      assert.ok((await counts(indexer)).dwallets >= 2, 'the events after it were indexed');
      assert.equal(indexer.metrics.skipped.get(), 1);
    } finally {
      await indexer.close();
    }
  });

  it('hands committed results to onResult listeners and to the results() iterator; a wait sees a notification since its mark', async () => {
    const indexer = await openIndexer(h.chain, await databases.create('listeners'));
    try {
      const heard: FeedEntry[] = [];
      indexer.onResult((entry) => heard.push(entry));
      indexer.onResult(() => {
        throw new Error('a faulty listener does not stop the others');
      });
      await indexer.catchUp();
      assert.equal(heard.length, await indexer.queries.lastResultId());
      assert.deepEqual(
        heard.map((e) => e.id),
        [...heard.keys()].map((i) => i + 1),
      );

      const controller = new AbortController();
      const iterator = indexer.results({ after: 0, signal: controller.signal });
      const replayed = await iterator.next();
      assert.equal(replayed.value?.id, 1, 'replays from the feed');
      const user = await h.user();
      const fresh = indexer.results({ signal: controller.signal });
      const next = fresh.next();
      const wallet = await flows.activeDWallet(user);
      await indexer.catchUp();
      const live = await next;
      assert.equal(live.value?.result.objectId, wallet.dwalletId);
      assert.equal(live.value?.result.status, 'completed');
      assert.equal((await rowsOf(indexer, 'results')).filter((r) => r.objectId === wallet.dwalletId).length, 1);
      controller.abort();
      indexer.feed.notify();
      assert.equal((await fresh.next()).done, true);

      // A notification that came while a reader was reading (after its mark) ends its wait at once.
      const mark = indexer.feed.mark();
      indexer.feed.notify();
      assert.equal(await indexer.feed.wait(60_000, undefined, mark), true);
      assert.equal(await indexer.feed.wait(10, undefined, indexer.feed.mark()), false, 'none since: the wait times out');
    } finally {
      await indexer.close();
    }
  });
}

for (const backend of STORE_BACKENDS) {
  describe(`indexer transactions (${backend})`, { skip: backendSkip(backend) }, () => transactionTests(backend));
}

describe('indexer transactions: an embedder’s SQLite database', () => {
  let h: LocalHarness;
  let dir: string;

  before(async () => {
    h = await LocalHarness.create();
    const flows = new Flows(h);
    const user = await h.user();
    await flows.activeDWallet(user);
    await flows.pooledPresign(user);
    dir = tempDir('embedder');
  });
  after(() => {
    h?.close();
    cleanup(dir);
  });

  it('a throwing extension rolls back the page: cursor and rows unchanged; the next attempt indexes it whole', async () => {
    let failAt: string | null = 'DWalletDkgCompleted';
    const seen: string[] = [];
    const indexer = await openIndexer(h.chain, join(dir, 'crash.sqlite'), {
      pageSize: 100,
      extensions: [
        ({ decoded }) => {
          seen.push(decoded.name);
          if (decoded.name === failAt) throw new Error('crash in the middle of a page');
        },
      ],
    });
    try {
      await assert.rejects(indexer.catchUp(), /crash in the middle of a page/);
      assert.equal((await indexer.status()).cursor, null, 'the cursor did not move');
      assert.ok(
        Object.values(await counts(indexer)).every((n) => n === 0),
        'no row of the page was kept',
      );
      assert.ok(seen.includes('DWalletDkgRequested'), 'events before the failure were applied, then rolled back');
      failAt = null;
      const indexed = await indexer.catchUp();
      assert.ok(indexed > 0);
      assert.equal((await counts(indexer)).results, 2);
    } finally {
      await indexer.close();
    }
  });

  it('shares an embedder’s database: its rows commit with the cursor, and it keeps the connection', async () => {
    const sqlite = new Database(join(dir, 'embedder.sqlite'));
    sqlite.exec('CREATE TABLE embedder_requests (session_id TEXT PRIMARY KEY, name TEXT NOT NULL)');
    const insert = sqlite.prepare('INSERT OR IGNORE INTO embedder_requests (session_id, name) VALUES (?, ?)');
    const committed: number[] = [];
    const indexer = await openIndexer(h.chain, sqlite, {
      extensions: [
        ({ decoded }) => {
          const sid = (decoded.value as { session_id?: Uint8Array }).session_id;
          if (decoded.name.endsWith('Requested') && sid !== undefined) insert.run(hexOf(sid), decoded.name);
        },
      ],
    });
    indexer.onCommit((page) => committed.push(page.events.length));
    await indexer.catchUp();
    const requests = (sqlite.prepare('SELECT count(*) AS n FROM embedder_requests').get() as { n: number }).n;
    assert.equal(requests, (await rowsOf(indexer, 'sessions')).length);
    assert.ok(committed.length >= 2, 'one commit per page');
    await indexer.close();
    assert.equal(sqlite.open, true, 'the embedder’s connection stays open');
    const cursor = sqlite.prepare("SELECT cursor FROM indexer_cursors WHERE name = 'indexer'").get() as { cursor: string };
    assert.ok(cursor.cursor.length > 0);
    sqlite.close();
  });
});

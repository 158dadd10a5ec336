/**
 * The indexer's durability: a page's rows and its cursor commit in one transaction (a throwing
 * extension — a crash in the middle of a page — leaves both as they were, and the page is indexed
 * whole on the next attempt); a restarted indexer resumes from its cursor without duplicates; a
 * page delivered again changes nothing; an event that does not decode is recorded, logged and
 * skipped; an embedder sharing its better-sqlite3 database commits its own rows with the cursor;
 * committed results reach `onResult` listeners and the `results()` iterator.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { count, eq } from 'drizzle-orm';
import * as schema from '../../indexer/db/schema.ts';
import type { FeedEntry } from '../../indexer/views.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { capturingLogger, cleanup, hexOf, openIndexer, tempDir, withUndecodableEvent } from './support.ts';

const TABLES = ['sessions', 'dwallets', 'presigns', 'results', 'result_batches', 'committees', 'network_keys', 'skipped_events'] as const;

function counts(sqlite: Database.Database): Record<(typeof TABLES)[number], number> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    out[table] = (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return out;
}

describe('indexer transactions', () => {
  let h: LocalHarness;
  let flows: Flows;
  let dir: string;

  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
    const user = await h.user();
    await flows.activeDWallet(user);
    await flows.pooledPresign(user);
    dir = tempDir('transactions');
  });
  after(() => {
    h.close();
    cleanup(dir);
  });

  it('a throwing extension rolls back the page: cursor and rows unchanged; the next attempt indexes it whole', async () => {
    const path = join(dir, 'crash.sqlite');
    let failAt: string | null = 'DWalletDkgCompleted';
    const seen: string[] = [];
    const indexer = await openIndexer(h.chain, path, {
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
      assert.equal(indexer.status().cursor, null, 'the cursor did not move');
      assert.deepEqual(
        Object.values(counts(indexer.sqlite)).every((n) => n === 0),
        true,
        'no row of the page was kept',
      );
      assert.ok(seen.includes('DWalletDkgRequested'), 'events before the failure were applied, then rolled back');
      failAt = null;
      const indexed = await indexer.catchUp();
      assert.ok(indexed > 0);
      const after = counts(indexer.sqlite);
      assert.equal(after.dwallets, 1);
      assert.equal(after.presigns, 1);
      assert.equal(after.results, 2);
      assert.equal(indexer.status().eventsIndexed, indexed);
    } finally {
      indexer.close();
    }
  });

  it('a restarted indexer resumes from its cursor; re-delivered pages change nothing', async () => {
    const path = join(dir, 'restart.sqlite');
    const first = await openIndexer(h.chain, path);
    await first.catchUp();
    const before = counts(first.sqlite);
    const cursor = first.status().cursor;
    const events = first.status().eventsIndexed;
    first.close();

    const user = await h.user();
    const more = await flows.activeDWallet(user);
    const second = await openIndexer(h.chain, path);
    try {
      assert.equal(second.status().cursor, cursor);
      const indexed = await second.catchUp();
      assert.ok(indexed >= 3, 'only the new events: request, result, batch');
      assert.equal(second.status().eventsIndexed, events + indexed);
      const afterRestart = counts(second.sqlite);
      assert.equal(afterRestart.dwallets, before.dwallets + 1);
      assert.equal(afterRestart.results, before.results + 1);
      assert.equal(second.queries.dwallet(more.dwalletId)?.state, 'active');

      // Every page delivered again (the cursor forgotten): the same rows, the same feed.
      second.sqlite.prepare('DELETE FROM indexer_cursors').run();
      const feedBefore = second.queries.resultsAfter(0, {}, 100);
      await second.catchUp();
      assert.deepEqual(counts(second.sqlite), afterRestart);
      assert.deepEqual(second.queries.resultsAfter(0, {}, 100), feedBefore);
    } finally {
      second.close();
    }
  });

  it('records, logs and skips an event that does not decode, and indexes the rest', async () => {
    const { logger, lines } = capturingLogger();
    const indexer = await openIndexer(withUndecodableEvent(h.chain, h.packageId), join(dir, 'skip.sqlite'), { logger });
    try {
      await indexer.catchUp();
      const skipped = indexer.db.select().from(schema.skippedEvents).all();
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0]?.type, `${h.packageId}::events::SignRequested`);
      assert.match(skipped[0]?.error ?? '', /does not decode/);
      assert.ok(lines.some((line) => line.includes('skipping an event that does not decode')));
      assert.ok(counts(indexer.sqlite).dwallets >= 2, 'the events after it were indexed');
      assert.equal(indexer.metrics.skipped.get(), 1);
    } finally {
      indexer.close();
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
    assert.equal(requests, indexer.db.select({ n: count() }).from(schema.sessions).get()?.n);
    assert.ok(committed.length >= 2, 'one commit per page');
    indexer.close();
    assert.equal(sqlite.open, true, 'the embedder’s connection stays open');
    const cursor = sqlite.prepare("SELECT cursor FROM indexer_cursors WHERE name = 'indexer'").get() as { cursor: string };
    assert.ok(cursor.cursor.length > 0);
    sqlite.close();
  });

  it('hands committed results to onResult listeners and to the results() iterator', async () => {
    const indexer = await openIndexer(h.chain, join(dir, 'listeners.sqlite'));
    try {
      const heard: FeedEntry[] = [];
      indexer.onResult((entry) => heard.push(entry));
      indexer.onResult(() => {
        throw new Error('a faulty listener does not stop the others');
      });
      await indexer.catchUp();
      assert.equal(heard.length, indexer.queries.lastResultId());
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
      assert.equal(indexer.db.select().from(schema.results).where(eq(schema.results.objectId, wallet.dwalletId)).all().length, 1);
      controller.abort();
      indexer.feed.notify();
      assert.equal((await fresh.next()).done, true);
    } finally {
      indexer.close();
    }
  });
});

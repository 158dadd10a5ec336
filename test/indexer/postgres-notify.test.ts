/**
 * The results feed's listener (indexer/db/postgres-notify.ts) on a real PostgreSQL: a NOTIFY in
 * a store's committed transaction wakes the feed's waiters, one rolled back does not; when its
 * backend is terminated it logs, reconnects, wakes every waiter (a notification lost in the gap
 * is then covered by re-reading the table), and a NOTIFY after the reconnection arrives.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { notifyResults, RESULTS_CHANNEL, ResultNotifications } from '../../indexer/db/postgres-notify.ts';
import { PostgresStore } from '../../indexer/db/postgres-store.ts';
import { backendSkip, capturingLogger, TestDatabases } from './support.ts';

/** Resolves true on the next wake, false after `ms`. */
function woken(waiters: Set<() => void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      waiters.delete(wake);
      resolve(false);
    }, ms);
    waiters.add(wake);
  });
}

describe('postgres notify', { skip: backendSkip('postgres') }, () => {
  const databases = new TestDatabases('postgres', 'notify');
  let store: PostgresStore;
  let admin: pg.Pool;

  before(async () => {
    const url = await databases.create();
    store = await PostgresStore.open(url);
    admin = new pg.Pool({ connectionString: url, max: 1 });
  });
  after(async () => {
    await store?.close();
    await admin?.end();
    await databases.drop();
  });

  it('wakes on committed notifications, and after its backend is killed reconnects, wakes every waiter and hears again', async () => {
    const waiters = new Set<() => void>();
    let wakes = 0;
    const { logger, lines } = capturingLogger();
    const listenerPid = async () =>
      (
        await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`,
          [`LISTEN ${RESULTS_CHANNEL}`],
        )
      ).rows[0]?.pid;
    const firstWake = woken(waiters, 5_000);
    const notifications = new ResultNotifications({
      connect: () => store.dedicatedClient(),
      logger,
      retryMs: 50,
      onNotify: () => {
        wakes += 1;
        const now = [...waiters];
        waiters.clear();
        for (const wake of now) wake();
      },
    });
    try {
      assert.equal(await firstWake, true, 'listening wakes the waiters once');
      const pid = await listenerPid();
      assert.ok(pid !== undefined, 'a session listens on the channel');

      const notify = () => store.write(() => notifyResults(41));
      const heard = woken(waiters, 5_000);
      await assert.rejects(
        store.write(function* () {
          yield* notifyResults(41);
          throw new Error('the page failed');
        }),
        /the page failed/,
      );
      assert.equal(await woken(waiters, 300), false, 'a rolled-back notification is never delivered');
      await notify();
      assert.equal(await heard, true, 'a committed notification wakes the waiters');

      const before = wakes;
      const reconnected = woken(waiters, 10_000);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      assert.equal(await reconnected, true, 'the waiters are woken after the reconnection');
      assert.equal(wakes, before + 1);
      const again = await listenerPid();
      assert.ok(again !== undefined && again !== pid, 'a new session listens');
      assert.ok(lines.some((line) => line.includes('lost the connection listening for results; reconnecting')));
      assert.ok(lines.some((line) => line.includes('listening for results again')));

      const heardAgain = woken(waiters, 5_000);
      await notify();
      assert.equal(await heardAgain, true, 'a notification after the reconnection arrives');
    } finally {
      await notifications.close();
    }
    assert.equal(await listenerPid(), undefined, 'closing ends the listening session');
  });

  it('retries with backoff while the server cannot be reached, logging each failure', async () => {
    const { logger, lines } = capturingLogger();
    let attempts = 0;
    const notifications = new ResultNotifications({
      connect: async () => {
        attempts += 1;
        const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'postgres' });
        await client.connect();
        return client;
      },
      logger,
      retryMs: 20,
      maxRetryMs: 80,
      onNotify: () => assert.fail('nothing to wake without a connection'),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await notifications.close();
    const failures = lines.filter((line) => line.includes('cannot listen for results; retrying')).map((line) => JSON.parse(line));
    assert.ok(attempts >= 3 && attempts <= 10, `attempts: ${attempts}`);
    // An attempt cut short by close() is not logged.
    assert.ok(failures.length >= attempts - 1, `${failures.length} failures logged of ${attempts} attempts`);
    assert.deepEqual(
      failures.slice(0, 3).map((line) => line.retryInMs),
      [20, 40, 80],
    );
    assert.match(failures[0].error.message, /ECONNREFUSED/);
  });
});

/**
 * Two indexer processes (`tsx indexer/main.ts`) on one PostgreSQL database follow a local chain
 * in its own process while requests and results keep landing on it. One holds the writer's lease,
 * the other stands by; the writer is killed (SIGKILL) mid-stream and the standby takes the lease.
 * When the stream ends, every event has been indexed exactly once: the cursor counted each event
 * of the chain once, every session the chain opened has its row and its one result, and the
 * results' feed ids follow the chain's order.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ServiceProcess, waitHealthy } from '../../devnet/process.ts';
import { type ChainProcess, startChainProcess } from '../chain/support/chain-process.ts';
import { allEvents, Flows, keypair, LocalHarness, remoteLocalChain } from '../chain/support/local-harness.ts';
import { backendSkip, hexOf, TestDatabases } from './support.ts';

interface Health {
  readonly role: string;
  readonly caughtUp: boolean;
  readonly eventsIndexed: number;
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/health`)).json()) as Health;
}

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('indexer lease hand-over (PostgreSQL, two processes)', { skip: backendSkip('postgres') }, () => {
  const databases = new TestDatabases('postgres', 'lease-handover');
  let url: string;
  let admin: pg.Pool;
  let chain: ChainProcess;
  let h: LocalHarness;
  const processes: ServiceProcess[] = [];

  before(async () => {
    url = await databases.create();
    admin = new pg.Pool({ connectionString: url, max: 1 });
    chain = await startChainProcess(['--db', join(databases.dir, 'chain.sqlite'), '--admin', keypair(1).toSuiAddress()]);
    h = await LocalHarness.over(await remoteLocalChain(chain.url), databases.dir);
  });
  after(async () => {
    for (const child of processes) await child.stop();
    await chain?.stop();
    await admin?.end();
    await databases.drop();
  });

  function indexerProcess(name: string): ServiceProcess {
    const child = new ServiceProcess({
      name,
      script: 'indexer/main.ts',
      args: [
        '--chain-url',
        chain.url,
        '--package-id',
        h.client.deployment.packageId,
        '--coordinator-id',
        h.client.deployment.coordinatorId,
        '--database',
        url,
        '--port',
        '0',
      ],
      logFile: join(databases.dir, `${name}.log`),
      // Small pages, read often: the writer commits many transactions while the stream runs.
      env: { DWALLET_INDEXER_PAGE_SIZE: '3', DWALLET_INDEXER_POLL_INTERVAL_MS: '20' },
      startTimeoutMs: 60_000,
    });
    processes.push(child);
    return child;
  }

  /** Whether the session holding the writer's lease is inside a transaction (a page being written) right now. */
  async function writerInTransaction(): Promise<boolean> {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.xact_start IS NOT NULL`,
    );
    return rows.length > 0;
  }

  it('the standby takes over from a killed writer; every event is indexed exactly once', async (t) => {
    const first = indexerProcess('indexer-1');
    await first.start();
    await waitHealthy('indexer-1', first.url, { check: (body) => body.role === 'writer' && body.caughtUp === true });
    const second = indexerProcess('indexer-2');
    await second.start();
    assert.equal((await health(second.url)).role, 'standby', 'the second process waits for the lease');

    // The stream: dWallet requests and their results, one after the other, until told to stop.
    const flows = new Flows(h);
    const user = await h.user();
    const sessions: string[] = [];
    let streaming = true;
    const stream = (async () => {
      while (streaming || sessions.length < 24) sessions.push(hexOf((await flows.activeDWallet(user)).sessionId));
    })();

    // Mid-stream: the writer has indexed some of it, and more is coming.
    const before = (await health(first.url)).eventsIndexed;
    await until(
      () => health(first.url),
      (body) => body.eventsIndexed >= before + 12,
      'the writer to index part of the stream',
    );
    // Killed inside a page's transaction when caught there (it spends much of its time in one):
    // the lease's session is open in a transaction that the kill must roll back.
    const deadline = Date.now() + 3_000;
    let inPage = false;
    while (!inPage && Date.now() < deadline) inPage = await writerInTransaction();
    await first.kill();
    const killedAt = Date.now();
    t.diagnostic(`writer killed ${inPage ? 'inside' : 'between'} page transactions, after ${before + 12}+ events`);
    await until(
      () => health(second.url),
      (body) => body.role === 'writer',
      'the standby to take the lease',
    );
    const handOverMs = Date.now() - killedAt;
    t.diagnostic(`the standby reported writer ${handOverMs} ms after the kill`);
    assert.ok(handOverMs < 5_000, `the lease passed in ${handOverMs} ms`);

    streaming = false;
    await stream;
    const chainEvents = (await allEvents(h.chain)).length;
    const final = await until(
      () => health(second.url),
      (body) => body.caughtUp && body.eventsIndexed === chainEvents,
      `the new writer to index all ${chainEvents} events`,
    );
    assert.equal(final.eventsIndexed, chainEvents, 'each event of the chain counted once');

    const results = (await admin.query<{ id: string; session_id: string }>('SELECT id, session_id FROM results ORDER BY id')).rows;
    assert.deepEqual(
      results.map((row) => row.session_id),
      sessions,
      'one result per session, in the chain’s order',
    );
    const ids = results.map((row) => Number(row.id));
    assert.ok(
      ids.every((id, i) => i === 0 || id > (ids[i - 1] as number)),
      'feed ids strictly increasing',
    );
    const rows = (await admin.query<{ session_id: string; status: string }>('SELECT session_id, status FROM sessions')).rows;
    assert.deepEqual(rows.map((row) => row.session_id).sort(), [...sessions].sort(), 'every session the chain opened, once');
    assert.ok(rows.every((row) => row.status === 'completed'));
    const dwallets = (await admin.query<{ state: string }>('SELECT state FROM dwallets')).rows;
    assert.equal(dwallets.length, sessions.length);
    assert.ok(dwallets.every((row) => row.state === 'active'));

    // The killed process, started again, stands by behind the new writer.
    await first.start();
    assert.equal((await health(first.url)).role, 'standby');
  });
});

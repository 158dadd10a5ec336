/**
 * Two indexer processes (`tsx indexer/main.ts`) on one PostgreSQL database follow a local chain
 * in its own process while requests and results keep landing on it. One holds the writer's lease,
 * the other stands by; the writer is killed (SIGKILL) mid-stream and the standby takes the lease;
 * the killed one, restarted, stands by; then the new writer's lease connection is cut by the
 * server (pg_terminate_backend) and the lease passes back. When the stream ends, every event has
 * been indexed exactly once: the cursor counted each event of the chain once, every session the
 * chain opened has its row and its one result, and the results' feed ids follow the chain's order.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ServiceProcess, waitHealthy } from '../../devnet/process.ts';
import { type ChainProcess, startChainProcess } from '../chain/support/chain-process.ts';
import { allEvents, Flows, keypair, LocalHarness, remoteLocalChain } from '../chain/support/local-harness.ts';
import { backendSkip, chainFlags, hexOf, TestDatabases } from './support.ts';

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
    admin.on('error', () => {});
    chain = await startChainProcess(['--db', join(databases.dir, 'chain.sqlite'), '--admin', keypair(1).toSuiAddress()]);
    h = await LocalHarness.over(await remoteLocalChain(chain.url), databases.dir);
  });
  after(async () => {
    for (const child of processes) await child.stop();
    await chain?.stop();
    await admin?.end();
    await databases.drop();
  });

  function indexerProcess(name: string): ServiceProcess & { logs(): string } {
    let logs = '';
    const child = new ServiceProcess({
      name,
      script: 'indexer/main.ts',
      args: [...chainFlags(chain.url, h.client.deployment), '--database', url, '--port', '0'],
      logFile: join(databases.dir, `${name}.log`),
      // Small pages, read often: the writer commits many transactions while the stream runs.
      env: { DWALLET_INDEXER_PAGE_SIZE: '3', DWALLET_INDEXER_POLL_INTERVAL_MS: '20' },
      startTimeoutMs: 60_000,
      onLog: (line) => {
        logs += `${line}\n`;
      },
    });
    processes.push(child);
    return Object.assign(child, { logs: () => logs });
  }

  /** The backend holding the writer's lease, and whether it is inside a transaction (a page being written) right now. */
  async function leaseHolder(): Promise<{ pid: number; inTransaction: boolean } | undefined> {
    const { rows } = await admin.query<{ pid: number; in_transaction: boolean }>(
      `SELECT a.pid, a.xact_start IS NOT NULL AS in_transaction FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()`,
    );
    const row = rows[0];
    return row === undefined ? undefined : { pid: row.pid, inTransaction: row.in_transaction };
  }

  /** The lease holder, caught inside a page's transaction if that happens within 3 s (it spends much of its time in one). */
  async function leaseHolderInPage(): Promise<{ pid: number; inTransaction: boolean }> {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const holder = await leaseHolder();
      if (holder !== undefined && (holder.inTransaction || Date.now() > deadline)) return holder;
    }
  }

  /** Waits until the writer of `child` has indexed `more` events beyond what it had. */
  async function indexesMore(child: ServiceProcess, more: number): Promise<void> {
    const before = (await health(child.url)).eventsIndexed;
    await until(
      () => health(child.url),
      (body) => body.eventsIndexed >= before + more,
      `${child.spec.name} to index ${more} more events`,
    );
  }

  it('a standby takes over from a killed writer and from one that lost its connection; every event is indexed exactly once', async (t) => {
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
      while (streaming) sessions.push(hexOf((await flows.activeDWallet(user)).sessionId));
    })();

    // 1. Mid-stream, the writer process is killed (SIGKILL), inside a page's transaction when
    // caught there: the kill must roll it back, and the standby take the lease.
    await indexesMore(first, 12);
    const killed = await leaseHolderInPage();
    await first.kill();
    const killedAt = Date.now();
    await until(
      () => health(second.url),
      (body) => body.role === 'writer',
      'the standby to take the lease',
    );
    const handOverMs = Date.now() - killedAt;
    t.diagnostic(
      `writer killed ${killed.inTransaction ? 'inside' : 'between'} page transactions; the standby said writer ${handOverMs} ms later`,
    );
    assert.ok(handOverMs < 5_000, `the lease passed in ${handOverMs} ms`);

    // The killed process, started again, stands by behind the new writer.
    await first.start();
    assert.equal((await health(first.url)).role, 'standby');

    // 2. The new writer's lease connection is cut by the server (the process lives on): it stops
    // writing, logs, and queues again behind the other, which takes over.
    await indexesMore(second, 12);
    const cut = await leaseHolderInPage();
    await admin.query('SELECT pg_terminate_backend($1)', [cut.pid]);
    const cutAt = Date.now();
    await until(
      () => health(first.url),
      (body) => body.role === 'writer',
      'the restarted process to take the lease',
    );
    t.diagnostic(
      `writer's connection cut ${cut.inTransaction ? 'inside' : 'between'} page transactions; the standby said writer ${Date.now() - cutAt} ms later`,
    );
    await until(
      () => health(second.url),
      (body) => body.role === 'standby',
      'the cut writer to stand by',
    );
    assert.match(second.logs(), /lost the writer’s lease/);
    await indexesMore(first, 6);

    streaming = false;
    await stream;
    const chainEvents = (await allEvents(h.chain)).length;
    const final = await until(
      () => health(first.url),
      (body) => body.caughtUp && body.eventsIndexed === chainEvents,
      `the writer to index all ${chainEvents} events`,
    );
    assert.equal(final.eventsIndexed, chainEvents, 'each event of the chain counted once');
    t.diagnostic(`${chainEvents} events, ${sessions.length} dWallets streamed`);

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

    // A standby stops at once on SIGTERM, though blocked in pg_advisory_lock.
    assert.equal(await second.stop(), 0);
    assert.equal(await first.stop(), 0);
  });
});

/**
 * The writer's lease (indexer/db/postgres-lease.ts) on a real PostgreSQL: the key derivation is
 * fixed; of two stores on one database one holds the lock and the other waits, blocked in the
 * server, until the holder's connection closes or dies; a wait can be abandoned; the held lease
 * reports its loss.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { acquireLease, leaseKey } from '../../indexer/db/postgres-lease.ts';
import { PostgresStore } from '../../indexer/db/postgres-store.ts';
import { backendSkip, TestDatabases } from './support.ts';

describe('postgres lease: key', () => {
  it('is the first 8 bytes of sha256("dwallet-indexer/<packageId>/<cursorName>"), big-endian, signed', () => {
    // sha256('dwallet-indexer/0x2/indexer') = 118d929b14d5bfc6…
    assert.equal(leaseKey('0x2', 'indexer'), String(0x118d929b14d5bfc6n));
    // sha256('dwallet-indexer/0x2/validator') = c4c300699ad7a58d…: the high bit set, a negative key.
    assert.equal(leaseKey('0x2', 'validator'), String(0xc4c300699ad7a58dn - 2n ** 64n));
    assert.equal(leaseKey('0x2', 'validator'), '-4268567568247708275');
    assert.notEqual(leaseKey('0x1', 'indexer'), leaseKey('0x2', 'indexer'));
  });
});

describe('postgres lease', { skip: backendSkip('postgres') }, () => {
  const databases = new TestDatabases('postgres', 'lease');
  const key = leaseKey('0xfeed', 'indexer');
  let stores: PostgresStore[];
  let admin: pg.Pool;
  const signal = new AbortController().signal;
  const connectOf = (store: PostgresStore) => () => store.dedicatedClient();

  before(async () => {
    const url = await databases.create();
    stores = [await PostgresStore.open(url), await PostgresStore.open(url)];
    admin = new pg.Pool({ connectionString: url, max: 1 });
  });
  after(async () => {
    for (const store of stores ?? []) await store.close();
    await admin?.end();
    await databases.drop();
  });

  /** The sessions holding and waiting for `key` (pg_locks splits a bigint key into classid, the high half, and objid). */
  const holders = async () => {
    const { rows } = await admin.query<{ granted: boolean }>(
      `SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [key],
    );
    return { granted: rows.filter((row) => row.granted).length, waiting: rows.filter((row) => !row.granted).length };
  };
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('lets one store hold it; the other waits, blocked in the server, until the holder closes its connection', async () => {
    const [one, two] = stores as [PostgresStore, PostgresStore];
    const first = await acquireLease({ key, connect: connectOf(one), signal });
    assert.ok(first);
    let secondHeld = false;
    const second = acquireLease({ key, connect: connectOf(two), signal }).then((lease) => {
      secondHeld = true;
      return lease;
    });
    await until(async () => (await holders()).waiting === 1, 'the second store to queue in the server');
    assert.deepEqual(await holders(), { granted: 1, waiting: 1 });
    assert.equal(secondHeld, false);
    assert.equal(first.lost.aborted, false);

    await first.release();
    assert.equal(first.lost.aborted, true);
    const taken = await second;
    assert.ok(taken);
    assert.deepEqual(await holders(), { granted: 1, waiting: 0 });
    await taken.release();
    assert.deepEqual(await holders(), { granted: 0, waiting: 0 });
  });

  it('passes to the waiter when the holder’s session is killed; the holder learns it lost the lease, and its transaction with it', async () => {
    const [one, two] = stores as [PostgresStore, PostgresStore];
    const first = await acquireLease({ key, connect: connectOf(one), signal });
    assert.ok(first);
    const second = acquireLease({ key, connect: connectOf(two), signal });
    await until(async () => (await holders()).waiting === 1, 'the second store to queue');
    await first.client.query('BEGIN');
    await first.client.query('CREATE TABLE written_under_lease (x int)');
    const pid = (first.client as pg.Client & { processID: number }).processID;
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const taken = await second;
    assert.ok(taken);
    await until(async () => first.lost.aborted, 'the first holder to notice');
    assert.match((first.lost.reason as Error).message, /terminat/);
    await assert.rejects(first.client.query('COMMIT'), 'nothing commits on the lost lease’s connection');
    const { rows } = await admin.query("SELECT to_regclass('written_under_lease') AS found");
    assert.equal(rows[0].found, null, 'the transaction died with the lease');
    await first.release();
    await taken.release();
  });

  it('abandons a wait when its signal aborts, leaving no session queued', async () => {
    const [one, two] = stores as [PostgresStore, PostgresStore];
    const holder = await acquireLease({ key, connect: connectOf(one), signal });
    assert.ok(holder);
    const stop = new AbortController();
    const waiting = acquireLease({ key, connect: connectOf(two), signal: stop.signal });
    await until(async () => (await holders()).waiting === 1, 'the waiter to queue');
    stop.abort();
    assert.equal(await waiting, null);
    // client_connection_check_interval (1 s): the server notices the waiter's client is gone.
    await until(async () => (await holders()).waiting === 0, 'the abandoned wait to leave the queue');
    assert.equal(await acquireLease({ key, connect: connectOf(two), signal: stop.signal }), null, 'an aborted signal acquires nothing');
    await holder.release();
  });

  it('rejects when the server cannot be reached', async () => {
    const unreachable = async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'postgres' });
      await client.connect();
      return client;
    };
    await assert.rejects(acquireLease({ key, connect: unreachable, signal }), /ECONNREFUSED/);
  });
});

/**
 * The writer's lease (indexer/db/postgres-lease.ts) on a real PostgreSQL: the key derivation is
 * fixed; of two contenders one holds the lock and the other waits, blocked in the server, until
 * the holder's connection closes or dies; a wait can be abandoned; the held lease reports its loss.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { acquireLease, leaseKey } from '../../indexer/db/postgres-lease.ts';
import { type PostgresTestDatabase, postgresTestDatabase } from './postgres-support.ts';

describe('postgres lease: key', () => {
  it('is the first 8 bytes of sha256("dwallet-indexer/<packageId>/<cursorName>"), big-endian, signed', () => {
    // sha256('dwallet-indexer/0x2/indexer') = 118d929b14d5bfc6…
    assert.equal(leaseKey('0x2', 'indexer'), 0x118d929b14d5bfc6n);
    // sha256('dwallet-indexer/0x2/validator') = c4c300699ad7a58d…: the high bit set, a negative bigint.
    assert.equal(leaseKey('0x2', 'validator'), 0xc4c300699ad7a58dn - 2n ** 64n);
    assert.notEqual(leaseKey('0x1', 'indexer'), leaseKey('0x2', 'indexer'));
  });
});

describe('postgres lease', async () => {
  const database = await postgresTestDatabase('lease');
  let db: PostgresTestDatabase;
  const key = leaseKey('0xfeed', 'indexer');
  const connect = async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return client;
  };
  /** The sessions holding and waiting for `key` (pg_locks splits a bigint key into classid, the high half, and objid). */
  const holders = async () => {
    const rows = await db.query<{ granted: boolean }>(
      `SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [key.toString()],
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

  before(async () => {
    if (database.skip !== undefined) return;
    db = database.db;
  });
  after(async () => {
    if (database.skip === undefined) await database.db.drop();
  });

  it('lets one contender hold it; the other waits until the holder closes its connection', { skip: database.skip }, async () => {
    const stop = new AbortController();
    const first = await acquireLease({ key, connect, signal: stop.signal });
    assert.ok(first);
    let secondHeld = false;
    const second = acquireLease({ key, connect, signal: stop.signal }).then((lease) => {
      secondHeld = true;
      return lease;
    });
    await until(async () => (await holders()).waiting === 1, 'the second contender to queue in the server');
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

  it('passes to the waiter when the holder’s session is killed, and the holder learns it lost the lease', {
    skip: database.skip,
  }, async () => {
    const stop = new AbortController();
    const first = await acquireLease({ key, connect, signal: stop.signal });
    assert.ok(first);
    const second = acquireLease({ key, connect, signal: stop.signal });
    await until(async () => (await holders()).waiting === 1, 'the second contender to queue');
    const pid = (first.client as pg.Client & { processID: number }).processID;
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    const taken = await second;
    assert.ok(taken);
    await until(async () => first.lost.aborted, 'the first holder to notice');
    assert.match(String((first.lost.reason as Error).message), /terminat|ended/);
    await assert.rejects(first.client.query('SELECT 1'), 'nothing can run on the lost lease’s connection');
    await first.release();
    await taken.release();
  });

  it('abandons a wait when its signal aborts, leaving no session queued', { skip: database.skip }, async () => {
    const holder = await acquireLease({ key, connect, signal: new AbortController().signal });
    assert.ok(holder);
    const stop = new AbortController();
    const waiting = acquireLease({ key, connect, signal: stop.signal });
    await until(async () => (await holders()).waiting === 1, 'the waiter to queue');
    stop.abort();
    assert.equal(await waiting, null);
    await until(async () => (await holders()).waiting === 0, 'the abandoned wait to leave the queue');
    assert.equal(await acquireLease({ key, connect, signal: stop.signal }), null, 'an aborted signal acquires nothing');
    await holder.release();
  });

  it('rejects when the server cannot be reached', { skip: database.skip }, async () => {
    const unreachable = async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'postgres' });
      await client.connect();
      return client;
    };
    await assert.rejects(acquireLease({ key, connect: unreachable, signal: new AbortController().signal }), /ECONNREFUSED/);
  });
});

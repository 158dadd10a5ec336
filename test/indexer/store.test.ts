/**
 * The indexer's stores: the SQLite and PostgreSQL schemas describe the same tables (names,
 * columns, SQL names, nullability, keys, indexes, row types); both migration folders list the
 * same steps; each migrated database holds exactly the tables and columns its schema describes;
 * a SQLite database migrated before the migrations moved to `migrations/sqlite/` opens unchanged
 * (the recorded hashes are the files'); PostgreSQL: an unreachable server is a typed error naming
 * host:port and the driver's reason, a bad URL or a missing database are refused, several stores
 * opening one database at once migrate it once (advisory lock), a 64-bit value beyond 2^53 is
 * refused rather than rounded, and extensions (synchronous, SQLite only) are refused.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { MIGRATIONS_TABLE, openIndexerDatabase } from '../../indexer/db/database.ts';
import { PostgresStore } from '../../indexer/db/postgres-store.ts';
import * as sqliteSchema from '../../indexer/db/schema.ts';
import * as pgSchema from '../../indexer/db/schema-pg.ts';
import { openIndexerStore } from '../../indexer/db/store.ts';
import { exec, rows } from '../../indexer/db/work.ts';
import { IndexerErrorCodes, IndexerStoreError } from '../../indexer/errors.ts';
import { Indexer } from '../../indexer/indexer.ts';
import { LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, cleanup, postgresUrlOf, STORE_BACKENDS, type StoreBackend, TestDatabases, tempDir } from './support.ts';

const migrations = fileURLToPath(new URL('../../indexer/db/migrations/', import.meta.url));

type Tables<S> = { [K in keyof S as S[K] extends { $inferSelect: object } ? K : never]: S[K] };
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compile-time: every table's row type is the same in both schemas (a difference fails `npm run typecheck`). */
const sameRowTypes: {
  [K in keyof Tables<typeof sqliteSchema>]: K extends keyof Tables<typeof pgSchema>
    ? Equal<(typeof sqliteSchema)[K]['$inferSelect'], (typeof pgSchema)[K]['$inferSelect']>
    : false;
} = {
  indexerCursors: true,
  committees: true,
  networkKeys: true,
  dwallets: true,
  sessions: true,
  presigns: true,
  signatures: true,
  partialSignatures: true,
  resultBatches: true,
  results: true,
  networkSessions: true,
  skippedEvents: true,
  encryptionKeys: true,
  encryptedShares: true,
};

interface TableShape {
  name: string;
  columns: { key: string; name: string; notNull: boolean; primary: boolean; hasDefault: boolean }[];
  primaryKeys: string[][];
  indexes: { name: string | undefined; columns: string[]; unique: boolean }[];
}

function shapeOf(key: string, config: ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>, table: object): TableShape {
  const keyOf = new Map(Object.entries(table).map(([k, column]) => [column, k]));
  return {
    name: config.name,
    columns: config.columns.map((c) => ({
      key: keyOf.get(c) ?? `?${key}`,
      name: c.name,
      notNull: c.notNull,
      primary: c.primary,
      hasDefault: c.hasDefault,
    })),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: config.indexes.map((i) => ({
      name: i.config.name,
      columns: i.config.columns.map((c) => (c as { name: string }).name),
      unique: i.config.unique,
    })),
  };
}

const tablesOf = <S extends Record<string, unknown>>(schema: S, isTable: (value: unknown) => boolean) =>
  Object.entries(schema).filter(([, value]) => isTable(value));

describe('indexer store: the two schemas and their migrations', () => {
  it('describes the same tables in SQLite and PostgreSQL: keys, SQL names, nullability, keys and indexes, row types', () => {
    assert.ok(Object.values(sameRowTypes).every((same) => same));
    const sqliteTables = tablesOf(sqliteSchema, (v) => typeof v === 'object' && v !== null && 'getSQL' in v);
    const pgTables = tablesOf(pgSchema, (v) => typeof v === 'object' && v !== null && 'getSQL' in v);
    assert.deepEqual(
      pgTables.map(([key]) => key),
      sqliteTables.map(([key]) => key),
    );
    assert.equal(sqliteTables.length, 14);
    for (const [key, table] of sqliteTables) {
      const twin = (pgSchema as unknown as Record<string, PgTable>)[key] as PgTable;
      const sqliteShape = shapeOf(key, sqliteTableConfig(table as SQLiteTable), table as object);
      const pgShape = shapeOf(key, pgTableConfig(twin), twin);
      // `results.id`: SQLite's AUTOINCREMENT key counts as a default there, PostgreSQL's identity not.
      if (key === 'results') for (const column of [...sqliteShape.columns, ...pgShape.columns]) column.hasDefault &&= column.name !== 'id';
      assert.deepEqual(pgShape, sqliteShape, key);
    }
  });

  it('has the same migration steps in both folders, with the same tags and times', () => {
    const journal = (dialect: string) =>
      JSON.parse(readFileSync(join(migrations, dialect, 'meta', '_journal.json'), 'utf8')) as {
        dialect: string;
        entries: { idx: number; when: number; tag: string }[];
      };
    const files = (dialect: string) => readdirSync(join(migrations, dialect)).filter((name) => name.endsWith('.sql'));
    const [sqlite, postgres] = [journal('sqlite'), journal('postgres')];
    assert.equal(sqlite.dialect, 'sqlite');
    assert.equal(postgres.dialect, 'postgresql');
    const steps = (j: typeof sqlite) => j.entries.map(({ idx, when, tag }) => ({ idx, when, tag }));
    assert.deepEqual(steps(postgres), steps(sqlite));
    assert.deepEqual(
      sqlite.entries.map((e) => e.tag),
      [
        '0000_indexer',
        '0001_network_sessions',
        '0002_shared_dwallets',
        '0003_signature_algorithms',
        '0004_explorer_lists',
        '0005_user_shares',
      ],
    );
    assert.deepEqual(files('sqlite'), files('postgres'));
    assert.deepEqual(
      files('sqlite'),
      sqlite.entries.map((e) => `${e.tag}.sql`),
    );
  });

  it('opens a SQLite database migrated before the migrations moved (same files, same recorded hashes)', () => {
    // The hashes drizzle recorded for the files when they lived in indexer/db/migrations/: a
    // changed byte would make an existing database look unmigrated (or migrate twice).
    const RECORDED = [
      '26478cf1a5b08001645a1ca13b936342bf58807e1990d5e3db9fad7ede0878c2',
      '2195eee8a3d8103a7b8c4e622cc4c709baa04ae965cd8b5ae822b7255039a426',
      '2f964e41665f4b88119a2c36a6f21194ef7ebfb2f1b52f6379d14f564d978826',
      '328a36210265bef3e6ff61006ff3b8cc4c1919c6b45ec6a941b58fe4fdbfc0be',
    ];
    const dir = tempDir('old-layout');
    try {
      // The old layout: the same files directly under a `migrations/` folder, as they were then
      // (the steps after 0003 came later: opening the old database applies them, and only them).
      cpSync(join(migrations, 'sqlite'), join(dir, 'migrations'), { recursive: true });
      const oldJournal = join(dir, 'migrations', 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(oldJournal, 'utf8')) as { entries: { tag: string }[] };
      for (const later of journal.entries.slice(RECORDED.length)) rmSync(join(dir, 'migrations', `${later.tag}.sql`));
      writeFileSync(oldJournal, JSON.stringify({ ...journal, entries: journal.entries.slice(0, RECORDED.length) }));
      const path = join(dir, 'indexer.sqlite');
      const old = new Database(path);
      migrate(drizzle(old), { migrationsFolder: join(dir, 'migrations'), migrationsTable: MIGRATIONS_TABLE });
      old.prepare("INSERT INTO indexer_cursors VALUES ('indexer', 'c', 7, NULL, 1)").run();
      old.close();

      const opened = openIndexerDatabase(path);
      try {
        const recorded = opened.sqlite.prepare(`SELECT hash, created_at AS at FROM ${MIGRATIONS_TABLE} ORDER BY id`).all() as {
          hash: string;
          at: number;
        }[];
        const files = readdirSync(join(migrations, 'sqlite')).filter((name) => name.endsWith('.sql'));
        const hashes = files.map((name) =>
          createHash('sha256')
            .update(readFileSync(join(migrations, 'sqlite', name), 'utf8'))
            .digest('hex'),
        );
        assert.deepEqual(hashes.slice(0, RECORDED.length), RECORDED);
        assert.deepEqual(
          recorded.map((r) => r.hash),
          hashes,
          'nothing migrated again; the later steps once',
        );
        assert.deepEqual(opened.sqlite.prepare('SELECT events_indexed AS n FROM indexer_cursors').get(), { n: 7 });
      } finally {
        opened.close();
      }
    } finally {
      cleanup(dir);
    }
  });
});

/** Each table's columns in a migrated database: name → nullable, in table order. */
async function migratedColumns(backend: StoreBackend, database: string): Promise<Record<string, Record<string, boolean>>> {
  const out: Record<string, Record<string, boolean>> = {};
  if (backend === 'sqlite') {
    const db = new Database(database, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        const columns = db.prepare(`PRAGMA table_info(${name})`).all() as { name: string; notnull: number; pk: number }[];
        // A SQLite primary key column may be NULL unless declared NOT NULL: the migrations declare every one.
        out[name] = Object.fromEntries(columns.map((c) => [c.name, c.notnull === 0]));
      }
    } finally {
      db.close();
    }
    return out;
  }
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    );
    for (const c of columns) {
      out[c.table_name] ??= {};
      (out[c.table_name] as Record<string, boolean>)[c.column_name] = c.is_nullable === 'YES';
    }
  } finally {
    await client.end();
  }
  return out;
}

for (const backend of STORE_BACKENDS) {
  describe(`indexer store (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'store');
    after(() => databases.drop());

    it('migrates to exactly the tables and columns the schema describes (and the migrations table)', async () => {
      const database = await databases.create();
      await (await openIndexerStore(database)).close();
      const schema = backend === 'sqlite' ? sqliteSchema : pgSchema;
      const expected: Record<string, Record<string, boolean>> = {
        [MIGRATIONS_TABLE]:
          backend === 'sqlite' ? { id: true, hash: false, created_at: true } : { id: false, hash: false, created_at: true },
      };
      for (const [, table] of tablesOf(schema, (v) => typeof v === 'object' && v !== null && 'getSQL' in v)) {
        const config = backend === 'sqlite' ? sqliteTableConfig(table as SQLiteTable) : pgTableConfig(table as PgTable);
        expected[config.name] = Object.fromEntries(config.columns.map((c) => [c.name, !c.notNull && !c.primary]));
      }
      const found = await migratedColumns(backend, database);
      // Compared as sets of columns per table: ALTER TABLE appends, so the order differs from the schema's.
      const sorted = (tables: Record<string, Record<string, boolean>>) =>
        Object.fromEntries(
          Object.entries(tables)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, columns]) => [name, Object.fromEntries(Object.entries(columns).sort(([a], [b]) => a.localeCompare(b)))]),
        );
      assert.deepEqual(sorted(found), sorted(expected));
    });

    it('0005 keeps the sessions indexed before it (rows and indexes) and lets a session name no network key', async () => {
      // The migrations up to 0004, as a database indexed before the user's share has them.
      const dir = join(databases.dir, 'until-0004');
      cpSync(join(migrations, backend), dir, { recursive: true });
      const journalPath = join(dir, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      const kept = journal.entries.findIndex((e) => e.tag === '0004_explorer_lists') + 1;
      for (const later of journal.entries.slice(kept)) rmSync(join(dir, `${later.tag}.sql`));
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, kept) }));
      const database = await databases.create('until-0004');
      const insert =
        "INSERT INTO sessions (session_id, kind, status, object_id, dwallet_id, requester, network_key_id, curve, epoch, session_sequence, fee, request_tx, requested_at, algorithm) VALUES ('aa', 'sign', 'pending', '0x01', '0x02', '0x03', '0x04', 0, '1', '7', '0', 'tx', 1700000000000, 1)";
      if (backend === 'sqlite') {
        const old = new Database(database);
        migrate(drizzle(old), { migrationsFolder: dir, migrationsTable: MIGRATIONS_TABLE });
        old.prepare(insert).run();
        old.close();
      } else {
        const client = new pg.Client({ connectionString: database });
        await client.connect();
        try {
          await pgMigrate(pgDrizzle(client), { migrationsFolder: dir, migrationsTable: MIGRATIONS_TABLE, migrationsSchema: 'public' });
          await client.query(insert);
        } finally {
          await client.end();
        }
      }
      const store = await openIndexerStore(database);
      try {
        const [kept] = await store.read(({ db, t }) => rows(db.select().from(t.sessions)));
        assert.equal(kept?.sessionId, 'aa');
        assert.equal(kept?.networkKeyId, '0x04');
        assert.equal(kept?.algorithm, 1);
        assert.equal(kept?.requestedAt, 1_700_000_000_000);
        await store.write(function* ({ db, t }) {
          yield* exec(db.update(t.sessions).set({ networkKeyId: null }).where(sql`${t.sessions.sessionId} = 'aa'`));
        });
        const [updated] = await store.read(({ db, t }) => rows(db.select().from(t.sessions)));
        assert.equal(updated?.networkKeyId, null);
      } finally {
        await store.close();
      }
      const indexes = new Set<string>();
      if (backend === 'sqlite') {
        const db = new Database(database, { readonly: true });
        for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'").all() as {
          name: string;
        }[]) {
          indexes.add(name);
        }
        db.close();
      } else {
        const client = new pg.Client({ connectionString: database });
        await client.connect();
        try {
          const found = await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'sessions'");
          for (const { indexname } of found.rows) indexes.add(indexname);
        } finally {
          await client.end();
        }
      }
      for (const name of ['sessions_object', 'sessions_requested', 'sessions_dwallet']) assert.ok(indexes.has(name), `${name} kept`);
    });

    it('stores and reads back booleans, millisecond timestamps beyond 32 bits and a 64-bit count', async () => {
      const store = await openIndexerStore(await databases.create('values'));
      try {
        const at = Date.UTC(2300, 0, 1);
        await store.write(function* ({ db, t }) {
          yield* exec(
            db.insert(t.indexerCursors).values({ name: 'x', cursor: 'c', eventsIndexed: 2 ** 40, lastEventAt: null, updatedAt: at }),
          );
        });
        const [row] = await store.read(({ db, t }) => rows(db.select().from(t.indexerCursors)));
        assert.deepEqual(row, { name: 'x', cursor: 'c', eventsIndexed: 2 ** 40, lastEventAt: null, updatedAt: at });
      } finally {
        await store.close();
      }
    });
  });
}

const postgresSkip = backendSkip('postgres');

describe('indexer store: PostgreSQL', { skip: postgresSkip }, () => {
  const databases = new TestDatabases('postgres', 'store-pg');
  after(() => databases.drop());

  /** The error `open` is refused with. */
  async function refusal(open: Promise<unknown>): Promise<IndexerStoreError> {
    try {
      await open;
    } catch (error) {
      assert.ok(error instanceof IndexerStoreError, String(error));
      return error;
    }
    assert.fail('expected a refusal');
  }

  it('an unreachable server: INDEXER_STORE_UNREACHABLE naming host:port and the driver’s reason', async () => {
    const error = await refusal(openIndexerStore('postgres://postgres@127.0.0.1:1/indexer'));
    assert.equal(error.code, IndexerErrorCodes.INDEXER_STORE_UNREACHABLE);
    assert.match(error.message, /^cannot reach PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    assert.deepEqual(error.details, { address: '127.0.0.1:1', reason: error.details.reason });
  });

  it('a URL that does not parse, a database that does not exist: INDEXER_STORE_INVALID, credentials never repeated', async () => {
    const bad = await refusal(openIndexerStore('postgres://user:hunter2@[::1'));
    assert.equal(bad.code, IndexerErrorCodes.INDEXER_STORE_INVALID);
    assert.doesNotMatch(bad.message, /hunter2/);
    const missing = await refusal(openIndexerStore(postgresUrlOf(`dwallet_indexer_test_missing_${Date.now()}`)));
    assert.equal(missing.code, IndexerErrorCodes.INDEXER_STORE_INVALID);
    assert.match(missing.message, /does not exist/);
  });

  it('several stores opening one database at once migrate it once', async () => {
    const database = await databases.create('concurrent');
    const stores = await Promise.all(Array.from({ length: 6 }, () => PostgresStore.open(database)));
    try {
      const [store] = stores as [PostgresStore];
      const recorded = await store.pool.query<{ hash: string }>(`SELECT hash FROM public.${MIGRATIONS_TABLE} ORDER BY id`);
      const files = readdirSync(join(migrations, 'postgres')).filter((name) => name.endsWith('.sql'));
      assert.deepEqual(
        recorded.rows.map((r) => r.hash),
        files.map((name) =>
          createHash('sha256')
            .update(readFileSync(join(migrations, 'postgres', name), 'utf8'))
            .digest('hex'),
        ),
      );
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('refuses a 64-bit value beyond 2^53 rather than rounding it; 2^53 − 1 reads exactly', async () => {
    const store = await openIndexerStore(await databases.create('int8'));
    const write = (statement: SQL) =>
      store.write(function* () {
        yield* exec(statement);
      });
    const read = () => store.read(({ db, t }) => rows(db.select().from(t.indexerCursors)));
    try {
      await write(sql`INSERT INTO indexer_cursors VALUES ('x', 'c', 0, NULL, 9007199254740991)`);
      assert.equal((await read())[0]?.updatedAt, Number.MAX_SAFE_INTEGER);
      await write(sql`UPDATE indexer_cursors SET updated_at = 9007199254740993`);
      await assert.rejects(
        read(),
        (error: unknown) =>
          error instanceof IndexerStoreError &&
          error.code === IndexerErrorCodes.INDEXER_STORE_INVALID &&
          /9007199254740993/.test(error.message),
      );
    } finally {
      await store.close();
    }
  });

  it('a write whose session the server ends mid-transaction fails and rolls back without ending the process; the store goes on', async () => {
    const store = await PostgresStore.open(await databases.create('terminated'));
    try {
      await assert.rejects(
        store.write(function* () {
          yield* exec(sql`INSERT INTO indexer_cursors VALUES ('t', 'c', 0, NULL, 1)`);
          yield* exec(sql`SELECT pg_terminate_backend(pg_backend_pid())`);
        }),
      );
      // The socket's end (and its 'error' event on the checked-out connection) follows the failed query.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await store.read(({ db, t }) => rows(db.select().from(t.indexerCursors))), []);
    } finally {
      await store.close();
    }
  });

  describe('with a chain', () => {
    let h: LocalHarness;
    before(async () => {
      h = await LocalHarness.create();
    });
    after(() => h?.close());

    it('refuses extensions: they run synchronously inside a SQLite transaction', async () => {
      const database = await databases.create('extensions');
      await assert.rejects(
        Indexer.open({ chain: h.chain, database, extensions: [() => undefined] }),
        (error: unknown) => error instanceof IndexerStoreError && error.code === IndexerErrorCodes.INDEXER_EXTENSIONS_UNSUPPORTED,
      );
      const indexer = await Indexer.open({ chain: h.chain, database });
      try {
        assert.throws(
          () => indexer.addExtension(() => undefined),
          (error: unknown) => error instanceof IndexerStoreError && error.code === IndexerErrorCodes.INDEXER_EXTENSIONS_UNSUPPORTED,
        );
      } finally {
        await indexer.close();
      }
    });
  });
});

/**
 * The SQLite store: units of work run synchronously on the one better-sqlite3 connection, and a
 * write is one IMMEDIATE transaction run to its end before `write` returns — so an embedder's
 * synchronous extensions, called from inside the work, write in the same transaction, and nothing
 * else on the connection can run in the middle of it. (Immediate: an embedder's other connections
 * write the same file — a validator's session workers — and a deferred transaction that read first
 * would fail with SQLITE_BUSY instead of waiting; validator/store/database.ts.)
 * @module
 */
import type Database from 'better-sqlite3';
import { is, SQL } from 'drizzle-orm';
import { type DatabaseSource, type IndexerDatabase, type IndexerDb, openIndexerDatabase } from './database.ts';
import * as schema from './schema.ts';
import type { IndexerStore } from './store.ts';
import { runSync, type Step, type Tables, type WorkOf } from './work.ts';

export class SqliteStore implements IndexerStore {
  readonly dialect = 'sqlite' as const;
  readonly #database: IndexerDatabase;
  readonly #kit: Tables;

  private constructor(database: IndexerDatabase) {
    this.#database = database;
    this.#kit = { db: database.db, t: schema };
  }

  static open(source: DatabaseSource): SqliteStore {
    return new SqliteStore(openIndexerDatabase(source));
  }

  /** The connection (an embedder's own when it passed one). */
  get sqlite(): Database.Database {
    return this.#database.sqlite;
  }

  get db(): IndexerDb {
    return this.#database.db;
  }

  async read<T>(work: WorkOf<T>): Promise<T> {
    return runSync(work(this.#kit), this.#run);
  }

  async write<T>(work: WorkOf<T>): Promise<T> {
    return this.#database.sqlite.transaction(() => runSync(work(this.#kit), this.#run)).immediate();
  }

  async close(): Promise<void> {
    this.#database.close();
  }

  readonly #run = (step: Step): unknown => {
    if (step.kind === 'rows') return step.query.all();
    return is(step.query, SQL) ? this.#database.db.run(step.query) : (step.query as { run(): unknown }).run();
  };
}

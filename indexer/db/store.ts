/**
 * Where the indexer keeps its tables: SQLite (a file, `':memory:'`, or an embedder's open
 * better-sqlite3 database) or PostgreSQL (a `postgres://` or `postgresql://` URL). Both run the
 * same units of work (work.ts): `read` for the API's queries, `write` for one transaction (a page
 * of events with its cursor). `openIndexerStore` is the one switch between them.
 * @module
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Logger } from '../../runtime/log.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { WorkOf } from './work.ts';

export type StoreDialect = 'sqlite' | 'postgres';

/** A PostgreSQL URL, a SQLite path (`':memory:'` for a throwaway database) or an open better-sqlite3 database. */
export type StoreSource = string | Database.Database;

export interface WriteOptions {
  /**
   * PostgreSQL: the connection to run the transaction on (the writer's lease connection, so that
   * losing the lease aborts the transaction); a pooled one when absent. SQLite has one connection.
   */
  readonly client?: pg.Client | pg.PoolClient;
}

export interface IndexerStore {
  readonly dialect: StoreDialect;
  /** Runs `work` outside any transaction (each query sees what was committed when it ran). */
  read<T>(work: WorkOf<T>): Promise<T>;
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  write<T>(work: WorkOf<T>, options?: WriteOptions): Promise<T>;
  /** Closes what the store opened (an embedder's SQLite connection stays open). */
  close(): Promise<void>;
}

/** Whether `source` names a PostgreSQL database. */
export function isPostgresUrl(source: StoreSource): source is string {
  return typeof source === 'string' && /^postgres(ql)?:\/\//i.test(source);
}

/** Opens (creating and migrating) the indexer's tables in `source`. */
export async function openIndexerStore(source: StoreSource, options: { logger?: Logger } = {}): Promise<SqliteStore | PostgresStore> {
  return isPostgresUrl(source) ? PostgresStore.open(source, options) : SqliteStore.open(source);
}

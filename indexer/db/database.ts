/**
 * Opening the indexer's tables, in a file of its own or in a better-sqlite3 database an embedder
 * already holds (a validator shares its file so that its own rows and the indexer's cursor commit
 * in one transaction). Migrations are recorded in their own table, `__indexer_migrations`, so they
 * never interleave with the embedder's drizzle migrations, whatever the order the two are opened.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { IndexerErrorCodes, IndexerStoreError } from '../errors.ts';
import * as schema from './schema.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations/sqlite', import.meta.url));
export const MIGRATIONS_TABLE = '__indexer_migrations';

export type IndexerDb = BetterSQLite3Database<typeof schema>;

export interface IndexerDatabase {
  readonly db: IndexerDb;
  readonly sqlite: Database.Database;
  /** Closes the connection when the indexer opened it; leaves an embedder's open. */
  close(): void;
}

/** A path (`':memory:'` for a throwaway database) or an open better-sqlite3 database. */
export type DatabaseSource = string | Database.Database;

export function openIndexerDatabase(source: DatabaseSource): IndexerDatabase {
  const owned = typeof source === 'string';
  let sqlite: Database.Database;
  if (typeof source === 'string') {
    try {
      if (source !== ':memory:') mkdirSync(dirname(source), { recursive: true });
      sqlite = new Database(source);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new IndexerStoreError(
        IndexerErrorCodes.INDEXER_STORE_INVALID,
        `cannot open SQLite database ${source}: ${(error as Error).message}`,
        { path: source },
        { cause: error },
      );
    }
  } else {
    sqlite = source;
  }
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder, migrationsTable: MIGRATIONS_TABLE });
  } catch (error) {
    if (owned) sqlite.close();
    throw new IndexerStoreError(
      IndexerErrorCodes.INDEXER_STORE_INVALID,
      `cannot migrate the indexer's tables in ${sqlite.name}: ${(error as Error).message}`,
      { path: sqlite.name },
      { cause: error },
    );
  }
  return { db, sqlite, close: () => (owned ? sqlite.close() : undefined) };
}

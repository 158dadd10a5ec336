/**
 * Opening a SQLite database through drizzle with its migrations applied. Used by the local chain
 * and by the event-cursor store; each passes its own schema and migrations folder.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ChainErrorCodes, ChainStoreError } from './errors.ts';

export interface OpenedDatabase<S extends Record<string, unknown>> {
  db: BetterSQLite3Database<S>;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Opens (creating it if needed) the SQLite file at `path` — or an in-memory database for
 * `':memory:'` — in WAL mode and applies the migrations of `migrationsFolder`.
 */
export function openSqlite<S extends Record<string, unknown>>(path: string, schema: S, migrationsFolder: string): OpenedDatabase<S> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new ChainStoreError(
      ChainErrorCodes.STORE_INVALID,
      `cannot open SQLite database ${path}: ${(error as Error).message}`,
      { path },
      { cause: error },
    );
  }
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    sqlite.close();
    throw new ChainStoreError(
      ChainErrorCodes.STORE_INVALID,
      `cannot migrate SQLite database ${path}: ${(error as Error).message}`,
      { path },
      { cause: error },
    );
  }
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * Event cursors persisted in SQLite (drizzle). A consumer that keeps its own tables in the same
 * file (through `database`) can run its writes and `saveSync` inside one `transaction`, so its
 * state and its cursor never disagree after a crash. drizzle records migrations per file by
 * timestamp, so a consumer adding its own migration set to this file must date it after this
 * store's (`migrations/meta/_journal.json`).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { EventCursor } from '../chain.ts';
import { ChainErrorCodes, ChainRequestError } from '../errors.ts';
import type { CursorStore } from '../event-follower.ts';
import { type OpenedDatabase, openSqlite } from '../sqlite.ts';
import * as schema from './schema.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const MAX_CURSOR_LENGTH = 1024;

export class SqliteCursorStore implements CursorStore {
  private constructor(readonly database: OpenedDatabase<typeof schema>) {}

  static open(path: string): SqliteCursorStore {
    return new SqliteCursorStore(openSqlite(path, schema, migrationsFolder));
  }

  loadSync(name: string): EventCursor | null {
    return this.database.db.select().from(schema.eventCursors).where(eq(schema.eventCursors.name, name)).get()?.cursor ?? null;
  }

  saveSync(name: string, cursor: EventCursor): void {
    if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) {
      throw new ChainRequestError(
        ChainErrorCodes.INVALID_CURSOR,
        `a cursor is a non-empty string of at most ${MAX_CURSOR_LENGTH} characters`,
      );
    }
    this.database.db
      .insert(schema.eventCursors)
      .values({ name, cursor })
      .onConflictDoUpdate({ target: schema.eventCursors.name, set: { cursor } })
      .run();
  }

  async load(name: string): Promise<EventCursor | null> {
    return this.loadSync(name);
  }

  async save(name: string, cursor: EventCursor): Promise<void> {
    this.saveSync(name, cursor);
  }

  /** Runs `work` in one SQLite transaction of this file. */
  transaction<T>(work: () => T): T {
    return this.database.sqlite.transaction(work)();
  }

  close(): void {
    this.database.close();
  }
}

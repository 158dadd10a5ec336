/** The event-cursor store's SQLite schema (drizzle); DDL in `migrations/`. */
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const eventCursors = sqliteTable('event_cursors', {
  name: text('name').primaryKey(),
  cursor: text('cursor').notNull(),
});

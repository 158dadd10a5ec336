/**
 * The local chain's SQLite schema (drizzle). The matching DDL is in `migrations/`, applied by
 * `openLocalDatabase`; a new column or table means a new migration file, never an edit.
 *
 * - `objects`: every object that ever existed, with its latest version, digest, type, owner,
 *   BCS contents and storage rebate. Deleted and wrapped objects keep a row (owner kind `deleted` / `wrapped`) so
 *   their ids are never reused and reads can say why they are gone.
 * - `table_entries`: the key → child object index of each `ObjectTable`.
 * - `transactions`: one row per executed transaction (successful or failed) with its result;
 *   the row's sequence is also its checkpoint's sequence (one transaction per checkpoint).
 * - `events`: the event log in chain order; `sequence` is the cursor.
 * - `meta`: the deployment (package and coordinator ids) and chain parameters.
 * @module
 */
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const objects = sqliteTable(
  'objects',
  {
    id: text('id').primaryKey(),
    version: integer('version').notNull(),
    digest: text('digest').notNull(),
    type: text('type').notNull(),
    ownerKind: text('owner_kind').notNull(),
    owner: text('owner').notNull(),
    bcs: blob('bcs', { mode: 'buffer' }).notNull(),
    previousTransaction: text('previous_transaction').notNull(),
    /** Sui's `storage_rebate` of the object's latest version (MIST); 0 once deleted or wrapped. */
    storageRebate: integer('storage_rebate').notNull().default(0),
  },
  (table) => [index('objects_owner').on(table.ownerKind, table.owner)],
);

export const tableEntries = sqliteTable(
  'table_entries',
  {
    tableId: text('table_id').notNull(),
    key: text('key').notNull(),
    objectId: text('object_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tableId, table.key] })],
);

export const transactions = sqliteTable('transactions', {
  sequence: integer('sequence').primaryKey(),
  digest: text('digest').notNull().unique(),
  sender: text('sender').notNull(),
  kind: text('kind').notNull(),
  success: integer('success', { mode: 'boolean' }).notNull(),
  result: text('result').notNull(),
  timestampMs: integer('timestamp_ms').notNull(),
  /** The BCS TransactionData a sender signed (null for system transactions). */
  bcs: blob('bcs', { mode: 'buffer' }),
  /** Its signatures, a JSON array of base64 (null for system transactions). */
  signatures: text('signatures'),
});

export const events = sqliteTable(
  'events',
  {
    sequence: integer('sequence').primaryKey(),
    txDigest: text('tx_digest').notNull(),
    eventSeq: integer('event_seq').notNull(),
    checkpoint: integer('checkpoint').notNull(),
    timestampMs: integer('timestamp_ms').notNull(),
    packageId: text('package_id').notNull(),
    module: text('module').notNull(),
    sender: text('sender').notNull(),
    type: text('type').notNull(),
    bcs: blob('bcs', { mode: 'buffer' }).notNull(),
  },
  (table) => [index('events_tx').on(table.txDigest, table.eventSeq)],
);

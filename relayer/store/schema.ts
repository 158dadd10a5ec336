/**
 * The relayer's SQLite schema (drizzle); the DDL is in `migrations/`.
 *
 * - `batches`: each distinct batch (by digest) validators signed for a sequence and epoch;
 * - `signatures`: every verified signature share, stored before the validator gets its answer;
 * - `submissions`: per sequence, what this relayer did about it (submitting, landed, lost the
 *   race, failed), so that after a restart it checks the chain before sending anything again.
 * @module
 */
import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const batches = sqliteTable(
  'batches',
  {
    sequence: integer('sequence').notNull(),
    epoch: text('epoch').notNull(),
    digest: text('digest').notNull(),
    batch: blob('batch', { mode: 'buffer' }).notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sequence, t.epoch, t.digest] })],
);

export const signatures = sqliteTable(
  'signatures',
  {
    sequence: integer('sequence').notNull(),
    epoch: text('epoch').notNull(),
    digest: text('digest').notNull(),
    signer: integer('signer').notNull(),
    signature: blob('signature', { mode: 'buffer' }).notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sequence, t.epoch, t.digest, t.signer] })],
);

export const submissions = sqliteTable('submissions', {
  sequence: integer('sequence').primaryKey(),
  epoch: text('epoch').notNull(),
  digest: text('digest').notNull(),
  status: text('status').notNull(),
  attempts: integer('attempts').notNull().default(0),
  txDigest: text('tx_digest'),
  detail: text('detail'),
  updatedAt: integer('updated_at').notNull(),
});

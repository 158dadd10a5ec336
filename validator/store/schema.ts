/**
 * The validator's SQLite schema (drizzle); the DDL is in `migrations/`.
 *
 * - `requests`: every request event seen on chain (keyed by its session id, 64 hex digits), with this validator's result for it (the BCS of
 *   one `SessionResult` entry of a result batch), the batch that carries it, and whether the chain
 *   has recorded it.
 * - `mpc_sessions`: one row per MPC session (a request, a presign batch, or the agreement on a
 *   result batch): the serialized session machine (it may hold secrets between rounds: the file
 *   is the validator's, like its key file) and how it ended.
 * - `inbox`: envelopes accepted from peers, kept until the session state that includes them is
 *   persisted (or, for a session not known yet, until it starts).
 * - `outbox`: envelopes to deliver, written in the same transaction as the state that produced
 *   them, deleted once a peer acknowledged them.
 * - `batches`: decided result batches with this validator's BLS signature, and which relayers hold it.
 * - `consumed_presigns`: the presign ledger (a presign is used by one sign session, ever).
 * - `event_cursor`, `meta`: the chain cursor and small facts (the chain's next result sequence).
 * @module
 */
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SessionId } from '../../chain/session-id.ts';

export const requests = sqliteTable(
  'requests',
  {
    sessionId: text('session_id').$type<SessionId>().primaryKey(),
    mpcSessionId: text('mpc_session_id'),
    kind: text('kind').notNull(),
    sessionSequence: integer('session_sequence').notNull(),
    txDigest: text('tx_digest').notNull(),
    eventName: text('event_name').notNull(),
    event: blob('event', { mode: 'buffer' }).notNull(),
    result: blob('result', { mode: 'buffer' }),
    resultAt: integer('result_at'),
    batchSequence: integer('batch_sequence'),
    onChain: integer('on_chain', { mode: 'boolean' }).notNull().default(false),
    requestedAt: integer('requested_at').notNull(),
  },
  (t) => [index('requests_mpc_session').on(t.mpcSessionId), index('requests_ready').on(t.batchSequence, t.onChain)],
);

export const mpcSessions = sqliteTable('mpc_sessions', {
  mpcSessionId: text('mpc_session_id').primaryKey(),
  kind: text('kind').notNull(),
  status: text('status').notNull(),
  state: blob('state', { mode: 'buffer' }),
  epoch: text('epoch').notNull(),
  createdAt: integer('created_at').notNull(),
  endedAt: integer('ended_at'),
  outcome: text('outcome'),
});

export const inbox = sqliteTable(
  'inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mpcSessionId: text('mpc_session_id').notNull(),
    digest: text('digest').notNull().unique(),
    sender: integer('sender').notNull(),
    envelope: blob('envelope', { mode: 'buffer' }).notNull(),
    handled: integer('handled', { mode: 'boolean' }).notNull().default(false),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [index('inbox_session').on(t.mpcSessionId)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mpcSessionId: text('mpc_session_id').notNull(),
    recipient: integer('recipient').notNull(),
    envelope: blob('envelope', { mode: 'buffer' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outbox_due').on(t.recipient, t.nextAttemptAt), index('outbox_session').on(t.mpcSessionId)],
);

export const batches = sqliteTable('batches', {
  sequence: integer('sequence').primaryKey(),
  epoch: text('epoch').notNull(),
  batch: blob('batch', { mode: 'buffer' }),
  signature: blob('signature', { mode: 'buffer' }),
  decidedAt: integer('decided_at'),
  onChain: integer('on_chain', { mode: 'boolean' }).notNull().default(false),
  acked: text('acked').notNull().default('[]'),
  /** The agreement attempt that decided `batch`: a batch that did not land is decided again, smaller (batches/decider.ts). */
  attempt: integer('attempt').notNull().default(0),
});

export const consumedPresigns = sqliteTable('consumed_presigns', {
  presign: text('presign').primaryKey(),
  /** The one session allowed to use it (re-running that session after a crash is not a second use). */
  mpcSessionId: text('mpc_session_id').notNull(),
  consumedAt: integer('consumed_at').notNull(),
});

export const eventCursor = sqliteTable('event_cursor', {
  name: text('name').primaryKey(),
  cursor: text('cursor').notNull(),
});

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

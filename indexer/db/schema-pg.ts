/**
 * The indexer's tables in PostgreSQL (drizzle pg-core): the same tables as `schema.ts`, with the
 * same JS keys, the same SQL names and the same row types, so that one projection and one set of
 * queries (work.ts) serve both dialects; the schema parity test holds them together. The types
 * map as schema.ts announces: text → text, small numbers → integer, millisecond timestamps and
 * `results.id` → bigint read as a JS number (postgres-store.ts refuses a value beyond 2^53),
 * booleans → boolean. The DDL is in `migrations/postgres/`.
 * @module
 */
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** A millisecond timestamp. */
const ms = (name: string) => bigint(name, { mode: 'number' });

export const indexerCursors = pgTable('indexer_cursors', {
  name: text('name').primaryKey(),
  cursor: text('cursor').notNull(),
  // A count that grows with the chain: 64 bits, as SQLite's integer.
  eventsIndexed: bigint('events_indexed', { mode: 'number' }).notNull(),
  lastEventAt: ms('last_event_at'),
  updatedAt: ms('updated_at').notNull(),
});

export const committees = pgTable('committees', {
  epoch: text('epoch').primaryKey(),
  threshold: text('threshold').notNull(),
  totalWeight: text('total_weight').notNull(),
  members: text('members').notNull(),
  txDigest: text('tx_digest').notNull(),
  setAt: ms('set_at').notNull(),
});

export const networkKeys = pgTable('network_keys', {
  id: text('id').primaryKey(),
  curves: text('curves').notNull(),
  epoch: text('epoch').notNull(),
  keyCommitment: text('key_commitment').notNull(),
  txDigest: text('tx_digest').notNull(),
  registeredAt: ms('registered_at').notNull(),
});

export const dwallets = pgTable(
  'dwallets',
  {
    id: text('id').primaryKey(),
    capId: text('cap_id').notNull(),
    owner: text('owner').notNull(),
    curve: integer('curve').notNull(),
    algorithm: integer('algorithm').notNull().default(0),
    networkKeyId: text('network_key_id').notNull(),
    imported: boolean('imported').notNull(),
    state: text('state').notNull(),
    output: text('output'),
    publicKey: text('public_key'),
    publicUserShare: text('public_user_share'),
    sessionId: text('session_id').notNull(),
    createdTx: text('created_tx').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('dwallets_owner').on(t.owner, t.id)],
);

export const sessions = pgTable(
  'sessions',
  {
    sessionId: text('session_id').primaryKey(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    objectId: text('object_id').notNull(),
    dwalletId: text('dwallet_id'),
    requester: text('requester').notNull(),
    networkKeyId: text('network_key_id'),
    curve: integer('curve').notNull(),
    algorithm: integer('algorithm').notNull().default(0),
    epoch: text('epoch').notNull(),
    sessionSequence: text('session_sequence').notNull(),
    fee: text('fee').notNull(),
    requestTx: text('request_tx').notNull(),
    requestedAt: ms('requested_at').notNull(),
    completedTx: text('completed_tx'),
    completedAt: ms('completed_at'),
    resultSequence: text('result_sequence'),
    reasonCode: integer('reason_code'),
    reason: text('reason'),
    blamed: text('blamed'),
  },
  (t) => [
    index('sessions_object').on(t.objectId),
    // The newest-first lists (queries.ts `sessions`): all, and a dWallet's.
    index('sessions_requested').on(t.requestedAt, t.sessionId),
    index('sessions_dwallet').on(t.dwalletId, t.requestedAt, t.sessionId),
  ],
);

export const presigns = pgTable(
  'presigns',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    networkKeyId: text('network_key_id').notNull(),
    curve: integer('curve').notNull(),
    algorithm: integer('algorithm').notNull().default(0),
    dwalletId: text('dwallet_id'),
    requester: text('requester').notNull(),
    state: text('state').notNull(),
    output: text('output'),
    claimedBy: text('claimed_by'),
    capId: text('cap_id'),
    usedBy: text('used_by'),
    requestedAt: ms('requested_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('presigns_pool').on(t.networkKeyId, t.curve, t.algorithm, t.state)],
);

export const signatures = pgTable(
  'signatures',
  {
    signId: text('sign_id').primaryKey(),
    sessionId: text('session_id').notNull(),
    dwalletId: text('dwallet_id').notNull(),
    networkKeyId: text('network_key_id').notNull(),
    curve: integer('curve').notNull(),
    algorithm: integer('algorithm').notNull().default(0),
    hashScheme: integer('hash_scheme').notNull(),
    message: text('message').notNull(),
    presignId: text('presign_id').notNull(),
    partialSignatureId: text('partial_signature_id'),
    status: text('status').notNull(),
    signature: text('signature'),
    requestedAt: ms('requested_at').notNull(),
    completedAt: ms('completed_at'),
  },
  // A dWallet's sign requests, newest first (queries.ts `signatures`).
  (t) => [index('signatures_dwallet').on(t.dwalletId, t.requestedAt, t.signId)],
);

export const partialSignatures = pgTable('partial_signatures', {
  id: text('id').primaryKey(),
  sessionId: text('session_id').notNull(),
  dwalletId: text('dwallet_id').notNull(),
  networkKeyId: text('network_key_id').notNull(),
  curve: integer('curve').notNull(),
  hashScheme: integer('hash_scheme').notNull(),
  message: text('message').notNull(),
  presignId: text('presign_id').notNull(),
  status: text('status').notNull(),
  usedBySignId: text('used_by_sign_id'),
  requestedAt: ms('requested_at').notNull(),
  completedAt: ms('completed_at'),
});

export const resultBatches = pgTable('result_batches', {
  sequence: text('sequence').primaryKey(),
  epoch: text('epoch').notNull(),
  resultCount: text('result_count').notNull(),
  signerWeight: text('signer_weight').notNull(),
  submitter: text('submitter').notNull(),
  feesPaid: text('fees_paid').notNull(),
  txDigest: text('tx_digest').notNull(),
  processedAt: ms('processed_at').notNull(),
});

/** `id`: an identity column, monotonic and never reused (gaps allowed), the live stream's event id. */
export const results = pgTable(
  'results',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: text('session_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    objectId: text('object_id').notNull(),
    dwalletId: text('dwallet_id'),
    payload: text('payload').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('results_session').on(t.sessionId)],
);

export const networkSessions = pgTable('network_sessions', {
  sessionId: text('session_id').primaryKey(),
  kind: text('kind').notNull(),
  status: text('status').notNull(),
  objectId: text('object_id').notNull(),
  requester: text('requester').notNull(),
  epoch: text('epoch').notNull(),
  sessionSequence: text('session_sequence').notNull(),
  request: text('request').notNull(),
  requestTx: text('request_tx').notNull(),
  requestedAt: ms('requested_at').notNull(),
  completedTx: text('completed_tx'),
  completedAt: ms('completed_at'),
  resultSequence: text('result_sequence'),
  outcome: text('outcome'),
  reasonCode: integer('reason_code'),
  reason: text('reason'),
});

/**
 * Users' class-group encryption keys (the user's share, issue 21), one per (owner, curve) on chain:
 * a rejected key is replaced in place (same id, new key and session).
 */
export const encryptionKeys = pgTable(
  'encryption_keys',
  {
    id: text('id').primaryKey(),
    owner: text('owner').notNull(),
    curve: integer('curve').notNull(),
    encryptionKey: text('encryption_key').notNull(),
    state: text('state').notNull(),
    sessionId: text('session_id').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('encryption_keys_owner').on(t.owner, t.curve)],
);

/**
 * Encrypted user shares: a backup (under the owner's own key) or a transfer (under the
 * recipient's, `owner`), with the ciphertext and proof the validators verified.
 */
export const encryptedShares = pgTable(
  'encrypted_shares',
  {
    id: text('id').primaryKey(),
    dwalletId: text('dwallet_id').notNull(),
    owner: text('owner').notNull(),
    sender: text('sender').notNull(),
    transfer: boolean('transfer').notNull(),
    state: text('state').notNull(),
    sessionId: text('session_id').notNull(),
    encryptedShare: text('encrypted_share').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  // Newest-first lists (queries.ts): a dWallet's, an owner's.
  (t) => [
    index('encrypted_shares_dwallet').on(t.dwalletId, t.createdAt, t.id),
    index('encrypted_shares_owner').on(t.owner, t.createdAt, t.id),
  ],
);

export const skippedEvents = pgTable(
  'skipped_events',
  {
    txDigest: text('tx_digest').notNull(),
    eventSeq: integer('event_seq').notNull(),
    type: text('type').notNull(),
    error: text('error').notNull(),
    skippedAt: ms('skipped_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.txDigest, t.eventSeq] })],
);

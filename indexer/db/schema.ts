/**
 * The indexer's tables (drizzle, SQLite dialect); the DDL is in `migrations/`, written by hand so
 * it stays portable to PostgreSQL (ARCHITECTURE.md: "the indexer can use PostgreSQL instead of
 * SQLite"). Conventions, held by every table:
 *
 * - object ids and addresses are text, `0x` + 64 lowercase hex; session ids are text, 64
 *   lowercase hex without `0x` (the API adds it); other bytes are text, lowercase hex without `0x`;
 * - u64 quantities of the chain (epochs, sequences, weights, fees) are text holding the decimal
 *   value, so no engine's integer limit applies; small numbers (curve, signature algorithm, hash
 *   scheme, reason code)
 *   and millisecond timestamps are integers;
 * - lists (curves, committee members, blamed parties) are JSON text;
 * - booleans are integers 0/1 (drizzle's boolean mode);
 * - `results.id` is the one generated key: SQLite `INTEGER PRIMARY KEY AUTOINCREMENT`, an
 *   identity column in PostgreSQL — monotonic, never reused, the live stream's event id.
 *
 * Table names are distinct from the validator's (`requests`, `mpc_sessions`, `batches`, …) so an
 * embedding validator can keep both in its one file.
 * @module
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The follower's position, per consumer name, with what /health reports. */
export const indexerCursors = sqliteTable('indexer_cursors', {
  name: text('name').primaryKey(),
  cursor: text('cursor').notNull(),
  eventsIndexed: integer('events_indexed').notNull(),
  lastEventAt: integer('last_event_at'),
  updatedAt: integer('updated_at').notNull(),
});

export const committees = sqliteTable('committees', {
  epoch: text('epoch').primaryKey(),
  threshold: text('threshold').notNull(),
  totalWeight: text('total_weight').notNull(),
  /** JSON: [{ suiAddress, weight, networkAddress, publicKey, shareEncryptionKey }] (weight decimal, keys 0x-hex). */
  members: text('members').notNull(),
  txDigest: text('tx_digest').notNull(),
  setAt: integer('set_at').notNull(),
});

export const networkKeys = sqliteTable('network_keys', {
  id: text('id').primaryKey(),
  /** JSON array of curve ids. */
  curves: text('curves').notNull(),
  epoch: text('epoch').notNull(),
  keyCommitment: text('key_commitment').notNull(),
  txDigest: text('tx_digest').notNull(),
  registeredAt: integer('registered_at').notNull(),
});

export const dwallets = sqliteTable(
  'dwallets',
  {
    id: text('id').primaryKey(),
    capId: text('cap_id').notNull(),
    owner: text('owner').notNull(),
    curve: integer('curve').notNull(),
    /** The signature algorithm id (chain/constants `SignatureAlgorithm`); 0 for rows indexed before it existed (all ECDSA). */
    algorithm: integer('algorithm').notNull().default(0),
    networkKeyId: text('network_key_id').notNull(),
    imported: integer('imported', { mode: 'boolean' }).notNull(),
    /** pending | active | rejected */
    state: text('state').notNull(),
    output: text('output'),
    /** The dWallet's public key (compressed point), when the output decodes. */
    publicKey: text('public_key'),
    /**
     * x_A of a shared dWallet (hex, 32 bytes): from its DKG request (the validators check it before
     * the dWallet becomes active), or from a certified conversion (`DWalletMadeShared`).
     */
    publicUserShare: text('public_user_share'),
    sessionId: text('session_id').notNull(),
    createdTx: text('created_tx').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('dwallets_owner').on(t.owner, t.id)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    sessionId: text('session_id').primaryKey(),
    /** A user session kind (chain/schemas/requests.ts): dkg | imported-key | presign | sign | future-sign | make-shared | register-encryption-key | share-backup | share-transfer */
    kind: text('kind').notNull(),
    /** pending | completed | rejected | cancelled */
    status: text('status').notNull(),
    /** The object the session is about: dWallet, presign, sign, partial signature, encryption key or encrypted share id. */
    objectId: text('object_id').notNull(),
    dwalletId: text('dwallet_id'),
    requester: text('requester').notNull(),
    /** The network key of the session's dWallet; null for a registration of a user encryption key, which names none. */
    networkKeyId: text('network_key_id'),
    curve: integer('curve').notNull(),
    algorithm: integer('algorithm').notNull().default(0),
    epoch: text('epoch').notNull(),
    sessionSequence: text('session_sequence').notNull(),
    fee: text('fee').notNull(),
    requestTx: text('request_tx').notNull(),
    requestedAt: integer('requested_at').notNull(),
    completedTx: text('completed_tx'),
    completedAt: integer('completed_at'),
    resultSequence: text('result_sequence'),
    reasonCode: integer('reason_code'),
    /** Hex of the reason bytes. */
    reason: text('reason'),
    /** JSON array of blamed committee indices. */
    blamed: text('blamed'),
  },
  (t) => [
    index('sessions_object').on(t.objectId),
    // The newest-first lists (queries.ts `sessions`): all, and a dWallet's.
    index('sessions_requested').on(t.requestedAt, t.sessionId),
    index('sessions_dwallet').on(t.dwalletId, t.requestedAt, t.sessionId),
  ],
);

export const presigns = sqliteTable(
  'presigns',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    networkKeyId: text('network_key_id').notNull(),
    curve: integer('curve').notNull(),
    algorithm: integer('algorithm').notNull().default(0),
    dwalletId: text('dwallet_id'),
    requester: text('requester').notNull(),
    /** requested | completed | claimed | rejected */
    state: text('state').notNull(),
    output: text('output'),
    claimedBy: text('claimed_by'),
    capId: text('cap_id'),
    /** The sign or future-sign request that used it. */
    usedBy: text('used_by'),
    requestedAt: integer('requested_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('presigns_pool').on(t.networkKeyId, t.curve, t.algorithm, t.state)],
);

export const signatures = sqliteTable(
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
    /** pending | completed | rejected */
    status: text('status').notNull(),
    signature: text('signature'),
    requestedAt: integer('requested_at').notNull(),
    completedAt: integer('completed_at'),
  },
  // A dWallet's sign requests, newest first (queries.ts `signatures`).
  (t) => [index('signatures_dwallet').on(t.dwalletId, t.requestedAt, t.signId)],
);

export const partialSignatures = sqliteTable('partial_signatures', {
  id: text('id').primaryKey(),
  sessionId: text('session_id').notNull(),
  dwalletId: text('dwallet_id').notNull(),
  networkKeyId: text('network_key_id').notNull(),
  curve: integer('curve').notNull(),
  hashScheme: integer('hash_scheme').notNull(),
  message: text('message').notNull(),
  presignId: text('presign_id').notNull(),
  /** pending | verified | rejected */
  status: text('status').notNull(),
  /** The sign request that completed it with an approval. */
  usedBySignId: text('used_by_sign_id'),
  requestedAt: integer('requested_at').notNull(),
  completedAt: integer('completed_at'),
});

export const resultBatches = sqliteTable('result_batches', {
  sequence: text('sequence').primaryKey(),
  epoch: text('epoch').notNull(),
  resultCount: text('result_count').notNull(),
  signerWeight: text('signer_weight').notNull(),
  submitter: text('submitter').notNull(),
  feesPaid: text('fees_paid').notNull(),
  txDigest: text('tx_digest').notNull(),
  processedAt: integer('processed_at').notNull(),
});

/**
 * The append-only feed of results (one row per session that completed or was rejected), in
 * chain order; `payload` is the JSON the live stream sends, fixed when the result was indexed.
 */
export const results = sqliteTable(
  'results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    objectId: text('object_id').notNull(),
    dwalletId: text('dwallet_id'),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('results_session').on(t.sessionId)],
);

/**
 * The network's own sessions (request kinds of work `network`: a network key's DKG, an epoch
 * change), opened by the administrator. They are kept apart from `sessions`, whose rows are user
 * sessions about a dWallet on one network key and curve, and produce no feed entry.
 */
export const networkSessions = sqliteTable('network_sessions', {
  sessionId: text('session_id').primaryKey(),
  /** network-key-dkg | reconfiguration */
  kind: text('kind').notNull(),
  /** pending | completed | rejected */
  status: text('status').notNull(),
  /** The network key (DKG) or the coordinator (reconfiguration): the session's target on chain. */
  objectId: text('object_id').notNull(),
  requester: text('requester').notNull(),
  epoch: text('epoch').notNull(),
  sessionSequence: text('session_sequence').notNull(),
  /** JSON: { curves } (DKG) or { nextEpoch, threshold, totalWeight, members } (reconfiguration). */
  request: text('request').notNull(),
  requestTx: text('request_tx').notNull(),
  requestedAt: integer('requested_at').notNull(),
  completedTx: text('completed_tx'),
  completedAt: integer('completed_at'),
  resultSequence: text('result_sequence'),
  /** JSON: { keyCommitment, thresholdKeyDigest } (DKG) or { epoch } (reconfiguration). */
  outcome: text('outcome'),
  reasonCode: integer('reason_code'),
  /** Hex of the reason bytes. */
  reason: text('reason'),
});

/**
 * Users' class-group encryption keys (the user's share, issue 21), one per (owner, curve) on chain:
 * a rejected key is replaced in place (same id, new key and session).
 */
export const encryptionKeys = sqliteTable(
  'encryption_keys',
  {
    id: text('id').primaryKey(),
    owner: text('owner').notNull(),
    curve: integer('curve').notNull(),
    /** The CL public key bytes (mpc/user-share encoding), hex. */
    encryptionKey: text('encryption_key').notNull(),
    /** pending | active | rejected */
    state: text('state').notNull(),
    /** The registration's session (the latest one, when a rejected key was replaced). */
    sessionId: text('session_id').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('encryption_keys_owner').on(t.owner, t.curve)],
);

/**
 * Encrypted user shares: a backup (under the owner's own key) or a transfer (under the
 * recipient's, `owner`), with the ciphertext and proof the validators verified.
 */
export const encryptedShares = sqliteTable(
  'encrypted_shares',
  {
    id: text('id').primaryKey(),
    dwalletId: text('dwallet_id').notNull(),
    /** Whose registered key encrypts it: the sender for a backup, the recipient for a transfer. */
    owner: text('owner').notNull(),
    /** The requester (the cap holder). */
    sender: text('sender').notNull(),
    transfer: integer('transfer', { mode: 'boolean' }).notNull(),
    /** pending | verified | rejected | accepted | withdrawn */
    state: text('state').notNull(),
    sessionId: text('session_id').notNull(),
    /** Ciphertext of x_A and its EncDL proof (mpc/user-share encoding), hex. */
    encryptedShare: text('encrypted_share').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  // Newest-first lists (queries.ts): a dWallet's, an owner's.
  (t) => [
    index('encrypted_shares_dwallet').on(t.dwalletId, t.createdAt, t.id),
    index('encrypted_shares_owner').on(t.owner, t.createdAt, t.id),
  ],
);

/** Events of the package that did not decode: recorded, logged, and passed over. */
export const skippedEvents = sqliteTable(
  'skipped_events',
  {
    txDigest: text('tx_digest').notNull(),
    eventSeq: integer('event_seq').notNull(),
    type: text('type').notNull(),
    error: text('error').notNull(),
    skippedAt: integer('skipped_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.txDigest, t.eventSeq] })],
);

export type CommitteeRow = typeof committees.$inferSelect;
export type NetworkKeyRow = typeof networkKeys.$inferSelect;
export type DWalletRow = typeof dwallets.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type PresignRow = typeof presigns.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;
export type PartialSignatureRow = typeof partialSignatures.$inferSelect;
export type ResultBatchRow = typeof resultBatches.$inferSelect;
export type ResultRow = typeof results.$inferSelect;
export type NetworkSessionRow = typeof networkSessions.$inferSelect;
export type EncryptionKeyRow = typeof encryptionKeys.$inferSelect;
export type EncryptedShareRow = typeof encryptedShares.$inferSelect;

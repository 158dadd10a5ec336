/**
 * What each event of the coordinator means for the indexer's tables. `project` is a unit of work
 * (db/work.ts: one projection for SQLite and PostgreSQL) run inside the page's transaction
 * (indexer.ts), so rows derived from an event commit together with the cursor past it. Every
 * write is idempotent — requests insert-or-ignore (a registration that replaces a rejected key
 * updates its row only under a new session), results update to the same values, the feed holds
 * one row per session — so an event delivered twice changes nothing.
 *
 * A result event for a session the indexer never saw requested (a database started after the
 * request, or a chain that lost it) updates nothing and is reported to the caller, which logs it.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { and, eq, ne } from 'drizzle-orm';
import { type Curve, defaultAlgorithm } from '../chain/constants.ts';
import type { DWalletEvent } from '../chain/schemas/events.ts';
import {
  isNetworkSessionKind,
  kindOfCompletionEvent,
  kindOfRequestCode,
  kindOfRequestEvent,
  type NetworkSessionKind,
  objectIdOfRequest,
  type REQUEST_KINDS,
  type SessionKind,
  type UserSessionKind,
} from '../chain/schemas/requests.ts';
import type * as schema from './db/schema.ts';
import { exec, rows, type Tables, type Work } from './db/work.ts';
import { publicKeyOfOutput } from './public-key.ts';
import { type FeedEntry, type ResultRecord, sessionRecord } from './views.ts';

/** Where an event sits on chain. */
export interface EventContext {
  readonly txDigest: string;
  /** Chain time of the event (ms), or the indexer's clock when the chain gives none. */
  readonly timestampMs: number;
}

export interface ProjectionOutcome {
  /** Results appended to the feed by this event. */
  readonly results: FeedEntry[];
  /** Set when a result names a session that was never requested. */
  readonly unknownSession?: string;
}

type Of<N extends DWalletEvent['name']> = Extract<DWalletEvent, { name: N }>['value'];

const NOTHING: ProjectionOutcome = { results: [] };

function hex(bytes: Uint8Array | Iterable<number>): string {
  return bytesToHex(Uint8Array.from(bytes));
}

interface RequestFields {
  session_id: Uint8Array;
  session_sequence: bigint;
  epoch: bigint;
  requester: string;
  /** Absent from an encryption key's registration, which is per curve, not per network key. */
  network_key_id?: string;
  curve: number;
  /** Absent from an encryption key's registration: it pays the fee of the curve's default algorithm. */
  algorithm?: number;
  fee: bigint;
  /** A request about a dWallet names it (a universal presign: null; a registration: absent). */
  dwallet_id?: string | null;
}

/** The session row every request opens; the object row is the kind's own (KIND_PROJECTIONS). */
function* insertSession({ db, t }: Tables, ctx: EventContext, kind: SessionKind, value: RequestFields): Work<void> {
  yield* exec(
    db
      .insert(t.sessions)
      .values({
        sessionId: hex(value.session_id),
        kind,
        status: 'pending',
        objectId: objectIdOfRequest(kind, value as unknown as Record<string, unknown>),
        dwalletId: value.dwallet_id ?? null,
        requester: value.requester,
        networkKeyId: value.network_key_id ?? null,
        curve: value.curve,
        algorithm: value.algorithm ?? defaultAlgorithm(value.curve as Curve),
        epoch: String(value.epoch),
        sessionSequence: String(value.session_sequence),
        fee: String(value.fee),
        requestTx: ctx.txDigest,
        requestedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
}

function* dwalletRequested(
  { db, t }: Tables,
  ctx: EventContext,
  value: Of<'DWalletDkgRequested'> | Of<'ImportedKeyDWalletRequested'>,
  imported: boolean,
): Work<void> {
  yield* exec(
    db
      .insert(t.dwallets)
      .values({
        id: value.dwallet_id,
        capId: value.dwallet_cap_id,
        owner: value.requester,
        curve: value.curve,
        algorithm: value.algorithm,
        networkKeyId: value.network_key_id,
        imported,
        state: 'pending',
        publicUserShare: 'public_user_share' in value && value.public_user_share !== null ? hex(value.public_user_share) : null,
        sessionId: hex(value.session_id),
        createdTx: ctx.txDigest,
        createdAt: ctx.timestampMs,
        updatedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
}

function* presignRequested({ db, t }: Tables, ctx: EventContext, value: Of<'PresignRequested'>): Work<void> {
  yield* exec(
    db
      .insert(t.presigns)
      .values({
        id: value.presign_id,
        sessionId: hex(value.session_id),
        networkKeyId: value.network_key_id,
        curve: value.curve,
        algorithm: value.algorithm,
        dwalletId: value.dwallet_id,
        requester: value.requester,
        state: 'requested',
        requestedAt: ctx.timestampMs,
        updatedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
}

function* presignClaimed({ db, t }: Tables, ctx: EventContext, value: Of<'PresignClaimed'>): Work<ProjectionOutcome> {
  yield* exec(
    db
      .update(t.presigns)
      .set({ state: 'claimed', claimedBy: value.claimer, capId: value.presign_cap_id, updatedAt: ctx.timestampMs })
      .where(eq(t.presigns.id, value.presign_id)),
  );
  return NOTHING;
}

function* signRequested({ db, t }: Tables, ctx: EventContext, value: Of<'SignRequested'>): Work<void> {
  yield* exec(
    db
      .insert(t.signatures)
      .values({
        signId: value.sign_id,
        sessionId: hex(value.session_id),
        dwalletId: value.dwallet_id,
        networkKeyId: value.network_key_id,
        curve: value.curve,
        algorithm: value.algorithm,
        hashScheme: value.hash_scheme,
        message: hex(value.message),
        presignId: value.presign_id,
        partialSignatureId: value.partial_signature_id,
        status: 'pending',
        requestedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
  if (value.partial_signature_id !== null) {
    yield* exec(
      db.update(t.partialSignatures).set({ usedBySignId: value.sign_id }).where(eq(t.partialSignatures.id, value.partial_signature_id)),
    );
  } else {
    yield* exec(
      db.update(t.presigns).set({ usedBy: value.sign_id, updatedAt: ctx.timestampMs }).where(eq(t.presigns.id, value.presign_id)),
    );
  }
}

function* futureSignRequested({ db, t }: Tables, ctx: EventContext, value: Of<'FutureSignRequested'>): Work<void> {
  yield* exec(
    db
      .insert(t.partialSignatures)
      .values({
        id: value.partial_signature_id,
        sessionId: hex(value.session_id),
        dwalletId: value.dwallet_id,
        networkKeyId: value.network_key_id,
        curve: value.curve,
        hashScheme: value.hash_scheme,
        message: hex(value.message),
        presignId: value.presign_id,
        status: 'pending',
        requestedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
  yield* exec(
    db
      .update(t.presigns)
      .set({ usedBy: value.partial_signature_id, updatedAt: ctx.timestampMs })
      .where(eq(t.presigns.id, value.presign_id)),
  );
}

/**
 * Closes the session (completed, rejected or cancelled) and appends its result to the feed. Returns the
 * session row as closed, or undefined when the session is unknown.
 */
function* closeSession(
  { db, t }: Tables,
  ctx: EventContext,
  sessionIdBytes: Uint8Array,
  resultSequence: bigint | null,
  closing: Partial<schema.SessionRow> & { status: 'completed' | 'rejected' | 'cancelled' },
  produced: { signature?: string; output?: string },
): Work<{ row: schema.SessionRow; results: FeedEntry[] } | undefined> {
  const sessionId = hex(sessionIdBytes);
  const [existing] = yield* rows(db.select().from(t.sessions).where(eq(t.sessions.sessionId, sessionId)));
  if (existing === undefined) return undefined;
  const row: schema.SessionRow = {
    ...existing,
    ...closing,
    completedTx: ctx.txDigest,
    completedAt: ctx.timestampMs,
    resultSequence: resultSequence === null ? null : String(resultSequence),
  };
  yield* exec(db.update(t.sessions).set(row).where(eq(t.sessions.sessionId, sessionId)));
  const result: ResultRecord = {
    ...sessionRecord(row),
    signature: produced.signature === undefined ? null : `0x${produced.signature}`,
    output: produced.output === undefined ? null : `0x${produced.output}`,
  };
  const inserted = yield* rows(
    db
      .insert(t.results)
      .values({
        sessionId,
        kind: row.kind,
        status: row.status,
        objectId: row.objectId,
        dwalletId: row.dwalletId,
        payload: JSON.stringify(result),
        createdAt: ctx.timestampMs,
      })
      .onConflictDoNothing()
      .returning({ id: t.results.id }),
  );
  return { row, results: inserted.map(({ id }) => ({ id, result })) };
}

function unknown(sessionId: Uint8Array): ProjectionOutcome {
  return { results: [], unknownSession: hex(sessionId) };
}

function* dwalletCompleted(
  { db, t }: Tables,
  ctx: EventContext,
  value: Of<'DWalletDkgCompleted'> | Of<'ImportedKeyDWalletVerified'>,
  row: schema.SessionRow,
): Work<void> {
  yield* exec(
    db
      .update(t.dwallets)
      .set({
        state: 'active',
        output: hex(value.output),
        publicKey: publicKeyOfOutput(row.curve, Uint8Array.from(value.output)),
        updatedAt: ctx.timestampMs,
      })
      .where(eq(t.dwallets.id, value.dwallet_id)),
  );
}

function* setDWalletState({ db, t }: Tables, ctx: EventContext, id: string, state: 'rejected'): Work<void> {
  yield* exec(db.update(t.dwallets).set({ state, updatedAt: ctx.timestampMs }).where(eq(t.dwallets.id, id)));
}

/**
 * A registration of a user encryption key: its row, pending. A rejected key is replaced in place
 * on chain (same id, new key and session), so a request for a known id whose session differs
 * overwrites the row; the same request delivered again changes nothing.
 */
function* encryptionKeyRequested({ db, t }: Tables, ctx: EventContext, value: Of<'EncryptionKeyRegistrationRequested'>): Work<void> {
  const sessionId = hex(value.session_id);
  const replaced = { encryptionKey: hex(value.encryption_key), state: 'pending', sessionId, updatedAt: ctx.timestampMs };
  yield* exec(
    db
      .insert(t.encryptionKeys)
      .values({ id: value.encryption_key_id, owner: value.owner, curve: value.curve, ...replaced, createdAt: ctx.timestampMs })
      .onConflictDoUpdate({ target: t.encryptionKeys.id, set: replaced, setWhere: ne(t.encryptionKeys.sessionId, sessionId) }),
  );
}

function* encryptionKeyRegistered({ db, t }: Tables, ctx: EventContext, value: Of<'EncryptionKeyRegistered'>): Work<void> {
  yield* exec(
    db
      .update(t.encryptionKeys)
      .set({ state: 'active', updatedAt: ctx.timestampMs })
      .where(and(eq(t.encryptionKeys.id, value.encryption_key_id), eq(t.encryptionKeys.sessionId, hex(value.session_id)))),
  );
}

/** A backup or a transfer: the encrypted share's row, pending. */
function* shareEncryptionRequested(
  { db, t }: Tables,
  ctx: EventContext,
  value: Of<'ShareBackupRequested'> | Of<'ShareTransferRequested'>,
  transfer: boolean,
): Work<void> {
  yield* exec(
    db
      .insert(t.encryptedShares)
      .values({
        id: value.encrypted_share_id,
        dwalletId: value.dwallet_id,
        owner: value.owner,
        sender: value.requester,
        transfer,
        state: 'pending',
        sessionId: hex(value.session_id),
        encryptedShare: hex(value.encrypted_share),
        createdAt: ctx.timestampMs,
        updatedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
}

type EncryptedShareState = 'verified' | 'rejected' | 'accepted' | 'withdrawn';

function* setEncryptedShareState({ db, t }: Tables, ctx: EventContext, id: string, state: EncryptedShareState): Work<void> {
  yield* exec(db.update(t.encryptedShares).set({ state, updatedAt: ctx.timestampMs }).where(eq(t.encryptedShares.id, id)));
}

/**
 * A verified transfer taken by its recipient, or back by its sender (plain events: no session).
 * An accepted transfer hands the dWallet's cap to the recipient, who becomes the dWallet's owner
 * (the holder of its cap, as the dWallet's creation recorded it); a withdrawn one leaves it with
 * the sender, who stayed the owner while the cap was in escrow.
 */
function* shareTransferClosed(
  kit: Tables,
  ctx: EventContext,
  value: Of<'ShareTransferAccepted'> | Of<'ShareTransferWithdrawn'>,
  state: 'accepted' | 'withdrawn',
): Work<ProjectionOutcome> {
  yield* setEncryptedShareState(kit, ctx, value.encrypted_share_id, state);
  if ('recipient' in value) {
    const { db, t } = kit;
    yield* exec(
      db.update(t.dwallets).set({ owner: value.recipient, updatedAt: ctx.timestampMs }).where(eq(t.dwallets.id, value.dwallet_id)),
    );
  }
  return NOTHING;
}

/**
 * What each kind of session means for its own table: the object row its request creates, what its
 * completion writes there (and the signature or output it adds to the feed), and what a rejection
 * marks. The session row and the feed are written for every kind alike, by `project`.
 */
interface KindProjection<K extends SessionKind> {
  requested(kit: Tables, ctx: EventContext, value: Of<(typeof REQUEST_KINDS)[K]['requestEvent']>): Work<void>;
  produced(value: Of<(typeof REQUEST_KINDS)[K]['completionEvent']>): { signature?: string; output?: string };
  completed(kit: Tables, ctx: EventContext, value: Of<(typeof REQUEST_KINDS)[K]['completionEvent']>, row: schema.SessionRow): Work<void>;
  rejected(kit: Tables, ctx: EventContext, targetId: string): Work<void>;
}

/** The work of a kind that writes nothing of its own at that point. */
function* nothing(): Work<void> {}

const KIND_PROJECTIONS: { readonly [K in UserSessionKind]: KindProjection<K> } = {
  dkg: {
    requested: (kit, ctx, value) => dwalletRequested(kit, ctx, value, false),
    produced: (value) => ({ output: hex(value.output) }),
    completed: dwalletCompleted,
    rejected: (kit, ctx, id) => setDWalletState(kit, ctx, id, 'rejected'),
  },
  'imported-key': {
    requested: (kit, ctx, value) => dwalletRequested(kit, ctx, value, true),
    produced: (value) => ({ output: hex(value.output) }),
    completed: dwalletCompleted,
    rejected: (kit, ctx, id) => setDWalletState(kit, ctx, id, 'rejected'),
  },
  presign: {
    requested: presignRequested,
    produced: (value) => ({ output: hex(value.output) }),
    completed: ({ db, t }, ctx, value) =>
      exec(
        db
          .update(t.presigns)
          .set({ state: 'completed', output: hex(value.output), updatedAt: ctx.timestampMs })
          .where(eq(t.presigns.id, value.presign_id)),
      ),
    rejected: ({ db, t }, ctx, id) =>
      exec(db.update(t.presigns).set({ state: 'rejected', updatedAt: ctx.timestampMs }).where(eq(t.presigns.id, id))),
  },
  sign: {
    requested: signRequested,
    produced: (value) => ({ signature: hex(value.signature) }),
    completed: ({ db, t }, ctx, value) =>
      exec(
        db
          .update(t.signatures)
          .set({ status: 'completed', signature: hex(value.signature), completedAt: ctx.timestampMs })
          .where(eq(t.signatures.signId, value.sign_id)),
      ),
    rejected: ({ db, t }, ctx, id) =>
      exec(db.update(t.signatures).set({ status: 'rejected', completedAt: ctx.timestampMs }).where(eq(t.signatures.signId, id))),
  },
  // The object of a conversion is the dWallet, indexed since its creation: the request adds no row,
  // a rejection (or cancellation) leaves the dWallet as it was (ACTIVE, zero-trust).
  'make-shared': {
    requested: nothing,
    produced: (value) => ({ output: hex(value.public_user_share) }),
    completed: ({ db, t }, ctx, value) =>
      exec(
        db
          .update(t.dwallets)
          .set({ publicUserShare: hex(value.public_user_share), updatedAt: ctx.timestampMs })
          .where(eq(t.dwallets.id, value.dwallet_id)),
      ),
    rejected: nothing,
  },
  // The user's share (issue 21): keys (one row per owner and curve) and encrypted shares (one per
  // backup or transfer). A rejection or a cancellation rejects the key or the share, as on chain
  // (the chain also returns a rejected transfer's cap to its sender).
  'register-encryption-key': {
    requested: encryptionKeyRequested,
    produced: () => ({}),
    completed: encryptionKeyRegistered,
    rejected: ({ db, t }, ctx, id) =>
      exec(db.update(t.encryptionKeys).set({ state: 'rejected', updatedAt: ctx.timestampMs }).where(eq(t.encryptionKeys.id, id))),
  },
  'share-backup': {
    requested: (kit, ctx, value) => shareEncryptionRequested(kit, ctx, value, false),
    produced: () => ({}),
    completed: (kit, ctx, value) => setEncryptedShareState(kit, ctx, value.encrypted_share_id, 'verified'),
    rejected: (kit, ctx, id) => setEncryptedShareState(kit, ctx, id, 'rejected'),
  },
  'share-transfer': {
    requested: (kit, ctx, value) => shareEncryptionRequested(kit, ctx, value, true),
    produced: () => ({}),
    completed: (kit, ctx, value) => setEncryptedShareState(kit, ctx, value.encrypted_share_id, 'verified'),
    rejected: (kit, ctx, id) => setEncryptedShareState(kit, ctx, id, 'rejected'),
  },
  'future-sign': {
    requested: futureSignRequested,
    produced: () => ({}),
    completed: ({ db, t }, ctx, value) =>
      exec(
        db
          .update(t.partialSignatures)
          .set({ status: 'verified', completedAt: ctx.timestampMs })
          .where(eq(t.partialSignatures.id, value.partial_signature_id)),
      ),
    rejected: ({ db, t }, ctx, id) =>
      exec(db.update(t.partialSignatures).set({ status: 'rejected', completedAt: ctx.timestampMs }).where(eq(t.partialSignatures.id, id))),
  },
};

/**
 * What each kind of the network's own sessions writes in `network_sessions`: what its request
 * records, and what its completion records as the outcome. (The key itself appears in
 * `network_keys` with the `NetworkKeyRegistered` its completion emits, the committee in
 * `committees` with the `CommitteeSet`.)
 */
interface NetworkProjection<K extends NetworkSessionKind> {
  request(value: Of<(typeof REQUEST_KINDS)[K]['requestEvent']>): unknown;
  outcome(value: Of<(typeof REQUEST_KINDS)[K]['completionEvent']>): unknown;
}

const NETWORK_PROJECTIONS: { readonly [K in NetworkSessionKind]: NetworkProjection<K> } = {
  'network-key-dkg': {
    request: (value) => ({ curves: value.curves }),
    outcome: (value) => ({ keyCommitment: hex(value.key_commitment), thresholdKeyDigest: hex(value.threshold_key_digest) }),
  },
  reconfiguration: {
    request: (value) => ({
      nextEpoch: String(value.next_epoch),
      threshold: String(value.threshold),
      totalWeight: String(value.total_weight),
      members: committeeMembers(value.members),
    }),
    outcome: (value) => ({ epoch: String(value.epoch) }),
  },
};

function* networkRequested({ db, t }: Tables, ctx: EventContext, kind: NetworkSessionKind, value: RequestFields): Work<ProjectionOutcome> {
  const projection = NETWORK_PROJECTIONS[kind] as NetworkProjection<NetworkSessionKind>;
  yield* exec(
    db
      .insert(t.networkSessions)
      .values({
        sessionId: hex(value.session_id),
        kind,
        status: 'pending',
        objectId: objectIdOfRequest(kind, value as unknown as Record<string, unknown>),
        requester: value.requester,
        epoch: String(value.epoch),
        sessionSequence: String(value.session_sequence),
        request: JSON.stringify(projection.request(value as never)),
        requestTx: ctx.txDigest,
        requestedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
  return NOTHING;
}

/** Closes a network session; reports it when it was never requested. */
function* networkClosed(
  { db, t }: Tables,
  ctx: EventContext,
  sessionIdBytes: Uint8Array,
  closing: Partial<schema.NetworkSessionRow> & { status: 'completed' | 'rejected'; resultSequence: string },
): Work<ProjectionOutcome> {
  const sessionId = hex(sessionIdBytes);
  const updated = yield* rows(
    db
      .update(t.networkSessions)
      .set({ ...closing, completedTx: ctx.txDigest, completedAt: ctx.timestampMs })
      .where(eq(t.networkSessions.sessionId, sessionId))
      .returning({ sessionId: t.networkSessions.sessionId }),
  );
  return updated.length === 0 ? unknown(sessionIdBytes) : NOTHING;
}

/** One kind's projection, chosen by an event's name (its value is that kind's event: `as never` below). */
const projectionOf = (kind: UserSessionKind): KindProjection<UserSessionKind> => KIND_PROJECTIONS[kind] as KindProjection<UserSessionKind>;

function* requested(kit: Tables, ctx: EventContext, kind: SessionKind, value: RequestFields): Work<ProjectionOutcome> {
  if (isNetworkSessionKind(kind)) return yield* networkRequested(kit, ctx, kind, value);
  yield* insertSession(kit, ctx, kind, value);
  yield* projectionOf(kind).requested(kit, ctx, value as never);
  return NOTHING;
}

function* completed(
  kit: Tables,
  ctx: EventContext,
  kind: SessionKind,
  value: { session_id: Uint8Array; result_sequence: bigint },
): Work<ProjectionOutcome> {
  if (isNetworkSessionKind(kind)) {
    const projection = NETWORK_PROJECTIONS[kind] as NetworkProjection<NetworkSessionKind>;
    return yield* networkClosed(kit, ctx, value.session_id, {
      status: 'completed',
      resultSequence: String(value.result_sequence),
      outcome: JSON.stringify(projection.outcome(value as never)),
    });
  }
  const projection = projectionOf(kind);
  const closed = yield* closeSession(
    kit,
    ctx,
    value.session_id,
    value.result_sequence,
    { status: 'completed' },
    projection.produced(value as never),
  );
  if (closed === undefined) return unknown(value.session_id);
  yield* projection.completed(kit, ctx, value as never, closed.row);
  return { results: closed.results };
}

function* sessionRejected(kit: Tables, ctx: EventContext, value: Of<'SessionRejected'>): Work<ProjectionOutcome> {
  const kind = kindOfRequestCode(value.request_kind);
  if (kind !== undefined && isNetworkSessionKind(kind)) {
    return yield* networkClosed(kit, ctx, value.session_id, {
      status: 'rejected',
      resultSequence: String(value.result_sequence),
      reasonCode: value.reason_code,
      reason: hex(value.reason),
    });
  }
  const closed = yield* closeSession(
    kit,
    ctx,
    value.session_id,
    value.result_sequence,
    { status: 'rejected', reasonCode: value.reason_code, reason: hex(value.reason), blamed: JSON.stringify(value.blamed) },
    {},
  );
  if (closed === undefined) return unknown(value.session_id);
  // The session's kind (from its request) says which object the rejection is about.
  yield* projectionOf(closed.row.kind as UserSessionKind).rejected(kit, ctx, value.target_id);
  return { results: closed.results };
}

/**
 * The requester cancelled a pending session: closed `cancelled` (no result sequence: no batch
 * closed it), and its object marked as the chain marks it, rejected. The network's own sessions
 * cannot be cancelled (the chain refuses), so only user sessions are looked up.
 */
function* sessionCancelled(kit: Tables, ctx: EventContext, value: Of<'SessionCancelled'>): Work<ProjectionOutcome> {
  const closed = yield* closeSession(kit, ctx, value.session_id, null, { status: 'cancelled' }, {});
  if (closed === undefined) return unknown(value.session_id);
  yield* projectionOf(closed.row.kind as UserSessionKind).rejected(kit, ctx, value.target_id);
  return { results: closed.results };
}

/** Committee members as the indexer stores them (JSON): weights decimal, keys 0x-hex. */
function committeeMembers(members: Of<'CommitteeSet'>['members']) {
  return members.map((m) => ({
    suiAddress: m.sui_address,
    weight: String(m.weight),
    networkAddress: m.network_address,
    publicKey: `0x${hex(m.public_key)}`,
    shareEncryptionKey: `0x${hex(m.share_encryption_key)}`,
  }));
}

function* committeeSet({ db, t }: Tables, ctx: EventContext, value: Of<'CommitteeSet'>): Work<ProjectionOutcome> {
  const row = {
    epoch: String(value.epoch),
    threshold: String(value.threshold),
    totalWeight: String(value.total_weight),
    members: JSON.stringify(committeeMembers(value.members)),
    txDigest: ctx.txDigest,
    setAt: ctx.timestampMs,
  };
  yield* exec(db.insert(t.committees).values(row).onConflictDoUpdate({ target: t.committees.epoch, set: row }));
  return NOTHING;
}

function* networkKeyRegistered({ db, t }: Tables, ctx: EventContext, value: Of<'NetworkKeyRegistered'>): Work<ProjectionOutcome> {
  yield* exec(
    db
      .insert(t.networkKeys)
      .values({
        id: value.network_key_id,
        curves: JSON.stringify(value.curves),
        epoch: String(value.epoch),
        keyCommitment: hex(value.key_commitment),
        txDigest: ctx.txDigest,
        registeredAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
  return NOTHING;
}

function* resultBatchProcessed({ db, t }: Tables, ctx: EventContext, value: Of<'ResultBatchProcessed'>): Work<ProjectionOutcome> {
  yield* exec(
    db
      .insert(t.resultBatches)
      .values({
        sequence: String(value.sequence),
        epoch: String(value.epoch),
        resultCount: String(value.result_count),
        signerWeight: String(value.signer_weight),
        submitter: value.submitter,
        feesPaid: String(value.fees_paid),
        txDigest: ctx.txDigest,
        processedAt: ctx.timestampMs,
      })
      .onConflictDoNothing(),
  );
  return NOTHING;
}

/** Applies one decoded event to the tables (inside the caller's transaction). */
export function* project(kit: Tables, ctx: EventContext, event: DWalletEvent): Work<ProjectionOutcome> {
  const requestKind = kindOfRequestEvent(event.name);
  if (requestKind !== undefined) return yield* requested(kit, ctx, requestKind, event.value as RequestFields);
  const completionKind = kindOfCompletionEvent(event.name);
  if (completionKind !== undefined) return yield* completed(kit, ctx, completionKind, event.value as never);
  switch (event.name) {
    case 'CommitteeSet':
      return yield* committeeSet(kit, ctx, event.value);
    case 'NetworkKeyRegistered':
      return yield* networkKeyRegistered(kit, ctx, event.value);
    case 'PresignClaimed':
      return yield* presignClaimed(kit, ctx, event.value);
    case 'SessionRejected':
      return yield* sessionRejected(kit, ctx, event.value);
    case 'SessionCancelled':
      return yield* sessionCancelled(kit, ctx, event.value);
    case 'ResultBatchProcessed':
      return yield* resultBatchProcessed(kit, ctx, event.value);
    case 'ShareTransferAccepted':
      return yield* shareTransferClosed(kit, ctx, event.value, 'accepted');
    case 'ShareTransferWithdrawn':
      return yield* shareTransferClosed(kit, ctx, event.value, 'withdrawn');
    default:
      // FeeSet, SessionTimeoutSet: nothing to index.
      return NOTHING;
  }
}

/**
 * What each event of the coordinator means for the indexer's tables. `project` runs inside the
 * page's transaction (indexer.ts), so rows derived from an event commit together with the cursor
 * past it. Every write is idempotent — requests insert-or-ignore, results update to the same
 * values, the feed holds one row per session — so an event delivered twice changes nothing.
 *
 * A result event for a session the indexer never saw requested (a database started after the
 * request, or a chain that lost it) updates nothing and is reported to the caller, which logs it.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { eq } from 'drizzle-orm';
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
import type { IndexerDb } from './db/database.ts';
import * as schema from './db/schema.ts';
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
  network_key_id: string;
  curve: number;
  algorithm: number;
  fee: bigint;
  /** Every request event names its dWallet (a universal presign: null). */
  dwallet_id: string | null;
}

/** The session row every request opens; the object row is the kind's own (KIND_PROJECTIONS). */
function insertSession(db: IndexerDb, ctx: EventContext, kind: SessionKind, value: RequestFields) {
  db.insert(schema.sessions)
    .values({
      sessionId: hex(value.session_id),
      kind,
      status: 'pending',
      objectId: objectIdOfRequest(kind, value as unknown as Record<string, unknown>),
      dwalletId: value.dwallet_id,
      requester: value.requester,
      networkKeyId: value.network_key_id,
      curve: value.curve,
      algorithm: value.algorithm,
      epoch: String(value.epoch),
      sessionSequence: String(value.session_sequence),
      fee: String(value.fee),
      requestTx: ctx.txDigest,
      requestedAt: ctx.timestampMs,
    })
    .onConflictDoNothing()
    .run();
}

function dwalletRequested(
  db: IndexerDb,
  ctx: EventContext,
  value: Of<'DWalletDkgRequested'> | Of<'ImportedKeyDWalletRequested'>,
  imported: boolean,
): void {
  db.insert(schema.dwallets)
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
    .onConflictDoNothing()
    .run();
}

function presignRequested(db: IndexerDb, ctx: EventContext, value: Of<'PresignRequested'>): void {
  db.insert(schema.presigns)
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
    .onConflictDoNothing()
    .run();
}

function presignClaimed(db: IndexerDb, ctx: EventContext, value: Of<'PresignClaimed'>): ProjectionOutcome {
  db.update(schema.presigns)
    .set({ state: 'claimed', claimedBy: value.claimer, capId: value.presign_cap_id, updatedAt: ctx.timestampMs })
    .where(eq(schema.presigns.id, value.presign_id))
    .run();
  return NOTHING;
}

function signRequested(db: IndexerDb, ctx: EventContext, value: Of<'SignRequested'>): void {
  db.insert(schema.signatures)
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
    .onConflictDoNothing()
    .run();
  if (value.partial_signature_id !== null) {
    db.update(schema.partialSignatures)
      .set({ usedBySignId: value.sign_id })
      .where(eq(schema.partialSignatures.id, value.partial_signature_id))
      .run();
  } else {
    db.update(schema.presigns)
      .set({ usedBy: value.sign_id, updatedAt: ctx.timestampMs })
      .where(eq(schema.presigns.id, value.presign_id))
      .run();
  }
}

function futureSignRequested(db: IndexerDb, ctx: EventContext, value: Of<'FutureSignRequested'>): void {
  db.insert(schema.partialSignatures)
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
    .onConflictDoNothing()
    .run();
  db.update(schema.presigns)
    .set({ usedBy: value.partial_signature_id, updatedAt: ctx.timestampMs })
    .where(eq(schema.presigns.id, value.presign_id))
    .run();
}

/**
 * Closes the session (completed, rejected or cancelled) and appends its result to the feed. Returns the
 * session row as closed, or undefined when the session is unknown.
 */
function closeSession(
  db: IndexerDb,
  ctx: EventContext,
  sessionIdBytes: Uint8Array,
  resultSequence: bigint | null,
  closing: Partial<schema.SessionRow> & { status: 'completed' | 'rejected' | 'cancelled' },
  produced: { signature?: string; output?: string },
): { row: schema.SessionRow; results: FeedEntry[] } | undefined {
  const sessionId = hex(sessionIdBytes);
  const existing = db.select().from(schema.sessions).where(eq(schema.sessions.sessionId, sessionId)).get();
  if (existing === undefined) return undefined;
  const row: schema.SessionRow = {
    ...existing,
    ...closing,
    completedTx: ctx.txDigest,
    completedAt: ctx.timestampMs,
    resultSequence: resultSequence === null ? null : String(resultSequence),
  };
  db.update(schema.sessions).set(row).where(eq(schema.sessions.sessionId, sessionId)).run();
  const result: ResultRecord = {
    ...sessionRecord(row),
    signature: produced.signature === undefined ? null : `0x${produced.signature}`,
    output: produced.output === undefined ? null : `0x${produced.output}`,
  };
  const inserted = db
    .insert(schema.results)
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
    .returning({ id: schema.results.id })
    .all();
  return { row, results: inserted.map(({ id }) => ({ id, result })) };
}

function unknown(sessionId: Uint8Array): ProjectionOutcome {
  return { results: [], unknownSession: hex(sessionId) };
}

function dwalletCompleted(
  db: IndexerDb,
  ctx: EventContext,
  value: Of<'DWalletDkgCompleted'> | Of<'ImportedKeyDWalletVerified'>,
  row: schema.SessionRow,
): void {
  db.update(schema.dwallets)
    .set({
      state: 'active',
      output: hex(value.output),
      publicKey: publicKeyOfOutput(row.curve, Uint8Array.from(value.output)),
      updatedAt: ctx.timestampMs,
    })
    .where(eq(schema.dwallets.id, value.dwallet_id))
    .run();
}

const setDWalletState = (db: IndexerDb, ctx: EventContext, id: string, state: 'rejected') =>
  db.update(schema.dwallets).set({ state, updatedAt: ctx.timestampMs }).where(eq(schema.dwallets.id, id)).run();

/**
 * What each kind of session means for its own table: the object row its request creates, what its
 * completion writes there (and the signature or output it adds to the feed), and what a rejection
 * marks. The session row and the feed are written for every kind alike, by `project`.
 */
interface KindProjection<K extends SessionKind> {
  requested(db: IndexerDb, ctx: EventContext, value: Of<(typeof REQUEST_KINDS)[K]['requestEvent']>): void;
  produced(value: Of<(typeof REQUEST_KINDS)[K]['completionEvent']>): { signature?: string; output?: string };
  completed(db: IndexerDb, ctx: EventContext, value: Of<(typeof REQUEST_KINDS)[K]['completionEvent']>, row: schema.SessionRow): void;
  rejected(db: IndexerDb, ctx: EventContext, targetId: string): void;
}

const KIND_PROJECTIONS: { readonly [K in UserSessionKind]: KindProjection<K> } = {
  dkg: {
    requested: (db, ctx, value) => dwalletRequested(db, ctx, value, false),
    produced: (value) => ({ output: hex(value.output) }),
    completed: dwalletCompleted,
    rejected: (db, ctx, id) => setDWalletState(db, ctx, id, 'rejected'),
  },
  'imported-key': {
    requested: (db, ctx, value) => dwalletRequested(db, ctx, value, true),
    produced: (value) => ({ output: hex(value.output) }),
    completed: dwalletCompleted,
    rejected: (db, ctx, id) => setDWalletState(db, ctx, id, 'rejected'),
  },
  presign: {
    requested: presignRequested,
    produced: (value) => ({ output: hex(value.output) }),
    completed: (db, ctx, value) =>
      db
        .update(schema.presigns)
        .set({ state: 'completed', output: hex(value.output), updatedAt: ctx.timestampMs })
        .where(eq(schema.presigns.id, value.presign_id))
        .run(),
    rejected: (db, ctx, id) =>
      db.update(schema.presigns).set({ state: 'rejected', updatedAt: ctx.timestampMs }).where(eq(schema.presigns.id, id)).run(),
  },
  sign: {
    requested: signRequested,
    produced: (value) => ({ signature: hex(value.signature) }),
    completed: (db, ctx, value) =>
      db
        .update(schema.signatures)
        .set({ status: 'completed', signature: hex(value.signature), completedAt: ctx.timestampMs })
        .where(eq(schema.signatures.signId, value.sign_id))
        .run(),
    rejected: (db, ctx, id) =>
      db.update(schema.signatures).set({ status: 'rejected', completedAt: ctx.timestampMs }).where(eq(schema.signatures.signId, id)).run(),
  },
  // The object of a conversion is the dWallet, indexed since its creation: the request adds no row,
  // a rejection (or cancellation) leaves the dWallet as it was (ACTIVE, zero-trust).
  'make-shared': {
    requested: () => undefined,
    produced: (value) => ({ output: hex(value.public_user_share) }),
    completed: (db, ctx, value) =>
      db
        .update(schema.dwallets)
        .set({ publicUserShare: hex(value.public_user_share), updatedAt: ctx.timestampMs })
        .where(eq(schema.dwallets.id, value.dwallet_id))
        .run(),
    rejected: () => undefined,
  },
  'future-sign': {
    requested: futureSignRequested,
    produced: () => ({}),
    completed: (db, ctx, value) =>
      db
        .update(schema.partialSignatures)
        .set({ status: 'verified', completedAt: ctx.timestampMs })
        .where(eq(schema.partialSignatures.id, value.partial_signature_id))
        .run(),
    rejected: (db, ctx, id) =>
      db
        .update(schema.partialSignatures)
        .set({ status: 'rejected', completedAt: ctx.timestampMs })
        .where(eq(schema.partialSignatures.id, id))
        .run(),
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

function networkRequested(db: IndexerDb, ctx: EventContext, kind: NetworkSessionKind, value: RequestFields): ProjectionOutcome {
  const projection = NETWORK_PROJECTIONS[kind] as NetworkProjection<NetworkSessionKind>;
  db.insert(schema.networkSessions)
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
    .onConflictDoNothing()
    .run();
  return NOTHING;
}

/** Closes a network session; reports it when it was never requested. */
function networkClosed(
  db: IndexerDb,
  ctx: EventContext,
  sessionIdBytes: Uint8Array,
  closing: Partial<schema.NetworkSessionRow> & { status: 'completed' | 'rejected'; resultSequence: string },
): ProjectionOutcome {
  const sessionId = hex(sessionIdBytes);
  const updated = db
    .update(schema.networkSessions)
    .set({ ...closing, completedTx: ctx.txDigest, completedAt: ctx.timestampMs })
    .where(eq(schema.networkSessions.sessionId, sessionId))
    .returning({ sessionId: schema.networkSessions.sessionId })
    .all();
  return updated.length === 0 ? unknown(sessionIdBytes) : NOTHING;
}

/** One kind's projection, chosen by an event's name (its value is that kind's event: `as never` below). */
const projectionOf = (kind: UserSessionKind): KindProjection<UserSessionKind> => KIND_PROJECTIONS[kind] as KindProjection<UserSessionKind>;

function requested(db: IndexerDb, ctx: EventContext, kind: SessionKind, value: RequestFields): ProjectionOutcome {
  if (isNetworkSessionKind(kind)) return networkRequested(db, ctx, kind, value);
  insertSession(db, ctx, kind, value);
  projectionOf(kind).requested(db, ctx, value as never);
  return NOTHING;
}

function completed(
  db: IndexerDb,
  ctx: EventContext,
  kind: SessionKind,
  value: { session_id: Uint8Array; result_sequence: bigint },
): ProjectionOutcome {
  if (isNetworkSessionKind(kind)) {
    const projection = NETWORK_PROJECTIONS[kind] as NetworkProjection<NetworkSessionKind>;
    return networkClosed(db, ctx, value.session_id, {
      status: 'completed',
      resultSequence: String(value.result_sequence),
      outcome: JSON.stringify(projection.outcome(value as never)),
    });
  }
  const projection = projectionOf(kind);
  const closed = closeSession(
    db,
    ctx,
    value.session_id,
    value.result_sequence,
    { status: 'completed' },
    projection.produced(value as never),
  );
  if (closed === undefined) return unknown(value.session_id);
  projection.completed(db, ctx, value as never, closed.row);
  return { results: closed.results };
}

function sessionRejected(db: IndexerDb, ctx: EventContext, value: Of<'SessionRejected'>): ProjectionOutcome {
  const kind = kindOfRequestCode(value.request_kind);
  if (kind !== undefined && isNetworkSessionKind(kind)) {
    return networkClosed(db, ctx, value.session_id, {
      status: 'rejected',
      resultSequence: String(value.result_sequence),
      reasonCode: value.reason_code,
      reason: hex(value.reason),
    });
  }
  const closed = closeSession(
    db,
    ctx,
    value.session_id,
    value.result_sequence,
    { status: 'rejected', reasonCode: value.reason_code, reason: hex(value.reason), blamed: JSON.stringify(value.blamed) },
    {},
  );
  if (closed === undefined) return unknown(value.session_id);
  // The session's kind (from its request) says which object the rejection is about.
  projectionOf(closed.row.kind as UserSessionKind).rejected(db, ctx, value.target_id);
  return { results: closed.results };
}

/**
 * The requester cancelled a pending session: closed `cancelled` (no result sequence: no batch
 * closed it), and its object marked as the chain marks it, rejected. The network's own sessions
 * cannot be cancelled (the chain refuses), so only user sessions are looked up.
 */
function sessionCancelled(db: IndexerDb, ctx: EventContext, value: Of<'SessionCancelled'>): ProjectionOutcome {
  const closed = closeSession(db, ctx, value.session_id, null, { status: 'cancelled' }, {});
  if (closed === undefined) return unknown(value.session_id);
  projectionOf(closed.row.kind as UserSessionKind).rejected(db, ctx, value.target_id);
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

function committeeSet(db: IndexerDb, ctx: EventContext, value: Of<'CommitteeSet'>): ProjectionOutcome {
  const row = {
    epoch: String(value.epoch),
    threshold: String(value.threshold),
    totalWeight: String(value.total_weight),
    members: JSON.stringify(committeeMembers(value.members)),
    txDigest: ctx.txDigest,
    setAt: ctx.timestampMs,
  };
  db.insert(schema.committees).values(row).onConflictDoUpdate({ target: schema.committees.epoch, set: row }).run();
  return NOTHING;
}

function networkKeyRegistered(db: IndexerDb, ctx: EventContext, value: Of<'NetworkKeyRegistered'>): ProjectionOutcome {
  db.insert(schema.networkKeys)
    .values({
      id: value.network_key_id,
      curves: JSON.stringify(value.curves),
      epoch: String(value.epoch),
      keyCommitment: hex(value.key_commitment),
      txDigest: ctx.txDigest,
      registeredAt: ctx.timestampMs,
    })
    .onConflictDoNothing()
    .run();
  return NOTHING;
}

function resultBatchProcessed(db: IndexerDb, ctx: EventContext, value: Of<'ResultBatchProcessed'>): ProjectionOutcome {
  db.insert(schema.resultBatches)
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
    .onConflictDoNothing()
    .run();
  return NOTHING;
}

/** Applies one decoded event to the tables (inside the caller's transaction). */
export function project(db: IndexerDb, ctx: EventContext, event: DWalletEvent): ProjectionOutcome {
  const requestKind = kindOfRequestEvent(event.name);
  if (requestKind !== undefined) return requested(db, ctx, requestKind, event.value as RequestFields);
  const completionKind = kindOfCompletionEvent(event.name);
  if (completionKind !== undefined) return completed(db, ctx, completionKind, event.value as never);
  switch (event.name) {
    case 'CommitteeSet':
      return committeeSet(db, ctx, event.value);
    case 'NetworkKeyRegistered':
      return networkKeyRegistered(db, ctx, event.value);
    case 'PresignClaimed':
      return presignClaimed(db, ctx, event.value);
    case 'SessionRejected':
      return sessionRejected(db, ctx, event.value);
    case 'SessionCancelled':
      return sessionCancelled(db, ctx, event.value);
    case 'ResultBatchProcessed':
      return resultBatchProcessed(db, ctx, event.value);
    default:
      // FeeSet, SessionTimeoutSet: nothing to index.
      return NOTHING;
  }
}

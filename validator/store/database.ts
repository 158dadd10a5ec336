/**
 * The validator's store: one SQLite file (WAL) opened through drizzle with the migrations of this
 * folder, and the typed reads and writes every component uses. better-sqlite3 is synchronous, so
 * `transaction(work)` runs a whole session step — machine state, outgoing envelopes, consumed
 * presign, result — as one atomic write.
 *
 * Three connections write the file: the main thread and the two session workers. A transaction
 * therefore takes the write lock when it begins (BEGIN IMMEDIATE): a deferred one that reads first
 * and then writes fails at once with SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT when another connection
 * committed since its read — SQLite does not apply the busy timeout to a transaction that already
 * holds a read (https://sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE"; https://sqlite.org/rescode.html#busy_snapshot).
 * Begun immediate, it waits its turn within the busy timeout instead.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, max, notInArray, sql } from 'drizzle-orm';
import type { EventCursor } from '../../chain/chain.ts';
import { ChainStoreError } from '../../chain/errors.ts';
import type { CursorStore } from '../../chain/event-follower.ts';
import type { SessionId } from '../../chain/session-id.ts';
import { type OpenedDatabase, openSqlite } from '../../chain/sqlite.ts';
import { ValidatorError, ValidatorErrorCodes } from '../errors.ts';
import * as schema from './schema.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type RequestRow = typeof schema.requests.$inferSelect;
export type SessionRow = typeof schema.mpcSessions.$inferSelect;
export type InboxRow = typeof schema.inbox.$inferSelect;
export type OutboxRow = typeof schema.outbox.$inferSelect;
export type BatchRow = typeof schema.batches.$inferSelect;

export type SessionStatus = 'new' | 'running' | 'ended' | 'closed';

function networkKeyMetaKey(curve: number): string {
  return `network-key/${curve}`;
}

function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class ValidatorStore implements CursorStore {
  private constructor(private readonly database: OpenedDatabase<typeof schema>) {}

  static open(path: string): ValidatorStore {
    try {
      return new ValidatorStore(openSqlite(path, schema, migrationsFolder));
    } catch (error) {
      if (error instanceof ChainStoreError) {
        throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_STORE_INVALID, error.message, { path }, { cause: error });
      }
      throw error;
    }
  }

  private get db() {
    return this.database.db;
  }

  /** Runs `work` as one transaction that holds the write lock from its start (see the module's note). */
  transaction<T>(work: () => T): T {
    return this.database.sqlite.transaction(work).immediate();
  }

  /** The connection, for the indexer library embedded in the chain follower (same file, same transactions). */
  get sqlite(): OpenedDatabase<typeof schema>['sqlite'] {
    return this.database.sqlite;
  }

  close(): void {
    this.database.close();
  }

  // ---- chain cursor and facts -----------------------------------------------------------------

  async load(name: string): Promise<EventCursor | null> {
    return this.db.select().from(schema.eventCursor).where(eq(schema.eventCursor.name, name)).get()?.cursor ?? null;
  }

  async save(name: string, cursor: EventCursor): Promise<void> {
    this.db
      .insert(schema.eventCursor)
      .values({ name, cursor })
      .onConflictDoUpdate({ target: schema.eventCursor.name, set: { cursor } })
      .run();
  }

  getMeta(key: string): string | undefined {
    return this.db.select().from(schema.meta).where(eq(schema.meta.key, key)).get()?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.insert(schema.meta).values({ key, value }).onConflictDoUpdate({ target: schema.meta.key, set: { value } }).run();
  }

  /** The latest network key registered for `curve` (the one requests name, and the presign pool is kept for). */
  networkKey(curve: number): string | undefined {
    return this.getMeta(networkKeyMetaKey(curve));
  }

  setNetworkKey(curve: number, networkKeyId: string): void {
    this.setMeta(networkKeyMetaKey(curve), networkKeyId);
  }

  // ---- requests -------------------------------------------------------------------------------

  /** Records a request event; false when it was recorded before (events may be delivered twice). */
  insertRequest(row: typeof schema.requests.$inferInsert): boolean {
    return this.db.insert(schema.requests).values(row).onConflictDoNothing().run().changes > 0;
  }

  request(sessionId: SessionId): RequestRow | undefined {
    return this.db.select().from(schema.requests).where(eq(schema.requests.sessionId, sessionId)).get();
  }

  requestsOf(mpcSessionId: string): RequestRow[] {
    return this.db
      .select()
      .from(schema.requests)
      .where(eq(schema.requests.mpcSessionId, mpcSessionId))
      .orderBy(asc(schema.requests.sessionSequence))
      .all();
  }

  /** Presign requests not yet grouped into an MPC session, in chain order. */
  ungroupedPresigns(): RequestRow[] {
    return this.db
      .select()
      .from(schema.requests)
      .where(and(eq(schema.requests.kind, 'presign'), isNull(schema.requests.mpcSessionId)))
      .orderBy(asc(schema.requests.sessionSequence))
      .all();
  }

  assignMpcSession(sessionIds: readonly SessionId[], mpcSessionId: string): void {
    this.db
      .update(schema.requests)
      .set({ mpcSessionId })
      .where(inArray(schema.requests.sessionId, [...sessionIds]))
      .run();
  }

  setResult(sessionId: SessionId, result: Uint8Array, now: number): void {
    this.db
      .update(schema.requests)
      .set({ result: buffer(result), resultAt: now })
      .where(and(eq(schema.requests.sessionId, sessionId), isNull(schema.requests.result)))
      .run();
  }

  /** Results not in any decided batch nor on chain, oldest request first. */
  readyResults(limit: number): RequestRow[] {
    return this.db
      .select()
      .from(schema.requests)
      .where(and(isNotNull(schema.requests.result), isNull(schema.requests.batchSequence), eq(schema.requests.onChain, false)))
      .orderBy(asc(schema.requests.sessionSequence))
      .limit(limit)
      .all();
  }

  setBatchSequence(sessionIds: readonly SessionId[], sequence: number): void {
    if (sessionIds.length === 0) return;
    this.db
      .update(schema.requests)
      .set({ batchSequence: sequence })
      .where(inArray(schema.requests.sessionId, [...sessionIds]))
      .run();
  }

  markRequestOnChain(sessionId: SessionId, sequence: number): void {
    this.db.update(schema.requests).set({ onChain: true, batchSequence: sequence }).where(eq(schema.requests.sessionId, sessionId)).run();
  }

  /**
   * The requester cancelled the request on chain: settled there like a recorded result (never
   * proposed again), keeping the batch a result of it may already be in (that batch still lands).
   */
  markRequestCancelled(sessionId: SessionId): void {
    this.db.update(schema.requests).set({ onChain: true }).where(eq(schema.requests.sessionId, sessionId)).run();
  }

  /** Whether every request of an MPC session is recorded on chain. */
  allOnChain(mpcSessionId: string): boolean {
    const row = this.db
      .select({ open: sql<number>`count(*)` })
      .from(schema.requests)
      .where(and(eq(schema.requests.mpcSessionId, mpcSessionId), eq(schema.requests.onChain, false)))
      .get();
    return (row?.open ?? 0) === 0;
  }

  // ---- MPC sessions ---------------------------------------------------------------------------

  insertSession(mpcSessionId: string, kind: string, epoch: bigint, now: number): boolean {
    return (
      this.db
        .insert(schema.mpcSessions)
        .values({ mpcSessionId, kind, status: 'new', epoch: epoch.toString(), createdAt: now })
        .onConflictDoNothing()
        .run().changes > 0
    );
  }

  session(mpcSessionId: string): SessionRow | undefined {
    return this.db.select().from(schema.mpcSessions).where(eq(schema.mpcSessions.mpcSessionId, mpcSessionId)).get();
  }

  /** Sessions to create or restore at start-up (every session not closed). */
  openSessions(): SessionRow[] {
    return this.db
      .select()
      .from(schema.mpcSessions)
      .where(inArray(schema.mpcSessions.status, ['new', 'running', 'ended']))
      .orderBy(asc(schema.mpcSessions.createdAt))
      .all();
  }

  /**
   * After an epoch change: every request session of an earlier epoch with a request the chain has
   * not recorded starts again, from nothing, under the committee of `epoch` (its state, inbox,
   * outbox and results are dropped; the same session id runs again, and its envelopes now carry the
   * new epoch). Decided batches of an earlier epoch that the chain has not recorded are dropped too:
   * their certificates are the old committee's, which the chain no longer accepts. The chain's
   * one-result-per-session rule keeps a request from completing twice. The other sessions of an
   * earlier epoch are closed: those whose requests the chain has all recorded, and the batch
   * agreements (their ids carry the epoch; the new committee agrees on its batches under new ids).
   * Their committee is gone, so no peer asks for their messages again, and their saved state may
   * name this validator's old party. (The validator restarts into a new epoch before the close grace
   * of the sessions the change itself completed runs out, so they are still open here.) Returns the
   * sessions restarted.
   */
  restartSessionsBefore(epoch: bigint): string[] {
    return this.transaction(() => {
      const restarted: string[] = [];
      for (const row of this.openSessions()) {
        if (BigInt(row.epoch) >= epoch) continue;
        const id = row.mpcSessionId;
        if (row.kind.startsWith('batch/') || this.allOnChain(id)) {
          this.deleteInbox(id);
          this.deleteOutboxOf(id);
          this.setStatus(id, 'closed');
          continue;
        }
        this.db
          .update(schema.mpcSessions)
          .set({ status: 'new', state: null, outcome: null, endedAt: null, epoch: epoch.toString() })
          .where(eq(schema.mpcSessions.mpcSessionId, id))
          .run();
        this.deleteInbox(id);
        this.deleteOutboxOf(id);
        this.db
          .update(schema.requests)
          .set({ result: null, resultAt: null, batchSequence: null })
          .where(and(eq(schema.requests.mpcSessionId, id), eq(schema.requests.onChain, false)))
          .run();
        restarted.push(id);
      }
      const stale = this.db
        .select()
        .from(schema.batches)
        .where(eq(schema.batches.onChain, false))
        .all()
        .filter((batch) => BigInt(batch.epoch) < epoch);
      for (const batch of stale) {
        this.db.delete(schema.batches).where(eq(schema.batches.sequence, batch.sequence)).run();
        this.db
          .update(schema.requests)
          .set({ batchSequence: null })
          .where(and(eq(schema.requests.batchSequence, batch.sequence), eq(schema.requests.onChain, false)))
          .run();
      }
      return restarted;
    });
  }

  saveState(mpcSessionId: string, state: Uint8Array, status: SessionStatus, outcome?: string, now?: number): void {
    this.db
      .update(schema.mpcSessions)
      .set({
        state: buffer(state),
        status,
        ...(outcome === undefined ? {} : { outcome }),
        ...(status === 'ended' ? { endedAt: now ?? Date.now() } : {}),
      })
      .where(eq(schema.mpcSessions.mpcSessionId, mpcSessionId))
      .run();
  }

  setStatus(mpcSessionId: string, status: SessionStatus, outcome?: string): void {
    this.db
      .update(schema.mpcSessions)
      .set({ status, ...(outcome === undefined ? {} : { outcome }) })
      .where(eq(schema.mpcSessions.mpcSessionId, mpcSessionId))
      .run();
  }

  // ---- inbox ----------------------------------------------------------------------------------

  addInbox(row: { mpcSessionId: string; digest: string; sender: number; envelope: Uint8Array; now: number }): 'new' | 'duplicate' {
    const inserted = this.db
      .insert(schema.inbox)
      .values({
        mpcSessionId: row.mpcSessionId,
        digest: row.digest,
        sender: row.sender,
        envelope: buffer(row.envelope),
        receivedAt: row.now,
      })
      .onConflictDoNothing()
      .run();
    return inserted.changes > 0 ? 'new' : 'duplicate';
  }

  inboxRow(digest: string): InboxRow | undefined {
    return this.db.select().from(schema.inbox).where(eq(schema.inbox.digest, digest)).get();
  }

  inboxOf(mpcSessionId: string): InboxRow[] {
    return this.db.select().from(schema.inbox).where(eq(schema.inbox.mpcSessionId, mpcSessionId)).orderBy(asc(schema.inbox.id)).all();
  }

  markHandled(id: number): void {
    this.db.update(schema.inbox).set({ handled: true }).where(eq(schema.inbox.id, id)).run();
  }

  /** Drops the handled envelopes of a session once its persisted state holds them. */
  foldHandled(mpcSessionId: string): void {
    this.db
      .delete(schema.inbox)
      .where(and(eq(schema.inbox.mpcSessionId, mpcSessionId), eq(schema.inbox.handled, true)))
      .run();
  }

  deleteInbox(mpcSessionId: string): void {
    this.db.delete(schema.inbox).where(eq(schema.inbox.mpcSessionId, mpcSessionId)).run();
  }

  /** Envelopes a sender has queued for sessions this validator does not run (yet). */
  queuedFrom(sender: number, knownSessions: (id: string) => boolean): number {
    const rows = this.db
      .select({ mpcSessionId: schema.inbox.mpcSessionId, count: sql<number>`count(*)` })
      .from(schema.inbox)
      .where(eq(schema.inbox.sender, sender))
      .groupBy(schema.inbox.mpcSessionId)
      .all();
    return rows.filter((r) => !knownSessions(r.mpcSessionId)).reduce((n, r) => n + r.count, 0);
  }

  /** Forgets queued envelopes older than `before` for sessions that never started. */
  dropStaleQueued(before: number, knownSessions: (id: string) => boolean): number {
    const stale = this.db
      .select({ id: schema.inbox.id, mpcSessionId: schema.inbox.mpcSessionId })
      .from(schema.inbox)
      .where(lt(schema.inbox.receivedAt, before))
      .all()
      .filter((r) => !knownSessions(r.mpcSessionId) && this.session(r.mpcSessionId) === undefined);
    for (const row of stale) this.db.delete(schema.inbox).where(eq(schema.inbox.id, row.id)).run();
    return stale.length;
  }

  // ---- outbox ---------------------------------------------------------------------------------

  addOutbox(rows: readonly { mpcSessionId: string; recipient: number; envelope: Uint8Array }[], now: number): void {
    if (rows.length === 0) return;
    this.db
      .insert(schema.outbox)
      .values(rows.map((r) => ({ ...r, envelope: buffer(r.envelope), nextAttemptAt: now, createdAt: now })))
      .run();
  }

  dueOutbox(recipient: number, now: number, limit: number): OutboxRow[] {
    return this.db
      .select()
      .from(schema.outbox)
      .where(and(eq(schema.outbox.recipient, recipient), lte(schema.outbox.nextAttemptAt, now)))
      .orderBy(asc(schema.outbox.id))
      .limit(limit)
      .all();
  }

  nextOutboxAt(recipient: number): number | undefined {
    return (
      this.db
        .select({ at: sql<number | null>`min(${schema.outbox.nextAttemptAt})` })
        .from(schema.outbox)
        .where(eq(schema.outbox.recipient, recipient))
        .get()?.at ?? undefined
    );
  }

  deleteOutbox(id: number): void {
    this.db.delete(schema.outbox).where(eq(schema.outbox.id, id)).run();
  }

  rescheduleOutbox(id: number, attempts: number, nextAttemptAt: number): void {
    this.db.update(schema.outbox).set({ attempts, nextAttemptAt }).where(eq(schema.outbox.id, id)).run();
  }

  deleteOutboxOf(mpcSessionId: string): void {
    this.db.delete(schema.outbox).where(eq(schema.outbox.mpcSessionId, mpcSessionId)).run();
  }

  outboxSize(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(schema.outbox).get()?.n ?? 0;
  }

  // ---- batches --------------------------------------------------------------------------------

  /** Records the batch decided for `sequence` by agreement `attempt`; a later attempt's batch replaces it, to be pushed afresh. */
  insertDecided(sequence: number, epoch: bigint, batch: Uint8Array, signature: Uint8Array, now: number, attempt = 0): void {
    const values = { epoch: epoch.toString(), batch: buffer(batch), signature: buffer(signature), decidedAt: now, attempt, acked: '[]' };
    this.db
      .insert(schema.batches)
      .values({ sequence, ...values })
      .onConflictDoUpdate({ target: schema.batches.sequence, set: values })
      .run();
  }

  /**
   * Results assigned to `sequence` but not on chain go back to the ready results, except those of
   * `keep`: they were in a batch for `sequence` that another one replaced or beat to the chain.
   */
  releaseBatch(sequence: number, keep: readonly SessionId[] = []): void {
    this.db
      .update(schema.requests)
      .set({ batchSequence: null })
      .where(
        and(
          eq(schema.requests.batchSequence, sequence),
          eq(schema.requests.onChain, false),
          ...(keep.length === 0 ? [] : [notInArray(schema.requests.sessionId, [...keep])]),
        ),
      )
      .run();
  }

  markBatchOnChain(sequence: number, epoch: bigint): void {
    this.db
      .insert(schema.batches)
      .values({ sequence, epoch: epoch.toString(), onChain: true })
      .onConflictDoUpdate({ target: schema.batches.sequence, set: { onChain: true } })
      .run();
  }

  batch(sequence: number): BatchRow | undefined {
    return this.db.select().from(schema.batches).where(eq(schema.batches.sequence, sequence)).get();
  }

  /** Decided batches the chain has not recorded yet. */
  pendingBatches(): BatchRow[] {
    return this.db
      .select()
      .from(schema.batches)
      .where(and(eq(schema.batches.onChain, false), isNotNull(schema.batches.batch)))
      .orderBy(asc(schema.batches.sequence))
      .all();
  }

  setAcked(sequence: number, acked: readonly string[]): void {
    this.db
      .update(schema.batches)
      .set({ acked: JSON.stringify(acked) })
      .where(eq(schema.batches.sequence, sequence))
      .run();
  }

  /** The highest sequence decided here or seen on chain. */
  lastSequence(): number | undefined {
    return (
      this.db
        .select({ last: max(schema.batches.sequence) })
        .from(schema.batches)
        .get()?.last ?? undefined
    );
  }

  // ---- presign ledger -------------------------------------------------------------------------

  /** Records `presign` as used by `mpcSessionId`; false when another session used it. */
  consumePresign(presign: string, mpcSessionId: string, now: number): boolean {
    this.db.insert(schema.consumedPresigns).values({ presign, mpcSessionId, consumedAt: now }).onConflictDoNothing().run();
    return (
      this.db.select().from(schema.consumedPresigns).where(eq(schema.consumedPresigns.presign, presign)).get()?.mpcSessionId ===
      mpcSessionId
    );
  }

  isPresignConsumed(presign: string): boolean {
    return this.db.select().from(schema.consumedPresigns).where(eq(schema.consumedPresigns.presign, presign)).get() !== undefined;
  }
}

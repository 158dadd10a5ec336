/**
 * The indexer as a library: follows the coordinator's events in chain order from a persisted
 * cursor and, for each page, applies what the events mean (projection.ts), runs the embedder's
 * extensions, appends results to the feed and saves the cursor past the page — all in ONE
 * transaction, in SQLite or in PostgreSQL (db/store.ts). A crash anywhere in a page leaves the
 * tables and the cursor as they were before it, and the page is read again on restart; nothing
 * is indexed twice, nothing is skipped.
 *
 * Fencing: the page's transaction first moves the cursor from the position the page was read
 * after to the page's end (a compare-and-set). When the stored cursor is no longer that position
 * — another indexer on the same database moved it — the page is dropped, logged, and read again
 * from the stored cursor; so a page is never applied twice, whoever else writes. (In PostgreSQL
 * the update also locks the cursor row first thing, so page transactions of one cursor run one
 * after the other and feed ids are assigned in commit order.)
 *
 * Embedding (a validator sharing its SQLite file): pass the open better-sqlite3 `Database` as
 * `database`, register `extensions` — synchronous functions called with each decoded event inside
 * the page's transaction, whose writes on the same connection commit (or roll back) with the
 * indexer's rows and cursor — and use `onCommit` for effects that must follow the commit (start
 * work, wake threads). Extensions need SQLite's synchronous transaction: an indexer on PostgreSQL
 * refuses them. Clients of the library get committed results through `onResult` or the
 * `results()` async iterator.
 *
 * An event of the package that does not decode is recorded in `skipped_events`, logged, and
 * passed over; it never stops the follower. Chain transport failures are retried with backoff;
 * any other failure (an extension throwing, a database error) rolls the page back, is logged, and
 * the page is retried after a backoff.
 *
 * Several processes on one PostgreSQL database (SPEC-20): one writer holds the lease
 * (db/postgres-lease.ts) and writes its pages on the lease's connection; the others stand by,
 * queued for the lease in the server, or only serve (`readOnly`). Every one of them listens for
 * the writer's commits (db/postgres-notify.ts) to wake its live feed. `status().role` says which.
 * @module
 */
import type Database from 'better-sqlite3';
import { and, eq, sql } from 'drizzle-orm';
import type { Chain, ChainEvent, Deployment, EventCursor } from '../chain/chain.ts';
import { waitForNextEvent } from '../chain/event-wait.ts';
import { isTransientChainError, sleep } from '../chain/retry.ts';
import { type DWalletEvent, decodeEvent } from '../chain/schemas/events.ts';
import { createLogger, type Logger } from '../runtime/log.ts';
import type { IndexerDb } from './db/database.ts';
import { acquireLease, type Lease, leaseKey } from './db/postgres-lease.ts';
import { notifyResults, ResultNotifications } from './db/postgres-notify.ts';
import type { PostgresStore } from './db/postgres-store.ts';
import type { SqliteStore } from './db/sqlite-store.ts';
import { isPostgresUrl, openIndexerStore, type StoreSource, type WriteOptions } from './db/store.ts';
import { exec, rows, type Tables, type Work } from './db/work.ts';
import { IndexerErrorCodes, IndexerStoreError } from './errors.ts';
import { ResultFeed } from './feed.ts';
import { IndexerMetrics } from './metrics.ts';
import { project } from './projection.ts';
import { IndexerQueries, type ResultFilter } from './queries.ts';
import type { FeedEntry } from './views.ts';

/** How many transaction times the indexer reads at once. */
const TIME_READS_AT_ONCE = 16;
export const DEFAULT_CURSOR_NAME = 'indexer';

/** A decoded event as an extension sees it, inside the page's transaction. */
export interface IndexedEvent {
  readonly event: ChainEvent;
  readonly decoded: DWalletEvent;
  /** The connection the transaction runs on (the embedder's, when it passed its own). */
  readonly sqlite: Database.Database;
  /** The indexer's tables, already updated for this event. */
  readonly db: IndexerDb;
}

/** Runs inside the page's transaction; must be synchronous; throwing rolls the whole page back. SQLite only. */
export type IndexerExtension = (event: IndexedEvent) => void;

/** What one committed transaction did. */
export interface CommittedPage {
  readonly events: readonly ChainEvent[];
  readonly decoded: readonly DWalletEvent[];
  readonly results: readonly FeedEntry[];
  readonly cursor: EventCursor | null;
}

export interface IndexerOptions {
  readonly chain: Chain;
  /**
   * A PostgreSQL URL (`postgres://…`, `postgresql://…`), a SQLite file path (`':memory:'` for
   * tests), or an open better-sqlite3 database to share.
   */
  readonly database: StoreSource;
  /** Where the package lives; read from the chain when absent. */
  readonly deployment?: Deployment;
  /** The cursor's name (one per consumer of a shared file). */
  readonly cursorName?: string;
  readonly pageSize?: number;
  /** Wait between polls once caught up. */
  readonly pollIntervalMs?: number;
  readonly logger?: Logger;
  readonly metrics?: IndexerMetrics;
  /** SQLite only (refused with PostgreSQL: `INDEXER_EXTENSIONS_UNSUPPORTED`). */
  readonly extensions?: readonly IndexerExtension[];
  /**
   * PostgreSQL: only serve (queries, the live feed); `run` never takes the writer's lease. Without
   * it, `run` stands by until it holds the lease, then writes. Refused with SQLite, whose one
   * process is its writer (`INDEXER_READ_ONLY_UNSUPPORTED`).
   */
  readonly readOnly?: boolean;
  /**
   * Whether to read the checkpoint time of transactions whose listed events carry none (Sui's
   * `ListEvents`), one read per transaction; default true. Without it an event is recorded at the
   * time it is indexed. A validator turns it off: it needs the chain's order, not its times, and
   * the read would delay every request it sees by a round trip.
   */
  readonly readTimes?: boolean;
}

/** writer: indexes the chain; standby: waits for the writer's lease; reader: only serves (PostgreSQL). */
export type IndexerRole = 'writer' | 'standby' | 'reader';

export interface IndexerStatus {
  readonly role: IndexerRole;
  readonly cursor: EventCursor | null;
  readonly caughtUp: boolean;
  /** Chain time (ms) of the last event indexed. */
  readonly lastEventAt: number | null;
  readonly eventsIndexed: number;
}

/**
 * How page transactions are written, besides the page's own work: on which connection
 * (`WriteOptions.client`: PostgreSQL's lease connection) and what more runs inside the
 * transaction when the page appended results (PostgreSQL: the live feed's NOTIFY, delivered at
 * commit). Nothing more by default.
 */
export interface PageWriting {
  readonly options?: WriteOptions;
  readonly inTransaction?: (kit: Tables, results: readonly FeedEntry[]) => Work<void>;
}

/** A page as read from the chain: its events, the cursor it was read after, and where the next starts. */
interface ReadPage {
  readonly events: readonly ChainEvent[];
  readonly after: EventCursor | null;
  readonly next: EventCursor | null;
}

type PageOutcome =
  | {
      readonly applied: true;
      readonly decoded: DWalletEvent[];
      readonly results: FeedEntry[];
      readonly skipped: Skipped[];
      readonly unknownSessions: string[];
    }
  | { readonly applied: false; readonly stored: EventCursor | null };

interface Skipped {
  readonly event: ChainEvent;
  readonly error: unknown;
}

function* cursorRow({ db, t }: Tables, name: string) {
  return (yield* rows(db.select().from(t.indexerCursors).where(eq(t.indexerCursors.name, name))))[0];
}

/**
 * Moves the cursor `name` from `after` to `next` if it still stands at `after` (no row: at the
 * start); answers whether it did. First in the page's transaction, so that the rest of the page
 * runs only when it is this indexer's to apply (and, in PostgreSQL, with the cursor row locked).
 */
function* advanceCursor(
  { db, t }: Tables,
  name: string,
  page: { after: EventCursor | null; next: EventCursor; events: number; lastEventAt: number | null },
): Work<boolean> {
  const now = Date.now();
  if (page.after === null) {
    const inserted = yield* rows(
      db
        .insert(t.indexerCursors)
        .values({ name, cursor: page.next, eventsIndexed: page.events, lastEventAt: page.lastEventAt, updatedAt: now })
        .onConflictDoNothing()
        .returning({ name: t.indexerCursors.name }),
    );
    return inserted.length === 1;
  }
  const updated = yield* rows(
    db
      .update(t.indexerCursors)
      .set({
        cursor: page.next,
        eventsIndexed: sql`${t.indexerCursors.eventsIndexed} + ${page.events}`,
        ...(page.lastEventAt === null ? {} : { lastEventAt: page.lastEventAt }),
        updatedAt: now,
      })
      .where(and(eq(t.indexerCursors.name, name), eq(t.indexerCursors.cursor, page.after)))
      .returning({ name: t.indexerCursors.name }),
  );
  return updated.length === 1;
}

export class Indexer {
  readonly queries: IndexerQueries;
  readonly feed: ResultFeed;
  readonly metrics: IndexerMetrics;
  /** Where the tables are (its `dialect` says which). */
  readonly store: SqliteStore | PostgresStore;
  readonly #chain: Chain;
  readonly #readTimes: boolean;
  readonly #logger: Logger;
  readonly #cursorName: string;
  readonly #pageSize: number;
  readonly #pollIntervalMs: number;
  readonly #extensions: IndexerExtension[];
  /** The page transactions' connection changes with the lease (run): on it while held, pooled otherwise. */
  #pageWriting: PageWriting;
  #role: IndexerRole;
  /** PostgreSQL: the LISTEN that wakes the feed when a writer (here or in another process) commits results. */
  readonly #notifications: ResultNotifications | undefined;
  readonly #resultListeners = new Set<(entry: FeedEntry) => void>();
  readonly #commitListeners = new Set<(page: CommittedPage) => void>();
  #caughtUp = false;
  /**
   * The cursor the next page is read after: the one this indexer last committed (or read), kept so
   * that a poll costs no query. Forgotten (undefined) after a failure or a dropped page, then read
   * again; a stale one is caught by the page's compare-and-set.
   */
  #position: EventCursor | null | undefined;

  private constructor(
    readonly deployment: Deployment,
    store: SqliteStore | PostgresStore,
    options: IndexerOptions,
  ) {
    this.store = store;
    this.#chain = options.chain;
    this.#readTimes = options.readTimes ?? true;
    this.#logger = options.logger ?? createLogger('indexer');
    this.#cursorName = options.cursorName ?? DEFAULT_CURSOR_NAME;
    this.#pageSize = options.pageSize ?? 100;
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.#extensions = [...(options.extensions ?? [])];
    this.metrics = options.metrics ?? new IndexerMetrics();
    this.queries = new IndexerQueries(store);
    this.feed = new ResultFeed(this.queries);
    if (store.dialect === 'sqlite') {
      this.#role = 'writer';
      this.#pageWriting = {};
      this.#notifications = undefined;
    } else {
      this.#role = options.readOnly === true ? 'reader' : 'standby';
      // Notified at commit to every process listening, this one included (postgres-notify.ts).
      this.#pageWriting = { inTransaction: (_kit, results) => notifyResults((results[results.length - 1] as FeedEntry).id) };
      this.#notifications = new ResultNotifications({
        connect: () => store.dedicatedClient(),
        onNotify: () => this.feed.notify(),
        logger: this.#logger,
      });
    }
  }

  /** Opens (creating and migrating) the indexer's tables; reads the deployment from the chain if not given. */
  static async open(options: IndexerOptions): Promise<Indexer> {
    if (isPostgresUrl(options.database) && (options.extensions?.length ?? 0) > 0) throw extensionsUnsupported();
    if (!isPostgresUrl(options.database) && options.readOnly === true) {
      throw new IndexerStoreError(
        IndexerErrorCodes.INDEXER_READ_ONLY_UNSUPPORTED,
        'a read-only indexer serves a PostgreSQL database that a writer process fills; a SQLite file has one process, its writer',
      );
    }
    const deployment = options.deployment ?? (await options.chain.deployment());
    const store = await openIndexerStore(options.database, options.logger === undefined ? {} : { logger: options.logger });
    return new Indexer(deployment, store, options);
  }

  get packageId(): string {
    return this.deployment.packageId;
  }

  async status(): Promise<IndexerStatus> {
    const row = await this.store.read((kit) => cursorRow(kit, this.#cursorName));
    return {
      role: this.#role,
      cursor: row?.cursor ?? null,
      caughtUp: this.#caughtUp,
      lastEventAt: row?.lastEventAt ?? null,
      eventsIndexed: row?.eventsIndexed ?? 0,
    };
  }

  /** The cursor the follower stands at (its own last commit, without a query when it knows it). */
  async cursor(): Promise<EventCursor | null> {
    if (this.#position === undefined) this.#position = (await this.status()).cursor;
    return this.#position;
  }

  /** Adds an extension (see {@link IndexerExtension}; SQLite only); returns its removal. */
  addExtension(extension: IndexerExtension): () => void {
    if (this.store.dialect !== 'sqlite') throw extensionsUnsupported();
    this.#extensions.push(extension);
    return () => {
      const at = this.#extensions.indexOf(extension);
      if (at >= 0) this.#extensions.splice(at, 1);
    };
  }

  /** Calls `listener` with each result once its transaction has committed; returns the unsubscription. */
  onResult(listener: (entry: FeedEntry) => void): () => void {
    this.#resultListeners.add(listener);
    return () => this.#resultListeners.delete(listener);
  }

  /** Calls `listener` after each committed page (with its events, decoded events and results). */
  onCommit(listener: (page: CommittedPage) => void): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  /** Committed results after feed id `after` (only new ones when null), then live, until `signal` aborts. */
  results(options: { after?: number | null; filter?: ResultFilter; signal?: AbortSignal } = {}): AsyncGenerator<FeedEntry> {
    return this.feed.entries(options);
  }

  /** Indexes every event after the cursor, page by page, until the chain has no more; returns how many. */
  async catchUp(signal?: AbortSignal): Promise<number> {
    let indexed = 0;
    for (;;) {
      if (signal?.aborted) return indexed;
      const cursor = await this.cursor();
      const page = await this.#chain.listEvents({ after: cursor, limit: this.#pageSize });
      if (page.events.length > 0 || (page.nextCursor !== null && page.nextCursor !== cursor)) {
        const committed = await this.#commitPage({
          events: await this.#withTimes(page.events),
          after: cursor,
          next: page.nextCursor ?? cursor,
        });
        if (!committed) continue;
      }
      indexed += page.events.length;
      const last = page.events[page.events.length - 1];
      if (!page.hasNextPage) {
        this.#caughtUp = true;
        this.metrics.caughtUp.set(1);
        this.metrics.lagMs.set(0);
        return indexed;
      }
      this.#caughtUp = false;
      this.metrics.caughtUp.set(0);
      if (last?.timestampMs != null) this.metrics.lagMs.set(Math.max(0, Date.now() - last.timestampMs));
    }
  }

  /**
   * Follows the chain until `signal` aborts, as the indexer's role allows. SQLite: catches up, then
   * polls. PostgreSQL, read-only: nothing to run (the process only serves; resolves at once).
   * PostgreSQL otherwise: stands by until it holds the writer's lease (postgres-lease.ts), follows
   * the chain while it does, its page transactions on the lease's connection, and when that
   * connection is lost stops writing at once and stands by again. Failures are logged and retried
   * with backoff.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.store.dialect === 'sqlite') return this.#follow(signal);
    if (this.#role === 'reader') return;
    await this.#runUnderLease(this.store, signal);
  }

  /** Closes the database if the indexer opened it (an embedder's stays open). */
  async close(): Promise<void> {
    this.feed.notify();
    await this.#notifications?.close();
    await this.store.close();
  }

  /** Catches up, then polls until `signal` aborts; failures are logged and retried with backoff. */
  async #follow(signal: AbortSignal): Promise<void> {
    let backoff = this.#pollIntervalMs;
    while (!signal.aborted) {
      try {
        await this.catchUp(signal);
        backoff = this.#pollIntervalMs;
        await waitForNextEvent(this.#chain, await this.cursor(), this.#pollIntervalMs, signal);
      } catch (error) {
        // Stopped, or the lease lost under a page: not a failure to retry here.
        if (signal.aborted) return;
        this.metrics.failures.inc();
        this.#logger[isTransientChainError(error) ? 'warn' : 'error']('indexing failed; retrying', { error, retryInMs: backoff });
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** The lease's life-cycle (see `run`): standby → writer → (connection lost) → standby … */
  async #runUnderLease(store: PostgresStore, signal: AbortSignal): Promise<void> {
    const key = leaseKey(this.packageId, this.#cursorName);
    const onPool = this.#pageWriting;
    let backoff = this.#pollIntervalMs;
    while (!signal.aborted) {
      let lease: Lease | null;
      try {
        lease = await acquireLease({ key, connect: () => store.dedicatedClient(), signal });
      } catch (error) {
        this.metrics.failures.inc();
        this.#logger.warn('cannot wait for the writer’s lease; retrying', { error, retryInMs: backoff });
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      if (lease === null) return;
      backoff = this.#pollIntervalMs;
      this.#logger.info('holding the writer’s lease; indexing', { lease: key, cursorName: this.#cursorName });
      this.#role = 'writer';
      this.#pageWriting = { ...onPool, options: { client: lease.client } };
      // The previous writer moved the cursor: start from the stored one.
      this.#position = undefined;
      try {
        await this.#follow(AbortSignal.any([signal, lease.lost]));
      } finally {
        this.#role = 'standby';
        this.#pageWriting = onPool;
        this.#position = undefined;
        this.#caughtUp = false;
        this.metrics.caughtUp.set(0);
        await lease.release();
      }
      if (!signal.aborted) this.#logger.warn('lost the writer’s lease (its connection ended); standing by', { error: lease.lost.reason });
    }
  }

  /**
   * The page's events with their checkpoint times: Sui's `ListEvents` gives none, so the time of
   * each transaction is read once (`Chain.transactionTime`). An event whose time cannot be read
   * keeps null and is recorded at the time it is indexed.
   */
  async #withTimes(events: readonly ChainEvent[]): Promise<readonly ChainEvent[]> {
    const time = this.#readTimes ? this.#chain.transactionTime?.bind(this.#chain) : undefined;
    if (time === undefined || events.every((event) => event.timestampMs !== null)) return events;
    const digests = [...new Set(events.filter((event) => event.timestampMs === null).map((event) => event.id.txDigest))];
    const times = new Map<string, number | null>();
    // A few reads at a time: a page can span many transactions, and a full node limits a client's requests.
    for (let i = 0; i < digests.length; i += TIME_READS_AT_ONCE) {
      const chunk = digests.slice(i, i + TIME_READS_AT_ONCE);
      for (const [digest, at] of await Promise.all(chunk.map(async (digest) => [digest, await time(digest)] as const)))
        times.set(digest, at);
    }
    return events.map((event) => (event.timestampMs !== null ? event : { ...event, timestampMs: times.get(event.id.txDigest) ?? null }));
  }

  /** Applies the page in one transaction; false when it was dropped (the cursor had moved: read again). */
  async #commitPage(page: ReadPage): Promise<boolean> {
    let outcome: PageOutcome;
    try {
      outcome = await this.store.write((kit) => this.#pageWork(kit, page), this.#pageWriting.options);
    } catch (error) {
      // Whether it committed is unknown (a connection lost at COMMIT): the stored cursor says.
      this.#position = undefined;
      throw error;
    }
    if (!outcome.applied) {
      this.#position = undefined;
      this.metrics.droppedPages.inc();
      this.#logger.warn('dropped a page: the cursor moved since it was read (another indexer on this database); reading again', {
        cursorName: this.#cursorName,
        readAfter: page.after,
        stored: outcome.stored,
      });
      return false;
    }
    this.#position = page.next;
    this.#afterCommit(
      { events: page.events, decoded: outcome.decoded, results: outcome.results, cursor: page.next },
      outcome.skipped,
      outcome.unknownSessions,
    );
    return true;
  }

  /** The page's transaction: the cursor's compare-and-set, then each event's rows (and extensions). */
  *#pageWork(kit: Tables, page: ReadPage): Work<PageOutcome> {
    const now = Date.now();
    const timed = page.events.map((event) => ({ event, timestampMs: event.timestampMs ?? now }));
    if (page.next !== null) {
      const advanced = yield* advanceCursor(kit, this.#cursorName, {
        after: page.after,
        next: page.next,
        events: page.events.length,
        lastEventAt: timed[timed.length - 1]?.timestampMs ?? null,
      });
      if (!advanced) return { applied: false, stored: (yield* cursorRow(kit, this.#cursorName))?.cursor ?? null };
    }
    const decodedEvents: DWalletEvent[] = [];
    const results: FeedEntry[] = [];
    const skipped: Skipped[] = [];
    const unknownSessions: string[] = [];
    for (const { event, timestampMs } of timed) {
      let decoded: DWalletEvent;
      try {
        decoded = decodeEvent(this.packageId, event.type, event.bcs);
      } catch (error) {
        skipped.push({ event, error });
        yield* exec(
          kit.db
            .insert(kit.t.skippedEvents)
            .values({
              txDigest: event.id.txDigest,
              eventSeq: event.id.eventSeq,
              type: event.type,
              error: (error as Error).message,
              skippedAt: Date.now(),
            })
            .onConflictDoNothing(),
        );
        continue;
      }
      const outcome = yield* project(kit, { txDigest: event.id.txDigest, timestampMs }, decoded);
      results.push(...outcome.results);
      if (outcome.unknownSession !== undefined) unknownSessions.push(outcome.unknownSession);
      this.#runExtensions(event, decoded);
      decodedEvents.push(decoded);
    }
    if (results.length > 0 && this.#pageWriting.inTransaction !== undefined) yield* this.#pageWriting.inTransaction(kit, results);
    return { applied: true, decoded: decodedEvents, results, skipped, unknownSessions };
  }

  /** The embedder's extensions, synchronously, on the SQLite connection the page's transaction holds. */
  #runExtensions(event: ChainEvent, decoded: DWalletEvent): void {
    if (this.#extensions.length === 0 || this.store.dialect !== 'sqlite') return;
    const { sqlite, db } = this.store;
    for (const extension of this.#extensions) extension({ event, decoded, sqlite, db });
  }

  #afterCommit(page: CommittedPage, skipped: readonly Skipped[], unknownSessions: readonly string[]): void {
    for (const { event, error } of skipped) {
      this.metrics.skipped.inc();
      this.#logger.error('skipping an event that does not decode', {
        type: event.type,
        tx: event.id.txDigest,
        seq: event.id.eventSeq,
        error,
      });
    }
    for (const session of unknownSessions) this.#logger.warn('a result names a session that was never requested', { session });
    for (const decoded of page.decoded) this.metrics.events.inc({ event: decoded.name });
    this.metrics.pages.inc();
    for (const entry of page.results) this.metrics.results.inc({ kind: entry.result.kind, status: entry.result.status });
    if (page.results.length > 0) this.feed.notify();
    for (const listener of this.#commitListeners) this.#safely(() => listener(page));
    for (const entry of page.results) for (const listener of this.#resultListeners) this.#safely(() => listener(entry));
  }

  #safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.#logger.error('an indexer listener threw', { error });
    }
  }
}

function extensionsUnsupported(): IndexerStoreError {
  return new IndexerStoreError(
    IndexerErrorCodes.INDEXER_EXTENSIONS_UNSUPPORTED,
    'indexer extensions run synchronously inside a SQLite transaction; an indexer on PostgreSQL takes none',
  );
}

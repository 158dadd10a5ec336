/**
 * The indexer as a library: follows the coordinator's events in chain order from a persisted
 * cursor and, for each page, applies what the events mean (projection.ts), runs the embedder's
 * extensions, appends results to the feed and saves the cursor past the page — all in ONE SQLite
 * transaction. A crash anywhere in a page leaves the tables and the cursor as they were before
 * it, and the page is read again on restart; nothing is indexed twice, nothing is skipped.
 *
 * Embedding (a validator sharing its SQLite file): pass the open better-sqlite3 `Database` as
 * `database`, register `extensions` — synchronous functions called with each decoded event inside
 * the page's transaction, whose writes on the same connection commit (or roll back) with the
 * indexer's rows and cursor — and use `onCommit` for effects that must follow the commit (start
 * work, wake threads). Clients of the library get committed results through `onResult` or the
 * `results()` async iterator.
 *
 * An event of the package that does not decode is recorded in `skipped_events`, logged, and
 * passed over; it never stops the follower. Chain transport failures are retried with backoff;
 * any other failure (an extension throwing, a database error) rolls the page back, is logged, and
 * the page is retried after a backoff.
 * @module
 */
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import type { Chain, ChainEvent, Deployment, EventCursor } from '../chain/chain.ts';
import { waitForNextEvent } from '../chain/event-wait.ts';
import { isTransientChainError, sleep } from '../chain/retry.ts';
import { type DWalletEvent, decodeEvent } from '../chain/schemas/events.ts';
import { createLogger, type Logger } from '../runtime/log.ts';
import { type DatabaseSource, type IndexerDatabase, type IndexerDb, openIndexerDatabase } from './db/database.ts';
import * as schema from './db/schema.ts';
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

/** Runs inside the page's transaction; must be synchronous; throwing rolls the whole page back. */
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
  /** A file path (`':memory:'` for tests) or an open better-sqlite3 database to share. */
  readonly database: DatabaseSource;
  /** Where the package lives; read from the chain when absent. */
  readonly deployment?: Deployment;
  /** The cursor's name (one per consumer of a shared file). */
  readonly cursorName?: string;
  readonly pageSize?: number;
  /** Wait between polls once caught up. */
  readonly pollIntervalMs?: number;
  readonly logger?: Logger;
  readonly metrics?: IndexerMetrics;
  readonly extensions?: readonly IndexerExtension[];
  /**
   * Whether to read the checkpoint time of transactions whose listed events carry none (Sui's
   * `ListEvents`), one read per transaction; default true. Without it an event is recorded at the
   * time it is indexed. A validator turns it off: it needs the chain's order, not its times, and
   * the read would delay every request it sees by a round trip.
   */
  readonly readTimes?: boolean;
}

export interface IndexerStatus {
  readonly cursor: EventCursor | null;
  readonly caughtUp: boolean;
  /** Chain time (ms) of the last event indexed. */
  readonly lastEventAt: number | null;
  readonly eventsIndexed: number;
}

/**
 * The read of a cursor, prepared once: every poll of the chain reads it, and building and
 * preparing the query each time cost more CPU than the poll's own request (validator profile).
 */
function cursorQuery(db: IndexerDb) {
  return db
    .select()
    .from(schema.indexerCursors)
    .where(eq(schema.indexerCursors.name, sql.placeholder('name')))
    .prepare();
}

export class Indexer {
  readonly queries: IndexerQueries;
  readonly feed: ResultFeed;
  readonly metrics: IndexerMetrics;
  readonly #database: IndexerDatabase;
  readonly #chain: Chain;
  readonly #readTimes: boolean;
  readonly #logger: Logger;
  readonly #cursorName: string;
  readonly #pageSize: number;
  readonly #pollIntervalMs: number;
  readonly #extensions: IndexerExtension[];
  readonly #resultListeners = new Set<(entry: FeedEntry) => void>();
  readonly #commitListeners = new Set<(page: CommittedPage) => void>();
  #caughtUp = false;
  #cursorQuery: ReturnType<typeof cursorQuery> | undefined;

  private constructor(
    readonly deployment: Deployment,
    options: IndexerOptions,
  ) {
    this.#database = openIndexerDatabase(options.database);
    this.#chain = options.chain;
    this.#readTimes = options.readTimes ?? true;
    this.#logger = options.logger ?? createLogger('indexer');
    this.#cursorName = options.cursorName ?? DEFAULT_CURSOR_NAME;
    this.#pageSize = options.pageSize ?? 100;
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.#extensions = [...(options.extensions ?? [])];
    this.metrics = options.metrics ?? new IndexerMetrics();
    this.queries = new IndexerQueries(this.#database.db);
    this.feed = new ResultFeed(this.queries);
  }

  /** Opens (creating and migrating) the indexer's tables; reads the deployment from the chain if not given. */
  static async open(options: IndexerOptions): Promise<Indexer> {
    const deployment = options.deployment ?? (await options.chain.deployment());
    return new Indexer(deployment, options);
  }

  get packageId(): string {
    return this.deployment.packageId;
  }

  get db(): IndexerDb {
    return this.#database.db;
  }

  get sqlite(): Database.Database {
    return this.#database.sqlite;
  }

  status(): IndexerStatus {
    this.#cursorQuery ??= cursorQuery(this.db);
    const row = this.#cursorQuery.get({ name: this.#cursorName });
    return {
      cursor: row?.cursor ?? null,
      caughtUp: this.#caughtUp,
      lastEventAt: row?.lastEventAt ?? null,
      eventsIndexed: row?.eventsIndexed ?? 0,
    };
  }

  /** Adds an extension (see {@link IndexerExtension}); returns its removal. */
  addExtension(extension: IndexerExtension): () => void {
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
      const cursor = this.status().cursor;
      const page = await this.#chain.listEvents({ after: cursor, limit: this.#pageSize });
      if (page.events.length > 0 || (page.nextCursor !== null && page.nextCursor !== cursor)) {
        this.#commitPage(await this.#withTimes(page.events), page.nextCursor ?? cursor);
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

  /** Catches up, then polls until `signal` aborts; failures are logged and retried with backoff. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = this.#pollIntervalMs;
    while (!signal.aborted) {
      try {
        await this.catchUp(signal);
        backoff = this.#pollIntervalMs;
        await waitForNextEvent(this.#chain, this.status().cursor, this.#pollIntervalMs, signal);
      } catch (error) {
        this.metrics.failures.inc();
        this.#logger[isTransientChainError(error) ? 'warn' : 'error']('indexing failed; retrying', { error, retryInMs: backoff });
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** Closes the database if the indexer opened it (an embedder's stays open). */
  close(): void {
    this.feed.notify();
    this.#database.close();
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

  #commitPage(events: readonly ChainEvent[], nextCursor: EventCursor | null): void {
    const decodedEvents: DWalletEvent[] = [];
    const results: FeedEntry[] = [];
    const skipped: { event: ChainEvent; error: unknown }[] = [];
    const unknownSessions: string[] = [];
    const { db, sqlite } = this.#database;
    const apply = sqlite.transaction(() => {
      let lastEventAt: number | null = null;
      for (const event of events) {
        const timestampMs = event.timestampMs ?? Date.now();
        lastEventAt = timestampMs;
        let decoded: DWalletEvent;
        try {
          decoded = decodeEvent(this.packageId, event.type, event.bcs);
        } catch (error) {
          skipped.push({ event, error });
          db.insert(schema.skippedEvents)
            .values({
              txDigest: event.id.txDigest,
              eventSeq: event.id.eventSeq,
              type: event.type,
              error: (error as Error).message,
              skippedAt: Date.now(),
            })
            .onConflictDoNothing()
            .run();
          continue;
        }
        const outcome = project(db, { txDigest: event.id.txDigest, timestampMs }, decoded);
        results.push(...outcome.results);
        if (outcome.unknownSession !== undefined) unknownSessions.push(outcome.unknownSession);
        for (const extension of this.#extensions) extension({ event, decoded, sqlite, db });
        decodedEvents.push(decoded);
      }
      if (nextCursor === null) return;
      const previous = db.select().from(schema.indexerCursors).where(eq(schema.indexerCursors.name, this.#cursorName)).get();
      const row = {
        name: this.#cursorName,
        cursor: nextCursor,
        eventsIndexed: (previous?.eventsIndexed ?? 0) + events.length,
        lastEventAt: lastEventAt ?? previous?.lastEventAt ?? null,
        updatedAt: Date.now(),
      };
      db.insert(schema.indexerCursors).values(row).onConflictDoUpdate({ target: schema.indexerCursors.name, set: row }).run();
    });
    // Immediate: an embedder's other connections write the same file (a validator's session
    // workers), and a deferred transaction that read first would fail with SQLITE_BUSY instead of
    // waiting (validator/store/database.ts).
    apply.immediate();
    this.#afterCommit({ events, decoded: decodedEvents, results, cursor: nextCursor }, skipped, unknownSessions);
  }

  #afterCommit(page: CommittedPage, skipped: { event: ChainEvent; error: unknown }[], unknownSessions: string[]): void {
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

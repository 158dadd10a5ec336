/**
 * The live side of the results feed. The feed itself is the `results` table (append-only, ids in
 * commit order); this wakes whoever waits for it once a page's transaction has committed (in this
 * process, or — PostgreSQL — in the writer process, told through NOTIFY). Readers always read the
 * table after the id they last saw, so a replay (`after`, `Last-Event-ID`) and the live tail are
 * one loop; and a reader takes a `mark()` before it reads, so a notification that arrives while
 * its read is under way is not lost (its wait returns at once).
 * @module
 */
import type { IndexerQueries, ResultFilter } from './queries.ts';
import type { FeedEntry } from './views.ts';

export class ResultFeed {
  #waiters = new Set<() => void>();
  #notifications = 0;

  constructor(private readonly queries: IndexerQueries) {}

  /** Wakes every waiter (called after each commit that appended results). */
  notify(): void {
    this.#notifications++;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Where the notifications stand: a `wait` given this mark returns at once if one came since. */
  mark(): number {
    return this.#notifications;
  }

  /**
   * Resolves on the next `notify` (at once, true, when one came since `since`), after `timeoutMs`
   * (false), or when `signal` aborts (false).
   */
  wait(timeoutMs: number, signal?: AbortSignal, since?: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      if (since !== undefined && since !== this.#notifications) return resolve(true);
      const done = (notified: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(wake);
        resolve(notified);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(wake);
    });
  }

  /**
   * Entries after `after` (the latest committed one when null: only new results), replayed from
   * the table then followed live, until `signal` aborts.
   */
  async *entries(options: { after?: number | null; filter?: ResultFilter; signal?: AbortSignal } = {}): AsyncGenerator<FeedEntry> {
    let last = options.after ?? (await this.queries.lastResultId());
    while (!options.signal?.aborted) {
      const mark = this.mark();
      // The head is read BEFORE the filtered page: an entry committed between the two reads is
      // above `head`, so skipping up to `head` never passes over it.
      const head = await this.queries.lastResultId();
      const page = await this.queries.resultsAfter(last, options.filter);
      for (const entry of page) {
        last = entry.id;
        yield entry;
      }
      if (page.length === 0) {
        // Nothing (more) matches up to the head: skip past the entries that did not match.
        last = Math.max(last, head);
        await this.wait(60_000, options.signal, mark);
      }
    }
  }
}

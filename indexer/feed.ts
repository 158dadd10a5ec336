/**
 * The live side of the results feed. The feed itself is the `results` table (append-only, ids in
 * commit order); this wakes whoever waits for it once a page's transaction has committed. Readers
 * always read the table after the id they last saw, so a result committed between a reader's
 * query and its wait is never missed, and a replay (`after`, `Last-Event-ID`) and the live tail
 * are one loop.
 * @module
 */
import type { IndexerQueries, ResultFilter } from './queries.ts';
import type { FeedEntry } from './views.ts';

export class ResultFeed {
  #waiters = new Set<() => void>();

  constructor(private readonly queries: IndexerQueries) {}

  /** Wakes every waiter (called after each commit that appended results). */
  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next `notify`, after `timeoutMs` (false), or when `signal` aborts (false). */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
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
    let last = options.after ?? this.queries.lastResultId();
    while (!options.signal?.aborted) {
      const page = this.queries.resultsAfter(last, options.filter);
      for (const entry of page) {
        last = entry.id;
        yield entry;
      }
      if (page.length === 0) {
        // Nothing (more) matches: skip past the entries that did not match. Both reads run in one
        // synchronous step, so no commit can fall between them.
        last = Math.max(last, this.queries.lastResultId());
        await this.wait(60_000, options.signal);
      }
    }
  }
}

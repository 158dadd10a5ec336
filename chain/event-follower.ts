/**
 * Follows the package's events in chain order from a durable cursor.
 *
 * Each event is handed to the handler once, in order, and the cursor just after it is saved as
 * soon as the handler returns, so a process that stops (cleanly or not) resumes with the next
 * event: nothing is lost, and nothing already acknowledged is handed over again. If the handler
 * throws, the cursor is not advanced and the error is returned to the caller, so the event is
 * delivered again on the next run (at least once for a handler that fails). A handler that keeps
 * its own state in the same SQLite file as the cursor (`SqliteCursorStore.transaction`) can make
 * its effects and the cursor commit together.
 * @module
 */
import type { Chain, ChainEvent, EventCursor } from './chain.ts';
import { waitForNextEvent } from './event-wait.ts';
import { isTransientChainError, sleep } from './retry.ts';

export interface CursorStore {
  load(name: string): Promise<EventCursor | null>;
  save(name: string, cursor: EventCursor): Promise<void>;
}

/** A cursor kept in memory only: a reader that starts from the beginning on every run (clients, tools). */
export class MemoryCursorStore implements CursorStore {
  readonly #cursors = new Map<string, EventCursor>();

  async load(name: string): Promise<EventCursor | null> {
    return this.#cursors.get(name) ?? null;
  }

  async save(name: string, cursor: EventCursor): Promise<void> {
    this.#cursors.set(name, cursor);
  }
}

export type EventHandler = (event: ChainEvent) => Promise<void> | void;

export interface EventFollowerOptions {
  chain: Chain;
  store: CursorStore;
  /** The cursor's name in the store (one per consumer). */
  name: string;
  pageSize?: number;
  /** Wait between polls once caught up. */
  pollIntervalMs?: number;
  /** Called with transport failures `run` retries after. */
  onRetry?: (error: unknown) => void;
}

export class EventFollower {
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: EventFollowerOptions) {
    this.pageSize = options.pageSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  /**
   * Hands every event after the saved cursor to `handler`, page by page, until the chain has no
   * more (or `signal` aborts, between two events). Returns how many events were handled.
   */
  async catchUp(handler: EventHandler, signal?: AbortSignal): Promise<number> {
    const { chain, store, name } = this.options;
    let cursor = await store.load(name);
    let handled = 0;
    for (;;) {
      if (signal?.aborted) return handled;
      const page = await chain.listEvents({ after: cursor, limit: this.pageSize });
      for (const event of page.events) {
        if (signal?.aborted) return handled;
        await handler(event);
        if (event.cursor !== null) {
          cursor = event.cursor;
          await store.save(name, cursor);
        }
        handled += 1;
      }
      if (page.nextCursor !== null && page.nextCursor !== cursor) {
        cursor = page.nextCursor;
        await store.save(name, cursor);
      }
      if (!page.hasNextPage) return handled;
    }
  }

  /** Catches up, then polls for new events until `signal` aborts; retries transport failures. */
  async run(handler: EventHandler, signal: AbortSignal): Promise<void> {
    let backoff = this.pollIntervalMs;
    while (!signal.aborted) {
      try {
        await this.catchUp(handler, signal);
        backoff = this.pollIntervalMs;
        await waitForNextEvent(this.options.chain, await this.options.store.load(this.options.name), this.pollIntervalMs, signal);
      } catch (error) {
        if (!isTransientChainError(error)) throw error;
        this.options.onRetry?.(error);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}

/**
 * The local chain's waiters for new events (the `waitForEvents` of chain/chain.ts): a follower
 * that has caught up asks to be told when the chain records its next event, instead of asking
 * again every poll interval. The ledger wakes every waiter after each transaction commits; each
 * waiter then checks its own cursor, so a wake-up for an event it has already seen costs a check,
 * never a wrong answer. A wait leaves nothing behind however it ends (timer cleared, abort
 * listener removed).
 * @module
 */

/** The longest wait one call may ask for (below the HTTP client's 30 s request timeout). */
export const MAX_EVENT_WAIT_MS = 20_000;

export class EventWaiters {
  readonly #waiters = new Set<() => void>();

  /** Waiters now (for tests and the chain's health). */
  get size(): number {
    return this.#waiters.size;
  }

  /**
   * Resolves `true` once `hasEvent()` holds — checked now and after each `notify` — or `false`
   * after `timeoutMs` or when `signal` aborts.
   */
  wait(hasEvent: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (hasEvent()) return Promise.resolve(true);
    if (timeoutMs <= 0 || signal?.aborted === true) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (found: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.#waiters.delete(check);
        resolve(found);
      };
      const check = () => {
        if (hasEvent()) finish(true);
      };
      const aborted = () => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal?.addEventListener('abort', aborted, { once: true });
      this.#waiters.add(check);
    });
  }

  /** Something was committed: every waiter checks its cursor again. */
  notify(): void {
    for (const check of [...this.#waiters]) check();
  }
}

/**
 * The wait between two turns of a service loop (the validator's relayer push, the relayer's
 * submitter): it ends after the loop's period, at once when there is news (`kick`), or when the
 * loop stops (its `AbortSignal`). A wait leaves nothing behind however it ends — its timer is
 * cleared and its abort listener removed — so a signal that lives as long as the process does not
 * gain a listener per idle turn (a turn per second is 86,400 listeners a day).
 * @module
 */
export class Wakeup {
  #wake: (() => void) | undefined;
  #pending = false;

  /** There is news: the current wait ends now, and the next one does not start. */
  kick(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /** Forgets earlier news; called at the start of a turn, which handles whatever was pending. */
  clear(): void {
    this.#pending = false;
  }

  /** Resolves after `ms`, on `kick` (or at once when news came since `clear`), or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

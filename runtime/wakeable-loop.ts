/**
 * The loop of a service that works in turns: run a step, then sleep until the next turn is due —
 * after the step's own delay or the loop's interval, at once when there is news (`kick`), or never
 * again once the loop's `AbortSignal` aborts. A step that throws is reported to `onError` and the
 * loop backs off: it waits `retryMs`, doubled per failure in a row up to `maxRetryMs`, and returns
 * to its pace after the next turn that succeeds. The sleep is a {@link Wakeup}, so an idle loop
 * leaves no listener behind on its signal.
 *
 * Used by the validator's relayer push and chain follower, and by the relayer's submitter.
 * @module
 */
import { Wakeup } from './wakeup.ts';

export interface WakeableLoopOptions {
  /**
   * One turn. Returns how long to sleep before the next one in milliseconds (0: the next turn runs
   * at once, without sleeping), or nothing to sleep `intervalMs`.
   */
  readonly step: () => Promise<number | undefined> | Promise<void>;
  /** The sleep after a turn that names none. */
  readonly intervalMs: number;
  /** Told of each turn that threw (e.g. to log it); the loop then backs off. */
  readonly onError: (error: unknown) => void;
  /** The sleep after a failed turn (default `intervalMs`). */
  readonly retryMs?: number;
  /** The longest sleep after failed turns in a row (default `retryMs`: no growth). */
  readonly maxRetryMs?: number;
}

export class WakeableLoop {
  readonly #wakeup = new Wakeup();

  constructor(private readonly options: WakeableLoopOptions) {}

  /** There is news: the current sleep ends now, and a turn running now is followed by another at once. */
  kick(): void {
    this.#wakeup.kick();
  }

  /** Runs turns until `signal` aborts; resolves once the turn running then has finished. */
  async run(signal: AbortSignal): Promise<void> {
    const { intervalMs, onError } = this.options;
    const retryMs = this.options.retryMs ?? intervalMs;
    const maxRetryMs = Math.max(retryMs, this.options.maxRetryMs ?? retryMs);
    let failures = 0;
    while (!signal.aborted) {
      this.#wakeup.clear();
      let delay: number;
      try {
        const asked = await this.options.step();
        delay = typeof asked === 'number' ? asked : intervalMs;
        failures = 0;
      } catch (error) {
        onError(error);
        delay = Math.min(retryMs * 2 ** Math.min(failures, 30), maxRetryMs);
        failures++;
      }
      if (delay > 0) await this.#wakeup.wait(delay, signal);
    }
  }
}

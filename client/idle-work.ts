/**
 * Work the SDK does while it waits for the chain: a generator of steps (mpc/steps.ts) run one
 * `next()` per turn of the event loop, after whatever I/O is pending, and finished at once by
 * whoever needs its result before the steps are done.
 *
 * The timers do not keep a process alive (a command that is done exits); {@link IdleWork.finish}
 * runs the remaining steps synchronously, so a caller never waits on an unreferenced timer.
 * @module
 */

export class IdleWork<T> {
  readonly #steps: Generator<void, T, void>;
  #outcome: { done: true; value: T } | { done: false; error: unknown } | undefined;

  /** Starts `steps` in idle time. */
  static start<T>(steps: Generator<void, T, void>): IdleWork<T> {
    return new IdleWork(steps);
  }

  private constructor(steps: Generator<void, T, void>) {
    this.#steps = steps;
    const step = () => {
      if (this.#outcome !== undefined) return;
      if (!this.#advance()) setTimeout(step, 0).unref?.();
    };
    setTimeout(step, 0).unref?.();
  }

  /** Whether the steps ended (with a result or an error). */
  get settled(): boolean {
    return this.#outcome !== undefined;
  }

  /** The result: the steps still left are run now; the error of a step that threw is thrown. */
  finish(): T {
    while (this.#outcome === undefined) this.#advance();
    if (this.#outcome.done) return this.#outcome.value;
    throw this.#outcome.error;
  }

  /** One step; true once the steps ended. */
  #advance(): boolean {
    try {
      const step = this.#steps.next();
      if (step.done === true) this.#outcome = { done: true, value: step.value };
    } catch (error) {
      this.#outcome = { done: false, error };
    }
    return this.#outcome !== undefined;
  }
}

/**
 * The validator runs session steps one at a time, each synchronous (the cryptography is), in
 * three lanes taken in order: agreement on result batches first (small, and every result waits on
 * it), then inputs of running sessions (they finish work already started), then the start of new
 * sessions (a sign session's start verifies the user's proofs, the heaviest step). Between two
 * steps it yields to the event loop, so that HTTP requests and timers are served.
 * @module
 */
import type { Logger } from '../../runtime/log.ts';

export type Lane = 'agreement' | 'inputs' | 'starts';
const LANES: readonly Lane[] = ['agreement', 'inputs', 'starts'];

export class TaskQueue {
  readonly #lanes = new Map<Lane, (() => void)[]>(LANES.map((lane) => [lane, []]));
  #running = false;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(private readonly logger: Logger) {}

  push(lane: Lane, task: () => void): void {
    if (this.#stopped) return;
    (this.#lanes.get(lane) as (() => void)[]).push(task);
    if (!this.#running) void this.#drain();
  }

  get size(): number {
    let n = 0;
    for (const tasks of this.#lanes.values()) n += tasks.length;
    return n;
  }

  /** Resolves once no task is running or queued. */
  idle(): Promise<void> {
    if (!this.#running && this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Drops queued tasks; the running one finishes. */
  stop(): Promise<void> {
    this.#stopped = true;
    for (const tasks of this.#lanes.values()) tasks.length = 0;
    return this.idle();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    for (;;) {
      const task = this.#next();
      if (task === undefined) break;
      try {
        task();
      } catch (error) {
        this.logger.error('session task failed', { error });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #next(): (() => void) | undefined {
    for (const lane of LANES) {
      const task = (this.#lanes.get(lane) as (() => void)[]).shift();
      if (task !== undefined) return task;
    }
    return undefined;
  }
}

/**
 * The validator runs session steps one at a time, each synchronous (the cryptography is), by
 * priority (lower first; first in, first out within a priority), yielding to the event loop
 * between two steps so that timers and incoming messages are served. engine/priorities.ts says
 * which work comes first.
 * @module
 */
import type { Logger } from '../../runtime/log.ts';

export class TaskQueue {
  readonly #lanes: (() => void)[][];
  #running = false;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly logger: Logger,
    priorities: number,
  ) {
    this.#lanes = Array.from({ length: priorities }, () => []);
  }

  push(priority: number, task: () => void): void {
    if (this.#stopped) return;
    const lane = this.#lanes[Math.min(Math.max(0, priority), this.#lanes.length - 1)] as (() => void)[];
    lane.push(task);
    if (!this.#running) void this.#drain();
  }

  get size(): number {
    return this.#lanes.reduce((n, lane) => n + lane.length, 0);
  }

  /** Resolves once no task is running or queued. */
  idle(): Promise<void> {
    if (!this.#running && this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Drops queued tasks; the running one finishes. */
  stop(): Promise<void> {
    this.#stopped = true;
    for (const lane of this.#lanes) lane.length = 0;
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
    for (const lane of this.#lanes) {
      const task = lane.shift();
      if (task !== undefined) return task;
    }
    return undefined;
  }
}

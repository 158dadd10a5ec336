/**
 * How long the page's main thread was blocked while the SDK worked: the example's evidence that
 * the worker design keeps the page responsive (SPEC-22: "the main thread is never blocked for more
 * than ~100 ms during signing", measured in the page).
 *
 * Two measures, over named windows of time (`begin('sign')` … `end()`):
 * - long tasks, from the browser itself (`PerformanceObserver` of type `longtask`: every task of
 *   the main thread over 50 ms, with its duration; Chromium has it, other browsers may not);
 * - timer lag, everywhere: a 20 ms interval timer notes how late each tick runs. A tick can only be
 *   late while the thread runs something else, so the largest lateness bounds the longest block
 *   from below, and catches blocks the long-task API does not report (e.g. inside a microtask chain).
 *
 * The results are plain data on `window.dappMetrics` (a test reads them with `page.evaluate`).
 * @module
 */

/** One measured window. Times in milliseconds. */
export interface BlockWindow {
  readonly name: string;
  readonly startedAt: number;
  endedAt: number | null;
  /** The longest long task that started inside the window (0: none over 50 ms). */
  longestTaskMs: number;
  /** How many long tasks started inside the window. */
  longTasks: number;
  /** The largest lateness of the lag timer's ticks inside the window. */
  longestLagMs: number;
  /** max(longestTaskMs, longestLagMs): the longest block seen by either measure. */
  longestBlockMs: number;
  /** Lag timer ticks inside the window (a window with none measured nothing). */
  ticks: number;
}

export interface DappMetrics {
  /** Whether the browser reports long tasks (else only the timer lag measures). */
  readonly longTaskApi: boolean;
  readonly windows: BlockWindow[];
}

/** The browser APIs the monitor uses (the project compiles without the DOM library). */
interface MonitorScope {
  readonly performance: { now(): number };
  setInterval(handler: () => void, ms: number): unknown;
  setTimeout(handler: () => void, ms: number): unknown;
  readonly PerformanceObserver?: {
    new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void): LongTaskObserver;
    readonly supportedEntryTypes?: readonly string[];
  };
}

interface LongTaskObserver {
  observe(options: { type: string; buffered?: boolean }): void;
  /** The entries recorded but not yet delivered to the callback (delivery waits for an idle moment). */
  takeRecords(): { startTime: number; duration: number }[];
}

const TICK_MS = 20;

export class ResponsivenessMonitor {
  readonly metrics: DappMetrics;
  readonly #scope: MonitorScope;
  readonly #open = new Set<BlockWindow>();
  readonly #observer: LongTaskObserver | undefined;
  #lastTick: number;

  constructor(scope: MonitorScope = globalThis as unknown as MonitorScope) {
    this.#scope = scope;
    const Observer = scope.PerformanceObserver;
    const longTaskApi = Observer?.supportedEntryTypes?.includes('longtask') === true;
    this.metrics = { longTaskApi, windows: [] };
    if (Observer !== undefined && longTaskApi) {
      this.#observer = new Observer((list) => {
        for (const entry of list.getEntries()) this.#longTask(entry.startTime, entry.duration);
      });
      this.#observer.observe({ type: 'longtask', buffered: false });
    }
    this.#lastTick = scope.performance.now();
    scope.setInterval(() => this.#tick(), TICK_MS);
  }

  /** Opens a window named `name` (several may be open at once). */
  begin(name: string): BlockWindow {
    const window: BlockWindow = {
      name,
      startedAt: this.#scope.performance.now(),
      endedAt: null,
      longestTaskMs: 0,
      longTasks: 0,
      longestLagMs: 0,
      longestBlockMs: 0,
      ticks: 0,
    };
    this.metrics.windows.push(window);
    this.#open.add(window);
    return window;
  }

  /**
   * Closes `window` once the tasks that ran before now have been reported: long-task entries are
   * delivered after their task ends, and the lag of a block shows at the next tick.
   */
  end(window: BlockWindow): Promise<BlockWindow> {
    const endedAt = this.#scope.performance.now();
    return new Promise((done) => {
      this.#scope.setTimeout(() => {
        // A busy page delivers long-task entries late: take the ones recorded so far now.
        for (const entry of this.#observer?.takeRecords() ?? []) this.#longTask(entry.startTime, entry.duration);
        window.endedAt = endedAt;
        this.#open.delete(window);
        done(window);
      }, TICK_MS * 3);
    });
  }

  #tick(): void {
    const now = this.#scope.performance.now();
    const lag = Math.max(0, now - this.#lastTick - TICK_MS);
    this.#lastTick = now;
    for (const window of this.#open) {
      window.ticks += 1;
      if (lag > window.longestLagMs) window.longestLagMs = lag;
      window.longestBlockMs = Math.max(window.longestTaskMs, window.longestLagMs);
    }
  }

  #longTask(startTime: number, duration: number): void {
    for (const window of this.metrics.windows) {
      if (startTime + duration < window.startedAt || (window.endedAt !== null && startTime > window.endedAt)) continue;
      window.longTasks += 1;
      if (duration > window.longestTaskMs) window.longestTaskMs = duration;
      window.longestBlockMs = Math.max(window.longestTaskMs, window.longestLagMs);
    }
  }
}

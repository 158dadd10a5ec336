/**
 * A small benchmark harness: time a function, compare it with a baseline measured in the same
 * run, and print each result as a JSON line and, at the end, as a readable table.
 * @module
 */
import { cpus } from 'node:os';

export interface Measurement {
  /** Median wall time of one call, ms. */
  medianMs: number;
  minMs: number;
  meanMs: number;
  iterations: number;
}

export interface BenchRow {
  bench: string;
  name: string;
  measurement: Measurement;
  baseline?: { name: string; measurement: Measurement };
  /** Target from the issue, as an upper bound on the median (ms), if any. */
  targetMs?: number;
  extra?: Record<string, number | string>;
}

/** Run `fn` `warmup` times, then `iterations` times (at least), and summarise the wall times. */
export function measure(fn: () => unknown, options: { iterations?: number; warmup?: number; minTimeMs?: number } = {}): Measurement {
  const iterations = options.iterations ?? 10;
  const warmup = options.warmup ?? 1;
  const minTimeMs = options.minTimeMs ?? 0;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < iterations || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/** Median, minimum and mean of times measured elsewhere (milliseconds). */
export function summarize(times: readonly number[]): Measurement {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    medianMs: median,
    minMs: sorted[0] as number,
    meanMs: sorted.reduce((s, t) => s + t, 0) / sorted.length,
    iterations: sorted.length,
  };
}

/** Time a single run of `fn` (for one-off costs such as a cold setup). */
export function once<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

export function single(ms: number): Measurement {
  return { medianMs: ms, minMs: ms, meanMs: ms, iterations: 1 };
}

export class BenchReport {
  readonly rows: BenchRow[] = [];
  readonly bench: string;

  constructor(bench: string) {
    this.bench = bench;
  }

  add(row: Omit<BenchRow, 'bench'>): void {
    const full: BenchRow = { bench: this.bench, ...row };
    this.rows.push(full);
    const json: Record<string, unknown> = {
      bench: full.bench,
      name: full.name,
      median_ms: round(full.measurement.medianMs),
      min_ms: round(full.measurement.minMs),
      iterations: full.measurement.iterations,
    };
    if (full.baseline) {
      json.baseline = full.baseline.name;
      json.baseline_median_ms = round(full.baseline.measurement.medianMs);
      json.speedup = round(full.baseline.measurement.medianMs / full.measurement.medianMs);
    }
    if (full.targetMs !== undefined) {
      json.target_ms = full.targetMs;
      json.meets_target = full.measurement.medianMs <= full.targetMs;
    }
    if (full.extra) Object.assign(json, full.extra);
    console.log(JSON.stringify(json));
  }

  printTable(): void {
    const header = ['benchmark', 'median', 'baseline', 'speedup', 'target'];
    const lines = this.rows.map((r) => [
      r.name,
      formatMs(r.measurement.medianMs),
      r.baseline ? `${formatMs(r.baseline.measurement.medianMs)} (${r.baseline.name})` : '',
      r.baseline ? `${(r.baseline.measurement.medianMs / r.measurement.medianMs).toFixed(2)}×` : '',
      r.targetMs === undefined ? '' : `${r.measurement.medianMs <= r.targetMs ? 'ok' : 'MISSED'} ≤ ${formatMs(r.targetMs)}`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
    const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
    console.log(`\n${this.bench} — ${cpus().length} cores, Node ${process.version}`);
    console.log(fmt(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const l of lines) console.log(fmt(l));
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A bounded HTTP load generator for loopback benches: a fixed number of workers, each sending
 * one GET at a time on kept-alive connections, for a fixed duration (or until a request count, or
 * until aborted), spreading requests over several servers in turn. Every answer is read whole; one that is not
 * 200, or a request that fails, is an error. Reports requests per second and latency
 * percentiles. It runs in the bench's own process, which shares the machine with the servers.
 * @module
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  /** Base URLs (`http://127.0.0.1:port`); request i goes to `targets[i % targets.length]`. */
  readonly targets: readonly string[];
  /** The path of request i (`/v1/…?…`). */
  readonly path: (i: number) => string;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Stop starting requests after this long (ms)… */
  readonly durationMs: number;
  /** …or after this many, whichever comes first. */
  readonly maxRequests?: number;
  /** Per-request timeout (ms). */
  readonly timeoutMs?: number;
  /** Stop starting requests once aborted. */
  readonly signal?: AbortSignal;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers by HTTP status (`error` for requests that failed). */
  readonly byStatus: Record<string, number>;
  /** The first few errors, to say what went wrong. */
  readonly sampleErrors: string[];
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function get(agent: Agent, url: URL, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: 'GET', timeout: timeoutMs }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.targets.length === 0) throw new Error('the load needs at least one target');
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error('concurrency: a positive integer');
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  const sampleErrors: string[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + options.durationMs;
  const worker = async () => {
    while (started < maxRequests && performance.now() < deadline && options.signal?.aborted !== true) {
      const i = started++;
      const url = new URL(options.path(i), options.targets[i % options.targets.length]);
      const sent = performance.now();
      let status: string;
      try {
        status = String(await get(agent, url, timeoutMs));
      } catch (error) {
        status = 'error';
        if (sampleErrors.length < 5) sampleErrors.push(`${url.pathname}: ${(error as Error).message}`);
      }
      latencies.push(performance.now() - sent);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status !== '200') {
        errors++;
        if (status !== 'error' && sampleErrors.length < 5) sampleErrors.push(`${url.pathname}${url.search}: HTTP ${status}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    requests: latencies.length,
    errors,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    byStatus,
    sampleErrors,
  };
}

/**
 * The indexer at scale, each store against SQLite measured in the same run:
 *
 * - indexing: events indexed per second. The stream is the local chain's own events (genesis
 *   set-up: committee, network key, fees) with a generated activity spliced in before the chain's
 *   last event (support/generated-activity.ts: `--events` events of users creating dWallets,
 *   presigning and signing, and of the relayer landing the results in batches, encoded with the
 *   coordinator's BCS schemas), served page by page from memory (support/recorded-events.ts), so
 *   that the time is the indexer's and its store's, not the chain's. Indexed into a SQLite file
 *   and into a fresh PostgreSQL database (`--postgres`, dropped at the end), `--page-size` events
 *   per transaction.
 * - API: requests per second on loopback (support/http-load.ts: `--concurrency` requests in
 *   flight for `--duration-ms`, after a second of warm-up; a mix of GET /v1/dwallets/:id,
 *   /v1/dwallets?owner=, /v1/sessions/:id, /v1/network and /v1/presigns/pool over the indexed
 *   ids), p50 and p99 latency, errors (any is a failure) and the services' CPU per request (from
 *   /proc, the PostgreSQL server's not included), against the indexer service run as
 *   real processes (`tsx indexer/main.ts`) on the databases indexed above, following the local
 *   chain (`tsx chain/local/main.ts` on the same ledger, whose tip the spliced stream ends at, so
 *   the services start caught up): the SQLite service (one process; the baseline), and on
 *   PostgreSQL one read-only process and `--readers` read-only processes, each on its own port,
 *   the load spread over them in turn.
 *
 * PostgreSQL unreachable: its rows are skipped with the reason, SQLite still runs. Every process
 * started is stopped at the end, on an error, and on Ctrl-C (and stops by itself if this process
 * is killed outright: devnet/process.ts).
 *
 * Run: npm run bench -- indexer   (options: --events 20000 --page-size 200 --users 20
 *      --concurrency 16 --duration-ms 6000 --readers 3
 *      --postgres postgres://postgres@127.0.0.1:5432/postgres (or DWALLET_BENCH_POSTGRES_URL)
 *      --keep: leave the data directory and the database, and say where)
 * The defaults take about 2 minutes on 2 cores (20,000 events: ~20 s into SQLite, ~35 s into
 * PostgreSQL; three API loads of 7 s). The machine's cores are shared by the services, the
 * PostgreSQL server and this process (which generates the load): figures compare stores on one
 * machine, they are not capacities — with more processes than cores, more readers are slower.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import type { Chain, ChainEvent, Deployment } from '../chain/chain.ts';
import { type RequestKind, SignatureAlgorithm } from '../chain/constants.ts';
import { openInProcessChain } from '../chain/local/in-process.ts';
import { DEVNET_FEES } from '../devnet/chain-setup.ts';
import { ServiceProcess, waitHealthy } from '../devnet/process.ts';
import { Indexer } from '../indexer/indexer.ts';
import { createLogger } from '../runtime/log.ts';
import { EcdsaPayloads } from './support/ecdsa-payloads.ts';
import { generateActivity } from './support/generated-activity.ts';
import { BenchReport, single } from './support/harness.ts';
import { type LoadResult, runLoad } from './support/http-load.ts';
import { LocalCoordinator } from './support/local-coordinator.ts';
import { processCpuSeconds } from './support/process-cpu.ts';
import { recordEvents, replayEvents } from './support/recorded-events.ts';
import { createScratchDatabase, type ScratchDatabase, serverOf } from './support/scratch-database.ts';

const BENCH = 'indexer';
const WARMUP_MS = 1000;

interface Options {
  events: number;
  pageSize: number;
  users: number;
  concurrency: number;
  durationMs: number;
  readers: number;
  postgres: string;
  keep: boolean;
}

function positiveInteger(name: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value ?? '') || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new Error(`--${name}: a positive integer${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}, not ${JSON.stringify(value)}`);
  return n;
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '20000' },
      'page-size': { type: 'string', default: '200' },
      users: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '16' },
      'duration-ms': { type: 'string', default: '6000' },
      readers: { type: 'string', default: '3' },
      postgres: { type: 'string', default: process.env.DWALLET_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const postgres = values.postgres as string;
  if (!/^postgres(ql)?:\/\//.test(postgres)) throw new Error(`--postgres: a postgres:// URL, not ${JSON.stringify(postgres)}`);
  return {
    events: positiveInteger('events', values.events),
    // The indexer service's own bounds (indexer/config.ts pageSize).
    pageSize: positiveInteger('page-size', values['page-size'], 1000),
    users: positiveInteger('users', values.users, 1000),
    concurrency: positiveInteger('concurrency', values.concurrency, 1024),
    durationMs: positiveInteger('duration-ms', values['duration-ms']),
    readers: positiveInteger('readers', values.readers, 16),
    postgres,
    keep: values.keep as boolean,
  };
}

function progress(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench: BENCH, progress: message, ...fields }));
}

/** The chain's set-up, as the devnet leaves it: committee, network key, then the fee of each request kind (the last is the chain's tip). */
async function setUpChain(dir: string): Promise<LocalCoordinator> {
  const chain = await LocalCoordinator.open(dir);
  for (const [kind, amount] of Object.entries(DEVNET_FEES)) {
    const tx = new Transaction();
    const requestKind = Number(kind) as RequestKind;
    chain.client.setFee(tx, { adminCap: await chain.adminCap(), requestKind, algorithm: SignatureAlgorithm.ECDSA, amount });
    await chain.execute(tx, chain.admin, 'set fee');
  }
  return chain;
}

/** What the API load asks about. */
interface Targets {
  dwalletIds: string[];
  owners: string[];
  sessionIds: string[];
}

/** Request `i` of the mix: the five routes in turn, each over its ids. */
function requestPath(targets: Targets, i: number): string {
  const n = Math.floor(i / 5);
  switch (i % 5) {
    case 0:
      return `/v1/dwallets/${targets.dwalletIds[n % targets.dwalletIds.length]}`;
    case 1:
      return `/v1/dwallets?owner=${targets.owners[n % targets.owners.length]}&limit=20`;
    case 2:
      return `/v1/sessions/${targets.sessionIds[n % targets.sessionIds.length]}`;
    case 3:
      return '/v1/network';
    default:
      return '/v1/presigns/pool';
  }
}

interface IndexRow {
  store: string;
  events: number;
  seconds: number;
}

interface ApiRow {
  name: string;
  processes: number;
  load: LoadResult;
  /** CPU the indexer processes used during the load (/proc; the PostgreSQL server's not included). */
  cpuSeconds: number;
}

/** The stream to index and what the API load asks about, on a local chain set up in `dir`. */
async function prepareStream(dir: string, options: Options) {
  const payloads = EcdsaPayloads.create();
  progress('setting up the local chain (committee, network key, fees)');
  const chain = await setUpChain(dir);
  const deployment = await chain.ledger.deployment();
  const { chain: inProcess } = await openInProcessChain(chain.ledger);
  const setup = await recordEvents(inProcess);
  const tip = setup[setup.length - 1] as ChainEvent;
  const beforeTip = setup[setup.length - 2] as ChainEvent;
  const owners = Array.from({ length: options.users }, () => `0x${bytesToHex(randomBytes(32))}`);
  const activity = generateActivity(payloads, {
    deployment,
    networkKeyId: chain.networkKeyId,
    epoch: 1n,
    users: owners,
    relayer: chain.relayer.toSuiAddress(),
    events: options.events,
    fromMs: beforeTip.timestampMs ?? Date.now(),
    toMs: tip.timestampMs ?? Date.now(),
  });
  const stream = [...setup.slice(0, -1), ...activity.events, tip];
  progress('event stream ready', {
    events: stream.length,
    generated: activity.events.length,
    transactions: activity.transactions,
    megabytes: Math.round(stream.reduce((sum, e) => sum + e.bcs.length, 0) / 1e5) / 10,
  });
  const targets: Targets = { dwalletIds: activity.dwalletIds, owners, sessionIds: activity.sessionIds };
  return { chain, deployment, replay: replayEvents(inProcess, stream), stream, targets };
}

/** Indexes the whole `stream` (served by `replay`) into `database`, timed; checks every event was counted and the cursor is the tip. */
async function indexStream(
  replay: Chain,
  deployment: Deployment,
  stream: readonly ChainEvent[],
  store: string,
  database: string,
  pageSize: number,
  signal: AbortSignal,
): Promise<IndexRow> {
  progress('indexing', { store, events: stream.length, pageSize });
  // Any warning (an event that does not decode, a result for a session never requested) would
  // mean the generated stream is not what the coordinator emits.
  const warnings: string[] = [];
  const logger = createLogger('indexer', { level: 'warn', sink: (line) => warnings.push(line) });
  const indexer = await Indexer.open({ chain: replay, database, deployment, pageSize, logger });
  try {
    const started = performance.now();
    const indexed = await indexer.catchUp(signal);
    const seconds = (performance.now() - started) / 1000;
    signal.throwIfAborted();
    const status = await indexer.status();
    const tip = stream[stream.length - 1]?.cursor;
    if (indexed !== stream.length || status.eventsIndexed !== stream.length || status.cursor !== tip)
      throw new Error(`${store}: indexed ${indexed} events (${status.eventsIndexed} counted), expected ${stream.length} ending at the tip`);
    if (warnings.length > 0 || indexer.metrics.skipped.get() > 0)
      throw new Error(`${store}: the indexer warned while indexing the stream:\n${warnings.slice(0, 5).join('\n')}`);
    progress('indexed', { store, events: indexed, seconds: round(seconds, 3), eventsPerSecond: Math.round(indexed / seconds) });
    return { store, events: indexed, seconds };
  } finally {
    await indexer.close();
  }
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

export async function run(argv: string[] = []) {
  const options = parseOptions(argv);
  const dir = mkdtempSync(join(tmpdir(), 'dwallet-bench-indexer-'));
  const processes: ServiceProcess[] = [];
  let scratch: ScratchDatabase | undefined;
  const cleanups: (() => Promise<void> | void)[] = [
    async () => {
      for (const p of processes.reverse()) await p.stop();
    },
    async () => {
      if (options.keep && scratch !== undefined) progress('kept the PostgreSQL database', { url: scratch.url });
      else await scratch?.drop();
    },
    () => {
      if (options.keep) progress('kept the data directory', { dir });
      else rmSync(dir, { recursive: true, force: true });
    },
  ];
  const cleanUp = async () => {
    for (const step of cleanups) {
      try {
        await step();
      } catch (error) {
        progress('clean-up step failed', { error: (error as Error).message });
      }
    }
  };
  // Ctrl-C: whatever runs stops at its next step (the indexing after its page, the load after its
  // requests in flight; the services are stopped at once so that nothing waits on them), then
  // the clean-up below runs as after a failure, and the process exits 130.
  const controller = new AbortController();
  const { signal } = controller;
  const interrupted = (name: NodeJS.Signals) => {
    progress('interrupted; stopping what was started', { signal: name });
    controller.abort(new Error(`interrupted (${name})`));
    for (const p of processes) void p.stop();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  /** `step`, or the interruption, whichever comes first. */
  const unlessInterrupted = async <T>(step: Promise<T>): Promise<T> => {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([step, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort as () => void);
    }
  };

  const indexRows: IndexRow[] = [];
  const apiRows: ApiRow[] = [];
  let postgresSkipped: string | undefined;
  try {
    progress('computing real-sized ECDSA payloads (one DKG, import, presign and sign message)');
    const { chain, deployment, replay, stream, targets } = await prepareStream(dir, options);
    const sqliteFile = join(dir, 'indexer.sqlite');
    try {
      indexRows.push(await indexStream(replay, deployment, stream, 'SQLite', sqliteFile, options.pageSize, signal));
      try {
        scratch = await createScratchDatabase(options.postgres, 'dwallet_bench_indexer');
      } catch (error) {
        postgresSkipped = (error as Error).message;
        progress('skipping the PostgreSQL rows', { skipped: 'postgres', reason: postgresSkipped });
      }
      if (scratch !== undefined) {
        progress('created a fresh PostgreSQL database', { database: scratch.name, server: serverOf(scratch.url) });
        indexRows.push(await indexStream(replay, deployment, stream, 'PostgreSQL', scratch.url, options.pageSize, signal));
      }
    } finally {
      chain.close();
    }

    // The API, served by separate processes following the local chain.
    const chainProcess = new ServiceProcess({
      name: 'chain',
      script: 'chain/local/main.ts',
      args: ['--db', chain.path, '--log-level', 'warn'],
      logFile: join(dir, 'logs', 'chain.log'),
    });
    processes.push(chainProcess);
    await unlessInterrupted(chainProcess.start());
    /** An indexer service on `database`, healthy in `role` (a writer also caught up with the chain). */
    const startIndexer = async (database: string, role: 'writer' | 'reader'): Promise<ServiceProcess> => {
      const name = `indexer-${processes.length}`;
      const service = new ServiceProcess({
        name,
        script: 'indexer/main.ts',
        args: [
          ...['--chain-url', chainProcess.url, '--package-id', deployment.packageId, '--coordinator-id', deployment.coordinatorId],
          ...['--database', database, '--port', '0', ...(role === 'reader' ? ['--read-only'] : [])],
        ],
        env: { DWALLET_INDEXER_LOG_LEVEL: 'warn' },
        logFile: join(dir, 'logs', `${name}.log`),
      });
      processes.push(service);
      await unlessInterrupted(service.start());
      const healthy = (health: Record<string, unknown>) => health.role === role && (role === 'reader' || health.caughtUp === true);
      await unlessInterrupted(waitHealthy(name, service.url, { check: healthy }));
      return service;
    };
    const load = async (name: string, services: ServiceProcess[]): Promise<ApiRow> => {
      const urls = services.map((s) => s.url);
      const { concurrency, durationMs } = options;
      progress('loading the API', { target: name, processes: urls.length, concurrency, durationMs });
      const path = (i: number) => requestPath(targets, i);
      await runLoad({ targets: urls, path, concurrency, durationMs: WARMUP_MS, signal });
      const pids = services.map((s) => s.pid);
      const cpuBefore = processCpuSeconds(pids);
      const result = await runLoad({ targets: urls, path, concurrency, durationMs, signal });
      const cpuSeconds = processCpuSeconds(pids) - cpuBefore;
      signal.throwIfAborted();
      for (const service of services) await service.stop();
      return { name, processes: urls.length, load: result, cpuSeconds };
    };
    apiRows.push(await load('SQLite, 1 process', [await startIndexer(sqliteFile, 'writer')]));
    if (scratch !== undefined) {
      const url = scratch.url;
      apiRows.push(await load('PostgreSQL, 1 reader', [await startIndexer(url, 'reader')]));
      const readers = await Promise.all(Array.from({ length: options.readers }, () => startIndexer(url, 'reader')));
      apiRows.push(await load(`PostgreSQL, ${options.readers} reader${options.readers === 1 ? '' : 's'}`, readers));
    }
  } finally {
    await cleanUp();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    if (signal.aborted) process.exit(130);
  }
  return results(options, indexRows, apiRows, postgresSkipped);
}

/** The rows as JSON lines (ratios to the SQLite rows), and the tables to print at the end. */
function results(options: Options, indexRows: IndexRow[], apiRows: ApiRow[], postgresSkipped: string | undefined) {
  const report = new BenchReport(BENCH);
  const baseIndex = indexRows[0] as IndexRow;
  const eventsPerSecond = (row: IndexRow) => row.events / row.seconds;
  const perEvent = (row: IndexRow) => single((1000 * row.seconds) / row.events);
  for (const row of indexRows) {
    report.add({
      name: `index ${row.events} events: ${row.store} (time per event)`,
      measurement: perEvent(row),
      ...(row === baseIndex ? {} : { baseline: { name: `index: ${baseIndex.store}`, measurement: perEvent(baseIndex) } }),
      extra: {
        store: row.store,
        events: row.events,
        seconds: round(row.seconds, 3),
        events_per_second: Math.round(eventsPerSecond(row)),
        page_size: options.pageSize,
        ratio_to_sqlite: round(eventsPerSecond(row) / eventsPerSecond(baseIndex), 3),
      },
    });
  }
  const baseApi = apiRows[0] as ApiRow;
  const perRequest = (row: ApiRow) => single(1000 / row.load.requestsPerSecond);
  let errors = 0;
  for (const row of apiRows) {
    errors += row.load.errors;
    report.add({
      name: `API: ${row.name} (time per request at full load)`,
      measurement: perRequest(row),
      ...(row === baseApi ? {} : { baseline: { name: `API: ${baseApi.name}`, measurement: perRequest(baseApi) } }),
      extra: {
        target: row.name,
        processes: row.processes,
        concurrency: options.concurrency,
        requests: row.load.requests,
        requests_per_second: Math.round(row.load.requestsPerSecond),
        p50_ms: round(row.load.p50Ms, 2),
        p99_ms: round(row.load.p99Ms, 2),
        errors: row.load.errors,
        service_cpu_ms_per_request: round((1000 * row.cpuSeconds) / row.load.requests, 3),
        ratio_to_sqlite: round(row.load.requestsPerSecond / baseApi.load.requestsPerSecond, 3),
        ...(row.load.errors > 0 ? { by_status: JSON.stringify(row.load.byStatus), sample_errors: row.load.sampleErrors.join(' | ') } : {}),
      },
    });
  }
  if (errors > 0) {
    console.error(`${BENCH}: ${errors} API requests failed (must be 0); see sample_errors above`);
    process.exitCode = 1;
  }
  return {
    printTable(): void {
      console.log(
        `\n${BENCH}: generated coordinator activity, services as separate processes on loopback — ${cpus().length} cores, Node ${process.version}`,
      );
      printTable(
        `indexing (page size ${options.pageSize})`,
        ['store', 'events', 's', 'events/s', 'vs SQLite'],
        indexRows.map((r) => [
          r.store,
          String(r.events),
          r.seconds.toFixed(2),
          String(Math.round(eventsPerSecond(r))),
          (eventsPerSecond(r) / eventsPerSecond(baseIndex)).toFixed(2),
        ]),
      );
      if (postgresSkipped !== undefined) console.log(`PostgreSQL rows skipped: ${postgresSkipped}`);
      printTable(
        `API on loopback (${options.concurrency} in flight, ${options.durationMs} ms each)`,
        ['target', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'service CPU ms/req', 'vs SQLite'],
        apiRows.map((r) => [
          r.name,
          String(r.load.requests),
          String(Math.round(r.load.requestsPerSecond)),
          r.load.p50Ms.toFixed(2),
          r.load.p99Ms.toFixed(2),
          String(r.load.errors),
          ((1000 * r.cpuSeconds) / r.load.requests).toFixed(2),
          (r.load.requestsPerSecond / baseApi.load.requestsPerSecond).toFixed(2),
        ]),
      );
    },
  };
}

function printTable(title: string, header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  console.log(`\n${title}`);
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

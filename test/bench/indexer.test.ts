/**
 * `npm run bench -- indexer` in a tiny configuration, as a user runs it (bench/run.ts in its own
 * process): every line it prints while running is JSON, the indexing rows count every event of
 * the stream, the API rows answered every request, the table is printed, and the PostgreSQL
 * database it made is gone afterwards; with a server that does not answer, the PostgreSQL rows
 * are skipped with the reason and SQLite still runs. Bad options are refused by name.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parseOptions } from '../../bench/indexer.ts';
import { backendSkip, POSTGRES_URL } from '../indexer/support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TINY = ['--events', '300', '--users', '2', '--page-size', '50', '--concurrency', '4', '--readers', '2'];

type Line = Record<string, unknown>;

interface BenchRun {
  /** The JSON lines printed while running. */
  lines: Line[];
  /** What follows them: the tables. */
  table: string;
}

function runBench(args: string[], timeoutMs = 240_000): Promise<BenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'indexer', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`the bench did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`the bench exited with ${code}:\n${stdout}\n${stderr}`));
      const end = stdout.indexOf('\nindexer: ');
      if (end < 0) return reject(new Error(`the bench printed no table:\n${stdout}`));
      const lines = stdout
        .slice(0, end)
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('>'))
        .map((line) => JSON.parse(line) as Line);
      resolve({ lines, table: stdout.slice(end) });
    });
  });
}

/** The rows of a run, checked: every event indexed into each store, every request answered. */
function checkRows(run: BenchRun, stores: string[], targets: string[]): void {
  assert.ok(run.lines.length > 0 && run.lines.every((line) => line.bench === 'indexer'));
  const stream = run.lines.find((line) => line.progress === 'event stream ready') as Line;
  assert.ok((stream.generated as number) >= 300, 'at least the events asked for');
  assert.ok((stream.events as number) > (stream.generated as number), "the chain's own set-up events too");

  const indexed = run.lines.filter((line) => typeof line.events_per_second === 'number');
  assert.deepEqual(
    indexed.map((line) => line.store),
    stores,
  );
  for (const row of indexed) {
    assert.equal(row.events, stream.events, `${row.store} indexed the whole stream`);
    assert.equal(row.page_size, 50);
    assert.ok((row.events_per_second as number) > 0);
  }
  assert.equal(indexed[0]?.ratio_to_sqlite, 1);

  const api = run.lines.filter((line) => typeof line.requests_per_second === 'number');
  assert.deepEqual(
    api.map((line) => line.target),
    targets,
  );
  for (const row of api) {
    assert.ok((row.requests as number) > 0, `${row.target} answered requests`);
    assert.equal(row.errors, 0, `${row.target}: ${row.sample_errors}`);
    assert.ok((row.p99_ms as number) >= (row.p50_ms as number));
    assert.ok((row.service_cpu_ms_per_request as number) > 0, `${row.target}: the services' CPU was measured`);
  }
  assert.equal(api[0]?.ratio_to_sqlite, 1);
  assert.match(run.table, /indexing \(page size 50\)/);
  for (const target of targets) assert.ok(run.table.includes(target), `the table names ${target}`);
}

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('npm run bench -- indexer', () => {
  it('runs in a tiny configuration on SQLite and PostgreSQL (1 and 2 readers), and drops its database', {
    skip: backendSkip('postgres'),
  }, async () => {
    const run = await runBench([...TINY, '--duration-ms', '500', '--postgres', POSTGRES_URL]);
    checkRows(run, ['SQLite', 'PostgreSQL'], ['SQLite, 1 process', 'PostgreSQL, 1 reader', 'PostgreSQL, 2 readers']);
    const created = run.lines.find((line) => line.progress === 'created a fresh PostgreSQL database') as Line;
    assert.match(created.database as string, /^dwallet_bench_indexer_[0-9a-f]{12}$/);
    assert.equal(await databaseExists(created.database as string), false, 'dropped at the end');
  });

  it('skips the PostgreSQL rows, saying why, when the server does not answer; SQLite still runs', async () => {
    const run = await runBench([...TINY, '--duration-ms', '300', '--postgres', 'postgres://postgres@127.0.0.1:1/postgres']);
    checkRows(run, ['SQLite'], ['SQLite, 1 process']);
    const skipped = run.lines.find((line) => line.skipped === 'postgres') as Line;
    assert.match(skipped.reason as string, /PostgreSQL at 127\.0\.0\.1:1 is unreachable/);
    assert.match(run.table, /PostgreSQL rows skipped: PostgreSQL at 127\.0\.0\.1:1 is unreachable/);
  });

  it('refuses bad options by name', () => {
    assert.throws(() => parseOptions(['--events', '0']), /--events: a positive integer/);
    assert.throws(() => parseOptions(['--events', '1e3']), /--events: a positive integer/);
    assert.throws(() => parseOptions(['--page-size', '5000']), /--page-size: a positive integer up to 1000/);
    assert.throws(() => parseOptions(['--readers', '-1']), /--readers/);
    assert.throws(() => parseOptions(['--postgres', 'mysql://localhost/db']), /--postgres: a postgres:\/\/ URL/);
    assert.throws(() => parseOptions(['--unknown']), /Unknown option '--unknown'/);
    assert.equal(parseOptions(['--events', '1000', '--page-size', '100']).events, 1000);
  });
});

/**
 * `npm run bench -- indexer` in a tiny configuration, as a user runs it (bench/run.ts in its own
 * process): every line it prints while running is JSON, the indexing rows count every event of
 * the stream, the API rows answered every request, and the table is printed; bad options are
 * refused by name.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseOptions } from '../../bench/indexer.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runBench(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
      resolve({ code, stdout, stderr });
    });
  });
}

type Line = Record<string, unknown>;

describe('npm run bench -- indexer', () => {
  it('runs in a tiny configuration: JSON lines, every event indexed, every request answered, a table', async () => {
    const { code, stdout, stderr } = await runBench(
      ['--events', '300', '--users', '2', '--page-size', '50', '--concurrency', '4', '--duration-ms', '500'],
      240_000,
    );
    assert.equal(code, 0, stderr);
    const [json, table] = [stdout.slice(0, stdout.indexOf('\nindexer: ')), stdout.slice(stdout.indexOf('\nindexer: '))];
    const lines = json
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Line);
    assert.ok(lines.every((line) => line.bench === 'indexer'));

    const stream = lines.find((line) => line.progress === 'event stream ready') as Line;
    assert.ok((stream.generated as number) >= 300, 'at least the events asked for');
    assert.ok((stream.events as number) > (stream.generated as number), "the chain's own set-up events too");

    const indexed = lines.filter((line) => typeof line.events_per_second === 'number');
    assert.deepEqual(
      indexed.map((line) => line.store),
      ['SQLite'],
    );
    for (const row of indexed) {
      assert.equal(row.events, stream.events, `${row.store} indexed the whole stream`);
      assert.equal(row.page_size, 50);
      assert.ok((row.events_per_second as number) > 0);
    }

    const api = lines.filter((line) => typeof line.requests_per_second === 'number');
    assert.deepEqual(
      api.map((line) => line.target),
      ['SQLite, 1 process'],
    );
    for (const row of api) {
      assert.ok((row.requests as number) > 0, `${row.target} answered requests`);
      assert.equal(row.errors, 0, `${row.target}: ${row.sample_errors}`);
      assert.ok((row.p99_ms as number) >= (row.p50_ms as number));
    }
    assert.equal(api[0]?.ratio_to_sqlite, 1);

    assert.match(table, /indexing \(page size 50\)/);
    assert.match(table, /SQLite, 1 process/);
  });

  it('refuses bad options by name', () => {
    assert.throws(() => parseOptions(['--events', '0']), /--events: a positive integer/);
    assert.throws(() => parseOptions(['--events', '1e3']), /--events: a positive integer/);
    assert.throws(() => parseOptions(['--page-size', '5000']), /--page-size: a positive integer up to 1000/);
    assert.throws(() => parseOptions(['--readers', '-1']), /--readers/);
    assert.throws(() => parseOptions(['--postgres', 'mysql://localhost/db']), /--postgres: a postgres:\/\/ URL/);
    assert.throws(() => parseOptions(['--unknown']), /Unknown option '--unknown'/);
    assert.deepEqual(parseOptions(['--events', '1000', '--page-size', '100']).events, 1000);
  });
});

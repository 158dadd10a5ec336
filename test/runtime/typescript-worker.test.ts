/**
 * TypeScript worker threads (runtime/typescript-worker.ts): the entry runs from one bundle with its
 * modules' own import.meta.url, its package imports resolved and stack traces naming the
 * TypeScript files; the bundle is reused by content and stale ones of the same entry removed; a
 * bundle folder that cannot be written, or a build that takes too long, falls back to tsx's loader
 * inside the worker, and says why.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { DEFAULT_BUNDLE_DIR, startTypeScriptWorker, WORKER_ENTRY_KEY, withoutTsxImport } from '../../runtime/typescript-worker.ts';

const entry = new URL('./support/echo-worker.ts', import.meta.url);
// Inside the project, beside the default folder, so the bundle's package imports resolve as in production.
const bundleDir = `${DEFAULT_BUNDLE_DIR}-test-${process.pid}`;
after(() => rmSync(bundleDir, { recursive: true, force: true }));

interface Echo {
  readonly data?: unknown;
  readonly ownUrl?: string;
  readonly helperUrl?: string;
  readonly hex?: string;
  readonly execArgv?: readonly string[];
  readonly stack?: string;
}

async function ask(worker: Worker, request: object): Promise<Echo> {
  const answer = new Promise<Echo>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  worker.postMessage(request);
  return answer;
}

describe('TypeScript worker threads', () => {
  test('the entry runs from a bundle: its data, its modules own import.meta.url, packages resolved, stacks name the .ts files', async () => {
    const fallbacks: string[] = [];
    const { worker, loading } = await startTypeScriptWorker(entry, { data: { n: 7 } }, { bundleDir, onFallback: (r) => fallbacks.push(r) });
    try {
      assert.equal(loading, 'bundle');
      assert.deepEqual(fallbacks, []);
      const echo = await ask(worker, {});
      assert.deepEqual(echo.data, { n: 7 });
      assert.equal(echo.ownUrl, entry.href);
      assert.equal(echo.helperUrl, new URL('./support/echo-helper.ts', import.meta.url).href);
      assert.equal(echo.hex, '01fe');
      assert.ok(process.execArgv.includes('tsx'), `the test runs under --import tsx: ${process.execArgv}`);
      assert.deepEqual(echo.execArgv, withoutTsxImport(process.execArgv), 'the worker does not load tsx');
      const { stack } = await ask(worker, { throw: true });
      assert.match(stack ?? '', /failHere \(.*echo-worker\.ts:\d+:\d+\)/, `the stack names the TypeScript file: ${stack}`);
    } finally {
      await worker.terminate();
    }
    const files = readdirSync(bundleDir);
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0] ?? '', /^echo-worker-[0-9a-f]{16}\.mjs$/);
  });

  test('the same entry is not bundled twice; a bundle of it unused for a day is removed, a recent one kept', async () => {
    const old = join(bundleDir, 'echo-worker-00000000000000aa.mjs');
    const recent = join(bundleDir, 'echo-worker-00000000000000bb.mjs');
    const other = join(bundleDir, 'other-00000000000000cc.mjs');
    mkdirSync(bundleDir, { recursive: true });
    for (const path of [old, recent, other]) writeFileSync(path, '');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    utimesSync(other, twoDaysAgo, twoDaysAgo);
    // This process built the bundle in the test above: it is reused, not built again, so nothing is cleaned.
    const first = await startTypeScriptWorker(entry, {}, { bundleDir });
    await first.worker.terminate();
    assert.ok(existsSync(old), 'no build, no cleaning');
    // A fresh folder path gets a build of its own, which cleans only its stale bundles of the same entry.
    const second = `${bundleDir}/again`;
    mkdirSync(second);
    for (const path of [old, recent, other]) writeFileSync(join(second, path.slice(bundleDir.length + 1)), '');
    utimesSync(join(second, 'echo-worker-00000000000000aa.mjs'), twoDaysAgo, twoDaysAgo);
    utimesSync(join(second, 'other-00000000000000cc.mjs'), twoDaysAgo, twoDaysAgo);
    const built = await startTypeScriptWorker(entry, {}, { bundleDir: second });
    await built.worker.terminate();
    const left = readdirSync(second).sort();
    assert.equal(left.length, 3, left.join(', '));
    assert.ok(!left.includes('echo-worker-00000000000000aa.mjs'), 'the stale bundle of the entry is removed');
    assert.ok(left.includes('echo-worker-00000000000000bb.mjs'), 'a recent bundle of the entry is kept');
    assert.ok(left.includes('other-00000000000000cc.mjs'), "another entry's bundle is not touched");
  });

  test('a bundle folder that cannot be written: the worker loads through tsx inside it, and the reason is given', async () => {
    const blocked = join(bundleDir, 'a-file');
    mkdirSync(bundleDir, { recursive: true });
    writeFileSync(blocked, 'not a folder');
    const fallbacks: string[] = [];
    const { worker, loading } = await startTypeScriptWorker(
      entry,
      { data: 'x' },
      { bundleDir: blocked, onFallback: (r) => fallbacks.push(r) },
    );
    try {
      assert.equal(loading, 'loader');
      assert.equal(fallbacks.length, 1);
      assert.match(fallbacks[0] ?? '', /echo-worker\.ts could not be bundled into .*a-file: .*(EEXIST|ENOTDIR)/);
      const echo = await ask(worker, {});
      assert.equal(echo.data, 'x');
      assert.equal(echo.ownUrl, entry.href);
    } finally {
      await worker.terminate();
    }
  });

  test('a bundle not built in time: the worker loads through tsx, and the reason is given', async () => {
    const fallbacks: string[] = [];
    const slow = join(bundleDir, 'slow');
    const { worker, loading } = await startTypeScriptWorker(
      entry,
      { data: 'late' },
      { bundleDir: slow, bundleTimeoutMs: 1, onFallback: (r) => fallbacks.push(r) },
    );
    try {
      assert.equal(loading, 'loader');
      assert.match(fallbacks[0] ?? '', /not built within 1 ms/);
      assert.equal((await ask(worker, {})).data, 'late');
    } finally {
      await worker.terminate();
    }
  });

  test('a worker inherits every Node option but the tsx import, in each of its spellings', () => {
    assert.deepEqual(withoutTsxImport(['--import', 'tsx', '--cpu-prof', '--import', './other.mjs']), [
      '--cpu-prof',
      '--import',
      './other.mjs',
    ]);
    assert.deepEqual(withoutTsxImport(['--import=tsx', '--import=tsx/esm', '--max-old-space-size=4096']), ['--max-old-space-size=4096']);
    assert.deepEqual(withoutTsxImport(['--import', '/app/node_modules/tsx/dist/loader.mjs', '--enable-source-maps']), [
      '--enable-source-maps',
    ]);
    assert.deepEqual(withoutTsxImport(['--import', 'tsx-like-but-not']), ['--import', 'tsx-like-but-not']);
    assert.deepEqual(withoutTsxImport(['--import']), ['--import']);
  });

  test("the bootstrap's workerData keys cannot be used by a worker's data", async () => {
    await assert.rejects(startTypeScriptWorker(entry, { [WORKER_ENTRY_KEY]: 'x' }, { bundleDir }), /reserved for the worker's bootstrap/);
  });
});

/**
 * The SDK in the browser (issue 22): the user's DKG step and sign step (pure computation,
 * bench/support/user-steps.ts, on the fixture's dealt network key) in Chromium, inside a module Web
 * Worker as the browser SDK runs them, against the same code in Node in this process; each as a
 * ratio to Node. Plus the sizes of the browser bundles (scripts/build-browser.ts), raw and gzipped,
 * as a page downloads them.
 *
 * Chromium is Debian's (/usr/bin/chromium; scripts/chromium.ts installs it when missing) driven by playwright-core,
 * offline; the worker's code is bundled in the same build as the SDK's (scripts/build-browser.ts) and served from a local
 * port. Node runs first, then Chromium, so the two never share the cores.
 *
 * Run: npm run bench -- browser   (options: --curve secp256k1|p256 --iterations 5)
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isEcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { type BrowserBundleFile, buildBrowserBundles } from '../scripts/build-browser.ts';
import { launchBrowser } from '../scripts/chromium.ts';
import { BenchReport, formatMs, summarize } from './support/harness.ts';
import { parseUserStepsReply, timeUserSteps, type UserStepTimes } from './support/user-steps.ts';

const WORKER_ENTRY = new URL('./support/browser-bench-worker.ts', import.meta.url).pathname;
/** Dealing the key, growing the tables and the runs, in a browser on a loaded machine. */
const BROWSER_TIMEOUT_MS = 10 * 60_000;

const PAGE = `<!doctype html><meta charset="utf-8"><title>dWallet browser bench</title>
<script type="module">
window.runBench = (request) => new Promise((resolve) => {
  const worker = new Worker('/bench-worker.js', { type: 'module' });
  worker.onmessage = (event) => { resolve(event.data); worker.terminate(); };
  worker.onerror = (event) => { resolve({ ok: false, error: 'worker error: ' + (event.message || 'failed to load') }); worker.terminate(); };
  worker.postMessage(request);
});
</script>`;

/** Serves the page and the worker bundle on a free loopback port. */
async function serve(worker: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (request.url === '/bench-worker.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(worker);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}

/** The user's steps timed in a Chromium worker. */
async function inChromium(curve: string, iterations: number, workerSource: string): Promise<UserStepTimes & { version: string }> {
  const http = await serve(workerSource);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    await page.goto(`${http.url}/`);
    const reply = parseUserStepsReply(
      await page.evaluate((request) => (globalThis as unknown as { runBench(r: typeof request): Promise<unknown> }).runBench(request), {
        curve,
        iterations,
      }),
    );
    if (!reply.ok) throw new Error(`the user steps failed in Chromium: ${reply.error}`);
    return { ...reply.times, version: browser.version() };
  } finally {
    await browser.close();
    await http.close();
  }
}

/** The bench's worker's name among the bundles built with the SDK's. */
const BENCH_WORKER = 'bench-worker';

/**
 * One browser build, as `npm run build:browser` makes it (minified): the SDK's bundles, raw and
 * gzipped (level 9), and the bench's worker built the same way beside them.
 */
async function browserBuild(): Promise<{ bundles: BrowserBundleFile[]; workerSource: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'dwallet-bench-browser-'));
  try {
    const { files } = await buildBrowserBundles({ outDir, minify: true, extraEntries: { [BENCH_WORKER]: WORKER_ENTRY } });
    return {
      bundles: files.filter((file) => file.name !== `${BENCH_WORKER}.js`),
      workerSource: readFileSync(join(outDir, `${BENCH_WORKER}.js`), 'utf8'),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function ratio(browser: readonly number[], node: readonly number[]): number {
  return Math.round((summarize(browser).medianMs / summarize(node).medianMs) * 100) / 100;
}

export async function run(argv: string[]): Promise<{ printTable(): void }> {
  const { values } = parseArgs({
    args: argv,
    options: { curve: { type: 'string', default: 'secp256k1' }, iterations: { type: 'string', default: '5' } },
  });
  const curve = values.curve;
  if (!isEcdsaCurveName(curve)) throw new Error(`--curve must be secp256k1 or p256, not ${curve}`);
  const iterations = Number(values.iterations);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 100) throw new Error('--iterations must be an integer in 1..100');

  const report = new BenchReport('browser');
  const { bundles, workerSource } = await browserBuild();
  for (const file of bundles) {
    console.log(JSON.stringify({ bench: 'browser', name: `bundle ${file.name}`, bytes: file.bytes, gzip_bytes: file.gzipBytes }));
  }
  const node = timeUserSteps({ curve, iterations });
  const chrome = await inChromium(curve, iterations, workerSource);
  const where = { curve, chromium: chrome.version, node: process.version };

  report.add({
    name: `user DKG step in Chromium (worker) vs Node, ${curve}`,
    measurement: summarize(chrome.dkgMs),
    baseline: { name: 'Node', measurement: summarize(node.dkgMs) },
    extra: { ...where, ratio_to_node: ratio(chrome.dkgMs, node.dkgMs), message_bytes: chrome.dkgMessageBytes },
  });
  report.add({
    name: `user sign step in Chromium (worker) vs Node, ${curve}, tables grown`,
    measurement: summarize(chrome.signMs),
    baseline: { name: 'Node', measurement: summarize(node.signMs) },
    extra: { ...where, ratio_to_node: ratio(chrome.signMs, node.signMs), message_bytes: chrome.signMessageBytes },
  });
  report.add({
    name: 'grow the sign tables of h and pk in Chromium vs Node (once per network key)',
    measurement: summarize([chrome.tablesMs]),
    baseline: { name: 'Node', measurement: summarize([node.tablesMs]) },
    extra: { ...where, ratio_to_node: ratio([chrome.tablesMs], [node.tablesMs]), bytes: chrome.tablesBytes },
  });
  report.add({
    name: 'setup cache: adopt the exported table rows instead of growing them, in Chromium',
    measurement: summarize([chrome.tablesImportMs]),
    baseline: { name: 'growing them in Chromium', measurement: summarize([chrome.tablesMs]) },
    extra: { ...where, bytes: chrome.tablesBytes, node_ms: node.tablesImportMs },
  });
  report.add({
    name: 'deal the fixture network key in Chromium vs Node (setup; not a user step)',
    measurement: summarize([chrome.dealMs]),
    baseline: { name: 'Node', measurement: summarize([node.dealMs]) },
    extra: { ...where, ratio_to_node: ratio([chrome.dealMs], [node.dealMs]) },
  });

  return {
    printTable() {
      report.printTable();
      console.log(`Chromium ${chrome.version}; "speedup" < 1× means Chromium is slower (ratio to Node = 1 / speedup)`);
      console.log(
        `medians: DKG ${formatMs(summarize(chrome.dkgMs).medianMs)} in Chromium, sign ${formatMs(summarize(chrome.signMs).medianMs)}`,
      );
      console.log('\nbundle (minified ESM)          raw         gzip');
      for (const file of bundles)
        console.log(`${file.name.padEnd(28)} ${kib(file.bytes).padStart(10)}  ${kib(file.gzipBytes).padStart(10)}`);
    },
  };
}

/**
 * The example dApp (examples/dapp/, served by scripts/example-dapp.ts) in a real browser
 * (playwright-core driving Debian's Chromium, scripts/chromium.ts) against a real devnet (the
 * local chain, 4 validators, the indexer, a relayer, as separate processes): the SDK runs in the
 * page's Web Worker and every Sui transaction is signed by the page's test wallet through the
 * wallet standard.
 *
 * - unlock the encrypted share store with a passphrase, create a dWallet: the page's Ethereum and
 *   Bitcoin (P2WPKH) addresses are those of the key the chain holds (viem, @scure/btc-signer);
 * - sign an EIP-1559 transaction: the signature verifies with @noble/curves under the chain's key
 *   over the transaction's signing hash, and viem recovers the address the page showed;
 * - the main thread is never blocked for 100 ms or more while the network signs (the page's own
 *   measure: the browser's long tasks, responsiveness.ts; a deliberate 150 ms block shows it can fail), nor does any of its tasks compute for
 *   that long (Chromium's trace: a task's thread CPU time, which the load of the machine does not inflate);
 * - after a reload the store is locked: a wrong passphrase is refused (the message says so, the
 *   dWallet is still there afterwards), the right one lists the dWallet and it signs again;
 * - the backup file exports sealed records and imports back as "already held".
 *
 * Screenshots go to .data/dapp-*.png for review. Everything the test started (browser, page server, devnet) is stopped in `after`, whatever failed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { p2wpkh } from '@scure/btc-signer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Hex, keccak256, parseTransaction, recoverTransactionAddress, serializeTransaction } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { ClientErrorCodes } from '../../client/errors.ts';
import { loadNetworkDescription, type NetworkDescription } from '../../client/network.ts';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { launchBrowser } from '../../scripts/chromium.ts';
import { type RunningExampleDapp, serveExampleDapp } from '../../scripts/example-dapp.ts';
import { tempDir } from '../validator/support.ts';

const PASSPHRASE = 'correct horse battery staple';
const SCREENSHOTS = fileURLToPath(new URL('../../.data/', import.meta.url));
/** The network's work on a devnet sharing 2 cores with other tests: a liveness bound, not a speed target. */
const NETWORK_WAIT_MS = 300_000;
/**
 * Issue 22: the main thread is never blocked for more than ~100 ms during signing. Held strictly
 * for the CPU a main-thread task spends (Chromium's trace); the page's own wall-clock measure gets
 * twice that, because on 2 cores that also run four validators the OS preempts the page's thread
 * inside a task (seen: a 93 ms long task that computed for 35 ms). The SDK on the main thread
 * would fail both: its sign step computes for about a second.
 */
const LONGEST_BLOCK_MS = 100;
const LONGEST_WALL_BLOCK_MS = 2 * LONGEST_BLOCK_MS;
/** Bitcoin testnet's address parameters (the page shows testnet P2WPKH addresses). */
const BITCOIN_TESTNET = { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };

interface BlockWindow {
  name: string;
  endedAt: number | null;
  longestTaskMs: number;
  longestLagMs: number;
  longestBlockMs: number;
  longTasks: number;
  ticks: number;
}

/** The page's globals as the functions Playwright runs in the page use them (the tests compile without the DOM library). */
interface InPage {
  dappMetrics?: { longTaskApi: boolean; windows: BlockWindow[] };
  dappMonitor?: { begin(name: string): BlockWindow; end(window: BlockWindow): Promise<BlockWindow> };
  performance: { now(): number };
  setTimeout(handler: () => void, ms: number): unknown;
  document: { body: { dataset: Record<string, string | undefined>; hasAttribute(name: string): boolean } };
}

/**
 * The longest task of the renderer's main thread in a Chromium trace (category
 * disabled-by-default-devtools.timeline: `RunTask` events with their wall `dur` and thread-CPU
 * `tdur`, µs).
 */
function longestMainThreadTask(trace: Buffer | undefined): { wallMs: number; cpuMs: number; tasks: number } | undefined {
  if (trace === undefined) return undefined;
  type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`),
  );
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}/${e.tid}`));
  return {
    wallMs: Math.max(0, ...tasks.map((e) => (e.dur ?? 0) / 1000)),
    cpuMs: Math.max(0, ...tasks.map((e) => (e.tdur ?? 0) / 1000)),
    tasks: tasks.length,
  };
}

describe('the example dApp in Chromium against a devnet', () => {
  const dataDir = tempDir('dapp');
  let devnet: Devnet | undefined;
  let network: NetworkDescription;
  let dapp: RunningExampleDapp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let dwallet: { id: string; publicKey: Uint8Array; ethereum: string };
  /** Chromium's own trace of the last sign: the renderer main thread's longest task, wall and CPU. */
  let mainThreadTasks: { wallMs: number; cpuMs: number; tasks: number } | undefined;

  before(async () => {
    devnet = await startDevnet({
      dataDir,
      logLevel: 'warn',
      curves: ['secp256k1'],
      validatorConfig: () => ({ presignPoolTarget: 1, presignPoolAlgorithms: ['ecdsa'], presignPoolIntervalMs: 500, pollIntervalMs: 100 }),
    });
    network = loadNetworkDescription(join(dataDir, 'network.json'));
    dapp = await serveExampleDapp({ network, outDir: join(dataDir, 'dist') });
    browser = await launchBrowser();
    // One context for the whole test: its IndexedDB and localStorage (the share store, the test
    // wallet's key) outlive a reload, as a user's browser profile does.
    context = await browser.newContext();
    page = await context.newPage();
    mkdirSync(SCREENSHOTS, { recursive: true });
    page.setDefaultTimeout(NETWORK_WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageErrors.push(`console: ${message.text()}`);
    });
    // The SDK's waits ask the indexer for a session before it is indexed (a 404 there means "not
    // yet") and close the live stream when the wait ends: both are its normal course.
    const indexer = new URL(network.indexer).origin;
    page.on('requestfailed', (request) => {
      const url = new URL(request.url());
      if (!(url.origin === indexer && url.pathname === '/v1/stream'))
        pageErrors.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      const notYetIndexed = url.origin === indexer && url.pathname.startsWith('/v1/') && response.status() === 404;
      if (response.status() >= 400 && !notYetIndexed) pageErrors.push(`${response.status()} ${response.url()}`);
    });
  });

  after(async () => {
    // Each step whatever the others did: nothing the test started may outlive it.
    const steps: [string, () => Promise<void> | undefined][] = [
      ['browser', () => browser?.close()],
      ['page server', () => dapp?.close()],
      ['devnet', () => devnet?.stop()],
    ];
    for (const [what, stop] of steps) {
      try {
        await stop();
      } catch (error) {
        process.stderr.write(`# stopping the ${what} failed: ${(error as Error).message}\n`);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Waits until the page's current action ended; fails with the page's error text if it showed one. */
  async function settled(what: string): Promise<void> {
    await page.waitForFunction(() => !(globalThis as unknown as InPage).document.body.hasAttribute('aria-busy'));
    if (await page.isVisible('#error')) assert.fail(`${what}: the page shows an error: ${await page.textContent('#error')}`);
  }

  async function unlock(passphrase: string): Promise<void> {
    await page.fill('#passphrase', passphrase);
    await page.click('#connect');
    await page.waitForFunction(() => !(globalThis as unknown as InPage).document.body.hasAttribute('aria-busy'));
  }

  /** The chain's view of a dWallet (through the indexer, which follows the chain). */
  async function chainDWallet(id: string): Promise<{ publicKey: Uint8Array; owner: string }> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${network.indexer}/v1/dwallets/${id}`);
      if (response.ok) {
        const body = (await response.json()) as { publicKey: string | null; owner: string };
        if (body.publicKey !== null) return { publicKey: hexToBytes(body.publicKey.slice(2)), owner: body.owner };
      }
      if (attempt > 100) assert.fail(`the indexer does not show dWallet ${id} (HTTP ${response.status})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Signs with the page's form (nonce `nonce`) and checks the result independently of the SDK; returns the sign window's metrics. */
  async function signAndVerify(nonce: number): Promise<BlockWindow> {
    await page.selectOption('#sign-dwallet', dwallet.id);
    await page.fill('#nonce', String(nonce));
    await browser?.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
    await page.click('#sign-button');
    await settled('signing');
    mainThreadTasks = longestMainThreadTask(await browser?.stopTracing());
    await page.waitForSelector('#signed:not([hidden])');
    const serialized = ((await page.textContent('#signed-raw')) ?? '') as Hex;
    assert.match(serialized, /^0x02[0-9a-f]+$/);
    assert.equal(await page.textContent('#signed-from'), dwallet.ethereum, 'the page shows the dWallet as the sender');

    // viem: the signed transaction's sender is the dWallet's Ethereum address.
    assert.equal(await recoverTransactionAddress({ serializedTransaction: serialized as `0x02${string}` }), dwallet.ethereum);
    // @noble/curves: (r, s) verifies under the chain's public key over the EIP-1559 signing hash.
    const { r, s, yParity, v: _v, ...unsigned } = parseTransaction(serialized);
    assert.equal(unsigned.chainId, 11_155_111);
    assert.equal(unsigned.nonce, nonce);
    assert.equal(unsigned.to?.toLowerCase(), '0x000000000000000000000000000000000000dead');
    assert.equal(unsigned.value, 10n ** 15n, '0.001 ETH');
    assert.ok(r !== undefined && s !== undefined && yParity !== undefined);
    const signingHash = hexToBytes(keccak256(serializeTransaction({ ...unsigned, type: 'eip1559' } as never)).slice(2));
    const compact = hexToBytes(`${r.slice(2).padStart(64, '0')}${s.slice(2).padStart(64, '0')}`);
    assert.ok(secp256k1.verify(compact, signingHash, dwallet.publicKey, { prehash: false, lowS: true }), 'noble verifies the signature');
    assert.equal(
      await page.textContent('#signature'),
      `r ${r}, s ${s}, yParity ${yParity}`,
      'the page shows the signature of the transaction it shows',
    );

    const metrics = await page.evaluate(() => (globalThis as unknown as InPage).dappMetrics);
    assert.ok(metrics !== undefined, 'the page exposes window.dappMetrics');
    assert.equal(metrics.longTaskApi, true, 'Chromium reports long tasks');
    const window = metrics.windows.filter((w) => w.name === 'sign').at(-1);
    assert.ok(window !== undefined && window.endedAt !== null, 'the sign was measured');
    return window;
  }

  /** The page's measure of its main thread while the network signed: never blocked for LONGEST_BLOCK_MS. */
  function assertResponsive(window: BlockWindow, which: string): void {
    const trace =
      mainThreadTasks === undefined
        ? ''
        : `; trace: ${mainThreadTasks.tasks} tasks, longest ${mainThreadTasks.wallMs.toFixed(1)} ms wall, ${mainThreadTasks.cpuMs.toFixed(1)} ms CPU`;
    const seen = `long tasks ${window.longTasks} (longest ${window.longestTaskMs.toFixed(1)} ms), timer lag ${window.longestLagMs.toFixed(1)} ms over ${window.ticks} ticks${trace}`;
    process.stderr.write(`# main thread while signing (${which} sign): ${seen}\n`);
    assert.ok(window.ticks > 10, `the lag timer ran while signing (${window.ticks} ticks)`);
    // The browser's own measure of a blocked main thread, taken in the page: every task over 50 ms
    // (Long Tasks API), wall-clock. The timer lag is printed, not asserted: the OS may leave the
    // page's thread unscheduled while it has nothing to run (seen: 115 ms of lag with no task over
    // 26 ms in the trace), which says nothing of the page's code.
    assert.ok(window.longestTaskMs < LONGEST_WALL_BLOCK_MS, `${which} sign: the main thread was blocked: ${seen}`);
    // The same bound on the CPU the thread spent in one task: what the page's code did, whatever
    // the load of the machine (wall-clock measures also count the time the OS ran other processes).
    assert.ok(mainThreadTasks !== undefined && mainThreadTasks.tasks > 0, 'Chromium traced the main thread');
    assert.ok(mainThreadTasks.cpuMs < LONGEST_BLOCK_MS, `${which} sign: a main-thread task computed for ${mainThreadTasks.cpuMs} ms`);
  }

  it('serves the page, its bundles and the network description under a CSP, and nothing else', async () => {
    const running = dapp ?? assert.fail('no page server');
    const base = running.url;
    const bundles = running.bundles.map((file) => file.name).sort();
    assert.deepEqual(bundles, ['dapp.js', 'dwallet-worker.js', 'dwallet.js']);
    for (const file of running.bundles) assert.ok(file.gzipBytes > 0 && file.gzipBytes < file.bytes, `${file.name} sizes`);
    const pageResponse = await fetch(base);
    assert.equal(pageResponse.status, 200);
    const csp = pageResponse.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.ok(csp.includes(new URL(network.chain.url).origin), 'the page may reach the chain');
    await pageResponse.text();
    assert.deepEqual(await (await fetch(new URL('network.json', base))).json(), JSON.parse(JSON.stringify(network)));
    for (const path of ['dist/nothing.js', 'package.json', 'dist/../package.json', 'examples/dapp/app.ts', '%2e%2e/package.json']) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
      await response.text();
    }
  });

  it('unlocks a new share store, creates a dWallet and shows its Ethereum and Bitcoin addresses', async () => {
    await page.goto(dapp?.url ?? assert.fail('no page server'));
    await page.waitForSelector('body[data-state="locked"]');
    const testWallet = (await page.textContent('#test-wallet')) ?? '';
    assert.match(testWallet, /^0x[0-9a-f]{64}$/);
    assert.match((await page.textContent('#wallet option')) ?? '', /test wallet/i, 'the test wallet is listed by suiWallets()');

    await unlock(PASSPHRASE);
    await settled('unlocking');
    await page.waitForSelector('body[data-state="unlocked"]');
    assert.equal(await page.textContent('#address'), testWallet, 'the SDK acts as the wallet’s account');

    await page.click('#create');
    await settled('creating a dWallet');
    const id = (await page.getAttribute('#dwallets li[data-state="active"]', 'data-dwallet')) ?? '';
    assert.match(id, /^0x[0-9a-f]{64}$/);
    const onChain = await chainDWallet(id);
    assert.equal(onChain.owner, testWallet, 'the test wallet owns the dWallet’s cap');
    const ethereum = publicKeyToAddress(`0x${Buffer.from(secp256k1.Point.fromBytes(onChain.publicKey).toBytes(false)).toString('hex')}`);
    dwallet = { id, publicKey: onChain.publicKey, ethereum };
    assert.equal(await page.textContent(`li[data-dwallet="${id}"] [data-field="ethereum"]`), ethereum);
    assert.equal(
      await page.textContent(`li[data-dwallet="${id}"] [data-field="bitcoin"]`),
      p2wpkh(onChain.publicKey, BITCOIN_TESTNET).address,
      'the P2WPKH address of @scure/btc-signer',
    );
  });

  it('signs an EIP-1559 transaction through the network (noble, viem) without blocking the page', async () => {
    assertResponsive(await signAndVerify(0), 'the first');
    await page.screenshot({ path: join(SCREENSHOTS, 'dapp-signed.png'), fullPage: true });
  });

  it('measures a blocked main thread: a 150 ms loop on it is reported as a long task of 150 ms or more', async () => {
    const window = await page.evaluate(async () => {
      const scope = globalThis as unknown as InPage;
      const monitor = scope.dappMonitor;
      if (monitor === undefined) throw new Error('the page exposes no dappMonitor');
      const measured = monitor.begin('deliberate block');
      // A task of the page's own (a timer's), as the SDK's work would be if it ran on this thread.
      await new Promise<void>((done) =>
        scope.setTimeout(() => {
          const until = scope.performance.now() + 150;
          while (scope.performance.now() < until) {
            // busy
          }
          done();
        }, 0),
      );
      return monitor.end(measured);
    });
    assert.ok(window.longTasks >= 1 && window.longestTaskMs >= 150, `the block was seen: ${JSON.stringify(window)}`);
    assert.ok(window.longestLagMs >= 100, `the lag timer saw it too: ${JSON.stringify(window)}`);
  });

  it('after a reload: refuses a wrong passphrase without losing anything, then unlocks and signs again', async () => {
    await page.reload();
    await page.waitForSelector('body[data-state="locked"]');
    assert.equal(await page.isVisible('#dwallets-section'), false, 'nothing is shown before the store is unlocked');

    await unlock('not the passphrase');
    assert.equal(await page.getAttribute('#error', 'data-code'), ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE);
    assert.match((await page.textContent('#error')) ?? '', /wrong passphrase.*nothing in it was changed/);
    assert.equal(await page.getAttribute('body', 'data-state'), 'locked');
    await page.screenshot({ path: join(SCREENSHOTS, 'dapp-wrong-passphrase.png'), fullPage: true });

    await unlock(PASSPHRASE);
    await settled('unlocking after a reload');
    await page.waitForSelector(`li[data-dwallet="${dwallet.id}"][data-state="active"]`);
    assert.equal(await page.textContent(`li[data-dwallet="${dwallet.id}"] [data-field="ethereum"]`), dwallet.ethereum);
    assertResponsive(await signAndVerify(1), 'after the reload');
  });

  it('exports the backup file with the records sealed, and imports it back as already held', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    await settled('exporting');
    const path = await download.path();
    const backup = JSON.parse(readFileSync(path, 'utf8')) as { format: string; version: number; records: Record<string, string> };
    assert.equal(backup.format, 'dwallet-secret-shares-backup');
    assert.equal(backup.version, 1);
    const records = Object.entries(backup.records);
    assert.ok(records.length >= 1, 'the dWallet’s record is in the backup');
    for (const [key, sealed] of records) {
      assert.ok(!sealed.includes('secretShare'), `${key}: the record is sealed, its fields are not readable`);
    }

    await page.setInputFiles('#import-file', path);
    await page.click('#import button');
    await settled('importing');
    assert.match(
      (await page.textContent('#backup-result')) ?? '',
      new RegExp(`imported 0, already held ${records.length}, conflicts kept as they were 0`),
    );
  });

  it('ran without a script error, a failed request or an error response (but the indexer’s “not yet”)', () => {
    assert.deepEqual(pageErrors, []);
  });
});

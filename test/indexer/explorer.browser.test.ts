/**
 * The explorer in a real browser (playwright-core driving Debian's Chromium, test/support/browser.ts)
 * over the indexer's HTTP app on a local chain: a dWallet created in the test is found by id and
 * by owner with its Ethereum address (equal to viem's), a sign requested and answered while the
 * page is open shows up in the live feed and in the dWallet's view without a reload, a rejection
 * shows its reason (as text, never as HTML) and the blamed validator, a malformed and an unknown
 * id each say what is wrong, a dWallet's encrypted user shares are listed (backup or transfer, for
 * whom, state), and at a phone's width (390 px) nothing overflows. Screenshots go to
 * .data/explorer-*.png for review.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Browser, Page } from 'playwright-core';
import { publicKeyToAddress } from 'viem/accounts';
import { Curve } from '../../chain/constants.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import { indexerApp } from '../../indexer/http/app.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { launchBrowser } from '../../scripts/chromium.ts';
import { Flows, fakeSignature, LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, capturingLogger, dwalletOutputWithKey, openIndexer, STORE_BACKENDS, TestDatabases } from './support.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../.data/', import.meta.url));
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const UNKNOWN_ID = `0x${'ab'.repeat(32)}`;
/** A reason that would run script if the page inserted it as HTML. */
const HOSTILE_REASON = '<img src=x onerror="window.injected=1">ECDSA_INVALID_SIGN_MESSAGE';

interface InPageElement {
  tagName: string;
  className: string;
  textContent: string | null;
  getBoundingClientRect(): { right: number };
}

/**
 * The page's globals as the functions Playwright runs in the page use them (it sends their source
 * to the page): the tests compile without the DOM library.
 */
interface InPage {
  document: {
    getElementById(id: string): {
      textContent: string | null;
      dataset: Record<string, string | undefined>;
      hasAttribute(name: string): boolean;
    };
    scrollingElement: { scrollWidth: number };
    querySelectorAll(selector: string): Iterable<InPageElement>;
  };
  location: { hash: string };
  innerWidth: number;
  /** Set by the test: still there after an update means the page was not reloaded. */
  marker?: number;
  /** Set only if a hostile reason's markup ran. */
  injected?: unknown;
}

for (const backend of STORE_BACKENDS) {
  describe(`explorer in a browser (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'explorer');
    let h: LocalHarness;
    let flows: Flows;
    let indexer: Indexer;
    let http: RunningHttp;
    let browser: Browser;
    let page: Page;
    let user: Ed25519Keypair;
    let dwallet: { id: string; capId: string; ethereum: string };
    const pageErrors: string[] = [];

    before(async () => {
      h = await LocalHarness.create();
      flows = new Flows(h);
      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
      http = await serveHono(indexerApp({ indexer, logger: capturingLogger().logger }), '127.0.0.1', 0);
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: DESKTOP });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        // The browser logs every 4xx of the API as "Failed to load resource"; the tests ask for those on purpose.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
      });
      page.on('response', (response) => {
        if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/v1/')) {
          pageErrors.push(`${response.status()} ${response.url()}`);
        }
      });
      page.on('requestfailed', (request) => {
        // The stream is cut when the page or the server closes.
        if (!request.url().endsWith('/v1/stream')) pageErrors.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
      });
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    after(async () => {
      await browser?.close();
      await http?.close();
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    /** Navigates by hash (no reload) and waits for the view's content. */
    async function open(route: string): Promise<void> {
      await page.evaluate((hash) => {
        (globalThis as unknown as InPage).location.hash = hash;
      }, route);
      await page.waitForFunction((hash) => {
        const view = (globalThis as unknown as InPage).document.getElementById('view');
        return view.dataset.route === hash && !view.hasAttribute('aria-busy');
      }, route);
    }

    /** Waits until the view's text contains `text`. */
    async function viewShows(text: string): Promise<void> {
      await page.waitForFunction(
        (expected) => (globalThis as unknown as InPage).document.getElementById('view').textContent?.includes(expected),
        text,
      );
    }

    async function search(text: string): Promise<void> {
      await page.fill('#query', text);
      await page.click('#search button');
    }

    async function fitsPhone(name: string): Promise<void> {
      await page.setViewportSize(PHONE);
      const { scrollWidth, innerWidth, wide } = await page.evaluate(() => {
        const window = globalThis as unknown as InPage;
        // What sticks out, to name in the failure.
        const wide = [...window.document.querySelectorAll('body *')]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth)
          .slice(0, 5)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').slice(0, 40)}"`);
        return { scrollWidth: window.document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, wide };
      });
      assert.ok(scrollWidth <= innerWidth, `${name} at 390 px: the page is ${scrollWidth} px wide; too wide: ${wide.join(', ')}`);
      await page.screenshot({ path: join(SCREENSHOTS, `explorer-${backend}-${name}-phone.png`), fullPage: true });
      await page.setViewportSize(DESKTOP);
    }

    it('shows the network: deployment, committee, network key and presign pools', async () => {
      await page.goto(`${http.url}/`);
      await page.waitForSelector('#feed-state.live');
      await page.waitForSelector('[data-field="threshold"]');
      const deployment = await h.chain.deployment();
      const text = await page.textContent('#view');
      assert.match(text ?? '', new RegExp(deployment.packageId));
      assert.equal(await page.textContent('[data-field="epoch"]'), '1');
      assert.equal(await page.textContent('[data-field="threshold"]'), '3 of 4 (weight)');
      for (const validator of h.validators) assert.match(text ?? '', new RegExp(validator.address.slice(0, 8)));
      assert.match(text ?? '', /secp256k1, p256, ed25519/);
      assert.match(text ?? '', /taproot/);
      await page.screenshot({ path: join(SCREENSHOTS, `explorer-${backend}-network.png`), fullPage: true });
      await fitsPhone('network');
    });

    it('finds a dWallet created in the test by id and by owner, with its Ethereum address', async () => {
      user = await h.user();
      const requested = h.event(h.ok(await flows.requestDWallet(user), 'dWallet request'), 'DWalletDkgRequested');
      const { output, publicKey } = dwalletOutputWithKey('secp256k1', 5n, 7n);
      await h.submitResults([{ DWalletDkg: { session_id: requested.session_id, output } }]);
      await indexer.catchUp();
      dwallet = {
        id: requested.dwallet_id,
        capId: requested.dwallet_cap_id,
        ethereum: publicKeyToAddress(`0x${bytesToHex(secp256k1.Point.fromBytes(publicKey).toBytes(false))}`),
      };

      await search(dwallet.id);
      await page.waitForURL(`**/#/dwallet/${dwallet.id}`);
      await page.waitForSelector(`section[data-dwallet="${dwallet.id}"]`);
      assert.equal(await page.textContent('[data-address="ethereum"]'), dwallet.ethereum);
      assert.match((await page.textContent('#view')) ?? '', /active/);

      await search(user.toSuiAddress());
      await page.waitForURL(`**/#/owner/${user.toSuiAddress()}`);
      await page.waitForSelector(`article[data-dwallet="${dwallet.id}"]`);
      assert.equal(await page.textContent(`article[data-dwallet="${dwallet.id}"] [data-address="ethereum"]`), dwallet.ethereum);
      assert.match((await page.textContent(`article[data-dwallet="${dwallet.id}"]`)) ?? '', /bc1q/);
      await fitsPhone('owner');
    });

    it('updates the open dWallet view and the live feed when a signature lands, without a reload', async () => {
      await open(`#/dwallet/${dwallet.id}`);
      await page.evaluate(() => {
        (globalThis as unknown as InPage).marker = 42;
      });
      const presign = await flows.presignCap(user);
      const signRequested = h.event(
        h.ok(await flows.sign(user, { dwalletCapId: dwallet.capId, presignCapId: presign.capId }), 'sign'),
        'SignRequested',
      );
      const signature = fakeSignature(9, 0);
      await h.submitResults([{ Signature: { session_id: signRequested.session_id, signature } }]);
      await indexer.catchUp();
      const sessionId = `0x${bytesToHex(signRequested.session_id)}`;

      await page.waitForSelector(`#feed-list li[data-session="${sessionId}"]`);
      await viewShows(`0x${bytesToHex(signature)}`);
      assert.equal(await page.evaluate(() => (globalThis as unknown as InPage).marker), 42, 'the page was not reloaded');
      assert.match((await page.textContent(`#feed-list li[data-session="${sessionId}"]`)) ?? '', /completed\s*sign/);
      await page.screenshot({ path: join(SCREENSHOTS, `explorer-${backend}-dwallet.png`), fullPage: true });
      await fitsPhone('dwallet');
    });

    it('shows a rejection: its code, its reason as text, the blamed validator', async () => {
      const presign = await flows.presignCap(user);
      const rejected = h.event(
        h.ok(await flows.sign(user, { dwalletCapId: dwallet.capId, presignCapId: presign.capId }), 'sign'),
        'SignRequested',
      );
      await h.submitResults([
        { Rejected: { session_id: rejected.session_id, reason_code: 3, reason: new TextEncoder().encode(HOSTILE_REASON), blamed: [1] } },
      ]);
      await indexer.catchUp();
      const sessionId = `0x${bytesToHex(rejected.session_id)}`;
      await page.waitForSelector(`#feed-list li.rejected[data-session="${sessionId}"]`);
      await viewShows(HOSTILE_REASON);

      await open(`#/session/${sessionId}`);
      const text = (await page.textContent('#view')) ?? '';
      assert.match(text, /3 \(ECDSA_INVALID_SIGN_MESSAGE\)/);
      assert.ok(text.includes(HOSTILE_REASON), 'the reason is shown as its text');
      assert.match(text, new RegExp(`member #1\\s*${h.validators[1]?.address.slice(0, 8)}`));
      assert.equal(await page.evaluate(() => (globalThis as unknown as InPage).injected), undefined, 'no markup ran');
      assert.equal(await page.locator('#view img').count(), 0);
      await page.screenshot({ path: join(SCREENSHOTS, `explorer-${backend}-session.png`), fullPage: true });
      await fitsPhone('session');
    });

    it('says what is wrong with a malformed id and an unknown id', async () => {
      await open('#/dwallet/0x1234');
      assert.match(
        (await page.textContent('.notice.error')) ?? '',
        /Invalid input.*id: expected 0x followed by 64 hex digits, got "0x1234"/,
      );
      await open(`#/dwallet/${UNKNOWN_ID}`);
      assert.match((await page.textContent('.notice.error')) ?? '', new RegExp(`Not found.*no dWallet ${UNKNOWN_ID} has been indexed`));
      await page.screenshot({ path: join(SCREENSHOTS, `explorer-${backend}-not-found.png`) });

      await search('not-an-id');
      await viewShows('"not-an-id"');
      assert.match(
        (await page.textContent('.notice.error')) ?? '',
        /Invalid input.*id: expected 0x followed by 64 hex digits, got "not-an-id"/,
      );
      await search(UNKNOWN_ID);
      await viewShows('no dWallet, owner, session or sign request');
      await fitsPhone('not-found');
    });

    it('shows a dWallet’s encrypted user shares: a verified backup and a pending transfer, for whom, their state', async () => {
      const recipient = await h.user();
      for (const [who, fill] of [
        [user, 0xa1],
        [recipient, 0xb1],
      ] as const) {
        const tx = new Transaction();
        h.client.requestRegisterEncryptionKey(tx, {
          curve: Curve.SECP256K1,
          encryptionKey: new Uint8Array(48).fill(fill),
          proof: new Uint8Array([1]),
          sessionPreimage: randomSessionPreimage(),
          payment: h.client.payFromGas(tx, 0n),
        });
        const registered = h.event(h.ok(await h.exec(tx, who), 'register'), 'EncryptionKeyRegistrationRequested');
        await h.submitResults([{ EncryptionKeyVerified: { session_id: registered.session_id } }]);
      }
      const encrypt = async (to?: string) => {
        const tx = new Transaction();
        const common = {
          dwalletCap: await h.ref(dwallet.capId),
          encryptedShare: new Uint8Array([7, 7, 7]),
          sessionPreimage: randomSessionPreimage(),
          payment: h.client.payFromGas(tx, 0n),
        };
        if (to === undefined) h.client.requestShareBackup(tx, common);
        else h.client.requestShareTransfer(tx, { ...common, recipient: to });
        return h.ok(await h.exec(tx, user), to === undefined ? 'backup' : 'transfer');
      };
      const backup = h.event(await encrypt(), 'ShareBackupRequested');
      await h.submitResults([{ ShareBackupVerified: { session_id: backup.session_id } }]);
      // The transfer escrows the cap: the last use of this dWallet in these tests.
      const transfer = h.event(await encrypt(recipient.toSuiAddress()), 'ShareTransferRequested');
      await indexer.catchUp();

      await open(`#/dwallet/${dwallet.id}`);
      await viewShows('Encrypted user shares');
      const rowOf = async (sessionId: Uint8Array) =>
        (await page.textContent(`#view tr:has(a[href="#/session/0x${bytesToHex(sessionId)}"])`)) ?? '';
      assert.match(await rowOf(backup.session_id), new RegExp(`backups*${user.toSuiAddress().slice(0, 8)}.*verified`));
      assert.match(await rowOf(transfer.session_id), new RegExp(`transfers*${recipient.toSuiAddress().slice(0, 8)}.*pending`));
      await page.screenshot({ path: join(SCREENSHOTS, `explorer-${backend}-encrypted-shares.png`), fullPage: true });
      await fitsPhone('encrypted-shares');
    });

    it('ran without a script error or a blocked resource', () => {
      assert.deepEqual(pageErrors, []);
    });
  });
}

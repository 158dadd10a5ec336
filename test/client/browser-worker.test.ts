/**
 * The browser SDK's page↔worker machinery without a devnet (the end-to-end run is
 * sdk-e2e/browser-worker.ts): the protocol's parsers refuse each kind of bad message; errors cross
 * with their code, details and class; the worker's RemoteWalletSigner accepts only what the wallet
 * signed as asked (WALLET_CHANGED_TRANSACTION, WALLET_SIGNATURE_INVALID); the WorkerHost over a
 * Node MessageChannel answers malformed messages, unknown methods and calls before connect with
 * clear errors, and BrowserDWalletClient.connect fails cleanly (closing the channel); the
 * fixed-base table's rows export and import with their shape checked; the setup cache in
 * (fake) IndexedDB gives a cold key its tables back, refuses a corrupt record and keys by commitment;
 * the two bundles build, and the page's holds no class-group or proof code.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { toBase64 } from '@mysten/sui/utils';
import type { WalletAccount } from '@mysten/wallet-standard';
import { IDBFactory } from 'fake-indexeddb';
import { BrowserDWalletClient } from '../../client/browser/browser-client.ts';
import { KeypairWallet } from '../../client/browser/keypair-wallet.ts';
import { type MessageEndpoint, ProtocolViolation, parsePageMessage, parseWorkerMessage } from '../../client/browser/protocol.ts';
import { rebuildError, serializeError } from '../../client/browser/remote-error.ts';
import { accountPublicKey, RemoteWalletSigner, type WalletRequester } from '../../client/browser/remote-wallet-signer.ts';
import { SetupCache, setupCacheKey } from '../../client/browser/setup-cache.ts';
import { signWithWallet, walletAccount } from '../../client/browser/wallet-account.ts';
import { WorkerHost } from '../../client/browser/worker-host.ts';
import { ClientError, ClientErrorCodes, RequestRejectedError, TransactionFailedError } from '../../client/errors.ts';
import { prepareUserTablesInIdleTime } from '../../client/network-keys.ts';
import { MAX_TABLE_ROWS } from '../../mpc/classgroups/fixed-base.ts';
import { userSignTableBits, userSignTableSteps, userSignTablesReady } from '../../mpc/ecdsa/index.ts';
import { ErrorCodes } from '../../mpc/errors.ts';
import { ecdsaFixture } from '../../mpc/testing/ecdsa-fixture.ts';
import { buildBrowserBundles } from '../../scripts/build-browser.ts';
import { coldKeyCopy } from '../support/cold-key.ts';
import { offlineTransactionBytes } from './support/offline-transaction.ts';

const codeOf = (error: unknown) => (error as { code?: string }).code;

function violation(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ProtocolViolation, `a ProtocolViolation, not ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

const account = { address: `0x${'ab'.repeat(32)}`, publicKey: new Uint8Array(32) };

/** A wallet account as the page sends it to the worker. */
const summary = (walletAccount: WalletAccount) => ({ address: walletAccount.address, publicKey: new Uint8Array(walletAccount.publicKey) });

describe('protocol messages', () => {
  test('the worker refuses each kind of malformed page message, naming what is wrong', () => {
    assert.throws(() => parsePageMessage('connect'), violation(/must be an object/));
    assert.throws(() => parsePageMessage({ type: 'call', method: 'sign', args: [] }), violation(/needs an id/));
    assert.throws(() => parsePageMessage({ type: 'call', id: -1, method: 'sign', args: [] }), violation(/needs an id/));
    assert.throws(() => parsePageMessage({ type: 'launch', id: 1 }), violation(/unknown message type "launch"/));
    assert.throws(() => parsePageMessage({ type: 'call', id: 1, method: 'chain', args: [] }), violation(/unknown method "chain"/));
    assert.throws(() => parsePageMessage({ type: 'call', id: 1, method: 'constructor', args: [] }), violation(/unknown method/));
    assert.throws(() => parsePageMessage({ type: 'call', id: 1, method: 'sign', args: {} }), violation(/args must be an array/));
    assert.throws(() => parsePageMessage({ type: 'call', id: 1, method: 'sign', args: [], extra: 1 }), violation(/unknown field extra/));
    const connect = { type: 'connect', id: 2, network: {}, account, secrets: { kind: 'passphrase', passphrase: 'pw' } };
    assert.equal(parsePageMessage(connect).type, 'connect');
    assert.throws(() => parsePageMessage({ ...connect, secrets: { kind: 'passphrase', passphrase: '' } }), violation(/passphrase must be/));
    assert.throws(() => parsePageMessage({ ...connect, secrets: { kind: 'key' } }), violation(/secrets.kind/));
    assert.throws(
      () => parsePageMessage({ ...connect, secrets: { kind: 'wallet-signature', passphrase: 'x' } }),
      violation(/unknown field/),
    );
    assert.throws(() => parsePageMessage({ ...connect, account: { address: 'x', publicKey: [1] } }), violation(/account must be/));
    assert.throws(() => parsePageMessage({ ...connect, timeoutMs: -1 }), violation(/timeoutMs/));
    assert.throws(() => parsePageMessage({ ...connect, databaseName: '' }), violation(/databaseName/));
    assert.throws(() => parsePageMessage({ type: 'wallet-response', id: 1, signature: 1, bytes: '' }), violation(/base64 strings/));
    assert.throws(() => parsePageMessage({ type: 'wallet-error', id: 1, error: { message: 'no' } }), violation(/error must be/));
  });

  test('the page refuses each kind of malformed worker message', () => {
    assert.throws(() => parseWorkerMessage(null), violation(/must be an object/));
    assert.throws(() => parseWorkerMessage({ type: 'result', id: 'a' }), violation(/id must be/));
    assert.throws(() => parseWorkerMessage({ type: 'error', id: 1, error: {} }), violation(/error must be/));
    assert.throws(() => parseWorkerMessage({ type: 'progress', line: 3 }), violation(/line must be a string/));
    assert.throws(
      () => parseWorkerMessage({ type: 'wallet-request', id: 1, method: 'sign', bytes: new Uint8Array() }),
      violation(/unknown method/),
    );
    assert.throws(
      () => parseWorkerMessage({ type: 'wallet-request', id: 1, method: 'signTransaction', bytes: 'AA' }),
      violation(/Uint8Array/),
    );
    assert.throws(() => parseWorkerMessage({ type: 'shout' }), violation(/unknown message type/));
  });
});

describe('errors across the boundary', () => {
  /** Through a real structured clone, as postMessage copies it. */
  const cross = (error: unknown) => rebuildError(structuredClone(serializeError(error)));

  test('a ClientError keeps its code, message and details (bytes and bigints included, functions dropped to text)', () => {
    const original = new ClientError(ClientErrorCodes.NOT_FOUND, 'no such dWallet', {
      dwalletId: '0x1',
      bytes: new Uint8Array([1, 2]),
      amount: 5n,
      callback: () => 1,
    });
    const rebuilt = cross(original);
    assert.ok(rebuilt instanceof ClientError);
    assert.equal(rebuilt.code, ClientErrorCodes.NOT_FOUND);
    assert.equal(rebuilt.message, 'no such dWallet');
    assert.deepEqual(rebuilt.details.bytes, new Uint8Array([1, 2]));
    assert.equal(rebuilt.details.amount, 5n);
    assert.equal(typeof rebuilt.details.callback, 'string');
  });

  test('a rejection is a RequestRejectedError again, with its rejection and message', () => {
    const original = new RequestRejectedError(
      '0xabc',
      { reasonCode: 3, reasonName: 'ECDSA_INVALID_SIGN_MESSAGE', reason: 'proof', blamed: [1] },
      'the sign request',
    );
    const rebuilt = cross(original);
    assert.ok(rebuilt instanceof RequestRejectedError);
    assert.equal(rebuilt.code, ClientErrorCodes.REQUEST_REJECTED);
    assert.deepEqual(rebuilt.rejection, original.rejection);
    assert.equal(rebuilt.sessionId, '0xabc');
    assert.equal(rebuilt.message, original.message);
  });

  test('another class keeps its code and names itself; a plain Error is INTERNAL', () => {
    const failed = new TransactionFailedError('create', 'D1', {
      kind: 'MoveAbort',
      module: 'coordinator',
      code: 7,
      abortName: 'EFee',
      message: 'abort',
      command: 0,
    } as never);
    const rebuilt = cross(failed);
    assert.equal(rebuilt.code, ClientErrorCodes.TRANSACTION_FAILED);
    assert.equal(rebuilt.details.errorName, 'TransactionFailedError');
    assert.equal(rebuilt.details.abortName, 'EFee');
    const plain = cross(new TypeError('x is not a function'));
    assert.equal(plain.code, 'INTERNAL');
    assert.equal(plain.message, 'x is not a function');
    assert.equal(cross('a string').message, 'a string');
  });
});

/** A requester answered by `wallet` (as the page does), optionally altered on the way. */
function walletRequester(
  wallet: KeypairWallet,
  alter: (answer: { signature: string; bytes: string }) => { signature: string; bytes: string } = (a) => a,
): WalletRequester {
  return async (method, bytes) => alter(await signWithWallet(wallet, await walletAccount(wallet), 'sui:localnet', method, bytes));
}

describe('RemoteWalletSigner (in the worker)', () => {
  test("takes the wallet's signature of the requested transaction and personal message", async () => {
    const keypair = Ed25519Keypair.generate();
    const wallet = new KeypairWallet(keypair);
    const signer = new RemoteWalletSigner(summary(await walletAccount(wallet)), walletRequester(wallet));
    assert.equal(signer.toSuiAddress(), keypair.toSuiAddress());
    assert.equal(signer.getKeyScheme(), 'ED25519');
    const bytes = await offlineTransactionBytes(keypair.toSuiAddress());
    assert.deepEqual(
      await signer.signTransaction(bytes),
      await keypair.signTransaction(bytes),
      'Ed25519 is deterministic: the same signature',
    );
    const message = new TextEncoder().encode('seed');
    assert.deepEqual(await signer.signPersonalMessage(message), await keypair.signPersonalMessage(message));
    await assert.rejects(signer.sign(bytes), (e: unknown) => codeOf(e) === ClientErrorCodes.INVALID_ARGUMENT);
  });

  test('a wallet that signs other bytes: WALLET_CHANGED_TRANSACTION; another key: WALLET_SIGNATURE_INVALID', async () => {
    const keypair = Ed25519Keypair.generate();
    const wallet = new KeypairWallet(keypair);
    const account = summary(await walletAccount(wallet));
    const bytes = await offlineTransactionBytes(keypair.toSuiAddress());
    const other = await offlineTransactionBytes(keypair.toSuiAddress(), 2);
    const rebuilding = new RemoteWalletSigner(account, async () => keypair.signTransaction(other));
    await assert.rejects(rebuilding.signTransaction(bytes), (e: unknown) => codeOf(e) === ClientErrorCodes.WALLET_CHANGED_TRANSACTION);
    const stranger = Ed25519Keypair.generate();
    const wrongKey = new RemoteWalletSigner(account, async (method, asked) =>
      method === 'signTransaction' ? stranger.signTransaction(asked) : stranger.signPersonalMessage(asked),
    );
    await assert.rejects(wrongKey.signTransaction(bytes), (e: unknown) => codeOf(e) === ClientErrorCodes.WALLET_SIGNATURE_INVALID);
    await assert.rejects(
      wrongKey.signPersonalMessage(new Uint8Array([1])),
      (e: unknown) => codeOf(e) === ClientErrorCodes.WALLET_SIGNATURE_INVALID,
    );
    const otherMessage = new RemoteWalletSigner(
      account,
      walletRequester(wallet, (a) => ({ ...a, bytes: toBase64(new Uint8Array([9])) })),
    );
    await assert.rejects(
      otherMessage.signPersonalMessage(new Uint8Array([1])),
      (e: unknown) => codeOf(e) === ClientErrorCodes.WALLET_SIGNATURE_INVALID,
    );
    const notBase64 = new RemoteWalletSigner(account, async () => ({ signature: 'x', bytes: '%%%' }));
    await assert.rejects(notBase64.signTransaction(bytes), (e: unknown) => codeOf(e) === ClientErrorCodes.WALLET_SIGNATURE_INVALID);
  });

  test("an account's key is found by its address (Ed25519, secp256k1); a key of another address is refused", () => {
    const k1 = Secp256k1Keypair.generate();
    const key = accountPublicKey({ address: k1.toSuiAddress(), publicKey: k1.getPublicKey().toRawBytes() });
    assert.equal(key.toSuiAddress(), k1.toSuiAddress());
    assert.throws(
      () => accountPublicKey({ address: Ed25519Keypair.generate().toSuiAddress(), publicKey: k1.getPublicKey().toRawBytes() }),
      (e: unknown) => codeOf(e) === ClientErrorCodes.INVALID_ARGUMENT,
    );
    assert.throws(() => accountPublicKey({ address: k1.toSuiAddress(), publicKey: new Uint8Array(5) }), /not an Ed25519/);
  });
});

/** A page end and a worker end over a Node MessageChannel, the host serving the worker end. */
function channel(): { page: MessageEndpoint & { close(): void }; host: WorkerHost; replies: unknown[] } {
  const { port1, port2 } = new MessageChannel();
  const host = new WorkerHost(port2 as unknown as MessageEndpoint, { indexedDB: new IDBFactory() as never, setupCache: false });
  const replies: unknown[] = [];
  port1.addEventListener('message', (event) => replies.push((event as MessageEvent).data));
  port1.start();
  return { page: port1 as unknown as MessageEndpoint & { close(): void }, host, replies };
}

async function nextReply(replies: unknown[], count: number): Promise<unknown> {
  const deadline = Date.now() + 10_000;
  while (replies.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(replies.length >= count, 'the host answered');
  return replies[count - 1];
}

describe('WorkerHost over a MessageChannel', () => {
  test('answers malformed messages, unknown methods and calls before connect with clear errors', async () => {
    const { page, host, replies } = channel();
    try {
      page.postMessage({ hello: 1 });
      const noId = (await nextReply(replies, 1)) as { type: string; id: unknown; error: { code: string; message: string } };
      assert.equal(noId.type, 'error');
      assert.equal(noId.id, null);
      assert.equal(noId.error.code, ClientErrorCodes.INVALID_ARGUMENT);
      assert.match(noId.error.message, /protocol: a undefined message needs an id/);

      page.postMessage({ type: 'call', id: 7, method: 'exportKeys', args: [] });
      const unknown = (await nextReply(replies, 2)) as { id: number; error: { message: string } };
      assert.equal(unknown.id, 7);
      assert.match(unknown.error.message, /unknown method "exportKeys"/);

      page.postMessage({ type: 'call', id: 8, method: 'listDWallets', args: [] });
      const early = (await nextReply(replies, 3)) as { id: number; error: { message: string } };
      assert.equal(early.id, 8);
      assert.match(early.error.message, /before connect/);

      page.postMessage({ type: 'wallet-response', id: 99, signature: 'AA', bytes: 'AA' });
      const stray = (await nextReply(replies, 4)) as { id: number; error: { message: string } };
      assert.match(stray.error.message, /no wallet request 99/);

      page.postMessage({ type: 'connect', id: 9, network: { version: 2 }, account, secrets: { kind: 'passphrase', passphrase: 'pw' } });
      const badNetwork = (await nextReply(replies, 5)) as { id: number; error: { code: string } };
      assert.equal(badNetwork.id, 9);
      assert.equal(badNetwork.error.code, ClientErrorCodes.NETWORK_DESCRIPTION_INVALID);
    } finally {
      host.close();
      page.close();
    }
  });

  test('BrowserDWalletClient.connect: a bad description fails with its code, and the channel is closed', async () => {
    const { port1, port2 } = new MessageChannel();
    const host = new WorkerHost(port2 as unknown as MessageEndpoint, { indexedDB: new IDBFactory() as never, setupCache: false });
    const progress: string[] = [];
    try {
      await assert.rejects(
        BrowserDWalletClient.connect({
          network: { version: 1, chain: { kind: 'local' } },
          wallet: new KeypairWallet(Ed25519Keypair.generate()),
          secrets: { passphrase: 'correct horse' },
          worker: port1 as never,
          onProgress: (line) => progress.push(line),
        }),
        (error: unknown) => {
          assert.ok(error instanceof ClientError);
          assert.equal(error.code, ClientErrorCodes.NETWORK_DESCRIPTION_INVALID);
          assert.match(error.message, /chain.kind/);
          return true;
        },
      );
    } finally {
      host.close();
    }
    await assert.rejects(
      BrowserDWalletClient.connect({ network: {}, wallet: {} as never, secrets: { passphrase: 'x' }, worker: port1 as never }),
      (e: unknown) => codeOf(e) === ClientErrorCodes.INVALID_ARGUMENT,
    );
    await assert.rejects(
      BrowserDWalletClient.connect({
        network: {},
        wallet: new KeypairWallet(Ed25519Keypair.generate()),
        secrets: { passphrase: '' },
        worker: port1 as never,
      }),
      /passphrase must be a non-empty string/,
    );
    await assert.rejects(
      BrowserDWalletClient.connect({
        network: {},
        wallet: new KeypairWallet(Ed25519Keypair.generate()),
        secrets: { passphrase: 'x' },
        worker: 'w.js',
      }),
      /no Worker here/,
    );
  });
});

describe('fixed-base table rows: export and import', () => {
  const key = ecdsaFixture('secp256k1').key;
  const bits = userSignTableBits(key);

  test('a cold table adopting exported rows raises to the same powers, without building a row', () => {
    const warm = coldKeyCopy(key);
    for (const _ of userSignTableSteps(warm));
    const cold = coldKeyCopy(key);
    const rows = warm.encryptionKey.table.exportRows();
    const discriminant = cold.encryptionKey.setup.group.discriminant;
    assert.equal(cold.encryptionKey.table.importRows(rows, discriminant), warm.encryptionKey.table.rowCount);
    assert.equal(cold.encryptionKey.table.coveredBits, warm.encryptionKey.table.coveredBits);
    const e = (1n << BigInt(bits - 1)) + 12345n;
    assert.deepEqual(cold.encryptionKey.table.pow(e), warm.encryptionKey.table.pow(e));
    assert.equal(cold.encryptionKey.table.importRows(rows, discriminant), 0, 'rows held are kept, none adopted twice');
  });

  test('refuses rows of another shape, width, discriminant or base, adopting none', () => {
    const warm = coldKeyCopy(key);
    warm.encryptionKey.setup.hTable.ensureBits(60);
    const rows = warm.encryptionKey.setup.hTable.exportRows();
    const cold = coldKeyCopy(key);
    const table = cold.encryptionKey.setup.hTable;
    const discriminant = cold.encryptionKey.setup.group.discriminant;
    const refuses = (bytes: Uint8Array, pattern: RegExp, d = discriminant) => {
      assert.throws(() => table.importRows(bytes, d), pattern);
      assert.equal(table.rowCount, 0);
    };
    refuses(rows.subarray(0, 5), /shorter than the header/);
    refuses(rows.subarray(0, rows.length - 1), /bytes, \d+ rows of 32 forms take/);
    const edit = (at: number, value: number) => {
      const copy = rows.slice();
      copy[at] = value;
      return copy;
    };
    refuses(edit(0, 2), /format 2/);
    refuses(edit(1, 5), /width 5/);
    const many = rows.slice();
    new DataView(many.buffer).setUint32(2, MAX_TABLE_ROWS + 1);
    refuses(many, /at most 1024/);
    refuses(rows, /not divisible by 4a|discriminant/, discriminant * 9n);
    // A sign byte of 2 in the first form.
    const length = new DataView(rows.buffer).getUint16(6);
    refuses(edit(8 + length, 2), /sign byte 2/);
    // Another base: h's rows offered to pk's table.
    assert.throws(() => cold.encryptionKey.table.importRows(rows, discriminant), /does not start with the base/);
    // A non-reduced form: swap the sign of b of an ambiguous-free form → (a, −b) is reduced too, so flip a's magnitude instead.
    const bad = rows.slice();
    bad.fill(0, 8, 8 + length);
    bad[8 + length - 1] = 1;
    assert.throws(
      () => table.importRows(bad, discriminant),
      (e: unknown) => codeOf(e) === ErrorCodes.FORM_NOT_REDUCED || codeOf(e) === ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
    assert.equal(table.rowCount, 0);
  });
});

describe('the setup cache (IndexedDB)', () => {
  const key = ecdsaFixture('secp256k1').key;
  const identity = { networkKeyId: `0x${'cd'.repeat(32)}`, commitment: new Uint8Array(32).fill(7) };

  test('a cold key gets its tables back from a save; measured against growing them', async (t) => {
    const indexedDB = new IDBFactory() as never;
    const lines: string[] = [];
    const cache = await SetupCache.open({ indexedDB, onProgress: (line) => lines.push(line) });
    try {
      const first = coldKeyCopy(key);
      assert.equal(await cache.load(identity, first), false, 'nothing cached yet');
      const grow = performance.now();
      for (const _ of userSignTableSteps(first));
      const grownMs = performance.now() - grow;
      await cache.save(identity, first);

      const second = coldKeyCopy(key);
      const load = performance.now();
      assert.equal(await cache.load(identity, second), true);
      const loadedMs = performance.now() - load;
      assert.ok(userSignTablesReady(second));
      const e = (1n << 900n) + 99n;
      assert.deepEqual(second.encryptionKey.table.pow(e), first.encryptionKey.table.pow(e));
      assert.deepEqual(second.encryptionKey.setup.hTable.pow(e), first.encryptionKey.setup.hTable.pow(e));
      t.diagnostic(`secp256k1 user sign tables: grown in ${grownMs.toFixed(0)} ms, loaded from the cache in ${loadedMs.toFixed(0)} ms`);
      assert.ok(
        lines.some((line) => /tables loaded in \d+ ms/.test(line)),
        lines.join('\n'),
      );

      const otherCommitment = { ...identity, commitment: new Uint8Array(32).fill(8) };
      assert.notEqual(setupCacheKey(otherCommitment, 'secp256k1'), setupCacheKey(identity, 'secp256k1'));
      assert.equal(await cache.load(otherCommitment, coldKeyCopy(key)), false, 'another commitment (a reshared key) misses');
    } finally {
      cache.close();
    }
  });

  test("the SDK's idle-time growing saves the tables once grown (prepareUserTablesInIdleTime's hook)", async () => {
    const cache = await SetupCache.open({ indexedDB: new IDBFactory() as never });
    try {
      const warm = coldKeyCopy(key);
      let saved: Promise<void> | undefined;
      prepareUserTablesInIdleTime([warm], (grown) => {
        saved = cache.save(identity, grown);
        return saved;
      });
      const deadline = Date.now() + 60_000;
      while (saved === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      await saved;
      assert.ok(userSignTablesReady(warm));
      const cold = coldKeyCopy(key);
      assert.equal(await cache.load(identity, cold), true);
    } finally {
      cache.close();
    }
  });

  test('a corrupt record is refused by its SHA-256, deleted, and the key left to grow its tables', async () => {
    const indexedDB = new IDBFactory();
    const cache = await SetupCache.open({ indexedDB: indexedDB as never });
    const warm = coldKeyCopy(key);
    for (const _ of userSignTableSteps(warm));
    await cache.save(identity, warm);
    cache.close();
    // Flip one byte of h's rows in the stored record.
    const id = setupCacheKey(identity, 'secp256k1');
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('dwallet-setup-cache', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('tables', 'readwrite');
        const store = tx.objectStore('tables');
        const get = store.get(id);
        get.onsuccess = () => {
          const record = get.result as { h: Uint8Array };
          const last = record.h.length - 1;
          record.h[last] = (record.h[last] as number) ^ 1;
          store.put(record, id);
        };
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    const lines: string[] = [];
    const reopened = await SetupCache.open({ indexedDB: indexedDB as never, onProgress: (line) => lines.push(line) });
    try {
      const cold = coldKeyCopy(key);
      assert.equal(await reopened.load(identity, cold), false);
      assert.equal(cold.encryptionKey.setup.hTable.rowCount, 0, 'no row adopted');
      assert.ok(
        lines.some((line) => /SHA-256 differs/.test(line)),
        lines.join('\n'),
      );
      assert.equal(await reopened.load(identity, cold), false);
      assert.ok(
        lines.some((line) => /no secp256k1 tables yet/.test(line)),
        'the corrupt record was deleted',
      );
    } finally {
      reopened.close();
    }
  });
});

describe('the browser bundles (npm run build:browser)', () => {
  test('buildBrowserBundles writes the page entry and the worker; the page bundle holds no class-group or proof code', async (t) => {
    const outDir = mkdtempSync(join(tmpdir(), 'dwallet-browser-'));
    try {
      const { files } = await buildBrowserBundles({ outDir });
      assert.deepEqual(
        files.map((file) => file.name),
        ['dwallet-worker.js', 'dwallet.js'],
      );
      for (const file of files) {
        assert.ok(existsSync(join(outDir, file.name)) && existsSync(join(outDir, `${file.name}.map`)), `${file.name} and its source map`);
        assert.ok(file.gzipBytes > 0 && file.gzipBytes < file.bytes);
        t.diagnostic(`${file.name}: ${file.bytes} bytes, ${file.gzipBytes} gzipped`);
      }
      const page = files.find((file) => file.name === 'dwallet.js');
      const worker = files.find((file) => file.name === 'dwallet-worker.js');
      // The main thread cannot be blocked by class-group work it does not have.
      const heavy = /^mpc\/(classgroups|cl|proofs|ecdsa\/(dkg|sign|presign))\//;
      assert.deepEqual(
        page?.inputs.filter((input) => heavy.test(input)),
        [],
      );
      assert.ok(
        worker?.inputs.some((input) => input.startsWith('mpc/classgroups/')),
        'the worker has it',
      );
      assert.ok(worker?.inputs.includes('client/browser/worker-host.ts'));
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

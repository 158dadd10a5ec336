/**
 * The browser's encrypted secret share store (client/browser/secret-store/, over
 * client/encrypted-secret-share-store.ts), in Node with fake-indexeddb (a spec-conformant
 * in-memory IndexedDB; one fresh factory per test, so tests share nothing):
 *
 * - round trip, and persistence across close and reopen on the same IndexedDB;
 * - a wrong passphrase is refused at open (SECRET_STORE_WRONG_PASSPHRASE), and so is the other
 *   key kind; errors never carry the passphrase;
 * - a wallet-signature key: the wallet signs STORE_KEY_MESSAGE twice at open; node:crypto's HKDF
 *   and AES-256-GCM open a record from the signature alone (the key derivation as specified);
 *   another account is refused naming the wallet case; a wallet whose signatures differ is
 *   SECRET_STORE_KEY_NOT_DETERMINISTIC; a signature of another account is refused;
 * - a tampered or moved record is SECRET_STORE_TAMPERED;
 * - two opens racing on a new database agree on one header;
 * - backup files: export keeps records sealed; import into another database with another
 *   passphrase; unchanged and conflicting records; every kind of bad file refused, nothing written
 *   when a record fails; wallet-keyed backups;
 * - the same format on files: a folder of EncryptedFileSecretShareStore is read and exported by
 *   EncryptedSecretShareStore over FileRecordBackend, and a browser's backup lands in a folder the
 *   file store reads; a plaintext folder is not turned into an encrypted one.
 * Tests use a low scrypt cost (N = 2^10) through `kdfCost`.
 */
import assert from 'node:assert/strict';
import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { IDBFactory } from 'fake-indexeddb';
import {
  type BrowserSecretShareStore,
  IndexedDbRecordBackend,
  openBrowserSecretShareStore,
  STORE_KEY_MESSAGE,
  type StoreKeySource,
} from '../../client/browser/secret-store/index.ts';
import type { IndexedDbFactory } from '../../client/browser/secret-store/indexeddb-backend.ts';
import { EncryptedSecretShareStore } from '../../client/encrypted-secret-share-store.ts';
import { EncryptedFileSecretShareStore } from '../../client/encrypted-secret-store.ts';
import { FileSecretShareStore } from '../../client/file-secret-store.ts';
import { MAX_BACKUP_CHARS, MAX_BACKUP_RECORDS } from '../../client/secret-backup-file.ts';
import { FileRecordBackend } from '../../client/secret-record-files.ts';
import { encodeRecord, pendingKey, type SecretShareRecord } from '../../client/secret-store.ts';
import { KEY_CHECK_LABEL, WALLET_KEY_INFO } from '../../client/secret-store-encryption.ts';
import { tempDir } from '../validator/support.ts';
import { assertRoundTrip, RECORD_SESSION, recordId, sampleRecord } from './support/secret-record.ts';

const ID = recordId;
const SESSION = RECORD_SESSION;
const PASSPHRASE = 'correct horse battery staple';
const OTHER_PASSPHRASE = 'another passphrase, for the other browser';
const LOW = { N: 2 ** 10, r: 8, p: 1 };
const DB = 'dwallet-secret-shares';

const record = sampleRecord;

const passphrase = (value = PASSPHRASE): StoreKeySource => ({ kind: 'passphrase', passphrase: value, kdfCost: LOW });

/** A wallet-signature key over a keypair, counting the wallet's signatures. */
function wallet(keypair = new Ed25519Keypair()) {
  const signed: Uint8Array[] = [];
  const key: StoreKeySource = {
    kind: 'wallet-signature',
    address: keypair.toSuiAddress(),
    async signPersonalMessage(message: Uint8Array) {
      signed.push(message);
      return (await keypair.signPersonalMessage(message)).signature;
    },
  };
  return { keypair, key, signed };
}

function factory(): IndexedDbFactory {
  return new IDBFactory() as unknown as IndexedDbFactory;
}

function open(indexedDB: IndexedDbFactory, key: StoreKeySource = passphrase(), databaseName = DB): Promise<BrowserSecretShareStore> {
  return openBrowserSecretShareStore({ indexedDB, key, databaseName });
}

/** The raw texts of a database (the backend stores what it is given: a tampering tool for tests). */
async function raw<T>(indexedDB: IndexedDbFactory, use: (backend: IndexedDbRecordBackend) => Promise<T>, databaseName = DB): Promise<T> {
  const backend = await IndexedDbRecordBackend.open({ databaseName, indexedDB });
  try {
    return await use(backend);
  } finally {
    backend.close();
  }
}

/** Checks the code (and message pattern), and that neither the message nor the details show a passphrase. */
function rejectsWith(code: string, pattern?: RegExp) {
  return (error: unknown) => {
    const e = error as { code?: string; message: string; details?: unknown };
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    const shown = `${e.message} ${JSON.stringify(e.details ?? {})}`;
    for (const secret of [PASSPHRASE, OTHER_PASSPHRASE]) assert.ok(!shown.includes(secret), 'the passphrase is not shown');
    return true;
  };
}

/** The hex string with its byte at `index` XORed with 1. */
function flipHex(hex: string, index = Math.floor(hex.length / 4)): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[index] = (bytes[index] as number) ^ 1;
  return bytes.toString('hex');
}

describe('browser secret share store (IndexedDB)', () => {
  test('round trip: records, keys, delete; the share is sealed in IndexedDB', async () => {
    const idb = factory();
    const store = await open(idb);
    const { record: r } = await assertRoundTrip(store);
    store.close();
    const text = await raw(idb, (b) => b.read(ID('aa')));
    assert.ok(text !== undefined && !text.includes(r.secretShare.toString(16)) && !text.includes('secretShare'), 'the record is sealed');
    assert.deepEqual(Object.keys(JSON.parse(text)).sort(), [
      'cipher',
      'ciphertext',
      'iv',
      'kdf',
      'kdfParams',
      'keyCheck',
      'tag',
      'version',
    ]);
    const reopened = await open(idb);
    await reopened.delete(ID('aa'));
    assert.deepEqual(await reopened.keys(), [`session-${SESSION}`]);
    reopened.close();
  });

  test('persistence: a record survives close and reopen; a closed store refuses calls', async () => {
    const idb = factory();
    const r = record();
    const store = await open(idb);
    await store.put(ID('aa'), r);
    store.close();
    await assert.rejects(store.get(ID('aa')), rejectsWith('SECRET_STORE_UNAVAILABLE', /closed/));
    const again = await open(idb);
    assert.deepEqual(await again.get(ID('aa')), r);
    again.close();
    // Another database of the same factory is another store.
    const other = await open(idb, passphrase(), 'another-db');
    assert.deepEqual(await other.keys(), []);
    other.close();
  });

  test('a wrong passphrase is refused at open; so is a wallet for a passphrase store', async () => {
    const idb = factory();
    const store = await open(idb);
    await store.put(ID('aa'), record());
    store.close();
    await assert.rejects(open(idb, passphrase(OTHER_PASSPHRASE)), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /passphrase does not open/));
    await assert.rejects(open(idb, wallet().key), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /keyed by a passphrase/));
    // The refused opens closed their database: the right passphrase still opens it.
    const again = await open(idb);
    assert.equal((await again.keys()).length, 1);
    again.close();
  });

  test('bad options are refused: no key, bad passphrase, bad database name, bad factory, no IndexedDB', async () => {
    const idb = factory();
    await assert.rejects(openBrowserSecretShareStore(undefined as never), rejectsWith('INVALID_ARGUMENT'));
    await assert.rejects(openBrowserSecretShareStore({ indexedDB: idb } as never), rejectsWith('INVALID_ARGUMENT', /key source/));
    await assert.rejects(open(idb, { kind: 'pin', pin: '1234' } as never), rejectsWith('INVALID_ARGUMENT', /kind/));
    await assert.rejects(open(idb, passphrase('')), rejectsWith('INVALID_ARGUMENT', /passphrase/));
    await assert.rejects(
      open(idb, { kind: 'passphrase', passphrase: PASSPHRASE, kdfCost: { N: 1000, r: 8, p: 1 } }),
      rejectsWith('INVALID_ARGUMENT', /kdfCost/),
    );
    await assert.rejects(open(idb, { ...wallet().key, address: 'nope' }), rejectsWith('INVALID_ARGUMENT', /address/));
    await assert.rejects(open(idb, passphrase(), ''), rejectsWith('INVALID_ARGUMENT', /database name/));
    await assert.rejects(
      openBrowserSecretShareStore({ key: passphrase(), indexedDB: {} as never }),
      rejectsWith('INVALID_ARGUMENT', /IDBFactory/),
    );
    assert.equal((globalThis as { indexedDB?: unknown }).indexedDB, undefined);
    await assert.rejects(openBrowserSecretShareStore({ key: passphrase() }), rejectsWith('SECRET_STORE_UNAVAILABLE', /not available/));
  });

  test('a database that is not a secret share store is refused', async () => {
    const idb = factory();
    await new Promise<void>((resolve, reject) => {
      const request = idb.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('something-else');
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    await assert.rejects(open(idb), rejectsWith('SECRET_STORE_INVALID', /not a secret share store/));
  });

  test('a wallet-signature key: two signatures at open; node:crypto opens a record from the signature alone', async () => {
    const idb = factory();
    const w = wallet();
    const store = await open(idb, w.key);
    assert.equal(w.signed.length, 2, 'the wallet signs the message twice');
    for (const message of w.signed) assert.equal(new TextDecoder().decode(message), STORE_KEY_MESSAGE);
    const r = record();
    await store.put(ID('aa'), r);
    assert.equal(w.signed.length, 2, 'no further signature per record');
    store.close();

    const header = JSON.parse((await raw(idb, (b) => b.readHeader())) as string);
    assert.equal(header.kdf, 'wallet-signature');
    assert.deepEqual(Object.keys(header.kdfParams).sort(), ['address', 'salt']);
    assert.equal(header.kdfParams.address, w.keypair.toSuiAddress());
    const sealed = JSON.parse((await raw(idb, (b) => b.read(ID('aa')))) as string);
    // Independently: HKDF-SHA256(ikm = raw signature, salt = the store's salt, info) and AES-256-GCM.
    const signature = (await w.keypair.signPersonalMessage(new TextEncoder().encode(STORE_KEY_MESSAGE))).signature;
    const rawSignature = Buffer.from(signature, 'base64').subarray(1, 65);
    const salt = Buffer.from(header.kdfParams.salt, 'hex');
    const subKey = (info: string) => Buffer.from(hkdfSync('sha256', rawSignature, salt, info, 32));
    const aesKey = subKey(WALLET_KEY_INFO);
    const keyCheck = createHmac('sha256', subKey('dwallet/secret-store/wallet-key-check-key/v1')).update(KEY_CHECK_LABEL).digest('hex');
    assert.equal(header.keyCheck, keyCheck);
    const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(sealed.iv, 'hex'));
    decipher.setAAD(Buffer.from(`dwallet/secret-store/record/v1\n${ID('aa')}`));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'hex'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'hex')), decipher.final()]).toString('utf8');
    assert.equal(plaintext, encodeRecord(ID('aa'), r));

    // The same wallet opens it again; another account, or a passphrase, is refused naming the case.
    const again = await open(idb, wallet(w.keypair).key);
    assert.deepEqual(await again.get(ID('aa')), r);
    again.close();
    await assert.rejects(open(idb, wallet().key), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /wallet account .* not of/));
    await assert.rejects(open(idb, passphrase()), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /signature of wallet account/));
  });

  test('a wallet whose signatures change is SECRET_STORE_KEY_NOT_DETERMINISTIC; a signature of another account is refused', async () => {
    const keypair = new Ed25519Keypair();
    let n = 0;
    const randomised: StoreKeySource = {
      kind: 'wallet-signature',
      address: keypair.toSuiAddress(),
      // Valid signatures of the account, but over a different message each time: as a randomised signer's look.
      signPersonalMessage: async (message) => (await keypair.signPersonalMessage(new Uint8Array([...message, n++]))).signature,
    };
    await assert.rejects(open(factory(), randomised), rejectsWith('SECRET_STORE_KEY_NOT_DETERMINISTIC', /differently each time/));
    const other = new Ed25519Keypair();
    const impostor: StoreKeySource = {
      kind: 'wallet-signature',
      address: keypair.toSuiAddress(),
      signPersonalMessage: async (message) => (await other.signPersonalMessage(message)).signature,
    };
    await assert.rejects(open(factory(), impostor), rejectsWith('INVALID_ARGUMENT', /does not verify for account/));
    const garbage: StoreKeySource = {
      kind: 'wallet-signature',
      address: keypair.toSuiAddress(),
      signPersonalMessage: async () => 'not a signature',
    };
    await assert.rejects(open(factory(), garbage), rejectsWith('INVALID_ARGUMENT', /not a Sui serialized signature/));
    // A refusal in the wallet passes through, and the next open asks again.
    const idb = factory();
    let refuse = true;
    const flaky: StoreKeySource = {
      kind: 'wallet-signature',
      address: keypair.toSuiAddress(),
      signPersonalMessage: async (message) => {
        if (refuse) throw new Error('the user rejected the request');
        return (await keypair.signPersonalMessage(message)).signature;
      },
    };
    await assert.rejects(open(idb, flaky), /rejected/);
    refuse = false;
    (await open(idb, flaky)).close();
  });

  test('a tampered record, or one moved under another key, is SECRET_STORE_TAMPERED', async () => {
    const idb = factory();
    const store = await open(idb);
    await store.put(ID('aa'), record());
    await store.put(ID('dd'), record({ dwalletId: ID('dd') }));
    const text = (await raw(idb, (b) => b.read(ID('aa')))) as string;
    const sealed = JSON.parse(text);
    await raw(idb, (b) => b.write(ID('aa'), JSON.stringify({ ...sealed, ciphertext: flipHex(sealed.ciphertext) })));
    await assert.rejects(store.get(ID('aa')), rejectsWith('SECRET_STORE_TAMPERED', /fails authentication/));
    await raw(idb, (b) => b.write(ID('dd'), text));
    await assert.rejects(store.get(ID('dd')), rejectsWith('SECRET_STORE_TAMPERED', /another key's name/));
    await raw(idb, (b) => b.write(ID('dd'), JSON.stringify({ ...sealed, keyCheck: flipHex(sealed.keyCheck) })));
    await assert.rejects(store.get(ID('dd')), rejectsWith('SECRET_STORE_TAMPERED', /key-check value/));
    await raw(idb, (b) => b.write(ID('dd'), encodeRecord(ID('dd'), record({ dwalletId: ID('dd') }))));
    await assert.rejects(store.get(ID('dd')), rejectsWith('SECRET_STORE_TAMPERED', /plaintext/));
    await raw(idb, (b) => b.write(ID('dd'), '{"version":1'));
    await assert.rejects(store.get(ID('dd')), rejectsWith('SECRET_STORE_INVALID', /not JSON/));
    store.close();
  });

  test('two opens racing on a new database agree on one header', async () => {
    const idb = factory();
    const [a, b] = await Promise.all([open(idb), open(idb)]);
    const r = record();
    await a.put(ID('aa'), r);
    assert.deepEqual(await b.get(ID('aa')), r);
    a.close();
    b.close();
  });
});

describe('secret share backup files', () => {
  async function storeWith(records: Array<[string, SecretShareRecord]>, key: StoreKeySource = passphrase(), idb = factory(), db = DB) {
    const store = await open(idb, key, db);
    for (const [k, r] of records) await store.put(k, r);
    return store;
  }

  test('export keeps records sealed; import into another database with another passphrase; again: unchanged', async () => {
    const a = record();
    const b = record({ dwalletId: null, capId: null, state: 'pending' });
    const source = await storeWith([
      [ID('aa'), a],
      [pendingKey(SESSION), b],
    ]);
    const backup = await source.exportBackup();
    source.close();
    const json = JSON.parse(backup);
    assert.equal(json.format, 'dwallet-secret-shares-backup');
    assert.equal(json.version, 1);
    assert.deepEqual(Object.keys(json.records), [ID('aa'), `session-${SESSION}`]);
    assert.ok(!backup.includes(a.secretShare.toString(16)) && !backup.includes('secretShare'), 'records stay sealed');

    const idb = factory();
    const target = await open(idb, passphrase(OTHER_PASSPHRASE), 'other-db');
    await assert.rejects(target.importBackup(backup), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /of the backup file/));
    await assert.rejects(target.importBackup(backup, { passphrase: 'not it' }), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE'));
    assert.deepEqual(await target.keys(), [], 'nothing written');
    const report = await target.importBackup(backup, { passphrase: PASSPHRASE });
    assert.deepEqual(report, { imported: [ID('aa'), `session-${SESSION}`], unchanged: [], conflicts: [] });
    target.close();
    // Re-sealed under the target's own key: its passphrase opens them after a reopen.
    const reopened = await open(idb, passphrase(OTHER_PASSPHRASE), 'other-db');
    assert.deepEqual(await reopened.get(ID('aa')), a);
    assert.deepEqual(await reopened.get(pendingKey(SESSION)), b);
    const targetHeader = JSON.parse((await raw(idb, (x) => x.readHeader(), 'other-db')) as string);
    assert.notEqual(targetHeader.kdfParams.salt, json.header.kdfParams.salt);
    assert.deepEqual(await reopened.importBackup(backup, { passphrase: PASSPHRASE }), {
      imported: [],
      unchanged: [ID('aa'), `session-${SESSION}`],
      conflicts: [],
    });
    reopened.close();
  });

  test('a key held with another record is a conflict and is kept as it is', async () => {
    const mine = record();
    const theirs = record();
    const source = await storeWith([
      [ID('aa'), theirs],
      [ID('dd'), record({ dwalletId: ID('dd') })],
    ]);
    const backup = await source.exportBackup();
    source.close();
    const target = await storeWith([[ID('aa'), mine]], passphrase(), factory(), 'target');
    const report = await target.importBackup(backup);
    assert.deepEqual(report, { imported: [ID('dd')], unchanged: [], conflicts: [ID('aa')] });
    assert.deepEqual(await target.get(ID('aa')), mine);
    target.close();
  });

  test('a tampered record in the file fails the whole import: nothing written', async () => {
    const source = await storeWith([
      [ID('aa'), record()],
      [ID('dd'), record({ dwalletId: ID('dd') })],
    ]);
    const json = JSON.parse(await source.exportBackup());
    source.close();
    const sealed = JSON.parse(json.records[ID('dd')]);
    json.records[ID('dd')] = JSON.stringify({ ...sealed, tag: flipHex(sealed.tag, 3) });
    const target = await open(factory(), passphrase(), 'target');
    await assert.rejects(target.importBackup(JSON.stringify(json)), rejectsWith('SECRET_STORE_TAMPERED', /fails authentication/));
    assert.deepEqual(await target.keys(), []);
    // A record moved under another key in the file: its associated data no longer matches.
    const moved = { ...json, records: { [ID('ee')]: json.records[ID('aa')] } };
    await assert.rejects(target.importBackup(JSON.stringify(moved)), rejectsWith('SECRET_STORE_TAMPERED'));
    assert.deepEqual(await target.keys(), []);
    target.close();
  });

  test('bad backup files are refused, each kind with its reason', async () => {
    const source = await storeWith([[ID('aa'), record()]]);
    const good = JSON.parse(await source.exportBackup());
    const store = await open(factory(), passphrase(), 'target');
    const sealedText = good.records[ID('aa')] as string;
    const sealed = JSON.parse(sealedText);
    const cases: Array<[string, unknown, string, RegExp]> = [
      ['not text', 42, 'SECRET_STORE_INVALID', /not text/],
      ['not JSON', '{"format":', 'SECRET_STORE_INVALID', /not JSON/],
      ['not an object', '[1,2]', 'SECRET_STORE_INVALID', /not a JSON object/],
      ['an extra field', { ...good, note: 'x' }, 'SECRET_STORE_INVALID', /fields must be exactly/],
      ['a missing field', { format: good.format, version: 1, header: good.header }, 'SECRET_STORE_INVALID', /fields must be exactly/],
      ['another format', { ...good, format: 'something-else' }, 'SECRET_STORE_INVALID', /format is not/],
      ['another version', { ...good, version: 2 }, 'SECRET_STORE_INVALID', /version 2/],
      ['a header that is not an object', { ...good, header: 'x' }, 'SECRET_STORE_INVALID', /header is not an object/],
      ['a header of another kdf', { ...good, header: { ...good.header, kdf: 'argon2' } }, 'SECRET_STORE_INVALID', /kdf is not/],
      [
        'a header with scrypt parameters out of bounds',
        { ...good, header: { ...good.header, kdfParams: { ...good.header.kdfParams, N: 2 ** 30 } } },
        'SECRET_STORE_INVALID',
        /N must be/,
      ],
      ['records that are not an object', { ...good, records: [] }, 'SECRET_STORE_INVALID', /records is not an object/],
      ['a bad record key', { ...good, records: { 'not-a-key': sealedText } }, 'SECRET_STORE_INVALID', /record key/],
      ['a record that is not text', { ...good, records: { [ID('aa')]: sealed } }, 'SECRET_STORE_INVALID', /not a sealed record's text/],
      [
        'a plaintext record',
        { ...good, records: { [ID('aa')]: encodeRecord(ID('aa'), record()) } },
        'SECRET_STORE_INVALID',
        /fields must be exactly/,
      ],
      [
        'a record larger than any record',
        { ...good, records: { [ID('aa')]: ' '.repeat(4 * 1024 * 1024 + 1) } },
        'SECRET_STORE_INVALID',
        /larger than any record/,
      ],
      [
        'a record of another store',
        { ...good, records: { [ID('aa')]: JSON.stringify({ ...sealed, keyCheck: flipHex(sealed.keyCheck) }) } },
        'SECRET_STORE_TAMPERED',
        /key-check value/,
      ],
      [
        'too many records',
        {
          ...good,
          records: Object.fromEntries(
            Array.from({ length: MAX_BACKUP_RECORDS + 1 }, (_, i) => [`0x${i.toString(16).padStart(64, '0')}`, sealedText]),
          ),
        },
        'SECRET_STORE_INVALID',
        /records, more than/,
      ],
      ['a file larger than any backup', ' '.repeat(MAX_BACKUP_CHARS + 1), 'SECRET_STORE_INVALID', /more than any backup/],
    ];
    for (const [what, file, code, pattern] of cases) {
      const text = typeof file === 'string' || typeof file === 'number' ? file : JSON.stringify(file);
      await assert.rejects(store.importBackup(text as string), rejectsWith(code, pattern), what);
    }
    assert.deepEqual(await store.keys(), [], 'nothing written');
    // The good file imports.
    assert.deepEqual((await store.importBackup(JSON.stringify(good))).imported, [ID('aa')]);
    source.close();
    store.close();
  });

  test('wallet-keyed backups: the same wallet imports them; a passphrase store cannot; a passphrase backup into a wallet store needs its passphrase', async () => {
    const w = wallet();
    const r = record();
    const walletStore = await storeWith([[ID('aa'), r]], w.key);
    const walletBackup = await walletStore.exportBackup();
    assert.equal(JSON.parse(walletBackup).header.kdf, 'wallet-signature');

    const sameWallet = await open(factory(), wallet(w.keypair).key, 'second-browser');
    assert.deepEqual(await sameWallet.importBackup(walletBackup), { imported: [ID('aa')], unchanged: [], conflicts: [] });
    assert.deepEqual(await sameWallet.get(ID('aa')), r);
    const otherWallet = await open(factory(), wallet().key, 'other-wallet');
    await assert.rejects(otherWallet.importBackup(walletBackup), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /wallet account/));
    const passphraseStore = await open(factory(), passphrase(), 'passphrase-store');
    await assert.rejects(
      passphraseStore.importBackup(walletBackup),
      rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /signature of wallet account/),
    );

    const passphraseBackup = await (await storeWith([[ID('dd'), record({ dwalletId: ID('dd') })]])).exportBackup();
    await assert.rejects(walletStore.importBackup(passphraseBackup), rejectsWith('INVALID_ARGUMENT', /options.passphrase/));
    assert.deepEqual((await walletStore.importBackup(passphraseBackup, { passphrase: PASSPHRASE })).imported, [ID('dd')]);
    for (const s of [walletStore, sameWallet, otherWallet, passphraseStore]) s.close();
  });
});

describe('the same format on files (Node) and in IndexedDB', () => {
  const root = tempDir('browser-secret-store');
  let n = 0;
  const fresh = () => join(root, `store-${n++}`);
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a file store folder exports a backup that a browser store imports, and back', async () => {
    const dir = fresh();
    const r = record();
    await new EncryptedFileSecretShareStore(dir, { passphrase: PASSPHRASE, kdfCost: LOW }).put(ID('aa'), r);
    const overFiles = new EncryptedSecretShareStore(new FileRecordBackend(dir), passphrase());
    assert.deepEqual(await overFiles.get(ID('aa')), r);
    const backup = await overFiles.exportBackup();

    const browser = await open(factory(), passphrase(OTHER_PASSPHRASE));
    assert.deepEqual((await browser.importBackup(backup, { passphrase: PASSPHRASE })).imported, [ID('aa')]);
    const p = record({ dwalletId: ID('dd') });
    await browser.put(ID('dd'), p);
    const back = await browser.exportBackup();
    browser.close();

    const target = fresh();
    const intoFiles = new EncryptedSecretShareStore(new FileRecordBackend(target), passphrase());
    assert.deepEqual(await intoFiles.importBackup(back, { passphrase: OTHER_PASSPHRASE }), {
      imported: [ID('aa'), ID('dd')],
      unchanged: [],
      conflicts: [],
    });
    const files = new EncryptedFileSecretShareStore(target, { passphrase: PASSPHRASE, kdfCost: LOW });
    assert.deepEqual(await files.get(ID('aa')), r);
    assert.deepEqual(await files.get(ID('dd')), p);
  });

  test('a folder of plaintext records is not made encrypted; a wallet-keyed folder refuses a passphrase', async () => {
    const plain = fresh();
    await new FileSecretShareStore(plain).put(ID('aa'), record());
    await assert.rejects(
      new EncryptedSecretShareStore(new FileRecordBackend(plain), passphrase()).unlock(),
      rejectsWith('SECRET_STORE_NOT_ENCRYPTED'),
    );
    assert.equal((await new FileSecretShareStore(plain).keys()).length, 1, 'still a plaintext folder');

    const walletDir = fresh();
    await new EncryptedSecretShareStore(new FileRecordBackend(walletDir), wallet().key).put(ID('aa'), record());
    const files = new EncryptedFileSecretShareStore(walletDir, { passphrase: PASSPHRASE, kdfCost: LOW });
    await assert.rejects(files.get(ID('aa')), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE', /signature of wallet account/));
  });
});

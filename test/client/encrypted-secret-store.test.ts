/**
 * The secret share store encrypted at rest (client/encrypted-secret-store.ts,
 * client/secret-store-encryption.ts), on real files:
 *
 * - a round trip, one scrypt per store however many records, and a record file that node:crypto
 *   (an independent scrypt, HKDF, HMAC and AES-256-GCM) opens to exactly the plaintext record;
 * - a wrong passphrase is SECRET_STORE_WRONG_PASSPHRASE; one flipped byte in the ciphertext, IV,
 *   tag, salt or key-check value (of a record or of the header), or a file under another key's
 *   name, is refused with the code that says what happened;
 * - scrypt parameters out of bounds, in a record or the header, are refused before scrypt runs;
 * - plaintext and encrypted folders are never mixed up, and `encryptSecretShareStore` converts a
 *   folder in place (checking everything first), resumes an interrupted run, and leaves no
 *   plaintext file behind;
 * - no error carries the passphrase.
 * Tests use a low scrypt cost (N = 2^10) through `kdfCost`, except where the default is the point.
 */
import assert from 'node:assert/strict';
import { createDecipheriv, createHmac, hkdfSync, scryptSync } from 'node:crypto';
import { chmodSync, copyFileSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EncryptedFileSecretShareStore, encryptSecretShareStore, openSecretShareStore } from '../../client/encrypted-secret-store.ts';
import { FileSecretShareStore } from '../../client/file-secret-store.ts';
import { encodeRecord, pendingKey, SECRET_STORE_HEADER_FILE, type SecretShareRecord } from '../../client/secret-store.ts';
import { DEFAULT_SCRYPT_COST, KEY_CHECK_LABEL, SCRYPT_LIMITS } from '../../client/secret-store-encryption.ts';
import { tempDir } from '../validator/support.ts';
import { assertRoundTrip, RECORD_SESSION, recordId, sampleRecord } from './support/secret-record.ts';

const ID = recordId;
const SESSION = RECORD_SESSION;
const PASSPHRASE = 'correct horse battery staple';
const LOW = { N: 2 ** 10, r: 8, p: 1 };

const record = sampleRecord;

/** Checks the code, and that neither the message nor the details show the passphrase. */
function rejectsWith(code: string, pattern?: RegExp) {
  return (error: unknown) => {
    const e = error as { code?: string; message?: string; details?: unknown };
    assert.equal(e.code, code, String(error));
    if (pattern) assert.match(String(e.message), pattern);
    assert.ok(!`${e.message}${JSON.stringify(e.details)}`.includes(PASSPHRASE.slice(0, 8)), 'the passphrase is in the error');
    return true;
  };
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value), { mode: 0o600 });
}

/** The hex string with its byte at `index` (default: the middle) XORed with 1. */
function flipHex(hex: string, index = Math.floor(hex.length / 4)): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[index] = (bytes[index] as number) ^ 1;
  return bytes.toString('hex');
}

describe('encrypted secret share store', () => {
  let root: string;
  let n = 0;
  const fresh = () => join(root, `store-${n++}`);
  const open = (dir: string, passphrase = PASSPHRASE) => new EncryptedFileSecretShareStore(dir, { passphrase, kdfCost: LOW });
  before(() => {
    root = tempDir('encrypted-secrets');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('round trip: records, keys, delete; folder 0700, files 0600; the share is not in the file', async () => {
    const dir = fresh();
    const store = open(dir);
    const { record: r, pending } = await assertRoundTrip(store);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const name of readdirSync(dir)) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    assert.deepEqual(readdirSync(dir).sort(), [`${ID('aa')}.json`, SECRET_STORE_HEADER_FILE, `session-${SESSION}.json`].sort());
    const file = readFileSync(join(dir, `${ID('aa')}.json`), 'utf8');
    assert.ok(!file.includes(r.secretShare.toString(16)) && !file.includes('secretShare'), 'the record is sealed');
    await store.delete(ID('aa'));
    assert.deepEqual(await store.keys(), [`session-${SESSION}`]);
    // Another instance with the same passphrase reads what this one wrote.
    assert.deepEqual(await open(dir).get(pendingKey(SESSION)), pending);
  });

  test('node:crypto (scrypt, HKDF, HMAC, AES-256-GCM) opens a record file to exactly its plaintext record', async () => {
    const dir = fresh();
    const r = record();
    await open(dir).put(ID('aa'), r);
    const header = readJson(join(dir, SECRET_STORE_HEADER_FILE));
    const sealed = readJson(join(dir, `${ID('aa')}.json`));
    const kdf = sealed.kdfParams as { N: number; r: number; p: number; salt: string };
    assert.deepEqual(kdf, header.kdfParams);
    const master = scryptSync(PASSPHRASE.normalize('NFC'), Buffer.from(kdf.salt, 'hex'), 32, {
      N: kdf.N,
      r: kdf.r,
      p: kdf.p,
      maxmem: 64 * 1024 * 1024,
    });
    const subKey = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
    const keyCheck = createHmac('sha256', subKey('dwallet/secret-store/key-check-key/v1')).update(KEY_CHECK_LABEL).digest('hex');
    assert.equal(header.keyCheck, keyCheck);
    assert.equal(sealed.keyCheck, keyCheck);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      subKey('dwallet/secret-store/aes-256-gcm-key/v1'),
      Buffer.from(sealed.iv as string, 'hex'),
    );
    decipher.setAAD(Buffer.from(`dwallet/secret-store/record/v1\n${ID('aa')}`));
    decipher.setAuthTag(Buffer.from(sealed.tag as string, 'hex'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext as string, 'hex')), decipher.final()]).toString('utf8');
    assert.equal(plaintext, encodeRecord(ID('aa'), r));
    // A fresh IV per write: the same record written twice is sealed differently.
    await open(dir).put(ID('aa'), r);
    assert.notEqual(readJson(join(dir, `${ID('aa')}.json`)).iv, sealed.iv);
  });

  test('scrypt runs once per store: ten records written, then read by a new store, one derivation each', async () => {
    const dir = fresh();
    const writer = open(dir);
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'aa'].map(ID);
    await Promise.all(ids.map((id) => writer.put(id, record({ dwalletId: id }))));
    assert.equal(writer.kdfRuns, 1);
    const reader = open(dir);
    assert.equal(reader.kdfRuns, 0, 'nothing derived before it is needed');
    for (const id of await reader.keys()) assert.equal((await reader.get(id))?.dwalletId, id);
    assert.equal(reader.kdfRuns, 1);
  });

  test('the default cost is N = 2^17, r = 8, p = 1, written in the header', async () => {
    const dir = fresh();
    await new EncryptedFileSecretShareStore(dir, { passphrase: PASSPHRASE }).put(ID('aa'), record());
    const { N, r, p, salt } = readJson(join(dir, SECRET_STORE_HEADER_FILE)).kdfParams as Record<string, unknown>;
    assert.deepEqual({ N, r, p }, { ...DEFAULT_SCRYPT_COST });
    assert.equal((salt as string).length, 64);
  });

  test('a wrong passphrase is SECRET_STORE_WRONG_PASSPHRASE, for reads, writes and unlock(), and writes nothing', async () => {
    const dir = fresh();
    await open(dir).put(ID('aa'), record());
    const before = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
    const wrong = open(dir, 'Correct horse battery staple');
    await assert.rejects(wrong.get(ID('aa')), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE'));
    await assert.rejects(wrong.put(ID('ab'), record({ dwalletId: ID('ab') })), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE'));
    await assert.rejects(wrong.unlock(), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE'));
    assert.deepEqual(
      readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')),
      before,
    );
    await open(dir).unlock();
  });

  test('the passphrase is compared in Unicode NFC: é composed and decomposed open the same store', async () => {
    const dir = fresh();
    await open(dir, 'caf\u00e9').put(ID('aa'), record());
    assert.equal((await open(dir, 'cafe\u0301').get(ID('aa')))?.dwalletId, ID('aa'));
  });

  describe('one flipped byte is refused with the code that says what happened', () => {
    let dir: string;
    let path: string;
    let headerPath: string;
    let sealedText: string;
    let headerText: string;
    before(async () => {
      dir = fresh();
      await open(dir).put(ID('aa'), record());
      path = join(dir, `${ID('aa')}.json`);
      headerPath = join(dir, SECRET_STORE_HEADER_FILE);
      sealedText = readFileSync(path, 'utf8');
      headerText = readFileSync(headerPath, 'utf8');
    });
    const restore = () => {
      writeFileSync(path, sealedText, { mode: 0o600 });
      writeFileSync(headerPath, headerText, { mode: 0o600 });
    };
    // [what, which file, the field's path in it, its new value from the old one]
    const flip = (index?: number) => (hex: unknown) => flipHex(hex as string, index);
    const cases: [string, 'record' | 'header', string[], (value: unknown) => unknown][] = [
      ['ciphertext', 'record', ['ciphertext'], flip()],
      ['IV', 'record', ['iv'], flip(0)],
      ['tag', 'record', ['tag'], flip(15)],
      ['salt (record)', 'record', ['kdfParams', 'salt'], flip()],
      ['key-check (record)', 'record', ['keyCheck'], flip()],
      ['key-check (header)', 'header', ['keyCheck'], flip()],
      ['salt (header)', 'header', ['kdfParams', 'salt'], flip()],
      ['N (record, within bounds)', 'record', ['kdfParams', 'N'], () => 2 ** 11],
    ];
    for (const [name, which, field, change] of cases) {
      test(name, async () => {
        const sealed = JSON.parse(sealedText) as Record<string, unknown>;
        const header = JSON.parse(headerText) as Record<string, unknown>;
        let target = which === 'record' ? sealed : header;
        for (const step of field.slice(0, -1)) target = target[step] as Record<string, unknown>;
        const last = field.at(-1) as string;
        target[last] = change(target[last]);
        writeJson(path, sealed);
        writeJson(headerPath, header);
        try {
          await assert.rejects(open(dir).get(ID('aa')), rejectsWith('SECRET_STORE_TAMPERED'));
        } finally {
          restore();
        }
        assert.equal((await open(dir).get(ID('aa')))?.dwalletId, ID('aa'), 'the unmodified files still open');
      });
    }
    test('under a wrong passphrase too, a modified key-check value is TAMPERED, not WRONG_PASSPHRASE', async () => {
      await assert.rejects(open(dir, 'wrong').get(ID('aa')), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE'));
      const sealed = JSON.parse(sealedText) as Record<string, unknown>;
      writeJson(path, { ...sealed, keyCheck: flipHex(sealed.keyCheck as string) });
      try {
        await assert.rejects(open(dir, 'wrong').get(ID('aa')), rejectsWith('SECRET_STORE_TAMPERED'));
      } finally {
        restore();
      }
    });
  });

  test('a file renamed to another key, or two files swapped, fails authentication (the key is bound to the ciphertext)', async () => {
    const dir = fresh();
    const store = open(dir);
    await store.put(ID('aa'), record({ dwalletId: ID('aa') }));
    await store.put(ID('ab'), record({ dwalletId: ID('ab') }));
    copyFileSync(join(dir, `${ID('aa')}.json`), join(dir, `${ID('ac')}.json`));
    await assert.rejects(store.get(ID('ac')), rejectsWith('SECRET_STORE_TAMPERED', /authentication/));
    renameSync(join(dir, `${ID('aa')}.json`), join(dir, 'swap'));
    renameSync(join(dir, `${ID('ab')}.json`), join(dir, `${ID('aa')}.json`));
    renameSync(join(dir, 'swap'), join(dir, `${ID('ab')}.json`));
    await assert.rejects(store.get(ID('aa')), rejectsWith('SECRET_STORE_TAMPERED'));
    await assert.rejects(store.get(ID('ab')), rejectsWith('SECRET_STORE_TAMPERED'));
  });

  test('scrypt parameters out of bounds, in a record or in the header, are refused before scrypt runs', async () => {
    const dir = fresh();
    await open(dir).put(ID('aa'), record());
    const path = join(dir, `${ID('aa')}.json`);
    const headerPath = join(dir, SECRET_STORE_HEADER_FILE);
    const sealed = readJson(path);
    const header = readJson(headerPath);
    const kdf = sealed.kdfParams as Record<string, unknown>;
    const bad: [string, Record<string, unknown>][] = [
      // 1 GiB and about 12 s of scrypt if it ran: the elapsed time below shows it did not.
      ['memory above the bound', { ...kdf, N: 2 ** 20, r: 8 }],
      ['N above 2^20', { ...kdf, N: 2 ** 21, r: 1 }],
      ['N below 2^10', { ...kdf, N: 2 ** 9 }],
      ['N not a power of two', { ...kdf, N: 3000 }],
      ['N a string', { ...kdf, N: '1024' }],
      ['r = 0', { ...kdf, r: 0 }],
      ['r above 32', { ...kdf, r: 33 }],
      ['p = 0', { ...kdf, p: 0 }],
      ['p above 16', { ...kdf, p: 17 }],
      ['p fractional', { ...kdf, p: 1.5 }],
      ['work N·r·p above the bound', { ...kdf, N: 2 ** 18, r: 8, p: 16 }],
      ['a salt of 8 bytes', { ...kdf, salt: 'ab'.repeat(8) }],
      ['a salt of 65 bytes', { ...kdf, salt: 'ab'.repeat(65) }],
      ['an extra parameter', { ...kdf, maxmem: 1 }],
    ];
    for (const [name, params] of bad) {
      for (const [file, json] of [
        [path, sealed],
        [headerPath, header],
      ] as const) {
        writeJson(file, { ...json, kdfParams: params });
        const started = performance.now();
        await assert.rejects(open(dir).get(ID('aa')), rejectsWith('SECRET_STORE_INVALID', /kdfParams/), `${name} in ${file}`);
        assert.ok(performance.now() - started < 2_000, `${name} in ${file}: refused at once`);
        writeJson(file, json);
      }
    }
    assert.equal((await open(dir).get(ID('aa')))?.dwalletId, ID('aa'));
    assert.equal(SCRYPT_LIMITS.maxMemoryBytes, 256 * 1024 * 1024);
  });

  test('malformed sealed records and headers are SECRET_STORE_INVALID, naming the field', async () => {
    const dir = fresh();
    await open(dir).put(ID('aa'), record());
    const path = join(dir, `${ID('aa')}.json`);
    const headerPath = join(dir, SECRET_STORE_HEADER_FILE);
    const sealed = readJson(path);
    const header = readJson(headerPath);
    const cases: [string, string, unknown, RegExp][] = [
      ['truncated record', path, readFileSync(path, 'utf8').slice(0, 100), /not JSON/],
      ['record: another version', path, { ...sealed, version: 2 }, /version/],
      ['record: another cipher', path, { ...sealed, cipher: 'aes-128-gcm' }, /cipher/],
      ['record: another kdf', path, { ...sealed, kdf: 'argon2id' }, /kdf/],
      ['record: an extra field', path, { ...sealed, note: 'x' }, /fields/],
      ['record: an IV of 16 bytes', path, { ...sealed, iv: 'ab'.repeat(16) }, /iv: 16 bytes/],
      ['record: a tag of 12 bytes', path, { ...sealed, tag: 'ab'.repeat(12) }, /tag: 12 bytes/],
      [
        'record: uppercase hex',
        path,
        { ...sealed, ciphertext: (sealed.ciphertext as string).toUpperCase() },
        /ciphertext: not lowercase hex/,
      ],
      ['record: an empty ciphertext', path, { ...sealed, ciphertext: '' }, /ciphertext: 0 bytes/],
      ['header: not encrypted', headerPath, { ...header, encrypted: false }, /encrypted/],
      ['header: a short key-check', headerPath, { ...header, keyCheck: 'ab' }, /keyCheck: 1 bytes/],
      ['header: an array', headerPath, [header], /not a JSON object/],
    ];
    for (const [name, file, content, pattern] of cases) {
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
      await assert.rejects(open(dir).get(ID('aa')), rejectsWith('SECRET_STORE_INVALID', pattern), name);
      writeJson(path, sealed);
      writeJson(headerPath, header);
    }
    chmodSync(path, 0o644);
    await assert.rejects(open(dir).get(ID('aa')), rejectsWith('SECRET_STORE_INVALID', /readable by others/));
    chmodSync(path, 0o600);
    writeFileSync(path, 'x'.repeat(4 * 1024 * 1024 + 1), { mode: 0o600 });
    await assert.rejects(open(dir).get(ID('aa')), rejectsWith('SECRET_STORE_INVALID', /more than any record/));
  });

  test('bad options: an empty or non-string passphrase, a cost out of bounds (INVALID_ARGUMENT)', () => {
    const dir = fresh();
    for (const passphrase of ['', undefined, 42, 'x'.repeat(1025)]) {
      assert.throws(() => new EncryptedFileSecretShareStore(dir, { passphrase: passphrase as string }), rejectsWith('INVALID_ARGUMENT'));
    }
    for (const kdfCost of [
      { N: 2 ** 9, r: 8, p: 1 },
      { N: 2 ** 17, r: 8, p: 64 },
      { N: 1000, r: 8, p: 1 },
    ]) {
      assert.throws(
        () => new EncryptedFileSecretShareStore(dir, { passphrase: PASSPHRASE, kdfCost }),
        rejectsWith('INVALID_ARGUMENT', /kdfCost/),
      );
    }
  });

  test('plaintext and encrypted folders are not mixed up', async () => {
    const encrypted = fresh();
    await open(encrypted).put(ID('aa'), record());
    const plaintext = fresh();
    await new FileSecretShareStore(plaintext).put(ID('aa'), record());

    await assert.rejects(openSecretShareStore(encrypted), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED', /is encrypted/));
    const plain = new FileSecretShareStore(encrypted);
    await assert.rejects(plain.get(ID('aa')), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED'));
    await assert.rejects(plain.put(ID('ab'), record({ dwalletId: ID('ab') })), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED'));
    await assert.rejects(plain.keys(), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED'));
    await assert.rejects(plain.delete(ID('aa')), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED'));

    await assert.rejects(
      openSecretShareStore(plaintext, { passphrase: PASSPHRASE }),
      rejectsWith('SECRET_STORE_NOT_ENCRYPTED', /plaintext/),
    );
    const sealedStore = open(plaintext);
    await assert.rejects(sealedStore.get(ID('aa')), rejectsWith('SECRET_STORE_NOT_ENCRYPTED'));
    await assert.rejects(sealedStore.put(ID('ab'), record({ dwalletId: ID('ab') })), rejectsWith('SECRET_STORE_NOT_ENCRYPTED'));
    await assert.rejects(sealedStore.keys(), rejectsWith('SECRET_STORE_NOT_ENCRYPTED'));
    assert.deepEqual(readdirSync(plaintext), [`${ID('aa')}.json`], 'no header, no sealed record was written');

    // The factory gives each folder its store; a new folder becomes what is asked.
    assert.ok((await openSecretShareStore(plaintext)) instanceof FileSecretShareStore);
    assert.ok((await openSecretShareStore(encrypted, { passphrase: PASSPHRASE })) instanceof EncryptedFileSecretShareStore);
    const created = fresh();
    const store = await openSecretShareStore(created, { passphrase: PASSPHRASE, kdfCost: LOW });
    assert.deepEqual(await store.keys(), []);
    await store.put(ID('aa'), record());
    await assert.rejects(openSecretShareStore(created), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED'));

    // A plaintext record put into an encrypted folder is refused, not read.
    writeFileSync(join(encrypted, `${ID('ab')}.json`), encodeRecord(ID('ab'), record({ dwalletId: ID('ab') })), { mode: 0o600 });
    await assert.rejects(open(encrypted).get(ID('ab')), rejectsWith('SECRET_STORE_TAMPERED', /plaintext record in an encrypted store/));
  });

  test('two stores creating the same folder at once agree on one header', async () => {
    const dir = fresh();
    const [a, b] = [open(dir), open(dir)];
    await Promise.all([a.put(ID('aa'), record({ dwalletId: ID('aa') })), b.put(ID('ab'), record({ dwalletId: ID('ab') }))]);
    const reader = open(dir);
    assert.equal((await reader.get(ID('aa')))?.dwalletId, ID('aa'));
    assert.equal((await reader.get(ID('ab')))?.dwalletId, ID('ab'));
    assert.deepEqual(readdirSync(dir).sort(), [`${ID('aa')}.json`, `${ID('ab')}.json`, SECRET_STORE_HEADER_FILE].sort());
  });

  describe('encryptSecretShareStore', () => {
    test('converts a plaintext folder in place: the plaintext files are gone, the records read back the same', async () => {
      const dir = fresh();
      const plain = new FileSecretShareStore(dir);
      const records = new Map<string, SecretShareRecord>([
        [ID('aa'), record({ dwalletId: ID('aa') })],
        [ID('ab'), record({ dwalletId: ID('ab'), curve: 'secp256k1', algorithm: 'taproot' })],
        [pendingKey(SESSION), record({ dwalletId: null, capId: null, state: 'pending' })],
      ]);
      for (const [key, r] of records) await plain.put(key, r);
      const report = await encryptSecretShareStore(dir, PASSPHRASE, { kdfCost: LOW });
      assert.deepEqual(report, { encrypted: [...records.keys()].sort(), alreadyEncrypted: [] });
      assert.deepEqual(readdirSync(dir).sort(), [...[...records.keys()].map((k) => `${k}.json`), SECRET_STORE_HEADER_FILE].sort());
      for (const name of readdirSync(dir)) {
        const text = readFileSync(join(dir, name), 'utf8');
        assert.ok(!text.includes('secretShare'), `${name} is sealed`);
        for (const r of records.values()) assert.ok(!text.includes(r.secretShare.toString(16)), `${name} holds no share`);
      }
      const store = await openSecretShareStore(dir, { passphrase: PASSPHRASE });
      for (const [key, r] of records) assert.deepEqual(await store.get(key), r);
      await assert.rejects(openSecretShareStore(dir), rejectsWith('SECRET_STORE_PASSPHRASE_REQUIRED'));
      // Again: nothing to do; with a wrong passphrase: refused, nothing changed.
      assert.deepEqual(await encryptSecretShareStore(dir, PASSPHRASE), { encrypted: [], alreadyEncrypted: [...records.keys()].sort() });
      const files = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
      await assert.rejects(encryptSecretShareStore(dir, 'wrong'), rejectsWith('SECRET_STORE_WRONG_PASSPHRASE'));
      assert.deepEqual(
        readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')),
        files,
      );
    });

    test('a corrupt plaintext record stops it before anything changes', async () => {
      const dir = fresh();
      const plain = new FileSecretShareStore(dir);
      await plain.put(ID('aa'), record({ dwalletId: ID('aa') }));
      await plain.put(ID('ab'), record({ dwalletId: ID('ab') }));
      const path = join(dir, `${ID('ab')}.json`);
      writeFileSync(path, readFileSync(path, 'utf8').replace('"active"', '"pending"'), { mode: 0o600 });
      const files = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
      await assert.rejects(encryptSecretShareStore(dir, PASSPHRASE, { kdfCost: LOW }), rejectsWith('SECRET_STORE_INVALID', /checksum/));
      assert.deepEqual(
        readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')),
        files,
      );
    });

    test('resumes an interrupted run (a plaintext record left in an encrypted folder)', async () => {
      const dir = fresh();
      await open(dir).put(ID('aa'), record({ dwalletId: ID('aa') }));
      const left = record({ dwalletId: ID('ab') });
      writeFileSync(join(dir, `${ID('ab')}.json`), encodeRecord(ID('ab'), left), { mode: 0o600 });
      assert.deepEqual(await encryptSecretShareStore(dir, PASSPHRASE), { encrypted: [ID('ab')], alreadyEncrypted: [ID('aa')] });
      assert.deepEqual(await open(dir).get(ID('ab')), left);
    });

    test('refuses an empty passphrase, and a sealed-looking file in a folder without header', async () => {
      const dir = fresh();
      await assert.rejects(encryptSecretShareStore(dir, ''), rejectsWith('INVALID_ARGUMENT'));
      const source = fresh();
      await open(source).put(ID('aa'), record());
      await new FileSecretShareStore(dir).put(ID('ab'), record({ dwalletId: ID('ab') }));
      copyFileSync(join(source, `${ID('aa')}.json`), join(dir, `${ID('aa')}.json`));
      await assert.rejects(
        encryptSecretShareStore(dir, PASSPHRASE, { kdfCost: LOW }),
        rejectsWith('SECRET_STORE_INVALID', /no store header/),
      );
      assert.ok(!readdirSync(dir).includes(SECRET_STORE_HEADER_FILE));
    });
  });
});

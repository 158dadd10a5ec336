/**
 * The secret share store encrypted at rest with a passphrase, and the choice between it and the
 * plaintext store.
 *
 * `EncryptedFileSecretShareStore(dir, { passphrase })` keeps the files of `FileSecretShareStore`
 * (client/secret-record-files.ts: one `<key>.json` per record, 0600, written atomically, the same
 * keys), each holding a sealed record instead of the plaintext one, and a header `store.json`
 * that marks the folder as encrypted and holds its one salt, its scrypt cost and the key-check
 * value of its passphrase (client/secret-store-encryption.ts says how records are sealed and
 * why). The header is created with the store's first record — exclusively, so that two
 * processes creating the same store at once agree on one salt. A store runs scrypt once per salt
 * (a folder has one), on first use, and keeps the derived keys; `kdfRuns` counts the runs.
 *
 * Errors: SECRET_STORE_WRONG_PASSPHRASE (the key-check value differs from the header's),
 * SECRET_STORE_TAMPERED (a record that fails authentication, is filed under another key's name,
 * or is plaintext in an encrypted folder), SECRET_STORE_INVALID (a file that is not a sealed
 * record or header, or whose scrypt parameters are out of bounds — refused before scrypt runs),
 * SECRET_STORE_NOT_ENCRYPTED (a passphrase for a folder of plaintext records: encrypt it first).
 * A plaintext store refuses an encrypted folder (SECRET_STORE_PASSPHRASE_REQUIRED).
 *
 * Only the records' content is encrypted: their file names (dWallet ids and creation session ids,
 * public on chain anyway) and their number are not.
 *
 * {@link encryptSecretShareStore} encrypts a folder of plaintext records in place: every record is
 * read and checked first (nothing changes if one is corrupt), then each file is replaced
 * atomically by its sealed record; an interrupted run is resumed by running it again. The
 * plaintext is gone from the folder, not necessarily from the disk: a file system may keep old
 * blocks, and backups or snapshots keep old files.
 *
 * The passphrase is held in a private field for the store's life and never logged or put in an
 * error; JavaScript cannot erase a string from memory.
 * @module
 */
import { createPrivateFile } from '../runtime/private-file.ts';
import { ClientError, ClientErrorCodes } from './errors.ts';
import { FileSecretShareStore } from './file-secret-store.ts';
import { SecretRecordFiles } from './secret-record-files.ts';
import { decodeRecord, encodeRecord, type SecretShareRecord, type SecretShareStore } from './secret-store.ts';
import {
  assertRecordOfStore,
  encodeStoreHeader,
  isPlaintextRecord,
  openSealedRecord,
  parseSealedRecord,
  parseStoreHeader,
  type ScryptCost,
  type StoreHeader,
  type StoreKeys,
  sealRecord,
  tampered,
} from './secret-store-encryption.ts';
import { StoreKeyring } from './secret-store-key-source.ts';
import { assertStoreKey, passphraseRequired, storeInvalid } from './secret-store-keys.ts';

export interface SecretStoreOptions {
  /** Encrypts the store's records; required for an encrypted folder, refused for a folder of plaintext records. */
  readonly passphrase?: string;
  /** scrypt's cost for a new encrypted store (default N = 2^17, r = 8, p = 1; lower only in tests). */
  readonly kdfCost?: ScryptCost;
}

export interface EncryptedStoreOptions {
  readonly passphrase: string;
  readonly kdfCost?: ScryptCost;
}

/** What {@link encryptSecretShareStore} did, by record key. */
export interface StoreEncryptionReport {
  /** Plaintext records it encrypted. */
  readonly encrypted: string[];
  /** Records that were sealed already (a folder encrypted before, or a resumed run). */
  readonly alreadyEncrypted: string[];
}

/** The folder's header; undefined when it has none (a plaintext or new folder). SECRET_STORE_INVALID when it is not one. */
function readHeader(files: SecretRecordFiles): StoreHeader | undefined {
  const text = files.readHeaderText();
  return text === undefined ? undefined : parseStoreHeader(files.headerPath, text);
}

function headerInvalid(files: SecretRecordFiles, why: string): ClientError {
  return new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `secret store header ${files.headerPath}: ${why}`, {
    file: files.headerPath,
  });
}

function notEncrypted(dir: string): ClientError {
  return new ClientError(
    ClientErrorCodes.SECRET_STORE_NOT_ENCRYPTED,
    `the secret store ${dir} holds plaintext records: encrypt it first (encryptSecretShareStore), or open it without a passphrase`,
    { dir },
  );
}

/** A {@link SecretShareStore} of sealed records in `dir`, under a passphrase. */
export class EncryptedFileSecretShareStore implements SecretShareStore {
  readonly dir: string;
  readonly #files: SecretRecordFiles;
  /** The passphrase's keys: one scrypt per salt for the store's life. */
  readonly #keyring: StoreKeyring;
  #header: StoreHeader | undefined;
  #creating: Promise<StoreHeader> | undefined;

  constructor(dir: string, options: EncryptedStoreOptions) {
    this.#files = new SecretRecordFiles(dir);
    this.dir = dir;
    // The keyring checks the passphrase and the cost (INVALID_ARGUMENT, the passphrase never echoed).
    this.#keyring = new StoreKeyring({ kind: 'passphrase', passphrase: options?.passphrase, kdfCost: options?.kdfCost });
  }

  /** How many times this store ran scrypt (one per salt: a store with many records still runs it once). */
  get kdfRuns(): number {
    return this.#keyring.derivations;
  }

  /**
   * Checks the passphrase now rather than at the first record (runs scrypt if it has not run):
   * WRONG_PASSPHRASE, or NOT_ENCRYPTED for a folder of plaintext records. A new folder stays as it is.
   */
  async unlock(): Promise<void> {
    const header = this.#readHeader();
    if (header !== undefined) await this.#unlocked(header);
  }

  async put(key: string, record: SecretShareRecord): Promise<void> {
    assertStoreKey(key);
    const text = encodeRecord(key, record);
    const header = this.#readHeader() ?? (await this.#createHeader());
    const keys = await this.#unlocked(header);
    this.#files.write(key, await sealRecord(header, keys, key, text));
  }

  async get(key: string): Promise<SecretShareRecord | undefined> {
    assertStoreKey(key);
    const header = this.#readHeader();
    const text = header === undefined ? undefined : this.#files.read(key);
    if (header === undefined || text === undefined) return undefined;
    if (isPlaintextRecord(text)) {
      throw tampered(
        key,
        'a plaintext record in an encrypted store (left by an interrupted encryption: run it again; otherwise it was put there)',
      );
    }
    const sealed = parseSealedRecord(key, text);
    assertRecordOfStore(key, header, sealed);
    const keys = await this.#unlocked(header);
    return decodeRecord(key, await openSealedRecord(keys, key, sealed));
  }

  async delete(key: string): Promise<void> {
    assertStoreKey(key);
    this.#readHeader();
    this.#files.delete(key);
  }

  async keys(): Promise<string[]> {
    this.#readHeader();
    return this.#files.keys();
  }

  /**
   * The folder's header (kept once read: it never changes); undefined for a new folder.
   * NOT_ENCRYPTED when the folder holds records and no header, unless `converting`.
   */
  #readHeader(converting = false): StoreHeader | undefined {
    if (this.#header !== undefined) return this.#header;
    const header = readHeader(this.#files);
    if (header === undefined && !converting && this.#files.keys().length > 0) throw notEncrypted(this.dir);
    this.#header = header;
    return header;
  }

  /** Creates the folder's header (a fresh salt), or adopts the one another process created first. */
  #createHeader(): Promise<StoreHeader> {
    this.#creating ??= (async () => {
      try {
        const kdf = this.#keyring.newKdf();
        const { keyCheck } = await this.#keyring.derive(this.dir, kdf);
        const header: StoreHeader = { kdf, keyCheck: keyCheck.slice() };
        this.#files.ensureDir();
        if (createPrivateFile(this.#files.headerPath, encodeStoreHeader(header))) this.#header = header;
        const created = this.#readHeader(true);
        if (created === undefined) throw headerInvalid(this.#files, 'vanished while it was created');
        return created;
      } finally {
        this.#creating = undefined;
      }
    })();
    return this.#creating;
  }

  /** The keys of the header's salt, once the passphrase's key-check value matches the header's. */
  #unlocked(header: StoreHeader): Promise<StoreKeys> {
    return this.#keyring.unlock(this.dir, header);
  }

  /** {@link encryptSecretShareStore}. */
  static async encryptFolder(dir: string, passphrase: string, options: { kdfCost?: ScryptCost } = {}): Promise<StoreEncryptionReport> {
    const store = new EncryptedFileSecretShareStore(dir, { passphrase, kdfCost: options.kdfCost });
    const files = store.#files;
    const existing = store.#readHeader(true);
    if (existing !== undefined) await store.#unlocked(existing);
    // Everything is read and checked before anything changes.
    const plaintext = new Map<string, SecretShareRecord>();
    const sealed: string[] = [];
    for (const key of files.keys()) {
      const text = files.read(key);
      if (text === undefined) continue;
      if (isPlaintextRecord(text)) plaintext.set(key, decodeRecord(key, text));
      else if (existing === undefined)
        throw storeInvalid(key, 'not a plaintext record, and the folder has no store header to open a sealed one');
      else if ((await store.get(key)) !== undefined) sealed.push(key);
    }
    if (existing === undefined) await store.#createHeader();
    for (const [key, record] of plaintext) await store.put(key, record);
    return { encrypted: [...plaintext.keys()], alreadyEncrypted: sealed };
  }
}

/**
 * Encrypts the plaintext records of `dir` under `passphrase` in place (see the module's notes);
 * resumes an interrupted run, and on an encrypted folder only checks the passphrase and records.
 */
export function encryptSecretShareStore(
  dir: string,
  passphrase: string,
  options: { kdfCost?: ScryptCost } = {},
): Promise<StoreEncryptionReport> {
  return EncryptedFileSecretShareStore.encryptFolder(dir, passphrase, options);
}

/**
 * The store of `dir`: encrypted with a passphrase, plaintext without. Refuses what would mix
 * them: no passphrase for an encrypted folder (SECRET_STORE_PASSPHRASE_REQUIRED), a passphrase for
 * a folder of plaintext records (SECRET_STORE_NOT_ENCRYPTED). A new or empty folder becomes
 * whichever is asked. The passphrase itself is checked at the first record read or written
 * (`unlock()` checks it at once).
 */
export async function openSecretShareStore(dir: string, options: SecretStoreOptions = {}): Promise<SecretShareStore> {
  const files = new SecretRecordFiles(dir);
  const header = readHeader(files);
  if (options.passphrase === undefined) {
    if (header !== undefined) throw passphraseRequired(dir);
    return new FileSecretShareStore(dir);
  }
  const store = new EncryptedFileSecretShareStore(dir, { passphrase: options.passphrase, kdfCost: options.kdfCost });
  if (header === undefined && files.keys().length > 0) throw notEncrypted(dir);
  return store;
}

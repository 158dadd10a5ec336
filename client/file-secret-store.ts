/**
 * The plaintext secret share store on files, Node only (`node:fs`): one JSON file per record
 * (client/secret-store.ts `encodeRecord`, checksum included) in a folder 0700, files 0600, written
 * atomically (client/secret-record-files.ts). Kept out of client/secret-store.ts so that the
 * browser's bundle of the SDK, which imports the store interface and record format, carries no
 * Node built-in. Plaintext at rest: protected by the file permissions only; with a passphrase,
 * `EncryptedFileSecretShareStore` (client/encrypted-secret-store.ts) seals the same files.
 * @module
 */
import { SecretRecordFiles } from './secret-record-files.ts';
import { decodeRecord, encodeRecord, type SecretShareRecord, type SecretShareStore } from './secret-store.ts';
import { assertStoreKey, passphraseRequired } from './secret-store-keys.ts';

/**
 * One JSON file per record in `dir` (mode 0700), each file mode 0600, written atomically. Refuses
 * a folder that holds an encrypted store (SECRET_STORE_PASSPHRASE_REQUIRED).
 */
export class FileSecretShareStore implements SecretShareStore {
  readonly dir: string;
  readonly #files: SecretRecordFiles;

  constructor(dir: string) {
    this.#files = new SecretRecordFiles(dir);
    this.dir = dir;
  }

  /** Checked on every call: another process may encrypt the folder while this one runs. */
  #plaintextFiles(): SecretRecordFiles {
    if (this.#files.isEncrypted()) throw passphraseRequired(this.dir);
    return this.#files;
  }

  async put(key: string, record: SecretShareRecord): Promise<void> {
    assertStoreKey(key);
    const text = encodeRecord(key, record);
    this.#plaintextFiles().write(key, text);
  }

  async get(key: string): Promise<SecretShareRecord | undefined> {
    assertStoreKey(key);
    const text = this.#plaintextFiles().read(key);
    return text === undefined ? undefined : decodeRecord(key, text);
  }

  async delete(key: string): Promise<void> {
    assertStoreKey(key);
    this.#plaintextFiles().delete(key);
  }

  async keys(): Promise<string[]> {
    return this.#plaintextFiles().keys();
  }
}

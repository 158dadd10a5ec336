/**
 * The files of a secret share store folder, whatever their content (plaintext records of
 * `FileSecretShareStore`, sealed ones of `EncryptedFileSecretShareStore`): one file `<key>.json`
 * per record key, the folder 0700, each file 0600 and written atomically (runtime/private-file.ts:
 * a crash leaves the old file or the new one, never a torn one), a file readable by others or
 * larger than any record refused on read. An encrypted folder also holds its header,
 * {@link SECRET_STORE_HEADER_FILE}, whose presence marks the folder as encrypted. Node only (`node:fs`):
 * the keys and errors every store shares are in client/secret-store-keys.ts, which a browser imports.
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateFile, writePrivateFile } from '../runtime/private-file.ts';
import { ClientError, ClientErrorCodes } from './errors.ts';
import type { SecretRecordBackend } from './secret-store-backend.ts';
import { assertStoreKey, isStoreKey, MAX_RECORD_FILE_BYTES, SECRET_STORE_HEADER_FILE, storeInvalid } from './secret-store-keys.ts';

/** A header is a few hundred bytes. */
const MAX_HEADER_FILE_BYTES = 64 * 1024;

export class SecretRecordFiles {
  readonly dir: string;

  constructor(dir: string) {
    if (typeof dir !== 'string' || dir.length === 0)
      throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'a secret store needs a folder');
    this.dir = dir;
  }

  get headerPath(): string {
    return join(this.dir, SECRET_STORE_HEADER_FILE);
  }

  /** Whether the folder holds an encrypted store's header. */
  isEncrypted(): boolean {
    return existsSync(this.headerPath);
  }
  /** The header file's text; undefined when there is none. SECRET_STORE_INVALID when it is larger than any header. */
  readHeaderText(): string | undefined {
    try {
      if (statSync(this.headerPath).size > MAX_HEADER_FILE_BYTES) {
        throw new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `secret store header ${this.headerPath}: larger than any header`, {
          file: this.headerPath,
        });
      }
      return readFileSync(this.headerPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const mode = statSync(this.dir).mode & 0o777;
    if (mode !== 0o700) chmodSync(this.dir, 0o700);
  }

  path(key: string): string {
    assertStoreKey(key);
    return join(this.dir, `${key}.json`);
  }

  /** Replaces the file of `key` atomically (the folder is created 0700 on first use). */
  write(key: string, text: string): void {
    const path = this.path(key);
    this.ensureDir();
    writePrivateFile(path, text);
  }

  /** The text of `key`'s file; undefined when there is none. */
  read(key: string): string | undefined {
    const path = this.path(key);
    try {
      const stat = statSync(path);
      const mode = stat.mode & 0o777;
      if ((mode & 0o077) !== 0) throw storeInvalid(key, `the file is readable by others (mode ${mode.toString(8)}); expected 600`);
      if (stat.size > MAX_RECORD_FILE_BYTES) throw storeInvalid(key, `the file is ${stat.size} bytes, more than any record`);
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  delete(key: string): void {
    try {
      unlinkSync(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Every record key with a file, sorted (temporary files and the header are not records). */
  keys(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter(isStoreKey)
      .sort();
  }
}

/**
 * The folder of an encrypted store as a {@link SecretRecordBackend} (Node only), so that
 * `EncryptedSecretShareStore` (client/encrypted-secret-share-store.ts) works on the same folders
 * as `EncryptedFileSecretShareStore` — in Node, to export a backup file of a folder or import one
 * into it. The header is created exclusively (runtime/private-file.ts `createPrivateFile`): an
 * existing header is kept, as the backend contract asks.
 */
export class FileRecordBackend implements SecretRecordBackend {
  readonly files: SecretRecordFiles;

  constructor(dir: string) {
    this.files = new SecretRecordFiles(dir);
  }

  async readHeader(): Promise<string | undefined> {
    return this.files.readHeaderText();
  }

  /** Refuses to make a folder of plaintext records encrypted (SECRET_STORE_NOT_ENCRYPTED): `encryptSecretShareStore` converts one. */
  async writeHeader(text: string): Promise<void> {
    if (!this.files.isEncrypted() && this.files.keys().length > 0) {
      throw new ClientError(
        ClientErrorCodes.SECRET_STORE_NOT_ENCRYPTED,
        `the secret store ${this.files.dir} holds plaintext records: encrypt it first (encryptSecretShareStore)`,
        { dir: this.files.dir },
      );
    }
    this.files.ensureDir();
    createPrivateFile(this.files.headerPath, text);
  }

  async read(key: string): Promise<string | undefined> {
    return this.files.read(key);
  }

  async write(key: string, text: string): Promise<void> {
    this.files.write(key, text);
  }

  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }

  async keys(): Promise<string[]> {
    return this.files.keys();
  }
}

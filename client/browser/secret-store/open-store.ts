/**
 * `openBrowserSecretShareStore`: the browser's secret share store (SPEC-22 item 6) — an
 * {@link EncryptedSecretShareStore} (client/encrypted-secret-share-store.ts: AES-256-GCM records,
 * key from a passphrase or a wallet signature) over IndexedDB
 * (./indexeddb-backend.ts), with backup file export and import (client/secret-backup-file.ts).
 *
 * Opening unlocks: the header is read (or created, with a fresh salt, on first use) and the key
 * is checked against it, so a wrong passphrase or another wallet account fails HERE with
 * SECRET_STORE_WRONG_PASSPHRASE and the database is closed again — nothing is read or written
 * with a wrong key. A wallet-signature key makes the wallet sign {@link STORE_KEY_MESSAGE} twice
 * at open (client/secret-store-key-source.ts).
 * @module
 */
import { type BackupImportOptions, type BackupImportReport, EncryptedSecretShareStore } from '../../encrypted-secret-share-store.ts';
import { invalidArgument } from '../../errors.ts';
import type { SecretShareStore } from '../../secret-store.ts';
import type { StoreKeySource } from '../../secret-store-key-source.ts';
import { globalIndexedDb, type IndexedDbFactory, IndexedDbRecordBackend } from './indexeddb-backend.ts';

export const DEFAULT_SECRET_STORE_DATABASE = 'dwallet-secret-shares';

export interface BrowserSecretStoreOptions {
  /** IndexedDB database name (default {@link DEFAULT_SECRET_STORE_DATABASE}). */
  readonly databaseName?: string;
  readonly key: StoreKeySource;
  /** The IndexedDB factory (default `globalThis.indexedDB`; fake-indexeddb's in Node tests). */
  readonly indexedDB?: IndexedDbFactory;
}

export interface BrowserSecretShareStore extends SecretShareStore {
  /** The backup file's text (records stay sealed). */
  exportBackup(): Promise<string>;
  /** Imports a backup file: `options.passphrase` when its passphrase is not the store's. */
  importBackup(text: string, options?: BackupImportOptions): Promise<BackupImportReport>;
  /** Closes the database; later calls fail with SECRET_STORE_UNAVAILABLE. */
  close(): void;
}

class IndexedDbSecretShareStore extends EncryptedSecretShareStore implements BrowserSecretShareStore {
  readonly #backend: IndexedDbRecordBackend;

  constructor(backend: IndexedDbRecordBackend, key: StoreKeySource) {
    super(backend, key, { label: `IndexedDB database ${backend.databaseName}` });
    this.#backend = backend;
  }

  close(): void {
    this.#backend.close();
  }
}

/** Opens and unlocks the browser's secret share store (see the module's notes). */
export async function openBrowserSecretShareStore(options: BrowserSecretStoreOptions): Promise<BrowserSecretShareStore> {
  if (typeof options !== 'object' || options === null)
    throw invalidArgument('openBrowserSecretShareStore needs options { key, databaseName?, indexedDB? }');
  const databaseName = options.databaseName ?? DEFAULT_SECRET_STORE_DATABASE;
  const indexedDB = options.indexedDB ?? globalIndexedDb();
  const backend = await IndexedDbRecordBackend.open({ databaseName, indexedDB });
  try {
    const store = new IndexedDbSecretShareStore(backend, options.key);
    await store.unlock();
    return store;
  } catch (error) {
    backend.close();
    throw error;
  }
}

/**
 * The browser's encrypted secret share store (SPEC-22 items 5–6): IndexedDB, AES-256-GCM records,
 * the key from a passphrase or a wallet's signature, backup files. Runs in the SDK's worker (or a
 * page); imports no Node built-in.
 * @module
 */
export type { BackupImportOptions, BackupImportReport } from '../../encrypted-secret-share-store.ts';
export { EncryptedSecretShareStore } from '../../encrypted-secret-share-store.ts';
export type { SecretRecordBackend } from '../../secret-store-backend.ts';
export { STORE_KEY_MESSAGE, type StoreKeySource } from '../../secret-store-key-source.ts';
export { type IndexedDbFactory, IndexedDbRecordBackend } from './indexeddb-backend.ts';
export {
  type BrowserSecretShareStore,
  type BrowserSecretStoreOptions,
  DEFAULT_SECRET_STORE_DATABASE,
  openBrowserSecretShareStore,
} from './open-store.ts';

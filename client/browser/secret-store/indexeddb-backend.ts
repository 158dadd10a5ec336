/**
 * The IndexedDB backend of the browser's encrypted secret share store (SPEC-22 item 6): a database
 * (default `dwallet-secret-shares`, version 1) with ONE object store, {@link RECORDS_STORE}, that
 * holds texts under out-of-line keys — the store header under {@link HEADER_KEY} and each sealed
 * record under its record key (`0x…` dWallet id or `session-…`; the header's key is neither, so
 * they cannot collide). The texts are the encrypted file store's (client/secret-store-backend.ts),
 * sealed before they get here: this module never sees a plaintext share.
 *
 * Durability: a write resolves only when its transaction has fired `complete`, and write
 * transactions ask for `durability: 'strict'` (Chromium's default is relaxed: `complete` could
 * fire before the data reaches the disk, and a share written before its creation request is sent
 * must survive a crash). The header is created in one read-write transaction that reads it first
 * and writes only if absent: IndexedDB serialises overlapping read-write transactions, so two tabs
 * creating the store at once agree on one header.
 *
 * Threat notes: IndexedDB is private to the page's origin (scheme, host, port): other sites cannot
 * read it, but every script running in the origin can — which is why the records are sealed, and
 * why the key (a passphrase, a wallet signature) never is stored. Browsers may evict an origin's
 * storage under pressure unless it is persistent (`navigator.storage.persist()`, the page's choice):
 * export a backup file.
 * @module
 */
import { ClientError, ClientErrorCodes, invalidArgument } from '../../errors.ts';
import type { SecretRecordBackend } from '../../secret-store-backend.ts';
import { assertStoreKey, isStoreKey } from '../../secret-store-keys.ts';
import {
  globalIndexedDB,
  type IdbDatabase,
  type IdbFactory,
  type IdbObjectStore,
  type IdbOpenRequest,
  type IdbRequest,
  type IdbTransaction,
} from '../indexeddb.ts';

export const RECORDS_STORE = 'records';
export const HEADER_KEY = 'header';
export const DATABASE_VERSION = 1;

/** What `globalThis.indexedDB` is (../indexeddb.ts: the structural IndexedDB types the browser code shares). */
export type IndexedDbFactory = IdbFactory;

const MAX_DATABASE_NAME = 256;

function unavailable(databaseName: string, what: string, cause?: { name?: string; message?: string } | null): ClientError {
  const why = cause?.name ? `: ${cause.name}${cause.message ? ` (${cause.message})` : ''}` : '';
  return new ClientError(ClientErrorCodes.SECRET_STORE_UNAVAILABLE, `IndexedDB database ${databaseName}: ${what}${why}`, {
    databaseName,
    ...(cause?.name ? { reason: cause.name } : {}),
  });
}

/** The global IndexedDB factory, or SECRET_STORE_UNAVAILABLE (Node, a worker without it, a locked-down browser). */
export function globalIndexedDb(): IndexedDbFactory {
  const factory = globalIndexedDB();
  if (factory === undefined || typeof factory?.open !== 'function') {
    throw new ClientError(ClientErrorCodes.SECRET_STORE_UNAVAILABLE, 'IndexedDB is not available here: pass options.indexedDB');
  }
  return factory;
}

export class IndexedDbRecordBackend implements SecretRecordBackend {
  readonly databaseName: string;
  #db: IdbDatabase | undefined;

  private constructor(databaseName: string, db: IdbDatabase) {
    this.databaseName = databaseName;
    this.#db = db;
    // Another tab deleting or upgrading the database: let it, and fail this backend's next call clearly.
    db.onversionchange = () => this.close();
  }

  /** Opens (creating on first use) the database `databaseName` of `indexedDB`. */
  static open(options: { databaseName: string; indexedDB: IndexedDbFactory }): Promise<IndexedDbRecordBackend> {
    const { databaseName, indexedDB } = options;
    if (typeof databaseName !== 'string' || databaseName.length === 0 || databaseName.length > MAX_DATABASE_NAME) {
      throw invalidArgument(`an IndexedDB database name is a non-empty string of at most ${MAX_DATABASE_NAME} characters`);
    }
    if (typeof indexedDB !== 'object' || indexedDB === null || typeof indexedDB.open !== 'function') {
      throw invalidArgument('options.indexedDB is not an IndexedDB factory (IDBFactory)');
    }
    return new Promise((resolve, reject) => {
      let request: IdbOpenRequest;
      try {
        request = indexedDB.open(databaseName, DATABASE_VERSION);
      } catch (error) {
        reject(unavailable(databaseName, 'cannot be opened', error as Error));
        return;
      }
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(RECORDS_STORE)) db.createObjectStore(RECORDS_STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(RECORDS_STORE)) {
          db.close();
          reject(
            new ClientError(
              ClientErrorCodes.SECRET_STORE_INVALID,
              `IndexedDB database ${databaseName} has no "${RECORDS_STORE}" object store: it is not a secret share store`,
              { databaseName },
            ),
          );
          return;
        }
        resolve(new IndexedDbRecordBackend(databaseName, db));
      };
      request.onerror = () => {
        // VersionError: written by a newer version of this SDK; others: private mode, storage disabled.
        reject(unavailable(databaseName, 'cannot be opened', request.error));
      };
      request.onblocked = () => {
        reject(unavailable(databaseName, 'is blocked by another tab holding an older version open'));
      };
    });
  }

  /** Closes the database; later calls fail with SECRET_STORE_UNAVAILABLE. */
  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  async readHeader(): Promise<string | undefined> {
    return this.#readText(HEADER_KEY, 'the store header');
  }

  async writeHeader(text: string): Promise<void> {
    this.#assertText(text);
    await this.#write((store) => {
      const existing = store.get(HEADER_KEY);
      existing.onsuccess = () => {
        if (existing.result === undefined) store.put(text, HEADER_KEY);
      };
    }, 'write the store header');
  }

  async read(key: string): Promise<string | undefined> {
    assertStoreKey(key);
    return this.#readText(key, `secret store entry ${key}`);
  }

  async write(key: string, text: string): Promise<void> {
    assertStoreKey(key);
    this.#assertText(text);
    await this.#write((store) => store.put(text, key), `write ${key}`);
  }

  async delete(key: string): Promise<void> {
    assertStoreKey(key);
    await this.#write((store) => store.delete(key), `delete ${key}`);
  }

  async keys(): Promise<string[]> {
    const keys = await this.#read((store) => store.getAllKeys(), 'list the records');
    return keys.filter((key): key is string => typeof key === 'string' && isStoreKey(key)).sort();
  }

  #assertText(text: string): void {
    if (typeof text !== 'string') throw invalidArgument('a secret store backend stores text');
  }

  #database(): IdbDatabase {
    if (this.#db === undefined) throw unavailable(this.databaseName, 'closed (by this page, or by another tab deleting or upgrading it)');
    return this.#db;
  }

  async #readText(key: string, what: string): Promise<string | undefined> {
    const value = await this.#read((store) => store.get(key), `read ${what}`);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      throw new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `IndexedDB database ${this.databaseName}: ${what} is not text`, {
        databaseName: this.databaseName,
        key,
      });
    }
    return value;
  }

  /** One read-only request: its result. */
  #read<T>(request: (store: IdbObjectStore) => IdbRequest<T>, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      let req: IdbRequest<T>;
      try {
        req = request(this.#database().transaction(RECORDS_STORE, 'readonly').objectStore(RECORDS_STORE));
      } catch (error) {
        reject(error instanceof ClientError ? error : unavailable(this.databaseName, `cannot ${what}`, error as Error));
        return;
      }
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(unavailable(this.databaseName, `cannot ${what}`, req.error));
    });
  }

  /** One read-write transaction, resolved when it is complete (durable); rejected when it aborts. */
  #write(work: (store: IdbObjectStore) => unknown, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let tx: IdbTransaction;
      try {
        tx = this.#database().transaction(RECORDS_STORE, 'readwrite', { durability: 'strict' });
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(unavailable(this.databaseName, `cannot ${what}`, tx.error));
        tx.onerror = null;
        work(tx.objectStore(RECORDS_STORE));
      } catch (error) {
        reject(error instanceof ClientError ? error : unavailable(this.databaseName, `cannot ${what}`, error as Error));
      }
    });
  }
}

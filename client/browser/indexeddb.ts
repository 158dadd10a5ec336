/**
 * The part of IndexedDB the setup cache and the secret store's backend (secret-store/) use, typed structurally (the project compiles without the
 * DOM library, and a browser's `indexedDB` or fake-indexeddb's `IDBFactory` fit these shapes), and
 * its requests as promises. A write resolves only when its transaction completes (durable, as
 * IndexedDB defines it), not when its request succeeds.
 * @module
 */

interface IdbEventTarget {
  onerror: ((event: unknown) => void) | null;
}

export interface IdbRequest<T = unknown> extends IdbEventTarget {
  readonly result: T;
  readonly error: { readonly name: string; readonly message: string } | null;
  onsuccess: ((event: unknown) => void) | null;
}

export interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: ((event: unknown) => void) | null;
  onblocked: ((event: unknown) => void) | null;
}

export interface IdbObjectStore {
  get(key: string): IdbRequest<unknown>;
  put(value: unknown, key: string): IdbRequest<unknown>;
  delete(key: string): IdbRequest<unknown>;
  getAllKeys(): IdbRequest<unknown[]>;
}

export interface IdbTransaction extends IdbEventTarget {
  objectStore(name: string): IdbObjectStore;
  readonly error: { readonly name: string; readonly message: string } | null;
  oncomplete: ((event: unknown) => void) | null;
  onabort: ((event: unknown) => void) | null;
}

export interface IdbDatabase {
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: 'readonly' | 'readwrite', options?: { durability?: 'strict' | 'relaxed' | 'default' }): IdbTransaction;
  close(): void;
  onversionchange: ((event: unknown) => void) | null;
}

/** What `globalThis.indexedDB` is (a DOM `IDBFactory`); fake-indexeddb's `IDBFactory` in Node tests. */
export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest;
}

/** The global `indexedDB`, or undefined where there is none (Node). */
export function globalIndexedDB(): IdbFactory | undefined {
  return (globalThis as { indexedDB?: IdbFactory }).indexedDB;
}

/** Opens `name` at `version`, creating `store` when it is missing. */
export function openDatabase(factory: IdbFactory, name: string, version: number, store: string): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`IndexedDB ${name}: ${request.error?.message ?? 'cannot open'}`));
    request.onblocked = () => reject(new Error(`IndexedDB ${name}: the upgrade is blocked by another open page`));
  });
}

/** One request in its own transaction; resolves with its result once the transaction completed. */
export function inTransaction<T>(
  db: IdbDatabase,
  store: string,
  mode: 'readonly' | 'readwrite',
  run: (objects: IdbObjectStore) => IdbRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = run(transaction.objectStore(store));
    const failed = () =>
      reject(new Error(`IndexedDB: ${transaction.error?.message ?? request.error?.message ?? 'the transaction failed'}`));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = failed;
    transaction.onabort = failed;
  });
}

/**
 * The browser's setup cache: the network key's fixed-base tables kept in IndexedDB (database
 * `dwallet-setup-cache`), so a page load after the first finds them instead of growing them again.
 *
 * What is cached. The class-group setup itself comes from known seeds (mpc/classgroups/setups.ts:
 * one exponentiation by q to finish it); what costs is the two tables of the user's sign message
 * (mpc/ecdsa/sign/user-tables.ts): h's and the network encryption key pk's, 2 × 157 rows of 32
 * forms at the 112-bit level, ≈ 9,700 compositions per curve. One record per curve, keyed by the
 * format version, the network key's id, its commitment on chain and the curve, so a key changed by
 * resharing (a new commitment) never meets the tables of its predecessor.
 *
 * Why the content is trusted (unlike on disk in Node, where setups.ts refuses any cache: a file
 * anyone with write access can rewrite would have to be recomputed to be trusted): an origin's
 * IndexedDB is readable and writable only by that origin's own scripts, and those scripts already
 * hold the user's secret share and drive the wallet — anything able to forge a table row here could
 * take the share itself. So the cache guards against corruption, not an attacker: a SHA-256 of the
 * record's key and content is checked on load, and the rows' shape is checked by
 * `FixedBaseTable.importRows` (format, width, row count, length, every form reduced and of the
 * group's discriminant, the first form the base). A record that fails is deleted and the tables
 * are grown as without a cache; a cache that cannot be opened (private browsing, quota) only costs
 * the growing.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { NetworkKeyParts } from '../../mpc/ecdsa/index.ts';
import { userSignTablesReady } from '../../mpc/ecdsa/index.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import type { NetworkKeyIdentity, NetworkKeyTableCache } from '../network-keys.ts';
import { globalIndexedDB, type IdbDatabase, type IdbFactory, inTransaction, openDatabase } from './indexeddb.ts';

export const SETUP_CACHE_DATABASE = 'dwallet-setup-cache';
/** Version of the records' layout (and of the table rows' format inside them). */
export const SETUP_CACHE_FORMAT = 1;
const DATABASE_VERSION = 1;
const STORE = 'tables';

interface CachedTables {
  readonly format: number;
  /** SHA-256 (hex) of the record's key and both tables' bytes. */
  readonly sha256: string;
  readonly h: Uint8Array;
  readonly pk: Uint8Array;
}

export interface SetupCacheOptions {
  readonly indexedDB?: IdbFactory;
  readonly databaseName?: string;
  /** One line per load or save (sizes and times; the tables are public data). */
  readonly onProgress?: (line: string) => void;
}

/** The record key of a curve's tables of a network key. */
export function setupCacheKey(identity: NetworkKeyIdentity, curve: string): string {
  return `v${SETUP_CACHE_FORMAT}:${identity.networkKeyId}:${bytesToHex(identity.commitment)}:${curve}`;
}

async function digest(key: string, h: Uint8Array, pk: Uint8Array): Promise<string> {
  const keyBytes = new TextEncoder().encode(key);
  const all = new Uint8Array(keyBytes.length + 1 + 8 + h.length + pk.length);
  all.set(keyBytes, 0);
  // The lengths, so that bytes moved from one table to the other change the digest.
  const view = new DataView(all.buffer);
  view.setUint32(keyBytes.length + 1, h.length);
  view.setUint32(keyBytes.length + 5, pk.length);
  all.set(h, keyBytes.length + 9);
  all.set(pk, keyBytes.length + 9 + h.length);
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', all)));
}

function isCachedTables(value: unknown): value is CachedTables {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record.format === SETUP_CACHE_FORMAT &&
    typeof record.sha256 === 'string' &&
    record.h instanceof Uint8Array &&
    record.pk instanceof Uint8Array
  );
}

export class SetupCache implements NetworkKeyTableCache {
  readonly #db: IdbDatabase;
  readonly #onProgress: (line: string) => void;

  private constructor(db: IdbDatabase, onProgress: (line: string) => void) {
    this.#db = db;
    this.#onProgress = onProgress;
  }

  /** Opens (or creates) the cache; INVALID_ARGUMENT where there is no IndexedDB. */
  static async open(options: SetupCacheOptions = {}): Promise<SetupCache> {
    const factory = options.indexedDB ?? globalIndexedDB();
    if (factory === undefined)
      throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'the setup cache needs IndexedDB (none here: pass one)');
    const db = await openDatabase(factory, options.databaseName ?? SETUP_CACHE_DATABASE, DATABASE_VERSION, STORE);
    return new SetupCache(db, options.onProgress ?? (() => {}));
  }

  async load(identity: NetworkKeyIdentity, key: NetworkKeyParts): Promise<boolean> {
    const started = performance.now();
    const curve = key.curve.name;
    const id = setupCacheKey(identity, curve);
    const record = await inTransaction(this.#db, STORE, 'readonly', (objects) => objects.get(id));
    if (record === undefined) {
      this.#onProgress(`setup cache: no ${curve} tables yet (they are grown once, then kept)`);
      return false;
    }
    const { setup, table } = key.encryptionKey;
    try {
      if (!isCachedTables(record)) throw new Error('not a record of this format');
      if ((await digest(id, record.h, record.pk)) !== record.sha256) throw new Error('its SHA-256 differs (corrupt)');
      // The digest matched: these are the bytes a save wrote. The shape checks of importRows are
      // the last line against a record of another version; rows adopted before one fails are
      // valid rows of h's table (importRows adopts a table's rows all or none).
      const discriminant = setup.group.discriminant;
      setup.hTable.importRows(record.h, discriminant);
      table.importRows(record.pk, discriminant);
    } catch (error) {
      await this.#delete(id);
      this.#onProgress(`setup cache: the ${curve} tables were unusable (${(error as Error).message}); deleted, growing them again`);
      return false;
    }
    const ready = userSignTablesReady(key);
    this.#onProgress(
      `setup cache: ${curve} tables loaded in ${Math.round(performance.now() - started)} ms (${record.h.length + record.pk.length} bytes)`,
    );
    return ready;
  }

  async save(identity: NetworkKeyIdentity, key: NetworkKeyParts): Promise<void> {
    if (!userSignTablesReady(key)) return;
    const started = performance.now();
    const curve = key.curve.name;
    const id = setupCacheKey(identity, curve);
    const h = key.encryptionKey.setup.hTable.exportRows();
    const pk = key.encryptionKey.table.exportRows();
    const record: CachedTables = { format: SETUP_CACHE_FORMAT, sha256: await digest(id, h, pk), h, pk };
    await inTransaction(this.#db, STORE, 'readwrite', (objects) => objects.put(record, id));
    this.#onProgress(`setup cache: ${curve} tables saved in ${Math.round(performance.now() - started)} ms (${h.length + pk.length} bytes)`);
  }

  close(): void {
    this.#db.close();
  }

  async #delete(id: string): Promise<void> {
    await inTransaction(this.#db, STORE, 'readwrite', (objects) => objects.delete(id)).catch(() => {});
  }
}

/** {@link SetupCache.open}. */
export function openSetupCache(options: SetupCacheOptions = {}): Promise<SetupCache> {
  return SetupCache.open(options);
}

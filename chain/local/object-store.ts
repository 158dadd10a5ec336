/**
 * Persistent objects of the local chain: rows of `objects` and `table_entries`, read and written
 * synchronously inside the SQLite transaction that executes a Sui transaction.
 * @module
 */
import { toBase58 } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { ObjectOwner } from '../chain.ts';
import { ChainErrorCodes, ChainStoreError } from '../errors.ts';
import type { LocalDatabase } from './db/open.ts';
import { objects, tableEntries } from './db/schema.ts';

/** An owner as stored: the chain owners plus the two states of an object that is gone. */
export type StoredOwner = ObjectOwner | { kind: 'wrapped' } | { kind: 'deleted' };

export interface StoredObject {
  id: string;
  version: bigint;
  digest: string;
  type: string;
  owner: StoredOwner;
  bcs: Uint8Array;
  previousTransaction: string;
  /** Sui's `storage_rebate`: what storing this version cost, returned (99 %) when it is rewritten, deleted or wrapped (gas.ts). */
  storageRebate: bigint;
}

function ownerColumns(owner: StoredOwner): { ownerKind: string; owner: string } {
  switch (owner.kind) {
    case 'address':
      return { ownerKind: 'address', owner: owner.address };
    case 'shared':
      return { ownerKind: 'shared', owner: owner.initialSharedVersion.toString() };
    case 'object':
      return { ownerKind: 'object', owner: owner.parentId };
    default:
      return { ownerKind: owner.kind, owner: '' };
  }
}

function ownerFromColumns(kind: string, value: string): StoredOwner {
  switch (kind) {
    case 'address':
      return { kind: 'address', address: value };
    case 'shared':
      return { kind: 'shared', initialSharedVersion: BigInt(value) };
    case 'object':
      return { kind: 'object', parentId: value };
    case 'immutable':
    case 'wrapped':
    case 'deleted':
      return { kind };
    default:
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `unknown owner kind ${kind} in the local chain database`);
  }
}

/** The digest of an object version: BLAKE2b-256 over its identity, contents and owner, base58. */
export function objectDigest(object: Omit<StoredObject, 'digest' | 'storageRebate'>): string {
  const owner = ownerColumns(object.owner);
  const header = new TextEncoder().encode(
    JSON.stringify([object.id, object.version.toString(), object.type, owner.ownerKind, owner.owner, object.previousTransaction]),
  );
  const data = new Uint8Array(header.length + object.bcs.length);
  data.set(header, 0);
  data.set(object.bcs, header.length);
  return toBase58(blake2b(data, { dkLen: 32 }));
}

export class ObjectStore {
  constructor(private readonly db: LocalDatabase['db']) {}

  get(id: string): StoredObject | null {
    const row = this.db.select().from(objects).where(eq(objects.id, id)).get();
    if (!row) return null;
    return {
      id: row.id,
      version: BigInt(row.version),
      digest: row.digest,
      type: row.type,
      owner: ownerFromColumns(row.ownerKind, row.owner),
      bcs: new Uint8Array(row.bcs),
      previousTransaction: row.previousTransaction,
      storageRebate: BigInt(row.storageRebate),
    };
  }

  /** Objects owned by `address`, ordered by id, after `cursor` (an id). */
  listOwned(address: string, type: string | undefined, cursor: string | null, limit: number): StoredObject[] {
    const conditions = [eq(objects.ownerKind, 'address'), eq(objects.owner, address)];
    if (type) conditions.push(eq(objects.type, type));
    if (cursor) conditions.push(gt(objects.id, cursor));
    return this.db
      .select()
      .from(objects)
      .where(and(...conditions))
      .orderBy(asc(objects.id))
      .limit(limit)
      .all()
      .map((row) => ({
        id: row.id,
        version: BigInt(row.version),
        digest: row.digest,
        type: row.type,
        owner: ownerFromColumns(row.ownerKind, row.owner),
        bcs: new Uint8Array(row.bcs),
        previousTransaction: row.previousTransaction,
        storageRebate: BigInt(row.storageRebate),
      }));
  }

  put(object: StoredObject): void {
    const columns = {
      version: Number(object.version),
      digest: object.digest,
      type: object.type,
      ...ownerColumns(object.owner),
      bcs: Buffer.from(object.bcs),
      previousTransaction: object.previousTransaction,
      storageRebate: Number(object.storageRebate),
    };
    this.db
      .insert(objects)
      .values({ id: object.id, ...columns })
      .onConflictDoUpdate({ target: objects.id, set: columns })
      .run();
  }

  tableEntry(tableId: string, key: string): string | null {
    const row = this.db
      .select({ objectId: tableEntries.objectId })
      .from(tableEntries)
      .where(and(eq(tableEntries.tableId, tableId), eq(tableEntries.key, key)))
      .get();
    return row?.objectId ?? null;
  }

  putTableEntry(tableId: string, key: string, objectId: string): void {
    this.db.insert(tableEntries).values({ tableId, key, objectId }).run();
  }
}

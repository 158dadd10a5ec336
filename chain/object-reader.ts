/**
 * Typed reads of the package's objects from any `Chain`: the object's type is checked against the
 * expected struct and its contents decoded strictly.
 * @module
 */

import { toHex } from '@mysten/sui/utils';
import { decodeExact } from '../mpc/encoding/decode.ts';
import type { Chain, ChainObject, ObjectRef } from './chain.ts';
import { ChainDataError, ChainErrorCodes, ChainRequestError } from './errors.ts';
import {
  type AnyMoveType,
  type DynamicFieldType,
  dynamicFieldId,
  type MoveInput,
  type MoveStructType,
  type MoveValue,
  type StructOf,
  type TableValue,
} from './schemas/move-type.ts';
import {
  Coordinator,
  type CoordinatorValue,
  encryptionKeyIdFieldOf,
  type PresignPoolValue,
  UserEncryptionKey,
  type UserEncryptionKeyValue,
} from './schemas/objects.ts';

// biome-ignore lint/suspicious/noExplicitAny: any struct of the coordinator module
type AnyStruct = MoveStructType<any>;

/** Decodes an object of the `coordinator` module; the type must be `<package>::coordinator::<struct name>`. */
export function decodeObject<S extends AnyStruct>(packageId: string, object: ChainObject, struct: S): StructOf<S> {
  const expected = `${packageId}::coordinator::${struct.name}`;
  if (object.type !== expected) {
    throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `object ${object.objectId} is a ${object.type}, not a ${expected}`, {
      objectId: object.objectId,
    });
  }
  try {
    return decodeExact(struct.bcs, object.bcs, struct.name) as StructOf<S>;
  } catch (error) {
    throw new ChainDataError(
      ChainErrorCodes.DATA_INVALID,
      `object ${object.objectId} does not decode as ${struct.name}`,
      {},
      { cause: error },
    );
  }
}

/** Reads and decodes an object; throws `CHAIN_NOT_FOUND` when it does not exist. */
export async function readObject<S extends AnyStruct>(
  chain: Chain,
  objectId: string,
  struct: S,
): Promise<{ ref: ObjectRef; value: StructOf<S>; object: ChainObject }> {
  const [deployment, object] = await Promise.all([chain.deployment(), chain.getObject(objectId)]);
  if (!object) throw new ChainRequestError(ChainErrorCodes.NOT_FOUND, `object ${objectId} does not exist`, { objectId });
  return {
    ref: { objectId: object.objectId, version: object.version, digest: object.digest },
    value: decodeObject(deployment.packageId, object, struct),
    object,
  };
}

export async function readCoordinator(chain: Chain): Promise<CoordinatorValue> {
  const deployment = await chain.deployment();
  return (await readObject(chain, deployment.coordinatorId, Coordinator)).value;
}

export function objectRef(object: ChainObject): ObjectRef {
  return { objectId: object.objectId, version: object.version, digest: object.digest };
}

/** Completed presigns waiting in a pool: the length of its `available` `TableVec`. */
export function availablePresignCount(pool: PresignPoolValue): number {
  return Number(pool.available.contents.size);
}

/**
 * The value of entry `key` of the table (`Table` or `TableVec`) with id `tableId`, read from its
 * dynamic-field object (`Field<K, V>`, at the id Sui derives from the table's id and the key);
 * null when the table has no such entry.
 */
export async function readTableEntry<K extends AnyMoveType, V extends AnyMoveType>(
  chain: Chain,
  tableId: string,
  field: DynamicFieldType<K, V>,
  key: MoveInput<K>,
): Promise<MoveValue<V> | null> {
  const id = dynamicFieldId(tableId, field, key);
  const object = await chain.getObject(id);
  if (!object) return null;
  if (object.type !== field.type) {
    throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `object ${id} is a ${object.type}, not a ${field.type}`, { objectId: id });
  }
  const [, keyType] = field.struct.fields[1] as readonly [string, K];
  try {
    const entry = decodeExact(field.struct.bcs, object.bcs, field.type) as { name: MoveValue<K>; value: MoveValue<V> };
    if (toHex(keyType.bcs.serialize(entry.name).toBytes()) !== toHex(keyType.bcs.serialize(key).toBytes())) {
      throw new Error(`it holds the entry of another key`);
    }
    return entry.value;
  } catch (error) {
    throw new ChainDataError(
      ChainErrorCodes.DATA_INVALID,
      `object ${id} is not entry ${String(key)} of a ${field.type}`,
      {},
      { cause: error },
    );
  }
}

/** The elements of a `sui::table_vec::TableVec` in index order ({@link readTableEntry} of each index). */
export async function readTableVec<K extends AnyMoveType, V extends AnyMoveType>(
  chain: Chain,
  tableVec: { contents: TableValue },
  field: DynamicFieldType<K, V>,
): Promise<MoveValue<V>[]> {
  const { id, size } = tableVec.contents;
  return Promise.all(
    Array.from({ length: Number(size) }, async (_, index) => {
      const value = await readTableEntry(chain, id, field, BigInt(index) as MoveInput<K>);
      if (value === null) throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `entry ${index} of table ${id} is missing`, {});
      return value;
    }),
  );
}

/**
 * `owner`'s encryption key for `curve` (any state), or null when it never registered one: its id
 * from the coordinator's `encryption_key_ids` entry, then the key object.
 */
export async function readUserEncryptionKey(
  chain: Chain,
  owner: string,
  curve: number,
): Promise<{ id: string; value: UserEncryptionKeyValue } | null> {
  const [deployment, coordinator] = await Promise.all([chain.deployment(), readCoordinator(chain)]);
  const field = encryptionKeyIdFieldOf(deployment.packageId);
  const id = await readTableEntry(chain, coordinator.encryption_key_ids.id, field, { owner, curve });
  if (id === null) return null;
  return { id, value: (await readObject(chain, id, UserEncryptionKey)).value };
}

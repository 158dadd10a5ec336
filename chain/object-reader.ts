/**
 * Typed reads of the package's objects from any `Chain`: the object's type is checked against the
 * expected struct and its contents decoded strictly.
 * @module
 */

import { deriveDynamicFieldID, normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeExact } from '../mpc/encoding/decode.ts';
import type { Chain, ChainObject, ObjectRef } from './chain.ts';
import { ChainDataError, ChainErrorCodes, ChainRequestError } from './errors.ts';
import type { AnyMoveType, DynamicFieldType, MoveStructType, MoveValue, StructOf, TableValue } from './schemas/move-type.ts';
import { Coordinator, type CoordinatorValue, type PresignPoolValue } from './schemas/objects.ts';

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
 * The elements of a `sui::table_vec::TableVec` in index order, each read from its dynamic-field
 * object (`Field<u64, T>`, at the id Sui derives from the table's id and the index).
 */
export async function readTableVec<K extends AnyMoveType, V extends AnyMoveType>(
  chain: Chain,
  tableVec: { contents: TableValue },
  field: DynamicFieldType<K, V>,
): Promise<MoveValue<V>[]> {
  const [, keyType] = field.struct.fields[1] as readonly [string, AnyMoveType];
  const ids = Array.from({ length: Number(tableVec.contents.size) }, (_, index) =>
    normalizeSuiAddress(deriveDynamicFieldID(tableVec.contents.id, field.keyTag, keyType.bcs.serialize(BigInt(index)).toBytes())),
  );
  return Promise.all(
    ids.map(async (id, index) => {
      const object = await chain.getObject(id);
      if (!object)
        throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `entry ${index} of table ${tableVec.contents.id} is missing`, {
          objectId: id,
        });
      if (object.type !== field.type) {
        throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `object ${id} is a ${object.type}, not a ${field.type}`, { objectId: id });
      }
      try {
        return (decodeExact(field.struct.bcs, object.bcs, field.type) as { value: MoveValue<V> }).value;
      } catch (error) {
        throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `object ${id} does not decode as ${field.type}`, {}, { cause: error });
      }
    }),
  );
}

/**
 * Typed reads of the package's objects from any `Chain`: the object's type is checked against the
 * expected struct and its contents decoded strictly.
 * @module
 */
import { decodeExact } from '../mpc/encoding/decode.ts';
import type { Chain, ChainObject, ObjectRef } from './chain.ts';
import { ChainDataError, ChainErrorCodes, ChainRequestError } from './errors.ts';
import type { MoveStructType, StructOf } from './schemas/move-type.ts';
import { Coordinator, type CoordinatorValue } from './schemas/objects.ts';

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

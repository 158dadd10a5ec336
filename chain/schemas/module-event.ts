/**
 * Decoding a chain event of one module of the package: its type must be
 * `<package>::<module>::<Name>` with `Name` one of the module's event structs, and its BCS bytes
 * exactly one encoding of that struct. The coordinator's events (`events.ts`, module `events`)
 * and the vault's (`vault.ts`, module `vault`) are read this way.
 * @module
 */
import type { BcsType } from '@mysten/sui/bcs';
import { decodeExact } from '../../mpc/encoding/decode.ts';
import { ChainDataError, ChainErrorCodes } from '../errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: any event struct's codec (only decoded here)
type EventSchema = { readonly bcs: BcsType<unknown, any> };

/**
 * The event's struct name and decoded value. `structs` are the module's event schemas by name;
 * `source` names them in the error for a type that is not one of them ("the dwallet package").
 * An event of another package or module, an unknown name, or bytes that are not exactly one
 * encoding of the schema are reported as a `ChainDataError`.
 */
export function decodeModuleEvent(
  packageId: string,
  module: string,
  type: string,
  bytes: Uint8Array,
  structs: Readonly<Record<string, EventSchema>>,
  source: string,
): { name: string; value: unknown } {
  const prefix = `${packageId}::${module}::`;
  const name = type.startsWith(prefix) ? type.slice(prefix.length) : '';
  if (!Object.hasOwn(structs, name)) {
    throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `not an event of ${source}: ${type}`, { type, packageId });
  }
  const schema = structs[name] as EventSchema;
  try {
    return { name, value: decodeExact(schema.bcs, bytes, name) };
  } catch (error) {
    throw new ChainDataError(
      ChainErrorCodes.DATA_INVALID,
      `event ${name} does not decode: ${(error as Error).message}`,
      { type },
      { cause: error },
    );
  }
}

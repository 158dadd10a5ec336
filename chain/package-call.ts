/**
 * A Move call of the `dwallet` package built from the function's entry in the package's function
 * table (`schemas/package-functions.ts`): arguments are taken by their Move parameter names and
 * placed in the Move order, each as its Move type asks. The typed clients of each module
 * (`coordinator-client.ts`, `vault-client.ts`) build every call through here, so a call matches
 * the Move signature whichever module it targets.
 *
 * - `&mut TxContext` is implicit in a transaction and skipped.
 * - The shared coordinator comes from the deployment and Sui's `Clock` (0x6) is its fixed shared
 *   object; any other shared package object (`&mut Vault`) is taken from the arguments as a
 *   {@link SharedObjectRef}.
 * - A pure value is encoded with its type's codec (`PURE_TYPES`); a `vector<u8>` longer than one
 *   pure argument may be is assembled in the transaction with `0x1::vector::append<u8>`, which
 *   both chains run.
 * - Anything else is an owned object: an `ObjectRef` or an earlier result ({@link ObjectInput}).
 * @module
 */
import type { Transaction, TransactionArgument, TransactionObjectArgument, TransactionResult } from '@mysten/sui/transactions';
import { callPackageId, type Deployment, type ObjectRef } from './chain.ts';
import { SUI_CLOCK_INITIAL_SHARED_VERSION, SUI_CLOCK_OBJECT_ID } from './constants.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { PURE_TYPES } from './schemas/functions.ts';
import { MoveTypes as M } from './schemas/move-type.ts';
import { PACKAGE_FUNCTIONS, type PackageModule, packageObjectOf } from './schemas/package-functions.ts';
import { MAX_PURE_ARGUMENT_SIZE } from './sui-limits.ts';

/** An owned object: its reference, or a value produced earlier in the same transaction. */
export type ObjectInput = ObjectRef | TransactionArgument;

/** A shared object as a transaction input: its id and the version it was shared at. */
export interface SharedObjectRef {
  objectId: string;
  initialSharedVersion: bigint;
}

/** The public function names of `module`. */
export type PackageFunctionName<Module extends PackageModule> = keyof (typeof PACKAGE_FUNCTIONS)[Module] & string;

/** Bytes per pure chunk: below Sui's 16 KiB pure-argument limit with room for the length prefix. */
export const BYTES_CHUNK = MAX_PURE_ARGUMENT_SIZE - 1024;

function isObjectRef(value: unknown): value is ObjectRef {
  return typeof value === 'object' && value !== null && 'objectId' in value && 'version' in value && 'digest' in value;
}

/** A shared object as a transaction input, mutable or not. */
export function sharedObjectArgument(tx: Transaction, ref: SharedObjectRef, mutable: boolean): TransactionObjectArgument {
  return tx.sharedObjectRef({ objectId: ref.objectId, initialSharedVersion: ref.initialSharedVersion.toString(), mutable });
}

/** Sui's shared `Clock` (0x6) as an immutable transaction input (Sui refuses it mutable). */
export function clockArgument(tx: Transaction): TransactionObjectArgument {
  return sharedObjectArgument(tx, { objectId: SUI_CLOCK_OBJECT_ID, initialSharedVersion: SUI_CLOCK_INITIAL_SHARED_VERSION }, false);
}

/** An owned object as a transaction input: by reference, or the earlier result itself. */
export function objectArgument(tx: Transaction, value: ObjectInput): TransactionArgument {
  if (isObjectRef(value)) return tx.objectRef({ objectId: value.objectId, version: value.version.toString(), digest: value.digest });
  return value;
}

/**
 * A `vector<u8>` argument longer than one pure argument may be (16 KiB on Sui): the first chunk
 * as a pure input, then `0x1::vector::append<u8>` of each further chunk into it.
 */
export function longBytesArgument(tx: Transaction, bytes: Uint8Array): TransactionArgument {
  const head = tx.pure(M.bytes.bcs.serialize(bytes.subarray(0, BYTES_CHUNK)).toBytes());
  for (let offset = BYTES_CHUNK; offset < bytes.length; offset += BYTES_CHUNK) {
    tx.moveCall({
      target: '0x1::vector::append',
      typeArguments: ['u8'],
      arguments: [head, tx.pure(M.bytes.bcs.serialize(bytes.subarray(offset, offset + BYTES_CHUNK)).toBytes())],
    });
  }
  return head;
}

/** The argument of parameter `param` of Move type `type`, from the caller's `value`. */
function argument(tx: Transaction, name: string, param: string, type: string, value: unknown): TransactionArgument {
  const object = packageObjectOf(type);
  if (object?.shared) return sharedObjectArgument(tx, value as SharedObjectRef, type.startsWith('&mut '));
  const codec = PURE_TYPES[type];
  if (type === 'vector<u8>' && value instanceof Uint8Array && value.length > BYTES_CHUNK) return longBytesArgument(tx, value);
  if (!codec) return objectArgument(tx, value as ObjectInput);
  try {
    return tx.pure(codec.bcs.serialize(value).toBytes());
  } catch (error) {
    throw new ChainRequestError(
      ChainErrorCodes.INVALID_REQUEST,
      `${name}: argument ${param} is not a ${type}: ${(error as Error).message}`,
      { param },
      { cause: error },
    );
  }
}

/**
 * Adds a call of `module::name` with `args` keyed by the Move parameter names. The coordinator,
 * the Clock and the transaction context are supplied here; everything else must be in `args`.
 */
export function packageCall<Module extends PackageModule>(
  tx: Transaction,
  deployment: Deployment,
  module: Module,
  name: PackageFunctionName<Module>,
  args: Record<string, unknown>,
): TransactionResult {
  const functions: Record<string, { params: ReadonlyArray<readonly [string, string]> }> = PACKAGE_FUNCTIONS[module];
  const spec = functions[name];
  if (spec === undefined)
    throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `${module}::${name} is not a function of the package`);
  const callArgs: TransactionArgument[] = [];
  for (const [param, type] of spec.params) {
    if (type === '&mut TxContext') continue;
    if (type === '&mut Coordinator' || type === '&Coordinator') {
      const coordinator = { objectId: deployment.coordinatorId, initialSharedVersion: deployment.coordinatorInitialSharedVersion };
      callArgs.push(sharedObjectArgument(tx, coordinator, type === '&mut Coordinator'));
      continue;
    }
    if (type === '&Clock') {
      callArgs.push(clockArgument(tx));
      continue;
    }
    if (!(param in args)) throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `${name}: missing argument ${param}`, { param });
    callArgs.push(argument(tx, name, param, type, args[param]));
  }
  return tx.moveCall({ target: `${callPackageId(deployment)}::${module}::${name}`, arguments: callArgs });
}

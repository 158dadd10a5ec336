/**
 * BCS schemas of the structs of `move/sources/bip143.move` (`dwallet::bip143`), field for field;
 * the parity test checks them against the Move source. They are stored inside other objects (the
 * vault's Bitcoin proposals), so reading such an object decodes them with these codecs.
 * @module
 */
import { MoveTypes as M, type MoveStructType, moveStruct, type StructOf } from './move-type.ts';

/** `bip143::Input`: the outpoint spent (txid in internal byte order, vout), its value, nSequence. */
export const Bip143Input = moveStruct('Input', ['copy', 'drop', 'store'], {
  txid: M.bytes,
  vout: M.u32,
  value: M.u64,
  sequence: M.u32,
});

/** `bip143::Output`: value in satoshis and scriptPubKey. */
export const Bip143Output = moveStruct('Output', ['copy', 'drop', 'store'], {
  value: M.u64,
  script_pubkey: M.bytes,
});

export type Bip143InputValue = StructOf<typeof Bip143Input>;
export type Bip143OutputValue = StructOf<typeof Bip143Output>;

// biome-ignore lint/suspicious/noExplicitAny: structs of any shape
type AnyStruct = MoveStructType<any>;

/** The public structs of `bip143.move`, in source order. */
export const Bip143Structs: readonly AnyStruct[] = [Bip143Input, Bip143Output];

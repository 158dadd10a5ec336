/**
 * Move types paired with their BCS codecs.
 *
 * Every TypeScript schema of an on-chain value (objects, events, entry-function arguments) is
 * built from these, so each field carries both its BCS codec and the Move type it must match;
 * the Move parity test compares the latter with the types parsed from `move/sources`. Move type
 * strings are written as in the sources with module qualifiers dropped (`ID`, `Coin<SUI>`).
 * @module
 */
import { type BcsType, bcs } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';

export interface MoveType<T, Input = T> {
  /** The Move type, as written in the sources. */
  readonly move: string;
  readonly bcs: BcsType<T, Input>;
}

// biome-ignore lint/suspicious/noExplicitAny: a field list mixes types of every kind
export type AnyMoveType = MoveType<any, any>;

export type Ability = 'copy' | 'drop' | 'store' | 'key';

// biome-ignore lint/suspicious/noExplicitAny: inference through the codec's input position needs any
export type MoveValue<M> = M extends MoveType<infer T, any> ? T : never;
// biome-ignore lint/suspicious/noExplicitAny: inference through the codec's output position needs any
export type MoveInput<M> = M extends MoveType<any, infer I> ? I : never;

type StructValue<F extends Record<string, AnyMoveType>> = { [K in keyof F]: MoveValue<F[K]> };
type StructInput<F extends Record<string, AnyMoveType>> = { [K in keyof F]: MoveInput<F[K]> };

/** A Move struct: name, abilities and ordered fields, with the BCS codec of the whole. */
export interface MoveStructType<F extends Record<string, AnyMoveType>> extends MoveType<StructValue<F>, StructInput<F>> {
  readonly name: string;
  readonly abilities: readonly Ability[];
  readonly fields: ReadonlyArray<readonly [string, AnyMoveType]>;
}

export type StructOf<S> = S extends MoveStructType<infer F> ? StructValue<F> : never;

const u64Codec = bcs.u64().transform({
  name: 'u64',
  input: (value: bigint | number | string) => value,
  output: (value) => BigInt(value),
});

const u256Codec = bcs.u256().transform({
  name: 'u256',
  input: (value: bigint | number | string) => value,
  output: (value) => BigInt(value),
});

export const MoveTypes = {
  u8: { move: 'u8', bcs: bcs.u8() } as MoveType<number>,
  u32: { move: 'u32', bcs: bcs.u32() } as MoveType<number>,
  u64: { move: 'u64', bcs: u64Codec } as MoveType<bigint, bigint | number | string>,
  /** Amounts in wei and gas prices (Ethereum's quantities are 256-bit). */
  u256: { move: 'u256', bcs: u256Codec } as MoveType<bigint, bigint | number | string>,
  bool: { move: 'bool', bcs: bcs.bool() } as MoveType<boolean>,
  address: { move: 'address', bcs: bcs.Address } as MoveType<string, string | Uint8Array>,
  /** `sui::object::ID`: an address-sized id. */
  ID: { move: 'ID', bcs: bcs.Address } as MoveType<string, string | Uint8Array>,
  /** `sui::object::UID`: the object's own id. */
  UID: { move: 'UID', bcs: bcs.Address } as MoveType<string, string | Uint8Array>,
  bytes: { move: 'vector<u8>', bcs: bcs.byteVector() } as MoveType<Uint8Array, Iterable<number>>,
  /**
   * `std::string::String`: UTF-8 bytes. Sui refuses a pure argument of this type that is not valid
   * UTF-8 (`InvalidBCSBytes`), so decoding is strict here (a plain `bcs.string()` would replace the
   * bad bytes with U+FFFD and let them through).
   */
  string: {
    move: 'String',
    bcs: bcs.byteVector().transform({
      name: 'string',
      input: (value: string) => new TextEncoder().encode(value),
      output: (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    }),
  } as MoveType<string>,
} as const;

export function vectorOf<T, I>(element: MoveType<T, I>): MoveType<T[], Iterable<I> & { length: number }> {
  return { move: `vector<${element.move}>`, bcs: bcs.vector(element.bcs) };
}

export function optionOf<T, I>(element: MoveType<T, I>): MoveType<T | null, I | null | undefined> {
  return { move: `Option<${element.move}>`, bcs: bcs.option(element.bcs) };
}

/** `sui::object_table::ObjectTable<K, V>`: its id and size; the entries are child objects. */
export function objectTableOf(key: AnyMoveType, value: AnyMoveType): MoveType<{ id: string; size: bigint }, { id: string; size: bigint }> {
  return {
    move: `ObjectTable<${key.move}, ${value.move}>`,
    bcs: bcs.struct('ObjectTable', { id: MoveTypes.UID.bcs, size: u64Codec }) as unknown as BcsType<
      { id: string; size: bigint },
      { id: string; size: bigint }
    >,
  };
}

/**
 * `sui::group_ops::Element<G>` of a BLS12-381 group (`G1`, `G2`): a struct holding the point's
 * compressed bytes (`bytes: vector<u8>`), validated when it was made. Its BCS is that of the bytes;
 * the value here is the bytes.
 */
export function groupElementOf(group: 'G1' | 'G2'): MoveType<Uint8Array, Iterable<number>> {
  return {
    move: `Element<${group}>`,
    bcs: bcs.struct('Element', { bytes: bcs.byteVector() }).transform({
      name: `Element<${group}>`,
      input: (bytes: Iterable<number>) => ({ bytes }),
      output: (element) => element.bytes,
    }),
  };
}

/** The BCS of `sui::table::Table<K, V>`: its id and size; the entries are dynamic fields. */
const tableCodec = bcs.struct('Table', { id: MoveTypes.UID.bcs, size: u64Codec });

/** `sui::table::Table<K, V>` as stored in its parent. */
export interface TableValue {
  id: string;
  size: bigint;
}

/** `sui::table::Table<K, V>` as stored in its parent: its id and size; each entry is a `Field<K, V>` (see {@link dynamicFieldOf}). */
export function tableOf(key: AnyMoveType, value: AnyMoveType): MoveType<TableValue, TableValue> {
  return { move: `Table<${key.move}, ${value.move}>`, bcs: tableCodec as unknown as BcsType<TableValue, TableValue> };
}

/**
 * `sui::table_vec::TableVec<T>`: a `Table<u64, T>` (field `contents`) whose keys are 0..size; the
 * elements are `0x2::dynamic_field::Field<u64, T>` objects (see {@link dynamicFieldOf}).
 */
export function tableVecOf(element: AnyMoveType): MoveType<{ contents: TableValue }, { contents: TableValue }> {
  return {
    move: `TableVec<${element.move}>`,
    bcs: bcs.struct('TableVec', { contents: tableCodec }) as unknown as BcsType<{ contents: TableValue }, { contents: TableValue }>,
  };
}

/**
 * `0x2::dynamic_field::Field<K, V>`, the object holding one entry of a `Table` (or `TableVec`):
 * its id derives from the table's id and the key (`deriveDynamicFieldID`), `name` is the key.
 * `keyTag` and `valueTag` are the Move type tags of K and V (`u64`, `0x2::object::ID`, ...).
 */
export interface DynamicFieldType<K extends AnyMoveType, V extends AnyMoveType> {
  readonly keyTag: string;
  readonly valueTag: string;
  /** The full object type, as a chain reports it. */
  readonly type: string;
  readonly struct: MoveStructType<{ id: MoveType<string, string | Uint8Array>; name: K; value: V }>;
}

export function dynamicFieldOf<K extends AnyMoveType, V extends AnyMoveType>(
  key: K,
  keyTag: string,
  value: V,
  valueTag: string,
): DynamicFieldType<K, V> {
  return {
    keyTag,
    valueTag,
    // In the normal form chains report types in (`normalizeStructTag`: no space after commas).
    type: normalizeStructTag(`${SUI_FRAMEWORK}::dynamic_field::Field<${keyTag}, ${valueTag}>`),
    struct: moveStruct('Field', ['key'], { id: MoveTypes.UID, name: key, value }),
  };
}

/**
 * The id of the `Field` object of `key` in the table with id `tableId`: the one Sui derives for a
 * dynamic field (`derive_dynamic_field_id`: BLAKE2b-256 of the scope 0xf0, the table's id, the
 * key's BCS length and bytes and its type tag), so no index is needed to find it.
 */
export function dynamicFieldId<K extends AnyMoveType>(tableId: string, field: DynamicFieldType<K, AnyMoveType>, key: MoveInput<K>): string {
  const [, keyType] = field.struct.fields[1] as readonly [string, K];
  return normalizeSuiAddress(deriveDynamicFieldID(tableId, field.keyTag, keyType.bcs.serialize(key).toBytes()));
}

/** The Sui framework's address, in the long form chains report types with. */
export const SUI_FRAMEWORK = '0x0000000000000000000000000000000000000000000000000000000000000002';

/** `sui::balance::Balance<SUI>`. */
export const BalanceSui: MoveType<{ value: bigint }, { value: bigint }> = {
  move: 'Balance<SUI>',
  bcs: bcs.struct('Balance', { value: u64Codec }) as unknown as BcsType<{ value: bigint }, { value: bigint }>,
};

export function moveStruct<F extends Record<string, AnyMoveType>>(
  name: string,
  abilities: readonly Ability[],
  fields: F,
): MoveStructType<F> {
  const codecs: Record<string, BcsType<unknown, unknown>> = {};
  for (const [field, type] of Object.entries(fields)) codecs[field] = type.bcs;
  return {
    move: name,
    name,
    abilities,
    fields: Object.entries(fields),
    bcs: bcs.struct(name, codecs) as unknown as BcsType<StructValue<F>, StructInput<F>>,
  };
}

/** `sui::coin::Coin<SUI>`. */
export const CoinSui = { ...moveStruct('Coin', ['key', 'store'], { id: MoveTypes.UID, balance: BalanceSui }), move: 'Coin<SUI>' };

/** `sui::clock::Clock`: Sui's shared clock (0x6), its time in ms set at every checkpoint. */
export const ClockSui = moveStruct('Clock', ['key'], { id: MoveTypes.UID, timestamp_ms: MoveTypes.u64 });

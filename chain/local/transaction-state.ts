/**
 * The state one transaction sees and changes on the local chain: the objects it loaded, created,
 * deleted or wrapped, the `ObjectTable` entries it added, the ids it derived and the events it
 * emitted. Nothing reaches the database until `commit`, so an abort changes nothing.
 *
 * Object values are kept decoded (the schemas of `chain/schemas`) and re-encoded at commit; an
 * object's new version is the transaction's Lamport version (one more than the highest input
 * version), as on Sui.
 *
 * Sui's size limits apply here, failing the transaction as Sui does: an event above
 * `max_event_emit_size`, more events than `max_num_event_emit` or more event bytes than
 * `max_event_emit_size_total`, an object above `max_move_object_size`, more dynamic-field children
 * loaded than Sui's object runtime holds (`sui-limits.ts`). With a gas meter, objects read and
 * written and events emitted are charged by their size; the storage of what the transaction
 * writes, and the rebates of what it rewrites or frees, are listed for the ledger to charge
 * (`storageChanges`, gas.ts), and each object written records its new rebate.
 * @module
 */
import { fromBase58, normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import type { ObjectChange } from '../chain.ts';
import { SUI_CLOCK_TYPE, SUI_COIN_TYPE } from '../constants.ts';
import { ChainErrorCodes, ChainStoreError } from '../errors.ts';
import { type EventName, EventStructs } from '../schemas/events.ts';
import {
  type AnyMoveType,
  ClockSui,
  CoinSui,
  type DynamicFieldType,
  dynamicFieldId,
  MoveTypes as M,
  type MoveStructType,
  type TableValue,
} from '../schemas/move-type.ts';
import {
  DynamicFieldTypes,
  encryptedShareIdFieldOf,
  encryptionKeyIdFieldOf,
  ObjectStructsByModule,
  ObjectTableFieldByBytes,
  ObjectTableFieldById,
} from '../schemas/objects.ts';
import { proposalFieldOf, VaultStructs } from '../schemas/vault.ts';
import {
  MAX_CACHED_CHILD_OBJECTS,
  MAX_CHILD_OBJECT_STORE_ENTRIES,
  MAX_EVENT_SIZE,
  MAX_EVENTS_PER_TRANSACTION,
  MAX_EVENTS_TOTAL_SIZE,
  MAX_MOVE_OBJECT_SIZE,
} from '../sui-limits.ts';
import { ExecutionFailure } from './execution-failure.ts';
import { type GasMeter, objectStorageSize, storageCost } from './gas.ts';
import { frameworkAbort } from './move/abort.ts';
import { type ObjectStore, objectDigest, type StoredObject, type StoredOwner } from './object-store.ts';

// biome-ignore lint/suspicious/noExplicitAny: object values of every struct
export type AnyValue = any;

export interface LiveObject<T = AnyValue> {
  readonly id: string;
  readonly type: string;
  value: T;
  /** `pending` while a created or moved object has not been placed yet. */
  owner: StoredOwner | { kind: 'pending' };
  status: 'live' | 'deleted' | 'wrapped';
  /** The stored version before this transaction; null when created by it. */
  readonly original: StoredObject | null;
  /** An input of the transaction: its version moves even when its contents do not. */
  input: boolean;
  /** A wrapped object whose UID was taken out and deleted (it may never have had a row). */
  readonly unwrappedThenDeleted?: boolean;
  /** The storage rebate to record with the new version, once storage is charged (gas.ts). */
  storageRebate?: bigint;
}

/** An object of the transaction's storage charge: its size when written (null: deleted or wrapped) and the rebate it carried. */
export interface StorageChange {
  object: LiveObject;
  size: number | null;
  previousRebate: bigint;
}

export interface EmittedEvent {
  /** The struct's name (`SignRequested`, `EthereumTransferApproved`). */
  name: string;
  type: string;
  bcs: Uint8Array;
  /**
   * The module of the transaction's Move call that emitted it (Sui's `transaction_module`), set by
   * the executor: a coordinator event emitted inside a vault call reports `vault`.
   */
  module?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of structs of every shape
type AnyStruct = MoveStructType<any>;
// biome-ignore lint/suspicious/noExplicitAny: fields of every key and value type
type AnyDynamicField = DynamicFieldType<any, any>;

/** Maps full object types of the package (and SUI coins and the Clock) to their schemas. */
export class TypeRegistry {
  private readonly schemas = new Map<string, AnyStruct>();

  constructor(readonly packageId: string) {
    const objectStructs: Array<[string, readonly AnyStruct[]]> = [
      ['coordinator', ObjectStructsByModule.coordinator ?? []],
      ['vault', VaultStructs],
    ];
    for (const [module, structs] of objectStructs) {
      for (const struct of structs) if (struct.abilities.includes('key')) this.schemas.set(this.moduleType(module, struct.name), struct);
    }
    this.schemas.set(SUI_COIN_TYPE, CoinSui as AnyStruct);
    this.schemas.set(SUI_CLOCK_TYPE, ClockSui as AnyStruct);
    for (const field of [
      ...DynamicFieldTypes,
      proposalFieldOf(packageId),
      encryptionKeyIdFieldOf(packageId),
      encryptedShareIdFieldOf(packageId),
    ])
      this.schemas.set(field.type, field.struct as AnyStruct);
  }

  coordinatorType(name: string): string {
    return this.moduleType('coordinator', name);
  }

  /** The full type of struct `name` of the package's module `module`. */
  moduleType(module: string, name: string): string {
    return `${this.packageId}::${module}::${name}`;
  }

  schema(type: string): AnyStruct {
    const schema = this.schemas.get(type);
    if (!schema) throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `no schema for object type ${type}`);
    return schema;
  }

  has(type: string): boolean {
    return this.schemas.has(type);
  }
}

/** `HashingIntentScope::RegularObjectId` (sui: crates/shared-crypto/src/intent.rs). */
const REGULAR_OBJECT_ID_SCOPE = 0xf1;

/**
 * The id of the `creationNumber`-th object a transaction creates, as Sui derives it
 * (sui-types base_types.rs, `ObjectID::derive_id`): BLAKE2b-256 of the scope byte 0xf1, the
 * 32-byte transaction digest and the creation number as a little-endian u64.
 */
export function deriveObjectId(txDigest: Uint8Array, creationNumber: bigint): string {
  if (txDigest.length !== 32) throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, 'a transaction digest is 32 bytes');
  const data = new Uint8Array(41);
  data[0] = REGULAR_OBJECT_ID_SCOPE;
  data.set(txDigest, 1);
  new DataView(data.buffer).setBigUint64(33, creationNumber, true);
  return normalizeSuiAddress(toHex(blake2b(data, { dkLen: 32 })));
}

export class TransactionState {
  readonly events: EmittedEvent[] = [];
  private readonly objects = new Map<string, LiveObject>();
  private readonly newEntries: Array<{ tableId: string; key: string; objectId: string }> = [];
  /** Objects shared by this transaction (their initial shared version is the version it writes). */
  private readonly sharedHere = new Set<string>();
  private idsCreated = 0n;
  private eventBytes = 0;
  /** Dynamic-field children loaded, found or not (Sui's object runtime cache): `<table>/<key>` for a field, the id for an object. */
  private readonly childrenCached = new Set<string>();
  /** Dynamic-field children borrowed or added (Sui's object runtime store). */
  private readonly childrenStored = new Set<string>();

  constructor(
    readonly store: ObjectStore,
    readonly types: TypeRegistry,
    readonly txDigest: string,
    readonly sender: string,
    /** Charged for what the transaction reads, writes and emits (none for system transactions). */
    private readonly meter: GasMeter | null = null,
  ) {}

  get packageId(): string {
    return this.types.packageId;
  }

  /** A fresh object id, derived from the transaction digest and a creation counter as Sui does ({@link deriveObjectId}). */
  newId(): string {
    const id = deriveObjectId(fromBase58(this.txDigest), this.idsCreated);
    this.idsCreated += 1n;
    return id;
  }

  /** The object with this id as the transaction sees it (null when it does not exist now). */
  load(id: string): LiveObject | null {
    const known = this.objects.get(id);
    if (known) return known.status === 'live' ? known : null;
    const stored = this.store.get(id);
    if (!stored || stored.owner.kind === 'deleted' || stored.owner.kind === 'wrapped') return null;
    this.meter?.chargeBytes(stored.bcs.length, null);
    const object: LiveObject = {
      id,
      type: stored.type,
      value: this.types.schema(stored.type).bcs.parse(stored.bcs),
      owner: stored.owner,
      status: 'live',
      original: stored,
      input: false,
    };
    this.objects.set(id, object);
    return object;
  }

  /** Registers an object created by this transaction; its value's `id` field is its id. */
  create<T extends { id: string }>(type: string, value: T): LiveObject<T> {
    const object: LiveObject<T> = { id: value.id, type, value, owner: { kind: 'pending' }, status: 'live', original: null, input: false };
    this.objects.set(value.id, object);
    return object;
  }

  delete(object: LiveObject): void {
    object.status = 'deleted';
  }

  wrap(object: LiveObject): void {
    object.status = 'wrapped';
  }

  /**
   * An object taken out of the struct that wrapped it (`option::extract` of a field holding it):
   * live again, with `value` (the struct's copy of it), and no owner until the transaction places
   * it. Its stored row, when it has one, is the wrapped one, so commit reports it unwrapped; one
   * wrapped earlier in this transaction simply lives on.
   */
  unwrap<T extends { id: string }>(type: string, value: T): LiveObject<T> {
    const known = this.objects.get(value.id);
    if (known) {
      if (known.status !== 'wrapped') {
        throw new ChainStoreError(ChainErrorCodes.INTERNAL, `object ${value.id} taken out of a struct is not wrapped`);
      }
      known.status = 'live';
      known.value = value;
      known.owner = { kind: 'pending' };
      return known as LiveObject<T>;
    }
    const stored = this.store.get(value.id);
    if (stored === null || stored.owner.kind !== 'wrapped') {
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `object ${value.id} taken out of a struct is not wrapped on chain`);
    }
    const object: LiveObject<T> = { id: value.id, type, value, owner: { kind: 'pending' }, status: 'live', original: stored, input: false };
    this.objects.set(value.id, object);
    return object;
  }

  transfer(object: LiveObject, address: string): void {
    object.owner = { kind: 'address', address: normalizeSuiAddress(address) };
  }

  /**
   * `transfer::share_object` of an object this transaction created: it becomes shared from the
   * version the transaction writes (its initial shared version, known at commit).
   */
  share(object: LiveObject): void {
    if (object.original !== null)
      throw new ChainStoreError(ChainErrorCodes.INTERNAL, `object ${object.id} was not created by this transaction`);
    object.owner = { kind: 'shared', initialSharedVersion: 0n };
    this.sharedHere.add(object.id);
  }

  /**
   * Deletes the object of `type` behind a UID taken out of a struct (an object that was wrapped).
   * An object created and wrapped by one transaction was never written (Sui leaves it out of the
   * effects too), so it has no row: its deletion is recorded like that of one that had a row —
   * Sui's "unwrapped then deleted".
   */
  deleteUid(id: string, type: string): void {
    const known = this.objects.get(id);
    if (known) {
      known.status = 'deleted';
      return;
    }
    const stored = this.store.get(id);
    if (stored !== null && stored.owner.kind !== 'wrapped') {
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `UID ${id} taken out of a struct belongs to an object that is not wrapped`);
    }
    this.objects.set(id, {
      id,
      type: stored?.type ?? type,
      value: null,
      owner: stored?.owner ?? { kind: 'wrapped' },
      status: 'deleted',
      original: stored,
      input: false,
      unwrappedThenDeleted: true,
    });
  }

  private tableKey(keyType: AnyMoveType, key: unknown): string {
    return toHex(keyType.bcs.serialize(key).toBytes());
  }

  private tableChildId(tableId: string, key: string): string | null {
    const added = this.newEntries.find((entry) => entry.tableId === tableId && entry.key === key);
    return added ? added.objectId : this.store.tableEntry(tableId, key);
  }

  /**
   * Counts a dynamic-field child against Sui's object runtime limits: `cached` when it is looked
   * up (a miss too), `stored` when it is borrowed or added. Past a limit the transaction fails
   * with Sui's `MEMORY_LIMIT_EXCEEDED`.
   */
  private touchChild(child: string, stored: boolean): void {
    this.childrenCached.add(child);
    if (stored) this.childrenStored.add(child);
    const over =
      this.childrenCached.size > MAX_CACHED_CHILD_OBJECTS
        ? `Object runtime cached objects limit (${MAX_CACHED_CHILD_OBJECTS} entries) reached (Sui's object_runtime_max_num_cached_objects)`
        : this.childrenStored.size > MAX_CHILD_OBJECT_STORE_ENTRIES
          ? `Object runtime store limit (${MAX_CHILD_OBJECT_STORE_ENTRIES} entries) reached (Sui's object_runtime_max_num_store_entries)`
          : undefined;
    if (over !== undefined) throw new ExecutionFailure({ kind: 'Other', command: null, message: `MEMORY_LIMIT_EXCEEDED: ${over}` });
  }

  tableContains(table: { id: string }, keyType: AnyMoveType, key: unknown): boolean {
    const encoded = this.tableKey(keyType, key);
    this.touchChild(`${table.id}/${encoded}`, false);
    return this.tableChildId(table.id, encoded) !== null;
  }

  /** The value of an `ObjectTable` entry (mutable: changes are committed): its field, then the object. */
  tableBorrow<T = AnyValue>(table: { id: string }, keyType: AnyMoveType, key: unknown): T {
    const encoded = this.tableKey(keyType, key);
    const childId = this.tableChildId(table.id, encoded);
    this.touchChild(`${table.id}/${encoded}`, childId !== null);
    const child = childId ? this.load(childId) : null;
    if (!child) frameworkAbort('dynamic_field', 'EFieldDoesNotExist');
    this.touchChild(child.id, true);
    return child.value as T;
  }

  tableAdd(table: { id: string; size: bigint }, keyType: AnyMoveType, key: unknown, object: LiveObject): void {
    const encoded = this.tableKey(keyType, key);
    this.touchChild(`${table.id}/${encoded}`, false);
    if (this.tableChildId(table.id, encoded) !== null) frameworkAbort('dynamic_field', 'EFieldAlreadyExists');
    this.touchChild(`${table.id}/${encoded}`, true);
    this.touchChild(object.id, true);
    this.newEntries.push({ tableId: table.id, key: encoded, objectId: object.id });
    // As `dynamic_object_field::add`: a Field<Wrapper<K>, ID> owned by the table, at the id Sui
    // derives for it, holding the value's id; the value is owned by the field (so Sui reports it).
    const field: AnyDynamicField | undefined =
      keyType === M.bytes ? ObjectTableFieldByBytes : keyType === M.ID ? ObjectTableFieldById : undefined;
    if (field === undefined) throw new ChainStoreError(ChainErrorCodes.INTERNAL, `no object-table field type for keys of ${keyType.move}`);
    const fieldId = dynamicFieldId(table.id, field, key);
    const wrapper = this.create(field.type, { id: fieldId, name: key, value: object.id });
    wrapper.owner = { kind: 'object', parentId: table.id };
    object.owner = { kind: 'object', parentId: fieldId };
    table.size += 1n;
  }

  /** The `Field` object of `key` in a `sui::table::Table`, when it exists now (at the id Sui derives). */
  private field(table: TableValue, field: AnyDynamicField, key: unknown): LiveObject | null {
    return this.load(dynamicFieldId(table.id, field, key));
  }

  /** `table::contains`. */
  fieldContains(table: TableValue, field: AnyDynamicField, key: unknown): boolean {
    return this.field(table, field, key) !== null;
  }

  /** `table::borrow` / `borrow_mut` (changes to the value are committed); aborts as the framework does when absent. */
  fieldBorrow<T = AnyValue>(table: TableValue, field: AnyDynamicField, key: unknown): T {
    const object = this.field(table, field, key);
    if (!object) frameworkAbort('dynamic_field', 'EFieldDoesNotExist');
    return object.value.value as T;
  }

  /** `*table::borrow_mut(key) = value`; aborts as the framework does when absent. */
  fieldSet(table: TableValue, field: AnyDynamicField, key: unknown, value: unknown): void {
    const object = this.field(table, field, key);
    if (!object) frameworkAbort('dynamic_field', 'EFieldDoesNotExist');
    (object.value as { value: unknown }).value = value;
  }

  /** `table::add`: a new `Field` object owned by the table; aborts as the framework does when the key is taken. */
  fieldAdd(table: TableValue, field: AnyDynamicField, key: unknown, value: unknown): void {
    const id = dynamicFieldId(table.id, field, key);
    if (this.load(id) !== null) frameworkAbort('dynamic_field', 'EFieldAlreadyExists');
    const known = this.objects.get(id);
    if (known && known.original !== null && known.status === 'deleted') {
      // Removed earlier in this transaction: the same object lives on (Sui's effects show it mutated).
      known.status = 'live';
      known.value = { id, name: key, value };
    } else {
      const object = this.create(field.type, { id, name: key, value });
      object.owner = { kind: 'object', parentId: table.id };
    }
    table.size += 1n;
  }

  /** `table::remove`: deletes the `Field` object and returns its value. */
  fieldRemove<T = AnyValue>(table: TableValue, field: AnyDynamicField, key: unknown): T {
    const object = this.field(table, field, key);
    if (!object) frameworkAbort('dynamic_field', 'EFieldDoesNotExist');
    this.delete(object);
    table.size -= 1n;
    return object.value.value as T;
  }

  /** Emits an event of module `events` (the coordinator's). */
  emit(name: EventName, value: Record<string, unknown>): void {
    this.emitStruct('events', EventStructs[name] as AnyStruct, value);
  }

  /** `sui::event::emit` of a struct of the package's module `module` (`<package>::<module>::<Name>`). */
  emitStruct(module: string, schema: AnyStruct, value: Record<string, unknown>): void {
    const name = schema.name;
    const bcs = schema.bcs.serialize(value).toBytes();
    const tooMany =
      bcs.length > MAX_EVENT_SIZE
        ? `an event of ${bcs.length} bytes (${name}) is above Sui's max_event_emit_size (${MAX_EVENT_SIZE})`
        : this.events.length >= MAX_EVENTS_PER_TRANSACTION
          ? `more than Sui's max_num_event_emit (${MAX_EVENTS_PER_TRANSACTION}) events`
          : this.eventBytes + bcs.length > MAX_EVENTS_TOTAL_SIZE
            ? `more event bytes than Sui's max_event_emit_size_total (${MAX_EVENTS_TOTAL_SIZE})`
            : undefined;
    if (tooMany !== undefined) throw new ExecutionFailure({ kind: 'Other', command: null, message: `EventLimitExceeded: ${tooMany}` });
    this.meter?.chargeBytes(bcs.length, null);
    this.eventBytes += bcs.length;
    this.events.push({ name, type: this.types.moduleType(module, name), bcs });
  }

  /** Objects this transaction created or moved that have no owner yet. */
  unplaced(): LiveObject[] {
    return [...this.objects.values()].filter((o) => o.status === 'live' && o.owner.kind === 'pending');
  }

  /**
   * Before commit: checks every object the transaction leaves live against Sui's object size limit
   * (`MoveObjectTooBig`) and charges the bytes it will write. Nothing is written yet, so a failure
   * here leaves the store untouched.
   */
  checkWrites(): void {
    for (const object of this.objects.values()) {
      if (object.status !== 'live') continue;
      const size = this.types.schema(object.type).bcs.serialize(object.value).toBytes().length;
      if (size > MAX_MOVE_OBJECT_SIZE) {
        throw new ExecutionFailure({
          kind: 'Other',
          command: null,
          message: `MoveObjectTooBig: ${object.type} ${object.id} would be ${size} bytes, above Sui's max_move_object_size (${MAX_MOVE_OBJECT_SIZE})`,
        });
      }
      this.meter?.chargeBytes(size, null);
    }
  }

  /**
   * What `commit` will do with `object`: nothing (not changed; or created and then deleted or
   * wrapped, which is never written, as on Sui), remove it (deleted or wrapped), or write it
   * with `encoded` contents.
   */
  private pendingWrite(object: LiveObject): null | { removed: true } | { removed: false; encoded: Uint8Array } {
    if (object.original === null && object.status !== 'live' && object.unwrappedThenDeleted !== true) return null;
    if (object.status !== 'live') return { removed: true };
    const encoded = this.types.schema(object.type).bcs.serialize(object.value).toBytes();
    const original = object.original;
    const unchanged =
      original !== null &&
      !object.input &&
      object.owner.kind !== 'pending' &&
      sameOwner(original.owner, object.owner) &&
      original.bcs.length === encoded.length &&
      original.bcs.every((byte, i) => byte === encoded[i]);
    return unchanged ? null : { removed: false, encoded };
  }

  /**
   * What Sui's storage charge sees (gas.ts): each object `commit` will write, with its size for
   * gas metering, and each it will delete or wrap (size null), with the rebate each carried.
   */
  storageChanges(): StorageChange[] {
    const changes: StorageChange[] = [];
    for (const object of this.objects.values()) {
      const write = this.pendingWrite(object);
      if (write === null) continue;
      changes.push({
        object,
        size: write.removed ? null : objectStorageSize(object.type, write.encoded.length),
        previousRebate: object.original?.storageRebate ?? 0n,
      });
    }
    return changes;
  }

  /**
   * Gives each object written the rebate of its storage, as if paid: for the local chain's system
   * transactions (genesis, faucet), which stand for transactions that pay on Sui (the package's
   * publication, a faucet's transfer), so their objects carry a rebate as Sui's do.
   */
  prepaidStorage(): void {
    for (const change of this.storageChanges()) if (change.size !== null) change.object.storageRebate = storageCost(change.size);
  }

  /** Writes every change with version `lamport`; returns the effects' object changes. */
  commit(lamport: bigint): ObjectChange[] {
    const changes: ObjectChange[] = [];
    for (const object of this.objects.values()) {
      const write = this.pendingWrite(object);
      if (write === null) continue;
      if (write.removed) {
        const owner: StoredOwner = { kind: object.status === 'deleted' ? 'deleted' : 'wrapped' };
        const base = {
          id: object.id,
          version: lamport,
          type: object.type,
          owner,
          bcs: new Uint8Array(),
          previousTransaction: this.txDigest,
        };
        // Its rebate went back when it was deleted or wrapped (an unwrapped object carries none).
        this.store.put({ ...base, digest: objectDigest(base), storageRebate: 0n });
        changes.push({
          objectId: object.id,
          change: object.status === 'deleted' ? 'deleted' : 'wrapped',
          version: null,
          digest: null,
          type: object.type,
          owner: null,
          ...inputOf(object.original),
        });
        continue;
      }
      if (object.owner.kind === 'pending') {
        throw new ChainStoreError(ChainErrorCodes.INTERNAL, `object ${object.id} was left without an owner`);
      }
      if (this.sharedHere.has(object.id)) object.owner = { kind: 'shared', initialSharedVersion: lamport };
      const original = object.original;
      const base = {
        id: object.id,
        version: lamport,
        type: object.type,
        owner: object.owner,
        bcs: write.encoded,
        previousTransaction: this.txDigest,
      };
      const digest = objectDigest(base);
      // Without a storage charge (system transactions, a transaction out of gas) an object keeps its rebate.
      this.store.put({ ...base, digest, storageRebate: object.storageRebate ?? original?.storageRebate ?? 0n });
      changes.push({
        objectId: object.id,
        change: original === null ? 'created' : original.owner.kind === 'wrapped' ? 'unwrapped' : 'mutated',
        version: lamport,
        digest,
        type: object.type,
        owner: object.owner as ObjectChange['owner'],
        ...inputOf(original),
      });
    }
    for (const entry of this.newEntries) this.store.putTableEntry(entry.tableId, entry.key, entry.objectId);
    return changes;
  }
}

function sameOwner(a: StoredOwner, b: StoredOwner): boolean {
  return (
    JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ===
    JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  );
}

/** The `input` of an object change: the stored object before the transaction, when it was readable. */
function inputOf(original: StoredObject | null): Pick<ObjectChange, 'input'> {
  if (original === null || original.owner.kind === 'wrapped' || original.owner.kind === 'deleted') return {};
  return { input: { version: original.version, digest: original.digest, owner: original.owner } };
}

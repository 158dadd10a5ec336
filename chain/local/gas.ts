/**
 * Gas on the local chain, as Sui charges it (gas model v2: `crates/sui-types/src/gas_model/gas_v2.rs`
 * in MystenLabs/sui): computation for the work a transaction makes the chain do, and storage for
 * the bytes it leaves on chain, part of which comes back when those bytes are freed.
 *
 * Computation units:
 * - a fixed base of {@link BASE_COMPUTATION_UNITS} per transaction (Sui's `base_tx_cost_fixed`,
 *   protocol version 18 on, where it is a multiple of the gas price), which is also the least a
 *   budget must cover for the transaction to be run at all;
 * - {@link UNITS_PER_COMMAND} per command;
 * - one unit per {@link BYTES_PER_UNIT} bytes the chain handles: pure inputs decoded, bytes
 *   appended by `0x1::vector::append`, objects read and written, events emitted;
 * - the total rounded up to a multiple of {@link GAS_ROUNDING_STEP} (Sui's `gas_rounding_step`,
 *   protocol version 14 on).
 * The computation cost is the units times the gas price. Execution stops with `InsufficientGas`
 * once it passes the computation budget: the budget, capped at {@link MAX_GAS_COMPUTATION_BUCKET}
 * units (Sui's `max_gas_computation_bucket`); and, as Sui's `bucketize_computation`, a rounded
 * cost that reaches the budget fails too.
 *
 * Storage, once the transaction has run (Sui's `collect_storage_and_rebate` and
 * `charge_storage_and_rebate`):
 * - every object written (created, mutated — a mutable input counts even when unchanged, as Sui
 *   bumps its version — or unwrapped) costs its size for gas metering ({@link objectStorageSize},
 *   Sui's `Object::object_size_for_gas_metering`) × {@link STORAGE_UNITS_PER_BYTE}
 *   (`obj_data_cost_refundable`) × {@link STORAGE_GAS_PRICE} (`storage_gas_price`); that cost
 *   becomes the object's `storage_rebate`;
 * - every object rewritten, deleted or wrapped gives back the `storage_rebate` it carried: the
 *   sender gets {@link STORAGE_REBATE_RATE} of it (`storage_rebate_rate`, 99 %, rounded half up),
 *   the rest is the non-refundable storage fee;
 * - the transaction fails with `InsufficientGas` when what the budget has left after computation
 *   does not cover storage − rebate. Sui's `obj_metadata_cost_non_refundable` is not charged: gas
 *   model v2 does not use it.
 * The gas coin pays computation + storage − rebate (a credit when it is negative).
 *
 * A transaction that fails pays its computation and the storage of its gas coin (rewritten with
 * its new balance; the other gas coins, merged into it, are deleted and give their rebate back).
 * One that runs out of gas pays its whole budget as computation, and no storage: its gas coin
 * keeps its rebate, as on Sui (`adjust_computation_on_out_of_gas`).
 *
 * What is Sui's here is the base, the rounding, the computation cap, the storage prices, sizes and
 * rebates, and the out-of-gas rules; the per-command and per-byte computation prices stand in for
 * Sui's per-instruction metering of the Move VM, which the local chain does not run. They put a
 * typical request at 2,000 units (2,000,000 MIST at the reference price), in line with what Sui
 * charges for computation, and the largest transaction the limits allow (`sui-limits.ts`) at a few
 * tens of thousands. Each `ObjectTable` entry is one object here; on Sui it is two (the entry's
 * `dynamic_field::Field` and the object it points to), so Sui charges an entry's creation about
 * 3 million MIST more storage than the local chain does (a `Field` of some 390 bytes for an ID key).
 *
 * Source of every Sui number: `crates/sui-protocol-config/src/lib.rs`, the value in force since the
 * protocol version named (unchanged since, as of protocol version 134).
 * @module
 */
import { bcs, TypeTagSerializer } from '@mysten/sui/bcs';
import type { GasCostSummary } from '../chain.ts';
import { SUI_COIN_TYPE } from '../constants.ts';
import { ExecutionFailure } from './execution-failure.ts';

/** Sui's `base_tx_cost_fixed` (protocol version 18 on). */
export const BASE_COMPUTATION_UNITS = 1000n;
/** Sui's `gas_rounding_step` (protocol version 14 on). */
export const GAS_ROUNDING_STEP = 1000n;
/** Sui's `max_gas_computation_bucket` (v1): the most computation units a transaction can pay for. */
export const MAX_GAS_COMPUTATION_BUCKET = 5_000_000n;
/** Sui's `obj_data_cost_refundable` (v1): storage units per byte of an object written. */
export const STORAGE_UNITS_PER_BYTE = 100n;
/** Sui's `storage_gas_price` (v3): MIST per storage unit. */
export const STORAGE_GAS_PRICE = 76n;
/** Sui's `storage_rebate_rate` (v1), in basis points: the part of a freed object's rebate the sender gets back. */
export const STORAGE_REBATE_RATE = 9900n;
const BASIS_POINTS = 10_000n;
/** The local chain's price of dispatching one command. */
export const UNITS_PER_COMMAND = 50n;
/** The local chain's price of handling bytes: one unit per this many. */
export const BYTES_PER_UNIT = 64;

/**
 * The fixed part of Sui's `Object::object_size_for_gas_metering`: its owner (40 bytes for an
 * address, object, shared or immutable owner), previous transaction digest (32) and storage rebate
 * (8); and of `MoveObject::object_size_for_gas_metering`: `has_public_transfer` (1) and version (8).
 */
const OBJECT_FIXED_SIZE = 40 + 32 + 8 + 1 + 8;

const typeSizes = new Map<string, number>([
  // MoveObjectType::GasCoin: the enum's variant alone.
  [SUI_COIN_TYPE, 1],
]);

/**
 * The BCS size of Sui's `MoveObjectType` of `type`: `Other(StructTag)` (one byte of variant and
 * the struct tag: as large as a `TypeTag::Struct`) for the package's objects, one byte for a SUI coin.
 */
function moveObjectTypeSize(type: string): number {
  let size = typeSizes.get(type);
  if (size === undefined) {
    size = bcs.TypeTag.serialize(TypeTagSerializer.parseFromStr(type, true)).toBytes().length;
    typeSizes.set(type, size);
  }
  return size;
}

/** Sui's `Object::object_size_for_gas_metering` of a Move object of `type` with `contents` bytes of BCS. */
export function objectStorageSize(type: string, contents: number): number {
  return OBJECT_FIXED_SIZE + moveObjectTypeSize(type) + contents;
}

/** What storing an object of `size` bytes costs, and so the rebate it then carries. */
export function storageCost(size: number): bigint {
  return BigInt(size) * STORAGE_UNITS_PER_BYTE * STORAGE_GAS_PRICE;
}

/** The sender's part of a rebate: Sui's `sender_rebate`, rounded half up. */
export function senderRebate(rebate: bigint): bigint {
  return (rebate * STORAGE_REBATE_RATE + BASIS_POINTS / 2n) / BASIS_POINTS;
}

/** Counts what one transaction pays and stops it when its budget is spent. */
export class GasMeter {
  #units = BASE_COMPUTATION_UNITS;
  /** Why the transaction ran out of gas, if it did: it then pays its whole budget as computation. */
  #exhausted: 'computation' | 'storage' | null = null;
  #storageCost = 0n;
  #rebate = 0n;
  /** The budget for computation: the whole budget, at most `max_gas_computation_bucket` units. */
  readonly computationBudget: bigint;

  constructor(
    readonly price: bigint,
    readonly budget: bigint,
  ) {
    const cap = MAX_GAS_COMPUTATION_BUCKET * price;
    this.computationBudget = budget < cap ? budget : cap;
  }

  /** Units so far, rounded up to the rounding step. */
  get units(): bigint {
    return ((this.#units + GAS_ROUNDING_STEP - 1n) / GAS_ROUNDING_STEP) * GAS_ROUNDING_STEP;
  }

  /** The computation cost: the units times the price, or the whole budget once it ran out. */
  get computationCost(): bigint {
    return this.#exhausted === null ? this.units * this.price : this.budget;
  }

  /** Whether the transaction ran out of gas, and where. */
  get exhausted(): 'computation' | 'storage' | null {
    return this.#exhausted;
  }

  private outOfGas(where: 'computation' | 'storage', command: number | null, need: string): never {
    this.#exhausted = where;
    this.#storageCost = 0n;
    this.#rebate = 0n;
    throw new ExecutionFailure({
      kind: 'Other',
      command,
      message: `InsufficientGas: the transaction needs ${need}, more than its budget of ${this.budget} MIST`,
    });
  }

  /** Charges `units` for work done by `command` (null: outside any command); fails the transaction past the computation budget. */
  charge(units: bigint, command: number | null): void {
    this.#units += units;
    if (this.#units * this.price > this.computationBudget) {
      this.outOfGas(
        'computation',
        command,
        `more than ${this.computationBudget} MIST of computation (${this.#units} units at ${this.price})`,
      );
    }
  }

  /** Charges for handling `bytes` bytes. */
  chargeBytes(bytes: number, command: number | null): void {
    this.charge(BigInt(Math.ceil(bytes / BYTES_PER_UNIT)), command);
  }

  /** Sui's `bucketize_computation`: the rounded computation cost must stay below the budget. */
  finishComputation(): void {
    if (this.#exhausted !== null) return;
    const cost = this.units * this.price;
    if (this.budget <= cost) this.outOfGas('computation', null, `${cost} MIST of computation (${this.units} units at ${this.price})`);
  }

  /**
   * Sui's `track_storage_mutation`: an object written with `size` bytes (null: deleted or wrapped)
   * that carried `previousRebate`. Returns the rebate it carries from now on (its storage cost).
   */
  trackStorage(size: number | null, previousRebate: bigint): bigint {
    const cost = size === null ? 0n : storageCost(size);
    this.#storageCost += cost;
    this.#rebate += previousRebate;
    return cost;
  }

  /** Forgets the storage tracked so far (the transaction's writes were dropped). */
  resetStorage(): void {
    this.#storageCost = 0n;
    this.#rebate = 0n;
  }

  /**
   * Sui's `charge_storage_and_rebate`: what the budget has left after computation must cover
   * storage − rebate; otherwise the transaction runs out of gas and pays its whole budget.
   */
  chargeStorage(): void {
    const rebate = senderRebate(this.#rebate);
    if (rebate >= this.#storageCost) return;
    if (this.budget - this.computationCost < this.#storageCost - rebate) {
      const storage = this.#storageCost;
      this.#exhausted = 'storage';
      this.outOfGas('storage', null, `${this.computationCost} MIST of computation and ${storage - rebate} of storage net of rebates`);
    }
  }

  /** Sui's `GasCostSummary` of what was tracked. */
  summary(): GasCostSummary {
    const rebate = senderRebate(this.#rebate);
    return {
      computationCost: this.computationCost,
      storageCost: this.#storageCost,
      storageRebate: rebate,
      nonRefundableStorageFee: this.#rebate - rebate,
    };
  }
}

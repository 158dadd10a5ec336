/**
 * Gas on the local chain: a transaction pays for the work it makes the chain do, so that a large
 * or repetitive transaction costs in proportion to the time it holds the (single-threaded) chain.
 *
 * Computation units, as Sui counts them:
 * - a fixed base of {@link BASE_COMPUTATION_UNITS} per transaction (Sui's `base_tx_cost_fixed`,
 *   protocol version 18 on, where it is a multiple of the gas price), which is also the least a
 *   budget must cover for the transaction to be run at all;
 * - {@link UNITS_PER_COMMAND} per command;
 * - one unit per {@link BYTES_PER_UNIT} bytes the chain handles: pure inputs decoded, bytes
 *   appended by `0x1::vector::append`, objects read and written, events emitted;
 * - the total rounded up to a multiple of {@link GAS_ROUNDING_STEP} (Sui's `gas_rounding_step`,
 *   protocol version 14 on).
 * The cost is the units times the gas price. When it passes the budget the transaction fails with
 * `InsufficientGas` and the whole budget is charged, as on Sui.
 *
 * What is Sui's here is the base, the rounding and the out-of-gas rule; the per-command and
 * per-byte prices stand in for Sui's per-instruction metering of the Move VM, which the local chain
 * does not run. They put a typical request at 2,000 units (2,000,000 MIST at the reference price),
 * in line with what Sui charges for computation, and the largest transaction the limits allow
 * (`sui-limits.ts`) at a few tens of thousands. Storage fees and rebates are not modelled.
 * @module
 */
import { ExecutionFailure } from './execution-failure.ts';

/** Sui's `base_tx_cost_fixed` (protocol version 18 on). */
export const BASE_COMPUTATION_UNITS = 1000n;
/** Sui's `gas_rounding_step` (protocol version 14 on). */
export const GAS_ROUNDING_STEP = 1000n;
/** The local chain's price of dispatching one command. */
export const UNITS_PER_COMMAND = 50n;
/** The local chain's price of handling bytes: one unit per this many. */
export const BYTES_PER_UNIT = 64;

/** Counts the computation units of one transaction and stops it when its budget is spent. */
export class GasMeter {
  #units = BASE_COMPUTATION_UNITS;
  #exhausted = false;

  constructor(
    readonly price: bigint,
    readonly budget: bigint,
  ) {}

  /** Units so far, rounded up to the rounding step. */
  get units(): bigint {
    return ((this.#units + GAS_ROUNDING_STEP - 1n) / GAS_ROUNDING_STEP) * GAS_ROUNDING_STEP;
  }

  /** What the transaction pays: the units times the price, or the whole budget once it ran out. */
  get cost(): bigint {
    return this.#exhausted ? this.budget : this.units * this.price;
  }

  /** Charges `units` for work done by `command` (null: outside any command); fails the transaction past the budget. */
  charge(units: bigint, command: number | null): void {
    this.#units += units;
    if (this.units * this.price > this.budget) {
      this.#exhausted = true;
      throw new ExecutionFailure({
        kind: 'Other',
        command,
        message: `InsufficientGas: the transaction needs more than its budget of ${this.budget} MIST (${this.units} units at ${this.price})`,
      });
    }
  }

  /** Charges for handling `bytes` bytes. */
  chargeBytes(bytes: number, command: number | null): void {
    this.charge(BigInt(Math.ceil(bytes / BYTES_PER_UNIT)), command);
  }
}

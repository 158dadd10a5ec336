/**
 * Runs the commands of a programmable transaction on the local chain, with Sui's rules for
 * values: arguments are inputs, the gas coin or results of earlier commands; an object passed by
 * value is moved and cannot be used again; pure bytes are decoded strictly for the parameter type
 * they are used as (malformed bytes fail the command with `InvalidBCSBytes`); a result that is an
 * object without `drop` must be consumed (transferred, passed by value) or the transaction fails
 * with `UnusedValueWithoutDrop`.
 *
 * Supported commands: `MoveCall` into the public functions of the `dwallet` package's modules
 * with entry points (`coordinator`, `vault`: `schemas/package-functions.ts`, each run by its
 * mirror in `move/`), `0x1::vector::append<u8>` (to assemble byte arguments larger than one pure
 * argument),
 * `SplitCoins`, `MergeCoins`, `TransferObjects`. The ledger refuses anything else before execution,
 * and checks the command and argument counts against Sui's limits (`sui-limits.ts`).
 *
 * Work is linear in the transaction: a pure input is decoded once however often it is used, and
 * `vector::append` grows its target in place (amortised doubling) instead of copying it, up to
 * Sui's `max_move_vector_len`. Every command and every byte handled is charged to the gas meter.
 * @module
 */
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeExact } from '../../mpc/encoding/decode.ts';
import { abortName } from '../abort-codes.ts';
import { SUI_CLOCK_TYPE, SUI_COIN_TYPE } from '../constants.ts';
import { PURE_TYPES } from '../schemas/functions.ts';
import { type PackageModule, packageFunction, packageObjectOf } from '../schemas/package-functions.ts';
import { MAX_MOVE_VECTOR_LENGTH } from '../sui-limits.ts';
import { ExecutionFailure } from './execution-failure.ts';
import { type GasMeter, UNITS_PER_COMMAND } from './gas.ts';
import { MoveAbort } from './move/abort.ts';
import { MAX_U64, MoveArithmeticError } from './move/arithmetic.ts';
import { MIRRORS, type MirrorFunction } from './move/mirrors.ts';
import type { LiveObject, TransactionState } from './transaction-state.ts';

export type Argument = { GasCoin: true } | { Input: number } | { Result: number } | { NestedResult: [number, number] };

export type Command =
  | { MoveCall: { package: string; module: string; function: string; typeArguments: string[]; arguments: Argument[] } }
  | { TransferObjects: { objects: Argument[]; address: Argument } }
  | { SplitCoins: { coin: Argument; amounts: Argument[] } }
  | { MergeCoins: { destination: Argument; sources: Argument[] } };

export type ResolvedInput = { kind: 'pure'; bytes: Uint8Array } | { kind: 'object'; object: LiveObject; shared: boolean; mutable: boolean };

/**
 * A `vector<u8>` value that `vector::append` extends in place: appends write past the current
 * length (into spare capacity, or a buffer twice as large), so bytes already handed to a call
 * (as a view of the first `length` bytes) never change, and n appends cost O(total length).
 */
class GrowingBytes {
  #buffer: Uint8Array;
  #length: number;

  constructor(initial: Uint8Array) {
    this.#buffer = initial.slice();
    this.#length = initial.length;
  }

  get length(): number {
    return this.#length;
  }

  append(tail: Uint8Array): void {
    const needed = this.#length + tail.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#length), 0);
      this.#buffer = grown;
    }
    this.#buffer.set(tail, this.#length);
    this.#length = needed;
  }

  /** The bytes so far (a view: later appends do not change it). */
  view(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }
}

type Slot =
  | { kind: 'pure'; bytes: Uint8Array; decodedBytes?: Uint8Array }
  | { kind: 'bytes'; value: GrowingBytes }
  | {
      kind: 'object';
      object: LiveObject;
      origin: 'input' | 'gas' | 'result';
      shared: boolean;
      mutable: boolean;
      moved: boolean;
      command: number;
    }
  | { kind: 'value'; type: string; value: unknown; copy: boolean; moved: boolean };

const VALUE_RETURNS_WITHOUT_COPY = new Set(['MessageApproval']);
export const STD_PACKAGE = normalizeSuiAddress('0x1');

export class PtbExecutor {
  private readonly inputs: Slot[];
  private readonly results: Slot[][] = [];
  private readonly gas: Slot;

  constructor(
    private readonly st: TransactionState,
    inputs: ResolvedInput[],
    gasCoin: LiveObject,
    private readonly meter: GasMeter,
  ) {
    this.inputs = inputs.map((input) =>
      input.kind === 'pure'
        ? { kind: 'pure', bytes: input.bytes }
        : {
            kind: 'object',
            object: input.object,
            origin: 'input',
            shared: input.shared,
            mutable: input.mutable,
            moved: false,
            command: -1,
          },
    );
    this.gas = { kind: 'object', object: gasCoin, origin: 'gas', shared: false, mutable: true, moved: false, command: -1 };
  }

  run(commands: Command[]): void {
    commands.forEach((command, index) => {
      this.meter.charge(UNITS_PER_COMMAND, index);
      this.results.push(this.execute(command, index));
    });
    for (const [index, slots] of this.results.entries()) {
      for (const slot of slots) {
        if (slot.kind === 'object' && !slot.moved) {
          throw new ExecutionFailure({
            kind: 'UnusedValueWithoutDrop',
            command: index,
            // Sui's text for this failure (sui-types ExecutionFailureStatus::UnusedValueWithoutDrop).
            message: `Unused result without the drop ability. Command result ${index}, return value ${slots.indexOf(slot)} (${slot.object.type})`,
          });
        }
      }
    }
  }

  private argumentError(command: number, argument: number, reason: string, message: string): never {
    throw new ExecutionFailure({ kind: 'CommandArgumentError', command, argument, reason, message });
  }

  private other(command: number, message: string): never {
    throw new ExecutionFailure({ kind: 'Other', command, message });
  }

  private slot(argument: Argument, command: number, position: number): Slot {
    if ('GasCoin' in argument) return this.gas;
    if ('Input' in argument) {
      const slot = this.inputs[argument.Input];
      if (!slot) this.argumentError(command, position, 'IndexOutOfBounds', `input ${argument.Input} does not exist`);
      return slot;
    }
    if ('Result' in argument) {
      const slots = argument.Result < command ? this.results[argument.Result] : undefined;
      if (!slots) this.argumentError(command, position, 'IndexOutOfBounds', `result ${argument.Result} is not of an earlier command`);
      if (slots.length !== 1)
        this.argumentError(command, position, 'InvalidResultArity', `command ${argument.Result} returned ${slots.length} values`);
      return slots[0] as Slot;
    }
    const [index, nested] = argument.NestedResult;
    const slot = index < command ? this.results[index]?.[nested] : undefined;
    if (!slot) this.argumentError(command, position, 'IndexOutOfBounds', `result ${index}.${nested} does not exist`);
    return slot;
  }

  private objectSlot(argument: Argument, command: number, position: number, type: string): Extract<Slot, { kind: 'object' }> {
    const slot = this.slot(argument, command, position);
    if (slot.kind !== 'object' || slot.object.type !== type) {
      this.argumentError(command, position, 'TypeMismatch', `argument ${position} is not a ${type}`);
    }
    if (slot.moved) this.argumentError(command, position, 'ArgumentWithoutValue', `argument ${position} was moved by an earlier command`);
    return slot;
  }

  private moveObject(slot: Extract<Slot, { kind: 'object' }>, command: number, position: number): LiveObject {
    if (slot.origin === 'gas')
      this.argumentError(command, position, 'InvalidGasCoinUsage', 'the gas coin can only be passed by value to TransferObjects');
    if (slot.shared) this.argumentError(command, position, 'InvalidObjectByValue', 'a shared object cannot be passed by value');
    slot.moved = true;
    slot.object.owner = { kind: 'pending' };
    return slot.object;
  }

  private pure(argument: Argument, command: number, position: number, type: string): unknown {
    const codec = PURE_TYPES[type];
    if (!codec) this.argumentError(command, position, 'TypeMismatch', `no pure type ${type}`);
    const slot = this.slot(argument, command, position);
    if (slot.kind === 'value' && slot.type === type) {
      if (slot.moved) this.argumentError(command, position, 'ArgumentWithoutValue', `argument ${position} was moved`);
      return slot.value;
    }
    if (slot.kind === 'bytes' && type === 'vector<u8>') return slot.value.view();
    if (slot.kind !== 'pure') this.argumentError(command, position, 'TypeMismatch', `argument ${position} must be a ${type}`);
    // Bytes are decoded once per input, however many commands use them (an input may be appended many times).
    if (type === 'vector<u8>' && slot.decodedBytes !== undefined) return slot.decodedBytes;
    this.meter.chargeBytes(slot.bytes.length, command);
    try {
      const value = decodeExact(codec.bcs, slot.bytes, type);
      if (type === 'vector<u8>') slot.decodedBytes = value as Uint8Array;
      return value;
    } catch (error) {
      return this.argumentError(
        command,
        position,
        'InvalidBCSBytes',
        `argument ${position} is not a valid ${type}: ${(error as Error).message}`,
      );
    }
  }

  private execute(command: Command, index: number): Slot[] {
    if ('MoveCall' in command) return this.moveCall(command.MoveCall, index);
    if ('TransferObjects' in command) return this.transferObjects(command.TransferObjects, index);
    if ('SplitCoins' in command) return this.splitCoins(command.SplitCoins, index);
    return this.mergeCoins(command.MergeCoins, index);
  }

  private moveCall(call: Extract<Command, { MoveCall: unknown }>['MoveCall'], index: number): Slot[] {
    if (normalizeSuiAddress(call.package) === STD_PACKAGE) return this.vectorAppend(call.arguments, index);
    const name = call.function;
    const spec = packageFunction(call.module, name);
    // The ledger refuses a call to anything else before execution; this is its second line.
    if (spec === undefined) this.other(index, `FunctionNotFound: ${call.module}::${name}`);
    const params = spec.params.filter(([, type]) => type !== '&mut TxContext');
    if (call.arguments.length !== params.length) {
      this.other(index, `ArityMismatch: ${name} takes ${params.length} arguments, got ${call.arguments.length}`);
    }
    const args: Record<string, unknown> = {};
    params.forEach(([param, type], position) => {
      args[param] = this.argument(call.arguments[position] as Argument, index, position, type);
    });
    const implementation = MIRRORS[call.module as PackageModule][name] as MirrorFunction;
    const firstEvent = this.st.events.length;
    let returned: unknown;
    try {
      // A coordinator function's `self` is its first argument (the mirror's convention).
      returned = implementation(this.st, args.self ?? null, args);
    } catch (error) {
      if (error instanceof MoveArithmeticError) {
        this.other(index, `MovePrimitiveRuntimeError: command ${index} (${name}) failed with an ${error.message}`);
      }
      if (error instanceof MoveAbort) {
        const packageId = error.framework ? normalizeSuiAddress('0x2') : this.st.packageId;
        throw new ExecutionFailure({
          kind: 'MoveAbort',
          packageId,
          module: error.module,
          functionName: error.framework ? null : (error.functionName ?? name),
          code: error.code,
          abortName: abortName(error.module, error.code, error.framework) ?? null,
          command: index,
          message: `command ${index} (${call.module}::${name}) aborted: ${error.message}`,
        });
      }
      throw error;
    }
    for (const event of this.st.events.slice(firstEvent)) event.module = call.module;
    const [returnType] = spec.returns;
    if (returnType === undefined) return [];
    const returnedObject = packageObjectOf(returnType);
    if (returnType === 'Coin<SUI>' || (returnedObject !== undefined && !returnedObject.shared)) {
      return [
        { kind: 'object', object: returned as LiveObject, origin: 'result', shared: false, mutable: true, moved: false, command: index },
      ];
    }
    return [{ kind: 'value', type: returnType, value: returned, copy: !VALUE_RETURNS_WITHOUT_COPY.has(returnType), moved: false }];
  }

  /**
   * One argument of a Move call, as its parameter `type` takes it: a shared object of the package
   * by reference (its value: `&mut` needs a mutable input), an owned one by reference (the object)
   * or by value (moved), the Clock, a coin by value, a `MessageApproval` by value, or a pure value.
   */
  private argument(argument: Argument, index: number, position: number, type: string): unknown {
    const object = packageObjectOf(type);
    const byReference = type.startsWith('&');
    if (object?.shared) {
      if (!byReference) this.argumentError(index, position, 'InvalidObjectByValue', `a shared ${object.name} cannot be passed by value`);
      const slot = this.objectSlot(argument, index, position, this.st.types.moduleType(object.module, object.name));
      if (type.startsWith('&mut ') && !slot.mutable) {
        this.argumentError(index, position, 'InvalidObjectByMutRef', `the ${object.name} was passed as an immutable shared input`);
      }
      return slot.object.value;
    }
    if (object !== undefined) {
      // An owned object: its owner alone could sign for it.
      const slot = this.objectSlot(argument, index, position, this.st.types.moduleType(object.module, object.name));
      return byReference ? slot.object : this.moveObject(slot, index, position);
    }
    if (type === '&Clock') {
      // The shared Clock, read only (the ledger refuses it as a mutable input).
      return this.objectSlot(argument, index, position, SUI_CLOCK_TYPE).object.value;
    }
    if (type === 'Coin<SUI>') return this.moveObject(this.objectSlot(argument, index, position, SUI_COIN_TYPE), index, position);
    if (type === 'MessageApproval') {
      const slot = this.slot(argument, index, position);
      if (slot.kind !== 'value' || slot.type !== type)
        this.argumentError(index, position, 'TypeMismatch', `argument ${position} is not a MessageApproval`);
      if (slot.moved) this.argumentError(index, position, 'ArgumentWithoutValue', `argument ${position} was moved by an earlier command`);
      slot.moved = true;
      return slot.value;
    }
    return this.pure(argument, index, position, type);
  }

  /** `0x1::vector::append<u8>(&mut vector<u8>, vector<u8>)`: the target grows in place. */
  private vectorAppend(args: Argument[], index: number): Slot[] {
    if (args.length !== 2) this.other(index, 'ArityMismatch: vector::append takes 2 arguments');
    const target = this.slot(args[0] as Argument, index, 0);
    const tail = this.pure(args[1] as Argument, index, 1, 'vector<u8>') as Uint8Array;
    let grown: GrowingBytes;
    if (target.kind === 'bytes') {
      grown = target.value;
    } else if (target.kind === 'pure') {
      grown = new GrowingBytes(this.pure(args[0] as Argument, index, 0, 'vector<u8>') as Uint8Array);
      this.replaceSlot(args[0] as Argument, { kind: 'bytes', value: grown });
    } else {
      return this.argumentError(index, 0, 'TypeMismatch', 'vector::append needs a vector<u8>');
    }
    if (grown.length + tail.length > MAX_MOVE_VECTOR_LENGTH) {
      this.other(
        index,
        `VectorOperationError: vector::append would make a vector of ${grown.length + tail.length} elements, above Sui's max_move_vector_len (${MAX_MOVE_VECTOR_LENGTH})`,
      );
    }
    this.meter.chargeBytes(tail.length, index);
    grown.append(tail);
    return [];
  }

  private replaceSlot(argument: Argument, slot: Slot): void {
    if ('Input' in argument) this.inputs[argument.Input] = slot;
    else if ('Result' in argument) (this.results[argument.Result] as Slot[])[0] = slot;
    else if ('NestedResult' in argument) (this.results[argument.NestedResult[0]] as Slot[])[argument.NestedResult[1]] = slot;
  }

  private transferObjects(command: Extract<Command, { TransferObjects: unknown }>['TransferObjects'], index: number): Slot[] {
    const recipientSlot = this.slot(command.address, index, command.objects.length);
    let recipient: string;
    if (recipientSlot.kind === 'value' && recipientSlot.type === 'address') recipient = recipientSlot.value as string;
    else if (recipientSlot.kind === 'pure') {
      try {
        recipient = decodeExact(bcs.Address, recipientSlot.bytes, 'address');
      } catch (error) {
        return this.argumentError(
          index,
          command.objects.length,
          'InvalidBCSBytes',
          `the recipient is not an address: ${(error as Error).message}`,
        );
      }
    } else return this.argumentError(index, command.objects.length, 'TypeMismatch', 'the recipient must be an address');
    command.objects.forEach((argument, position) => {
      const slot = this.slot(argument, index, position);
      if (slot.kind !== 'object') this.argumentError(index, position, 'TypeMismatch', `argument ${position} is not an object`);
      if (slot.moved) this.argumentError(index, position, 'ArgumentWithoutValue', `argument ${position} was moved by an earlier command`);
      if (slot.shared) this.argumentError(index, position, 'InvalidObjectByValue', 'a shared object cannot be transferred');
      const schema = this.st.types.schema(slot.object.type);
      if (!schema.abilities.includes('store'))
        this.argumentError(index, position, 'InvalidTransferObject', `${slot.object.type} has no store ability`);
      slot.moved = true;
      this.st.transfer(slot.object, recipient);
    });
    return [];
  }

  private coinSlot(argument: Argument, index: number, position: number): Extract<Slot, { kind: 'object' }> {
    return this.objectSlot(argument, index, position, SUI_COIN_TYPE);
  }

  private splitCoins(command: Extract<Command, { SplitCoins: unknown }>['SplitCoins'], index: number): Slot[] {
    const source = this.coinSlot(command.coin, index, 0);
    const balance = source.object.value.balance as { value: bigint };
    return command.amounts.map((argument, position) => {
      const amount = this.pure(argument, index, position + 1, 'u64') as bigint;
      if (amount > balance.value) this.other(index, `InsufficientCoinBalance: cannot split ${amount} from a coin of ${balance.value}`);
      balance.value -= amount;
      const coin = this.st.create(SUI_COIN_TYPE, { id: this.st.newId(), balance: { value: amount } });
      return { kind: 'object', object: coin, origin: 'result', shared: false, mutable: true, moved: false, command: index } satisfies Slot;
    });
  }

  private mergeCoins(command: Extract<Command, { MergeCoins: unknown }>['MergeCoins'], index: number): Slot[] {
    const destination = this.coinSlot(command.destination, index, 0);
    const balance = destination.object.value.balance as { value: bigint };
    command.sources.forEach((argument, position) => {
      const source = this.coinSlot(argument, index, position + 1);
      if (source === destination) this.argumentError(index, position + 1, 'InvalidValueUsage', 'a coin cannot be merged into itself');
      const moved = this.moveObject(source, index, position + 1);
      const total = balance.value + (moved.value.balance as { value: bigint }).value;
      // Sui's MergeCoins checks the sum (ExecutionFailureStatus::CoinBalanceOverflow): the transaction fails and pays gas.
      if (total > MAX_U64) this.other(index, `CoinBalanceOverflow: merging coins of ${balance.value} and more would exceed a u64`);
      balance.value = total;
      this.st.delete(moved);
    });
    return [];
  }
}

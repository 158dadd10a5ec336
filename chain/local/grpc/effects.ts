/**
 * A local transaction's result as Sui's `ExecutedTransaction` (sui.rpc.v2): its effects — status
 * with the execution error as Sui reports it, gas, and every changed object with its state before
 * and after (effects.proto `ChangedObject`) —, its events and its checkpoint.
 *
 * Gas: Sui's `GasCostSummary` as the ledger charged it (chain/local/gas.ts): computation, storage,
 * the sender's storage rebate and the non-refundable storage fee.
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { ChainEvent, ExecutionError, ObjectChange, TransactionResult } from '../../chain.ts';
import { ownerOf } from './objects.ts';

// effects.proto enums.
const InputState = { DOES_NOT_EXIST: 1, EXISTS: 2 } as const;
const OutputState = { DOES_NOT_EXIST: 1, OBJECT_WRITE: 2 } as const;
const IdOperation = { NONE: 1, CREATED: 2, DELETED: 3 } as const;
// execution_status.proto ExecutionErrorKind (the kinds the local chain fails with) and
// CommandArgumentErrorKind by name.
const ErrorKind = {
  UNKNOWN: 0,
  INSUFFICIENT_GAS: 1,
  OBJECT_TOO_BIG: 5,
  COIN_BALANCE_OVERFLOW: 9,
  MOVE_PRIMITIVE_RUNTIME_ERROR: 12,
  MOVE_ABORT: 13,
  COMMAND_ARGUMENT_ERROR: 20,
  UNUSED_VALUE_WITHOUT_DROP: 22,
} as const;
const COMMAND_ARGUMENT_ERROR_KINDS: Readonly<Record<string, number>> = {
  TypeMismatch: 1,
  InvalidBCSBytes: 2,
  InvalidUsageOfPureArgument: 3,
  InvalidArgumentToPrivateEntryFunction: 4,
  IndexOutOfBounds: 5,
  SecondaryIndexOutOfBounds: 6,
  InvalidResultArity: 7,
  InvalidGasCoinUsage: 8,
  InvalidValueUsage: 9,
  InvalidObjectByValue: 10,
  InvalidObjectByMutRef: 11,
  SharedObjectOperationNotAllowed: 12,
  InvalidArgumentArity: 13,
  InvalidTransferObject: 14,
  InvalidMakeMoveVecNonObjectArgument: 15,
  ArgumentWithoutValue: 16,
};
// The local chain's failures named by their Sui error at the start of the message.
const KIND_BY_MESSAGE: ReadonlyArray<[RegExp, number]> = [
  [/^InsufficientGas\b/, ErrorKind.INSUFFICIENT_GAS],
  [/^MoveObjectTooBig\b/, ErrorKind.OBJECT_TOO_BIG],
  [/^CoinBalanceOverflow\b/, ErrorKind.COIN_BALANCE_OVERFLOW],
  [/^MovePrimitiveRuntimeError\b/, ErrorKind.MOVE_PRIMITIVE_RUNTIME_ERROR],
];

function changedObject(change: ObjectChange): GrpcTypes.ChangedObject {
  const out: GrpcTypes.ChangedObject = {
    objectId: change.objectId,
    inputState: change.input === undefined ? InputState.DOES_NOT_EXIST : InputState.EXISTS,
    outputState: change.version === null ? OutputState.DOES_NOT_EXIST : OutputState.OBJECT_WRITE,
    idOperation: change.change === 'created' ? IdOperation.CREATED : change.change === 'deleted' ? IdOperation.DELETED : IdOperation.NONE,
  };
  if (change.input !== undefined) {
    out.inputVersion = change.input.version;
    out.inputDigest = change.input.digest;
    out.inputOwner = ownerOf(change.input.owner);
  }
  if (change.version !== null) out.outputVersion = change.version;
  if (change.digest !== null) out.outputDigest = change.digest;
  if (change.owner !== null) out.outputOwner = ownerOf(change.owner);
  if (change.type !== null) out.objectType = change.type;
  return out;
}

function executionError(error: ExecutionError): GrpcTypes.ExecutionError {
  const command = error.command === null ? {} : { command: BigInt(error.command) };
  switch (error.kind) {
    case 'MoveAbort':
      return {
        description: error.message,
        ...command,
        kind: ErrorKind.MOVE_ABORT,
        errorDetails: {
          oneofKind: 'abort',
          abort: {
            abortCode: BigInt(error.code),
            location: {
              package: error.packageId,
              module: error.module,
              ...(error.functionName === null ? {} : { functionName: error.functionName }),
            },
          },
        },
      };
    case 'CommandArgumentError':
      return {
        description: error.message,
        ...command,
        kind: ErrorKind.COMMAND_ARGUMENT_ERROR,
        errorDetails: {
          oneofKind: 'commandArgumentError',
          commandArgumentError: { argument: error.argument, kind: COMMAND_ARGUMENT_ERROR_KINDS[error.reason] ?? 0 },
        },
      };
    case 'UnusedValueWithoutDrop':
      return { description: error.message, ...command, kind: ErrorKind.UNUSED_VALUE_WITHOUT_DROP, errorDetails: { oneofKind: undefined } };
    default:
      return {
        description: error.message,
        ...command,
        kind: KIND_BY_MESSAGE.find(([pattern]) => pattern.test(error.message))?.[1] ?? ErrorKind.UNKNOWN,
        errorDetails: { oneofKind: undefined },
      };
  }
}

function event(event: ChainEvent): GrpcTypes.Event {
  return {
    packageId: event.packageId,
    module: event.module,
    sender: event.sender,
    eventType: event.type,
    contents: { name: event.type, value: event.bcs },
  };
}

/** `result` (of the transaction `bytes`, signed with `signatures`) as an ExecutedTransaction. */
export function executedTransaction(
  result: TransactionResult,
  bytes: Uint8Array,
  signatures: readonly GrpcTypes.UserSignature[],
): GrpcTypes.ExecutedTransaction {
  const lamport = result.changedObjects.reduce((max, c) => (c.version !== null && c.version > max ? c.version : max), 0n);
  const timestampMs = result.events[0]?.timestampMs;
  return {
    digest: result.digest,
    transaction: { digest: result.digest, bcs: { name: 'TransactionData', value: bytes } },
    signatures: [...signatures],
    effects: {
      version: 2,
      status: result.status.success ? { success: true } : { success: false, error: executionError(result.status.error) },
      epoch: 0n,
      gasUsed: { ...result.gasUsed },
      transactionDigest: result.digest,
      dependencies: [],
      ...(lamport > 0n ? { lamportVersion: lamport } : {}),
      changedObjects: result.changedObjects.map(changedObject),
      unchangedConsensusObjects: [],
      unchangedLoadedRuntimeObjects: [],
    },
    events: { events: result.events.map(event) },
    ...(result.checkpoint === null ? {} : { checkpoint: result.checkpoint }),
    ...(timestampMs === null || timestampMs === undefined
      ? {}
      : { timestamp: { seconds: BigInt(Math.floor(timestampMs / 1000)), nanos: (timestampMs % 1000) * 1_000_000 } }),
    balanceChanges: [],
  };
}

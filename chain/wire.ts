/**
 * The JSON form of the `Chain` types, used by the local chain's side door (both ends) and its
 * transaction log: bytes as base64, u64 quantities as decimal strings. Decoders validate every
 * field and report the first problem through the caller's `fail`, so data from the network or
 * from disk never reaches the rest of the system unchecked.
 * @module
 */
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import type {
  ChainEvent,
  ChainObject,
  Deployment,
  ExecutionError,
  ExecutionStatus,
  GasCostSummary,
  ObjectChange,
  ObjectOwner,
  TransactionResult,
} from './chain.ts';

export type Fail = (message: string) => never;

// biome-ignore lint/suspicious/noExplicitAny: JSON values
export type Json = any;

const ADDRESS = /^0x[0-9a-f]{64}$/;
const DIGEST = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** Whether `value` has the form of a transaction digest (base58 of 32 bytes). */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function field(value: Json, key: string, fail: Fail): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`expected an object with ${key}`);
  return value[key];
}

export function str(value: Json, what: string, fail: Fail): string {
  if (typeof value !== 'string') fail(`${what} must be a string`);
  return value;
}

export function address(value: Json, what: string, fail: Fail): string {
  const text = str(value, what, fail);
  if (!ADDRESS.test(text)) fail(`${what} must be a 0x-prefixed 64-hex address`);
  return text;
}

export function digest(value: Json, what: string, fail: Fail): string {
  const text = str(value, what, fail);
  if (!DIGEST.test(text)) fail(`${what} must be a base58 digest`);
  return text;
}

export function big(value: Json, what: string, fail: Fail): bigint {
  const text = str(value, what, fail);
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text) || BigInt(text) >= 1n << 64n) fail(`${what} must be a u64 decimal string`);
  return BigInt(text);
}

export function int(value: Json, what: string, fail: Fail): number {
  if (!Number.isSafeInteger(value) || value < 0) fail(`${what} must be a non-negative integer`);
  return value;
}

export function bytes(value: Json, what: string, fail: Fail): Uint8Array {
  const text = str(value, what, fail);
  if (text.length % 4 !== 0 || !BASE64.test(text)) fail(`${what} must be base64`);
  return fromBase64(text);
}

export function array(value: Json, what: string, fail: Fail): Json[] {
  if (!Array.isArray(value)) fail(`${what} must be an array`);
  return value;
}

function nullable<T>(value: Json, decode: (v: Json) => T): T | null {
  return value === null || value === undefined ? null : decode(value);
}

export function ownerToJson(owner: ObjectOwner): Json {
  return owner.kind === 'shared' ? { kind: 'shared', initialSharedVersion: owner.initialSharedVersion.toString() } : owner;
}

export function ownerFromJson(json: Json, fail: Fail): ObjectOwner {
  const kind = field(json, 'kind', fail);
  switch (kind) {
    case 'address':
      return { kind, address: address(json.address, 'owner.address', fail) };
    case 'shared':
      return { kind, initialSharedVersion: big(json.initialSharedVersion, 'owner.initialSharedVersion', fail) };
    case 'object':
      return { kind, parentId: address(json.parentId, 'owner.parentId', fail) };
    case 'immutable':
      return { kind };
    default:
      return fail(`unknown owner kind ${String(kind)}`);
  }
}

export function objectToJson(object: ChainObject): Json {
  return {
    objectId: object.objectId,
    version: object.version.toString(),
    digest: object.digest,
    type: object.type,
    owner: ownerToJson(object.owner),
    bcs: toBase64(object.bcs),
  };
}

export function objectFromJson(json: Json, fail: Fail): ChainObject {
  return {
    objectId: address(field(json, 'objectId', fail), 'objectId', fail),
    version: big(json.version, 'version', fail),
    digest: digest(json.digest, 'digest', fail),
    type: str(json.type, 'type', fail),
    owner: ownerFromJson(json.owner, fail),
    bcs: bytes(json.bcs, 'bcs', fail),
  };
}

export function eventToJson(event: ChainEvent): Json {
  return {
    id: event.id,
    cursor: event.cursor,
    checkpoint: event.checkpoint?.toString() ?? null,
    timestampMs: event.timestampMs,
    packageId: event.packageId,
    module: event.module,
    sender: event.sender,
    type: event.type,
    bcs: toBase64(event.bcs),
  };
}

export function eventFromJson(json: Json, fail: Fail): ChainEvent {
  const id = field(json, 'id', fail);
  return {
    id: { txDigest: digest(field(id, 'txDigest', fail), 'id.txDigest', fail), eventSeq: int(id.eventSeq, 'id.eventSeq', fail) },
    cursor: nullable(json.cursor, (v) => str(v, 'cursor', fail)),
    checkpoint: nullable(json.checkpoint, (v) => big(v, 'checkpoint', fail)),
    timestampMs: nullable(json.timestampMs, (v) => int(v, 'timestampMs', fail)),
    packageId: address(json.packageId, 'packageId', fail),
    module: str(json.module, 'module', fail),
    sender: address(json.sender, 'sender', fail),
    type: str(json.type, 'type', fail),
    bcs: bytes(json.bcs, 'bcs', fail),
  };
}

function executionErrorFromJson(json: Json, fail: Fail): ExecutionError {
  const kind = field(json, 'kind', fail);
  const command = nullable(json.command, (v) => int(v, 'error.command', fail));
  const message = str(json.message, 'error.message', fail);
  switch (kind) {
    case 'MoveAbort':
      return {
        kind,
        packageId: address(json.packageId, 'error.packageId', fail),
        module: str(json.module, 'error.module', fail),
        functionName: nullable(json.functionName, (v) => str(v, 'error.functionName', fail)),
        code: int(json.code, 'error.code', fail),
        abortName: nullable(json.abortName, (v) => str(v, 'error.abortName', fail)),
        command,
        message,
      };
    case 'CommandArgumentError':
      return {
        kind,
        command,
        argument: int(json.argument, 'error.argument', fail),
        reason: str(json.reason, 'error.reason', fail),
        message,
      };
    case 'UnusedValueWithoutDrop':
    case 'Other':
      return { kind, command, message };
    default:
      return fail(`unknown execution error kind ${String(kind)}`);
  }
}

function statusFromJson(json: Json, fail: Fail): ExecutionStatus {
  const success = field(json, 'success', fail);
  if (success === true) return { success };
  if (success === false) return { success, error: executionErrorFromJson(json.error, fail) };
  return fail('status.success must be a boolean');
}

function changeFromJson(json: Json, fail: Fail): ObjectChange {
  const change = field(json, 'change', fail);
  if (!['created', 'mutated', 'deleted', 'wrapped', 'unwrapped'].includes(change)) fail(`unknown object change ${String(change)}`);
  return {
    objectId: address(json.objectId, 'change.objectId', fail),
    change,
    version: nullable(json.version, (v) => big(v, 'change.version', fail)),
    digest: nullable(json.digest, (v) => digest(v, 'change.digest', fail)),
    type: nullable(json.type, (v) => str(v, 'change.type', fail)),
    owner: nullable(json.owner, (v) => ownerFromJson(v, fail)),
    ...(json.input === undefined
      ? {}
      : {
          input: {
            version: big(field(json.input, 'version', fail), 'change.input.version', fail),
            digest: digest(field(json.input, 'digest', fail), 'change.input.digest', fail),
            owner: ownerFromJson(field(json.input, 'owner', fail), fail),
          },
        }),
  };
}

export function gasToJson(gas: GasCostSummary): Json {
  return {
    computationCost: gas.computationCost.toString(),
    storageCost: gas.storageCost.toString(),
    storageRebate: gas.storageRebate.toString(),
    nonRefundableStorageFee: gas.nonRefundableStorageFee.toString(),
  };
}

export function gasFromJson(json: Json, fail: Fail): GasCostSummary {
  return {
    computationCost: big(field(json, 'computationCost', fail), 'gasUsed.computationCost', fail),
    storageCost: big(json.storageCost, 'gasUsed.storageCost', fail),
    storageRebate: big(json.storageRebate, 'gasUsed.storageRebate', fail),
    nonRefundableStorageFee: big(json.nonRefundableStorageFee, 'gasUsed.nonRefundableStorageFee', fail),
  };
}

export function transactionResultToJson(result: TransactionResult): Json {
  return {
    digest: result.digest,
    status: result.status,
    checkpoint: result.checkpoint?.toString() ?? null,
    gasUsed: gasToJson(result.gasUsed),
    changedObjects: result.changedObjects.map((change) => ({
      objectId: change.objectId,
      change: change.change,
      version: change.version?.toString() ?? null,
      digest: change.digest,
      type: change.type,
      owner: change.owner ? ownerToJson(change.owner) : null,
      ...(change.input === undefined
        ? {}
        : { input: { version: change.input.version.toString(), digest: change.input.digest, owner: ownerToJson(change.input.owner) } }),
    })),
    events: result.events.map(eventToJson),
  };
}

export function transactionResultFromJson(json: Json, fail: Fail): TransactionResult {
  return {
    digest: digest(field(json, 'digest', fail), 'digest', fail),
    status: statusFromJson(json.status, fail),
    checkpoint: nullable(json.checkpoint, (v) => big(v, 'checkpoint', fail)),
    gasUsed: gasFromJson(json.gasUsed, fail),
    changedObjects: array(json.changedObjects, 'changedObjects', fail).map((c) => changeFromJson(c, fail)),
    events: array(json.events, 'events', fail).map((e) => eventFromJson(e, fail)),
  };
}

export function deploymentToJson(deployment: Deployment): Json {
  return { ...deployment, coordinatorInitialSharedVersion: deployment.coordinatorInitialSharedVersion.toString() };
}

export function deploymentFromJson(json: Json, fail: Fail): Deployment {
  return {
    packageId: address(field(json, 'packageId', fail), 'packageId', fail),
    coordinatorId: address(json.coordinatorId, 'coordinatorId', fail),
    coordinatorInitialSharedVersion: big(json.coordinatorInitialSharedVersion, 'coordinatorInitialSharedVersion', fail),
    ...(json.latestPackageId === undefined ? {} : { latestPackageId: address(json.latestPackageId, 'latestPackageId', fail) }),
  };
}

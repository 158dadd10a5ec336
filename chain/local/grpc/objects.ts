/**
 * Objects of the local chain as `sui.rpc.v2.Object`, with the fields a read mask asks for.
 *
 * Served paths: `object_id`, `version`, `digest`, `owner`, `object_type`, `contents` (the Move
 * struct's BCS, named by its type). Paths the local chain cannot answer faithfully yet (`bcs` —
 * the whole object's BCS —, `json`, `display`, `previous_transaction`, `storage_rebate`,
 * `has_public_transfer`, `balance`, `package`) are refused with UNIMPLEMENTED rather than left
 * out, so that a client never mistakes a missing field for an empty one; an unknown path is
 * INVALID_ARGUMENT, as Sui answers it.
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { ChainObject, ObjectOwner } from '../../chain.ts';
import { readMaskPaths } from './read-mask.ts';
import { GrpcError, GrpcStatus, invalidArgument } from './status.ts';

type ProtoObject = GrpcTypes.Object;
type ProtoOwner = GrpcTypes.Owner;

const SERVED = ['object_id', 'version', 'digest', 'owner', 'object_type', 'contents'] as const;
type ServedPath = (typeof SERVED)[number];
const NOT_SERVED = new Set([
  'bcs',
  'json',
  'display',
  'previous_transaction',
  'storage_rebate',
  'has_public_transfer',
  'balance',
  'package',
]);

/** The paths of `mask` (or `defaults` when it names none), checked. */
export function objectReadMask(mask: { paths: string[] } | undefined, defaults: readonly ServedPath[]): ReadonlySet<ServedPath> {
  const out = new Set<ServedPath>();
  for (const path of readMaskPaths(mask) ?? defaults) {
    if ((SERVED as readonly string[]).includes(path)) out.add(path as ServedPath);
    else if (NOT_SERVED.has(path)) throw new GrpcError(GrpcStatus.UNIMPLEMENTED, `the local chain does not serve the object field ${path}`);
    else invalidArgument(`invalid read_mask path: ${path}`);
  }
  return out;
}

// Owner kinds of sui.rpc.v2.Owner (owner.proto).
const OwnerKind = { ADDRESS: 1, OBJECT: 2, SHARED: 3, IMMUTABLE: 4 } as const;

/** An owner as sui.rpc.v2.Owner. */
export function ownerOf(owner: ObjectOwner): ProtoOwner {
  switch (owner.kind) {
    case 'address':
      return { kind: OwnerKind.ADDRESS, address: owner.address };
    case 'object':
      return { kind: OwnerKind.OBJECT, address: owner.parentId };
    case 'shared':
      return { kind: OwnerKind.SHARED, version: owner.initialSharedVersion };
    case 'immutable':
      return { kind: OwnerKind.IMMUTABLE };
  }
}

/** `object` with the fields of `mask`. */
export function protoObject(object: ChainObject, mask: ReadonlySet<ServedPath>): ProtoObject {
  const out: ProtoObject = {};
  if (mask.has('object_id')) out.objectId = object.objectId;
  if (mask.has('version')) out.version = object.version;
  if (mask.has('digest')) out.digest = object.digest;
  if (mask.has('owner')) out.owner = ownerOf(object.owner);
  if (mask.has('object_type')) out.objectType = object.type;
  if (mask.has('contents')) out.contents = { name: object.type, value: object.bcs };
  return out;
}

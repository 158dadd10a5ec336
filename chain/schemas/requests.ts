/**
 * The request kinds, each named once: the session kind a request opens, the chain event that
 * opens it and the one that completes it, the field of its request event that names the object it
 * is about, its numeric code on chain (`RequestKind` in `move/sources/coordinator.move`: the fee
 * table's index, the kind in a `SessionRejected`), the variant of `SessionResult` that completes
 * it, and the shape of MPC work it takes. Every other module (validator planning and priorities,
 * the indexer's views, the SDK's waits, the CLI's log) derives its vocabulary from this table, so a
 * new request kind is one row here plus its Move entry point and its MPC protocol.
 * @module
 */
import { RequestKind } from '../constants.ts';
import type { EventName } from './events.ts';
import type { SESSION_RESULT_VARIANTS } from './result-batch.ts';

/**
 * The MPC work a request kind takes at the validators:
 * - `verification`: one step, the validators check the user's proofs (DKG, imported key, future
 *   sign, a published user share, an encryption key's proof of knowledge, an encrypted share's
 *   EncDL proof);
 * - `sign`: a threshold signature, the step a waiting user feels most;
 * - `presign`: made ahead of demand, in batches;
 * - `network`: the network's own sessions (a network key's DKG, the epoch change's resharing),
 *   opened by the administrator, long and rare, no user waiting on them.
 */
export type SessionWork = 'verification' | 'sign' | 'presign' | 'network';

export interface RequestKindSpec {
  /** `RequestKind` on chain. */
  readonly code: RequestKind;
  /** The event the request transaction emits. */
  readonly requestEvent: EventName;
  /** The event a successful result emits (a rejection emits `SessionRejected` for every kind). */
  readonly completionEvent: EventName;
  /** The `SessionResult` variant of a successful result. */
  readonly result: (typeof SESSION_RESULT_VARIANTS)[number];
  /** The request event's field holding the id of the object the request is about. */
  readonly objectField:
    | 'dwallet_id'
    | 'presign_id'
    | 'sign_id'
    | 'partial_signature_id'
    | 'network_key_id'
    | 'coordinator_id'
    | 'encryption_key_id'
    | 'encrypted_share_id';
  /** What that object is, in words. */
  readonly objectName: string;
  readonly work: SessionWork;
}

export const REQUEST_KINDS = {
  dkg: {
    code: RequestKind.DWALLET_DKG,
    requestEvent: 'DWalletDkgRequested',
    completionEvent: 'DWalletDkgCompleted',
    result: 'DWalletDkg',
    objectField: 'dwallet_id',
    objectName: 'dWallet',
    work: 'verification',
  },
  'imported-key': {
    code: RequestKind.IMPORTED_KEY,
    requestEvent: 'ImportedKeyDWalletRequested',
    completionEvent: 'ImportedKeyDWalletVerified',
    result: 'ImportedKeyVerified',
    objectField: 'dwallet_id',
    objectName: 'dWallet',
    work: 'verification',
  },
  presign: {
    code: RequestKind.PRESIGN,
    requestEvent: 'PresignRequested',
    completionEvent: 'PresignCompleted',
    result: 'Presign',
    objectField: 'presign_id',
    objectName: 'presign',
    work: 'presign',
  },
  sign: {
    code: RequestKind.SIGN,
    requestEvent: 'SignRequested',
    completionEvent: 'SignCompleted',
    result: 'Signature',
    objectField: 'sign_id',
    objectName: 'sign',
    work: 'sign',
  },
  'future-sign': {
    code: RequestKind.FUTURE_SIGN,
    requestEvent: 'FutureSignRequested',
    completionEvent: 'FutureSignVerified',
    result: 'FutureSignVerified',
    objectField: 'partial_signature_id',
    objectName: 'partial signature',
    work: 'verification',
  },
  'network-key-dkg': {
    code: RequestKind.NETWORK_KEY_DKG,
    requestEvent: 'NetworkKeyDkgRequested',
    completionEvent: 'NetworkKeyDkgCompleted',
    result: 'NetworkKeyGenerated',
    objectField: 'network_key_id',
    objectName: 'network key',
    work: 'network',
  },
  reconfiguration: {
    code: RequestKind.RECONFIGURATION,
    requestEvent: 'ReconfigurationRequested',
    completionEvent: 'ReconfigurationCompleted',
    result: 'Reconfigured',
    objectField: 'coordinator_id',
    objectName: 'coordinator',
    work: 'network',
  },
  'make-shared': {
    code: RequestKind.MAKE_DWALLET_SHARED,
    requestEvent: 'MakeDWalletSharedRequested',
    completionEvent: 'DWalletMadeShared',
    result: 'DWalletShared',
    objectField: 'dwallet_id',
    objectName: 'dWallet',
    work: 'verification',
  },
  'register-encryption-key': {
    code: RequestKind.REGISTER_ENCRYPTION_KEY,
    requestEvent: 'EncryptionKeyRegistrationRequested',
    completionEvent: 'EncryptionKeyRegistered',
    result: 'EncryptionKeyVerified',
    objectField: 'encryption_key_id',
    objectName: 'encryption key',
    work: 'verification',
  },
  'share-backup': {
    code: RequestKind.SHARE_BACKUP,
    requestEvent: 'ShareBackupRequested',
    completionEvent: 'ShareBackupVerified',
    result: 'ShareBackupVerified',
    objectField: 'encrypted_share_id',
    objectName: 'encrypted share',
    work: 'verification',
  },
  'share-transfer': {
    code: RequestKind.SHARE_TRANSFER,
    requestEvent: 'ShareTransferRequested',
    completionEvent: 'ShareTransferVerified',
    result: 'ShareTransferVerified',
    objectField: 'encrypted_share_id',
    objectName: 'encrypted share',
    work: 'verification',
  },
} as const satisfies Record<string, RequestKindSpec>;

/** The kind of session a request opens. */
export type SessionKind = keyof typeof REQUEST_KINDS;

/** The kinds of the network's own sessions (work `network`), opened by the administrator. */
export type NetworkSessionKind = {
  [K in SessionKind]: (typeof REQUEST_KINDS)[K]['work'] extends 'network' ? K : never;
}[SessionKind];

/** The kinds of sessions users request (about a dWallet, on one network key and curve). */
export type UserSessionKind = Exclude<SessionKind, NetworkSessionKind>;

export function isNetworkSessionKind(kind: SessionKind): kind is NetworkSessionKind {
  return REQUEST_KINDS[kind].work === 'network';
}

/** Every session kind, in the table's order. */
export const SESSION_KINDS: readonly SessionKind[] = Object.freeze(Object.keys(REQUEST_KINDS) as SessionKind[]);

export function isSessionKind(value: unknown): value is SessionKind {
  return typeof value === 'string' && Object.hasOwn(REQUEST_KINDS, value);
}

/** The request event of each kind. */
export type RequestEventName = (typeof REQUEST_KINDS)[SessionKind]['requestEvent'];

/** The completion event of each kind. */
export type CompletionEventName = (typeof REQUEST_KINDS)[SessionKind]['completionEvent'];

const KIND_OF_REQUEST_EVENT: ReadonlyMap<string, SessionKind> = new Map(
  SESSION_KINDS.map((kind) => [REQUEST_KINDS[kind].requestEvent, kind]),
);
const KIND_OF_COMPLETION_EVENT: ReadonlyMap<string, SessionKind> = new Map(
  SESSION_KINDS.map((kind) => [REQUEST_KINDS[kind].completionEvent, kind]),
);

/** Whether `name` is an event that opens a session. */
export function isRequestEvent(name: string): name is RequestEventName {
  return KIND_OF_REQUEST_EVENT.has(name);
}

/** Whether `name` is an event that completes a session successfully. */
export function isCompletionEvent(name: string): name is CompletionEventName {
  return KIND_OF_COMPLETION_EVENT.has(name);
}

/** Whether `name` is an event that closes a session (a completion or `SessionRejected`). */
export function isResultEvent(name: string): boolean {
  return name === 'SessionRejected' || isCompletionEvent(name);
}

/** The kind of session a request event opens (undefined for any other event). */
export function kindOfRequestEvent(name: string): SessionKind | undefined {
  return KIND_OF_REQUEST_EVENT.get(name);
}

/** The kind of session a completion event closes (undefined for any other event). */
export function kindOfCompletionEvent(name: string): SessionKind | undefined {
  return KIND_OF_COMPLETION_EVENT.get(name);
}

/**
 * The kind of session a numeric `RequestKind` (as in `SessionRejected.request_kind`) runs. Fee-only
 * codes map to the session they open: FUTURE_SIGN_COMPLETION is a sign request that spends a
 * verified partial signature, so it runs a sign session.
 */
export function kindOfRequestCode(code: number): SessionKind | undefined {
  if (code === RequestKind.FUTURE_SIGN_COMPLETION) return 'sign';
  return SESSION_KINDS.find((kind) => REQUEST_KINDS[kind].code === code);
}

/**
 * The id of the object a request event is about (the dWallet, presign, sign, partial signature,
 * network key, encryption key, encrypted share, or for a reconfiguration the coordinator): the
 * session's `target_id` on chain.
 */
export function objectIdOfRequest(kind: SessionKind, event: Readonly<Record<string, unknown>>): string {
  return event[REQUEST_KINDS[kind].objectField] as string;
}

/**
 * BCS schemas of every event of `move/sources/events.move`, field for field, and a decoder that
 * turns a chain event into a typed value. Event types on chain are `<package>::events::<Name>`.
 * @module
 */
import { decodeModuleEvent } from './module-event.ts';
import { MoveTypes as M, moveStruct, optionOf, type StructOf, vectorOf } from './move-type.ts';
import { Member } from './objects.ts';

export const CommitteeSet = moveStruct('CommitteeSet', ['copy', 'drop'], {
  epoch: M.u64,
  members: vectorOf(Member),
  total_weight: M.u64,
  threshold: M.u64,
});

export const NetworkKeyRegistered = moveStruct('NetworkKeyRegistered', ['copy', 'drop'], {
  network_key_id: M.ID,
  curves: vectorOf(M.u32),
  key_commitment: M.bytes,
  global_key_parts: M.bytes,
  epoch: M.u64,
});

export const FeeSet = moveStruct('FeeSet', ['copy', 'drop'], { request_kind: M.u8, algorithm: M.u32, amount: M.u64 });

export const SessionTimeoutSet = moveStruct('SessionTimeoutSet', ['copy', 'drop'], { timeout_ms: M.u64 });

export const DWalletDkgRequested = moveStruct('DWalletDkgRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  dwallet_id: M.ID,
  dwallet_cap_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  user_dkg_message: M.bytes,
  fee: M.u64,
  /** x_A of a shared dWallet (`request_shared_dwallet_dkg`), null otherwise. */
  public_user_share: optionOf(M.bytes),
});

export const ImportedKeyDWalletRequested = moveStruct('ImportedKeyDWalletRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  dwallet_id: M.ID,
  dwallet_cap_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  user_import_message: M.bytes,
  fee: M.u64,
});

export const MakeDWalletSharedRequested = moveStruct('MakeDWalletSharedRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  dwallet_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  dwallet_output: M.bytes,
  public_user_share: M.bytes,
  fee: M.u64,
});

export const PresignRequested = moveStruct('PresignRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  presign_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  dwallet_id: optionOf(M.ID),
  dwallet_output: M.bytes,
  fee: M.u64,
});

export const PresignClaimed = moveStruct('PresignClaimed', ['copy', 'drop'], {
  presign_id: M.ID,
  presign_cap_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  claimer: M.address,
  requester: M.address,
  fee: M.u64,
});

export const SignRequested = moveStruct('SignRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  sign_id: M.ID,
  dwallet_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  hash_scheme: M.u32,
  message: M.bytes,
  presign_id: M.ID,
  presign: M.bytes,
  dwallet_output: M.bytes,
  user_sign_message: M.bytes,
  partial_signature_id: optionOf(M.ID),
  fee: M.u64,
  /** Set for a shared sign (`request_sign_shared`; `user_sign_message` is then empty). */
  public_user_share: optionOf(M.bytes),
});

export const FutureSignRequested = moveStruct('FutureSignRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  partial_signature_id: M.ID,
  dwallet_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  hash_scheme: M.u32,
  message: M.bytes,
  presign_id: M.ID,
  presign: M.bytes,
  dwallet_output: M.bytes,
  user_sign_message: M.bytes,
  fee: M.u64,
});

export const EncryptionKeyRegistrationRequested = moveStruct('EncryptionKeyRegistrationRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  encryption_key_id: M.ID,
  /** The requester: a key is registered for the sender's own address. */
  owner: M.address,
  curve: M.u32,
  /** CL public key bytes (mpc/user-share encoding). */
  encryption_key: M.bytes,
  /** Proof of knowledge of the key's secret, bound to the session. */
  proof: M.bytes,
  fee: M.u64,
});

/** The fields of a backup's and a transfer's request: the same, in the same order. */
const shareEncryptionRequestFields = {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  /** The cap holder (the transfer's sender). */
  requester: M.address,
  encrypted_share_id: M.ID,
  dwallet_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  dwallet_output: M.bytes,
  /** Whose key encrypts the share: the requester for a backup, the recipient for a transfer. */
  owner: M.address,
  /** That key (CL public key bytes), as registered. */
  encryption_key: M.bytes,
  /** Ciphertext of x_A and EncDL proof (mpc/user-share encoding). */
  encrypted_share: M.bytes,
  fee: M.u64,
};

export const ShareBackupRequested = moveStruct('ShareBackupRequested', ['copy', 'drop'], shareEncryptionRequestFields);

export const ShareTransferRequested = moveStruct('ShareTransferRequested', ['copy', 'drop'], shareEncryptionRequestFields);

export const NetworkKeyDkgRequested = moveStruct('NetworkKeyDkgRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  network_key_id: M.ID,
  curves: vectorOf(M.u32),
});

export const ReconfigurationRequested = moveStruct('ReconfigurationRequested', ['copy', 'drop'], {
  session_id: M.bytes,
  session_sequence: M.u64,
  epoch: M.u64,
  requester: M.address,
  coordinator_id: M.ID,
  next_epoch: M.u64,
  members: vectorOf(Member),
  total_weight: M.u64,
  threshold: M.u64,
});

export const DWalletDkgCompleted = moveStruct('DWalletDkgCompleted', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  dwallet_id: M.ID,
  output: M.bytes,
  fee: M.u64,
});

export const ImportedKeyDWalletVerified = moveStruct('ImportedKeyDWalletVerified', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  dwallet_id: M.ID,
  output: M.bytes,
  fee: M.u64,
});

export const DWalletMadeShared = moveStruct('DWalletMadeShared', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  dwallet_id: M.ID,
  public_user_share: M.bytes,
  fee: M.u64,
});

export const PresignCompleted = moveStruct('PresignCompleted', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  presign_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  dwallet_id: optionOf(M.ID),
  output: M.bytes,
  fee: M.u64,
});

export const SignCompleted = moveStruct('SignCompleted', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  sign_id: M.ID,
  dwallet_id: M.ID,
  signature: M.bytes,
  partial_signature_id: optionOf(M.ID),
  fee: M.u64,
});

export const FutureSignVerified = moveStruct('FutureSignVerified', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  partial_signature_id: M.ID,
  dwallet_id: M.ID,
  fee: M.u64,
});

export const EncryptionKeyRegistered = moveStruct('EncryptionKeyRegistered', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  encryption_key_id: M.ID,
  owner: M.address,
  curve: M.u32,
  encryption_key: M.bytes,
  fee: M.u64,
});

export const ShareBackupVerified = moveStruct('ShareBackupVerified', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  encrypted_share_id: M.ID,
  dwallet_id: M.ID,
  owner: M.address,
  fee: M.u64,
});

export const ShareTransferVerified = moveStruct('ShareTransferVerified', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  encrypted_share_id: M.ID,
  dwallet_id: M.ID,
  sender: M.address,
  recipient: M.address,
  fee: M.u64,
});

export const ShareTransferAccepted = moveStruct('ShareTransferAccepted', ['copy', 'drop'], {
  encrypted_share_id: M.ID,
  dwallet_id: M.ID,
  sender: M.address,
  recipient: M.address,
  cap_id: M.ID,
});

export const ShareTransferWithdrawn = moveStruct('ShareTransferWithdrawn', ['copy', 'drop'], {
  encrypted_share_id: M.ID,
  dwallet_id: M.ID,
  sender: M.address,
  cap_id: M.ID,
});

export const SessionRejected = moveStruct('SessionRejected', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  request_kind: M.u8,
  target_id: M.ID,
  reason_code: M.u32,
  reason: M.bytes,
  blamed: vectorOf(M.u32),
  fee: M.u64,
});

export const SessionCancelled = moveStruct('SessionCancelled', ['copy', 'drop'], {
  session_id: M.bytes,
  request_kind: M.u8,
  target_id: M.ID,
  requester: M.address,
  refund: M.u64,
});

export const NetworkKeyDkgCompleted = moveStruct('NetworkKeyDkgCompleted', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  network_key_id: M.ID,
  key_commitment: M.bytes,
  threshold_key_digest: M.bytes,
});

export const ReconfigurationCompleted = moveStruct('ReconfigurationCompleted', ['copy', 'drop'], {
  session_id: M.bytes,
  result_sequence: M.u64,
  epoch: M.u64,
});

export const ResultBatchProcessed = moveStruct('ResultBatchProcessed', ['copy', 'drop'], {
  epoch: M.u64,
  sequence: M.u64,
  result_count: M.u64,
  signer_weight: M.u64,
  submitter: M.address,
  fees_paid: M.u64,
});

/** Every event struct, in source order. */
export const EventStructs = {
  CommitteeSet,
  NetworkKeyRegistered,
  FeeSet,
  SessionTimeoutSet,
  DWalletDkgRequested,
  ImportedKeyDWalletRequested,
  MakeDWalletSharedRequested,
  PresignRequested,
  PresignClaimed,
  SignRequested,
  FutureSignRequested,
  EncryptionKeyRegistrationRequested,
  ShareBackupRequested,
  ShareTransferRequested,
  NetworkKeyDkgRequested,
  ReconfigurationRequested,
  DWalletDkgCompleted,
  ImportedKeyDWalletVerified,
  DWalletMadeShared,
  PresignCompleted,
  SignCompleted,
  FutureSignVerified,
  EncryptionKeyRegistered,
  ShareBackupVerified,
  ShareTransferVerified,
  ShareTransferAccepted,
  ShareTransferWithdrawn,
  SessionRejected,
  SessionCancelled,
  NetworkKeyDkgCompleted,
  ReconfigurationCompleted,
  ResultBatchProcessed,
} as const;

export type EventName = keyof typeof EventStructs;

/** A decoded event: its name and its fields. */
export type DWalletEvent = { [K in EventName]: { name: K; value: StructOf<(typeof EventStructs)[K]> } }[EventName];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EventStructs, name);
}

/** The full Move type of an event of the package at `packageId`. */
export function eventType(packageId: string, name: EventName): string {
  return `${packageId}::events::${name}`;
}

/**
 * Decodes an event of the package at `packageId` from its type and BCS bytes. An event of
 * another package or module, an unknown name, or bytes that are not exactly one encoding of the
 * schema are reported as a `ChainDataError`.
 */
export function decodeEvent(packageId: string, type: string, bytes: Uint8Array): DWalletEvent {
  return decodeModuleEvent(packageId, 'events', type, bytes, EventStructs, 'the dwallet package') as DWalletEvent;
}

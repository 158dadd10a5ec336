/**
 * BCS schemas of the `dwallet` package's structs as stored on chain (objects and the structs
 * nested in them), mirroring `move/sources/coordinator.move` and `committee.move` field for
 * field. Reading an object returns these bytes; the local chain stores exactly these encodings.
 * @module
 */
import { normalizeStructTag } from '@mysten/sui/utils';
import {
  type AnyMoveType,
  BalanceSui,
  type DynamicFieldType,
  dynamicFieldOf,
  groupElementOf,
  MoveTypes as M,
  type MoveStructType,
  moveStruct,
  objectTableOf,
  optionOf,
  type StructOf,
  SUI_FRAMEWORK,
  tableOf,
  tableVecOf,
  vectorOf,
} from './move-type.ts';

// === module committee ===

export const Member = moveStruct('Member', ['copy', 'drop', 'store'], {
  /** The compressed G1 key; on chain an `Element<G1>` (validated when the member was admitted). */
  public_key: groupElementOf('G1'),
  weight: M.u64,
  sui_address: M.address,
  network_address: M.string,
  share_encryption_key: M.bytes,
});

export const MemberList = moveStruct('MemberList', ['drop', 'store'], {
  members: vectorOf(Member),
  total_weight: M.u64,
});

export const Committee = moveStruct('Committee', ['copy', 'drop', 'store'], {
  members: vectorOf(Member),
  total_weight: M.u64,
  threshold: M.u64,
});

// === module coordinator ===

export const AdminCap = moveStruct('AdminCap', ['key', 'store'], { id: M.UID });

export const CommitteeBuilder = moveStruct('CommitteeBuilder', ['key', 'store'], { id: M.UID, members: MemberList });

export const NetworkKeyVersion = moveStruct('NetworkKeyVersion', ['copy', 'drop', 'store'], {
  epoch: M.u64,
  threshold_key_digest: M.bytes,
});

export const NetworkKey = moveStruct('NetworkKey', ['key', 'store'], {
  id: M.UID,
  curves: vectorOf(M.u32),
  key_commitment: M.bytes,
  global_key_parts: M.bytes,
  registered_at_epoch: M.u64,
  state: M.u8,
  session_id: M.bytes,
  versions: vectorOf(NetworkKeyVersion),
});

export const PresignPool = moveStruct('PresignPool', ['store'], {
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  pending: M.u64,
  available: tableVecOf(M.ID),
});

/** One presign id of a pool's `available` (`TableVec<ID>`): the entry at index `name`. */
export const PresignPoolEntry = dynamicFieldOf(M.u64, 'u64', M.ID, `${SUI_FRAMEWORK}::object::ID`);

export const Session = moveStruct('Session', ['key', 'store'], {
  id: M.UID,
  session_id: M.bytes,
  sequence: M.u64,
  request_kind: M.u8,
  target_id: M.ID,
  requester: M.address,
  created_at_epoch: M.u64,
  created_at_ms: M.u64,
  status: M.u8,
  fee: BalanceSui,
  reason_code: M.u32,
  reason: M.bytes,
  blamed: vectorOf(M.u32),
});

export const DWallet = moveStruct('DWallet', ['key', 'store'], {
  id: M.UID,
  cap_id: M.ID,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  imported: M.bool,
  session_id: M.bytes,
  state: M.u8,
  output: M.bytes,
  /** x_A of a shared dWallet (32-byte big-endian scalar); null for a zero-trust dWallet. */
  public_user_share: optionOf(M.bytes),
});

export const DWalletCap = moveStruct('DWalletCap', ['key', 'store'], { id: M.UID, dwallet_id: M.ID });

export const Presign = moveStruct('Presign', ['key', 'store'], {
  id: M.UID,
  session_id: M.bytes,
  network_key_id: M.ID,
  curve: M.u32,
  algorithm: M.u32,
  dwallet_id: optionOf(M.ID),
  requester: M.address,
  cap_id: optionOf(M.ID),
  state: M.u8,
  output: M.bytes,
});

export const PresignCap = moveStruct('PresignCap', ['key', 'store'], { id: M.UID, presign_id: M.ID });

export const MessageApproval = moveStruct('MessageApproval', ['drop'], {
  dwallet_id: M.ID,
  hash_scheme: M.u32,
  message: M.bytes,
});

export const PartialUserSignature = moveStruct('PartialUserSignature', ['key', 'store'], {
  id: M.UID,
  session_id: M.bytes,
  dwallet_id: M.ID,
  presign_id: M.ID,
  presign_cap: optionOf(PresignCap),
  hash_scheme: M.u32,
  message: M.bytes,
  user_sign_message: M.bytes,
  cap_id: M.ID,
  state: M.u8,
});

export const PartialSignatureCap = moveStruct('PartialSignatureCap', ['key', 'store'], { id: M.UID, partial_signature_id: M.ID });

export const Sign = moveStruct('Sign', ['key', 'store'], {
  id: M.UID,
  session_id: M.bytes,
  dwallet_id: M.ID,
  presign_id: M.ID,
  algorithm: M.u32,
  hash_scheme: M.u32,
  message: M.bytes,
  partial_signature_id: optionOf(M.ID),
  state: M.u8,
  signature: M.bytes,
});

/** A user's class-group encryption key for one curve (`coordinator::UserEncryptionKey`). */
export const UserEncryptionKey = moveStruct('UserEncryptionKey', ['key', 'store'], {
  id: M.UID,
  owner: M.address,
  curve: M.u32,
  /** CL public key bytes (mpc/user-share encoding). */
  encryption_key: M.bytes,
  /** The session of its latest registration (a REJECTED key is replaced in place). */
  session_id: M.bytes,
  /** `EncryptionKeyState`. */
  state: M.u8,
});

/** Whose key for which curve: the key of the coordinator's `encryption_key_ids`. */
export const EncryptionKeySlot = moveStruct('EncryptionKeySlot', ['copy', 'drop', 'store'], {
  owner: M.address,
  curve: M.u32,
});

/** Which dWallet's share encrypted to whom: the key of the coordinator's `encrypted_share_ids`. */
export const EncryptedShareSlot = moveStruct('EncryptedShareSlot', ['copy', 'drop', 'store'], {
  dwallet_id: M.ID,
  owner: M.address,
});

/** x_A encrypted under `owner`'s key, with its EncDL proof: a backup or a transfer (`coordinator::EncryptedUserShare`). */
export const EncryptedUserShare = moveStruct('EncryptedUserShare', ['key', 'store'], {
  id: M.UID,
  dwallet_id: M.ID,
  /** Whose registered key encrypts it: the sender for a backup, the recipient for a transfer. */
  owner: M.address,
  /** The requester. */
  sender: M.address,
  encryption_key_id: M.ID,
  /** Ciphertext and EncDL proof (mpc/user-share encoding). */
  encrypted_share: M.bytes,
  session_id: M.bytes,
  transfer: M.bool,
  /** `EncryptedShareState`. */
  state: M.u8,
  /** A transfer's cap until accepted, withdrawn, or returned (rejection, cancellation). */
  escrowed_cap: optionOf(DWalletCap),
  /** The share of the same (dWallet, owner) requested before this one, if any. */
  previous_share_id: optionOf(M.ID),
});

export const Coordinator = moveStruct('Coordinator', ['key'], {
  id: M.UID,
  epoch: M.u64,
  committee: Committee,
  pending_committee: optionOf(Committee),
  network_keys: objectTableOf(M.ID, NetworkKey),
  active_network_keys: vectorOf(M.ID),
  keys_in_generation: M.u64,
  fees: vectorOf(M.u64),
  session_timeout_ms: M.u64,
  sessions: objectTableOf(M.bytes, Session),
  dwallets: objectTableOf(M.ID, DWallet),
  presigns: objectTableOf(M.ID, Presign),
  presign_pools: vectorOf(PresignPool),
  partial_signatures: objectTableOf(M.ID, PartialUserSignature),
  signs: objectTableOf(M.ID, Sign),
  encryption_keys: objectTableOf(M.ID, UserEncryptionKey),
  /** The key id of each (address, curve); read one with `encryptionKeyIdFieldOf`. */
  encryption_key_ids: tableOf(EncryptionKeySlot, M.ID),
  encrypted_shares: objectTableOf(M.ID, EncryptedUserShare),
  /** The newest encrypted share of each (dWallet, owner); read one with `encryptedShareIdFieldOf`. */
  encrypted_share_ids: tableOf(EncryptedShareSlot, M.ID),
  next_session_sequence: M.u64,
  next_result_sequence: M.u64,
});

export type MemberValue = StructOf<typeof Member>;
export type MemberListValue = StructOf<typeof MemberList>;
export type CommitteeValue = StructOf<typeof Committee>;
export type CommitteeBuilderValue = StructOf<typeof CommitteeBuilder>;
export type AdminCapValue = StructOf<typeof AdminCap>;
export type NetworkKeyValue = StructOf<typeof NetworkKey>;
export type NetworkKeyVersionValue = StructOf<typeof NetworkKeyVersion>;
export type PresignPoolValue = StructOf<typeof PresignPool>;
export type SessionValue = StructOf<typeof Session>;
export type DWalletValue = StructOf<typeof DWallet>;
export type DWalletCapValue = StructOf<typeof DWalletCap>;
export type PresignValue = StructOf<typeof Presign>;
export type PresignCapValue = StructOf<typeof PresignCap>;
export type MessageApprovalValue = StructOf<typeof MessageApproval>;
export type PartialUserSignatureValue = StructOf<typeof PartialUserSignature>;
export type PartialSignatureCapValue = StructOf<typeof PartialSignatureCap>;
export type SignValue = StructOf<typeof Sign>;
export type UserEncryptionKeyValue = StructOf<typeof UserEncryptionKey>;
export type EncryptionKeySlotValue = StructOf<typeof EncryptionKeySlot>;
export type EncryptedShareSlotValue = StructOf<typeof EncryptedShareSlot>;
export type EncryptedUserShareValue = StructOf<typeof EncryptedUserShare>;
export type CoordinatorValue = StructOf<typeof Coordinator>;

// biome-ignore lint/suspicious/noExplicitAny: a registry of structs of every shape
type AnyStruct = MoveStructType<any>;

/**
 * An `ObjectTable<K, V>` entry is a dynamic object field: a `Field<Wrapper<K>, ID>` owned by the
 * table, holding the value's id, and the value object owned by that field
 * (`sui::dynamic_object_field::add`). The package's object tables are keyed by `ID` or by
 * `vector<u8>` (sessions).
 */
export const ObjectTableFieldById = dynamicFieldOf(
  M.ID,
  `${SUI_FRAMEWORK}::dynamic_object_field::Wrapper<${SUI_FRAMEWORK}::object::ID>`,
  M.ID,
  `${SUI_FRAMEWORK}::object::ID`,
);
export const ObjectTableFieldByBytes = dynamicFieldOf(
  M.bytes,
  `${SUI_FRAMEWORK}::dynamic_object_field::Wrapper<vector<u8>>`,
  M.ID,
  `${SUI_FRAMEWORK}::object::ID`,
);

const idTableFields = new Map<string, unknown>();

/**
 * The object holding one entry of a coordinator `Table<Slot, ID>` keyed by the package's struct
 * `slot`: a `0x2::dynamic_field::Field<<package>::coordinator::<Slot>, 0x2::object::ID>` at the id
 * Sui derives from the table's id and the key. Its type names the package, so there is one per package.
 */
function idTableFieldOf<S extends AnyMoveType & { readonly name: string }>(slot: S, packageId: string): DynamicFieldType<S, typeof M.ID> {
  const cacheKey = `${packageId}::${slot.name}`;
  let field = idTableFields.get(cacheKey) as DynamicFieldType<S, typeof M.ID> | undefined;
  if (field === undefined) {
    field = dynamicFieldOf(slot, normalizeStructTag(`${packageId}::coordinator::${slot.name}`), M.ID, `${SUI_FRAMEWORK}::object::ID`);
    idTableFields.set(cacheKey, field);
  }
  return field;
}

/** One entry of the coordinator's `encryption_key_ids` (`Table<EncryptionKeySlot, ID>`): an address's key on a curve. */
export function encryptionKeyIdFieldOf(packageId: string): DynamicFieldType<typeof EncryptionKeySlot, typeof M.ID> {
  return idTableFieldOf(EncryptionKeySlot, packageId);
}

/** One entry of the coordinator's `encrypted_share_ids` (`Table<EncryptedShareSlot, ID>`): the newest share of a dWallet for an owner. */
export function encryptedShareIdFieldOf(packageId: string): DynamicFieldType<typeof EncryptedShareSlot, typeof M.ID> {
  return idTableFieldOf(EncryptedShareSlot, packageId);
}

/** The dynamic-field objects the package's tables create (the local chain's type registry knows them). */
export const DynamicFieldTypes = [PresignPoolEntry, ObjectTableFieldById, ObjectTableFieldByBytes] as const;

/** The structs of each module, in source order (the parity test compares them with the sources). */
export const ObjectStructsByModule: Readonly<Record<string, readonly AnyStruct[]>> = {
  committee: [Member, MemberList, Committee],
  coordinator: [
    AdminCap,
    CommitteeBuilder,
    Coordinator,
    NetworkKey,
    NetworkKeyVersion,
    PresignPool,
    Session,
    DWallet,
    DWalletCap,
    Presign,
    PresignCap,
    MessageApproval,
    PartialUserSignature,
    PartialSignatureCap,
    Sign,
    UserEncryptionKey,
    EncryptionKeySlot,
    EncryptedShareSlot,
    EncryptedUserShare,
  ],
};

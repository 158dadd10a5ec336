/**
 * Mirror of `move/sources/coordinator.move` for the local chain.
 *
 * Each exported function is the Move function of the same name: same checks in the same order
 * (so the same abort for the same input), same objects created in the same order (so ids derive
 * the same way within a transaction), same events with the same fields. When the Move code
 * changes, this file changes with it; the local chain tests exercise every abort listed in
 * `chain/abort-codes.ts` that a transaction can reach.
 * @module
 */

import { normalizeSuiAddress } from '@mysten/sui/utils';
import { resultBatchSigningMessage } from '../../certificate.ts';
import {
  ALGORITHM_COUNT,
  type Curve,
  DIGEST_LENGTH,
  DWalletState,
  defaultAlgorithm,
  EncryptedShareState,
  EncryptionKeyState,
  feeSlot,
  HashScheme,
  isSupportedCurve,
  isValidHashScheme,
  isValidSigningScheme,
  KEY_COMMITMENT_LENGTH,
  MAX_ENCRYPTION_KEY_LENGTH,
  MAX_GLOBAL_KEY_PARTS_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_POOL_PRESIGNS,
  MAX_RECOVERY_ID,
  MAX_SESSION_TIMEOUT_MS,
  MAX_USER_MESSAGE_LENGTH,
  NetworkKeyState,
  NO_ENCRYPTION_KEY,
  PartialSignatureState,
  PresignState,
  PUBLIC_USER_SHARE_LENGTH,
  REQUEST_KIND_COUNT,
  RequestKind,
  ResultKind,
  SESSION_ID_LENGTH,
  SessionStatus,
  SIGNATURE_LENGTH_ECDSA,
  SIGNATURE_LENGTH_SCHNORR,
  SignatureAlgorithm,
  SignState,
  SUI_COIN_TYPE,
  THRESHOLD_KEY_DIGEST_LENGTH,
  UNATTESTED_THRESHOLD_KEY_DIGEST,
} from '../../constants.ts';
import { ChainErrorCodes, ChainStoreError } from '../../errors.ts';
import { MoveTypes as M } from '../../schemas/move-type.ts';
import type {
  CommitteeBuilderValue,
  CommitteeValue,
  CoordinatorValue,
  DWalletCapValue,
  DWalletValue,
  EncryptedShareSlotValue,
  EncryptedUserShareValue,
  EncryptionKeySlotValue,
  MessageApprovalValue,
  NetworkKeyValue,
  PartialSignatureCapValue,
  PartialUserSignatureValue,
  PresignCapValue,
  PresignPoolValue,
  PresignValue,
  SessionValue,
  SignValue,
  UserEncryptionKeyValue,
} from '../../schemas/objects.ts';
import { encryptedShareIdFieldOf, encryptionKeyIdFieldOf, PresignPoolEntry } from '../../schemas/objects.ts';
import { deriveSessionId } from '../../session-id.ts';
import type { LiveObject, TransactionState } from '../transaction-state.ts';
import { check } from './abort.ts';
import { addU64 } from './arithmetic.ts';
import { MoveBcsReader } from './bcs-reader.ts';
import { addMembers, equalBytes, finish, newMemberList, verifyCertificate } from './committee.ts';
import { type ParsedResult, parseBatch, peekSequence } from './result-batch.ts';
import * as tableVec from './table-vec.ts';

export type Coin = LiveObject<{ id: string; balance: { value: bigint } }>;
/** `sui::clock::Clock`, passed by reference: its value. */
export interface Clock {
  id: string;
  timestamp_ms: bigint;
}

// === Administration ===

/** A batch of committee members, as `add_committee_members` takes them. */
interface CommitteeMembersArgs {
  public_keys: Uint8Array[];
  proofs_of_possession: Uint8Array[];
  weights: bigint[];
  sui_addresses: string[];
  network_addresses: string[];
  share_encryption_keys: Uint8Array[];
}

export function new_committee_builder(st: TransactionState, _self: null, _args: { _: LiveObject }): LiveObject<CommitteeBuilderValue> {
  return st.create<CommitteeBuilderValue>(st.types.coordinatorType('CommitteeBuilder'), { id: st.newId(), members: newMemberList() });
}

export function add_committee_members(
  _st: TransactionState,
  _self: null,
  args: CommitteeMembersArgs & { builder: LiveObject<CommitteeBuilderValue> },
): void {
  addMembers(
    args.builder.value.members,
    args.public_keys,
    args.proofs_of_possession,
    args.weights,
    args.sui_addresses,
    args.network_addresses,
    args.share_encryption_keys,
  );
}

export function set_committee(
  st: TransactionState,
  self: CoordinatorValue,
  args: { epoch: bigint; builder: LiveObject<CommitteeBuilderValue>; threshold: bigint },
): void {
  check(args.epoch > self.epoch, 'coordinator', 'EEpochNotIncreasing');
  check(self.pending_committee === null, 'coordinator', 'EReconfigurationPending');
  installCommittee(st, self, args.epoch, finishCommittee(st, args.builder, args.threshold));
}

/** `finish_committee`: the builder is deleted, its members made a committee. */
function finishCommittee(st: TransactionState, builder: LiveObject<CommitteeBuilderValue>, threshold: bigint): CommitteeValue {
  st.delete(builder);
  return finish(builder.value.members, threshold);
}

export function register_network_key(
  st: TransactionState,
  self: CoordinatorValue,
  args: { curves: number[]; key_commitment: Uint8Array; global_key_parts: Uint8Array },
): string {
  const { curves, key_commitment, global_key_parts } = args;
  assertCurvesValid(curves);
  assertKeyMaterialValid(key_commitment, global_key_parts);
  const epoch = self.epoch;
  const key: NetworkKeyValue = {
    id: st.newId(),
    curves,
    key_commitment,
    global_key_parts,
    registered_at_epoch: epoch,
    state: NetworkKeyState.ACTIVE,
    session_id: new Uint8Array(),
    versions: [{ epoch, threshold_key_digest: UNATTESTED_THRESHOLD_KEY_DIGEST.slice() }],
  };
  st.emit('NetworkKeyRegistered', { network_key_id: key.id, curves, key_commitment, global_key_parts, epoch });
  st.tableAdd(self.network_keys, M.ID, key.id, st.create(st.types.coordinatorType('NetworkKey'), key));
  self.active_network_keys.push(key.id);
  return key.id;
}

export function request_network_key_dkg(
  st: TransactionState,
  self: CoordinatorValue,
  args: { curves: number[]; session_preimage: Uint8Array; clock: Clock },
): string {
  const { curves } = args;
  assertCurvesValid(curves);
  check(self.pending_committee === null, 'coordinator', 'EReconfigurationPending');
  const networkKeyId = st.newId();
  const session = openAdminSession(st, self, RequestKind.NETWORK_KEY_DKG, networkKeyId, args.session_preimage, args.clock);
  self.keys_in_generation += 1n;
  st.emit('NetworkKeyDkgRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    network_key_id: networkKeyId,
    curves,
  });
  const key: NetworkKeyValue = {
    id: networkKeyId,
    curves,
    key_commitment: new Uint8Array(),
    global_key_parts: new Uint8Array(),
    registered_at_epoch: self.epoch,
    state: NetworkKeyState.REQUESTED,
    session_id: session.sessionId,
    versions: [],
  };
  st.tableAdd(self.network_keys, M.ID, networkKeyId, st.create(st.types.coordinatorType('NetworkKey'), key));
  return networkKeyId;
}

export function request_reconfiguration(
  st: TransactionState,
  self: CoordinatorValue,
  args: { builder: LiveObject<CommitteeBuilderValue>; threshold: bigint; session_preimage: Uint8Array; clock: Clock },
): void {
  check(self.committee.members.length > 0, 'coordinator', 'ENoCommittee');
  check(self.pending_committee === null, 'coordinator', 'EReconfigurationPending');
  check(self.keys_in_generation === 0n, 'coordinator', 'ENetworkKeyGenerationPending');
  const committee = finishCommittee(st, args.builder, args.threshold);
  const coordinatorId = self.id;
  const session = openAdminSession(st, self, RequestKind.RECONFIGURATION, coordinatorId, args.session_preimage, args.clock);
  st.emit('ReconfigurationRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    coordinator_id: coordinatorId,
    next_epoch: self.epoch + 1n,
    members: committee.members,
    total_weight: committee.total_weight,
    threshold: committee.threshold,
  });
  self.pending_committee = committee;
}

export function set_fee(
  st: TransactionState,
  self: CoordinatorValue,
  args: { request_kind: number; algorithm: number; amount: bigint },
): void {
  const index = feeIndex(args.request_kind, args.algorithm);
  self.fees[index] = args.amount;
  st.emit('FeeSet', { request_kind: args.request_kind, algorithm: args.algorithm, amount: args.amount });
}

export function set_session_timeout(st: TransactionState, self: CoordinatorValue, args: { timeout_ms: bigint }): void {
  check(args.timeout_ms > 0n && args.timeout_ms <= MAX_SESSION_TIMEOUT_MS, 'coordinator', 'EInvalidSessionTimeout');
  self.session_timeout_ms = args.timeout_ms;
  st.emit('SessionTimeoutSet', { timeout_ms: args.timeout_ms });
}

function installCommittee(st: TransactionState, self: CoordinatorValue, epoch: bigint, committee: CommitteeValue): void {
  self.epoch = epoch;
  self.committee = committee;
  st.emit('CommitteeSet', { epoch, members: committee.members, total_weight: committee.total_weight, threshold: committee.threshold });
}

/** A network key's curve list: not empty, every curve supported, none twice (`assert_curves_valid`). */
function assertCurvesValid(curves: number[]): void {
  check(curves.length > 0, 'coordinator', 'EEmptyCurveList');
  curves.forEach((curve, i) => {
    check(isSupportedCurve(curve), 'coordinator', 'EUnsupportedCurve');
    for (let j = 0; j < i; j++) check(curves[j] !== curve, 'coordinator', 'EDuplicateCurve');
  });
}

function assertKeyMaterialValid(keyCommitment: Uint8Array, globalKeyParts: Uint8Array): void {
  check(keyCommitment.length === KEY_COMMITMENT_LENGTH, 'coordinator', 'EInvalidKeyCommitment');
  check(globalKeyParts.length > 0, 'coordinator', 'EEmptyGlobalKeyParts');
  check(globalKeyParts.length <= MAX_GLOBAL_KEY_PARTS_LENGTH, 'coordinator', 'EGlobalKeyPartsTooLong');
}

// === dWallet creation ===

export function request_dwallet_dkg(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    network_key_id: string;
    curve: number;
    algorithm: number;
    session_preimage: Uint8Array;
    user_dkg_message: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): LiveObject<DWalletCapValue> {
  const { network_key_id, curve, algorithm, session_preimage, user_dkg_message, payment, clock } = args;
  return createDWallet(st, self, network_key_id, curve, algorithm, false, session_preimage, user_dkg_message, null, payment, clock);
}

export function request_imported_key_dwallet(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    network_key_id: string;
    curve: number;
    algorithm: number;
    session_preimage: Uint8Array;
    user_import_message: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): LiveObject<DWalletCapValue> {
  const { network_key_id, curve, algorithm, session_preimage, user_import_message, payment, clock } = args;
  return createDWallet(st, self, network_key_id, curve, algorithm, true, session_preimage, user_import_message, null, payment, clock);
}

export function request_shared_dwallet_dkg(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    network_key_id: string;
    curve: number;
    algorithm: number;
    session_preimage: Uint8Array;
    user_dkg_message: Uint8Array;
    public_user_share: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): LiveObject<DWalletCapValue> {
  const { network_key_id, curve, algorithm, session_preimage, user_dkg_message, public_user_share, payment, clock } = args;
  return createDWallet(
    st,
    self,
    network_key_id,
    curve,
    algorithm,
    false,
    session_preimage,
    user_dkg_message,
    public_user_share,
    payment,
    clock,
  );
}

export function request_make_dwallet_shared(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    dwallet_cap: LiveObject<DWalletCapValue>;
    public_user_share: Uint8Array;
    session_preimage: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): void {
  const dwallet = borrowActiveDWallet(st, self, args.dwallet_cap);
  check(dwallet.public_user_share === null, 'coordinator', 'EDWalletAlreadyShared');
  assertPublicUserShareValid(args.public_user_share);
  const { network_key_id, curve, algorithm, output: dwalletOutput } = dwallet;
  const dwalletId = args.dwallet_cap.value.dwallet_id;
  const session = openSession(
    st,
    self,
    RequestKind.MAKE_DWALLET_SHARED,
    algorithm,
    dwalletId,
    args.session_preimage,
    args.payment,
    args.clock,
  );
  st.emit('MakeDWalletSharedRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    dwallet_id: dwalletId,
    network_key_id,
    curve,
    algorithm,
    dwallet_output: dwalletOutput,
    public_user_share: args.public_user_share,
    fee: session.fee,
  });
}

function createDWallet(
  st: TransactionState,
  self: CoordinatorValue,
  networkKeyId: string,
  curve: number,
  algorithm: number,
  imported: boolean,
  sessionPreimage: Uint8Array,
  userMessage: Uint8Array,
  publicUserShare: Uint8Array | null,
  payment: Coin,
  clock: Clock,
): LiveObject<DWalletCapValue> {
  assertKeySupports(st, self, networkKeyId, curve, algorithm);
  assertUserMessageValid(userMessage);
  if (publicUserShare !== null) assertPublicUserShareValid(publicUserShare);
  const dwalletId = st.newId();
  const cap = st.create<DWalletCapValue>(st.types.coordinatorType('DWalletCap'), { id: st.newId(), dwallet_id: dwalletId });
  const requestKind = imported ? RequestKind.IMPORTED_KEY : RequestKind.DWALLET_DKG;
  const session = openSession(st, self, requestKind, algorithm, dwalletId, sessionPreimage, payment, clock);
  const common = {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    dwallet_id: dwalletId,
    dwallet_cap_id: cap.id,
    network_key_id: networkKeyId,
    curve,
    algorithm,
    fee: session.fee,
  };
  if (imported) st.emit('ImportedKeyDWalletRequested', { ...common, user_import_message: userMessage });
  else st.emit('DWalletDkgRequested', { ...common, user_dkg_message: userMessage, public_user_share: publicUserShare });
  const dwallet: DWalletValue = {
    id: dwalletId,
    cap_id: cap.id,
    network_key_id: networkKeyId,
    curve,
    algorithm,
    imported,
    session_id: session.sessionId,
    state: DWalletState.AWAITING_NETWORK,
    output: new Uint8Array(),
    public_user_share: publicUserShare,
  };
  st.tableAdd(self.dwallets, M.ID, dwalletId, st.create(st.types.coordinatorType('DWallet'), dwallet));
  return cap;
}

// === Presigns ===

export function request_presign(
  st: TransactionState,
  self: CoordinatorValue,
  args: { network_key_id: string; curve: number; algorithm: number; session_preimage: Uint8Array; payment: Coin; clock: Clock },
): string {
  const { network_key_id, curve, algorithm } = args;
  assertKeySupports(st, self, network_key_id, curve, algorithm);
  const pool = self.presign_pools[poolIndexOrCreate(st, self, network_key_id, curve, algorithm)] as PresignPoolValue;
  check(pool.pending + tableVec.length(pool.available) < BigInt(MAX_POOL_PRESIGNS), 'coordinator', 'EPresignPoolFull');
  pool.pending += 1n;
  const presignId = st.newId();
  const session = openSession(st, self, RequestKind.PRESIGN, algorithm, presignId, args.session_preimage, args.payment, args.clock);
  st.emit('PresignRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    presign_id: presignId,
    network_key_id,
    curve,
    algorithm,
    dwallet_id: null,
    dwallet_output: new Uint8Array(),
    fee: session.fee,
  });
  const presign: PresignValue = {
    id: presignId,
    session_id: session.sessionId,
    network_key_id,
    curve,
    algorithm,
    dwallet_id: null,
    requester: st.sender,
    cap_id: null,
    state: PresignState.REQUESTED,
    output: new Uint8Array(),
  };
  st.tableAdd(self.presigns, M.ID, presignId, st.create(st.types.coordinatorType('Presign'), presign));
  return presignId;
}

export function request_imported_key_presign(
  st: TransactionState,
  self: CoordinatorValue,
  args: { dwallet_cap: LiveObject<DWalletCapValue>; session_preimage: Uint8Array; payment: Coin; clock: Clock },
): LiveObject<PresignCapValue> {
  const dwallet = borrowActiveDWallet(st, self, args.dwallet_cap);
  check(dwallet.imported, 'coordinator', 'ENotImportedKeyDWallet');
  check(dwallet.algorithm === SignatureAlgorithm.ECDSA, 'coordinator', 'EImportedKeyPresignNeedsEcdsa');
  const { network_key_id, curve, algorithm, output: dwalletOutput } = dwallet;
  const dwalletId = args.dwallet_cap.value.dwallet_id;
  const presignId = st.newId();
  const cap = st.create<PresignCapValue>(st.types.coordinatorType('PresignCap'), { id: st.newId(), presign_id: presignId });
  const session = openSession(st, self, RequestKind.PRESIGN, algorithm, presignId, args.session_preimage, args.payment, args.clock);
  st.emit('PresignRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    presign_id: presignId,
    network_key_id,
    curve,
    algorithm,
    dwallet_id: dwalletId,
    dwallet_output: dwalletOutput,
    fee: session.fee,
  });
  const presign: PresignValue = {
    id: presignId,
    session_id: session.sessionId,
    network_key_id,
    curve,
    algorithm,
    dwallet_id: dwalletId,
    requester: st.sender,
    cap_id: cap.id,
    state: PresignState.REQUESTED,
    output: new Uint8Array(),
  };
  st.tableAdd(self.presigns, M.ID, presignId, st.create(st.types.coordinatorType('Presign'), presign));
  return cap;
}

export function claim_presign(
  st: TransactionState,
  self: CoordinatorValue,
  args: { network_key_id: string; curve: number; algorithm: number; payment: Coin },
): LiveObject<PresignCapValue> {
  const poolIndex = findPool(self, args.network_key_id, args.curve, args.algorithm);
  check(poolIndex !== null, 'coordinator', 'EPresignPoolEmpty');
  const requiredFee = self.fees[feeIndex(RequestKind.PRESIGN, args.algorithm)] as bigint;
  const pool = self.presign_pools[poolIndex] as PresignPoolValue;
  check(!tableVec.isEmpty(pool.available), 'coordinator', 'EPresignPoolEmpty');
  const fee = args.payment.value.balance.value;
  check(fee >= requiredFee, 'coordinator', 'EInsufficientFee');
  const presignId = tableVec.popBack<string>(st, pool.available, PresignPoolEntry);
  const cap = st.create<PresignCapValue>(st.types.coordinatorType('PresignCap'), { id: st.newId(), presign_id: presignId });
  const presign = st.tableBorrow<PresignValue>(self.presigns, M.ID, presignId);
  presign.cap_id = cap.id;
  const requester = presign.requester;
  st.transfer(args.payment, requester);
  st.emit('PresignClaimed', {
    presign_id: presignId,
    presign_cap_id: cap.id,
    network_key_id: args.network_key_id,
    curve: args.curve,
    algorithm: args.algorithm,
    claimer: st.sender,
    requester,
    fee,
  });
  return cap;
}

// === Signing ===

export function approve_message(
  st: TransactionState,
  self: CoordinatorValue,
  args: { dwallet_cap: LiveObject<DWalletCapValue>; hash_scheme: number; message: Uint8Array },
): MessageApprovalValue {
  const dwallet = borrowActiveDWallet(st, self, args.dwallet_cap);
  check(isValidHashScheme(dwallet.curve, dwallet.algorithm, args.hash_scheme), 'coordinator', 'EUnsupportedHashScheme');
  assertMessageValid(args.hash_scheme, args.message);
  return { dwallet_id: args.dwallet_cap.value.dwallet_id, hash_scheme: args.hash_scheme, message: args.message };
}

export function request_sign(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    approval: MessageApprovalValue;
    presign_cap: LiveObject<PresignCapValue>;
    session_preimage: Uint8Array;
    user_sign_message: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): string {
  const { dwallet_id, hash_scheme, message } = args.approval;
  assertUserMessageValid(args.user_sign_message);
  assertPresignUsable(st, self, args.presign_cap, dwallet_id);
  const presignId = args.presign_cap.value.presign_id;
  st.delete(args.presign_cap);
  const presign = consumePresign(st, self, presignId);
  return openSign(st, self, {
    dwalletId: dwallet_id,
    hashScheme: hash_scheme,
    message,
    presignId,
    presign,
    userSignMessage: args.user_sign_message,
    partialSignatureId: null,
    publicUserShare: null,
    requestKind: RequestKind.SIGN,
    sessionPreimage: args.session_preimage,
    payment: args.payment,
    clock: args.clock,
  });
}

export function request_sign_shared(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    approval: MessageApprovalValue;
    presign_cap: LiveObject<PresignCapValue>;
    session_preimage: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): string {
  const { dwallet_id, hash_scheme, message } = args.approval;
  const publicUserShare = st.tableBorrow<DWalletValue>(self.dwallets, M.ID, dwallet_id).public_user_share;
  check(publicUserShare !== null, 'coordinator', 'EDWalletNotShared');
  assertPresignUsable(st, self, args.presign_cap, dwallet_id);
  const presignId = args.presign_cap.value.presign_id;
  st.delete(args.presign_cap);
  const presign = consumePresign(st, self, presignId);
  return openSign(st, self, {
    dwalletId: dwallet_id,
    hashScheme: hash_scheme,
    message,
    presignId,
    presign,
    userSignMessage: new Uint8Array(),
    partialSignatureId: null,
    publicUserShare,
    requestKind: RequestKind.SIGN,
    sessionPreimage: args.session_preimage,
    payment: args.payment,
    clock: args.clock,
  });
}

export function request_future_sign(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    dwallet_id: string;
    presign_cap: LiveObject<PresignCapValue>;
    hash_scheme: number;
    message: Uint8Array;
    session_preimage: Uint8Array;
    user_sign_message: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): LiveObject<PartialSignatureCapValue> {
  const { dwallet_id, hash_scheme, message, user_sign_message } = args;
  check(st.tableContains(self.dwallets, M.ID, dwallet_id), 'coordinator', 'EDWalletNotFound');
  const dwallet = st.tableBorrow<DWalletValue>(self.dwallets, M.ID, dwallet_id);
  check(dwallet.state === DWalletState.ACTIVE, 'coordinator', 'EDWalletNotActive');
  check(dwallet.algorithm === SignatureAlgorithm.ECDSA, 'coordinator', 'EFutureSignNeedsEcdsa');
  check(isValidHashScheme(dwallet.curve, dwallet.algorithm, hash_scheme), 'coordinator', 'EUnsupportedHashScheme');
  const { network_key_id, curve, algorithm, output: dwalletOutput } = dwallet;
  assertMessageValid(hash_scheme, message);
  assertUserMessageValid(user_sign_message);
  assertPresignUsable(st, self, args.presign_cap, dwallet_id);
  const presignId = args.presign_cap.value.presign_id;
  const presign = consumePresign(st, self, presignId);
  const partialId = st.newId();
  const cap = st.create<PartialSignatureCapValue>(st.types.coordinatorType('PartialSignatureCap'), {
    id: st.newId(),
    partial_signature_id: partialId,
  });
  const session = openSession(st, self, RequestKind.FUTURE_SIGN, algorithm, partialId, args.session_preimage, args.payment, args.clock);
  st.emit('FutureSignRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    partial_signature_id: partialId,
    dwallet_id,
    network_key_id,
    curve,
    algorithm,
    hash_scheme,
    message,
    presign_id: presignId,
    presign,
    dwallet_output: dwalletOutput,
    user_sign_message,
    fee: session.fee,
  });
  st.wrap(args.presign_cap);
  const partial: PartialUserSignatureValue = {
    id: partialId,
    session_id: session.sessionId,
    dwallet_id,
    presign_id: presignId,
    presign_cap: { ...args.presign_cap.value },
    hash_scheme,
    message,
    user_sign_message,
    cap_id: cap.id,
    state: PartialSignatureState.AWAITING_VERIFICATION,
  };
  st.tableAdd(self.partial_signatures, M.ID, partialId, st.create(st.types.coordinatorType('PartialUserSignature'), partial));
  return cap;
}

export function request_sign_with_partial_signature(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    partial_signature_cap: LiveObject<PartialSignatureCapValue>;
    approval: MessageApprovalValue;
    session_preimage: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): string {
  const capId = args.partial_signature_cap.id;
  const partialId = args.partial_signature_cap.value.partial_signature_id;
  check(st.tableContains(self.partial_signatures, M.ID, partialId), 'coordinator', 'EPartialSignatureNotFound');
  const partial = st.tableBorrow<PartialUserSignatureValue>(self.partial_signatures, M.ID, partialId);
  check(partial.cap_id === capId, 'coordinator', 'EWrongPartialSignatureCap');
  check(partial.state === PartialSignatureState.VERIFIED, 'coordinator', 'EPartialSignatureNotVerified');
  const { dwallet_id, hash_scheme, message } = args.approval;
  check(
    dwallet_id === partial.dwallet_id && hash_scheme === partial.hash_scheme && equalBytes(message, partial.message),
    'coordinator',
    'EApprovalMismatch',
  );
  partial.state = PartialSignatureState.USED;
  const presignCap = partial.presign_cap as PresignCapValue;
  partial.presign_cap = null;
  const userSignMessage = partial.user_sign_message;
  st.deleteUid(presignCap.id, st.types.coordinatorType('PresignCap'));
  st.delete(args.partial_signature_cap);
  const presign = st.tableBorrow<PresignValue>(self.presigns, M.ID, presignCap.presign_id).output;
  return openSign(st, self, {
    dwalletId: dwallet_id,
    hashScheme: hash_scheme,
    message,
    presignId: presignCap.presign_id,
    presign,
    userSignMessage,
    partialSignatureId: partialId,
    publicUserShare: null,
    requestKind: RequestKind.FUTURE_SIGN_COMPLETION,
    sessionPreimage: args.session_preimage,
    payment: args.payment,
    clock: args.clock,
  });
}

function openSign(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    dwalletId: string;
    hashScheme: number;
    message: Uint8Array;
    presignId: string;
    presign: Uint8Array;
    userSignMessage: Uint8Array;
    partialSignatureId: string | null;
    publicUserShare: Uint8Array | null;
    requestKind: number;
    sessionPreimage: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): string {
  const dwallet = st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwalletId);
  const { network_key_id, curve, algorithm, output: dwalletOutput } = dwallet;
  const signId = st.newId();
  const session = openSession(st, self, args.requestKind, algorithm, signId, args.sessionPreimage, args.payment, args.clock);
  st.emit('SignRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: st.sender,
    sign_id: signId,
    dwallet_id: args.dwalletId,
    network_key_id,
    curve,
    algorithm,
    hash_scheme: args.hashScheme,
    message: args.message,
    presign_id: args.presignId,
    presign: args.presign,
    dwallet_output: dwalletOutput,
    user_sign_message: args.userSignMessage,
    partial_signature_id: args.partialSignatureId,
    fee: session.fee,
    public_user_share: args.publicUserShare,
  });
  const sign: SignValue = {
    id: signId,
    session_id: session.sessionId,
    dwallet_id: args.dwalletId,
    presign_id: args.presignId,
    algorithm,
    hash_scheme: args.hashScheme,
    message: args.message,
    partial_signature_id: args.partialSignatureId,
    state: SignState.REQUESTED,
    signature: new Uint8Array(),
  };
  st.tableAdd(self.signs, M.ID, signId, st.create(st.types.coordinatorType('Sign'), sign));
  return signId;
}

// === The user's share: encryption keys, backups and transfers ===

export function request_register_encryption_key(
  st: TransactionState,
  self: CoordinatorValue,
  args: { curve: number; encryption_key: Uint8Array; proof: Uint8Array; session_preimage: Uint8Array; payment: Coin; clock: Clock },
): string {
  const { curve, encryption_key, proof } = args;
  check(isSupportedCurve(curve), 'coordinator', 'EUnsupportedCurve');
  check(encryption_key.length > 0 && encryption_key.length <= MAX_ENCRYPTION_KEY_LENGTH, 'coordinator', 'EInvalidEncryptionKey');
  assertUserMessageValid(proof);
  const owner = st.sender;
  const slot: EncryptionKeySlotValue = { owner, curve };
  const slots = encryptionKeyIdFieldOf(st.packageId);
  const algorithm = defaultAlgorithm(curve as Curve);
  let encryptionKeyId: string;
  let session: OpenedSession;
  if (st.fieldContains(self.encryption_key_ids, slots, slot)) {
    // A REJECTED key is replaced in place: same object and id, new key and session.
    encryptionKeyId = st.fieldBorrow<string>(self.encryption_key_ids, slots, slot);
    const existing = st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, encryptionKeyId);
    check(existing.state === EncryptionKeyState.REJECTED, 'coordinator', 'EEncryptionKeyAlreadyRegistered');
    session = openSession(
      st,
      self,
      RequestKind.REGISTER_ENCRYPTION_KEY,
      algorithm,
      encryptionKeyId,
      args.session_preimage,
      args.payment,
      args.clock,
    );
    const key = st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, encryptionKeyId);
    key.encryption_key = encryption_key;
    key.session_id = session.sessionId;
    key.state = EncryptionKeyState.AWAITING_NETWORK;
  } else {
    encryptionKeyId = st.newId();
    session = openSession(
      st,
      self,
      RequestKind.REGISTER_ENCRYPTION_KEY,
      algorithm,
      encryptionKeyId,
      args.session_preimage,
      args.payment,
      args.clock,
    );
    const key: UserEncryptionKeyValue = {
      id: encryptionKeyId,
      owner,
      curve,
      encryption_key,
      session_id: session.sessionId,
      state: EncryptionKeyState.AWAITING_NETWORK,
    };
    st.tableAdd(self.encryption_keys, M.ID, encryptionKeyId, st.create(st.types.coordinatorType('UserEncryptionKey'), key));
    st.fieldAdd(self.encryption_key_ids, slots, slot, encryptionKeyId);
  }
  st.emit('EncryptionKeyRegistrationRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: owner,
    encryption_key_id: encryptionKeyId,
    owner,
    curve,
    encryption_key,
    proof,
    fee: session.fee,
  });
  return encryptionKeyId;
}

export function request_share_backup(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    dwallet_cap: LiveObject<DWalletCapValue>;
    encrypted_share: Uint8Array;
    session_preimage: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): string {
  const share = openShareEncryption(st, self, args.dwallet_cap, st.sender, false, args);
  st.tableAdd(self.encrypted_shares, M.ID, share.id, st.create(st.types.coordinatorType('EncryptedUserShare'), share));
  return share.id;
}

export function request_share_transfer(
  st: TransactionState,
  self: CoordinatorValue,
  args: {
    dwallet_cap: LiveObject<DWalletCapValue>;
    recipient: string;
    encrypted_share: Uint8Array;
    session_preimage: Uint8Array;
    payment: Coin;
    clock: Clock;
  },
): string {
  const share = openShareEncryption(st, self, args.dwallet_cap, args.recipient, true, args);
  st.wrap(args.dwallet_cap);
  share.escrowed_cap = { ...args.dwallet_cap.value };
  st.tableAdd(self.encrypted_shares, M.ID, share.id, st.create(st.types.coordinatorType('EncryptedUserShare'), share));
  return share.id;
}

export function accept_share_transfer(
  st: TransactionState,
  self: CoordinatorValue,
  args: { encrypted_share_id: string },
): LiveObject<DWalletCapValue> {
  const shareId = args.encrypted_share_id;
  check(st.tableContains(self.encrypted_shares, M.ID, shareId), 'coordinator', 'EEncryptedShareNotFound');
  const share = st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, shareId);
  check(share.owner === st.sender, 'coordinator', 'ENotTransferRecipient');
  check(share.transfer, 'coordinator', 'ENotAShareTransfer');
  check(share.state === EncryptedShareState.VERIFIED, 'coordinator', 'EShareTransferNotVerified');
  share.state = EncryptedShareState.ACCEPTED;
  const cap = takeEscrowedCap(st, share);
  st.emit('ShareTransferAccepted', {
    encrypted_share_id: shareId,
    dwallet_id: share.dwallet_id,
    sender: share.sender,
    recipient: share.owner,
    cap_id: cap.id,
  });
  return cap;
}

export function withdraw_share_transfer(
  st: TransactionState,
  self: CoordinatorValue,
  args: { encrypted_share_id: string },
): LiveObject<DWalletCapValue> {
  const shareId = args.encrypted_share_id;
  check(st.tableContains(self.encrypted_shares, M.ID, shareId), 'coordinator', 'EEncryptedShareNotFound');
  const share = st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, shareId);
  check(share.sender === st.sender, 'coordinator', 'ENotTransferSender');
  check(share.transfer, 'coordinator', 'ENotAShareTransfer');
  check(share.state === EncryptedShareState.VERIFIED, 'coordinator', 'EShareTransferNotVerified');
  share.state = EncryptedShareState.WITHDRAWN;
  const cap = takeEscrowedCap(st, share);
  st.emit('ShareTransferWithdrawn', { encrypted_share_id: shareId, dwallet_id: share.dwallet_id, sender: share.sender, cap_id: cap.id });
  return cap;
}

/** `share.escrowed_cap.extract()`: the cap leaves the encrypted share, unwrapped (its caller places it). */
function takeEscrowedCap(st: TransactionState, share: EncryptedUserShareValue): LiveObject<DWalletCapValue> {
  const cap = share.escrowed_cap;
  // `option::extract` of none aborts in the framework; a VERIFIED or pending transfer always holds its cap.
  if (cap === null) throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `encrypted share ${share.id} holds no cap`);
  share.escrowed_cap = null;
  return st.unwrap(st.types.coordinatorType('DWalletCap'), { ...cap });
}

/** `open_share_encryption`: the checks and session of a backup or a transfer, in the Move order; returns the encrypted share. */
function openShareEncryption(
  st: TransactionState,
  self: CoordinatorValue,
  dwalletCap: LiveObject<DWalletCapValue>,
  owner: string,
  isTransfer: boolean,
  args: { encrypted_share: Uint8Array; session_preimage: Uint8Array; payment: Coin; clock: Clock },
): EncryptedUserShareValue {
  const dwallet = borrowActiveDWallet(st, self, dwalletCap);
  const { network_key_id, curve, algorithm, output: dwalletOutput } = dwallet;
  const sender = st.sender;
  check(!isTransfer || !sameAddress(owner, sender), 'coordinator', 'EInvalidTransferRecipient');
  const slot: EncryptionKeySlotValue = { owner, curve };
  const slots = encryptionKeyIdFieldOf(st.packageId);
  check(st.fieldContains(self.encryption_key_ids, slots, slot), 'coordinator', 'EEncryptionKeyNotFound');
  const encryptionKeyId = st.fieldBorrow<string>(self.encryption_key_ids, slots, slot);
  const key = st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, encryptionKeyId);
  check(key.state === EncryptionKeyState.ACTIVE, 'coordinator', 'EEncryptionKeyNotActive');
  const encryptionKey = key.encryption_key;
  assertUserMessageValid(args.encrypted_share);
  const dwalletId = dwalletCap.value.dwallet_id;
  const shareId = st.newId();
  const requestKind = isTransfer ? RequestKind.SHARE_TRANSFER : RequestKind.SHARE_BACKUP;
  const shareSlot: EncryptedShareSlotValue = { dwallet_id: dwalletId, owner };
  const shareSlots = encryptedShareIdFieldOf(st.packageId);
  let previousShareId: string | null = null;
  if (st.fieldContains(self.encrypted_share_ids, shareSlots, shareSlot)) {
    previousShareId = st.fieldBorrow<string>(self.encrypted_share_ids, shareSlots, shareSlot);
    st.fieldSet(self.encrypted_share_ids, shareSlots, shareSlot, shareId);
  } else {
    st.fieldAdd(self.encrypted_share_ids, shareSlots, shareSlot, shareId);
  }
  const session = openSession(st, self, requestKind, algorithm, shareId, args.session_preimage, args.payment, args.clock);
  st.emit(isTransfer ? 'ShareTransferRequested' : 'ShareBackupRequested', {
    session_id: session.sessionId,
    session_sequence: session.sequence,
    epoch: self.epoch,
    requester: sender,
    encrypted_share_id: shareId,
    dwallet_id: dwalletId,
    network_key_id,
    curve,
    algorithm,
    dwallet_output: dwalletOutput,
    owner,
    encryption_key: encryptionKey,
    encrypted_share: args.encrypted_share,
    fee: session.fee,
  });
  return {
    id: shareId,
    dwallet_id: dwalletId,
    owner,
    sender,
    encryption_key_id: encryptionKeyId,
    encrypted_share: args.encrypted_share,
    session_id: session.sessionId,
    transfer: isTransfer,
    state: EncryptedShareState.AWAITING_NETWORK,
    escrowed_cap: null,
    previous_share_id: previousShareId,
  };
}

/** Two addresses are equal as Move compares them (by value, whatever their spelling). */
function sameAddress(a: string, b: string): boolean {
  return normalizeSuiAddress(a) === normalizeSuiAddress(b);
}

// === Cancellation ===

export function cancel_session(st: TransactionState, self: CoordinatorValue, args: { session_id: Uint8Array; clock: Clock }): void {
  const sessionId = args.session_id;
  check(st.tableContains(self.sessions, M.bytes, sessionId), 'coordinator', 'ESessionNotFound');
  const timeoutMs = self.session_timeout_ms;
  const session = st.tableBorrow<SessionValue>(self.sessions, M.bytes, sessionId);
  check(session.requester === st.sender, 'coordinator', 'ENotRequester');
  check(session.status === SessionStatus.PENDING, 'coordinator', 'ESessionNotPending');
  const requestKind = session.request_kind;
  check(feeSlot(requestKind) !== null, 'coordinator', 'ESessionNotCancellable');
  check(
    args.clock.timestamp_ms >= addU64(session.created_at_ms, timeoutMs, 'coordinator::cancel_session'),
    'coordinator',
    'ESessionTimeoutNotReached',
  );
  session.status = SessionStatus.CANCELLED;
  const targetId = session.target_id;
  const requester = session.requester;
  const refund = session.fee.value;
  session.fee = { value: 0n };
  if (refund > 0n) st.transfer(st.create(SUI_COIN_TYPE, { id: st.newId(), balance: { value: refund } }), requester);
  rejectTarget(st, self, requestKind, targetId);
  st.emit('SessionCancelled', { session_id: sessionId, request_kind: requestKind, target_id: targetId, requester, refund });
}

// === Results ===

export function process_result_batch(
  st: TransactionState,
  self: CoordinatorValue,
  args: { epoch: bigint; batch: Uint8Array; signature: Uint8Array; signers_bitmap: Uint8Array },
): Coin {
  check(args.epoch === self.epoch, 'coordinator', 'EWrongEpoch');
  const sequence = peekSequence(args.batch);
  check(sequence === self.next_result_sequence, 'coordinator', 'EOutOfSequence');
  const message = resultBatchSigningMessage(self.id, args.batch, args.epoch);
  const signerWeight = verifyCertificate(self.committee, args.signature, args.signers_bitmap, message);
  const parsed = parseBatch(args.batch);
  // Blamed indices name members of the certifying committee, even after a `Reconfigured`.
  const committeeSize = self.committee.members.length;
  let payout = 0n;
  for (const result of parsed.results) {
    payout = addU64(payout, applyResult(st, self, result, sequence, committeeSize), 'balance::join');
  }
  self.next_result_sequence = sequence + 1n;
  st.emit('ResultBatchProcessed', {
    epoch: args.epoch,
    sequence,
    result_count: BigInt(parsed.results.length),
    signer_weight: signerWeight,
    submitter: st.sender,
    fees_paid: payout,
  });
  return st.create(SUI_COIN_TYPE, { id: st.newId(), balance: { value: payout } });
}

function resultMatchesRequest(kind: number, requestKind: number): boolean {
  if (kind === ResultKind.REJECTED) return true;
  if (kind === ResultKind.DWALLET_DKG) return requestKind === RequestKind.DWALLET_DKG;
  if (kind === ResultKind.IMPORTED_KEY_VERIFIED) return requestKind === RequestKind.IMPORTED_KEY;
  if (kind === ResultKind.PRESIGN) return requestKind === RequestKind.PRESIGN;
  if (kind === ResultKind.SIGNATURE) return requestKind === RequestKind.SIGN || requestKind === RequestKind.FUTURE_SIGN_COMPLETION;
  if (kind === ResultKind.FUTURE_SIGN_VERIFIED) return requestKind === RequestKind.FUTURE_SIGN;
  if (kind === ResultKind.NETWORK_KEY_GENERATED) return requestKind === RequestKind.NETWORK_KEY_DKG;
  if (kind === ResultKind.DWALLET_SHARED) return requestKind === RequestKind.MAKE_DWALLET_SHARED;
  if (kind === ResultKind.ENCRYPTION_KEY_VERIFIED) return requestKind === RequestKind.REGISTER_ENCRYPTION_KEY;
  if (kind === ResultKind.SHARE_BACKUP_VERIFIED) return requestKind === RequestKind.SHARE_BACKUP;
  if (kind === ResultKind.SHARE_TRANSFER_VERIFIED) return requestKind === RequestKind.SHARE_TRANSFER;
  return requestKind === RequestKind.RECONFIGURATION;
}

function applyResult(
  st: TransactionState,
  self: CoordinatorValue,
  result: ParsedResult,
  resultSequence: bigint,
  committeeSize: number,
): bigint {
  const { kind, payload } = result;
  // A signature's length depends on its dWallet's algorithm: it is checked with the sign below.
  if (kind === ResultKind.DWALLET_SHARED) {
    assertPublicUserShareValid(payload);
  } else if (carriesOutput(kind)) {
    check(payload.length > 0, 'coordinator', 'EEmptyOutput');
  }
  if (kind === ResultKind.REJECTED) {
    for (const index of result.blamed) check(index < committeeSize, 'coordinator', 'EInvalidBlamedValidator');
  }
  const sessionId = result.session_id;
  check(st.tableContains(self.sessions, M.bytes, sessionId), 'coordinator', 'ESessionNotFound');
  const session = st.tableBorrow<SessionValue>(self.sessions, M.bytes, sessionId);
  // Cancelled while the network worked on it: the certified batch still lands, without this result.
  if (session.status === SessionStatus.CANCELLED) return 0n;
  check(session.status === SessionStatus.PENDING, 'coordinator', 'ESessionNotPending');
  const requestKind = session.request_kind;
  check(resultMatchesRequest(kind, requestKind), 'coordinator', 'EResultKindMismatch');
  const targetId = session.target_id;
  const fee = session.fee.value;
  session.fee = { value: 0n };
  if (kind === ResultKind.REJECTED) {
    session.status = SessionStatus.REJECTED;
    session.reason_code = result.reason_code;
    session.reason = payload;
    session.blamed = result.blamed;
    rejectTarget(st, self, requestKind, targetId);
    st.emit('SessionRejected', {
      session_id: sessionId,
      result_sequence: resultSequence,
      request_kind: requestKind,
      target_id: targetId,
      reason_code: result.reason_code,
      reason: payload,
      blamed: result.blamed,
      fee,
    });
    return fee;
  }
  session.status = SessionStatus.COMPLETED;
  if (kind === ResultKind.DWALLET_DKG || kind === ResultKind.IMPORTED_KEY_VERIFIED) {
    const dwallet = st.tableBorrow<DWalletValue>(self.dwallets, M.ID, targetId);
    dwallet.state = DWalletState.ACTIVE;
    dwallet.output = payload;
    const event = { session_id: sessionId, result_sequence: resultSequence, dwallet_id: targetId, output: payload, fee };
    st.emit(kind === ResultKind.DWALLET_DKG ? 'DWalletDkgCompleted' : 'ImportedKeyDWalletVerified', event);
  } else if (kind === ResultKind.PRESIGN) {
    const presign = st.tableBorrow<PresignValue>(self.presigns, M.ID, targetId);
    presign.state = PresignState.COMPLETED;
    presign.output = payload;
    const { network_key_id, curve, algorithm, dwallet_id } = presign;
    if (dwallet_id === null) {
      const pool = existingPool(self, network_key_id, curve, algorithm);
      pool.pending -= 1n;
      tableVec.pushBack(st, pool.available, PresignPoolEntry, targetId);
    }
    st.emit('PresignCompleted', {
      session_id: sessionId,
      result_sequence: resultSequence,
      presign_id: targetId,
      network_key_id,
      curve,
      algorithm,
      dwallet_id,
      output: payload,
      fee,
    });
  } else if (kind === ResultKind.SIGNATURE) {
    const sign = st.tableBorrow<SignValue>(self.signs, M.ID, targetId);
    assertSignatureValid(sign.algorithm, payload);
    sign.state = SignState.COMPLETED;
    sign.signature = payload;
    st.emit('SignCompleted', {
      session_id: sessionId,
      result_sequence: resultSequence,
      sign_id: targetId,
      dwallet_id: sign.dwallet_id,
      signature: payload,
      partial_signature_id: sign.partial_signature_id,
      fee,
    });
  } else if (kind === ResultKind.FUTURE_SIGN_VERIFIED) {
    const partial = st.tableBorrow<PartialUserSignatureValue>(self.partial_signatures, M.ID, targetId);
    partial.state = PartialSignatureState.VERIFIED;
    st.emit('FutureSignVerified', {
      session_id: sessionId,
      result_sequence: resultSequence,
      partial_signature_id: targetId,
      dwallet_id: partial.dwallet_id,
      fee,
    });
  } else if (kind === ResultKind.NETWORK_KEY_GENERATED) {
    activateNetworkKey(st, self, targetId, sessionId, resultSequence, payload);
  } else if (kind === ResultKind.DWALLET_SHARED) {
    // x_A is unique (the validators certified x_A·G = X_A): a second conversion records the same share.
    st.tableBorrow<DWalletValue>(self.dwallets, M.ID, targetId).public_user_share = payload;
    st.emit('DWalletMadeShared', {
      session_id: sessionId,
      result_sequence: resultSequence,
      dwallet_id: targetId,
      public_user_share: payload,
      fee,
    });
  } else if (kind === ResultKind.ENCRYPTION_KEY_VERIFIED) {
    const key = st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, targetId);
    key.state = EncryptionKeyState.ACTIVE;
    st.emit('EncryptionKeyRegistered', {
      session_id: sessionId,
      result_sequence: resultSequence,
      encryption_key_id: targetId,
      owner: key.owner,
      curve: key.curve,
      encryption_key: key.encryption_key,
      fee,
    });
  } else if (kind === ResultKind.SHARE_BACKUP_VERIFIED) {
    const share = st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, targetId);
    share.state = EncryptedShareState.VERIFIED;
    st.emit('ShareBackupVerified', {
      session_id: sessionId,
      result_sequence: resultSequence,
      encrypted_share_id: targetId,
      dwallet_id: share.dwallet_id,
      owner: share.owner,
      fee,
    });
  } else if (kind === ResultKind.SHARE_TRANSFER_VERIFIED) {
    // The cap stays escrowed until the recipient accepts or the sender withdraws.
    const share = st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, targetId);
    share.state = EncryptedShareState.VERIFIED;
    st.emit('ShareTransferVerified', {
      session_id: sessionId,
      result_sequence: resultSequence,
      encrypted_share_id: targetId,
      dwallet_id: share.dwallet_id,
      sender: share.sender,
      recipient: share.owner,
      fee,
    });
  } else {
    completeReconfiguration(st, self, sessionId, resultSequence, payload);
  }
  return fee;
}

/** `carries_output`: the results whose output must not be empty. */
function carriesOutput(kind: number): boolean {
  return (
    kind === ResultKind.DWALLET_DKG ||
    kind === ResultKind.IMPORTED_KEY_VERIFIED ||
    kind === ResultKind.PRESIGN ||
    kind === ResultKind.NETWORK_KEY_GENERATED ||
    kind === ResultKind.RECONFIGURED
  );
}

/** `activate_network_key`: applies a `NetworkKeyGenerated` output. */
function activateNetworkKey(
  st: TransactionState,
  self: CoordinatorValue,
  networkKeyId: string,
  sessionId: Uint8Array,
  resultSequence: bigint,
  output: Uint8Array,
): void {
  const reader = new MoveBcsReader(output);
  const keyCommitment = reader.peelVecU8();
  const globalKeyParts = reader.peelVecU8();
  const thresholdKeyDigest = reader.peelVecU8();
  check(reader.remaining() === 0, 'coordinator', 'ETrailingOutputBytes');
  assertKeyMaterialValid(keyCommitment, globalKeyParts);
  check(thresholdKeyDigest.length === THRESHOLD_KEY_DIGEST_LENGTH, 'coordinator', 'EInvalidThresholdKeyDigest');
  const epoch = self.epoch;
  self.keys_in_generation -= 1n;
  const key = st.tableBorrow<NetworkKeyValue>(self.network_keys, M.ID, networkKeyId);
  key.state = NetworkKeyState.ACTIVE;
  key.key_commitment = keyCommitment;
  key.global_key_parts = globalKeyParts;
  key.registered_at_epoch = epoch;
  key.versions = [{ epoch, threshold_key_digest: thresholdKeyDigest }];
  self.active_network_keys.push(networkKeyId);
  st.emit('NetworkKeyRegistered', {
    network_key_id: networkKeyId,
    curves: key.curves,
    key_commitment: keyCommitment,
    global_key_parts: globalKeyParts,
    epoch,
  });
  st.emit('NetworkKeyDkgCompleted', {
    session_id: sessionId,
    result_sequence: resultSequence,
    network_key_id: networkKeyId,
    key_commitment: keyCommitment,
    threshold_key_digest: thresholdKeyDigest,
  });
}

/** `complete_reconfiguration`: applies a `Reconfigured` output and installs the pending committee. */
function completeReconfiguration(
  st: TransactionState,
  self: CoordinatorValue,
  sessionId: Uint8Array,
  resultSequence: bigint,
  output: Uint8Array,
): void {
  const reader = new MoveBcsReader(output);
  const count = reader.peelVecLength();
  const keyIds: string[] = [];
  const digests: Uint8Array[] = [];
  for (let i = 0n; i < count; i++) {
    keyIds.push(reader.peelAddress());
    const digest = reader.peelVecU8();
    check(digest.length === THRESHOLD_KEY_DIGEST_LENGTH, 'coordinator', 'EInvalidThresholdKeyDigest');
    digests.push(digest);
  }
  check(reader.remaining() === 0, 'coordinator', 'ETrailingOutputBytes');
  check(count === BigInt(self.active_network_keys.length), 'coordinator', 'ENetworkKeyVersionsMismatch');
  const nextEpoch = self.epoch + 1n;
  keyIds.forEach((keyId, i) => {
    check(keyId === self.active_network_keys[i], 'coordinator', 'ENetworkKeyVersionsMismatch');
    st.tableBorrow<NetworkKeyValue>(self.network_keys, M.ID, keyId).versions.push({
      epoch: nextEpoch,
      threshold_key_digest: digests[i] as Uint8Array,
    });
  });
  const committee = self.pending_committee as CommitteeValue;
  self.pending_committee = null;
  installCommittee(st, self, nextEpoch, committee);
  st.emit('ReconfigurationCompleted', { session_id: sessionId, result_sequence: resultSequence, epoch: nextEpoch });
}

function rejectTarget(st: TransactionState, self: CoordinatorValue, requestKind: number, targetId: string): void {
  if (requestKind === RequestKind.DWALLET_DKG || requestKind === RequestKind.IMPORTED_KEY) {
    st.tableBorrow<DWalletValue>(self.dwallets, M.ID, targetId).state = DWalletState.REJECTED;
  } else if (requestKind === RequestKind.PRESIGN) {
    const presign = st.tableBorrow<PresignValue>(self.presigns, M.ID, targetId);
    presign.state = PresignState.REJECTED;
    if (presign.dwallet_id === null) {
      const pool = existingPool(self, presign.network_key_id, presign.curve, presign.algorithm);
      pool.pending -= 1n;
    }
  } else if (requestKind === RequestKind.FUTURE_SIGN) {
    st.tableBorrow<PartialUserSignatureValue>(self.partial_signatures, M.ID, targetId).state = PartialSignatureState.REJECTED;
  } else if (requestKind === RequestKind.NETWORK_KEY_DKG) {
    st.tableBorrow<NetworkKeyValue>(self.network_keys, M.ID, targetId).state = NetworkKeyState.REJECTED;
    self.keys_in_generation -= 1n;
  } else if (requestKind === RequestKind.RECONFIGURATION) {
    self.pending_committee = null;
  } else if (requestKind === RequestKind.MAKE_DWALLET_SHARED) {
    // The dWallet stays ACTIVE and zero-trust: only its conversion was refused.
  } else if (requestKind === RequestKind.REGISTER_ENCRYPTION_KEY) {
    st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, targetId).state = EncryptionKeyState.REJECTED;
  } else if (requestKind === RequestKind.SHARE_BACKUP) {
    st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, targetId).state = EncryptedShareState.REJECTED;
  } else if (requestKind === RequestKind.SHARE_TRANSFER) {
    // The escrowed cap goes back to the sender, who held it.
    const share = st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, targetId);
    share.state = EncryptedShareState.REJECTED;
    st.transfer(takeEscrowedCap(st, share), share.sender);
  } else {
    st.tableBorrow<SignValue>(self.signs, M.ID, targetId).state = SignState.REJECTED;
  }
}

// === Internal helpers ===

interface OpenedSession {
  sessionId: Uint8Array;
  sequence: bigint;
  fee: bigint;
}

/** `open_session`: a session paid by `payment` (at least the kind's fee for the algorithm). */
function openSession(
  st: TransactionState,
  self: CoordinatorValue,
  requestKind: number,
  algorithm: number,
  targetId: string,
  sessionPreimage: Uint8Array,
  payment: Coin,
  clock: Clock,
): OpenedSession {
  const requiredFee = self.fees[feeIndex(requestKind, algorithm)] as bigint;
  const session = registerSession(st, self, requestKind, targetId, sessionPreimage, payment.value.balance.value, requiredFee, clock);
  st.delete(payment);
  return session;
}

/** `open_admin_session`: a session of the network's own, no fee. */
function openAdminSession(
  st: TransactionState,
  self: CoordinatorValue,
  requestKind: number,
  targetId: string,
  sessionPreimage: Uint8Array,
  clock: Clock,
): OpenedSession {
  return registerSession(st, self, requestKind, targetId, sessionPreimage, 0n, 0n, clock);
}

/** `register_session`: the order of the checks (preimage, reuse, fee) fixes a request's aborts. */
function registerSession(
  st: TransactionState,
  self: CoordinatorValue,
  requestKind: number,
  targetId: string,
  sessionPreimage: Uint8Array,
  fee: bigint,
  requiredFee: bigint,
  clock: Clock,
): OpenedSession {
  check(sessionPreimage.length === SESSION_ID_LENGTH, 'coordinator', 'EInvalidSessionPreimage');
  const sessionId = deriveSessionId(st.sender, sessionPreimage);
  check(!st.tableContains(self.sessions, M.bytes, sessionId), 'coordinator', 'ESessionIdReused');
  check(fee >= requiredFee, 'coordinator', 'EInsufficientFee');
  const sequence = self.next_session_sequence;
  self.next_session_sequence = sequence + 1n;
  const session: SessionValue = {
    id: st.newId(),
    session_id: sessionId,
    sequence,
    request_kind: requestKind,
    target_id: targetId,
    requester: st.sender,
    created_at_epoch: self.epoch,
    created_at_ms: clock.timestamp_ms,
    status: SessionStatus.PENDING,
    fee: { value: fee },
    reason_code: 0,
    reason: new Uint8Array(),
    blamed: [],
  };
  st.tableAdd(self.sessions, M.bytes, sessionId, st.create(st.types.coordinatorType('Session'), session));
  return { sessionId, sequence, fee };
}

/** `assert_key_supports`: the signing scheme exists and the ACTIVE key has the curve. */
function assertKeySupports(st: TransactionState, self: CoordinatorValue, networkKeyId: string, curve: number, algorithm: number): void {
  check(isSupportedCurve(curve), 'coordinator', 'EUnsupportedCurve');
  check(isValidSigningScheme(curve, algorithm), 'coordinator', 'EUnsupportedSignatureAlgorithm');
  check(st.tableContains(self.network_keys, M.ID, networkKeyId), 'coordinator', 'ENetworkKeyNotFound');
  const key = st.tableBorrow<NetworkKeyValue>(self.network_keys, M.ID, networkKeyId);
  check(key.state === NetworkKeyState.ACTIVE, 'coordinator', 'ENetworkKeyNotActive');
  check(key.curves.includes(curve), 'coordinator', 'ECurveNotSupportedByKey');
}

/** A message is never empty nor too long, and a prehashed one is exactly one digest (`assert_message_valid`). */
function assertMessageValid(hashScheme: number, message: Uint8Array): void {
  check(message.length > 0, 'coordinator', 'EEmptyMessage');
  check(message.length <= MAX_MESSAGE_LENGTH, 'coordinator', 'EMessageTooLong');
  check(hashScheme !== HashScheme.PREHASHED || message.length === DIGEST_LENGTH, 'coordinator', 'EInvalidPrehashedMessage');
}

/** A published user share is exactly one 32-byte scalar encoding (`assert_public_user_share_valid`). */
function assertPublicUserShareValid(publicUserShare: Uint8Array): void {
  check(publicUserShare.length === PUBLIC_USER_SHARE_LENGTH, 'coordinator', 'EInvalidPublicUserShare');
}

/** A user's protocol message is never empty nor too long (`assert_user_message_valid`). */
function assertUserMessageValid(userMessage: Uint8Array): void {
  check(userMessage.length > 0, 'coordinator', 'EEmptyUserMessage');
  check(userMessage.length <= MAX_USER_MESSAGE_LENGTH, 'coordinator', 'EUserMessageTooLong');
}

function borrowActiveDWallet(st: TransactionState, self: CoordinatorValue, cap: LiveObject<DWalletCapValue>): DWalletValue {
  check(st.tableContains(self.dwallets, M.ID, cap.value.dwallet_id), 'coordinator', 'EDWalletNotFound');
  const dwallet = st.tableBorrow<DWalletValue>(self.dwallets, M.ID, cap.value.dwallet_id);
  check(dwallet.cap_id === cap.id, 'coordinator', 'EWrongDWalletCap');
  check(dwallet.state === DWalletState.ACTIVE, 'coordinator', 'EDWalletNotActive');
  return dwallet;
}

function assertPresignUsable(st: TransactionState, self: CoordinatorValue, cap: LiveObject<PresignCapValue>, dwalletId: string): void {
  const presignId = cap.value.presign_id;
  check(st.tableContains(self.presigns, M.ID, presignId), 'coordinator', 'EPresignNotFound');
  const presign = st.tableBorrow<PresignValue>(self.presigns, M.ID, presignId);
  check(presign.state !== PresignState.CONSUMED, 'coordinator', 'EPresignAlreadyConsumed');
  check(presign.state === PresignState.COMPLETED, 'coordinator', 'EPresignNotCompleted');
  check(presign.cap_id === cap.id, 'coordinator', 'EWrongPresignCap');
  const dwallet = st.tableBorrow<DWalletValue>(self.dwallets, M.ID, dwalletId);
  check(dwallet.state === DWalletState.ACTIVE, 'coordinator', 'EDWalletNotActive');
  check(presign.network_key_id === dwallet.network_key_id && presign.curve === dwallet.curve, 'coordinator', 'EPresignMismatch');
  check(presign.algorithm === dwallet.algorithm, 'coordinator', 'EPresignAlgorithmMismatch');
  if (presign.dwallet_id !== null) check(presign.dwallet_id === dwalletId, 'coordinator', 'EPresignBoundToOtherDWallet');
  // Only an ECDSA presign depends on the key's encryption (a Schnorr presign is universal).
  else check(!dwallet.imported || dwallet.algorithm !== SignatureAlgorithm.ECDSA, 'coordinator', 'EImportedKeyDWalletNeedsBoundPresign');
}

function consumePresign(st: TransactionState, self: CoordinatorValue, presignId: string): Uint8Array {
  const presign = st.tableBorrow<PresignValue>(self.presigns, M.ID, presignId);
  presign.state = PresignState.CONSUMED;
  return presign.output;
}

/** `pool_index`. */
function findPool(self: CoordinatorValue, networkKeyId: string, curve: number, algorithm: number): number | null {
  const index = self.presign_pools.findIndex(
    (pool) => pool.network_key_id === networkKeyId && pool.curve === curve && pool.algorithm === algorithm,
  );
  return index < 0 ? null : index;
}

/** The pool of a pooled presign's (network key, curve, algorithm): its request created it (`pool_index(..).destroy_some()`). */
function existingPool(self: CoordinatorValue, networkKeyId: string, curve: number, algorithm: number): PresignPoolValue {
  const index = findPool(self, networkKeyId, curve, algorithm);
  if (index === null) {
    throw new ChainStoreError(
      ChainErrorCodes.STORE_INVALID,
      `no presign pool for ${networkKeyId}/${curve}/${algorithm}, though a presign of it was requested`,
    );
  }
  return self.presign_pools[index] as PresignPoolValue;
}

function poolIndexOrCreate(st: TransactionState, self: CoordinatorValue, networkKeyId: string, curve: number, algorithm: number): number {
  const index = findPool(self, networkKeyId, curve, algorithm);
  if (index !== null) return index;
  self.presign_pools.push({
    network_key_id: networkKeyId,
    curve,
    algorithm,
    pending: 0n,
    available: { contents: { id: st.newId(), size: 0n } },
  });
  return self.presign_pools.length - 1;
}

/** `fee_index`: the fee-table index of a fee-paying request kind's fee for `algorithm`. */
function feeIndex(requestKind: number, algorithm: number): number {
  const slot = feeSlot(requestKind);
  check(slot !== null, 'coordinator', 'EInvalidRequestKind');
  check(algorithm < ALGORITHM_COUNT, 'coordinator', 'EUnsupportedSignatureAlgorithm');
  return slot * ALGORITHM_COUNT + algorithm;
}

/** `zero_fees`: a fee table of zeros, one entry per (fee-paying request kind, algorithm). */
export function zeroFees(): bigint[] {
  return Array.from({ length: REQUEST_KIND_COUNT * ALGORITHM_COUNT }, () => 0n);
}

/** `assert_signature_valid`: ECDSA's 65 bytes with a recovery id of at most 3, 64 bytes for a Schnorr signature. */
function assertSignatureValid(algorithm: number, signature: Uint8Array): void {
  if (algorithm === SignatureAlgorithm.ECDSA) {
    check(signature.length === SIGNATURE_LENGTH_ECDSA, 'coordinator', 'EInvalidSignature');
    check((signature[SIGNATURE_LENGTH_ECDSA - 1] as number) <= MAX_RECOVERY_ID, 'coordinator', 'EInvalidSignature');
  } else {
    check(signature.length === SIGNATURE_LENGTH_SCHNORR, 'coordinator', 'EInvalidSignature');
  }
}

// === Read accessors ===

export function epoch(_st: TransactionState, self: CoordinatorValue): bigint {
  return self.epoch;
}

export function fee(_st: TransactionState, self: CoordinatorValue, args: { request_kind: number; algorithm: number }): bigint {
  return self.fees[feeIndex(args.request_kind, args.algorithm)] as bigint;
}

export function next_result_sequence(_st: TransactionState, self: CoordinatorValue): bigint {
  return self.next_result_sequence;
}

export function session_timeout_ms(_st: TransactionState, self: CoordinatorValue): bigint {
  return self.session_timeout_ms;
}

export function dwallet_cap_dwallet_id(_st: TransactionState, _self: null, args: { dwallet_cap: LiveObject<DWalletCapValue> }): string {
  return args.dwallet_cap.value.dwallet_id;
}

export function presign_cap_presign_id(_st: TransactionState, _self: null, args: { presign_cap: LiveObject<PresignCapValue> }): string {
  return args.presign_cap.value.presign_id;
}

export function partial_signature_cap_partial_signature_id(
  _st: TransactionState,
  _self: null,
  args: { partial_signature_cap: LiveObject<PartialSignatureCapValue> },
): string {
  return args.partial_signature_cap.value.partial_signature_id;
}

export function is_dwallet_active(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): boolean {
  return (
    st.tableContains(self.dwallets, M.ID, args.dwallet_id) &&
    st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).state === DWalletState.ACTIVE
  );
}

export function dwallet_output(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): Uint8Array | null {
  if (!is_dwallet_active(st, self, args)) return null;
  return st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).output;
}

export function is_dwallet_shared(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): boolean {
  return is_dwallet_active(st, self, args) && st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).public_user_share !== null;
}

export function dwallet_public_user_share(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): Uint8Array | null {
  if (!is_dwallet_active(st, self, args)) return null;
  return st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).public_user_share;
}

export function dwallet_curve(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): number {
  check(st.tableContains(self.dwallets, M.ID, args.dwallet_id), 'coordinator', 'EDWalletNotFound');
  return st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).curve;
}

export function dwallet_algorithm(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): number {
  check(st.tableContains(self.dwallets, M.ID, args.dwallet_id), 'coordinator', 'EDWalletNotFound');
  return st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).algorithm;
}

export function sign_signature(st: TransactionState, self: CoordinatorValue, args: { sign_id: string }): Uint8Array | null {
  if (!st.tableContains(self.signs, M.ID, args.sign_id)) return null;
  const sign = st.tableBorrow<SignValue>(self.signs, M.ID, args.sign_id);
  return sign.state === SignState.COMPLETED ? sign.signature : null;
}

export function session_status(st: TransactionState, self: CoordinatorValue, args: { session_id: Uint8Array }): number {
  check(st.tableContains(self.sessions, M.bytes, args.session_id), 'coordinator', 'ESessionNotFound');
  return st.tableBorrow<SessionValue>(self.sessions, M.bytes, args.session_id).status;
}

export function dwallet_state(st: TransactionState, self: CoordinatorValue, args: { dwallet_id: string }): number {
  check(st.tableContains(self.dwallets, M.ID, args.dwallet_id), 'coordinator', 'EDWalletNotFound');
  return st.tableBorrow<DWalletValue>(self.dwallets, M.ID, args.dwallet_id).state;
}

export function presign_state(st: TransactionState, self: CoordinatorValue, args: { presign_id: string }): number {
  check(st.tableContains(self.presigns, M.ID, args.presign_id), 'coordinator', 'EPresignNotFound');
  return st.tableBorrow<PresignValue>(self.presigns, M.ID, args.presign_id).state;
}

export function partial_signature_state(st: TransactionState, self: CoordinatorValue, args: { partial_signature_id: string }): number {
  check(st.tableContains(self.partial_signatures, M.ID, args.partial_signature_id), 'coordinator', 'EPartialSignatureNotFound');
  return st.tableBorrow<PartialUserSignatureValue>(self.partial_signatures, M.ID, args.partial_signature_id).state;
}

export function available_presigns(
  _st: TransactionState,
  self: CoordinatorValue,
  args: { network_key_id: string; curve: number; algorithm: number },
): bigint {
  const index = findPool(self, args.network_key_id, args.curve, args.algorithm);
  return index === null ? 0n : tableVec.length((self.presign_pools[index] as PresignPoolValue).available);
}

export function encryption_key_state(st: TransactionState, self: CoordinatorValue, args: { owner: string; curve: number }): number {
  const slot: EncryptionKeySlotValue = { owner: args.owner, curve: args.curve };
  const slots = encryptionKeyIdFieldOf(st.packageId);
  if (!st.fieldContains(self.encryption_key_ids, slots, slot)) return NO_ENCRYPTION_KEY;
  const keyId = st.fieldBorrow<string>(self.encryption_key_ids, slots, slot);
  return st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, keyId).state;
}

export function user_encryption_key(
  st: TransactionState,
  self: CoordinatorValue,
  args: { owner: string; curve: number },
): Uint8Array | null {
  if (encryption_key_state(st, self, args) !== EncryptionKeyState.ACTIVE) return null;
  const keyId = st.fieldBorrow<string>(self.encryption_key_ids, encryptionKeyIdFieldOf(st.packageId), {
    owner: args.owner,
    curve: args.curve,
  });
  return st.tableBorrow<UserEncryptionKeyValue>(self.encryption_keys, M.ID, keyId).encryption_key;
}

export function encrypted_share_state(st: TransactionState, self: CoordinatorValue, args: { encrypted_share_id: string }): number {
  check(st.tableContains(self.encrypted_shares, M.ID, args.encrypted_share_id), 'coordinator', 'EEncryptedShareNotFound');
  return st.tableBorrow<EncryptedUserShareValue>(self.encrypted_shares, M.ID, args.encrypted_share_id).state;
}

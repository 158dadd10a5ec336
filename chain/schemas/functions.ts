/**
 * The public functions of `coordinator.move` as data: parameter names and Move types in order,
 * and return types. The typed client builds every Move call from these entries, the local chain
 * decodes arguments with them, and the parity test checks them against the Move sources.
 *
 * A parameter is one of: the shared coordinator (`&mut Coordinator` / `&Coordinator`), an owned
 * object by reference or by value, the non-object `MessageApproval` by value, `&mut TxContext`
 * (implicit in a transaction), or a pure value whose codec is in `PURE_TYPES`.
 * @module
 */
import { MoveTypes as M, type MoveType, vectorOf } from './move-type.ts';

// biome-ignore lint/suspicious/noExplicitAny: codecs of every pure type
type AnyPure = MoveType<any, any>;

/** Codecs of the pure (non-object) parameter types of the package's functions (coordinator, vault). */
export const PURE_TYPES: Readonly<Record<string, AnyPure>> = {
  u8: M.u8,
  u32: M.u32,
  u64: M.u64,
  u256: M.u256,
  bool: M.bool,
  address: M.address,
  ID: M.ID,
  'vector<u8>': M.bytes,
  'vector<u32>': vectorOf(M.u32),
  'vector<u64>': vectorOf(M.u64),
  'vector<address>': vectorOf(M.address),
  'vector<String>': vectorOf(M.string),
  'vector<vector<u8>>': vectorOf(M.bytes),
};

export interface FunctionSpec {
  readonly name: string;
  readonly params: ReadonlyArray<readonly [name: string, type: string]>;
  readonly returns: readonly string[];
}

function fn(name: string, params: Array<[string, string]>, returns: string[] = []): FunctionSpec {
  return { name, params, returns };
}

const payment: [string, string] = ['payment', 'Coin<SUI>'];
const ctx: [string, string] = ['ctx', '&mut TxContext'];
/** Sui's shared `Clock` (0x6), by immutable reference: the time a session is requested or cancelled. */
const clock: [string, string] = ['clock', '&Clock'];
const mutSelf: [string, string] = ['self', '&mut Coordinator'];
const self: [string, string] = ['self', '&Coordinator'];

/** The parameters a batch of committee members is given by (`add_committee_members`: committee::add_members's, in order). */
export const COMMITTEE_MEMBER_PARAMS: [string, string][] = [
  ['public_keys', 'vector<vector<u8>>'],
  ['proofs_of_possession', 'vector<vector<u8>>'],
  ['weights', 'vector<u64>'],
  ['sui_addresses', 'vector<address>'],
  ['network_addresses', 'vector<String>'],
  ['share_encryption_keys', 'vector<vector<u8>>'],
];

/** Every public function of module `coordinator` that a transaction may call, in source order. */
export const COORDINATOR_FUNCTIONS = {
  new_committee_builder: fn('new_committee_builder', [['_', '&AdminCap'], ctx], ['CommitteeBuilder']),
  add_committee_members: fn('add_committee_members', [['builder', '&mut CommitteeBuilder'], ...COMMITTEE_MEMBER_PARAMS]),
  set_committee: fn('set_committee', [
    mutSelf,
    ['_', '&AdminCap'],
    ['epoch', 'u64'],
    ['builder', 'CommitteeBuilder'],
    ['threshold', 'u64'],
  ]),
  register_network_key: fn(
    'register_network_key',
    [mutSelf, ['_', '&AdminCap'], ['curves', 'vector<u32>'], ['key_commitment', 'vector<u8>'], ['global_key_parts', 'vector<u8>'], ctx],
    ['ID'],
  ),
  request_network_key_dkg: fn(
    'request_network_key_dkg',
    [mutSelf, ['_', '&AdminCap'], ['curves', 'vector<u32>'], ['session_preimage', 'vector<u8>'], clock, ctx],
    ['ID'],
  ),
  request_reconfiguration: fn('request_reconfiguration', [
    mutSelf,
    ['_', '&AdminCap'],
    ['builder', 'CommitteeBuilder'],
    ['threshold', 'u64'],
    ['session_preimage', 'vector<u8>'],
    clock,
    ctx,
  ]),
  set_fee: fn('set_fee', [mutSelf, ['_', '&AdminCap'], ['request_kind', 'u8'], ['algorithm', 'u32'], ['amount', 'u64']]),
  set_session_timeout: fn('set_session_timeout', [mutSelf, ['_', '&AdminCap'], ['timeout_ms', 'u64']]),
  request_dwallet_dkg: fn(
    'request_dwallet_dkg',
    [
      mutSelf,
      ['network_key_id', 'ID'],
      ['curve', 'u32'],
      ['algorithm', 'u32'],
      ['session_preimage', 'vector<u8>'],
      ['user_dkg_message', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['DWalletCap'],
  ),
  request_imported_key_dwallet: fn(
    'request_imported_key_dwallet',
    [
      mutSelf,
      ['network_key_id', 'ID'],
      ['curve', 'u32'],
      ['algorithm', 'u32'],
      ['session_preimage', 'vector<u8>'],
      ['user_import_message', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['DWalletCap'],
  ),
  request_shared_dwallet_dkg: fn(
    'request_shared_dwallet_dkg',
    [
      mutSelf,
      ['network_key_id', 'ID'],
      ['curve', 'u32'],
      ['algorithm', 'u32'],
      ['session_preimage', 'vector<u8>'],
      ['user_dkg_message', 'vector<u8>'],
      ['public_user_share', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['DWalletCap'],
  ),
  request_make_dwallet_shared: fn('request_make_dwallet_shared', [
    mutSelf,
    ['dwallet_cap', '&DWalletCap'],
    ['public_user_share', 'vector<u8>'],
    ['session_preimage', 'vector<u8>'],
    payment,
    clock,
    ctx,
  ]),
  request_presign: fn(
    'request_presign',
    [mutSelf, ['network_key_id', 'ID'], ['curve', 'u32'], ['algorithm', 'u32'], ['session_preimage', 'vector<u8>'], payment, clock, ctx],
    ['ID'],
  ),
  request_imported_key_presign: fn(
    'request_imported_key_presign',
    [mutSelf, ['dwallet_cap', '&DWalletCap'], ['session_preimage', 'vector<u8>'], payment, clock, ctx],
    ['PresignCap'],
  ),
  claim_presign: fn(
    'claim_presign',
    [mutSelf, ['network_key_id', 'ID'], ['curve', 'u32'], ['algorithm', 'u32'], payment, ctx],
    ['PresignCap'],
  ),
  approve_message: fn(
    'approve_message',
    [self, ['dwallet_cap', '&DWalletCap'], ['hash_scheme', 'u32'], ['message', 'vector<u8>']],
    ['MessageApproval'],
  ),
  request_sign: fn(
    'request_sign',
    [
      mutSelf,
      ['approval', 'MessageApproval'],
      ['presign_cap', 'PresignCap'],
      ['session_preimage', 'vector<u8>'],
      ['user_sign_message', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['ID'],
  ),
  request_sign_shared: fn(
    'request_sign_shared',
    [mutSelf, ['approval', 'MessageApproval'], ['presign_cap', 'PresignCap'], ['session_preimage', 'vector<u8>'], payment, clock, ctx],
    ['ID'],
  ),
  request_future_sign: fn(
    'request_future_sign',
    [
      mutSelf,
      ['dwallet_id', 'ID'],
      ['presign_cap', 'PresignCap'],
      ['hash_scheme', 'u32'],
      ['message', 'vector<u8>'],
      ['session_preimage', 'vector<u8>'],
      ['user_sign_message', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['PartialSignatureCap'],
  ),
  request_sign_with_partial_signature: fn(
    'request_sign_with_partial_signature',
    [
      mutSelf,
      ['partial_signature_cap', 'PartialSignatureCap'],
      ['approval', 'MessageApproval'],
      ['session_preimage', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['ID'],
  ),
  request_register_encryption_key: fn(
    'request_register_encryption_key',
    [
      mutSelf,
      ['curve', 'u32'],
      ['encryption_key', 'vector<u8>'],
      ['proof', 'vector<u8>'],
      ['session_preimage', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['ID'],
  ),
  request_share_backup: fn(
    'request_share_backup',
    [mutSelf, ['dwallet_cap', '&DWalletCap'], ['encrypted_share', 'vector<u8>'], ['session_preimage', 'vector<u8>'], payment, clock, ctx],
    ['ID'],
  ),
  request_share_transfer: fn(
    'request_share_transfer',
    [
      mutSelf,
      ['dwallet_cap', 'DWalletCap'],
      ['recipient', 'address'],
      ['encrypted_share', 'vector<u8>'],
      ['session_preimage', 'vector<u8>'],
      payment,
      clock,
      ctx,
    ],
    ['ID'],
  ),
  accept_share_transfer: fn('accept_share_transfer', [mutSelf, ['encrypted_share_id', 'ID'], ctx], ['DWalletCap']),
  withdraw_share_transfer: fn('withdraw_share_transfer', [mutSelf, ['encrypted_share_id', 'ID'], ctx], ['DWalletCap']),
  cancel_session: fn('cancel_session', [mutSelf, ['session_id', 'vector<u8>'], clock, ctx]),
  process_result_batch: fn(
    'process_result_batch',
    [mutSelf, ['epoch', 'u64'], ['batch', 'vector<u8>'], ['signature', 'vector<u8>'], ['signers_bitmap', 'vector<u8>'], ctx],
    ['Coin<SUI>'],
  ),
  epoch: fn('epoch', [self], ['u64']),
  fee: fn('fee', [self, ['request_kind', 'u8'], ['algorithm', 'u32']], ['u64']),
  next_result_sequence: fn('next_result_sequence', [self], ['u64']),
  session_timeout_ms: fn('session_timeout_ms', [self], ['u64']),
  dwallet_cap_dwallet_id: fn('dwallet_cap_dwallet_id', [['dwallet_cap', '&DWalletCap']], ['ID']),
  presign_cap_presign_id: fn('presign_cap_presign_id', [['presign_cap', '&PresignCap']], ['ID']),
  partial_signature_cap_partial_signature_id: fn(
    'partial_signature_cap_partial_signature_id',
    [['partial_signature_cap', '&PartialSignatureCap']],
    ['ID'],
  ),
  is_dwallet_active: fn('is_dwallet_active', [self, ['dwallet_id', 'ID']], ['bool']),
  dwallet_output: fn('dwallet_output', [self, ['dwallet_id', 'ID']], ['Option<vector<u8>>']),
  is_dwallet_shared: fn('is_dwallet_shared', [self, ['dwallet_id', 'ID']], ['bool']),
  dwallet_public_user_share: fn('dwallet_public_user_share', [self, ['dwallet_id', 'ID']], ['Option<vector<u8>>']),
  dwallet_curve: fn('dwallet_curve', [self, ['dwallet_id', 'ID']], ['u32']),
  dwallet_algorithm: fn('dwallet_algorithm', [self, ['dwallet_id', 'ID']], ['u32']),
  sign_signature: fn('sign_signature', [self, ['sign_id', 'ID']], ['Option<vector<u8>>']),
  session_status: fn('session_status', [self, ['session_id', 'vector<u8>']], ['u8']),
  dwallet_state: fn('dwallet_state', [self, ['dwallet_id', 'ID']], ['u8']),
  presign_state: fn('presign_state', [self, ['presign_id', 'ID']], ['u8']),
  partial_signature_state: fn('partial_signature_state', [self, ['partial_signature_id', 'ID']], ['u8']),
  available_presigns: fn('available_presigns', [self, ['network_key_id', 'ID'], ['curve', 'u32'], ['algorithm', 'u32']], ['u64']),
  encryption_key_state: fn('encryption_key_state', [self, ['owner', 'address'], ['curve', 'u32']], ['u8']),
  user_encryption_key: fn('user_encryption_key', [self, ['owner', 'address'], ['curve', 'u32']], ['Option<vector<u8>>']),
  encrypted_share_state: fn('encrypted_share_state', [self, ['encrypted_share_id', 'ID']], ['u8']),
} as const satisfies Record<string, FunctionSpec>;

export type CoordinatorFunctionName = keyof typeof COORDINATOR_FUNCTIONS;

export function isCoordinatorFunction(name: string): name is CoordinatorFunctionName {
  return Object.hasOwn(COORDINATOR_FUNCTIONS, name);
}

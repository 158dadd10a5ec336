/**
 * The `dwallet::vault` module (`move/sources/vault.move`) as data: BCS schemas of its objects,
 * the structs nested in them and its events, field for field, and its public functions
 * (parameter names and Move types in order, returns). The typed client builds the vault's calls
 * from these entries, the local chain decodes arguments and stores objects with them, and the
 * parity test checks them against the Move source.
 *
 * Vault events are module-local structs: their type on chain is `<package>::vault::<Name>`
 * (the coordinator's are `<package>::events::<Name>`); `decodeVaultEvent` reads them.
 * @module
 */
import { normalizeStructTag } from '@mysten/sui/utils';
import { Bip143Input, Bip143Output } from './bip143.ts';
import type { FunctionSpec } from './functions.ts';
import { decodeModuleEvent } from './module-event.ts';
import {
  type DynamicFieldType,
  dynamicFieldOf,
  MoveTypes as M,
  type MoveStructType,
  moveStruct,
  optionOf,
  type StructOf,
  tableOf,
  vectorOf,
} from './move-type.ts';
import { DWalletCap } from './objects.ts';

// === Objects and nested structs ===

export const SpendingLimit = moveStruct('SpendingLimit', ['copy', 'drop', 'store'], {
  period_ms: M.u64,
  limit_per_period: M.u256,
  large_amount: M.u256,
  period_start_ms: M.u64,
  spent_in_period: M.u256,
});

export const EthereumPolicy = moveStruct('EthereumPolicy', ['copy', 'drop', 'store'], {
  chain_id: M.u64,
  nonce: M.u64,
  spending_limit: SpendingLimit,
});

export const BitcoinPolicy = moveStruct('BitcoinPolicy', ['copy', 'drop', 'store'], {
  pubkey_hash: M.bytes,
  spending_limit: SpendingLimit,
});

export const EthereumTransfer = moveStruct('EthereumTransfer', ['copy', 'drop', 'store'], {
  to: M.bytes,
  value: M.u256,
  max_priority_fee_per_gas: M.u256,
  max_fee_per_gas: M.u256,
  gas_limit: M.u64,
  nonce: optionOf(M.u64),
  sign_id: optionOf(M.ID),
});

export const BitcoinSpend = moveStruct('BitcoinSpend', ['copy', 'drop', 'store'], {
  inputs: vectorOf(Bip143Input),
  outputs: vectorOf(Bip143Output),
  lock_time: M.u32,
  sign_ids: vectorOf(optionOf(M.ID)),
});

export const Proposal = moveStruct('Proposal', ['store'], {
  proposer: M.address,
  chain: M.u8,
  amount: M.u256,
  created_at_ms: M.u64,
  approvals: vectorOf(M.address),
  status: M.u8,
  ethereum: optionOf(EthereumTransfer),
  bitcoin: optionOf(BitcoinSpend),
});

export const Vault = moveStruct('Vault', ['key'], {
  id: M.UID,
  dwallet_cap: DWalletCap,
  dwallet_id: M.ID,
  approvers: vectorOf(M.address),
  required_approvals: M.u64,
  ethereum_recipients: vectorOf(M.bytes),
  bitcoin_recipients: vectorOf(M.bytes),
  ethereum: EthereumPolicy,
  bitcoin: BitcoinPolicy,
  timelock_ms: M.u64,
  proposals: tableOf(M.u64, Proposal),
  next_proposal_id: M.u64,
});

export const VaultAdminCap = moveStruct('VaultAdminCap', ['key', 'store'], { id: M.UID, vault_id: M.ID });

export type SpendingLimitValue = StructOf<typeof SpendingLimit>;
export type EthereumTransferValue = StructOf<typeof EthereumTransfer>;
export type BitcoinSpendValue = StructOf<typeof BitcoinSpend>;
export type ProposalValue = StructOf<typeof Proposal>;
export type VaultValue = StructOf<typeof Vault>;
export type VaultAdminCapValue = StructOf<typeof VaultAdminCap>;

// === Events ===

export const VaultCreated = moveStruct('VaultCreated', ['copy', 'drop'], {
  vault_id: M.ID,
  admin_cap_id: M.ID,
  dwallet_id: M.ID,
  approvers: vectorOf(M.address),
  required_approvals: M.u64,
  ethereum_chain_id: M.u64,
  bitcoin_pubkey_hash: M.bytes,
  timelock_ms: M.u64,
});

export const RulesFrozen = moveStruct('RulesFrozen', ['copy', 'drop'], { vault_id: M.ID });

export const ProposalCreated = moveStruct('ProposalCreated', ['copy', 'drop'], {
  vault_id: M.ID,
  proposal_id: M.u64,
  chain: M.u8,
  proposer: M.address,
  amount: M.u256,
});

export const ProposalApproved = moveStruct('ProposalApproved', ['copy', 'drop'], {
  vault_id: M.ID,
  proposal_id: M.u64,
  approver: M.address,
  approvals: M.u64,
});

export const ProposalCancelled = moveStruct('ProposalCancelled', ['copy', 'drop'], { vault_id: M.ID, proposal_id: M.u64 });

export const EthereumTransferApproved = moveStruct('EthereumTransferApproved', ['copy', 'drop'], {
  vault_id: M.ID,
  proposal_id: M.u64,
  sign_id: M.ID,
  nonce: M.u64,
  unsigned_transaction: M.bytes,
  digest: M.bytes,
});

export const BitcoinInputApproved = moveStruct('BitcoinInputApproved', ['copy', 'drop'], {
  vault_id: M.ID,
  proposal_id: M.u64,
  input_index: M.u64,
  sign_id: M.ID,
  sighash_preimage: M.bytes,
  sighash: M.bytes,
});

/** The events of module `vault`, in source order. */
export const VaultEventStructs = {
  VaultCreated,
  RulesFrozen,
  ProposalCreated,
  ProposalApproved,
  ProposalCancelled,
  EthereumTransferApproved,
  BitcoinInputApproved,
} as const;

export type VaultEventName = keyof typeof VaultEventStructs;

/** The fields of vault event `N`. */
export type VaultEventValue<N extends VaultEventName> = StructOf<(typeof VaultEventStructs)[N]>;

/** A decoded vault event: its name and its fields. */
export type VaultEvent = { [K in VaultEventName]: { name: K; value: StructOf<(typeof VaultEventStructs)[K]> } }[VaultEventName];

// biome-ignore lint/suspicious/noExplicitAny: a registry of structs of every shape
type AnyStruct = MoveStructType<any>;

/** The objects and nested structs of module `vault`, in source order (events follow them in the source). */
export const VaultStructs: readonly AnyStruct[] = [
  Vault,
  VaultAdminCap,
  SpendingLimit,
  EthereumPolicy,
  BitcoinPolicy,
  Proposal,
  EthereumTransfer,
  BitcoinSpend,
];

/** Whether `type` is the type of a vault event (`<package>::vault::<Name>`) of the package at `packageId`. */
export function isVaultEventType(packageId: string, type: string): boolean {
  const prefix = `${packageId}::vault::`;
  return type.startsWith(prefix) && isVaultEventName(type.slice(prefix.length));
}

export function isVaultEventName(name: string): name is VaultEventName {
  return Object.hasOwn(VaultEventStructs, name);
}

/**
 * Decodes a vault event of the package at `packageId` from its type and BCS bytes. An event of
 * another package or module, an unknown name, or bytes that are not exactly one encoding of the
 * schema are reported as a `ChainDataError`.
 */
export function decodeVaultEvent(packageId: string, type: string, bytes: Uint8Array): VaultEvent {
  return decodeModuleEvent(packageId, 'vault', type, bytes, VaultEventStructs, 'the vault module') as VaultEvent;
}

const proposalFields = new Map<string, DynamicFieldType<typeof M.u64, typeof Proposal>>();

/**
 * The object holding one proposal of a vault's `proposals` (`Table<u64, Proposal>`): a
 * `0x2::dynamic_field::Field<u64, <package>::vault::Proposal>` at the id Sui derives from the
 * table's id and the proposal id. Its type names the package, so there is one per package.
 */
export function proposalFieldOf(packageId: string): DynamicFieldType<typeof M.u64, typeof Proposal> {
  let field = proposalFields.get(packageId);
  if (field === undefined) {
    field = dynamicFieldOf(M.u64, 'u64', Proposal, normalizeStructTag(`${packageId}::vault::Proposal`));
    proposalFields.set(packageId, field);
  }
  return field;
}

// === Functions ===

function fn(name: string, params: Array<[string, string]>, returns: string[] = []): FunctionSpec {
  return { name, params, returns };
}

const ctx: [string, string] = ['ctx', '&mut TxContext'];
const clock: [string, string] = ['clock', '&Clock'];
const vault: [string, string] = ['vault', '&mut Vault'];
const readVault: [string, string] = ['vault', '&Vault'];
const cap: [string, string] = ['cap', '&VaultAdminCap'];
const chain: [string, string] = ['chain', 'u8'];
/** What `execute_*` takes to request the network's signature (`coordinator::request_sign_shared`'s). */
const signing: Array<[string, string]> = [
  ['presign_cap', 'PresignCap'],
  ['session_preimage', 'vector<u8>'],
  ['payment', 'Coin<SUI>'],
  clock,
  ctx,
];

/** Every public function of module `vault` a transaction may call, in source order. */
export const VAULT_FUNCTIONS = {
  create: fn(
    'create',
    [
      ['coordinator', '&Coordinator'],
      ['dwallet_cap', 'DWalletCap'],
      ['approvers', 'vector<address>'],
      ['required_approvals', 'u64'],
      ['ethereum_chain_id', 'u64'],
      ['bitcoin_pubkey_hash', 'vector<u8>'],
      ['timelock_ms', 'u64'],
      clock,
      ctx,
    ],
    ['VaultAdminCap'],
  ),
  add_approver: fn('add_approver', [vault, cap, ['approver', 'address']]),
  remove_approver: fn('remove_approver', [vault, cap, ['approver', 'address']]),
  set_required_approvals: fn('set_required_approvals', [vault, cap, ['required_approvals', 'u64']]),
  allow_recipient: fn('allow_recipient', [vault, cap, chain, ['recipient', 'vector<u8>']]),
  disallow_recipient: fn('disallow_recipient', [vault, cap, chain, ['recipient', 'vector<u8>']]),
  set_spending_limit: fn('set_spending_limit', [
    vault,
    cap,
    chain,
    ['period_ms', 'u64'],
    ['limit_per_period', 'u256'],
    ['large_amount', 'u256'],
    clock,
  ]),
  set_timelock: fn('set_timelock', [vault, cap, ['timelock_ms', 'u64']]),
  set_ethereum_nonce: fn('set_ethereum_nonce', [vault, cap, ['nonce', 'u64']]),
  destroy_admin_cap: fn('destroy_admin_cap', [['cap', 'VaultAdminCap']]),
  propose_ethereum_transfer: fn(
    'propose_ethereum_transfer',
    [
      vault,
      ['to', 'vector<u8>'],
      ['value', 'u256'],
      ['max_priority_fee_per_gas', 'u256'],
      ['max_fee_per_gas', 'u256'],
      ['gas_limit', 'u64'],
      clock,
      ctx,
    ],
    ['u64'],
  ),
  propose_bitcoin_spend: fn(
    'propose_bitcoin_spend',
    [
      vault,
      ['input_txids', 'vector<vector<u8>>'],
      ['input_vouts', 'vector<u32>'],
      ['input_values', 'vector<u64>'],
      ['output_values', 'vector<u64>'],
      ['output_scripts', 'vector<vector<u8>>'],
      ['lock_time', 'u32'],
      clock,
      ctx,
    ],
    ['u64'],
  ),
  approve: fn('approve', [vault, ['proposal_id', 'u64'], ctx]),
  cancel: fn('cancel', [vault, ['proposal_id', 'u64'], ctx]),
  execute_ethereum_transfer: fn(
    'execute_ethereum_transfer',
    [vault, ['coordinator', '&mut Coordinator'], ['proposal_id', 'u64'], ...signing],
    ['ID'],
  ),
  execute_bitcoin_input: fn(
    'execute_bitcoin_input',
    [vault, ['coordinator', '&mut Coordinator'], ['proposal_id', 'u64'], ['input_index', 'u64'], ...signing],
    ['ID'],
  ),
  dwallet_id: fn('dwallet_id', [readVault], ['ID']),
  admin_cap_vault_id: fn('admin_cap_vault_id', [cap], ['ID']),
  is_approver: fn('is_approver', [readVault, ['account', 'address']], ['bool']),
  required_approvals: fn('required_approvals', [readVault], ['u64']),
  is_recipient_allowed: fn('is_recipient_allowed', [readVault, chain, ['recipient', 'vector<u8>']], ['bool']),
  ethereum_nonce: fn('ethereum_nonce', [readVault], ['u64']),
  remaining_in_period: fn('remaining_in_period', [readVault, chain, clock], ['u256']),
  proposal_status: fn('proposal_status', [readVault, ['proposal_id', 'u64']], ['u8']),
  proposal_approvals: fn('proposal_approvals', [readVault, ['proposal_id', 'u64']], ['u64']),
} as const satisfies Record<string, FunctionSpec>;

export type VaultFunctionName = keyof typeof VAULT_FUNCTIONS;

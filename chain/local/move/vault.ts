/**
 * Mirror of `move/sources/vault.move` (`dwallet::vault`) for the local chain.
 *
 * Each exported function is the Move function of the same name: same checks in the same order
 * (so the same abort for the same input), same objects created in the same order (so ids derive
 * the same way within a transaction), same events with the same fields. Calls into the
 * coordinator and the encoders go to their mirrors (`coordinator.ts`, `eip1559.ts`,
 * `bip143.ts`), with the coordinator's value the transaction passed. Proposals live in a
 * `Table<u64, Proposal>`: each is a `Field<u64, Proposal>` object at the id Sui derives, as
 * `sui::table` stores it. The design of the rules is written in the Move module's doc comment.
 * @module
 */
import { Curve, HashScheme, SignatureAlgorithm } from '../../constants.ts';
import type { CoordinatorValue, DWalletCapValue, PresignCapValue } from '../../schemas/objects.ts';
import {
  type BitcoinSpendValue,
  type EthereumTransferValue,
  type ProposalValue,
  proposalFieldOf,
  type SpendingLimitValue,
  Vault,
  VaultAdminCap,
  type VaultAdminCapValue,
  type VaultEventName,
  VaultEventStructs,
  type VaultValue,
} from '../../schemas/vault.ts';
import {
  BITCOIN_SEQUENCE,
  BITCOIN_TX_VERSION,
  DEFAULT_PERIOD_MS,
  ETHEREUM_ADDRESS_LENGTH,
  ETHEREUM_TRANSFER_GAS,
  MAX_BITCOIN_INPUTS,
  MAX_BITCOIN_OUTPUTS,
  MAX_PERIOD_MS,
  MAX_SCRIPT_PUBKEY_LENGTH,
  MAX_TIMELOCK_MS,
  MAX_U256,
  MAX_VAULT_APPROVERS,
  MAX_VAULT_RECIPIENTS,
  ProposalStatus,
  PUBKEY_HASH_LENGTH,
  VaultChain,
} from '../../vault-constants.ts';
import type { LiveObject, TransactionState } from '../transaction-state.ts';
import { calling, check } from './abort.ts';
import { addU64 } from './arithmetic.ts';
import * as bip143 from './bip143.ts';
import { equalBytes } from './committee.ts';
import type { Clock, Coin } from './coordinator.ts';
import * as coordinator from './coordinator.ts';
import * as eip1559 from './eip1559.ts';

function emit(st: TransactionState, name: VaultEventName, value: Record<string, unknown>): void {
  st.emitStruct('vault', VaultEventStructs[name], value);
}

function containsBytes(list: readonly Uint8Array[], bytes: Uint8Array): boolean {
  return list.some((item) => equalBytes(item, bytes));
}

function indexOfBytes(list: readonly Uint8Array[], bytes: Uint8Array): number {
  return list.findIndex((item) => equalBytes(item, bytes));
}

/** The wrapped `DWalletCap` as the coordinator's mirror takes a cap passed by reference (`&vault.dwallet_cap`). */
function wrappedCap(st: TransactionState, vault: VaultValue): LiveObject<DWalletCapValue> {
  return {
    id: vault.dwallet_cap.id,
    type: st.types.coordinatorType('DWalletCap'),
    value: vault.dwallet_cap,
    owner: { kind: 'wrapped' },
    status: 'wrapped',
    original: null,
    input: false,
  };
}

// === Creation ===

export function create(
  st: TransactionState,
  _self: null,
  args: {
    coordinator: CoordinatorValue;
    dwallet_cap: LiveObject<DWalletCapValue>;
    approvers: string[];
    required_approvals: bigint;
    ethereum_chain_id: bigint;
    bitcoin_pubkey_hash: Uint8Array;
    timelock_ms: bigint;
    clock: Clock;
  },
): LiveObject<VaultAdminCapValue> {
  const { approvers, required_approvals, ethereum_chain_id, bitcoin_pubkey_hash, timelock_ms } = args;
  const dwallet_id = coordinator.dwallet_cap_dwallet_id(st, null, { dwallet_cap: args.dwallet_cap });
  check(coordinator.is_dwallet_active(st, args.coordinator, { dwallet_id }), 'vault', 'EDWalletNotActive');
  check(coordinator.is_dwallet_shared(st, args.coordinator, { dwallet_id }), 'vault', 'EDWalletNotShared');
  check(
    calling('coordinator', 'dwallet_curve', () => coordinator.dwallet_curve(st, args.coordinator, { dwallet_id })) === Curve.SECP256K1,
    'vault',
    'EUnsupportedCurve',
  );
  check(
    calling('coordinator', 'dwallet_algorithm', () => coordinator.dwallet_algorithm(st, args.coordinator, { dwallet_id })) ===
      SignatureAlgorithm.ECDSA,
    'vault',
    'EUnsupportedSignatureAlgorithm',
  );
  check(BigInt(approvers.length) <= MAX_VAULT_APPROVERS, 'vault', 'ETooManyApprovers');
  approvers.forEach((approver, i) => {
    for (let j = 0; j < i; j++) check(approvers[j] !== approver, 'vault', 'EAlreadyApprover');
  });
  check(required_approvals > 0n && required_approvals <= BigInt(approvers.length), 'vault', 'EInvalidRequiredApprovals');
  check(ethereum_chain_id !== 0n, 'vault', 'EInvalidChainId');
  check(BigInt(bitcoin_pubkey_hash.length) === PUBKEY_HASH_LENGTH, 'vault', 'EInvalidPubkeyHash');
  check(timelock_ms <= MAX_TIMELOCK_MS, 'vault', 'ETimelockTooLong');
  const now = args.clock.timestamp_ms;
  const vaultId = st.newId();
  st.wrap(args.dwallet_cap);
  const vault: VaultValue = {
    id: vaultId,
    dwallet_cap: { ...args.dwallet_cap.value },
    dwallet_id,
    approvers,
    required_approvals,
    ethereum_recipients: [],
    bitcoin_recipients: [],
    ethereum: { chain_id: ethereum_chain_id, nonce: 0n, spending_limit: closedLimit(now) },
    bitcoin: { pubkey_hash: bitcoin_pubkey_hash, spending_limit: closedLimit(now) },
    timelock_ms,
    proposals: { id: st.newId(), size: 0n },
    next_proposal_id: 0n,
  };
  const vaultObject = st.create(st.types.moduleType('vault', Vault.name), vault);
  const cap = st.create<VaultAdminCapValue>(st.types.moduleType('vault', VaultAdminCap.name), { id: st.newId(), vault_id: vaultId });
  emit(st, 'VaultCreated', {
    vault_id: vaultId,
    admin_cap_id: cap.id,
    dwallet_id,
    approvers: vault.approvers,
    required_approvals,
    ethereum_chain_id,
    bitcoin_pubkey_hash: vault.bitcoin.pubkey_hash,
    timelock_ms,
  });
  st.share(vaultObject);
  return cap;
}

/** `closed_limit`: nothing may be spent until the administrator sets a limit. */
function closedLimit(now: bigint): SpendingLimitValue {
  return { period_ms: DEFAULT_PERIOD_MS, limit_per_period: 0n, large_amount: 0n, period_start_ms: now, spent_in_period: 0n };
}

// === Administration (VaultAdminCap) ===

interface AdminArgs {
  vault: VaultValue;
  cap: LiveObject<VaultAdminCapValue>;
}

export function add_approver(_st: TransactionState, _self: null, args: AdminArgs & { approver: string }): void {
  const { vault, approver } = args;
  assertCap(vault, args.cap);
  check(!vault.approvers.includes(approver), 'vault', 'EAlreadyApprover');
  check(BigInt(vault.approvers.length) < MAX_VAULT_APPROVERS, 'vault', 'ETooManyApprovers');
  vault.approvers.push(approver);
}

export function remove_approver(_st: TransactionState, _self: null, args: AdminArgs & { approver: string }): void {
  const { vault, approver } = args;
  assertCap(vault, args.cap);
  const index = vault.approvers.indexOf(approver);
  check(index >= 0, 'vault', 'ENotApprover');
  check(BigInt(vault.approvers.length - 1) >= vault.required_approvals, 'vault', 'EInvalidRequiredApprovals');
  vault.approvers.splice(index, 1);
}

export function set_required_approvals(_st: TransactionState, _self: null, args: AdminArgs & { required_approvals: bigint }): void {
  const { vault, required_approvals } = args;
  assertCap(vault, args.cap);
  check(required_approvals > 0n && required_approvals <= BigInt(vault.approvers.length), 'vault', 'EInvalidRequiredApprovals');
  vault.required_approvals = required_approvals;
}

export function allow_recipient(_st: TransactionState, _self: null, args: AdminArgs & { chain: number; recipient: Uint8Array }): void {
  const { vault, chain, recipient } = args;
  assertCap(vault, args.cap);
  assertChain(chain);
  if (chain === VaultChain.ETHEREUM) {
    check(BigInt(recipient.length) === ETHEREUM_ADDRESS_LENGTH, 'vault', 'EInvalidRecipient');
  } else {
    check(recipient.length > 0 && BigInt(recipient.length) <= MAX_SCRIPT_PUBKEY_LENGTH, 'vault', 'EInvalidRecipient');
  }
  const recipients = recipientsOf(vault, chain);
  check(!containsBytes(recipients, recipient), 'vault', 'ERecipientAlreadyAllowed');
  check(BigInt(recipients.length) < MAX_VAULT_RECIPIENTS, 'vault', 'ETooManyRecipients');
  recipients.push(recipient);
}

export function disallow_recipient(_st: TransactionState, _self: null, args: AdminArgs & { chain: number; recipient: Uint8Array }): void {
  const { vault, chain, recipient } = args;
  assertCap(vault, args.cap);
  assertChain(chain);
  const recipients = recipientsOf(vault, chain);
  const index = indexOfBytes(recipients, recipient);
  check(index >= 0, 'vault', 'ERecipientNotAllowed');
  recipients.splice(index, 1);
}

export function set_spending_limit(
  _st: TransactionState,
  _self: null,
  args: AdminArgs & { chain: number; period_ms: bigint; limit_per_period: bigint; large_amount: bigint; clock: Clock },
): void {
  const { vault, chain, period_ms, limit_per_period, large_amount } = args;
  assertCap(vault, args.cap);
  assertChain(chain);
  check(period_ms > 0n && period_ms <= MAX_PERIOD_MS, 'vault', 'EInvalidPeriod');
  const now = args.clock.timestamp_ms;
  const limit = spendingLimitOf(vault, chain);
  roll(limit, now);
  const spent_in_period = limit.spent_in_period;
  Object.assign(limit, { period_ms, limit_per_period, large_amount, period_start_ms: now, spent_in_period });
}

export function set_timelock(_st: TransactionState, _self: null, args: AdminArgs & { timelock_ms: bigint }): void {
  assertCap(args.vault, args.cap);
  check(args.timelock_ms <= MAX_TIMELOCK_MS, 'vault', 'ETimelockTooLong');
  args.vault.timelock_ms = args.timelock_ms;
}

export function set_ethereum_nonce(_st: TransactionState, _self: null, args: AdminArgs & { nonce: bigint }): void {
  assertCap(args.vault, args.cap);
  args.vault.ethereum.nonce = args.nonce;
}

export function destroy_admin_cap(st: TransactionState, _self: null, args: { cap: LiveObject<VaultAdminCapValue> }): void {
  const vault_id = args.cap.value.vault_id;
  st.delete(args.cap);
  emit(st, 'RulesFrozen', { vault_id });
}

function assertCap(vault: VaultValue, cap: LiveObject<VaultAdminCapValue>): void {
  check(cap.value.vault_id === vault.id, 'vault', 'EWrongVaultCap');
}

function assertChain(chain: number): void {
  check(chain === VaultChain.ETHEREUM || chain === VaultChain.BITCOIN, 'vault', 'EInvalidChain');
}

function recipientsOf(vault: VaultValue, chain: number): Uint8Array[] {
  return chain === VaultChain.ETHEREUM ? vault.ethereum_recipients : vault.bitcoin_recipients;
}

function spendingLimitOf(vault: VaultValue, chain: number): SpendingLimitValue {
  return chain === VaultChain.ETHEREUM ? vault.ethereum.spending_limit : vault.bitcoin.spending_limit;
}

// === Proposals ===

export function propose_ethereum_transfer(
  st: TransactionState,
  _self: null,
  args: {
    vault: VaultValue;
    to: Uint8Array;
    value: bigint;
    max_priority_fee_per_gas: bigint;
    max_fee_per_gas: bigint;
    gas_limit: bigint;
    clock: Clock;
  },
): bigint {
  const { vault, to, value, max_priority_fee_per_gas, max_fee_per_gas, gas_limit } = args;
  check(vault.approvers.includes(st.sender), 'vault', 'ENotApprover');
  check(containsBytes(vault.ethereum_recipients, to), 'vault', 'ERecipientNotAllowed');
  check(gas_limit >= ETHEREUM_TRANSFER_GAS, 'vault', 'EGasLimitTooLow');
  check(max_priority_fee_per_gas <= max_fee_per_gas, 'vault', 'ETipAboveFeeCap');
  const gas = gas_limit;
  check(max_fee_per_gas <= (MAX_U256 - value) / gas, 'vault', 'EAmountTooLarge');
  const amount = value + max_fee_per_gas * gas;
  const eth: EthereumTransferValue = { to, value, max_priority_fee_per_gas, max_fee_per_gas, gas_limit, nonce: null, sign_id: null };
  return addProposal(st, vault, VaultChain.ETHEREUM, amount, eth, null, args.clock);
}

export function propose_bitcoin_spend(
  st: TransactionState,
  _self: null,
  args: {
    vault: VaultValue;
    input_txids: Uint8Array[];
    input_vouts: number[];
    input_values: bigint[];
    output_values: bigint[];
    output_scripts: Uint8Array[];
    lock_time: number;
    clock: Clock;
  },
): bigint {
  const { vault, input_txids, input_vouts, input_values, output_values, output_scripts, lock_time } = args;
  check(vault.approvers.includes(st.sender), 'vault', 'ENotApprover');
  const inputCount = input_txids.length;
  const outputCount = output_values.length;
  check(input_vouts.length === inputCount && input_values.length === inputCount, 'vault', 'ELengthMismatch');
  check(output_scripts.length === outputCount, 'vault', 'ELengthMismatch');
  check(inputCount > 0, 'vault', 'ENoInputs');
  check(outputCount > 0, 'vault', 'ENoOutputs');
  check(BigInt(inputCount) <= MAX_BITCOIN_INPUTS, 'vault', 'ETooManyInputs');
  check(BigInt(outputCount) <= MAX_BITCOIN_OUTPUTS, 'vault', 'ETooManyOutputs');
  const inputs: bip143.Input[] = [];
  const sign_ids: Array<string | null> = [];
  let totalIn = 0n;
  for (let i = 0; i < inputCount; i++) {
    const txid = input_txids[i] as Uint8Array;
    const vout = input_vouts[i] as number;
    for (let j = 0; j < i; j++) {
      check(!equalBytes(input_txids[j] as Uint8Array, txid) || input_vouts[j] !== vout, 'vault', 'EDuplicateInput');
    }
    inputs.push(bip143.new_input(txid, vout, input_values[i] as bigint, Number(BITCOIN_SEQUENCE)));
    sign_ids.push(null);
    totalIn += input_values[i] as bigint;
  }
  const changeScript = bip143.p2wpkh_script_pubkey(vault.bitcoin.pubkey_hash);
  const outputs: bip143.Output[] = [];
  let totalOut = 0n;
  let change = 0n;
  for (let i = 0; i < outputCount; i++) {
    const script = output_scripts[i] as Uint8Array;
    const value = output_values[i] as bigint;
    if (equalBytes(script, changeScript)) change += value;
    else check(containsBytes(vault.bitcoin_recipients, script), 'vault', 'ERecipientNotAllowed');
    totalOut += value;
    outputs.push(bip143.new_output(value, script));
  }
  check(totalOut <= totalIn, 'vault', 'EOutputsExceedInputs');
  const spend: BitcoinSpendValue = {
    inputs: inputs.map((input) => ({ ...input })),
    outputs: outputs.map((output) => ({ ...output })),
    lock_time,
    sign_ids,
  };
  return addProposal(st, vault, VaultChain.BITCOIN, totalIn - change, null, spend, args.clock);
}

function addProposal(
  st: TransactionState,
  vault: VaultValue,
  chain: number,
  amount: bigint,
  ethereum: EthereumTransferValue | null,
  bitcoin: BitcoinSpendValue | null,
  clock: Clock,
): bigint {
  const proposal_id = vault.next_proposal_id;
  vault.next_proposal_id = addU64(proposal_id, 1n, 'vault::add_proposal');
  const proposer = st.sender;
  const proposal: ProposalValue = {
    proposer,
    chain,
    amount,
    created_at_ms: clock.timestamp_ms,
    approvals: [],
    status: ProposalStatus.OPEN,
    ethereum,
    bitcoin,
  };
  st.fieldAdd(vault.proposals, proposalFieldOf(st.packageId), proposal_id, proposal);
  emit(st, 'ProposalCreated', { vault_id: vault.id, proposal_id, chain, proposer, amount });
  return proposal_id;
}

export function approve(st: TransactionState, _self: null, args: { vault: VaultValue; proposal_id: bigint }): void {
  const { vault, proposal_id } = args;
  const approver = st.sender;
  check(vault.approvers.includes(approver), 'vault', 'ENotApprover');
  check(st.fieldContains(vault.proposals, proposalFieldOf(st.packageId), proposal_id), 'vault', 'EProposalNotFound');
  const vault_id = vault.id;
  const proposal = st.fieldBorrow<ProposalValue>(vault.proposals, proposalFieldOf(st.packageId), proposal_id);
  check(proposal.status === ProposalStatus.OPEN, 'vault', 'EProposalNotOpen');
  check(!proposal.approvals.includes(approver), 'vault', 'EAlreadyApproved');
  proposal.approvals.push(approver);
  emit(st, 'ProposalApproved', { vault_id, proposal_id, approver, approvals: BigInt(proposal.approvals.length) });
}

export function cancel(st: TransactionState, _self: null, args: { vault: VaultValue; proposal_id: bigint }): void {
  const { vault, proposal_id } = args;
  check(st.fieldContains(vault.proposals, proposalFieldOf(st.packageId), proposal_id), 'vault', 'EProposalNotFound');
  const vault_id = vault.id;
  const proposal = st.fieldBorrow<ProposalValue>(vault.proposals, proposalFieldOf(st.packageId), proposal_id);
  check(proposal.proposer === st.sender, 'vault', 'ENotProposer');
  check(proposal.status === ProposalStatus.OPEN, 'vault', 'EProposalNotOpen');
  proposal.status = ProposalStatus.CANCELLED;
  emit(st, 'ProposalCancelled', { vault_id, proposal_id });
}

// === Execution ===

interface SigningArgs {
  vault: VaultValue;
  coordinator: CoordinatorValue;
  proposal_id: bigint;
  presign_cap: LiveObject<PresignCapValue>;
  session_preimage: Uint8Array;
  payment: Coin;
  clock: Clock;
}

/** `coordinator::approve_message` with the wrapped cap, then `coordinator::request_sign_shared`: the sign id. */
function requestSharedSign(st: TransactionState, args: SigningArgs, hashScheme: number, message: Uint8Array): string {
  const approval = calling('coordinator', 'approve_message', () =>
    coordinator.approve_message(st, args.coordinator, { dwallet_cap: wrappedCap(st, args.vault), hash_scheme: hashScheme, message }),
  );
  return calling('coordinator', 'request_sign_shared', () =>
    coordinator.request_sign_shared(st, args.coordinator, {
      approval,
      presign_cap: args.presign_cap,
      session_preimage: args.session_preimage,
      payment: args.payment,
      clock: args.clock,
    }),
  );
}

export function execute_ethereum_transfer(st: TransactionState, _self: null, args: SigningArgs): string {
  const { vault, proposal_id } = args;
  const field = proposalFieldOf(st.packageId);
  check(st.fieldContains(vault.proposals, field, proposal_id), 'vault', 'EProposalNotFound');
  const now = args.clock.timestamp_ms;
  const vault_id = vault.id;
  const proposal = st.fieldBorrow<ProposalValue>(vault.proposals, field, proposal_id);
  check(proposal.chain === VaultChain.ETHEREUM, 'vault', 'EWrongChain');
  check(proposal.status === ProposalStatus.OPEN, 'vault', 'EProposalNotOpen');
  const eth = { ...(proposal.ethereum as EthereumTransferValue) };
  check(containsBytes(vault.ethereum_recipients, eth.to), 'vault', 'ERecipientNotAllowed');
  authorize(vault, proposal, vault.ethereum.spending_limit, now);
  const nonce = vault.ethereum.nonce;
  vault.ethereum.nonce = addU64(nonce, 1n, 'vault::execute_ethereum_transfer');
  const unsigned_transaction = eip1559.unsigned_transaction(
    vault.ethereum.chain_id,
    nonce,
    eth.max_priority_fee_per_gas,
    eth.max_fee_per_gas,
    eth.gas_limit,
    eth.to,
    eth.value,
    new Uint8Array(),
  );
  const digest = eip1559.signing_digest(unsigned_transaction);
  const sign_id = requestSharedSign(st, args, HashScheme.KECCAK256, unsigned_transaction);
  const recorded = proposal.ethereum as EthereumTransferValue;
  recorded.nonce = nonce;
  recorded.sign_id = sign_id;
  emit(st, 'EthereumTransferApproved', { vault_id, proposal_id, sign_id, nonce, unsigned_transaction, digest });
  return sign_id;
}

export function execute_bitcoin_input(st: TransactionState, _self: null, args: SigningArgs & { input_index: bigint }): string {
  const { vault, proposal_id, input_index } = args;
  const field = proposalFieldOf(st.packageId);
  check(st.fieldContains(vault.proposals, field, proposal_id), 'vault', 'EProposalNotFound');
  const now = args.clock.timestamp_ms;
  const vault_id = vault.id;
  const proposal = st.fieldBorrow<ProposalValue>(vault.proposals, field, proposal_id);
  check(proposal.chain === VaultChain.BITCOIN, 'vault', 'EWrongChain');
  const btc = proposal.bitcoin as BitcoinSpendValue;
  check(input_index < BigInt(btc.inputs.length), 'vault', 'EInputIndexOutOfRange');
  if (proposal.status === ProposalStatus.OPEN) {
    const changeScript = bip143.p2wpkh_script_pubkey(vault.bitcoin.pubkey_hash);
    for (const output of btc.outputs) {
      const script = bip143.output_script_pubkey(output);
      check(equalBytes(script, changeScript) || containsBytes(vault.bitcoin_recipients, script), 'vault', 'ERecipientNotAllowed');
    }
    authorize(vault, proposal, vault.bitcoin.spending_limit, now);
  } else {
    check(proposal.status === ProposalStatus.EXECUTED, 'vault', 'EProposalNotOpen');
  }
  const index = Number(input_index);
  check(btc.sign_ids[index] === null, 'vault', 'EInputAlreadySigned');
  const sighash_preimage = bip143.p2wpkh_sighash_preimage(
    Number(BITCOIN_TX_VERSION),
    btc.inputs,
    input_index,
    vault.bitcoin.pubkey_hash,
    btc.outputs,
    btc.lock_time,
  );
  const sighash = bip143.sighash(sighash_preimage);
  const sign_id = requestSharedSign(st, args, HashScheme.DOUBLE_SHA256, sighash_preimage);
  btc.sign_ids[index] = sign_id;
  emit(st, 'BitcoinInputApproved', { vault_id, proposal_id, input_index, sign_id, sighash_preimage, sighash });
  return sign_id;
}

/**
 * `authorize`: a large amount needs `required_approvals` approvals of current approvers and the
 * timelock; every amount must fit what is left of the period's limit. The proposal becomes EXECUTED.
 */
function authorize(vault: VaultValue, proposal: ProposalValue, limit: SpendingLimitValue, now: bigint): void {
  if (proposal.amount > limit.large_amount) {
    check(countApprovals(vault.approvers, proposal.approvals) >= vault.required_approvals, 'vault', 'ENotEnoughApprovals');
    check(now >= addU64(proposal.created_at_ms, vault.timelock_ms, 'vault::authorize'), 'vault', 'ETimelockNotExpired');
  }
  roll(limit, now);
  check(
    limit.spent_in_period <= limit.limit_per_period && proposal.amount <= limit.limit_per_period - limit.spent_in_period,
    'vault',
    'ESpendingLimitExceeded',
  );
  limit.spent_in_period += proposal.amount;
  proposal.status = ProposalStatus.EXECUTED;
}

/** `roll`: starts the period `now` falls in when the current one is over. */
function roll(limit: SpendingLimitValue, now: bigint): void {
  if (now >= addU64(limit.period_start_ms, limit.period_ms, 'vault::roll')) {
    const periods = (now - limit.period_start_ms) / limit.period_ms;
    limit.period_start_ms += periods * limit.period_ms;
    limit.spent_in_period = 0n;
  }
}

/** `count_approvals`: approvals given by accounts that are approvers now. */
function countApprovals(approvers: readonly string[], approvals: readonly string[]): bigint {
  return BigInt(approvals.filter((approval) => approvers.includes(approval)).length);
}

// === Read accessors ===

export function dwallet_id(_st: TransactionState, _self: null, args: { vault: VaultValue }): string {
  return args.vault.dwallet_id;
}

export function admin_cap_vault_id(_st: TransactionState, _self: null, args: { cap: LiveObject<VaultAdminCapValue> }): string {
  return args.cap.value.vault_id;
}

export function is_approver(_st: TransactionState, _self: null, args: { vault: VaultValue; account: string }): boolean {
  return args.vault.approvers.includes(args.account);
}

export function required_approvals(_st: TransactionState, _self: null, args: { vault: VaultValue }): bigint {
  return args.vault.required_approvals;
}

export function is_recipient_allowed(
  _st: TransactionState,
  _self: null,
  args: { vault: VaultValue; chain: number; recipient: Uint8Array },
): boolean {
  assertChain(args.chain);
  return containsBytes(recipientsOf(args.vault, args.chain), args.recipient);
}

export function ethereum_nonce(_st: TransactionState, _self: null, args: { vault: VaultValue }): bigint {
  return args.vault.ethereum.nonce;
}

export function remaining_in_period(_st: TransactionState, _self: null, args: { vault: VaultValue; chain: number; clock: Clock }): bigint {
  assertChain(args.chain);
  const limit = { ...spendingLimitOf(args.vault, args.chain) };
  roll(limit, args.clock.timestamp_ms);
  return limit.spent_in_period >= limit.limit_per_period ? 0n : limit.limit_per_period - limit.spent_in_period;
}

export function proposal_status(st: TransactionState, _self: null, args: { vault: VaultValue; proposal_id: bigint }): number {
  const field = proposalFieldOf(st.packageId);
  check(st.fieldContains(args.vault.proposals, field, args.proposal_id), 'vault', 'EProposalNotFound');
  return st.fieldBorrow<ProposalValue>(args.vault.proposals, field, args.proposal_id).status;
}

export function proposal_approvals(st: TransactionState, _self: null, args: { vault: VaultValue; proposal_id: bigint }): bigint {
  const field = proposalFieldOf(st.packageId);
  check(st.fieldContains(args.vault.proposals, field, args.proposal_id), 'vault', 'EProposalNotFound');
  return countApprovals(args.vault.approvers, st.fieldBorrow<ProposalValue>(args.vault.proposals, field, args.proposal_id).approvals);
}

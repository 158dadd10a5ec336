/// A policy vault: a shared object that holds the `DWalletCap` of a shared dWallet (its user share
/// is public, so the network alone completes a signature once the chain approves a message) and
/// approves only the Ethereum and Bitcoin transactions its rules allow. The vault builds every
/// message it approves itself, from fields it checked: an EIP-1559 transfer
/// (`dwallet::eip1559`, RLP and Keccak-256 in Move) and the BIP-143 preimages of a P2WPKH spend
/// (`dwallet::bip143`). Nobody can have it sign bytes it did not build.
///
/// Design choices:
/// - The rules are the ones a treasury runs by. A set of Sui accounts (`approvers`, m of them)
///   may propose and approve; a proposal is executed by anyone (who pays the fees) once the rules
///   allow it:
///   * an allowlist of recipients per chain (20-byte Ethereum addresses; Bitcoin scriptPubKeys),
///     checked when a proposal is made and again when it executes, so removing a recipient stops
///     what was proposed for it;
///   * a spending limit per chain and period (`SpendingLimit`, Sui `Clock` time): every amount,
///     small or large, must fit what is left of the period's limit;
///   * amounts above the chain's `large_amount` also need `required_approvals` (k of the m)
///     approvals and a timelock (`timelock_ms` after the proposal was made) that leaves time to
///     notice and cancel. Smaller amounts need only an approver's proposal: the day-to-day path
///     stays quick, and the period limit bounds what one approver can move alone.
///   Approvals are explicit: proposing is not approving (a proposer who agrees calls `approve`
///   like the others), so k approvals are always k deliberate calls. Only approvals of accounts
///   that are approvers when the proposal executes count: removing an approver withdraws the
///   approvals it gave.
/// - The amount a proposal counts against the rules is what it can take from the vault's account:
///   for Ethereum `value + max_fee_per_gas × gas_limit` (the most the transaction can cost); for
///   Bitcoin the inputs spent minus the change paid back to the vault's own P2WPKH script
///   (payments plus the miner's fee).
/// - A period rolls when `now ≥ period_start_ms + period_ms`: the new period starts at the last
///   multiple of `period_ms` after the old start that is not after now (windows stay aligned to
///   when the limit was set, e.g. one per day at the same hour), and nothing is spent in it yet.
///   Setting a limit starts a period at once but keeps what was spent in the current one, so
///   changing a limit never frees an allowance that was used. The defaults at creation are a
///   one-day period with a limit of 0 and a large amount of 0: nothing moves until the
///   administrator sets limits (the vault fails closed).
/// - The `VaultAdminCap` changes the rules: approvers, k, allowlists, limits, timelock, nonce. It
///   is an ordinary object with `store`: hand it to a Sui multisig address so rule changes need
///   the same quorum as large spends, or destroy it (`destroy_admin_cap`) to freeze the rules for
///   good (the nonce can then no longer be repaired either).
/// - Ethereum: the vault keeps the account's next nonce. Executing a transfer uses the nonce and
///   increments it on chain, so two transfers never get the same nonce. A sign the network
///   rejects (or a signed transaction never broadcast) burns that nonce on Sui while the Ethereum
///   account never used it, and every later transaction would wait on the gap: the administrator
///   then sets the nonce back (`set_ethereum_nonce`, also used to start from an account that has
///   sent transactions before). Reusing a nonce is safe: Ethereum includes at most one
///   transaction per (account, nonce). Transfers carry no data and an empty access list; the vault
///   refuses a gas limit below an Ethereum transfer's 21,000 or a tip above the fee cap, which
///   Ethereum would refuse after the nonce was used.
/// - Bitcoin: Move has no RIPEMD-160, so the vault cannot derive its P2WPKH public-key hash
///   (HASH160 of the compressed key) from the dWallet's key: it is given at creation (the SDK
///   derives it). A wrong hash makes the vault useless on Bitcoin, never unsafe: BIP-143 puts the
///   hash in the signed scriptCode, so every signature the vault obtains is invalid for the
///   outputs the dWallet's key really holds, and nothing can be spent at all. Likewise the inputs
///   and their values are the proposer's claim, but BIP-143 signs both: a signature for an output
///   that is not the vault's, or over a wrong value, is invalid on Bitcoin, so the accounting
///   cannot be fooled. Every input of a spend is the vault's own P2WPKH output; each is signed
///   by its own `execute_bitcoin_input` (one presign each). The first input signed checks the
///   rules and counts the amount for the whole spend; each input is signed once. Transactions
///   are version 2 with nSequence 0xfffffffd (replaceable by fee, lock time enforced).
///
/// Abort codes of this module are listed, with names, in `chain/abort-codes.ts`; the TypeScript
/// mirror of the local chain is `chain/local/move/vault.ts`.
module dwallet::vault;

use dwallet::bip143::{Self, Input, Output};
use dwallet::coordinator::{Self, Coordinator, DWalletCap, PresignCap};
use dwallet::eip1559;
use sui::clock::Clock;
use sui::coin::Coin;
use sui::event;
use sui::sui::SUI;
use sui::table::{Self, Table};

// === Abort codes ===

const ENotApprover: u64 = 1;
const EAlreadyApprover: u64 = 2;
const EAlreadyApproved: u64 = 3;
const ERecipientNotAllowed: u64 = 4;
const ERecipientAlreadyAllowed: u64 = 5;
const EInvalidRecipient: u64 = 6;
const ESpendingLimitExceeded: u64 = 7;
const ENotEnoughApprovals: u64 = 8;
const ETimelockNotExpired: u64 = 9;
const EProposalNotFound: u64 = 10;
const EProposalNotOpen: u64 = 11;
const ENotProposer: u64 = 12;
const EWrongChain: u64 = 13;
const EInvalidChain: u64 = 14;
const EWrongVaultCap: u64 = 15;
const EDWalletNotActive: u64 = 16;
const EDWalletNotShared: u64 = 17;
const EUnsupportedCurve: u64 = 18;
const EInvalidRequiredApprovals: u64 = 19;
const ETooManyApprovers: u64 = 20;
const ETooManyRecipients: u64 = 21;
const EInvalidPubkeyHash: u64 = 22;
const EInvalidChainId: u64 = 23;
const EInvalidPeriod: u64 = 24;
const ETimelockTooLong: u64 = 25;
const EGasLimitTooLow: u64 = 26;
const ETipAboveFeeCap: u64 = 27;
const EAmountTooLarge: u64 = 28;
const ELengthMismatch: u64 = 29;
const ENoInputs: u64 = 30;
const ENoOutputs: u64 = 31;
const ETooManyInputs: u64 = 32;
const ETooManyOutputs: u64 = 33;
const EDuplicateInput: u64 = 34;
const EOutputsExceedInputs: u64 = 35;
const EInputIndexOutOfRange: u64 = 36;
const EInputAlreadySigned: u64 = 37;
const EUnsupportedSignatureAlgorithm: u64 = 38;

// === Chains, proposal states ===

const CHAIN_ETHEREUM: u8 = 0;
const CHAIN_BITCOIN: u8 = 1;

const PROPOSAL_OPEN: u8 = 0;
const PROPOSAL_EXECUTED: u8 = 1;
const PROPOSAL_CANCELLED: u8 = 2;

// === The coordinator's values the vault uses (private there; the parity test checks they match) ===

const CURVE_SECP256K1: u32 = 0;
/// The vault signs Ethereum and segwit transactions: ECDSA signatures.
const ALGORITHM_ECDSA: u32 = 0;
const HASH_KECCAK256: u32 = 0;
const HASH_DOUBLE_SHA256: u32 = 2;

// === Limits ===

/// Most approvers of a vault (each approval is checked against all of them).
const MAX_APPROVERS: u64 = 64;
/// Most allowlisted recipients per chain.
const MAX_RECIPIENTS: u64 = 256;
/// Longest Bitcoin scriptPubKey accepted in the allowlist: the largest standard output script
/// (OP_RETURN with 80 bytes of data); P2WPKH is 22 bytes, P2TR and P2WSH 34.
const MAX_SCRIPT_PUBKEY_LENGTH: u64 = 83;
/// An Ethereum address.
const ADDRESS_LENGTH: u64 = 20;
/// A HASH160 public-key hash.
const PUBKEY_HASH_LENGTH: u64 = 20;
/// The gas of a plain Ethereum transfer (the intrinsic gas of a transaction without data).
const TRANSFER_GAS: u64 = 21000;
/// Most inputs and outputs of a Bitcoin spend.
const MAX_BITCOIN_INPUTS: u64 = 64;
const MAX_BITCOIN_OUTPUTS: u64 = 64;
/// Bitcoin transaction version (BIP-68 relative lock times apply from version 2).
const BITCOIN_TX_VERSION: u32 = 2;
/// nSequence of every input: replaceable by fee (BIP-125), lock time enforced.
const BITCOIN_SEQUENCE: u32 = 0xfffffffd;
/// Longest period and timelock (365 days).
const MAX_PERIOD_MS: u64 = 31_536_000_000;
const MAX_TIMELOCK_MS: u64 = 31_536_000_000;
/// The period of the limits a vault starts with (one day).
const DEFAULT_PERIOD_MS: u64 = 86_400_000;
const MAX_U256: u256 = 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff;

// === Objects ===

public struct Vault has key {
    id: UID,
    /// The shared dWallet's cap, wrapped: only this module can approve messages with it.
    dwallet_cap: DWalletCap,
    dwallet_id: ID,
    approvers: vector<address>,
    required_approvals: u64,
    /// 20-byte addresses.
    ethereum_recipients: vector<vector<u8>>,
    /// scriptPubKeys.
    bitcoin_recipients: vector<vector<u8>>,
    ethereum: EthereumPolicy,
    bitcoin: BitcoinPolicy,
    timelock_ms: u64,
    proposals: Table<u64, Proposal>,
    next_proposal_id: u64,
}

/// Changes the rules of the vault `vault_id`.
public struct VaultAdminCap has key, store {
    id: UID,
    vault_id: ID,
}

/// Amounts in the chain's smallest unit (wei, satoshi).
public struct SpendingLimit has copy, drop, store {
    period_ms: u64,
    limit_per_period: u256,
    /// Amounts above it need `required_approvals` approvals and the timelock.
    large_amount: u256,
    period_start_ms: u64,
    spent_in_period: u256,
}

public struct EthereumPolicy has copy, drop, store {
    chain_id: u64,
    /// The nonce of the next transfer.
    nonce: u64,
    spending_limit: SpendingLimit,
}

public struct BitcoinPolicy has copy, drop, store {
    /// HASH160 of the dWallet's compressed public key: the vault's P2WPKH address.
    pubkey_hash: vector<u8>,
    spending_limit: SpendingLimit,
}

public struct Proposal has store {
    proposer: address,
    chain: u8,
    /// What the proposal takes from the vault's account (see the module doc).
    amount: u256,
    created_at_ms: u64,
    approvals: vector<address>,
    status: u8,
    ethereum: Option<EthereumTransfer>,
    bitcoin: Option<BitcoinSpend>,
}

public struct EthereumTransfer has copy, drop, store {
    to: vector<u8>,
    value: u256,
    max_priority_fee_per_gas: u256,
    max_fee_per_gas: u256,
    gas_limit: u64,
    /// Set when executed.
    nonce: Option<u64>,
    sign_id: Option<ID>,
}

public struct BitcoinSpend has copy, drop, store {
    inputs: vector<Input>,
    outputs: vector<Output>,
    lock_time: u32,
    /// The sign of each input, once requested.
    sign_ids: vector<Option<ID>>,
}

// === Events ===

public struct VaultCreated has copy, drop {
    vault_id: ID,
    admin_cap_id: ID,
    dwallet_id: ID,
    approvers: vector<address>,
    required_approvals: u64,
    ethereum_chain_id: u64,
    bitcoin_pubkey_hash: vector<u8>,
    timelock_ms: u64,
}

public struct RulesFrozen has copy, drop {
    vault_id: ID,
}

public struct ProposalCreated has copy, drop {
    vault_id: ID,
    proposal_id: u64,
    chain: u8,
    proposer: address,
    amount: u256,
}

public struct ProposalApproved has copy, drop {
    vault_id: ID,
    proposal_id: u64,
    approver: address,
    approvals: u64,
}

public struct ProposalCancelled has copy, drop {
    vault_id: ID,
    proposal_id: u64,
}

public struct EthereumTransferApproved has copy, drop {
    vault_id: ID,
    proposal_id: u64,
    sign_id: ID,
    nonce: u64,
    unsigned_transaction: vector<u8>,
    digest: vector<u8>,
}

public struct BitcoinInputApproved has copy, drop {
    vault_id: ID,
    proposal_id: u64,
    input_index: u64,
    sign_id: ID,
    sighash_preimage: vector<u8>,
    sighash: vector<u8>,
}

// === Creation ===

/// Makes a shared vault around the `DWalletCap` of an ACTIVE shared secp256k1 ECDSA dWallet; returns
/// the cap that changes its rules. `bitcoin_pubkey_hash` is HASH160 of the dWallet's compressed
/// public key (see the module doc).
public fun create(
    coordinator: &Coordinator,
    dwallet_cap: DWalletCap,
    approvers: vector<address>,
    required_approvals: u64,
    ethereum_chain_id: u64,
    bitcoin_pubkey_hash: vector<u8>,
    timelock_ms: u64,
    clock: &Clock,
    ctx: &mut TxContext,
): VaultAdminCap {
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&dwallet_cap);
    assert!(coordinator.is_dwallet_active(dwallet_id), EDWalletNotActive);
    assert!(coordinator.is_dwallet_shared(dwallet_id), EDWalletNotShared);
    assert!(coordinator.dwallet_curve(dwallet_id) == CURVE_SECP256K1, EUnsupportedCurve);
    assert!(coordinator.dwallet_algorithm(dwallet_id) == ALGORITHM_ECDSA, EUnsupportedSignatureAlgorithm);
    assert!(approvers.length() <= MAX_APPROVERS, ETooManyApprovers);
    let mut i = 0;
    while (i < approvers.length()) {
        let mut j = 0;
        while (j < i) {
            assert!(approvers[j] != approvers[i], EAlreadyApprover);
            j = j + 1;
        };
        i = i + 1;
    };
    assert!(required_approvals > 0 && required_approvals <= approvers.length(), EInvalidRequiredApprovals);
    assert!(ethereum_chain_id != 0, EInvalidChainId);
    assert!(bitcoin_pubkey_hash.length() == PUBKEY_HASH_LENGTH, EInvalidPubkeyHash);
    assert!(timelock_ms <= MAX_TIMELOCK_MS, ETimelockTooLong);
    let now = clock.timestamp_ms();
    let vault = Vault {
        id: object::new(ctx),
        dwallet_cap,
        dwallet_id,
        approvers,
        required_approvals,
        ethereum_recipients: vector[],
        bitcoin_recipients: vector[],
        ethereum: EthereumPolicy { chain_id: ethereum_chain_id, nonce: 0, spending_limit: closed_limit(now) },
        bitcoin: BitcoinPolicy { pubkey_hash: bitcoin_pubkey_hash, spending_limit: closed_limit(now) },
        timelock_ms,
        proposals: table::new(ctx),
        next_proposal_id: 0,
    };
    let vault_id = object::id(&vault);
    let cap = VaultAdminCap { id: object::new(ctx), vault_id };
    event::emit(VaultCreated {
        vault_id,
        admin_cap_id: object::id(&cap),
        dwallet_id,
        approvers: vault.approvers,
        required_approvals,
        ethereum_chain_id,
        bitcoin_pubkey_hash: vault.bitcoin.pubkey_hash,
        timelock_ms,
    });
    transfer::share_object(vault);
    cap
}

/// The limit a vault starts with: nothing may be spent until the administrator sets one.
fun closed_limit(now: u64): SpendingLimit {
    SpendingLimit { period_ms: DEFAULT_PERIOD_MS, limit_per_period: 0, large_amount: 0, period_start_ms: now, spent_in_period: 0 }
}

// === Administration (VaultAdminCap) ===

public fun add_approver(vault: &mut Vault, cap: &VaultAdminCap, approver: address) {
    assert_cap(vault, cap);
    assert!(!vault.approvers.contains(&approver), EAlreadyApprover);
    assert!(vault.approvers.length() < MAX_APPROVERS, ETooManyApprovers);
    vault.approvers.push_back(approver);
}

/// Removes an approver; its approvals of open proposals stop counting. Refused when fewer than
/// `required_approvals` approvers would remain.
public fun remove_approver(vault: &mut Vault, cap: &VaultAdminCap, approver: address) {
    assert_cap(vault, cap);
    let (found, index) = vault.approvers.index_of(&approver);
    assert!(found, ENotApprover);
    assert!(vault.approvers.length() - 1 >= vault.required_approvals, EInvalidRequiredApprovals);
    vault.approvers.remove(index);
}

public fun set_required_approvals(vault: &mut Vault, cap: &VaultAdminCap, required_approvals: u64) {
    assert_cap(vault, cap);
    assert!(required_approvals > 0 && required_approvals <= vault.approvers.length(), EInvalidRequiredApprovals);
    vault.required_approvals = required_approvals;
}

/// Allows paying `recipient` on `chain`: a 20-byte address (Ethereum) or a scriptPubKey of 1 to
/// `MAX_SCRIPT_PUBKEY_LENGTH` bytes (Bitcoin).
public fun allow_recipient(vault: &mut Vault, cap: &VaultAdminCap, chain: u8, recipient: vector<u8>) {
    assert_cap(vault, cap);
    assert_chain(chain);
    if (chain == CHAIN_ETHEREUM) {
        assert!(recipient.length() == ADDRESS_LENGTH, EInvalidRecipient);
    } else {
        assert!(!recipient.is_empty() && recipient.length() <= MAX_SCRIPT_PUBKEY_LENGTH, EInvalidRecipient);
    };
    let recipients = vault.recipients_mut(chain);
    assert!(!recipients.contains(&recipient), ERecipientAlreadyAllowed);
    assert!(recipients.length() < MAX_RECIPIENTS, ETooManyRecipients);
    recipients.push_back(recipient);
}

public fun disallow_recipient(vault: &mut Vault, cap: &VaultAdminCap, chain: u8, recipient: vector<u8>) {
    assert_cap(vault, cap);
    assert_chain(chain);
    let recipients = vault.recipients_mut(chain);
    let (found, index) = recipients.index_of(&recipient);
    assert!(found, ERecipientNotAllowed);
    recipients.remove(index);
}

/// Sets the spending limit of `chain`. A new period starts now; what was spent in the current
/// period (after it rolls) stays counted.
public fun set_spending_limit(
    vault: &mut Vault,
    cap: &VaultAdminCap,
    chain: u8,
    period_ms: u64,
    limit_per_period: u256,
    large_amount: u256,
    clock: &Clock,
) {
    assert_cap(vault, cap);
    assert_chain(chain);
    assert!(period_ms > 0 && period_ms <= MAX_PERIOD_MS, EInvalidPeriod);
    let now = clock.timestamp_ms();
    let limit = vault.spending_limit_mut(chain);
    roll(limit, now);
    let spent_in_period = limit.spent_in_period;
    *limit = SpendingLimit { period_ms, limit_per_period, large_amount, period_start_ms: now, spent_in_period };
}

public fun set_timelock(vault: &mut Vault, cap: &VaultAdminCap, timelock_ms: u64) {
    assert_cap(vault, cap);
    assert!(timelock_ms <= MAX_TIMELOCK_MS, ETimelockTooLong);
    vault.timelock_ms = timelock_ms;
}

/// Sets the nonce of the next Ethereum transfer: after a sign that never reached Ethereum burnt
/// one, or to follow an account that sent transactions before (see the module doc).
public fun set_ethereum_nonce(vault: &mut Vault, cap: &VaultAdminCap, nonce: u64) {
    assert_cap(vault, cap);
    vault.ethereum.nonce = nonce;
}

/// Destroys the admin cap: the rules of its vault can never change again.
public fun destroy_admin_cap(cap: VaultAdminCap) {
    let VaultAdminCap { id, vault_id } = cap;
    id.delete();
    event::emit(RulesFrozen { vault_id });
}

fun assert_cap(vault: &Vault, cap: &VaultAdminCap) {
    assert!(cap.vault_id == object::id(vault), EWrongVaultCap);
}

fun assert_chain(chain: u8) {
    assert!(chain == CHAIN_ETHEREUM || chain == CHAIN_BITCOIN, EInvalidChain);
}

fun recipients_mut(vault: &mut Vault, chain: u8): &mut vector<vector<u8>> {
    if (chain == CHAIN_ETHEREUM) &mut vault.ethereum_recipients else &mut vault.bitcoin_recipients
}

fun spending_limit_mut(vault: &mut Vault, chain: u8): &mut SpendingLimit {
    if (chain == CHAIN_ETHEREUM) &mut vault.ethereum.spending_limit else &mut vault.bitcoin.spending_limit
}

// === Proposals ===

/// Proposes an Ethereum transfer of `value` wei to `to` (allowlisted); approvers only. Returns
/// the proposal id.
public fun propose_ethereum_transfer(
    vault: &mut Vault,
    to: vector<u8>,
    value: u256,
    max_priority_fee_per_gas: u256,
    max_fee_per_gas: u256,
    gas_limit: u64,
    clock: &Clock,
    ctx: &mut TxContext,
): u64 {
    assert!(vault.approvers.contains(&ctx.sender()), ENotApprover);
    assert!(vault.ethereum_recipients.contains(&to), ERecipientNotAllowed);
    assert!(gas_limit >= TRANSFER_GAS, EGasLimitTooLow);
    assert!(max_priority_fee_per_gas <= max_fee_per_gas, ETipAboveFeeCap);
    let gas = (gas_limit as u256);
    assert!(max_fee_per_gas <= (MAX_U256 - value) / gas, EAmountTooLarge);
    let amount = value + max_fee_per_gas * gas;
    let eth = EthereumTransfer {
        to,
        value,
        max_priority_fee_per_gas,
        max_fee_per_gas,
        gas_limit,
        nonce: option::none(),
        sign_id: option::none(),
    };
    vault.add_proposal(CHAIN_ETHEREUM, amount, option::some(eth), option::none(), clock, ctx)
}

/// Proposes a Bitcoin spend of the vault's P2WPKH outputs (`input_txids` in internal byte order,
/// `input_vouts`, `input_values` in satoshis) paying `output_values` to `output_scripts`, each
/// allowlisted or the vault's own P2WPKH script (change); approvers only. Returns the proposal id.
public fun propose_bitcoin_spend(
    vault: &mut Vault,
    input_txids: vector<vector<u8>>,
    input_vouts: vector<u32>,
    input_values: vector<u64>,
    output_values: vector<u64>,
    output_scripts: vector<vector<u8>>,
    lock_time: u32,
    clock: &Clock,
    ctx: &mut TxContext,
): u64 {
    assert!(vault.approvers.contains(&ctx.sender()), ENotApprover);
    let input_count = input_txids.length();
    let output_count = output_values.length();
    assert!(input_vouts.length() == input_count && input_values.length() == input_count, ELengthMismatch);
    assert!(output_scripts.length() == output_count, ELengthMismatch);
    assert!(input_count > 0, ENoInputs);
    assert!(output_count > 0, ENoOutputs);
    assert!(input_count <= MAX_BITCOIN_INPUTS, ETooManyInputs);
    assert!(output_count <= MAX_BITCOIN_OUTPUTS, ETooManyOutputs);
    let mut inputs = vector[];
    let mut sign_ids = vector[];
    let mut total_in: u256 = 0;
    let mut i = 0;
    while (i < input_count) {
        let mut j = 0;
        while (j < i) {
            assert!(input_txids[j] != input_txids[i] || input_vouts[j] != input_vouts[i], EDuplicateInput);
            j = j + 1;
        };
        inputs.push_back(bip143::new_input(input_txids[i], input_vouts[i], input_values[i], BITCOIN_SEQUENCE));
        sign_ids.push_back(option::none());
        total_in = total_in + (input_values[i] as u256);
        i = i + 1;
    };
    let change_script = bip143::p2wpkh_script_pubkey(&vault.bitcoin.pubkey_hash);
    let mut outputs = vector[];
    let mut total_out: u256 = 0;
    let mut change: u256 = 0;
    i = 0;
    while (i < output_count) {
        let script = output_scripts[i];
        if (script == change_script) {
            change = change + (output_values[i] as u256);
        } else {
            assert!(vault.bitcoin_recipients.contains(&script), ERecipientNotAllowed);
        };
        total_out = total_out + (output_values[i] as u256);
        outputs.push_back(bip143::new_output(output_values[i], script));
        i = i + 1;
    };
    assert!(total_out <= total_in, EOutputsExceedInputs);
    let spend = BitcoinSpend { inputs, outputs, lock_time, sign_ids };
    vault.add_proposal(CHAIN_BITCOIN, total_in - change, option::none(), option::some(spend), clock, ctx)
}

fun add_proposal(
    vault: &mut Vault,
    chain: u8,
    amount: u256,
    ethereum: Option<EthereumTransfer>,
    bitcoin: Option<BitcoinSpend>,
    clock: &Clock,
    ctx: &TxContext,
): u64 {
    let proposal_id = vault.next_proposal_id;
    vault.next_proposal_id = proposal_id + 1;
    let proposer = ctx.sender();
    vault.proposals.add(proposal_id, Proposal {
        proposer,
        chain,
        amount,
        created_at_ms: clock.timestamp_ms(),
        approvals: vector[],
        status: PROPOSAL_OPEN,
        ethereum,
        bitcoin,
    });
    event::emit(ProposalCreated { vault_id: object::id(vault), proposal_id, chain, proposer, amount });
    proposal_id
}

/// Approves an open proposal, once per approver.
public fun approve(vault: &mut Vault, proposal_id: u64, ctx: &mut TxContext) {
    let approver = ctx.sender();
    assert!(vault.approvers.contains(&approver), ENotApprover);
    assert!(vault.proposals.contains(proposal_id), EProposalNotFound);
    let vault_id = object::id(vault);
    let proposal = vault.proposals.borrow_mut(proposal_id);
    assert!(proposal.status == PROPOSAL_OPEN, EProposalNotOpen);
    assert!(!proposal.approvals.contains(&approver), EAlreadyApproved);
    proposal.approvals.push_back(approver);
    event::emit(ProposalApproved { vault_id, proposal_id, approver, approvals: proposal.approvals.length() });
}

/// Cancels an open proposal; its proposer only.
public fun cancel(vault: &mut Vault, proposal_id: u64, ctx: &mut TxContext) {
    assert!(vault.proposals.contains(proposal_id), EProposalNotFound);
    let vault_id = object::id(vault);
    let proposal = vault.proposals.borrow_mut(proposal_id);
    assert!(proposal.proposer == ctx.sender(), ENotProposer);
    assert!(proposal.status == PROPOSAL_OPEN, EProposalNotOpen);
    proposal.status = PROPOSAL_CANCELLED;
    event::emit(ProposalCancelled { vault_id, proposal_id });
}

// === Execution ===

/// Executes an Ethereum transfer the rules allow: builds the EIP-1559 transaction with the vault's
/// chain id and next nonce, approves it (Keccak-256) with the wrapped cap and requests the
/// network's signature of the shared dWallet. Anyone may call it (and pays the sign fee with
/// `payment`). Returns the sign id.
public fun execute_ethereum_transfer(
    vault: &mut Vault,
    coordinator: &mut Coordinator,
    proposal_id: u64,
    presign_cap: PresignCap,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    assert!(vault.proposals.contains(proposal_id), EProposalNotFound);
    let now = clock.timestamp_ms();
    let vault_id = object::id(vault);
    let proposal = vault.proposals.borrow_mut(proposal_id);
    assert!(proposal.chain == CHAIN_ETHEREUM, EWrongChain);
    assert!(proposal.status == PROPOSAL_OPEN, EProposalNotOpen);
    let eth = *proposal.ethereum.borrow();
    assert!(vault.ethereum_recipients.contains(&eth.to), ERecipientNotAllowed);
    authorize(
        &vault.approvers,
        vault.required_approvals,
        vault.timelock_ms,
        proposal,
        &mut vault.ethereum.spending_limit,
        now,
    );
    let nonce = vault.ethereum.nonce;
    vault.ethereum.nonce = nonce + 1;
    let unsigned_transaction = eip1559::unsigned_transaction(
        vault.ethereum.chain_id,
        nonce,
        eth.max_priority_fee_per_gas,
        eth.max_fee_per_gas,
        eth.gas_limit,
        eth.to,
        eth.value,
        vector[],
    );
    let digest = eip1559::signing_digest(&unsigned_transaction);
    let approval = coordinator.approve_message(&vault.dwallet_cap, HASH_KECCAK256, unsigned_transaction);
    let sign_id = coordinator.request_sign_shared(approval, presign_cap, session_preimage, payment, clock, ctx);
    let recorded = proposal.ethereum.borrow_mut();
    recorded.nonce = option::some(nonce);
    recorded.sign_id = option::some(sign_id);
    event::emit(EthereumTransferApproved { vault_id, proposal_id, sign_id, nonce, unsigned_transaction, digest });
    sign_id
}

/// Signs input `input_index` of a Bitcoin spend the rules allow: approves its BIP-143 preimage
/// (double SHA-256) with the wrapped cap and requests the network's signature. The first input
/// signed checks the rules and counts the amount; each input is signed once. Anyone may call it.
/// Returns the sign id.
public fun execute_bitcoin_input(
    vault: &mut Vault,
    coordinator: &mut Coordinator,
    proposal_id: u64,
    input_index: u64,
    presign_cap: PresignCap,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    assert!(vault.proposals.contains(proposal_id), EProposalNotFound);
    let now = clock.timestamp_ms();
    let vault_id = object::id(vault);
    let proposal = vault.proposals.borrow_mut(proposal_id);
    assert!(proposal.chain == CHAIN_BITCOIN, EWrongChain);
    let btc = *proposal.bitcoin.borrow();
    assert!(input_index < btc.inputs.length(), EInputIndexOutOfRange);
    if (proposal.status == PROPOSAL_OPEN) {
        let change_script = bip143::p2wpkh_script_pubkey(&vault.bitcoin.pubkey_hash);
        let mut i = 0;
        while (i < btc.outputs.length()) {
            let script = bip143::output_script_pubkey(&btc.outputs[i]);
            assert!(*script == change_script || vault.bitcoin_recipients.contains(script), ERecipientNotAllowed);
            i = i + 1;
        };
        authorize(
            &vault.approvers,
            vault.required_approvals,
            vault.timelock_ms,
            proposal,
            &mut vault.bitcoin.spending_limit,
            now,
        );
    } else {
        assert!(proposal.status == PROPOSAL_EXECUTED, EProposalNotOpen);
    };
    assert!(btc.sign_ids[input_index].is_none(), EInputAlreadySigned);
    let sighash_preimage = bip143::p2wpkh_sighash_preimage(
        BITCOIN_TX_VERSION,
        &btc.inputs,
        input_index,
        &vault.bitcoin.pubkey_hash,
        &btc.outputs,
        btc.lock_time,
    );
    let sighash = bip143::sighash(&sighash_preimage);
    let approval = coordinator.approve_message(&vault.dwallet_cap, HASH_DOUBLE_SHA256, sighash_preimage);
    let sign_id = coordinator.request_sign_shared(approval, presign_cap, session_preimage, payment, clock, ctx);
    let recorded = proposal.bitcoin.borrow_mut();
    *vector::borrow_mut(&mut recorded.sign_ids, input_index) = option::some(sign_id);
    event::emit(BitcoinInputApproved { vault_id, proposal_id, input_index, sign_id, sighash_preimage, sighash });
    sign_id
}

/// The rules at execution, then the accounting: an amount above the chain's `large_amount` needs
/// `required_approvals` approvals of current approvers and the timelock; every amount must fit
/// what is left of the period's limit. The proposal becomes EXECUTED.
fun authorize(
    approvers: &vector<address>,
    required_approvals: u64,
    timelock_ms: u64,
    proposal: &mut Proposal,
    limit: &mut SpendingLimit,
    now: u64,
) {
    if (proposal.amount > limit.large_amount) {
        assert!(count_approvals(approvers, &proposal.approvals) >= required_approvals, ENotEnoughApprovals);
        assert!(now >= proposal.created_at_ms + timelock_ms, ETimelockNotExpired);
    };
    roll(limit, now);
    assert!(
        limit.spent_in_period <= limit.limit_per_period && proposal.amount <= limit.limit_per_period - limit.spent_in_period,
        ESpendingLimitExceeded,
    );
    limit.spent_in_period = limit.spent_in_period + proposal.amount;
    proposal.status = PROPOSAL_EXECUTED;
}

/// Starts the period `now` falls in when the current one is over (see the module doc).
fun roll(limit: &mut SpendingLimit, now: u64) {
    if (now >= limit.period_start_ms + limit.period_ms) {
        let periods = (now - limit.period_start_ms) / limit.period_ms;
        limit.period_start_ms = limit.period_start_ms + periods * limit.period_ms;
        limit.spent_in_period = 0;
    };
}

/// Approvals given by accounts that are approvers now.
fun count_approvals(approvers: &vector<address>, approvals: &vector<address>): u64 {
    let mut count = 0;
    let mut i = 0;
    while (i < approvals.length()) {
        if (approvers.contains(&approvals[i])) count = count + 1;
        i = i + 1;
    };
    count
}

// === Read accessors ===

public fun dwallet_id(vault: &Vault): ID {
    vault.dwallet_id
}

public fun admin_cap_vault_id(cap: &VaultAdminCap): ID {
    cap.vault_id
}

public fun is_approver(vault: &Vault, account: address): bool {
    vault.approvers.contains(&account)
}

public fun required_approvals(vault: &Vault): u64 {
    vault.required_approvals
}

public fun is_recipient_allowed(vault: &Vault, chain: u8, recipient: vector<u8>): bool {
    assert_chain(chain);
    if (chain == CHAIN_ETHEREUM) vault.ethereum_recipients.contains(&recipient)
    else vault.bitcoin_recipients.contains(&recipient)
}

public fun ethereum_nonce(vault: &Vault): u64 {
    vault.ethereum.nonce
}

/// What may still be spent on `chain` in the period `clock`'s time falls in.
public fun remaining_in_period(vault: &Vault, chain: u8, clock: &Clock): u256 {
    assert_chain(chain);
    let mut limit = if (chain == CHAIN_ETHEREUM) vault.ethereum.spending_limit else vault.bitcoin.spending_limit;
    roll(&mut limit, clock.timestamp_ms());
    if (limit.spent_in_period >= limit.limit_per_period) 0 else limit.limit_per_period - limit.spent_in_period
}

/// 0 open, 1 executed, 2 cancelled; aborts when no proposal has this id.
public fun proposal_status(vault: &Vault, proposal_id: u64): u8 {
    assert!(vault.proposals.contains(proposal_id), EProposalNotFound);
    vault.proposals.borrow(proposal_id).status
}

/// The approvals of a proposal that count now (given by current approvers).
public fun proposal_approvals(vault: &Vault, proposal_id: u64): u64 {
    assert!(vault.proposals.contains(proposal_id), EProposalNotFound);
    count_approvals(&vault.approvers, &vault.proposals.borrow(proposal_id).approvals)
}

// === Test support ===

/// (proposal_id, nonce, sign_id, unsigned_transaction, digest) of an `EthereumTransferApproved`.
#[test_only]
public fun ethereum_transfer_approved_fields(event: &EthereumTransferApproved): (u64, u64, ID, vector<u8>, vector<u8>) {
    (event.proposal_id, event.nonce, event.sign_id, event.unsigned_transaction, event.digest)
}

/// (proposal_id, input_index, sign_id, sighash_preimage, sighash) of a `BitcoinInputApproved`.
#[test_only]
public fun bitcoin_input_approved_fields(event: &BitcoinInputApproved): (u64, u64, ID, vector<u8>, vector<u8>) {
    (event.proposal_id, event.input_index, event.sign_id, event.sighash_preimage, event.sighash)
}

#[test_only]
public fun spent_in_period(vault: &Vault, chain: u8): u256 {
    if (chain == CHAIN_ETHEREUM) vault.ethereum.spending_limit.spent_in_period else vault.bitcoin.spending_limit.spent_in_period
}

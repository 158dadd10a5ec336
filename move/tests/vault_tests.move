/// The policy vault: creation around a shared dWallet, administration with the vault's cap, and
/// every rule of proposals and their execution, each refused with its abort; an executed
/// Ethereum transfer and the inputs of a Bitcoin spend carry the bytes viem and @scure/btc-signer
/// produce for the same fields. Results are applied without certificates
/// (`apply_result_batch_for_testing`; certificates are tested in `coordinator_tests`).
///
/// The `ETH_*` and `BTC_*` vectors were generated with viem (`serializeTransaction`, `keccak256`)
/// and @scure/btc-signer (`preimageWitnessV0`); `test/move/vault-vectors.test.ts` recomputes every
/// one of them from the inputs written here, so they cannot drift.
#[test_only]
module dwallet::vault_tests;

use dwallet::coordinator::{Self, AdminCap, Coordinator, DWalletCap, PresignCap};
use dwallet::session_identifier;
use dwallet::test_fixtures as fx;
use dwallet::vault::{Self, BitcoinInputApproved, EthereumTransferApproved, Vault, VaultAdminCap};
use sui::clock::{Self, Clock};
use sui::coin::{Self, Coin};
use sui::event;
use sui::sui::SUI;
use sui::test_scenario::{Self as ts, Scenario};
use sui::test_utils::destroy;

const ADMIN: address = @0xad;
const OWNER: address = @0xb0b;
const ALICE: address = @0xa1;
const BOB: address = @0xb2;
const CAROL: address = @0xc3;
const STRANGER: address = @0x5;

const SECP256K1: u32 = 0;
const ECDSA: u32 = 0;
const RESULT_DWALLET_DKG: u8 = 0;
const RESULT_PRESIGN: u8 = 2;

const CHAIN_ETHEREUM: u8 = 0;
const CHAIN_BITCOIN: u8 = 1;
const PROPOSAL_EXECUTED: u8 = 1;
const PROPOSAL_CANCELLED: u8 = 2;

const DAY_MS: u64 = 86_400_000;
const HOUR_MS: u64 = 3_600_000;
const ETHER: u256 = 1_000_000_000_000_000_000;

// === Vectors (viem / @scure/btc-signer; recomputed by test/move/vault-vectors.test.ts) ===

const ETH_CHAIN_ID: u64 = 1;
const ETH_NONCE: u64 = 7;
const ETH_MAX_PRIORITY_FEE_PER_GAS: u256 = 2_000_000_000;
const ETH_MAX_FEE_PER_GAS: u256 = 100_000_000_000;
const ETH_GAS_LIMIT: u64 = 21000;
const ETH_TO: vector<u8> = x"d8da6bf26964af9d7eed9e03e53415d37aa96045";
const ETH_VALUE: u256 = 1_000_000_000_000_000_000;
const ETH_UNSIGNED: vector<u8> =
    x"02f00107847735940085174876e80082520894d8da6bf26964af9d7eed9e03e53415d37aa96045880de0b6b3a764000080c0";
const ETH_DIGEST: vector<u8> = x"1b9d7020ed280cc807ce84b3bf5106321a6b7fa88454662b9c6a7dd7c03b348f";

const BTC_PUBKEY_HASH: vector<u8> = x"112233445566778899aabbccddeeff1122334455";
const BTC_TXID_0: vector<u8> = x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const BTC_VOUT_0: u32 = 0;
const BTC_VALUE_0: u64 = 100000;
const BTC_TXID_1: vector<u8> = x"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
const BTC_VOUT_1: u32 = 5;
const BTC_VALUE_1: u64 = 50000;
/// A P2WSH script (allowlisted) and the vault's own P2WPKH script (change).
const BTC_PAYEE: vector<u8> = x"00203333333333333333333333333333333333333333333333333333333333333333";
const BTC_PAYMENT: u64 = 120000;
const BTC_CHANGE_SCRIPT: vector<u8> = x"0014112233445566778899aabbccddeeff1122334455";
const BTC_CHANGE: u64 = 25000;
const BTC_LOCK_TIME: u32 = 850000;
const BTC_PREIMAGE_0: vector<u8> =
    x"02000000a21b5ade1f7b8cec12424a1d1731502b1b8fcf4deb4140cc15990d3de3bb2a30957879fdce4d8ab885e32ff307d54e75884da52522cc53d3c4fdb60edb69a098000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f000000001976a914112233445566778899aabbccddeeff112233445588aca086010000000000fdffffff2285f7263ba4cc9e65aecd1e6fb16542f056f684d20df83053861ca0d418746850f80c0001000000";
const BTC_SIGHASH_0: vector<u8> = x"0af6d658e92d952c65570ba0f53f2ce579ce857549faac94ae7850a84581cfdc";
const BTC_PREIMAGE_1: vector<u8> =
    x"02000000a21b5ade1f7b8cec12424a1d1731502b1b8fcf4deb4140cc15990d3de3bb2a30957879fdce4d8ab885e32ff307d54e75884da52522cc53d3c4fdb60edb69a098a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf050000001976a914112233445566778899aabbccddeeff112233445588ac50c3000000000000fdffffff2285f7263ba4cc9e65aecd1e6fb16542f056f684d20df83053861ca0d418746850f80c0001000000";
const BTC_SIGHASH_1: vector<u8> = x"a4e0f5a1ae689c73430474fd85c2ccfdefe140ad0547ce8704a74ab5f2958d91";

// === Helpers ===

/// `length` bytes, all `n`.
fun bytes(n: u8, length: u64): vector<u8> {
    let mut out = vector[];
    while (out.length() < length) out.push_back(n);
    out
}

fun preimage(n: u8): vector<u8> {
    bytes(n, 32)
}

/// A coordinator with the fixture committee (epoch 1, threshold 3) and one network key for secp256k1.
fun setup(): (Scenario, ID, Clock) {
    let mut scenario = ts::begin(ADMIN);
    coordinator::init_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = scenario.take_from_sender<AdminCap>();
    let mut builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    builder.add_committee_members(
        fx::public_keys(),
        fx::proofs_of_possession(),
        fx::weights(),
        fx::validator_addresses(),
        fx::network_addresses(),
        fx::share_encryption_keys(),
    );
    coord.set_committee(&cap, fx::epoch(), builder, 3);
    let key_id = coord.register_network_key(&cap, vector[SECP256K1], preimage(9), x"0a0b", scenario.ctx());
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    let mut clock = clock::create_for_testing(scenario.ctx());
    clock.set_for_testing(1_700_000_000_000);
    (scenario, key_id, clock)
}

fun pay(scenario: &mut Scenario, amount: u64): Coin<SUI> {
    coin::mint_for_testing<SUI>(amount, scenario.ctx())
}

/// The encoding of a batch of one successful result (the TypeScript schema `ResultBatch`).
fun one_result(sequence: u64, kind: u8, session_id: vector<u8>, payload: vector<u8>): vector<u8> {
    let mut out = std::bcs::to_bytes(&sequence);
    out.push_back(1);
    out.push_back(kind);
    out.append(std::bcs::to_bytes(&session_id));
    out.append(std::bcs::to_bytes(&payload));
    out
}

fun complete(coord: &mut Coordinator, kind: u8, session_id: vector<u8>, payload: vector<u8>, scenario: &mut Scenario) {
    let batch = one_result(coord.next_result_sequence(), kind, session_id, payload);
    destroy(coord.apply_result_batch_for_testing(batch, scenario.ctx()));
}

/// A dWallet of `sender` (the scenario's sender) the network activated, shared or zero-trust.
fun active_dwallet(coord: &mut Coordinator, key_id: ID, sender: address, n: u8, shared: bool, clock: &Clock, scenario: &mut Scenario): DWalletCap {
    let payment = pay(scenario, 0);
    let cap = if (shared) {
        coord.request_shared_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"11", bytes(0x21, 32), payment, clock, scenario.ctx())
    } else {
        coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"11", payment, clock, scenario.ctx())
    };
    complete(coord, RESULT_DWALLET_DKG, session_identifier::derive(sender, &preimage(n)), x"d1", scenario);
    cap
}

/// A completed presign of the pool, requested and claimed by `sender` (the scenario's sender).
fun claimed_presign(coord: &mut Coordinator, key_id: ID, sender: address, n: u8, clock: &Clock, scenario: &mut Scenario): PresignCap {
    let payment = pay(scenario, 0);
    coord.request_presign(key_id, SECP256K1, ECDSA, preimage(n), payment, clock, scenario.ctx());
    complete(coord, RESULT_PRESIGN, session_identifier::derive(sender, &preimage(n)), x"b0", scenario);
    let claim_payment = pay(scenario, 0);
    coord.claim_presign(key_id, SECP256K1, ECDSA, claim_payment, scenario.ctx())
}

/// A vault of OWNER around a shared dWallet, approvers ALICE, BOB, CAROL (k = 2), no timelock,
/// Ethereum chain 1, `ETH_TO` and `BTC_PAYEE` allowed; limits 10 ETH / 1,000,000 sat a day, large
/// above 5 ETH / 500,000 sat. The scenario is left in a new transaction of OWNER.
fun vault_setup(): (Scenario, ID, Clock, VaultAdminCap) {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let dwallet_cap = active_dwallet(&mut coord, key_id, OWNER, 1, true, &clock, &mut scenario);
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE, BOB, CAROL], 2, ETH_CHAIN_ID, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.next_tx(OWNER);
    let mut vault = scenario.take_shared<Vault>();
    vault.allow_recipient(&cap, CHAIN_ETHEREUM, ETH_TO);
    vault.allow_recipient(&cap, CHAIN_BITCOIN, BTC_PAYEE);
    vault.set_spending_limit(&cap, CHAIN_ETHEREUM, DAY_MS, 10 * ETHER, 5 * ETHER, &clock);
    vault.set_spending_limit(&cap, CHAIN_BITCOIN, DAY_MS, 1_000_000, 500_000, &clock);
    ts::return_shared(vault);
    scenario.next_tx(OWNER);
    (scenario, key_id, clock, cap)
}

/// ALICE proposes a transfer of `value` wei to `ETH_TO` with the vector's fees.
fun propose_eth(scenario: &mut Scenario, value: u256, clock: &Clock): u64 {
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    let id = vault.propose_ethereum_transfer(ETH_TO, value, ETH_MAX_PRIORITY_FEE_PER_GAS, ETH_MAX_FEE_PER_GAS, ETH_GAS_LIMIT, clock, scenario.ctx());
    ts::return_shared(vault);
    id
}

fun approve_as(scenario: &mut Scenario, approver: address, id: u64) {
    scenario.next_tx(approver);
    let mut vault = scenario.take_shared<Vault>();
    vault.approve(id, scenario.ctx());
    ts::return_shared(vault);
}

/// BOB executes Ethereum proposal `id` with a fresh presign (session preimages [n; 32], [n + 1; 32]).
fun execute_eth(scenario: &mut Scenario, key_id: ID, id: u64, n: u8, clock: &Clock): ID {
    scenario.next_tx(BOB);
    let mut vault = scenario.take_shared<Vault>();
    let mut coord = scenario.take_shared<Coordinator>();
    let presign_cap = claimed_presign(&mut coord, key_id, BOB, n, clock, scenario);
    let payment = pay(scenario, 0);
    let sign_id = vault.execute_ethereum_transfer(&mut coord, id, presign_cap, preimage(n + 1), payment, clock, scenario.ctx());
    ts::return_shared(coord);
    ts::return_shared(vault);
    sign_id
}

/// ALICE proposes the vector's Bitcoin spend (two inputs, payment and change).
fun propose_btc(scenario: &mut Scenario, clock: &Clock): u64 {
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    let id = vault.propose_bitcoin_spend(
        vector[BTC_TXID_0, BTC_TXID_1],
        vector[BTC_VOUT_0, BTC_VOUT_1],
        vector[BTC_VALUE_0, BTC_VALUE_1],
        vector[BTC_PAYMENT, BTC_CHANGE],
        vector[BTC_PAYEE, BTC_CHANGE_SCRIPT],
        BTC_LOCK_TIME,
        clock,
        scenario.ctx(),
    );
    ts::return_shared(vault);
    id
}

fun execute_btc(scenario: &mut Scenario, key_id: ID, id: u64, input_index: u64, n: u8, clock: &Clock): ID {
    scenario.next_tx(BOB);
    let mut vault = scenario.take_shared<Vault>();
    let mut coord = scenario.take_shared<Coordinator>();
    let presign_cap = claimed_presign(&mut coord, key_id, BOB, n, clock, scenario);
    let payment = pay(scenario, 0);
    let sign_id = vault.execute_bitcoin_input(&mut coord, id, input_index, presign_cap, preimage(n + 1), payment, clock, scenario.ctx());
    ts::return_shared(coord);
    ts::return_shared(vault);
    sign_id
}

fun finish(scenario: Scenario, clock: Clock, cap: VaultAdminCap) {
    destroy(cap);
    destroy(clock);
    scenario.end();
}

// === Creation ===

#[test]
fun create_wraps_the_cap_and_records_the_rules() {
    let (mut scenario, _key_id, clock, cap) = vault_setup();
    let vault = scenario.take_shared<Vault>();
    assert!(vault::admin_cap_vault_id(&cap) == object::id(&vault));
    assert!(vault.is_approver(ALICE) && vault.is_approver(BOB) && vault.is_approver(CAROL));
    assert!(!vault.is_approver(OWNER));
    assert!(vault.required_approvals() == 2);
    assert!(vault.is_recipient_allowed(CHAIN_ETHEREUM, ETH_TO));
    assert!(!vault.is_recipient_allowed(CHAIN_BITCOIN, ETH_TO));
    assert!(vault.is_recipient_allowed(CHAIN_BITCOIN, BTC_PAYEE));
    assert!(vault.ethereum_nonce() == 0);
    assert!(vault.remaining_in_period(CHAIN_ETHEREUM, &clock) == 10 * ETHER);
    let coord = scenario.take_shared<Coordinator>();
    assert!(coord.is_dwallet_shared(vault.dwallet_id()));
    ts::return_shared(coord);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test, expected_failure(abort_code = dwallet::vault::EDWalletNotShared)]
fun create_refuses_a_zero_trust_dwallet() {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let dwallet_cap = active_dwallet(&mut coord, key_id, OWNER, 1, false, &clock, &mut scenario);
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE], 1, 1, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    destroy(cap);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EDWalletNotActive)]
fun create_refuses_a_dwallet_the_network_has_not_activated() {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let dwallet_cap = coord.request_shared_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(1), x"11", bytes(0x21, 32), payment, &clock, scenario.ctx());
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE], 1, 1, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    destroy(cap);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidRequiredApprovals)]
fun create_refuses_more_required_approvals_than_approvers() {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let dwallet_cap = active_dwallet(&mut coord, key_id, OWNER, 1, true, &clock, &mut scenario);
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE, BOB], 3, 1, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    destroy(cap);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EAlreadyApprover)]
fun create_refuses_a_repeated_approver() {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let dwallet_cap = active_dwallet(&mut coord, key_id, OWNER, 1, true, &clock, &mut scenario);
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE, BOB, ALICE], 1, 1, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    destroy(cap);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidPubkeyHash)]
fun create_refuses_a_pubkey_hash_that_is_not_20_bytes() {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let dwallet_cap = active_dwallet(&mut coord, key_id, OWNER, 1, true, &clock, &mut scenario);
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE], 1, 1, bytes(1, 32), 0, &clock, scenario.ctx());
    destroy(cap);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidChainId)]
fun create_refuses_chain_id_zero() {
    let (mut scenario, key_id, clock) = setup();
    scenario.next_tx(OWNER);
    let mut coord = scenario.take_shared<Coordinator>();
    let dwallet_cap = active_dwallet(&mut coord, key_id, OWNER, 1, true, &clock, &mut scenario);
    let cap = vault::create(&coord, dwallet_cap, vector[ALICE], 1, 0, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    destroy(cap);
    abort 0
}

// === Administration ===

#[test, expected_failure(abort_code = dwallet::vault::EWrongVaultCap)]
fun admin_refuses_the_cap_of_another_vault() {
    let (mut scenario, key_id, clock, cap) = vault_setup();
    let mut coord = scenario.take_shared<Coordinator>();
    let other_dwallet = active_dwallet(&mut coord, key_id, OWNER, 2, true, &clock, &mut scenario);
    let other_cap = vault::create(&coord, other_dwallet, vector[ALICE], 1, 1, BTC_PUBKEY_HASH, 0, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.next_tx(OWNER);
    let mut vault = scenario.take_shared_by_id<Vault>(vault::admin_cap_vault_id(&cap));
    vault.set_timelock(&other_cap, 1);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidRequiredApprovals)]
fun removing_an_approver_keeps_k_of_m_possible() {
    let (mut scenario, _key_id, _clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.set_required_approvals(&cap, 3);
    vault.remove_approver(&cap, CAROL);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidRecipient)]
fun an_ethereum_recipient_is_20_bytes() {
    let (mut scenario, _key_id, _clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.allow_recipient(&cap, CHAIN_ETHEREUM, bytes(1, 32));
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidChain)]
fun a_third_chain_is_refused() {
    let (mut scenario, _key_id, _clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.allow_recipient(&cap, 2, ETH_TO);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInvalidPeriod)]
fun a_period_of_zero_is_refused() {
    let (mut scenario, _key_id, clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.set_spending_limit(&cap, CHAIN_BITCOIN, 0, 1, 1, &clock);
    abort 0
}

// === Proposals ===

#[test, expected_failure(abort_code = dwallet::vault::ENotApprover)]
fun only_approvers_propose() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    scenario.next_tx(STRANGER);
    let mut vault = scenario.take_shared<Vault>();
    vault.propose_ethereum_transfer(ETH_TO, 1, 0, 0, ETH_GAS_LIMIT, &clock, scenario.ctx());
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::ERecipientNotAllowed)]
fun only_allowlisted_recipients_are_paid() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    vault.propose_ethereum_transfer(bytes(0xee, 20), 1, 0, 0, ETH_GAS_LIMIT, &clock, scenario.ctx());
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EAlreadyApproved)]
fun an_approver_approves_once() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    let id = propose_eth(&mut scenario, 1, &clock);
    approve_as(&mut scenario, BOB, id);
    approve_as(&mut scenario, BOB, id);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::ENotProposer)]
fun only_the_proposer_cancels() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    let id = propose_eth(&mut scenario, 1, &clock);
    scenario.next_tx(BOB);
    let mut vault = scenario.take_shared<Vault>();
    vault.cancel(id, scenario.ctx());
    abort 0
}

#[test]
fun a_cancelled_proposal_is_closed() {
    let (mut scenario, _key_id, clock, cap) = vault_setup();
    let id = propose_eth(&mut scenario, 1, &clock);
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    vault.cancel(id, scenario.ctx());
    assert!(vault.proposal_status(id) == PROPOSAL_CANCELLED);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test, expected_failure(abort_code = dwallet::vault::EOutputsExceedInputs)]
fun a_bitcoin_spend_pays_at_most_its_inputs() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    vault.propose_bitcoin_spend(
        vector[BTC_TXID_0],
        vector[BTC_VOUT_0],
        vector[BTC_VALUE_0],
        vector[BTC_VALUE_0, 1],
        vector[BTC_PAYEE, BTC_CHANGE_SCRIPT],
        0,
        &clock,
        scenario.ctx(),
    );
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::ERecipientNotAllowed)]
fun a_bitcoin_spend_pays_allowlisted_scripts_or_change() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    vault.propose_bitcoin_spend(
        vector[BTC_TXID_0],
        vector[BTC_VOUT_0],
        vector[BTC_VALUE_0],
        vector[1000],
        vector[x"0014aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
        0,
        &clock,
        scenario.ctx(),
    );
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EDuplicateInput)]
fun a_bitcoin_spend_spends_an_output_once() {
    let (mut scenario, _key_id, clock, _cap) = vault_setup();
    scenario.next_tx(ALICE);
    let mut vault = scenario.take_shared<Vault>();
    vault.propose_bitcoin_spend(
        vector[BTC_TXID_0, BTC_TXID_0],
        vector[BTC_VOUT_0, BTC_VOUT_0],
        vector[BTC_VALUE_0, BTC_VALUE_0],
        vector[1000],
        vector[BTC_PAYEE],
        0,
        &clock,
        scenario.ctx(),
    );
    abort 0
}

// === Ethereum execution ===

#[test]
fun an_ethereum_transfer_is_built_in_move_and_signed_by_the_network() {
    let (mut scenario, key_id, clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.set_ethereum_nonce(&cap, ETH_NONCE);
    ts::return_shared(vault);
    let id = propose_eth(&mut scenario, ETH_VALUE, &clock);
    let sign_id = execute_eth(&mut scenario, key_id, id, 10, &clock);
    let approved = event::events_by_type<EthereumTransferApproved>();
    assert!(approved.length() == 1);
    let (proposal_id, nonce, event_sign_id, unsigned_transaction, digest) = vault::ethereum_transfer_approved_fields(&approved[0]);
    assert!(proposal_id == id);
    assert!(nonce == ETH_NONCE);
    assert!(event_sign_id == sign_id);
    assert!(unsigned_transaction == ETH_UNSIGNED);
    assert!(digest == ETH_DIGEST);
    scenario.next_tx(BOB);
    let vault = scenario.take_shared<Vault>();
    let coord = scenario.take_shared<Coordinator>();
    assert!(vault.ethereum_nonce() == ETH_NONCE + 1);
    assert!(vault.proposal_status(id) == PROPOSAL_EXECUTED);
    // What it may cost: value + max fee × gas limit.
    let amount = ETH_VALUE + ETH_MAX_FEE_PER_GAS * (ETH_GAS_LIMIT as u256);
    assert!(vault::spent_in_period(&vault, CHAIN_ETHEREUM) == amount);
    assert!(vault.remaining_in_period(CHAIN_ETHEREUM, &clock) == 10 * ETHER - amount);
    assert!(coord.sign_signature(sign_id).is_none());
    ts::return_shared(coord);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test]
fun the_nonce_moves_on_chain_across_transfers() {
    let (mut scenario, key_id, clock, cap) = vault_setup();
    let first = propose_eth(&mut scenario, 1, &clock);
    let second = propose_eth(&mut scenario, 2, &clock);
    execute_eth(&mut scenario, key_id, first, 10, &clock);
    execute_eth(&mut scenario, key_id, second, 20, &clock);
    let approved = event::events_by_type<EthereumTransferApproved>();
    let (_, nonce, _, _, _) = vault::ethereum_transfer_approved_fields(&approved[0]);
    assert!(nonce == 1);
    scenario.next_tx(BOB);
    let vault = scenario.take_shared<Vault>();
    assert!(vault.ethereum_nonce() == 2);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test, expected_failure(abort_code = dwallet::vault::EProposalNotOpen)]
fun a_transfer_executes_once() {
    let (mut scenario, key_id, clock, _cap) = vault_setup();
    let id = propose_eth(&mut scenario, 1, &clock);
    execute_eth(&mut scenario, key_id, id, 10, &clock);
    execute_eth(&mut scenario, key_id, id, 20, &clock);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::ESpendingLimitExceeded)]
fun the_period_limit_holds_within_a_period() {
    let (mut scenario, key_id, mut clock, _cap) = vault_setup();
    let first = propose_eth(&mut scenario, 5 * ETHER - ETH_MAX_FEE_PER_GAS * 21000, &clock);
    let second = propose_eth(&mut scenario, 5 * ETHER - ETH_MAX_FEE_PER_GAS * 21000, &clock);
    let third = propose_eth(&mut scenario, 1, &clock);
    execute_eth(&mut scenario, key_id, first, 10, &clock);
    execute_eth(&mut scenario, key_id, second, 20, &clock);
    clock.increment_for_testing(DAY_MS - 1);
    execute_eth(&mut scenario, key_id, third, 30, &clock);
    abort 0
}

#[test]
fun the_period_rolls() {
    let (mut scenario, key_id, mut clock, cap) = vault_setup();
    let first = propose_eth(&mut scenario, 5 * ETHER - ETH_MAX_FEE_PER_GAS * 21000, &clock);
    let second = propose_eth(&mut scenario, 5 * ETHER - ETH_MAX_FEE_PER_GAS * 21000, &clock);
    let third = propose_eth(&mut scenario, 1, &clock);
    execute_eth(&mut scenario, key_id, first, 10, &clock);
    execute_eth(&mut scenario, key_id, second, 20, &clock);
    clock.increment_for_testing(DAY_MS);
    execute_eth(&mut scenario, key_id, third, 30, &clock);
    scenario.next_tx(BOB);
    let vault = scenario.take_shared<Vault>();
    assert!(vault::spent_in_period(&vault, CHAIN_ETHEREUM) == 1 + ETH_MAX_FEE_PER_GAS * 21000);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test, expected_failure(abort_code = dwallet::vault::ENotEnoughApprovals)]
fun a_large_transfer_needs_k_approvals() {
    let (mut scenario, key_id, clock, _cap) = vault_setup();
    let id = propose_eth(&mut scenario, 5 * ETHER, &clock);
    approve_as(&mut scenario, ALICE, id);
    execute_eth(&mut scenario, key_id, id, 10, &clock);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::ETimelockNotExpired)]
fun a_large_transfer_waits_for_the_timelock() {
    let (mut scenario, key_id, mut clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.set_timelock(&cap, HOUR_MS);
    ts::return_shared(vault);
    let id = propose_eth(&mut scenario, 5 * ETHER, &clock);
    approve_as(&mut scenario, ALICE, id);
    approve_as(&mut scenario, BOB, id);
    clock.increment_for_testing(HOUR_MS - 1);
    execute_eth(&mut scenario, key_id, id, 10, &clock);
    abort 0
}

#[test]
fun a_large_transfer_executes_with_k_approvals_after_the_timelock() {
    let (mut scenario, key_id, mut clock, cap) = vault_setup();
    let mut vault = scenario.take_shared<Vault>();
    vault.set_timelock(&cap, HOUR_MS);
    ts::return_shared(vault);
    let id = propose_eth(&mut scenario, 5 * ETHER, &clock);
    approve_as(&mut scenario, ALICE, id);
    approve_as(&mut scenario, BOB, id);
    clock.increment_for_testing(HOUR_MS);
    execute_eth(&mut scenario, key_id, id, 10, &clock);
    scenario.next_tx(BOB);
    let vault = scenario.take_shared<Vault>();
    assert!(vault.proposal_status(id) == PROPOSAL_EXECUTED);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test, expected_failure(abort_code = dwallet::vault::ENotEnoughApprovals)]
fun a_removed_approver_approval_stops_counting() {
    let (mut scenario, key_id, clock, cap) = vault_setup();
    let id = propose_eth(&mut scenario, 5 * ETHER, &clock);
    approve_as(&mut scenario, ALICE, id);
    approve_as(&mut scenario, BOB, id);
    scenario.next_tx(OWNER);
    let mut vault = scenario.take_shared<Vault>();
    vault.remove_approver(&cap, BOB);
    ts::return_shared(vault);
    execute_eth(&mut scenario, key_id, id, 10, &clock);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EWrongChain)]
fun a_bitcoin_proposal_is_not_an_ethereum_transfer() {
    let (mut scenario, key_id, clock, _cap) = vault_setup();
    let id = propose_btc(&mut scenario, &clock);
    execute_eth(&mut scenario, key_id, id, 10, &clock);
    abort 0
}

// === Bitcoin execution ===

#[test]
fun each_bitcoin_input_is_signed_over_its_bip143_preimage() {
    let (mut scenario, key_id, clock, cap) = vault_setup();
    let id = propose_btc(&mut scenario, &clock);
    let sign_1 = execute_btc(&mut scenario, key_id, id, 1, 10, &clock);
    let approved = event::events_by_type<BitcoinInputApproved>();
    let (_, input_index, sign_id, preimage_1, sighash_1) = vault::bitcoin_input_approved_fields(&approved[0]);
    assert!(input_index == 1 && sign_id == sign_1);
    assert!(preimage_1 == BTC_PREIMAGE_1);
    assert!(sighash_1 == BTC_SIGHASH_1);
    let sign_0 = execute_btc(&mut scenario, key_id, id, 0, 20, &clock);
    let approved = event::events_by_type<BitcoinInputApproved>();
    let (_, input_index, sign_id, preimage_0, sighash_0) = vault::bitcoin_input_approved_fields(&approved[0]);
    assert!(input_index == 0 && sign_id == sign_0);
    assert!(preimage_0 == BTC_PREIMAGE_0);
    assert!(sighash_0 == BTC_SIGHASH_0);
    scenario.next_tx(BOB);
    let vault = scenario.take_shared<Vault>();
    // Counted once: inputs − change.
    assert!(vault::spent_in_period(&vault, CHAIN_BITCOIN) == ((BTC_VALUE_0 + BTC_VALUE_1 - BTC_CHANGE) as u256));
    assert!(vault.proposal_status(id) == PROPOSAL_EXECUTED);
    ts::return_shared(vault);
    finish(scenario, clock, cap);
}

#[test, expected_failure(abort_code = dwallet::vault::EInputAlreadySigned)]
fun a_bitcoin_input_is_signed_once() {
    let (mut scenario, key_id, clock, _cap) = vault_setup();
    let id = propose_btc(&mut scenario, &clock);
    execute_btc(&mut scenario, key_id, id, 0, 10, &clock);
    execute_btc(&mut scenario, key_id, id, 0, 20, &clock);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EInputIndexOutOfRange)]
fun a_bitcoin_input_index_is_in_range() {
    let (mut scenario, key_id, clock, _cap) = vault_setup();
    let id = propose_btc(&mut scenario, &clock);
    execute_btc(&mut scenario, key_id, id, 2, 10, &clock);
    abort 0
}

#[test, expected_failure(abort_code = dwallet::vault::EWrongChain)]
fun an_ethereum_proposal_has_no_bitcoin_inputs() {
    let (mut scenario, key_id, clock, _cap) = vault_setup();
    let id = propose_eth(&mut scenario, 1, &clock);
    execute_btc(&mut scenario, key_id, id, 0, 10, &clock);
    abort 0
}

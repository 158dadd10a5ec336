/// The user's share: encryption keys registered per (address, curve) and activated by a certified
/// verdict, replaced in place once rejected; backups and transfers of x_A verified by the network;
/// a transfer's cap escrowed until the recipient accepts or the sender withdraws it, and returned
/// on rejection or cancellation; the fee slots 7–9; and the aborts these paths add (63–72).
/// Results are applied without certificates (`apply_result_batch_for_testing`; certificates are
/// tested in `coordinator_tests`). Keys and encrypted shares are opaque bytes to the chain.
#[test_only]
module dwallet::user_share_tests;

use dwallet::coordinator::{Self, AdminCap, Coordinator, DWalletCap};
use dwallet::session_identifier;
use dwallet::test_fixtures as fx;
use sui::clock::{Self, Clock};
use sui::coin::{Self, Coin};
use sui::sui::SUI;
use sui::test_scenario::{Self as ts, Scenario};
use sui::test_utils::destroy;

const ADMIN: address = @0xad;
const OTHER: address = @0xb0b;
const RECIPIENT: address = @0xc0c;

const SECP256K1: u32 = 0;
const P256: u32 = 1;
const ED25519: u32 = 2;
const ECDSA: u32 = 0;
const EDDSA: u32 = 2;

const REQUEST_REGISTER_ENCRYPTION_KEY: u8 = 9;
const REQUEST_SHARE_BACKUP: u8 = 10;
const REQUEST_SHARE_TRANSFER: u8 = 11;

const RESULT_DWALLET_DKG: u8 = 0;
const RESULT_REJECTED: u8 = 5;
const RESULT_ENCRYPTION_KEY_VERIFIED: u8 = 9;
const RESULT_SHARE_BACKUP_VERIFIED: u8 = 10;
const RESULT_SHARE_TRANSFER_VERIFIED: u8 = 11;

const ENCRYPTION_KEY_AWAITING_NETWORK: u8 = 0;
const ENCRYPTION_KEY_ACTIVE: u8 = 1;
const ENCRYPTION_KEY_REJECTED: u8 = 2;
const NO_ENCRYPTION_KEY: u8 = 255;

const ENCRYPTED_SHARE_AWAITING_NETWORK: u8 = 0;
const ENCRYPTED_SHARE_VERIFIED: u8 = 1;
const ENCRYPTED_SHARE_REJECTED: u8 = 2;
const ENCRYPTED_SHARE_ACCEPTED: u8 = 3;
const ENCRYPTED_SHARE_WITHDRAWN: u8 = 4;

const SESSION_COMPLETED: u8 = 1;
const SESSION_CANCELLED: u8 = 3;
const ONE_HOUR_MS: u64 = 3_600_000;

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

/// Stand-ins for a CL public key, its proof and an encrypted share (the chain checks lengths only).
fun key(n: u8): vector<u8> {
    bytes(n, 300)
}

fun proof(n: u8): vector<u8> {
    bytes(n, 500)
}

fun encrypted(n: u8): vector<u8> {
    bytes(n, 2000)
}

/// A coordinator with the fixture committee (epoch 1, threshold 3) and one network key for both ECDSA curves.
fun setup(): (Scenario, ID) {
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
    let key_id = coord.register_network_key(&cap, vector[SECP256K1, P256], preimage(9), x"0a0b", scenario.ctx());
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    (scenario, key_id)
}

fun set_fee(scenario: &mut Scenario, request_kind: u8, algorithm: u32, amount: u64) {
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, request_kind, algorithm, amount);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
}

fun pay(scenario: &mut Scenario, amount: u64): Coin<SUI> {
    coin::mint_for_testing<SUI>(amount, scenario.ctx())
}

/// A verdict carries its session id alone.
fun is_verdict(kind: u8): bool {
    kind == RESULT_ENCRYPTION_KEY_VERIFIED || kind == RESULT_SHARE_BACKUP_VERIFIED || kind == RESULT_SHARE_TRANSFER_VERIFIED
}

/// The encoding of a batch of one result (the TypeScript schema `ResultBatch`).
fun one_result(sequence: u64, kind: u8, session_id: vector<u8>, payload: vector<u8>): vector<u8> {
    let mut out = std::bcs::to_bytes(&sequence);
    out.push_back(1);
    out.push_back(kind);
    out.append(std::bcs::to_bytes(&session_id));
    if (kind == RESULT_REJECTED) {
        out.append(std::bcs::to_bytes(&15u32));
        out.append(std::bcs::to_bytes(&payload));
        out.append(std::bcs::to_bytes(&vector<u32>[]));
    } else if (!is_verdict(kind)) {
        out.append(std::bcs::to_bytes(&payload));
    };
    out
}

/// Applies one result; returns the fees it paid.
fun complete(coord: &mut Coordinator, kind: u8, session_id: vector<u8>, payload: vector<u8>, scenario: &mut Scenario): u64 {
    let batch = one_result(coord.next_result_sequence(), kind, session_id, payload);
    let payout = coord.apply_result_batch_for_testing(batch, scenario.ctx());
    let value = payout.value();
    destroy(payout);
    value
}

/// The sender registers `key(n)` for `curve` with the session preimage [n; 32]; returns the key's id.
fun register(coord: &mut Coordinator, curve: u32, n: u8, clock: &Clock, scenario: &mut Scenario): ID {
    let payment = pay(scenario, 0);
    coord.request_register_encryption_key(curve, key(n), proof(n), preimage(n), payment, clock, scenario.ctx())
}

/// `owner` (the sender) registers a key for `curve` and the network verifies it.
fun active_key(coord: &mut Coordinator, owner: address, curve: u32, n: u8, clock: &Clock, scenario: &mut Scenario): ID {
    let key_id = register(coord, curve, n, clock, scenario);
    complete(coord, RESULT_ENCRYPTION_KEY_VERIFIED, session_identifier::derive(owner, &preimage(n)), vector[], scenario);
    key_id
}

/// A secp256k1 ECDSA dWallet of `owner` (the sender) the network activated; its session preimage is [n; 32].
fun active_dwallet(coord: &mut Coordinator, key_id: ID, owner: address, n: u8, clock: &Clock, scenario: &mut Scenario): DWalletCap {
    let payment = pay(scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"11", payment, clock, scenario.ctx());
    complete(coord, RESULT_DWALLET_DKG, session_identifier::derive(owner, &preimage(n)), x"d0", scenario);
    cap
}

/// RECIPIENT registers an ACTIVE secp256k1 key (preimage [40; 32]); the scenario ends in a transaction of OTHER.
fun recipient_with_a_key(scenario: &mut Scenario, clock: &Clock) {
    scenario.next_tx(RECIPIENT);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, RECIPIENT, SECP256K1, 40, clock, scenario);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
}

/// OTHER transfers a fresh dWallet (preimage [3; 32]) to RECIPIENT (transfer preimage [5; 32]);
/// returns the encrypted share's id and the dWallet's id.
fun transfer_to_recipient(coord: &mut Coordinator, key_id: ID, clock: &Clock, scenario: &mut Scenario): (ID, ID) {
    let cap = active_dwallet(coord, key_id, OTHER, 3, clock, scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(scenario, 0);
    let share_id = coord.request_share_transfer(cap, RECIPIENT, encrypted(0x71), preimage(5), payment, clock, scenario.ctx());
    (share_id, dwallet_id)
}

// === Encryption keys ===

#[test]
fun a_registration_awaits_the_network_and_its_verdict_makes_the_key_active() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    assert!(coord.encryption_key_state(OTHER, SECP256K1) == NO_ENCRYPTION_KEY);
    assert!(coord.user_encryption_key(OTHER, SECP256K1).is_none());
    register(&mut coord, SECP256K1, 7, &clock, &mut scenario);
    assert!(coord.encryption_key_state(OTHER, SECP256K1) == ENCRYPTION_KEY_AWAITING_NETWORK);
    assert!(coord.user_encryption_key(OTHER, SECP256K1).is_none());
    let session_id = session_identifier::derive(OTHER, &preimage(7));
    assert!(complete(&mut coord, RESULT_ENCRYPTION_KEY_VERIFIED, session_id, vector[], &mut scenario) == 0);
    assert!(coord.session_status(session_id) == SESSION_COMPLETED);
    assert!(coord.encryption_key_state(OTHER, SECP256K1) == ENCRYPTION_KEY_ACTIVE);
    assert!(coord.user_encryption_key(OTHER, SECP256K1) == option::some(key(7)));
    // One key per (address, curve).
    assert!(coord.encryption_key_state(OTHER, P256) == NO_ENCRYPTION_KEY);
    assert!(coord.encryption_key_state(RECIPIENT, SECP256K1) == NO_ENCRYPTION_KEY);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_rejected_key_is_replaced_in_place() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let first = register(&mut coord, ED25519, 7, &clock, &mut scenario);
    complete(&mut coord, RESULT_REJECTED, session_identifier::derive(OTHER, &preimage(7)), b"invalid proof", &mut scenario);
    assert!(coord.encryption_key_state(OTHER, ED25519) == ENCRYPTION_KEY_REJECTED);
    assert!(coord.user_encryption_key(OTHER, ED25519).is_none());
    let second = register(&mut coord, ED25519, 8, &clock, &mut scenario);
    assert!(second == first);
    assert!(coord.encryption_key_state(OTHER, ED25519) == ENCRYPTION_KEY_AWAITING_NETWORK);
    complete(&mut coord, RESULT_ENCRYPTION_KEY_VERIFIED, session_identifier::derive(OTHER, &preimage(8)), vector[], &mut scenario);
    assert!(coord.user_encryption_key(OTHER, ED25519) == option::some(key(8)));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_cancelled_registration_refunds_and_is_rejected() {
    let (mut scenario, _key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    set_fee(&mut scenario, REQUEST_REGISTER_ENCRYPTION_KEY, ECDSA, 20);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 20);
    coord.request_register_encryption_key(P256, key(7), proof(7), preimage(7), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(7));
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    assert!(coord.session_status(session_id) == SESSION_CANCELLED);
    assert!(coord.encryption_key_state(OTHER, P256) == ENCRYPTION_KEY_REJECTED);
    // A verdict certified after the cancellation is skipped.
    assert!(complete(&mut coord, RESULT_ENCRYPTION_KEY_VERIFIED, session_id, vector[], &mut scenario) == 0);
    assert!(coord.encryption_key_state(OTHER, P256) == ENCRYPTION_KEY_REJECTED);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let refund = scenario.take_from_sender<Coin<SUI>>();
    assert!(refund.value() == 20);
    destroy(refund);
    scenario.end();
    destroy(clock);
}

#[test]
fun the_user_share_kinds_have_fee_slots_7_to_9_and_registration_pays_the_curve_default_algorithm() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    set_fee(&mut scenario, REQUEST_REGISTER_ENCRYPTION_KEY, EDDSA, 31);
    set_fee(&mut scenario, REQUEST_SHARE_BACKUP, ECDSA, 32);
    set_fee(&mut scenario, REQUEST_SHARE_TRANSFER, ECDSA, 33);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    assert!(coord.fee(REQUEST_REGISTER_ENCRYPTION_KEY, EDDSA) == 31);
    assert!(coord.fee(REQUEST_REGISTER_ENCRYPTION_KEY, ECDSA) == 0);
    assert!(coord.fee(REQUEST_SHARE_BACKUP, ECDSA) == 32);
    assert!(coord.fee(REQUEST_SHARE_TRANSFER, ECDSA) == 33);
    assert!(coord.fee(8, ECDSA) == 0);
    // ed25519's registration pays the EdDSA fee; secp256k1's the ECDSA one (zero).
    let payment = pay(&mut scenario, 31);
    coord.request_register_encryption_key(ED25519, key(7), proof(7), preimage(7), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(7));
    assert!(complete(&mut coord, RESULT_ENCRYPTION_KEY_VERIFIED, session_id, vector[], &mut scenario) == 31);
    register(&mut coord, SECP256K1, 8, &clock, &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInsufficientFee)]
fun an_underpaid_registration() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    set_fee(&mut scenario, REQUEST_REGISTER_ENCRYPTION_KEY, EDDSA, 31);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 30);
    coord.request_register_encryption_key(ED25519, key(7), proof(7), preimage(7), payment, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidRequestKind)]
fun no_fee_slot_after_the_user_share_kinds() {
    let (mut scenario, _key_id) = setup();
    set_fee(&mut scenario, 12, ECDSA, 1);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedCurve)]
fun a_registration_for_an_unknown_curve() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_register_encryption_key(3, vector[], proof(7), preimage(7), payment, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidEncryptionKey)]
fun a_registration_of_an_empty_key() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_register_encryption_key(SECP256K1, vector[], vector[], preimage(7), payment, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidEncryptionKey)]
fun a_registration_of_a_key_above_4096_bytes() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_register_encryption_key(SECP256K1, bytes(1, 4097), proof(7), preimage(7), payment, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEmptyUserMessage)]
fun a_registration_without_a_proof() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_register_encryption_key(SECP256K1, key(7), vector[], preimage(7), payment, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEncryptionKeyAlreadyRegistered)]
fun a_second_registration_while_the_first_awaits_the_network() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    register(&mut coord, SECP256K1, 7, &clock, &mut scenario);
    register(&mut coord, SECP256K1, 8, &clock, &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEncryptionKeyAlreadyRegistered)]
fun a_second_registration_of_an_active_key() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    register(&mut coord, SECP256K1, 8, &clock, &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EResultKindMismatch)]
fun a_backup_verdict_for_a_registration() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    register(&mut coord, SECP256K1, 7, &clock, &mut scenario);
    complete(&mut coord, RESULT_SHARE_BACKUP_VERIFIED, session_identifier::derive(OTHER, &preimage(7)), vector[], &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Backups ===

#[test]
fun a_backup_is_verified_and_leaves_the_cap_with_its_holder() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    let share_id = coord.request_share_backup(&cap, encrypted(0x61), preimage(5), payment, &clock, scenario.ctx());
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_AWAITING_NETWORK);
    complete(&mut coord, RESULT_SHARE_BACKUP_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_VERIFIED);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_rejected_backup_is_rejected() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    let share_id = coord.request_share_backup(&cap, encrypted(0x61), preimage(5), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_REJECTED, session_identifier::derive(OTHER, &preimage(5)), b"invalid proof", &mut scenario);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_REJECTED);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEncryptionKeyNotFound)]
fun a_backup_without_a_key() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    // A key of another curve does not serve.
    active_key(&mut coord, OTHER, P256, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_share_backup(&cap, vector[], preimage(5), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEncryptionKeyNotActive)]
fun a_backup_under_a_key_awaiting_the_network() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    register(&mut coord, SECP256K1, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_share_backup(&cap, vector[], preimage(5), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEmptyUserMessage)]
fun an_empty_backup() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_share_backup(&cap, vector[], preimage(5), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletNotActive)]
fun a_backup_of_a_dwallet_the_network_has_not_activated() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), x"11", payment, &clock, scenario.ctx());
    let payment = pay(&mut scenario, 0);
    coord.request_share_backup(&cap, vector[], preimage(5), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENotAShareTransfer)]
fun accepting_a_backup() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    let share_id = coord.request_share_backup(&cap, encrypted(0x61), preimage(5), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_SHARE_BACKUP_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    destroy(coord.accept_share_transfer(share_id, scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Transfers ===

#[test]
fun a_verified_transfer_gives_the_recipient_the_cap() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_AWAITING_NETWORK);
    complete(&mut coord, RESULT_SHARE_TRANSFER_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_VERIFIED);
    ts::return_shared(coord);
    scenario.next_tx(RECIPIENT);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = coord.accept_share_transfer(share_id, scenario.ctx());
    assert!(coordinator::dwallet_cap_dwallet_id(&cap) == dwallet_id);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_ACCEPTED);
    // The recipient approves messages with it.
    coord.approve_message(&cap, 0, b"transfer 1 ETH");
    transfer::public_transfer(cap, RECIPIENT);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun the_sender_withdraws_a_verified_transfer_not_yet_accepted() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    complete(&mut coord, RESULT_SHARE_TRANSFER_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    let cap = coord.withdraw_share_transfer(share_id, scenario.ctx());
    assert!(coordinator::dwallet_cap_dwallet_id(&cap) == dwallet_id);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_WITHDRAWN);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_rejected_transfer_returns_the_cap_to_the_sender() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    complete(&mut coord, RESULT_REJECTED, session_identifier::derive(OTHER, &preimage(5)), b"invalid proof", &mut scenario);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_REJECTED);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let cap = scenario.take_from_sender<DWalletCap>();
    assert!(coordinator::dwallet_cap_dwallet_id(&cap) == dwallet_id);
    scenario.return_to_sender(cap);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_cancelled_transfer_returns_the_cap_and_the_fee() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    set_fee(&mut scenario, REQUEST_SHARE_TRANSFER, ECDSA, 12);
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(&mut scenario, 12);
    let share_id = coord.request_share_transfer(cap, RECIPIENT, encrypted(0x71), preimage(5), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(5));
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    assert!(coord.session_status(session_id) == SESSION_CANCELLED);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_REJECTED);
    // A verdict certified after the cancellation is skipped.
    assert!(complete(&mut coord, RESULT_SHARE_TRANSFER_VERIFIED, session_id, vector[], &mut scenario) == 0);
    assert!(coord.encrypted_share_state(share_id) == ENCRYPTED_SHARE_REJECTED);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let cap = scenario.take_from_sender<DWalletCap>();
    assert!(coordinator::dwallet_cap_dwallet_id(&cap) == dwallet_id);
    let refund = scenario.take_from_sender<Coin<SUI>>();
    assert!(refund.value() == 12);
    destroy(refund);
    scenario.return_to_sender(cap);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidTransferRecipient)]
fun a_transfer_to_oneself() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_share_transfer(cap, OTHER, encrypted(0x71), preimage(5), payment, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEncryptionKeyNotFound)]
fun a_transfer_to_an_address_without_a_key() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    // The sender's own key does not serve.
    active_key(&mut coord, OTHER, SECP256K1, 7, &clock, &mut scenario);
    let (_share_id, _dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EShareTransferNotVerified)]
fun accepting_a_transfer_the_network_has_not_verified() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, _dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    ts::return_shared(coord);
    scenario.next_tx(RECIPIENT);
    let mut coord = scenario.take_shared<Coordinator>();
    destroy(coord.accept_share_transfer(share_id, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EShareTransferNotVerified)]
fun withdrawing_an_accepted_transfer() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, _dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    complete(&mut coord, RESULT_SHARE_TRANSFER_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    ts::return_shared(coord);
    scenario.next_tx(RECIPIENT);
    let mut coord = scenario.take_shared<Coordinator>();
    destroy(coord.accept_share_transfer(share_id, scenario.ctx()));
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    destroy(coord.withdraw_share_transfer(share_id, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENotTransferRecipient)]
fun the_sender_accepting_its_own_transfer() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, _dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    complete(&mut coord, RESULT_SHARE_TRANSFER_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    destroy(coord.accept_share_transfer(share_id, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENotTransferSender)]
fun the_recipient_withdrawing_a_transfer() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (share_id, _dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    complete(&mut coord, RESULT_SHARE_TRANSFER_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    ts::return_shared(coord);
    scenario.next_tx(RECIPIENT);
    let mut coord = scenario.take_shared<Coordinator>();
    destroy(coord.withdraw_share_transfer(share_id, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EResultKindMismatch)]
fun a_backup_verdict_for_a_transfer() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    recipient_with_a_key(&mut scenario, &clock);
    let mut coord = scenario.take_shared<Coordinator>();
    let (_share_id, _dwallet_id) = transfer_to_recipient(&mut coord, key_id, &clock, &mut scenario);
    complete(&mut coord, RESULT_SHARE_BACKUP_VERIFIED, session_identifier::derive(OTHER, &preimage(5)), vector[], &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEncryptedShareNotFound)]
fun the_state_of_an_unknown_encrypted_share() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(OTHER);
    let coord = scenario.take_shared<Coordinator>();
    coord.encrypted_share_state(object::id_from_address(@0x5));
    ts::return_shared(coord);
    scenario.end();
}

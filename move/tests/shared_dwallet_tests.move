/// Shared dWallets: a share published at DKG or by a certified conversion, the conversion's fee
/// slot, its rejection and cancellation leaving the dWallet ACTIVE and zero-trust, the sign with
/// no user message, and the aborts these paths add (EDWalletNotShared, EDWalletAlreadyShared,
/// EInvalidPublicUserShare). Results are applied without certificates
/// (`apply_result_batch_for_testing`; certificates are tested in `coordinator_tests`).
#[test_only]
module dwallet::shared_dwallet_tests;

use dwallet::coordinator::{Self, AdminCap, Coordinator, DWalletCap, PresignCap};
use dwallet::session_identifier;
use dwallet::test_fixtures as fx;
use sui::clock::{Self, Clock};
use sui::coin::{Self, Coin};
use sui::sui::SUI;
use sui::test_scenario::{Self as ts, Scenario};
use sui::test_utils::destroy;

const ADMIN: address = @0xad;
const OTHER: address = @0xb0b;

const SECP256K1: u32 = 0;
const ECDSA: u32 = 0;
const P256: u32 = 1;
const KECCAK256: u32 = 0;

const REQUEST_MAKE_DWALLET_SHARED: u8 = 8;
const REQUEST_NETWORK_KEY_DKG: u8 = 6;
const REQUEST_RECONFIGURATION: u8 = 7;

const RESULT_DWALLET_DKG: u8 = 0;
const RESULT_IMPORTED_KEY_VERIFIED: u8 = 1;
const RESULT_PRESIGN: u8 = 2;
const RESULT_SIGNATURE: u8 = 3;
const RESULT_REJECTED: u8 = 5;
const RESULT_DWALLET_SHARED: u8 = 8;

const DWALLET_ACTIVE: u8 = 1;
const PRESIGN_CONSUMED: u8 = 3;
const SESSION_COMPLETED: u8 = 1;
const SESSION_REJECTED: u8 = 2;
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

/// A 32-byte share (the chain checks its length; its value is the validators' to check).
fun share(n: u8): vector<u8> {
    bytes(n, 32)
}

fun signature(): vector<u8> {
    let mut out = bytes(7, 64);
    out.push_back(1);
    out
}

/// A coordinator with the fixture committee (epoch 1, threshold 3) and one network key for both curves.
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

fun pay(scenario: &mut Scenario, amount: u64): Coin<SUI> {
    coin::mint_for_testing<SUI>(amount, scenario.ctx())
}

/// The encoding of a batch of one result (the TypeScript schema `ResultBatch`).
fun one_result(sequence: u64, kind: u8, session_id: vector<u8>, payload: vector<u8>): vector<u8> {
    let mut out = std::bcs::to_bytes(&sequence);
    out.push_back(1);
    out.push_back(kind);
    out.append(std::bcs::to_bytes(&session_id));
    if (kind == RESULT_REJECTED) {
        out.append(std::bcs::to_bytes(&14u32));
        out.append(std::bcs::to_bytes(&payload));
        out.append(std::bcs::to_bytes(&vector<u32>[]));
    } else {
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

/// A zero-trust dWallet of OTHER (the sender) the network activated; its session preimage is [n; 32].
fun active_dwallet(coord: &mut Coordinator, key_id: ID, n: u8, imported: bool, clock: &Clock, scenario: &mut Scenario): DWalletCap {
    let payment = pay(scenario, 0);
    let cap = if (imported) {
        coord.request_imported_key_dwallet(key_id, SECP256K1, ECDSA, preimage(n), x"11", payment, clock, scenario.ctx())
    } else {
        coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"11", payment, clock, scenario.ctx())
    };
    let kind = if (imported) RESULT_IMPORTED_KEY_VERIFIED else RESULT_DWALLET_DKG;
    complete(coord, kind, session_identifier::derive(OTHER, &preimage(n)), x"d0", scenario);
    cap
}

/// A shared dWallet of OTHER created by DKG with `public_user_share`, activated by the network.
fun active_shared_dwallet(
    coord: &mut Coordinator,
    key_id: ID,
    n: u8,
    public_user_share: vector<u8>,
    clock: &Clock,
    scenario: &mut Scenario,
): DWalletCap {
    let payment = pay(scenario, 0);
    let cap = coord.request_shared_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"11", public_user_share, payment, clock, scenario.ctx());
    complete(coord, RESULT_DWALLET_DKG, session_identifier::derive(OTHER, &preimage(n)), x"d1", scenario);
    cap
}

/// A completed presign of the global pool, claimed by OTHER; its session preimage is [n; 32].
fun claimed_presign(coord: &mut Coordinator, key_id: ID, curve: u32, n: u8, clock: &Clock, scenario: &mut Scenario): PresignCap {
    let payment = pay(scenario, 0);
    coord.request_presign(key_id, curve, ECDSA, preimage(n), payment, clock, scenario.ctx());
    complete(coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(n)), x"b0", scenario);
    let claim_payment = pay(scenario, 0);
    coord.claim_presign(key_id, curve, ECDSA, claim_payment, scenario.ctx())
}

// === Shared DKG ===

#[test]
fun a_shared_dkg_records_the_share_and_its_result_activates_a_shared_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let cap = coord.request_shared_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), x"11", share(0x21), payment, &clock, scenario.ctx());
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    assert!(!coord.is_dwallet_shared(dwallet_id));
    assert!(coord.dwallet_public_user_share(dwallet_id).is_none());
    complete(&mut coord, RESULT_DWALLET_DKG, session_identifier::derive(OTHER, &preimage(3)), x"d1", &mut scenario);
    assert!(coord.dwallet_state(dwallet_id) == DWALLET_ACTIVE);
    assert!(coord.is_dwallet_shared(dwallet_id));
    assert!(coord.dwallet_public_user_share(dwallet_id) == option::some(share(0x21)));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_zero_trust_dwallet_is_not_shared() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    assert!(coord.is_dwallet_active(dwallet_id));
    assert!(!coord.is_dwallet_shared(dwallet_id));
    assert!(coord.dwallet_public_user_share(dwallet_id).is_none());
    assert!(!coord.is_dwallet_shared(object::id_from_address(@0x5)));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidPublicUserShare)]
fun a_shared_dkg_with_a_short_share() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_shared_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), x"11", bytes(1, 31), payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEmptyUserMessage)]
fun a_shared_dkg_checks_the_user_message_before_the_share() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_shared_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), vector[], bytes(1, 31), payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Conversion ===

#[test]
fun a_conversion_pays_its_own_fee_and_the_certified_share_makes_the_dwallet_shared() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, REQUEST_MAKE_DWALLET_SHARED, ECDSA, 30);
    assert!(coord.fee(REQUEST_MAKE_DWALLET_SHARED, ECDSA) == 30);
    assert!(coord.fee(0, ECDSA) == 0);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(&mut scenario, 30);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(4));
    assert!(coord.session_status(session_id) == 0);
    assert!(!coord.is_dwallet_shared(dwallet_id));
    assert!(complete(&mut coord, RESULT_DWALLET_SHARED, session_id, share(0x42), &mut scenario) == 30);
    assert!(coord.session_status(session_id) == SESSION_COMPLETED);
    assert!(coord.dwallet_state(dwallet_id) == DWALLET_ACTIVE);
    assert!(coord.is_dwallet_shared(dwallet_id));
    assert!(coord.dwallet_public_user_share(dwallet_id) == option::some(share(0x42)));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_rejected_conversion_leaves_the_dwallet_active_and_zero_trust() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(4));
    complete(&mut coord, RESULT_REJECTED, session_id, b"x_A does not match X_A", &mut scenario);
    assert!(coord.session_status(session_id) == SESSION_REJECTED);
    assert!(coord.dwallet_state(dwallet_id) == DWALLET_ACTIVE);
    assert!(!coord.is_dwallet_shared(dwallet_id));
    // It may be converted again.
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x43), preimage(5), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_cancelled_conversion_refunds_and_leaves_the_dwallet_zero_trust() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(&mut scenario, 12);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(4));
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    assert!(coord.session_status(session_id) == SESSION_CANCELLED);
    assert!(coord.dwallet_state(dwallet_id) == DWALLET_ACTIVE);
    // A share certified after the cancellation is skipped.
    assert!(complete(&mut coord, RESULT_DWALLET_SHARED, session_id, share(0x42), &mut scenario) == 0);
    assert!(!coord.is_dwallet_shared(dwallet_id));
    destroy(cap);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let refund = scenario.take_from_sender<Coin<SUI>>();
    assert!(refund.value() == 12);
    destroy(refund);
    scenario.end();
    destroy(clock);
}

#[test]
fun an_imported_key_dwallet_can_be_converted() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, true, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_DWALLET_SHARED, session_identifier::derive(OTHER, &preimage(4)), share(0x42), &mut scenario);
    assert!(coord.is_dwallet_shared(dwallet_id));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletAlreadyShared)]
fun converting_a_shared_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_shared_dwallet(&mut coord, key_id, 3, share(0x21), &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x21), preimage(4), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidPublicUserShare)]
fun converting_with_a_long_share() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, bytes(1, 33), preimage(4), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletNotActive)]
fun converting_a_dwallet_the_network_has_not_activated() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), x"11", payment, &clock, scenario.ctx());
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInsufficientFee)]
fun an_underpaid_conversion() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, REQUEST_MAKE_DWALLET_SHARED, ECDSA, 30);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let payment = pay(&mut scenario, 29);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidRequestKind)]
fun the_network_kinds_have_no_fee_slot() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, REQUEST_MAKE_DWALLET_SHARED, ECDSA, 1);
    coord.set_fee(&admin, REQUEST_RECONFIGURATION, ECDSA, 1);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidRequestKind)]
fun no_fee_is_read_for_a_network_kind() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let coord = scenario.take_shared<Coordinator>();
    coord.fee(REQUEST_NETWORK_KEY_DKG, ECDSA);
    ts::return_shared(coord);
    scenario.end();
}

// === The DWalletShared result ===

#[test, expected_failure(abort_code = dwallet::coordinator::EResultKindMismatch)]
fun a_share_result_for_a_dkg_session() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), x"11", payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_DWALLET_SHARED, session_identifier::derive(OTHER, &preimage(3)), share(1), &mut scenario);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EResultKindMismatch)]
fun a_dkg_result_for_a_conversion() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_DWALLET_DKG, session_identifier::derive(OTHER, &preimage(4)), x"d0", &mut scenario);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidPublicUserShare)]
fun a_share_result_that_is_not_32_bytes() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    coord.request_make_dwallet_shared(&cap, share(0x42), preimage(4), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_DWALLET_SHARED, session_identifier::derive(OTHER, &preimage(4)), bytes(0x42, 31), &mut scenario);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Signing ===

#[test]
fun a_shared_sign_needs_no_user_message() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_shared_dwallet(&mut coord, key_id, 3, share(0x21), &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, SECP256K1, 5, &clock, &mut scenario);
    let presign_id = coordinator::presign_cap_presign_id(&presign);
    let approval = coord.approve_message(&cap, KECCAK256, b"transfer 1 ETH");
    let payment = pay(&mut scenario, 0);
    let sign_id = coord.request_sign_shared(approval, presign, preimage(7), payment, &clock, scenario.ctx());
    assert!(coordinator::presign_state(&coord, presign_id) == PRESIGN_CONSUMED);
    assert!(coord.sign_signature(sign_id).is_none());
    complete(&mut coord, RESULT_SIGNATURE, session_identifier::derive(OTHER, &preimage(7)), signature(), &mut scenario);
    assert!(coord.sign_signature(sign_id) == option::some(signature()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletNotShared)]
fun a_shared_sign_of_a_zero_trust_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, SECP256K1, 5, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, KECCAK256, b"transfer 1 ETH");
    let payment = pay(&mut scenario, 0);
    coord.request_sign_shared(approval, presign, preimage(7), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletNotShared)]
fun a_shared_sign_checks_the_share_before_the_presign() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    // A presign of the other curve would abort EPresignMismatch.
    let presign = claimed_presign(&mut coord, key_id, P256, 5, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, KECCAK256, b"transfer 1 ETH");
    let payment = pay(&mut scenario, 0);
    coord.request_sign_shared(approval, presign, preimage(7), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEmptyUserMessage)]
fun a_zero_trust_sign_without_the_user_message() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, 3, false, &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, SECP256K1, 5, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, KECCAK256, b"transfer 1 ETH");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(approval, presign, preimage(7), vector[], payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EPresignMismatch)]
fun a_shared_sign_with_a_presign_of_another_curve() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_shared_dwallet(&mut coord, key_id, 3, share(0x21), &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, P256, 5, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, KECCAK256, b"transfer 1 ETH");
    let payment = pay(&mut scenario, 0);
    coord.request_sign_shared(approval, presign, preimage(7), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

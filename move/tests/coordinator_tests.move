#[test_only]
module dwallet::coordinator_tests;

use dwallet::coordinator::{Self, AdminCap, CommitteeBuilder, Coordinator, DWalletCap, PartialSignatureCap, PresignCap};
use dwallet::session_identifier;
use dwallet::test_fixtures as fx;
use sui::clock;
use sui::coin::{Self, Coin};
use sui::sui::SUI;
use sui::test_scenario::{Self as ts, Scenario};
use sui::test_utils::destroy;

const ADMIN: address = @0xad;
const RELAYER: address = @0xbeef;
const OTHER: address = @0xb0b;

const SECP256K1: u32 = 0;
const ECDSA: u32 = 0;
const P256: u32 = 1;
const KECCAK256: u32 = 0;
const PREHASHED: u32 = 3;
const SHA256: u32 = 1;

const RESULT_DWALLET_DKG: u8 = 0;
const RESULT_IMPORTED_KEY_VERIFIED: u8 = 1;
const RESULT_PRESIGN: u8 = 2;
const RESULT_SIGNATURE: u8 = 3;
const RESULT_FUTURE_SIGN_VERIFIED: u8 = 4;
const RESULT_REJECTED: u8 = 5;

// === Helpers ===

fun preimage(n: u8): vector<u8> {
    let mut bytes = vector[];
    let mut i = 0;
    while (i < 32) {
        bytes.push_back(n);
        i = i + 1;
    };
    bytes
}

/// `length` bytes, all 7.
fun filled(length: u64): vector<u8> {
    let mut bytes = vector[];
    while (bytes.length() < length) bytes.push_back(7);
    bytes
}

fun signature(): vector<u8> {
    let mut bytes = preimage(7);
    bytes.append(preimage(8));
    bytes.push_back(1);
    bytes
}

/// A builder holding the fixture committee's four members.
fun fixture_builder(cap: &AdminCap, ctx: &mut TxContext): CommitteeBuilder {
    let mut builder = coordinator::new_committee_builder(cap, ctx);
    builder.add_committee_members(
        fx::public_keys(),
        fx::proofs_of_possession(),
        fx::weights(),
        fx::validator_addresses(),
        fx::network_addresses(),
        fx::share_encryption_keys(),
    );
    builder
}

/// A coordinator with the fixture committee (epoch 1, threshold 3) and one network key for both curves.
fun setup(): (Scenario, ID) {
    let mut scenario = ts::begin(ADMIN);
    coordinator::init_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    // The certificates of the fixtures are made for this id (test/move/support/fixtures.ts).
    assert!(object::id_to_bytes(&object::id(&coord)) == fx::coordinator_id());
    let cap = scenario.take_from_sender<AdminCap>();
    let builder = fixture_builder(&cap, scenario.ctx());
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
    let mut bytes = std::bcs::to_bytes(&sequence);
    bytes.push_back(1);
    bytes.push_back(kind);
    bytes.append(std::bcs::to_bytes(&session_id));
    if (kind == RESULT_REJECTED) {
        bytes.append(std::bcs::to_bytes(&1u32));
        bytes.append(std::bcs::to_bytes(&payload));
        bytes.append(std::bcs::to_bytes(&vector<u32>[0]));
    } else if (kind != RESULT_FUTURE_SIGN_VERIFIED) {
        bytes.append(std::bcs::to_bytes(&payload));
    };
    bytes
}

/// Applies one result without a certificate (certificates are tested with real signatures below).
fun complete(coord: &mut Coordinator, kind: u8, session_id: vector<u8>, payload: vector<u8>, scenario: &mut Scenario) {
    let batch = one_result(coord.next_result_sequence(), kind, session_id, payload);
    destroy(coord.apply_result_batch_for_testing(batch, scenario.ctx()));
}

/// A dWallet of `user` (the scenario's sender) the network activated; its session preimage is [n; 32].
fun active_dwallet(coord: &mut Coordinator, key_id: ID, user: address, n: u8, imported: bool, scenario: &mut Scenario): DWalletCap {
    let clock = clock::create_for_testing(scenario.ctx());
    let payment = pay(scenario, 0);
    let cap = if (imported) {
        coord.request_imported_key_dwallet(key_id, SECP256K1, ECDSA, preimage(n), x"11", payment, &clock, scenario.ctx())
    } else {
        coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"11", payment, &clock, scenario.ctx())
    };
    let kind = if (imported) RESULT_IMPORTED_KEY_VERIFIED else RESULT_DWALLET_DKG;
    complete(coord, kind, session_identifier::derive(user, &preimage(n)), x"d0", scenario);
    destroy(clock);
    cap
}

/// A completed presign of the global pool, claimed by the sender; its session preimage is [n; 32].
fun claimed_presign(coord: &mut Coordinator, key_id: ID, user: address, n: u8, scenario: &mut Scenario): PresignCap {
    let clock = clock::create_for_testing(scenario.ctx());
    let payment = pay(scenario, 0);
    coord.request_presign(key_id, SECP256K1, ECDSA, preimage(n), payment, &clock, scenario.ctx());
    complete(coord, RESULT_PRESIGN, session_identifier::derive(user, &preimage(n)), x"b0", scenario);
    let claim_payment = pay(scenario, 0);
    destroy(clock);
    coord.claim_presign(key_id, SECP256K1, ECDSA, claim_payment, scenario.ctx())
}

// === dWallet creation and certified results ===

#[test]
fun dkg_completed_by_a_quorum_certificate_pays_the_relayer() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 25);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, fx::session_preimage(), x"aa", payment, &clock, scenario.ctx());
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    assert!(coord.session_status(fx::session_id()) == 0);
    assert!(!coord.is_dwallet_active(dwallet_id));
    ts::return_shared(coord);
    scenario.next_tx(RELAYER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payout = coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_signature_012(), x"07", scenario.ctx());
    assert!(payout.value() == 25);
    assert!(coord.is_dwallet_active(dwallet_id));
    assert!(coord.dwallet_output(dwallet_id) == option::some(fx::dkg_output()));
    assert!(coord.session_status(fx::session_id()) == 1);
    assert!(coord.next_result_sequence() == 1);
    destroy(payout);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

/// Opens the fixture DKG session and returns the coordinator to the caller for a certificate test.
fun fixture_session(scenario: &mut Scenario, key_id: ID): (Coordinator, DWalletCap) {
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, fx::session_preimage(), x"aa", payment, &clock, scenario.ctx());
    destroy(clock);
    (coord, cap)
}

#[test, expected_failure(abort_code = dwallet::committee::EInsufficientWeight)]
fun certificate_below_threshold() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = fixture_session(&mut scenario, key_id);
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_signature_01(), x"03", scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidSignature)]
fun certificate_with_a_wrong_bitmap() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = fixture_session(&mut scenario, key_id);
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_signature_012(), x"0e", scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidSignature)]
fun certificate_with_a_forged_signature() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = fixture_session(&mut scenario, key_id);
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_next_signature_012(), x"07", scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EWrongEpoch)]
fun certificate_from_a_stale_epoch() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    let builder = fixture_builder(&admin, scenario.ctx());
    coord.set_committee(&admin, 2, builder, 3);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    let (mut coord, cap) = fixture_session(&mut scenario, key_id);
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_signature_012(), x"07", scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EOutOfSequence)]
fun batch_out_of_sequence() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = fixture_session(&mut scenario, key_id);
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch_next(), fx::dkg_batch_next_signature_012(), x"07", scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EOutOfSequence)]
fun batch_replayed() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = fixture_session(&mut scenario, key_id);
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_signature_012(), x"07", scenario.ctx()));
    destroy(coord.process_result_batch(fx::epoch(), fx::dkg_batch(), fx::dkg_batch_signature_012(), x"07", scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInsufficientFee)]
fun unpaid_request() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, 0, ECDSA, 100);
    assert!(coord.fee(0, ECDSA) == 100);
    scenario.return_to_sender(admin);
    let payment = pay(&mut scenario, 99);
    destroy(coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(1), x"aa", payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ESessionIdReused)]
fun reused_session_id() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let first = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(1), x"aa", first, &clock, scenario.ctx()));
    let second = pay(&mut scenario, 0);
    coord.request_presign(key_id, SECP256K1, ECDSA, preimage(1), second, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidSessionPreimage)]
fun short_session_preimage() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, x"0102", x"aa", payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedCurve)]
fun reserved_curve() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(key_id, 3, ECDSA, preimage(1), x"aa", payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENetworkKeyNotFound)]
fun unknown_network_key() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(object::id_from_address(@0x1234), SECP256K1, ECDSA, preimage(1), x"aa", payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEmptyUserMessage)]
fun empty_user_dkg_message() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(fx::user());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(1), vector[], payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun imported_key_dwallet_verified_by_the_network() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, true, &mut scenario);
    assert!(coord.is_dwallet_active(coordinator::dwallet_cap_dwallet_id(&cap)));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test]
fun rejected_dkg_records_the_rejection() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 5);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(4), x"aa", payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(4));
    complete(&mut coord, RESULT_REJECTED, session_id, b"bad proof", &mut scenario);
    assert!(coord.session_status(session_id) == 2);
    assert!(coordinator::dwallet_state(&coord, coordinator::dwallet_cap_dwallet_id(&cap)) == 2);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EResultKindMismatch)]
fun result_of_the_wrong_kind() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(4), x"aa", payment, &clock, scenario.ctx()));
    complete(&mut coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(4)), x"01", &mut scenario);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ESessionNotPending)]
fun result_for_a_completed_session() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    complete(&mut coord, RESULT_DWALLET_DKG, session_identifier::derive(OTHER, &preimage(3)), x"01", &mut scenario);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

// === Presigns ===

#[test]
fun pooled_presign_is_claimed_once() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let presign_id = coord.request_presign(key_id, SECP256K1, ECDSA, preimage(5), payment, &clock, scenario.ctx());
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 0);
    complete(&mut coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(5)), x"b0", &mut scenario);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 1);
    assert!(coordinator::presign_state(&coord, presign_id) == 1);
    let claim_payment = pay(&mut scenario, 0);
    let cap = coord.claim_presign(key_id, SECP256K1, ECDSA, claim_payment, scenario.ctx());
    assert!(coordinator::presign_cap_presign_id(&cap) == presign_id);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 0);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

/// The pool's presigns are a stack in a `TableVec`: claims take the most recently completed
/// first, and a completion after a claim reuses the freed index.
#[test]
fun pool_claims_the_most_recent_presign_first() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let first = coord.request_presign(key_id, SECP256K1, ECDSA, preimage(6), pay(&mut scenario, 0), scenario.ctx());
    let second = coord.request_presign(key_id, SECP256K1, ECDSA, preimage(7), pay(&mut scenario, 0), scenario.ctx());
    let third = coord.request_presign(key_id, SECP256K1, ECDSA, preimage(8), pay(&mut scenario, 0), scenario.ctx());
    complete(&mut coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(6)), x"b1", &mut scenario);
    complete(&mut coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(7)), x"b2", &mut scenario);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 2);
    let cap_second = coord.claim_presign(key_id, SECP256K1, ECDSA, pay(&mut scenario, 0), scenario.ctx());
    assert!(coordinator::presign_cap_presign_id(&cap_second) == second);
    complete(&mut coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(8)), x"b3", &mut scenario);
    let cap_third = coord.claim_presign(key_id, SECP256K1, ECDSA, pay(&mut scenario, 0), scenario.ctx());
    assert!(coordinator::presign_cap_presign_id(&cap_third) == third);
    let cap_first = coord.claim_presign(key_id, SECP256K1, ECDSA, pay(&mut scenario, 0), scenario.ctx());
    assert!(coordinator::presign_cap_presign_id(&cap_first) == first);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 0);
    destroy(cap_first);
    destroy(cap_second);
    destroy(cap_third);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EPresignPoolEmpty)]
fun claim_from_an_empty_pool() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.claim_presign(key_id, P256, ECDSA, payment, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENotImportedKeyDWallet)]
fun bound_presign_for_a_dkg_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_imported_key_presign(&cap, preimage(6), payment, &clock, scenario.ctx()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun bound_presign_signs_for_its_imported_key_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, true, &mut scenario);
    let payment = pay(&mut scenario, 0);
    let presign = coord.request_imported_key_presign(&cap, preimage(6), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_PRESIGN, session_identifier::derive(OTHER, &preimage(6)), x"b1", &mut scenario);
    let approval = coord.approve_message(&cap, SHA256, b"message");
    let sign_payment = pay(&mut scenario, 0);
    coord.request_sign(approval, presign, preimage(7), x"55", sign_payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EImportedKeyDWalletNeedsBoundPresign)]
fun imported_key_dwallet_with_a_pooled_presign() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, true, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let approval = coord.approve_message(&cap, SHA256, b"message");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(approval, presign, preimage(7), x"55", payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Approval and signing ===

#[test]
fun approve_and_sign_then_certified_signature() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let presign_id = coordinator::presign_cap_presign_id(&presign);
    let approval = coord.approve_message(&cap, KECCAK256, b"transfer 1 ETH");
    let payment = pay(&mut scenario, 0);
    let sign_id = coord.request_sign(approval, presign, preimage(7), x"55", payment, &clock, scenario.ctx());
    assert!(coordinator::presign_state(&coord, presign_id) == 3);
    assert!(coord.sign_signature(sign_id).is_none());
    complete(&mut coord, RESULT_SIGNATURE, session_identifier::derive(OTHER, &preimage(7)), signature(), &mut scenario);
    assert!(coord.sign_signature(sign_id) == option::some(signature()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EPresignAlreadyConsumed)]
fun reused_presign() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let duplicate = coordinator::presign_cap_for_testing(coordinator::presign_cap_presign_id(&presign), scenario.ctx());
    let first = coord.approve_message(&cap, KECCAK256, b"one");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(first, presign, preimage(7), x"55", payment, &clock, scenario.ctx());
    let second = coord.approve_message(&cap, KECCAK256, b"two");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(second, duplicate, preimage(8), x"55", payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EWrongPresignCap)]
fun presign_cap_that_was_not_the_one_claimed() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let forged = coordinator::presign_cap_for_testing(coordinator::presign_cap_presign_id(&presign), scenario.ctx());
    let approval = coord.approve_message(&cap, KECCAK256, b"one");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(approval, forged, preimage(7), x"55", payment, &clock, scenario.ctx());
    destroy(presign);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletNotActive)]
fun approve_with_a_dwallet_the_network_has_not_activated() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), x"aa", payment, &clock, scenario.ctx());
    let _approval = coord.approve_message(&cap, KECCAK256, b"too early");
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedHashScheme)]
fun approve_with_a_hash_scheme_the_curve_does_not_sign() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let _approval = coord.approve_message(&cap, 4, b"message");
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidPrehashedMessage)]
fun approve_a_prehashed_message_that_is_not_one_digest() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let _approval = coord.approve_message(&cap, PREHASHED, x"0102");
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EMessageTooLong)]
fun approve_a_message_above_the_limit() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    destroy(coord.approve_message(&cap, KECCAK256, filled(65536)));
    let _approval = coord.approve_message(&cap, KECCAK256, filled(65537));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUserMessageTooLong)]
fun dkg_with_a_user_message_above_the_limit() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(3), filled(65537), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EGlobalKeyPartsTooLong)]
fun network_key_with_global_key_parts_above_the_limit() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.register_network_key(&admin, vector[SECP256K1], preimage(9), filled(65537), scenario.ctx());
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.end();
}

#[test]
fun approve_a_prehashed_digest() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let digest = x"0101010101010101010101010101010101010101010101010101010101010101";
    let approval = coord.approve_message(&cap, PREHASHED, digest);
    destroy(approval);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EEmptyMessage)]
fun approve_an_empty_message() {
    let (mut scenario, key_id) = setup();
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let _approval = coord.approve_message(&cap, KECCAK256, vector[]);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidSignature)]
fun signature_result_of_the_wrong_length() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let approval = coord.approve_message(&cap, KECCAK256, b"message");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(approval, presign, preimage(7), x"55", payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_SIGNATURE, session_identifier::derive(OTHER, &preimage(7)), x"0102", &mut scenario);
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Future sign ===

/// A verified partial signature of `message` and the cap of its dWallet.
fun verified_partial(coord: &mut Coordinator, key_id: ID, scenario: &mut Scenario): (DWalletCap, PartialSignatureCap) {
    let clock = clock::create_for_testing(scenario.ctx());
    let cap = active_dwallet(coord, key_id, OTHER, 3, false, scenario);
    let presign = claimed_presign(coord, key_id, OTHER, 5, scenario);
    let payment = pay(scenario, 0);
    let partial = coord.request_future_sign(
        coordinator::dwallet_cap_dwallet_id(&cap),
        presign,
        KECCAK256,
        b"later",
        preimage(7),
        x"f5",
        payment,
        &clock,
        scenario.ctx(),
    );
    complete(coord, RESULT_FUTURE_SIGN_VERIFIED, session_identifier::derive(OTHER, &preimage(7)), vector[], scenario);
    destroy(clock);
    (cap, partial)
}

#[test]
fun future_sign_completed_by_a_later_approval() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let (cap, partial) = verified_partial(&mut coord, key_id, &mut scenario);
    let partial_id = coordinator::partial_signature_cap_partial_signature_id(&partial);
    assert!(coordinator::partial_signature_state(&coord, partial_id) == 1);
    let approval = coord.approve_message(&cap, KECCAK256, b"later");
    let payment = pay(&mut scenario, 0);
    let sign_id = coord.request_sign_with_partial_signature(partial, approval, preimage(8), payment, &clock, scenario.ctx());
    assert!(coordinator::partial_signature_state(&coord, partial_id) == 3);
    complete(&mut coord, RESULT_SIGNATURE, session_identifier::derive(OTHER, &preimage(8)), signature(), &mut scenario);
    assert!(coord.sign_signature(sign_id) == option::some(signature()));
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EApprovalMismatch)]
fun future_sign_completed_with_another_message() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let (cap, partial) = verified_partial(&mut coord, key_id, &mut scenario);
    let approval = coord.approve_message(&cap, KECCAK256, b"something else");
    let payment = pay(&mut scenario, 0);
    coord.request_sign_with_partial_signature(partial, approval, preimage(8), payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EApprovalMismatch)]
fun future_sign_completed_with_a_cap_of_another_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let (cap, partial) = verified_partial(&mut coord, key_id, &mut scenario);
    let other = active_dwallet(&mut coord, key_id, OTHER, 9, false, &mut scenario);
    let approval = coord.approve_message(&other, KECCAK256, b"later");
    let payment = pay(&mut scenario, 0);
    coord.request_sign_with_partial_signature(partial, approval, preimage(8), payment, &clock, scenario.ctx());
    destroy(cap);
    destroy(other);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EPartialSignatureNotVerified)]
fun future_sign_completed_before_verification() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, OTHER, 3, false, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let payment = pay(&mut scenario, 0);
    let partial = coord.request_future_sign(
        coordinator::dwallet_cap_dwallet_id(&cap),
        presign,
        KECCAK256,
        b"later",
        preimage(7),
        x"f5",
        payment,
        &clock,
        scenario.ctx(),
    );
    let approval = coord.approve_message(&cap, KECCAK256, b"later");
    let completion_payment = pay(&mut scenario, 0);
    coord.request_sign_with_partial_signature(partial, approval, preimage(8), completion_payment, &clock, scenario.ctx());
    destroy(cap);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDWalletNotFound)]
fun future_sign_for_an_unknown_dwallet() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let presign = claimed_presign(&mut coord, key_id, OTHER, 5, &mut scenario);
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_future_sign(object::id_from_address(@0x99), presign, KECCAK256, b"later", preimage(7), x"f5", payment, &clock, scenario.ctx()));
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Administration ===

#[test, expected_failure(abort_code = dwallet::coordinator::EEpochNotIncreasing)]
fun committee_of_a_past_epoch() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    let builder = fixture_builder(&admin, scenario.ctx());
    coord.set_committee(&admin, fx::epoch(), builder, 3);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidRequestKind)]
fun fee_of_an_unknown_request_kind() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, 6, ECDSA, 1);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidKeyCommitment)]
fun network_key_with_a_short_commitment() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.register_network_key(&admin, vector[SECP256K1], x"01", x"01", scenario.ctx());
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.end();
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDuplicateCurve)]
fun network_key_listing_a_curve_twice() {
    let (mut scenario, _key_id) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.register_network_key(&admin, vector[SECP256K1, SECP256K1], preimage(9), x"01", scenario.ctx());
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.end();
}

// === Cancellation ===

const ONE_HOUR_MS: u64 = 3_600_000;

/// A DKG session of OTHER (preimage [n; 32]) paying `fee`, opened at the clock's time; returns its id.
fun pending_dkg(coord: &mut Coordinator, key_id: ID, n: u8, fee: u64, clock: &clock::Clock, scenario: &mut Scenario): vector<u8> {
    let payment = pay(scenario, fee);
    destroy(coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(n), x"aa", payment, clock, scenario.ctx()));
    session_identifier::derive(OTHER, &preimage(n))
}

#[test]
fun cancel_after_the_timeout_refunds_the_fee_to_the_requester() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    clock.set_for_testing(1_000);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    assert!(coord.session_timeout_ms() == ONE_HOUR_MS);
    let session_id = pending_dkg(&mut coord, key_id, 4, 25, &clock, &mut scenario);
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    assert!(coord.session_status(session_id) == 3);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let refund = scenario.take_from_sender<Coin<SUI>>();
    assert!(refund.value() == 25);
    destroy(refund);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ESessionTimeoutNotReached)]
fun cancel_before_the_timeout_aborts() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let session_id = pending_dkg(&mut coord, key_id, 4, 0, &clock, &mut scenario);
    clock.increment_for_testing(ONE_HOUR_MS - 1);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENotRequester)]
fun cancel_by_another_sender_aborts() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let session_id = pending_dkg(&mut coord, key_id, 4, 0, &clock, &mut scenario);
    ts::return_shared(coord);
    scenario.next_tx(RELAYER);
    let mut coord = scenario.take_shared<Coordinator>();
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ESessionNotPending)]
fun cancel_of_a_completed_session_aborts() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let session_id = pending_dkg(&mut coord, key_id, 4, 0, &clock, &mut scenario);
    complete(&mut coord, RESULT_DWALLET_DKG, session_id, x"d0", &mut scenario);
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ESessionNotFound)]
fun cancel_of_an_unknown_session_aborts() {
    let (mut scenario, _) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    coord.cancel_session(session_identifier::derive(OTHER, &preimage(4)), &clock, scenario.ctx());
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_result_for_a_cancelled_session_is_skipped() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let session_id = pending_dkg(&mut coord, key_id, 4, 9, &clock, &mut scenario);
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    let sequence = coord.next_result_sequence();
    let payout = coord.apply_result_batch_for_testing(one_result(sequence, RESULT_DWALLET_DKG, session_id, x"d0"), scenario.ctx());
    assert!(payout.value() == 0);
    assert!(coord.next_result_sequence() == sequence + 1);
    assert!(coord.session_status(session_id) == 3);
    destroy(payout);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun a_cancelled_pool_presign_leaves_the_pool() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    let presign_id = coord.request_presign(key_id, SECP256K1, ECDSA, preimage(5), payment, &clock, scenario.ctx());
    let session_id = session_identifier::derive(OTHER, &preimage(5));
    clock.increment_for_testing(ONE_HOUR_MS);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    assert!(coordinator::presign_state(&coord, presign_id) == 2);
    complete(&mut coord, RESULT_PRESIGN, session_id, x"b0", &mut scenario);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 0);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test]
fun the_admin_sets_the_session_timeout() {
    let (mut scenario, key_id) = setup();
    let mut clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = scenario.take_from_sender<AdminCap>();
    coord.set_session_timeout(&cap, 10);
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    scenario.next_tx(OTHER);
    let mut coord = scenario.take_shared<Coordinator>();
    let session_id = pending_dkg(&mut coord, key_id, 4, 0, &clock, &mut scenario);
    clock.increment_for_testing(10);
    coord.cancel_session(session_id, &clock, scenario.ctx());
    assert!(coord.session_status(session_id) == 3);
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidSessionTimeout)]
fun a_zero_session_timeout_aborts() {
    let (mut scenario, _) = setup();
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = scenario.take_from_sender<AdminCap>();
    coord.set_session_timeout(&cap, 0);
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    scenario.end();
}

/// Signature algorithms (issue 19): every dWallet, presign, pool and sign has one; only the
/// signing schemes ECDSA on secp256k1 and P-256, Taproot on secp256k1 and EdDSA on ed25519 exist;
/// hash schemes, signature lengths and fees are per algorithm; future sign and bound presigns stay
/// ECDSA-only.
#[test_only]
module dwallet::algorithm_tests;

use dwallet::coordinator::{Self, AdminCap, Coordinator, DWalletCap, PresignCap};
use dwallet::session_identifier;
use dwallet::test_fixtures as fx;
use sui::clock::{Self, Clock};
use sui::coin::{Self, Coin};
use sui::sui::SUI;
use sui::test_scenario::{Self as ts, Scenario};
use sui::test_utils::destroy;

const ADMIN: address = @0xad;
const USER: address = @0xb0b;

const SECP256K1: u32 = 0;
const P256: u32 = 1;
const ED25519: u32 = 2;

const ECDSA: u32 = 0;
const TAPROOT: u32 = 1;
const EDDSA: u32 = 2;

const KECCAK256: u32 = 0;
const SHA256: u32 = 1;
const PREHASHED: u32 = 3;
const SHA512: u32 = 4;

const REQUEST_DWALLET_DKG: u8 = 0;
const REQUEST_PRESIGN: u8 = 2;

const RESULT_DWALLET_DKG: u8 = 0;
const RESULT_IMPORTED_KEY_VERIFIED: u8 = 1;
const RESULT_PRESIGN: u8 = 2;
const RESULT_SIGNATURE: u8 = 3;

// === Helpers ===

fun preimage(n: u8): vector<u8> {
    let mut bytes = vector[];
    while (bytes.length() < 32) bytes.push_back(n);
    bytes
}

/// `length` bytes, all `fill`.
fun filled(length: u64, fill: u8): vector<u8> {
    let mut bytes = vector[];
    while (bytes.length() < length) bytes.push_back(fill);
    bytes
}

/// A coordinator with the fixture committee (epoch 1, threshold 3) and one network key for the three curves.
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
    let key_id = coord.register_network_key(&cap, vector[SECP256K1, P256, ED25519], preimage(9), x"0a0b", scenario.ctx());
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    scenario.next_tx(USER);
    (scenario, key_id)
}

fun pay(scenario: &mut Scenario, amount: u64): Coin<SUI> {
    coin::mint_for_testing<SUI>(amount, scenario.ctx())
}

/// The encoding of a batch of one successful result (the TypeScript schema `ResultBatch`).
fun one_result(sequence: u64, kind: u8, session_id: vector<u8>, payload: vector<u8>): vector<u8> {
    let mut bytes = std::bcs::to_bytes(&sequence);
    bytes.push_back(1);
    bytes.push_back(kind);
    bytes.append(std::bcs::to_bytes(&session_id));
    bytes.append(std::bcs::to_bytes(&payload));
    bytes
}

fun complete(coord: &mut Coordinator, kind: u8, n: u8, payload: vector<u8>, scenario: &mut Scenario) {
    let batch = one_result(coord.next_result_sequence(), kind, session_identifier::derive(USER, &preimage(n)), payload);
    destroy(coord.apply_result_batch_for_testing(batch, scenario.ctx()));
}

/// An ACTIVE dWallet of USER on (`curve`, `algorithm`); its session preimage is [n; 32].
fun active_dwallet(
    coord: &mut Coordinator,
    key_id: ID,
    curve: u32,
    algorithm: u32,
    imported: bool,
    n: u8,
    clock: &Clock,
    scenario: &mut Scenario,
): DWalletCap {
    let payment = pay(scenario, 0);
    let cap = if (imported) {
        coord.request_imported_key_dwallet(key_id, curve, algorithm, preimage(n), x"11", payment, clock, scenario.ctx())
    } else {
        coord.request_dwallet_dkg(key_id, curve, algorithm, preimage(n), x"11", payment, clock, scenario.ctx())
    };
    let kind = if (imported) RESULT_IMPORTED_KEY_VERIFIED else RESULT_DWALLET_DKG;
    complete(coord, kind, n, x"d0", scenario);
    cap
}

/// A completed presign of the pool of (`curve`, `algorithm`), claimed by USER; its session preimage is [n; 32].
fun claimed_presign(
    coord: &mut Coordinator,
    key_id: ID,
    curve: u32,
    algorithm: u32,
    n: u8,
    clock: &Clock,
    scenario: &mut Scenario,
): PresignCap {
    let payment = pay(scenario, 0);
    coord.request_presign(key_id, curve, algorithm, preimage(n), payment, clock, scenario.ctx());
    complete(coord, RESULT_PRESIGN, n, x"b0", scenario);
    let claim_payment = pay(scenario, 0);
    coord.claim_presign(key_id, curve, algorithm, claim_payment, scenario.ctx())
}

fun finish(scenario: Scenario, coord: Coordinator, clock: Clock) {
    ts::return_shared(coord);
    scenario.end();
    destroy(clock);
}

// === Creation ===

#[test]
fun dwallets_have_their_algorithm() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let taproot = active_dwallet(&mut coord, key_id, SECP256K1, TAPROOT, false, 1, &clock, &mut scenario);
    let eddsa = active_dwallet(&mut coord, key_id, ED25519, EDDSA, true, 2, &clock, &mut scenario);
    let taproot_id = coordinator::dwallet_cap_dwallet_id(&taproot);
    let eddsa_id = coordinator::dwallet_cap_dwallet_id(&eddsa);
    assert!(coord.dwallet_curve(taproot_id) == SECP256K1 && coord.dwallet_algorithm(taproot_id) == TAPROOT);
    assert!(coord.dwallet_curve(eddsa_id) == ED25519 && coord.dwallet_algorithm(eddsa_id) == EDDSA);
    assert!(coord.is_dwallet_active(eddsa_id));
    destroy(taproot);
    destroy(eddsa);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedSignatureAlgorithm)]
fun ecdsa_on_ed25519_does_not_exist() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_dwallet_dkg(key_id, ED25519, ECDSA, preimage(1), x"11", payment, &clock, scenario.ctx()));
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedSignatureAlgorithm)]
fun taproot_on_p256_does_not_exist() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_imported_key_dwallet(key_id, P256, TAPROOT, preimage(1), x"11", payment, &clock, scenario.ctx()));
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedSignatureAlgorithm)]
fun an_unknown_algorithm_does_not_exist() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    destroy(
        coord.request_shared_dwallet_dkg(key_id, SECP256K1, 3, preimage(1), x"11", filled(32, 1), payment, &clock, scenario.ctx()),
    );
    finish(scenario, coord, clock);
}

// === Presigns ===

#[test]
fun presign_pools_are_per_algorithm() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_presign(key_id, SECP256K1, TAPROOT, preimage(1), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_PRESIGN, 1, x"b0", &mut scenario);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, TAPROOT) == 1);
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, ECDSA) == 0);
    let claim_payment = pay(&mut scenario, 0);
    let cap = coord.claim_presign(key_id, SECP256K1, TAPROOT, claim_payment, scenario.ctx());
    assert!(coordinator::available_presigns(&coord, key_id, SECP256K1, TAPROOT) == 0);
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EPresignPoolEmpty)]
fun a_taproot_presign_is_not_claimed_as_ecdsa() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_presign(key_id, SECP256K1, TAPROOT, preimage(1), payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_PRESIGN, 1, x"b0", &mut scenario);
    let claim_payment = pay(&mut scenario, 0);
    destroy(coord.claim_presign(key_id, SECP256K1, ECDSA, claim_payment, scenario.ctx()));
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedSignatureAlgorithm)]
fun a_presign_of_a_scheme_that_does_not_exist() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 0);
    coord.request_presign(key_id, ED25519, TAPROOT, preimage(1), payment, &clock, scenario.ctx());
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EImportedKeyPresignNeedsEcdsa)]
fun an_imported_schnorr_dwallet_has_no_bound_presign() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, ED25519, EDDSA, true, 1, &clock, &mut scenario);
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_imported_key_presign(&cap, preimage(2), payment, &clock, scenario.ctx()));
    destroy(cap);
    finish(scenario, coord, clock);
}

// === Signing ===

#[test]
fun an_imported_schnorr_dwallet_signs_with_a_universal_presign() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, SECP256K1, TAPROOT, true, 1, &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, SECP256K1, TAPROOT, 2, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, PREHASHED, filled(32, 3));
    let payment = pay(&mut scenario, 0);
    let sign_id = coord.request_sign(approval, presign, preimage(3), x"55", payment, &clock, scenario.ctx());
    complete(&mut coord, RESULT_SIGNATURE, 3, filled(64, 5), &mut scenario);
    assert!(coord.sign_signature(sign_id) == option::some(filled(64, 5)));
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EPresignAlgorithmMismatch)]
fun a_taproot_dwallet_with_an_ecdsa_presign() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, SECP256K1, TAPROOT, false, 1, &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, SECP256K1, ECDSA, 2, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, SHA256, b"message");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(approval, presign, preimage(3), x"55", payment, &clock, scenario.ctx());
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test]
fun eddsa_signs_the_message_itself_under_sha512() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, ED25519, EDDSA, false, 1, &clock, &mut scenario);
    let _approval = coord.approve_message(&cap, SHA512, filled(1000, 4));
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedHashScheme)]
fun taproot_does_not_sign_keccak256() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, SECP256K1, TAPROOT, false, 1, &clock, &mut scenario);
    let _approval = coord.approve_message(&cap, KECCAK256, b"message");
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedHashScheme)]
fun eddsa_does_not_sign_a_sha256_digest() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, ED25519, EDDSA, false, 1, &clock, &mut scenario);
    let _approval = coord.approve_message(&cap, SHA256, b"message");
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidSignature)]
fun a_schnorr_sign_refuses_an_ecdsa_length_signature() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, ED25519, EDDSA, false, 1, &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, ED25519, EDDSA, 2, &clock, &mut scenario);
    let approval = coord.approve_message(&cap, SHA512, b"message");
    let payment = pay(&mut scenario, 0);
    coord.request_sign(approval, presign, preimage(3), x"55", payment, &clock, scenario.ctx());
    let mut signature = filled(64, 5);
    signature.push_back(0);
    complete(&mut coord, RESULT_SIGNATURE, 3, signature, &mut scenario);
    destroy(cap);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EFutureSignNeedsEcdsa)]
fun future_sign_is_ecdsa_only() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let mut coord = scenario.take_shared<Coordinator>();
    let cap = active_dwallet(&mut coord, key_id, SECP256K1, TAPROOT, false, 1, &clock, &mut scenario);
    let presign = claimed_presign(&mut coord, key_id, SECP256K1, TAPROOT, 2, &clock, &mut scenario);
    let dwallet_id = coordinator::dwallet_cap_dwallet_id(&cap);
    let payment = pay(&mut scenario, 0);
    destroy(coord.request_future_sign(dwallet_id, presign, SHA256, b"later", preimage(3), x"55", payment, &clock, scenario.ctx()));
    destroy(cap);
    finish(scenario, coord, clock);
}

// === Fees ===

#[test]
fun fees_are_per_request_kind_and_algorithm() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, REQUEST_PRESIGN, TAPROOT, 40);
    coord.set_fee(&admin, REQUEST_DWALLET_DKG, EDDSA, 70);
    assert!(coord.fee(REQUEST_PRESIGN, TAPROOT) == 40);
    assert!(coord.fee(REQUEST_PRESIGN, ECDSA) == 0);
    assert!(coord.fee(REQUEST_DWALLET_DKG, EDDSA) == 70);
    assert!(coord.fee(REQUEST_DWALLET_DKG, TAPROOT) == 0);
    scenario.return_to_sender(admin);
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInsufficientFee)]
fun a_request_pays_its_algorithms_fee() {
    let (mut scenario, key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, REQUEST_DWALLET_DKG, EDDSA, 70);
    scenario.return_to_sender(admin);
    ts::return_shared(coord);
    scenario.next_tx(USER);
    let mut coord = scenario.take_shared<Coordinator>();
    let payment = pay(&mut scenario, 69);
    destroy(coord.request_dwallet_dkg(key_id, ED25519, EDDSA, preimage(1), x"11", payment, &clock, scenario.ctx()));
    finish(scenario, coord, clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EUnsupportedSignatureAlgorithm)]
fun no_fee_for_an_unknown_algorithm() {
    let (mut scenario, _key_id) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let mut coord = scenario.take_shared<Coordinator>();
    let admin = scenario.take_from_sender<AdminCap>();
    coord.set_fee(&admin, REQUEST_PRESIGN, 3, 1);
    scenario.return_to_sender(admin);
    finish(scenario, coord, clock);
}

#[test_only]
module dwallet::network_tests;

use dwallet::coordinator::{Self, AdminCap, CommitteeBuilder, Coordinator};
use dwallet::session_identifier;
use dwallet::test_fixtures as fx;
use sui::clock;
use sui::coin;
use sui::sui::SUI;
use sui::test_scenario::{Self as ts, Scenario};
use sui::test_utils::destroy;

const ADMIN: address = @0xad;

const SECP256K1: u32 = 0;
const ECDSA: u32 = 0;
const P256: u32 = 1;

const RESULT_REJECTED: u8 = 5;
const RESULT_NETWORK_KEY_GENERATED: u8 = 6;
const RESULT_RECONFIGURED: u8 = 7;

const NETWORK_KEY_REQUESTED: u8 = 0;
const NETWORK_KEY_ACTIVE: u8 = 1;
const NETWORK_KEY_REJECTED: u8 = 2;

// === Helpers ===

/// `length` bytes, all `byte`.
fun filled(length: u64, byte: u8): vector<u8> {
    let mut bytes = vector[];
    while (bytes.length() < length) bytes.push_back(byte);
    bytes
}

fun preimage(n: u8): vector<u8> {
    filled(32, n)
}

/// The admin's session id for the preimage [n; 32].
fun admin_session(n: u8): vector<u8> {
    session_identifier::derive(ADMIN, &preimage(n))
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

/// A coordinator with the fixture committee (epoch 1, threshold 3) and one admin-registered key.
fun setup(): (Scenario, ID) {
    let mut scenario = ts::begin(ADMIN);
    coordinator::init_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let (mut coord, cap) = begin(&mut scenario);
    let builder = fixture_builder(&cap, scenario.ctx());
    coord.set_committee(&cap, fx::epoch(), builder, 3);
    let key_id = coord.register_network_key(&cap, vector[SECP256K1], filled(32, 9), x"0a0b", scenario.ctx());
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    scenario.next_tx(ADMIN);
    (scenario, key_id)
}

/// The encoding of a batch of one result carrying an output (tags 0-2, 6, 7).
fun output_batch(sequence: u64, kind: u8, session_id: vector<u8>, output: vector<u8>): vector<u8> {
    let mut bytes = std::bcs::to_bytes(&sequence);
    bytes.push_back(1);
    bytes.push_back(kind);
    bytes.append(std::bcs::to_bytes(&session_id));
    bytes.append(std::bcs::to_bytes(&output));
    bytes
}

fun rejected_batch(sequence: u64, session_id: vector<u8>): vector<u8> {
    let mut bytes = std::bcs::to_bytes(&sequence);
    bytes.push_back(1);
    bytes.push_back(RESULT_REJECTED);
    bytes.append(std::bcs::to_bytes(&session_id));
    bytes.append(std::bcs::to_bytes(&1u32));
    bytes.append(std::bcs::to_bytes(&x"72"));
    bytes.append(std::bcs::to_bytes(&vector<u32>[]));
    bytes
}

/// BCS of `{ key_commitment, global_key_parts, threshold_key_digest }`.
fun key_output(key_commitment: vector<u8>, global_key_parts: vector<u8>, threshold_key_digest: vector<u8>): vector<u8> {
    let mut bytes = std::bcs::to_bytes(&key_commitment);
    bytes.append(std::bcs::to_bytes(&global_key_parts));
    bytes.append(std::bcs::to_bytes(&threshold_key_digest));
    bytes
}

/// BCS of `{ versions: vector<{ network_key_id: address, threshold_key_digest }> }` (fewer than 128 entries).
fun reconfigured_output(key_ids: vector<ID>, digests: vector<vector<u8>>): vector<u8> {
    let mut bytes = vector[(key_ids.length() as u8)];
    let mut i = 0;
    while (i < key_ids.length()) {
        bytes.append(std::bcs::to_bytes(&object::id_to_address(&key_ids[i])));
        bytes.append(std::bcs::to_bytes(&digests[i]));
        i = i + 1;
    };
    bytes
}

fun apply(coord: &mut Coordinator, batch: vector<u8>, scenario: &mut Scenario) {
    destroy(coord.apply_result_batch_for_testing(batch, scenario.ctx()));
}

fun apply_output(coord: &mut Coordinator, kind: u8, session_id: vector<u8>, output: vector<u8>, scenario: &mut Scenario) {
    let batch = output_batch(coord.next_result_sequence(), kind, session_id, output);
    apply(coord, batch, scenario);
}

/// Requests a DKG of a network key for secp256k1 and P-256 with the preimage [n; 32].
fun request_dkg(coord: &mut Coordinator, cap: &AdminCap, n: u8, scenario: &mut Scenario): ID {
    let clock = clock::create_for_testing(scenario.ctx());
    let key_id = coord.request_network_key_dkg(cap, vector[SECP256K1, P256], preimage(n), &clock, scenario.ctx());
    destroy(clock);
    key_id
}

/// Requests the fixture committee again as the next committee, with the preimage [n; 32].
fun request_reconfiguration(coord: &mut Coordinator, cap: &AdminCap, n: u8, scenario: &mut Scenario) {
    let clock = clock::create_for_testing(scenario.ctx());
    let builder = fixture_builder(cap, scenario.ctx());
    coord.request_reconfiguration(cap, builder, 3, preimage(n), &clock, scenario.ctx());
    destroy(clock);
}

/// The coordinator and the admin's cap, taken at the start of a test (the cap stays out for the whole test).
fun begin(scenario: &mut Scenario): (Coordinator, AdminCap) {
    (scenario.take_shared<Coordinator>(), scenario.take_from_sender<AdminCap>())
}

fun finish(coord: Coordinator, cap: AdminCap, scenario: Scenario) {
    scenario.return_to_sender(cap);
    ts::return_shared(coord);
    scenario.end();
}

// === Network-key DKG ===

#[test]
fun an_admin_registered_key_is_active_with_an_unattested_version() {
    let (mut scenario, key_id) = setup();
    let (coord, cap) = begin(&mut scenario);
    assert!(coord.network_key_state(key_id) == NETWORK_KEY_ACTIVE);
    let (epochs, digests) = coord.network_key_versions(key_id);
    assert!(epochs == vector[1]);
    assert!(digests == vector[filled(32, 0)]);
    finish(coord, cap, scenario);
}

#[test]
fun a_network_key_dkg_activates_the_key() {
    let (mut scenario, _) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let (mut coord, cap) = begin(&mut scenario);
    let key_id = request_dkg(&mut coord, &cap, 1, &mut scenario);
    assert!(coord.network_key_state(key_id) == NETWORK_KEY_REQUESTED);
    assert!(coord.session_status(admin_session(1)) == 0);
    apply_output(&mut coord, RESULT_NETWORK_KEY_GENERATED, admin_session(1), key_output(filled(32, 3), x"0102", filled(32, 4)), &mut scenario);
    assert!(coord.network_key_state(key_id) == NETWORK_KEY_ACTIVE);
    assert!(coord.session_status(admin_session(1)) == 1);
    let (epochs, digests) = coord.network_key_versions(key_id);
    assert!(epochs == vector[1]);
    assert!(digests == vector[filled(32, 4)]);
    // The new key serves requests.
    let payment = coin::mint_for_testing<SUI>(0, scenario.ctx());
    let dwallet_cap = coord.request_dwallet_dkg(key_id, P256, ECDSA, preimage(2), x"11", payment, &clock, scenario.ctx());
    destroy(dwallet_cap);
    finish(coord, cap, scenario);
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENetworkKeyNotActive)]
fun a_requested_key_serves_no_request() {
    let (mut scenario, _) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let (mut coord, cap) = begin(&mut scenario);
    let key_id = request_dkg(&mut coord, &cap, 1, &mut scenario);
    let payment = coin::mint_for_testing<SUI>(0, scenario.ctx());
    coord.request_presign(key_id, SECP256K1, ECDSA, preimage(2), payment, &clock, scenario.ctx());
    finish(coord, cap, scenario);
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENetworkKeyNotActive)]
fun a_rejected_key_serves_no_request() {
    let (mut scenario, _) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let (mut coord, cap) = begin(&mut scenario);
    let key_id = request_dkg(&mut coord, &cap, 1, &mut scenario);
    let batch = rejected_batch(coord.next_result_sequence(), admin_session(1));
    apply(&mut coord, batch, &mut scenario);
    assert!(coord.network_key_state(key_id) == NETWORK_KEY_REJECTED);
    let payment = coin::mint_for_testing<SUI>(0, scenario.ctx());
    let dwallet_cap = coord.request_dwallet_dkg(key_id, SECP256K1, ECDSA, preimage(2), x"11", payment, &clock, scenario.ctx());
    destroy(dwallet_cap);
    finish(coord, cap, scenario);
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENetworkKeyGenerationPending)]
fun an_epoch_change_waits_for_a_pending_network_key_dkg() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_dkg(&mut coord, &cap, 1, &mut scenario);
    request_reconfiguration(&mut coord, &cap, 2, &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EReconfigurationPending)]
fun a_network_key_dkg_waits_for_a_pending_epoch_change() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    request_dkg(&mut coord, &cap, 2, &mut scenario);
    finish(coord, cap, scenario);
}

#[test]
fun an_epoch_change_may_follow_a_rejected_network_key_dkg() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_dkg(&mut coord, &cap, 1, &mut scenario);
    let batch = rejected_batch(coord.next_result_sequence(), admin_session(1));
    apply(&mut coord, batch, &mut scenario);
    request_reconfiguration(&mut coord, &cap, 2, &mut scenario);
    assert!(coord.has_pending_committee());
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EDuplicateCurve)]
fun a_dkg_for_a_curve_twice_aborts() {
    let (mut scenario, _) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let (mut coord, cap) = begin(&mut scenario);
    coord.request_network_key_dkg(&cap, vector[P256, P256], preimage(1), &clock, scenario.ctx());
    finish(coord, cap, scenario);
    destroy(clock);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ETrailingOutputBytes)]
fun a_key_output_with_trailing_bytes_aborts() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_dkg(&mut coord, &cap, 1, &mut scenario);
    let mut output = key_output(filled(32, 3), x"0102", filled(32, 4));
    output.push_back(0);
    apply_output(&mut coord, RESULT_NETWORK_KEY_GENERATED, admin_session(1), output, &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidThresholdKeyDigest)]
fun a_key_output_with_a_short_digest_aborts() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_dkg(&mut coord, &cap, 1, &mut scenario);
    apply_output(&mut coord, RESULT_NETWORK_KEY_GENERATED, admin_session(1), key_output(filled(32, 3), x"0102", filled(31, 4)), &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidKeyCommitment)]
fun a_key_output_with_a_short_commitment_aborts() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_dkg(&mut coord, &cap, 1, &mut scenario);
    apply_output(&mut coord, RESULT_NETWORK_KEY_GENERATED, admin_session(1), key_output(filled(31, 3), x"0102", filled(32, 4)), &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EResultKindMismatch)]
fun a_reconfiguration_result_for_a_dkg_session_aborts() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_dkg(&mut coord, &cap, 1, &mut scenario);
    apply_output(&mut coord, RESULT_RECONFIGURED, admin_session(1), x"00", &mut scenario);
    finish(coord, cap, scenario);
}

// === Reconfiguration ===

#[test]
fun a_reconfiguration_installs_the_next_committee_and_versions_every_active_key() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    assert!(coord.has_pending_committee());
    assert!(coord.epoch() == 1);
    apply_output(&mut coord, RESULT_RECONFIGURED, admin_session(1), reconfigured_output(vector[key_id], vector[filled(32, 5)]), &mut scenario);
    assert!(coord.epoch() == 2);
    assert!(!coord.has_pending_committee());
    assert!(coord.committee_size() == 4);
    let (epochs, digests) = coord.network_key_versions(key_id);
    assert!(epochs == vector[1, 2]);
    assert!(digests == vector[filled(32, 0), filled(32, 5)]);
    assert!(coord.session_status(admin_session(1)) == 1);
    finish(coord, cap, scenario);
}

#[test]
fun a_rejected_reconfiguration_drops_the_pending_committee() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    let batch = rejected_batch(coord.next_result_sequence(), admin_session(1));
    apply(&mut coord, batch, &mut scenario);
    assert!(!coord.has_pending_committee());
    assert!(coord.epoch() == 1);
    request_reconfiguration(&mut coord, &cap, 2, &mut scenario);
    assert!(coord.has_pending_committee());
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EReconfigurationPending)]
fun one_reconfiguration_at_a_time() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    request_reconfiguration(&mut coord, &cap, 2, &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENoCommittee)]
fun no_reconfiguration_without_a_committee() {
    let mut scenario = ts::begin(ADMIN);
    coordinator::init_for_testing(scenario.ctx());
    scenario.next_tx(ADMIN);
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENetworkKeyVersionsMismatch)]
fun a_reconfiguration_must_version_every_active_key() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    apply_output(&mut coord, RESULT_RECONFIGURED, admin_session(1), reconfigured_output(vector[], vector[]), &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::ENetworkKeyVersionsMismatch)]
fun a_reconfiguration_names_only_active_keys() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    let requested = request_dkg(&mut coord, &cap, 2, &mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    apply_output(&mut coord, RESULT_RECONFIGURED, admin_session(1), reconfigured_output(vector[requested], vector[filled(32, 5)]), &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EInvalidThresholdKeyDigest)]
fun a_reconfiguration_with_a_short_digest_aborts() {
    let (mut scenario, key_id) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    apply_output(&mut coord, RESULT_RECONFIGURED, admin_session(1), reconfigured_output(vector[key_id], vector[filled(33, 5)]), &mut scenario);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::coordinator::EReconfigurationPending)]
fun set_committee_waits_for_a_pending_reconfiguration() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    request_reconfiguration(&mut coord, &cap, 1, &mut scenario);
    let builder = fixture_builder(&cap, scenario.ctx());
    coord.set_committee(&cap, 5, builder, 3);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidShareEncryptionKey)]
fun a_reconfiguration_with_a_bad_share_encryption_key_aborts() {
    let (mut scenario, _) = setup();
    let clock = clock::create_for_testing(scenario.ctx());
    let (mut coord, cap) = begin(&mut scenario);
    let mut keys = fx::share_encryption_keys();
    *keys.borrow_mut(1) = filled(33, 4);
    let mut builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    builder.add_committee_members(
        fx::public_keys(),
        fx::proofs_of_possession(),
        fx::weights(),
        fx::validator_addresses(),
        fx::network_addresses(),
        keys,
    );
    coord.request_reconfiguration(&cap, builder, 3, preimage(1), &clock, scenario.ctx());
    destroy(clock);
    finish(coord, cap, scenario);
}

// === Committee builder ===

/// The first `count` fixture members from index `from`, added to `builder` as one batch.
fun add_fixture_members(builder: &mut CommitteeBuilder, from: u64, count: u64) {
    let (keys, proofs, weights) = (fx::public_keys(), fx::proofs_of_possession(), fx::weights());
    let (addresses, network_addresses, encryption_keys) = (
        fx::validator_addresses(),
        fx::network_addresses(),
        fx::share_encryption_keys(),
    );
    let (mut k, mut p, mut w, mut a, mut n, mut e) = (vector[], vector[], vector[], vector[], vector[], vector[]);
    let mut i = from;
    while (i < from + count) {
        k.push_back(keys[i]);
        p.push_back(proofs[i]);
        w.push_back(weights[i]);
        a.push_back(addresses[i]);
        n.push_back(network_addresses[i]);
        e.push_back(encryption_keys[i]);
        i = i + 1;
    };
    builder.add_committee_members(k, p, w, a, n, e);
}

#[test]
fun a_committee_added_in_batches_is_the_committee_added_at_once() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    let mut builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    add_fixture_members(&mut builder, 0, 1);
    add_fixture_members(&mut builder, 1, 0);
    add_fixture_members(&mut builder, 1, 3);
    coord.set_committee(&cap, 2, builder, 3);
    assert!(coordinator::committee_size(&coord) == 4);
    // The committee certifies as the one set at once: the fixture certificate of epoch 1 is
    // checked against the same keys in the same order.
    assert!(coord.epoch() == 2);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::committee::EEmptyCommittee)]
fun an_empty_builder_makes_no_committee() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    let builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    coord.set_committee(&cap, 2, builder, 0);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::committee::ELengthMismatch)]
fun a_batch_of_mismatched_lengths_is_refused() {
    let (mut scenario, _) = setup();
    let (coord, cap) = begin(&mut scenario);
    let mut builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    builder.add_committee_members(
        fx::public_keys(),
        fx::proofs_of_possession(),
        vector[1, 1, 1],
        fx::validator_addresses(),
        fx::network_addresses(),
        fx::share_encryption_keys(),
    );
    transfer::public_transfer(builder, ADMIN);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidProofOfPossession)]
fun a_bad_proof_of_possession_in_a_later_batch_is_refused() {
    let (mut scenario, _) = setup();
    let (coord, cap) = begin(&mut scenario);
    let mut builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    add_fixture_members(&mut builder, 0, 2);
    // Members 2 and 3, each with the other's proof of possession.
    let (keys, proofs, addresses) = (fx::public_keys(), fx::proofs_of_possession(), fx::validator_addresses());
    let (network_addresses, encryption_keys) = (fx::network_addresses(), fx::share_encryption_keys());
    builder.add_committee_members(
        vector[keys[2], keys[3]],
        vector[proofs[3], proofs[2]],
        vector[1, 1],
        vector[addresses[2], addresses[3]],
        vector[network_addresses[2], network_addresses[3]],
        vector[encryption_keys[2], encryption_keys[3]],
    );
    transfer::public_transfer(builder, ADMIN);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::committee::EDuplicatePublicKey)]
fun a_key_of_an_earlier_batch_is_refused() {
    let (mut scenario, _) = setup();
    let (coord, cap) = begin(&mut scenario);
    let mut builder = coordinator::new_committee_builder(&cap, scenario.ctx());
    add_fixture_members(&mut builder, 0, 2);
    add_fixture_members(&mut builder, 1, 1);
    transfer::public_transfer(builder, ADMIN);
    finish(coord, cap, scenario);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidThreshold)]
fun a_builder_for_a_reconfiguration_meets_the_threshold_check() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    let clock = clock::create_for_testing(scenario.ctx());
    let builder = fixture_builder(&cap, scenario.ctx());
    coord.request_reconfiguration(&cap, builder, 2, preimage(1), &clock, scenario.ctx());
    destroy(clock);
    finish(coord, cap, scenario);
}

// === Cancellation ===

#[test, expected_failure(abort_code = dwallet::coordinator::ESessionNotCancellable)]
fun a_network_key_dkg_cannot_be_cancelled() {
    let (mut scenario, _) = setup();
    let (mut coord, cap) = begin(&mut scenario);
    let mut clock = clock::create_for_testing(scenario.ctx());
    coord.request_network_key_dkg(&cap, vector[SECP256K1], preimage(1), &clock, scenario.ctx());
    clock.increment_for_testing(coord.session_timeout_ms());
    coord.cancel_session(admin_session(1), &clock, scenario.ctx());
    destroy(clock);
    finish(coord, cap, scenario);
}

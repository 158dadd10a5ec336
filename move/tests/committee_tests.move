#[test_only]
module dwallet::committee_tests;

use dwallet::committee::{Self, Committee};
use dwallet::test_fixtures as fx;
use std::string::String;

fun fixture_committee(): Committee {
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 3)
}

fun dkg_message(epoch: u64): vector<u8> {
    let mut message = x"640100";
    message.append(fx::coordinator_id());
    message.append(fx::dkg_batch());
    message.append(std::bcs::to_bytes(&epoch));
    message
}

#[test]
fun builds_a_committee_from_fixtures() {
    let committee = fixture_committee();
    assert!(committee.size() == 4);
    assert!(committee.total_weight() == 4);
    assert!(committee.threshold() == 3);
    assert!(committee.members()[2].sui_address() == @0xb2);
}

#[test]
fun verifies_a_quorum_certificate() {
    let committee = fixture_committee();
    let weight = committee.verify_certificate(&fx::dkg_batch_signature_012(), &x"07", &dkg_message(1));
    assert!(weight == 3);
}

#[test, expected_failure(abort_code = dwallet::committee::EInsufficientWeight)]
fun refuses_a_certificate_below_threshold() {
    fixture_committee().verify_certificate(&fx::dkg_batch_signature_01(), &x"03", &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidSignature)]
fun refuses_a_bitmap_naming_other_signers() {
    fixture_committee().verify_certificate(&fx::dkg_batch_signature_012(), &x"0e", &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidSignature)]
fun refuses_a_signature_over_other_bytes() {
    fixture_committee().verify_certificate(&fx::dkg_batch_next_signature_012(), &x"07", &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidSignature)]
fun refuses_a_signature_of_another_epoch() {
    fixture_committee().verify_certificate(&fx::dkg_batch_signature_012(), &x"07", &dkg_message(2));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidBitmap)]
fun refuses_a_bitmap_of_the_wrong_length() {
    fixture_committee().verify_certificate(&fx::dkg_batch_signature_012(), &x"0700", &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidBitmap)]
fun refuses_a_bitmap_naming_non_members() {
    fixture_committee().verify_certificate(&fx::dkg_batch_signature_012(), &x"17", &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidSignatureLength)]
fun refuses_a_short_signature() {
    fixture_committee().verify_certificate(&x"0102", &x"07", &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidProofOfPossession)]
fun refuses_a_proof_of_possession_of_another_key() {
    let mut proofs = fx::proofs_of_possession();
    proofs.swap(0, 1);
    committee::new(fx::public_keys(), proofs, fx::weights(), fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 3);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidProofOfPossession)]
fun refuses_a_proof_of_possession_for_another_address() {
    let mut addresses = fx::validator_addresses();
    addresses.swap(0, 1);
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), addresses, fx::network_addresses(), fx::share_encryption_keys(), 3);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidThreshold)]
fun refuses_a_threshold_of_two_thirds_or_less() {
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 2);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidThreshold)]
fun refuses_a_threshold_above_the_total_weight() {
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 5);
}

#[test, expected_failure(abort_code = dwallet::committee::EDuplicatePublicKey)]
fun refuses_a_duplicate_key() {
    let mut keys = fx::public_keys();
    let first = keys[0];
    *keys.borrow_mut(1) = first;
    committee::new(keys, fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 3);
}

#[test, expected_failure(abort_code = dwallet::committee::EZeroWeight)]
fun refuses_a_zero_weight() {
    committee::new(fx::public_keys(), fx::proofs_of_possession(), vector[1, 0, 1, 1], fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 3);
}

#[test]
fun accepts_the_largest_total_weight() {
    // 1021 + 1 + 1 + 1 = 1024 = MAX_TOTAL_WEIGHT virtual parties; threshold ⌊2·1024/3⌋ + 1.
    let committee = committee::new(fx::public_keys(), fx::proofs_of_possession(), vector[1021, 1, 1, 1], fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 683);
    assert!(committee.total_weight() == 1024);
    assert!(committee.threshold() == 683);
}

#[test, expected_failure(abort_code = dwallet::committee::ETotalWeightTooLarge)]
fun refuses_a_total_weight_above_the_limit() {
    // Every weight is below MAX_WEIGHT, their sum 1025 is above MAX_TOTAL_WEIGHT.
    committee::new(fx::public_keys(), fx::proofs_of_possession(), vector[1000, 20, 4, 1], fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 1024);
}

#[test, expected_failure(abort_code = dwallet::committee::EWeightTooLarge)]
fun refuses_a_member_weight_above_the_limit() {
    committee::new(fx::public_keys(), fx::proofs_of_possession(), vector[1, 1_000_001, 1, 1], fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 3);
}

#[test, expected_failure(abort_code = dwallet::committee::ENetworkAddressTooLong)]
fun refuses_a_network_address_above_the_limit() {
    let mut long: String = b"http://".to_string();
    while (long.length() <= 256) long.append(b"a".to_string());
    let mut addresses = fx::network_addresses();
    *addresses.borrow_mut(2) = long;
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), addresses, fx::share_encryption_keys(), 3);
}

#[test, expected_failure(abort_code = dwallet::committee::ELengthMismatch)]
fun refuses_vectors_of_different_lengths() {
    committee::new(fx::public_keys(), fx::proofs_of_possession(), vector[1, 1, 1], fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys(), 3);
}

#[test, expected_failure(abort_code = dwallet::committee::EEmptyCommittee)]
fun refuses_an_empty_committee() {
    committee::new(vector[], vector[], vector[], vector[], vector[], vector[], 0);
}

#[test, expected_failure(abort_code = dwallet::committee::EEmptyCommittee)]
fun the_empty_committee_certifies_nothing() {
    committee::empty().verify_certificate(&fx::dkg_batch_signature_012(), &vector[], &dkg_message(1));
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidShareEncryptionKey)]
fun refuses_a_share_encryption_key_of_the_wrong_length() {
    let mut keys = fx::share_encryption_keys();
    keys.borrow_mut(0).pop_back();
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), keys, 3);
}

#[test, expected_failure(abort_code = dwallet::committee::EInvalidShareEncryptionKey)]
fun refuses_an_uncompressed_share_encryption_key_prefix() {
    let mut keys = fx::share_encryption_keys();
    *keys.borrow_mut(3).borrow_mut(0) = 4;
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), keys, 3);
}

#[test, expected_failure(abort_code = dwallet::committee::ELengthMismatch)]
fun refuses_a_missing_share_encryption_key() {
    let mut keys = fx::share_encryption_keys();
    keys.pop_back();
    committee::new(fx::public_keys(), fx::proofs_of_possession(), fx::weights(), fx::validator_addresses(), fx::network_addresses(), keys, 3);
}

#[test]
fun members_carry_their_share_encryption_keys() {
    let committee = fixture_committee();
    assert!(*committee.members()[1].share_encryption_key() == fx::share_encryption_keys()[1]);
}

/// Keys are stored as validated `Element<G1>`s, whose bytes are the compressed keys given.
#[test]
fun members_keep_their_keys_as_validated_elements() {
    let committee = fixture_committee();
    let keys = fx::public_keys();
    let mut i = 0;
    while (i < keys.length()) {
        assert!(*committee.members()[i].public_key() == keys[i]);
        i = i + 1;
    };
}

/// Members added one batch at a time make the committee `new` makes from all of them at once.
#[test]
fun a_member_list_filled_in_batches_makes_the_same_committee() {
    let (keys, proofs, addresses) = (fx::public_keys(), fx::proofs_of_possession(), fx::validator_addresses());
    let (network_addresses, encryption_keys) = (fx::network_addresses(), fx::share_encryption_keys());
    let mut list = committee::new_member_list();
    list.add_members(vector[keys[0]], vector[proofs[0]], vector[1], vector[addresses[0]], vector[network_addresses[0]], vector[encryption_keys[0]]);
    list.add_members(vector[], vector[], vector[], vector[], vector[], vector[]);
    list.add_members(
        vector[keys[1], keys[2], keys[3]],
        vector[proofs[1], proofs[2], proofs[3]],
        vector[1, 1, 1],
        vector[addresses[1], addresses[2], addresses[3]],
        vector[network_addresses[1], network_addresses[2], network_addresses[3]],
        vector[encryption_keys[1], encryption_keys[2], encryption_keys[3]],
    );
    assert!(list.member_count() == 4);
    assert!(list.finish(3) == fixture_committee());
}

#[test, expected_failure(abort_code = dwallet::committee::EDuplicatePublicKey)]
fun a_key_listed_in_an_earlier_batch_is_refused() {
    let (keys, proofs, addresses) = (fx::public_keys(), fx::proofs_of_possession(), fx::validator_addresses());
    let (network_addresses, encryption_keys) = (fx::network_addresses(), fx::share_encryption_keys());
    let mut list = committee::new_member_list();
    list.add_members(vector[keys[0]], vector[proofs[0]], vector[1], vector[addresses[0]], vector[network_addresses[0]], vector[encryption_keys[0]]);
    list.add_members(vector[keys[0]], vector[proofs[0]], vector[1], vector[addresses[0]], vector[network_addresses[0]], vector[encryption_keys[0]]);
}

#[test, expected_failure(abort_code = dwallet::committee::EEmptyCommittee)]
fun an_empty_member_list_makes_no_committee() {
    committee::new_member_list().finish(0);
}

#[test, expected_failure(abort_code = dwallet::committee::ETotalWeightTooLarge)]
fun the_total_weight_is_bounded_when_the_list_is_finished() {
    let mut list = committee::new_member_list();
    list.add_members(fx::public_keys(), fx::proofs_of_possession(), vector[1000, 20, 4, 1], fx::validator_addresses(), fx::network_addresses(), fx::share_encryption_keys());
    list.finish(1024);
}

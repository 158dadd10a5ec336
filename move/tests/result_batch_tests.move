#[test_only]
module dwallet::result_batch_tests;

use dwallet::result_batch;
use dwallet::test_fixtures as fx;

#[test]
fun parses_the_fixture_batch() {
    let batch = result_batch::parse(fx::dkg_batch());
    assert!(batch.sequence() == 0);
    assert!(batch.results().length() == 1);
    let result = &batch.results()[0];
    assert!(result.kind() == result_batch::dwallet_dkg());
    assert!(*result.session_id() == fx::session_id());
    assert!(*result.payload() == fx::dkg_output());
    assert!(result_batch::peek_sequence(&fx::dkg_batch_next()) == 1);
}

#[test]
fun parses_a_rejection_with_blame() {
    let mut bytes = std::bcs::to_bytes(&7u64);
    bytes.push_back(1);
    bytes.push_back(5);
    bytes.append(std::bcs::to_bytes(&fx::session_id()));
    bytes.append(std::bcs::to_bytes(&9u32));
    bytes.append(std::bcs::to_bytes(&b"bad proof"));
    bytes.append(std::bcs::to_bytes(&vector<u32>[1, 3]));
    let batch = result_batch::parse(bytes);
    let result = &batch.results()[0];
    assert!(batch.sequence() == 7);
    assert!(result.kind() == result_batch::rejected());
    assert!(result.reason_code() == 9);
    assert!(*result.payload() == b"bad proof");
    assert!(*result.blamed() == vector[1, 3]);
}

#[test]
fun parses_an_empty_batch() {
    let mut bytes = std::bcs::to_bytes(&3u64);
    bytes.push_back(0);
    assert!(result_batch::parse(bytes).results().is_empty());
}

#[test, expected_failure(abort_code = dwallet::result_batch::EMalformedBatch)]
fun refuses_a_batch_shorter_than_its_sequence() {
    result_batch::peek_sequence(&x"01020304");
}

#[test, expected_failure(abort_code = dwallet::result_batch::ETrailingBytes)]
fun refuses_trailing_bytes() {
    let mut bytes = fx::dkg_batch();
    bytes.push_back(0);
    result_batch::parse(bytes);
}

#[test, expected_failure(abort_code = dwallet::result_batch::EUnknownResultKind)]
fun refuses_an_unknown_result_kind() {
    let mut bytes = std::bcs::to_bytes(&0u64);
    bytes.push_back(1);
    bytes.push_back(12);
    bytes.append(std::bcs::to_bytes(&fx::session_id()));
    result_batch::parse(bytes);
}

#[test, expected_failure(abort_code = dwallet::result_batch::EInvalidSessionIdLength)]
fun refuses_a_short_session_id() {
    let mut bytes = std::bcs::to_bytes(&0u64);
    bytes.push_back(1);
    bytes.push_back(4);
    bytes.append(std::bcs::to_bytes(&x"0102"));
    result_batch::parse(bytes);
}

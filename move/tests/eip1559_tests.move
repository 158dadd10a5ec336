/// Vectors of `dwallet::eip1559`, generated with viem (`serializeTransaction` with type 'eip1559' and an
/// empty access list, `keccak256`): an all-zero contract creation, a mainnet transfer of 1 ether,
/// a Sepolia creation with 56 bytes of data, every field at its maximum, and 256 bytes of data.
///
/// Layout read by `test/move/encoder-vectors.test.ts`, which recomputes every vector with independent
/// libraries and checks every abort test against the local-chain mirror: one `#[test] fun vector_N()`
/// per vector, whose body is only `let` bindings and `assert!(… == …)` of calls with literal
/// arguments (`x"…"`, integers, `vector[…]`, `&`); abort tests are
/// `#[test, expected_failure(abort_code = dwallet::<module>::E…)]` with the same kind of body.
#[test_only]
module dwallet::eip1559_tests;

use dwallet::eip1559;

#[test]
fun vector_0() {
    let unsigned_transaction = eip1559::unsigned_transaction(
        1,
        0,
        0,
        0,
        0,
        x"",
        0,
        x"",
    );
    assert!(unsigned_transaction == x"02c90180808080808080c0");
    assert!(eip1559::signing_digest(&unsigned_transaction) == x"85f23b4c1d3d39bb551f12847bf6123319ed584cbff9bdfc3e81409192d69edf");
}

#[test]
fun vector_1() {
    let unsigned_transaction = eip1559::unsigned_transaction(
        1,
        7,
        2000000000,
        100000000000,
        21000,
        x"d8da6bf26964af9d7eed9e03e53415d37aa96045",
        1000000000000000000,
        x"",
    );
    assert!(unsigned_transaction == x"02f00107847735940085174876e80082520894d8da6bf26964af9d7eed9e03e53415d37aa96045880de0b6b3a764000080c0");
    assert!(eip1559::signing_digest(&unsigned_transaction) == x"1b9d7020ed280cc807ce84b3bf5106321a6b7fa88454662b9c6a7dd7c03b348f");
}

#[test]
fun vector_2() {
    let unsigned_transaction = eip1559::unsigned_transaction(
        11155111,
        42,
        1500000000,
        30000000000,
        1000000,
        x"",
        0,
        x"00070e151c232a31383f464d545b626970777e858c939aa1a8afb6bdc4cbd2d9e0e7eef5fc030a11181f262d343b424950575e656c737a81",
    );
    assert!(unsigned_transaction == x"02f85183aa36a72a8459682f008506fc23ac00830f42408080b83800070e151c232a31383f464d545b626970777e858c939aa1a8afb6bdc4cbd2d9e0e7eef5fc030a11181f262d343b424950575e656c737a81c0");
    assert!(eip1559::signing_digest(&unsigned_transaction) == x"cac43f606a665da699fe363d873ede6644da05d3598cb8acd2aafcf4d28af7fb");
}

#[test]
fun vector_3() {
    let unsigned_transaction = eip1559::unsigned_transaction(
        18446744073709551615,
        18446744073709551615,
        115792089237316195423570985008687907853269984665640564039457584007913129639935,
        115792089237316195423570985008687907853269984665640564039457584007913129639935,
        18446744073709551615,
        x"ffffffffffffffffffffffffffffffffffffffff",
        115792089237316195423570985008687907853269984665640564039457584007913129639935,
        x"80",
    );
    assert!(unsigned_transaction == x"02f89688ffffffffffffffff88ffffffffffffffffa0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff88ffffffffffffffff94ffffffffffffffffffffffffffffffffffffffffa0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8180c0");
    assert!(eip1559::signing_digest(&unsigned_transaction) == x"feac29dc82abe176f8576cd31a52ca6d096c0f71c75ee2822168b16e7a7de00b");
}

#[test]
fun vector_4() {
    let unsigned_transaction = eip1559::unsigned_transaction(
        137,
        1,
        30,
        31,
        60000,
        x"0000000000000000000000000000000000000000",
        1,
        x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
    );
    assert!(unsigned_transaction == x"02f901228189011e1f82ea6094000000000000000000000000000000000000000001b90100000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeffc0");
    assert!(eip1559::signing_digest(&unsigned_transaction) == x"9cd4dd7a6e8998c6f35b81b69763f5d0e8b96909731f9425e9e6c13f25524228");
}

#[test, expected_failure(abort_code = dwallet::eip1559::EInvalidChainId)]
fun refuses_chain_id_zero() {
    eip1559::unsigned_transaction(0, 0, 0, 0, 21000, x"d8da6bf26964af9d7eed9e03e53415d37aa96045", 1, x"");
}

#[test, expected_failure(abort_code = dwallet::eip1559::ETipAboveFeeCap)]
fun refuses_a_tip_above_the_fee_cap() {
    eip1559::unsigned_transaction(1, 0, 2, 1, 21000, x"d8da6bf26964af9d7eed9e03e53415d37aa96045", 1, x"");
}

#[test, expected_failure(abort_code = dwallet::eip1559::EInvalidRecipientLength)]
fun refuses_a_19_byte_recipient() {
    eip1559::unsigned_transaction(1, 0, 1, 2, 21000, x"d8da6bf26964af9d7eed9e03e53415d37aa960", 1, x"");
}

#[test, expected_failure(abort_code = dwallet::eip1559::EInvalidRecipientLength)]
fun refuses_a_21_byte_recipient() {
    eip1559::unsigned_transaction(1, 0, 1, 2, 21000, x"d8da6bf26964af9d7eed9e03e53415d37aa9604500", 1, x"");
}

#[test, expected_failure(abort_code = dwallet::eip1559::ENotEip1559Transaction)]
fun refuses_to_digest_nothing() {
    eip1559::signing_digest(&x"");
}

#[test, expected_failure(abort_code = dwallet::eip1559::ENotEip1559Transaction)]
fun refuses_to_digest_another_transaction_type() {
    eip1559::signing_digest(&x"01c0");
}

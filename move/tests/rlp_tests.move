/// Vectors of `dwallet::rlp` (Yellow Paper Appendix B), generated with viem's `toRlp`: single bytes
/// around 0x80, byte arrays of 55 and 56 bytes (the one-byte/long prefix boundary), scalars from 0
/// to 2^256 − 1, and lists empty, nested and longer than 55 bytes.
///
/// Layout read by `test/move/encoder-vectors.test.ts`, which recomputes every vector with independent
/// libraries and checks every abort test against the local-chain mirror: one `#[test] fun vector_N()`
/// per vector, whose body is only `let` bindings and `assert!(… == …)` of calls with literal
/// arguments (`x"…"`, integers, `vector[…]`, `&`); abort tests are
/// `#[test, expected_failure(abort_code = dwallet::<module>::E…)]` with the same kind of body.
#[test_only]
module dwallet::rlp_tests;

use dwallet::rlp;

#[test]
fun vector_0() {
    assert!(rlp::encode_bytes(&x"") == x"80");
}

#[test]
fun vector_1() {
    assert!(rlp::encode_bytes(&x"00") == x"00");
}

#[test]
fun vector_2() {
    assert!(rlp::encode_bytes(&x"7f") == x"7f");
}

#[test]
fun vector_3() {
    assert!(rlp::encode_bytes(&x"80") == x"8180");
}

#[test]
fun vector_4() {
    assert!(rlp::encode_bytes(&x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536") == x"b7000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536");
}

#[test]
fun vector_5() {
    assert!(rlp::encode_bytes(&x"fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8") == x"b838fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8");
}

#[test]
fun vector_6() {
    assert!(rlp::encode_u256(0) == x"80");
}

#[test]
fun vector_7() {
    assert!(rlp::encode_u256(1) == x"01");
}

#[test]
fun vector_8() {
    assert!(rlp::encode_u256(127) == x"7f");
}

#[test]
fun vector_9() {
    assert!(rlp::encode_u256(128) == x"8180");
}

#[test]
fun vector_10() {
    assert!(rlp::encode_u256(256) == x"820100");
}

#[test]
fun vector_11() {
    assert!(rlp::encode_u256(115792089237316195423570985008687907853269984665640564039457584007913129639935) == x"a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
}

#[test]
fun vector_12() {
    assert!(rlp::encode_u64(0) == x"80");
}

#[test]
fun vector_13() {
    assert!(rlp::encode_u64(1024) == x"820400");
}

#[test]
fun vector_14() {
    assert!(rlp::encode_u64(18446744073709551615) == x"88ffffffffffffffff");
}

#[test]
fun vector_15() {
    assert!(rlp::encode_list(&vector[]) == x"c0");
}

#[test]
fun vector_16() {
    assert!(rlp::encode_list(&vector[x"80", x"01"]) == x"c28001");
}

#[test]
fun vector_17() {
    assert!(rlp::encode_list(&vector[x"c0", x"c1c0"]) == x"c3c0c1c0");
}

#[test]
fun vector_18() {
    assert!(rlp::encode_list(&vector[x"9e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e", x"9ea0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbd"]) == x"f83e9e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e9ea0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbd");
}

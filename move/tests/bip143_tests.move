/// Vectors of `dwallet::bip143`, checked with @scure/btc-signer (`preimageWitnessV0`, SIGHASH_ALL):
/// BIP-143's own native P2WPKH example (input 1, its published preimage and sighash), a one-input
/// spend to a P2WPKH output, and a three-input spend with extreme version, vouts, values,
/// sequences and lock time paying an OP_RETURN and P2WPKH change; and a P2WPKH scriptPubKey.
///
/// Layout read by `test/move/encoder-vectors.test.ts`, which recomputes every vector with independent
/// libraries and checks every abort test against the local-chain mirror: one `#[test] fun vector_N()`
/// per vector, whose body is only `let` bindings and `assert!(… == …)` of calls with literal
/// arguments (`x"…"`, integers, `vector[…]`, `&`); abort tests are
/// `#[test, expected_failure(abort_code = dwallet::<module>::E…)]` with the same kind of body.
#[test_only]
module dwallet::bip143_tests;

use dwallet::bip143;

#[test]
fun vector_0() {
    let preimage = bip143::p2wpkh_sighash_preimage(
        1,
        &vector[
            bip143::new_input(x"fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f", 0, 625000000, 4294967278),
            bip143::new_input(x"ef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a", 1, 600000000, 4294967295),
        ],
        1,
        &x"1d0f172a0ecb48aee1be1f2687d2963ae33f71a1",
        &vector[
            bip143::new_output(112340000, x"76a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac"),
            bip143::new_output(223450000, x"76a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac"),
        ],
        17,
    );
    assert!(preimage == x"0100000096b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd3752b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3bef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a010000001976a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac0046c32300000000ffffffff863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e51100000001000000");
    assert!(bip143::sighash(&preimage) == x"c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670");
}

#[test]
fun vector_1() {
    let preimage = bip143::p2wpkh_sighash_preimage(
        2,
        &vector[
            bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0, 100000, 4294967293),
        ],
        0,
        &x"112233445566778899aabbccddeeff1122334455",
        &vector[
            bip143::new_output(90000, x"0014a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3"),
        ],
        0,
    );
    assert!(preimage == x"020000005275585edc3d49eea346552ec6504437c0e192920db3a90fd77a2e2094948afacaf35e5224de16efa3ccaf41070f6e7b9432b6f79551e629fca9d1c03b43bc52000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f000000001976a914112233445566778899aabbccddeeff112233445588aca086010000000000fdffffffd53b1d479d30b1bd4e38095894ad7051e93de2b129590104476e8ef948dc9e6a0000000001000000");
    assert!(bip143::sighash(&preimage) == x"846e58a20b38de1e964d02e8691a871649f80718eb8a9730e7020eab6bfee7cc");
}

#[test]
fun vector_2() {
    let preimage = bip143::p2wpkh_sighash_preimage(
        4294967295,
        &vector[
            bip143::new_input(x"fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0", 4294967295, 0, 0),
            bip143::new_input(x"000d1a2734414e5b6875828f9ca9b6c3d0ddeaf704111e2b3845525f6c798693", 3, 2100000000000000, 4294967294),
            bip143::new_input(x"05223f5c7996b3d0ed0a2744617e9bb8d5f20f2c496683a0bddaf714314e6b88", 1, 54321, 4294967295),
        ],
        2,
        &x"112233445566778899aabbccddeeff1122334455",
        &vector[
            bip143::new_output(0, x"6a0b68656c6c6f20776f726c64"),
            bip143::new_output(50000, x"0014112233445566778899aabbccddeeff1122334455"),
        ],
        4294967295,
    );
    assert!(preimage == x"ffffffff7578cb94e71b173786f0ba071bbb8e44b81a3e25462f12cfc981eb8d0313c280bab3fb23089fdb8c1685f5a2a888c6826cb44d0b3340838d8902e03b92d7b52505223f5c7996b3d0ed0a2744617e9bb8d5f20f2c496683a0bddaf714314e6b88010000001976a914112233445566778899aabbccddeeff112233445588ac31d4000000000000ffffffffe54d8bd9a271ab6d9a14bfab8ade8395f419c20e13ef47d11f25592d82091224ffffffff01000000");
    assert!(bip143::sighash(&preimage) == x"bffafdb8d9dd93a1c0661025d9f25ef0a394c7dd24a3b7668a7ffdc524333aef");
}

#[test]
fun vector_3() {
    assert!(bip143::p2wpkh_script_pubkey(&x"112233445566778899aabbccddeeff1122334455") == x"0014112233445566778899aabbccddeeff1122334455");
}

#[test]
fun keeps_the_fields_it_was_given() {
    let input = bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 7, 123, 4294967294);
    assert!(*input.input_txid() == x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    assert!(input.input_vout() == 7);
    assert!(input.input_value() == 123);
    assert!(input.input_sequence() == 4294967294);
    let output = bip143::new_output(9, x"6a");
    assert!(output.output_value() == 9);
    assert!(*output.output_script_pubkey() == x"6a");
}

#[test, expected_failure(abort_code = dwallet::bip143::EInvalidTxidLength)]
fun refuses_a_31_byte_txid() {
    bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e", 0, 1, 0);
}

#[test, expected_failure(abort_code = dwallet::bip143::EInvalidTxidLength)]
fun refuses_a_33_byte_txid() {
    bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", 0, 1, 0);
}

#[test, expected_failure(abort_code = dwallet::bip143::EInvalidPubkeyHashLength)]
fun refuses_a_19_byte_hash_in_a_script() {
    bip143::p2wpkh_script_pubkey(&x"112233445566778899aabbccddeeff11223344");
}

#[test, expected_failure(abort_code = dwallet::bip143::EInvalidPubkeyHashLength)]
fun refuses_a_21_byte_hash_in_a_preimage() {
    bip143::p2wpkh_sighash_preimage(
        2,
        &vector[bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0, 100000, 4294967295)],
        0,
        &x"112233445566778899aabbccddeeff112233445566",
        &vector[bip143::new_output(90000, x"0014112233445566778899aabbccddeeff1122334455")],
        0,
    );
}

#[test, expected_failure(abort_code = dwallet::bip143::ENoInputs)]
fun refuses_a_spend_without_inputs() {
    bip143::p2wpkh_sighash_preimage(
        2,
        &vector[],
        0,
        &x"112233445566778899aabbccddeeff1122334455",
        &vector[bip143::new_output(90000, x"0014112233445566778899aabbccddeeff1122334455")],
        0,
    );
}

#[test, expected_failure(abort_code = dwallet::bip143::ENoOutputs)]
fun refuses_a_spend_without_outputs() {
    bip143::p2wpkh_sighash_preimage(
        2,
        &vector[bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0, 100000, 4294967295)],
        0,
        &x"112233445566778899aabbccddeeff1122334455",
        &vector[],
        0,
    );
}

#[test, expected_failure(abort_code = dwallet::bip143::EInputIndexOutOfRange)]
fun refuses_an_input_index_past_the_inputs() {
    bip143::p2wpkh_sighash_preimage(
        2,
        &vector[bip143::new_input(x"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0, 100000, 4294967295)],
        1,
        &x"112233445566778899aabbccddeeff1122334455",
        &vector[bip143::new_output(90000, x"0014112233445566778899aabbccddeeff1122334455")],
        0,
    );
}

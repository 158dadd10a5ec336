/// Signature hashes of Bitcoin P2WPKH spends, BIP-143 (segregated-witness version 0), SIGHASH_ALL.
///
/// For the input being signed the preimage is the concatenation of
///  1. nVersion (4 bytes, little endian)
///  2. hashPrevouts = SHA256d(outpoint of every input), an outpoint being txid ‖ vout (4 bytes LE)
///  3. hashSequence = SHA256d(nSequence of every input, 4 bytes LE each)
///  4. the outpoint of this input
///  5. scriptCode: for P2WPKH `0x19 76 a9 14 ‖ pubkey_hash ‖ 88 ac`
///     (OP_DUP OP_HASH160 <20 bytes> OP_EQUALVERIFY OP_CHECKSIG, as a 25-byte script with its length)
///  6. the value of the output this input spends (8 bytes LE)
///  7. nSequence of this input (4 bytes LE)
///  8. hashOutputs = SHA256d(every output: value (8 bytes LE) ‖ CompactSize(len) ‖ scriptPubKey)
///  9. nLockTime (4 bytes LE)
/// 10. the sighash type, SIGHASH_ALL = 1 (4 bytes LE)
/// and the signature signs `SHA256d(preimage)`, SHA256d being SHA-256 applied twice. Fixed-width
/// integers are little endian in Bitcoin's serialization, which is exactly their BCS encoding.
///
/// A txid is given in internal byte order, as serialized in an outpoint (the reverse of the hex
/// block explorers show). Abort codes are listed in `chain/abort-codes.ts`; the TypeScript mirror
/// is `chain/local/move/bip143.ts`.
module dwallet::bip143;

use std::bcs;
use std::hash;

const EInvalidTxidLength: u64 = 1;
const EInvalidPubkeyHashLength: u64 = 2;
const ENoInputs: u64 = 3;
const ENoOutputs: u64 = 4;
const EInputIndexOutOfRange: u64 = 5;

/// Length of a transaction id.
const TXID_LENGTH: u64 = 32;
/// Length of a HASH160 (RIPEMD-160 of SHA-256) public-key hash.
const PUBKEY_HASH_LENGTH: u64 = 20;
/// SIGHASH_ALL: the signature commits to every input and every output.
const SIGHASH_ALL: u32 = 1;

/// One input of the spending transaction: the outpoint it spends (`txid`, `vout`), the value of
/// that output in satoshis (BIP-143 commits to it), and its nSequence.
public struct Input has copy, drop, store {
    txid: vector<u8>,
    vout: u32,
    value: u64,
    sequence: u32,
}

/// One output of the spending transaction: its value in satoshis and its scriptPubKey.
public struct Output has copy, drop, store {
    value: u64,
    script_pubkey: vector<u8>,
}

/// An input; `txid` must be 32 bytes, in internal byte order.
public fun new_input(txid: vector<u8>, vout: u32, value: u64, sequence: u32): Input {
    assert!(txid.length() == TXID_LENGTH, EInvalidTxidLength);
    Input { txid, vout, value, sequence }
}

public fun new_output(value: u64, script_pubkey: vector<u8>): Output {
    Output { value, script_pubkey }
}

public fun input_txid(self: &Input): &vector<u8> {
    &self.txid
}

public fun input_vout(self: &Input): u32 {
    self.vout
}

public fun input_value(self: &Input): u64 {
    self.value
}

public fun input_sequence(self: &Input): u32 {
    self.sequence
}

public fun output_value(self: &Output): u64 {
    self.value
}

public fun output_script_pubkey(self: &Output): &vector<u8> {
    &self.script_pubkey
}

/// The scriptPubKey paying a P2WPKH address (BIP-141): `OP_0 <20-byte pubkey hash>`.
public fun p2wpkh_script_pubkey(pubkey_hash: &vector<u8>): vector<u8> {
    assert!(pubkey_hash.length() == PUBKEY_HASH_LENGTH, EInvalidPubkeyHashLength);
    let mut script = vector[0x00, 0x14];
    script.append(*pubkey_hash);
    script
}

/// The BIP-143 preimage (SIGHASH_ALL) for input `input_index`, which spends a P2WPKH output of
/// `pubkey_hash`, of the transaction (`version`, `inputs`, `outputs`, `lock_time`).
public fun p2wpkh_sighash_preimage(
    version: u32,
    inputs: &vector<Input>,
    input_index: u64,
    pubkey_hash: &vector<u8>,
    outputs: &vector<Output>,
    lock_time: u32,
): vector<u8> {
    assert!(!inputs.is_empty(), ENoInputs);
    assert!(!outputs.is_empty(), ENoOutputs);
    assert!(input_index < inputs.length(), EInputIndexOutOfRange);
    assert!(pubkey_hash.length() == PUBKEY_HASH_LENGTH, EInvalidPubkeyHashLength);
    let mut prevouts = vector[];
    let mut sequences = vector[];
    let mut i = 0;
    while (i < inputs.length()) {
        prevouts.append(outpoint(&inputs[i]));
        sequences.append(bcs::to_bytes(&inputs[i].sequence));
        i = i + 1;
    };
    let mut serialized_outputs = vector[];
    let mut j = 0;
    while (j < outputs.length()) {
        let output = &outputs[j];
        serialized_outputs.append(bcs::to_bytes(&output.value));
        serialized_outputs.append(compact_size(output.script_pubkey.length()));
        serialized_outputs.append(output.script_pubkey);
        j = j + 1;
    };
    let input = &inputs[input_index];
    let mut preimage = bcs::to_bytes(&version);
    preimage.append(double_sha256(&prevouts));
    preimage.append(double_sha256(&sequences));
    preimage.append(outpoint(input));
    preimage.append(vector[0x19, 0x76, 0xa9, 0x14]);
    preimage.append(*pubkey_hash);
    preimage.append(vector[0x88, 0xac]);
    preimage.append(bcs::to_bytes(&input.value));
    preimage.append(bcs::to_bytes(&input.sequence));
    preimage.append(double_sha256(&serialized_outputs));
    preimage.append(bcs::to_bytes(&lock_time));
    preimage.append(bcs::to_bytes(&SIGHASH_ALL));
    preimage
}

/// The digest the signature of an input signs: `SHA256(SHA256(preimage))`.
public fun sighash(preimage: &vector<u8>): vector<u8> {
    double_sha256(preimage)
}

/// `txid ‖ vout` (4 bytes LE), the serialized outpoint.
fun outpoint(input: &Input): vector<u8> {
    let mut out = input.txid;
    out.append(bcs::to_bytes(&input.vout));
    out
}

/// Bitcoin's CompactSize length: one byte below 0xfd, else 0xfd ‖ u16, 0xfe ‖ u32 or 0xff ‖ u64
/// (little endian), each used only when the smaller form cannot hold the value.
fun compact_size(value: u64): vector<u8> {
    if (value < 0xfd) return vector[(value as u8)];
    if (value <= 0xffff) {
        let mut out = vector[0xfd];
        out.append(bcs::to_bytes(&(value as u16)));
        return out
    };
    if (value <= 0xffff_ffff) {
        let mut out = vector[0xfe];
        out.append(bcs::to_bytes(&(value as u32)));
        return out
    };
    let mut out = vector[0xff];
    out.append(bcs::to_bytes(&value));
    out
}

fun double_sha256(data: &vector<u8>): vector<u8> {
    hash::sha2_256(hash::sha2_256(*data))
}

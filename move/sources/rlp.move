/// Recursive Length Prefix encoding, Ethereum Yellow Paper Appendix B.
///
/// Byte arrays (`R_b`) and lists (`R_l`) are prefixed by their length:
/// - a single byte below 0x80 is its own encoding;
/// - a byte array of 0..55 bytes is `(0x80 + length) ‖ bytes`, a longer one is
///   `(0xb7 + ‖BE(length)‖) ‖ BE(length) ‖ bytes`;
/// - a list whose concatenated item encodings `s` are 0..55 bytes is `(0xc0 + ‖s‖) ‖ s`, a longer
///   one is `(0xf7 + ‖BE(‖s‖)‖) ‖ BE(‖s‖) ‖ s`;
/// - a scalar (unsigned integer) is the byte array of its big-endian form without leading zeros,
///   so 0 is the empty array (0x80).
/// `BE(x)` is the minimal big-endian form of x. A Move vector's length is a u64, so `BE(length)`
/// has at most 8 bytes and the prefix never exceeds 0xbf (0xff for lists): every input has an
/// encoding and this module has no abort. The TypeScript mirror is `chain/local/move/rlp.ts`.
module dwallet::rlp;

/// Prefix of a byte array of 0..55 bytes, to which its length is added.
const SHORT_BYTES_OFFSET: u8 = 0x80;
/// Prefix of a longer byte array, to which the length of its big-endian length is added.
const LONG_BYTES_OFFSET: u8 = 0xb7;
/// Prefix of a list whose payload is 0..55 bytes, to which the payload length is added.
const SHORT_LIST_OFFSET: u8 = 0xc0;
/// Prefix of a list with a longer payload, to which the length of its big-endian length is added.
const LONG_LIST_OFFSET: u8 = 0xf7;
/// The longest payload with a one-byte prefix.
const SHORT_LENGTH_LIMIT: u64 = 55;

/// `R_b(bytes)`: a single byte below 0x80 as itself, otherwise length prefix ‖ bytes.
public fun encode_bytes(bytes: &vector<u8>): vector<u8> {
    let length = bytes.length();
    if (length == 1 && bytes[0] < SHORT_BYTES_OFFSET) return *bytes;
    let mut out = length_prefix(length, SHORT_BYTES_OFFSET, LONG_BYTES_OFFSET);
    out.append(*bytes);
    out
}

/// `RLP(value)` of a scalar: the byte array of its minimal big-endian form (0 ⇒ 0x80).
public fun encode_u256(value: u256): vector<u8> {
    encode_bytes(&minimal_big_endian(value))
}

/// `RLP(value)` of a u64 scalar, as `encode_u256`.
public fun encode_u64(value: u64): vector<u8> {
    encode_u256(value as u256)
}

/// `R_l`: the list of the given item encodings (each already RLP-encoded), prefixed by the length
/// of their concatenation.
public fun encode_list(encoded_items: &vector<vector<u8>>): vector<u8> {
    let mut payload = vector[];
    let mut i = 0;
    while (i < encoded_items.length()) {
        payload.append(encoded_items[i]);
        i = i + 1;
    };
    let mut out = length_prefix(payload.length(), SHORT_LIST_OFFSET, LONG_LIST_OFFSET);
    out.append(payload);
    out
}

/// The prefix of a payload of `length` bytes: `short_offset + length` for 0..55 bytes, otherwise
/// `long_offset + ‖BE(length)‖ ‖ BE(length)`.
fun length_prefix(length: u64, short_offset: u8, long_offset: u8): vector<u8> {
    if (length <= SHORT_LENGTH_LIMIT) return vector[short_offset + (length as u8)];
    let length_bytes = minimal_big_endian(length as u256);
    let mut out = vector[long_offset + (length_bytes.length() as u8)];
    out.append(length_bytes);
    out
}

/// `BE(value)`: big-endian bytes without leading zeros; empty for 0.
fun minimal_big_endian(value: u256): vector<u8> {
    let mut bytes = vector[];
    let mut rest = value;
    while (rest != 0) {
        bytes.push_back((rest & 0xff) as u8);
        rest = rest >> 8;
    };
    bytes.reverse();
    bytes
}

/**
 * Mirror of `move/sources/rlp.move`: Recursive Length Prefix encoding, Ethereum Yellow Paper
 * Appendix B, line by line with the Move code (the module has no abort: every input has an
 * encoding). Names are the Move function names.
 * @module
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { checkUint } from './integers.ts';

/** Prefix of a byte array of 0..55 bytes, to which its length is added. */
const SHORT_BYTES_OFFSET = 0x80;
/** Prefix of a longer byte array, to which the length of its big-endian length is added. */
const LONG_BYTES_OFFSET = 0xb7;
/** Prefix of a list whose payload is 0..55 bytes, to which the payload length is added. */
const SHORT_LIST_OFFSET = 0xc0;
/** Prefix of a list with a longer payload, to which the length of its big-endian length is added. */
const LONG_LIST_OFFSET = 0xf7;
/** The longest payload with a one-byte prefix. */
const SHORT_LENGTH_LIMIT = 55;

/** `R_b(bytes)`: a single byte below 0x80 as itself, otherwise length prefix ‖ bytes. */
export function encode_bytes(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  if (length === 1 && (bytes[0] as number) < SHORT_BYTES_OFFSET) return bytes.slice();
  return concatBytes(length_prefix(length, SHORT_BYTES_OFFSET, LONG_BYTES_OFFSET), bytes);
}

/** `RLP(value)` of a scalar: the byte array of its minimal big-endian form (0 ⇒ 0x80). */
export function encode_u256(value: bigint): Uint8Array {
  checkUint(value, 256, 'value');
  return encode_bytes(minimal_big_endian(value));
}

/** `RLP(value)` of a u64 scalar, as `encode_u256`. */
export function encode_u64(value: bigint): Uint8Array {
  checkUint(value, 64, 'value');
  return encode_u256(value);
}

/** `R_l`: the list of the given item encodings (each already RLP-encoded), prefixed by the length of their concatenation. */
export function encode_list(encoded_items: readonly Uint8Array[]): Uint8Array {
  const payload = concatBytes(...encoded_items);
  return concatBytes(length_prefix(payload.length, SHORT_LIST_OFFSET, LONG_LIST_OFFSET), payload);
}

/** `short_offset + length` for 0..55 bytes, otherwise `long_offset + ‖BE(length)‖ ‖ BE(length)`. */
function length_prefix(length: number, short_offset: number, long_offset: number): Uint8Array {
  if (length <= SHORT_LENGTH_LIMIT) return Uint8Array.of(short_offset + length);
  const length_bytes = minimal_big_endian(BigInt(length));
  return concatBytes(Uint8Array.of(long_offset + length_bytes.length), length_bytes);
}

/** `BE(value)`: big-endian bytes without leading zeros; empty for 0. */
function minimal_big_endian(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest !== 0n) {
    bytes.push(Number(rest & 0xffn));
    rest >>= 8n;
  }
  bytes.reverse();
  return Uint8Array.from(bytes);
}

/**
 * Conversions between non-negative bigints and big-endian bytes, and exact bit lengths.
 * Byte-array helpers that `@noble/hashes` and `@noble/curves` already provide are used from there.
 * @module
 */
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { ArithmeticError, ErrorCodes } from '../errors.ts';

const TWO_POW_1000 = 1n << 1000n;

/**
 * Exact number of bits of |x| (0 for 0).
 *
 * Estimates through the double conversion and corrects the estimate with two shifts, which is
 * several times faster than formatting the number; it sits on the hot path of Lehmer's gcd.
 */
export function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x === 0n) return 0;
  let shift = 0;
  while (x >= TWO_POW_1000) {
    x >>= 960n;
    shift += 960;
  }
  // x < 2^1000 converts to a finite double; rounding may move the estimate by one either way.
  let bits = Math.floor(Math.log2(Number(x))) + 1;
  if (x >> BigInt(bits) !== 0n) bits += 1;
  else if (bits > 1 && x >> BigInt(bits - 1) === 0n) bits -= 1;
  return bits + shift;
}

/**
 * Big-endian bytes of a non-negative integer: minimal length (empty for 0), or exactly `length`
 * bytes when given (throws if the integer does not fit).
 */
export function bigintToBytes(x: bigint, length?: number): Uint8Array {
  if (x < 0n) throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, 'bigintToBytes: the integer is negative');
  const minimal = Math.ceil(bitLength(x) / 8);
  const size = length ?? minimal;
  if (minimal > size) {
    throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, `bigintToBytes: the integer needs ${minimal} bytes, ${size} allowed`);
  }
  return size === 0 ? new Uint8Array(0) : numberToBytesBE(x, size);
}

/** The non-negative integer whose big-endian bytes are `bytes` (0 for an empty array). */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : bytesToNumberBE(bytes);
}

/**
 * Range checks of Move's unsigned integer types for the mirrors' TypeScript callers. A Move
 * function cannot receive a u64 above 2^64 − 1 (the argument would not decode), so these are not
 * aborts: a value out of its type's range is a bad request from the caller, refused before the
 * mirror runs.
 * @module
 */
import { ChainErrorCodes, ChainRequestError } from '../../errors.ts';

export type UintBits = 8 | 16 | 32 | 64 | 128 | 256;

/** Refuses `value` unless it is an integer in 0..2^bits − 1 (Move's `u{bits}`); `name` names it in the error. */
export function checkUint(value: bigint | number, bits: UintBits, name: string): void {
  const valid =
    typeof value === 'bigint' ? value >= 0n && value < 1n << BigInt(bits) : Number.isSafeInteger(value) && value >= 0 && value < 2 ** bits;
  if (!valid) {
    throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `${name} is not a u${bits}: ${String(value)}`, { name, bits });
  }
}

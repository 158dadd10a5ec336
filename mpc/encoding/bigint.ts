/**
 * BCS encoding of big integers (PROTOCOL.md §2): a sign byte (0 for ≥ 0, 1 for < 0) followed by
 * the magnitude as a length-prefixed big-endian byte vector, minimal (no leading zero byte; zero
 * is the empty vector with sign 0). Every field declares its largest bit length, checked on both
 * encode and decode, so that a peer cannot make us parse or exponentiate by huge numbers.
 * @module
 */
import { BcsType } from '@mysten/bcs';
import { EncodingError, ErrorCodes } from '../errors.ts';
import { bigintToBytes, bitLength, bytesToBigint } from '../numbers/bytes.ts';

export interface BigIntFieldOptions {
  /** Largest allowed bit length of |value|. */
  maxBits: number;
  /** Whether negative values are allowed. */
  signed: boolean;
}

function checkRange(name: string, value: bigint, { maxBits, signed }: BigIntFieldOptions): void {
  if (!signed && value < 0n) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: negative value in an unsigned field`);
  }
  const bits = bitLength(value);
  if (bits > maxBits) {
    throw new EncodingError(ErrorCodes.ENCODING_INTEGER_TOO_LARGE, `${name}: ${bits}-bit integer exceeds the field's ${maxBits} bits`, {
      bits,
      maxBits,
    });
  }
}

/** A BCS type for integers with |value| < 2^maxBits. */
export function bcsBigInt(name: string, options: BigIntFieldOptions): BcsType<bigint, bigint> {
  const maxBytes = Math.ceil(options.maxBits / 8);
  return new BcsType<bigint, bigint>({
    name,
    read(reader) {
      const sign = reader.read8();
      if (sign > 1 || (sign === 1 && !options.signed)) {
        throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: invalid sign byte ${sign}`);
      }
      const length = reader.readULEB();
      if (length > maxBytes) {
        throw new EncodingError(
          ErrorCodes.ENCODING_INTEGER_TOO_LARGE,
          `${name}: ${length}-byte magnitude exceeds the field's ${options.maxBits} bits`,
          {
            length,
            maxBits: options.maxBits,
          },
        );
      }
      const magnitude = reader.readBytes(length);
      if (length > 0 && magnitude[0] === 0) {
        throw new EncodingError(ErrorCodes.ENCODING_NON_CANONICAL, `${name}: magnitude has a leading zero byte`);
      }
      if (length === 0 && sign === 1) {
        throw new EncodingError(ErrorCodes.ENCODING_NON_CANONICAL, `${name}: negative zero`);
      }
      const absolute = bytesToBigint(magnitude);
      const value = sign === 1 ? -absolute : absolute;
      checkRange(name, value, options);
      return value;
    },
    write(value, writer) {
      const magnitude = bigintToBytes(value < 0n ? -value : value);
      writer.write8(value < 0n ? 1 : 0);
      writer.writeULEB(magnitude.length);
      writer.writeBytes(magnitude);
    },
    validate(value) {
      if (typeof value !== 'bigint') throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: expected a bigint`);
      checkRange(name, value, options);
    },
  });
}

/**
 * The bytes a {@link bcsBigInt} field writes for `value` (sign byte, ULEB128 length, minimal
 * big-endian magnitude), without a BCS writer and without the field's range check: for hashing
 * many integers in a loop (Fischlin's search), where the writer's allocations dominate.
 */
export function bcsBigIntBytes(value: bigint): Uint8Array {
  const magnitude = bigintToBytes(value < 0n ? -value : value);
  const length: number[] = [];
  let n = magnitude.length;
  do {
    length.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  const out = new Uint8Array(1 + length.length + magnitude.length);
  out[0] = value < 0n ? 1 : 0;
  out.set(length, 1);
  out.set(magnitude, 1 + length.length);
  return out;
}

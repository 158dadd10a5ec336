/**
 * Strict decoding of BCS bytes: the input must be exactly one canonical encoding of a value of
 * the schema. Truncated input, trailing bytes and non-canonical encodings (anything that does not
 * re-encode to the same bytes) are rejected with an {@link EncodingError}.
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import { equalBytes } from '@noble/curves/utils.js';
import { DWalletError, EncodingError, ErrorCodes } from '../errors.ts';

/** Decode `bytes` as exactly one value of `schema`. `what` names the value in error messages. */
export function decodeExact<T, Input>(schema: BcsType<T, Input>, bytes: Uint8Array, what: string = schema.name): T {
  if (!(bytes instanceof Uint8Array)) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${what}: expected bytes`);
  }
  // A private copy: the BCS reader indexes the underlying ArrayBuffer and must not see past the input.
  const copy = bytes.slice();
  let value: T;
  try {
    value = schema.parse(copy);
  } catch (error) {
    if (error instanceof DWalletError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError || /overflow/i.test(message)) {
      throw new EncodingError(
        ErrorCodes.ENCODING_TRUNCATED,
        `${what}: the input ends before the value does`,
        { length: bytes.length },
        { cause: error },
      );
    }
    if (/non-canonical/i.test(message)) {
      throw new EncodingError(ErrorCodes.ENCODING_NON_CANONICAL, `${what}: non-canonical encoding (${message})`, {}, { cause: error });
    }
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${what}: ${message}`, {}, { cause: error });
  }
  const canonical = schema.serialize(value as unknown as Input).toBytes();
  if (canonical.length < bytes.length && equalBytes(canonical, bytes.subarray(0, canonical.length))) {
    throw new EncodingError(
      ErrorCodes.ENCODING_TRAILING_BYTES,
      `${what}: ${bytes.length - canonical.length} trailing bytes after the value`,
      {
        expected: canonical.length,
        length: bytes.length,
      },
    );
  }
  if (!equalBytes(canonical, bytes)) {
    throw new EncodingError(ErrorCodes.ENCODING_NON_CANONICAL, `${what}: the bytes are not the canonical encoding of the value`);
  }
  return value;
}

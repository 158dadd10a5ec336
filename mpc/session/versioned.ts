/**
 * Versioned state encodings: one version byte, then the BCS encoding of that version's schema,
 * decoded strictly. A state written by another version is refused with SESSION_STATE_VERSION
 * rather than misread; bytes that do not decode are refused with SESSION_STATE_CORRUPT.
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import { decodeExact } from '../encoding/decode.ts';
import { DWalletError } from '../errors.ts';
import { SessionError, SessionErrorCodes } from './errors.ts';

export function encodeVersioned<T, Input>(schema: BcsType<T, Input>, version: number, value: Input): Uint8Array {
  const body = schema.serialize(value).toBytes();
  const out = new Uint8Array(body.length + 1);
  out[0] = version;
  out.set(body, 1);
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: schemas may take a wider input type than they output
export function decodeVersioned<T>(schema: BcsType<T, any>, version: number, bytes: Uint8Array, what: string): T {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, `${what}: empty state`);
  }
  if (bytes[0] !== version) {
    throw new SessionError(
      SessionErrorCodes.SESSION_STATE_VERSION,
      `${what}: state version ${bytes[0]}, this code reads version ${version}`,
      {
        found: bytes[0],
        expected: version,
      },
    );
  }
  try {
    return decodeExact(schema, bytes.subarray(1), what);
  } catch (error) {
    if (error instanceof DWalletError) {
      throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, `${what}: ${error.message}`, {}, { cause: error });
    }
    throw error;
  }
}

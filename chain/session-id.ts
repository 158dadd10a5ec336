/**
 * Session ids, computed off chain exactly as `move/sources/session_identifier.move` does:
 * `blake2b256(SESSION_ID_DOMAIN ‖ sender (32 bytes) ‖ preimage (32 bytes))`.
 *
 * The user draws the preimage, derives the id, binds it into its protocol message, and only then
 * sends the request transaction carrying the preimage. The chain aborts if the id was ever used.
 * @module
 */
import { fromHex, isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { SESSION_ID_DOMAIN, SESSION_ID_LENGTH } from './constants.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';

/** A fresh random 32-byte session preimage. */
export function randomSessionPreimage(): Uint8Array {
  return randomBytes(SESSION_ID_LENGTH);
}

/** The 32 bytes of a Sui address given as hex (with or without leading zeros). */
export function addressBytes(address: string): Uint8Array {
  if (typeof address !== 'string' || !isValidSuiAddress(normalizeSuiAddress(address))) {
    throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `not a Sui address: ${String(address)}`);
  }
  return fromHex(normalizeSuiAddress(address));
}

/** The session id the chain registers when `sender` opens a session with `preimage`. */
export function deriveSessionId(sender: string, preimage: Uint8Array): Uint8Array {
  if (!(preimage instanceof Uint8Array) || preimage.length !== SESSION_ID_LENGTH) {
    throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `a session preimage has ${SESSION_ID_LENGTH} bytes`, {
      length: preimage instanceof Uint8Array ? preimage.length : null,
    });
  }
  const data = new Uint8Array(SESSION_ID_DOMAIN.length + 32 + SESSION_ID_LENGTH);
  data.set(SESSION_ID_DOMAIN, 0);
  data.set(addressBytes(sender), SESSION_ID_DOMAIN.length);
  data.set(preimage, SESSION_ID_DOMAIN.length + 32);
  return blake2b(data, { dkLen: 32 });
}

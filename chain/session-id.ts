/**
 * Session ids, computed off chain exactly as `move/sources/session_identifier.move` does:
 * `blake2b256(SESSION_ID_DOMAIN ‖ sender (32 bytes) ‖ preimage (32 bytes))`.
 *
 * The user draws the preimage, derives the id, binds it into its protocol message, and only then
 * sends the request transaction carrying the preimage. The chain aborts if the id was ever used.
 *
 * Off chain a session id is a {@link SessionId}: its 64 lowercase hex digits, without prefix (the
 * key of the validators' and the indexer's stores); `SessionId.prefixed` gives the `0x` form users
 * see, and `SessionId.parse` accepts either form in any case.
 * @module
 */
import { fromHex, isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
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

/** A session id in canonical form: 64 lowercase hex digits, no `0x`. */
export type SessionId = string & { readonly __brand: 'SessionId' };

const SESSION_ID_TEXT = /^(0x)?[0-9a-fA-F]{64}$/;

export const SessionId = {
  /** The id of 32 bytes (as BCS decodes a `vector<u8>`: bytes or numbers). */
  fromBytes(bytes: Uint8Array | readonly number[]): SessionId {
    const data = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    if (data.length !== SESSION_ID_LENGTH) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `a session id has ${SESSION_ID_LENGTH} bytes, not ${data.length}`);
    }
    return bytesToHex(data) as SessionId;
  },
  /** The id written as hex, with or without `0x`, in any case; undefined if it is not one. */
  tryParse(text: unknown): SessionId | undefined {
    if (typeof text !== 'string' || !SESSION_ID_TEXT.test(text)) return undefined;
    return text.replace(/^0x/, '').toLowerCase() as SessionId;
  },
  /** As {@link SessionId.tryParse}, throwing CHAIN_INVALID_REQUEST for anything else. */
  parse(text: unknown): SessionId {
    const id = SessionId.tryParse(text);
    if (id === undefined) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'a session id is 32 bytes of hex (64 digits, 0x optional)', {
        sessionId: typeof text === 'string' ? text.slice(0, 80) : typeof text,
      });
    }
    return id;
  },
  bytes(id: SessionId): Uint8Array {
    return hexToBytes(id);
  },
  /** The `0x` form. */
  prefixed(id: SessionId): `0x${string}` {
    return `0x${id}`;
  },
} as const;

/**
 * Checks of what SDK callers pass: each refuses a bad value with INVALID_ARGUMENT naming it,
 * before anything is read or sent.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type EcdsaCurveName, isEcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { invalidArgument } from './errors.ts';
import { normalizeSessionId } from './indexer-client.ts';

export function bytesArgument(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalidArgument(`${what} must be a Uint8Array`);
  return value;
}

/** A Sui address or object id, normalised (0x + 64 lowercase hex). */
export function addressArgument(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw invalidArgument(`${what} must be a 0x-hex Sui address`);
  return normalizeSuiAddress(value.toLowerCase());
}

export function curveArgument(value: unknown): EcdsaCurveName {
  if (!isEcdsaCurveName(value)) throw invalidArgument(`curve must be secp256k1 or p256, not ${String(value)}`);
  return value;
}

/** A session id as hex (0x optional) or as its 32 bytes, in the SDK's 0x form. */
export function sessionIdArgument(value: string | Uint8Array): string {
  return normalizeSessionId(typeof value === 'string' ? value : bytesToHex(value));
}

/**
 * Checks of what SDK callers pass: each refuses a bad value with INVALID_ARGUMENT naming it,
 * before anything is read or sent.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type CurveName, isCurveName } from '../mpc/curves/curve.ts';
import {
  defaultAlgorithm,
  findSigningScheme,
  isSignatureAlgorithmName,
  SIGNING_SCHEMES,
  type SigningScheme,
} from '../mpc/signing/algorithms.ts';
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

export function curveArgument(value: unknown): CurveName {
  if (!isCurveName(value)) throw invalidArgument(`curve must be secp256k1, p256 or ed25519, not ${String(value)}`);
  return value;
}

/**
 * The signing scheme of a new dWallet: its curve and its signature algorithm (default: the
 * curve's, ECDSA, or EdDSA on ed25519). Only the combinations of mpc/signing/algorithms.ts exist:
 * secp256k1 with ECDSA or Taproot, P-256 with ECDSA, ed25519 with EdDSA.
 */
export function signingSchemeArgument(curve: unknown, algorithm: unknown): SigningScheme {
  const name = curveArgument(curve);
  const chosen = algorithm ?? defaultAlgorithm(name);
  if (!isSignatureAlgorithmName(chosen)) throw invalidArgument(`algorithm must be ecdsa, taproot or eddsa, not ${String(chosen)}`);
  const scheme = findSigningScheme(name, chosen);
  if (scheme === undefined) {
    const offered = SIGNING_SCHEMES.filter((s) => s.curve === name).map((s) => s.algorithm);
    throw invalidArgument(`${name} dWallets sign with ${offered.join(' or ')}, not ${chosen}`, { curve: name, algorithm: chosen });
  }
  return scheme;
}

/** A session id as hex (0x optional) or as its 32 bytes, in the SDK's 0x form. */
export function sessionIdArgument(value: string | Uint8Array): string {
  return normalizeSessionId(typeof value === 'string' ? value : bytesToHex(value));
}

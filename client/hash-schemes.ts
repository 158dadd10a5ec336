/**
 * Hash schemes as SDK callers name them: `keccak256`, `sha256`, `double-sha256`, `prehashed`, or
 * their ids on chain (0..3).
 * @module
 */
import type { HashScheme } from '../mpc/ecdsa/hash-schemes.ts';
import { HashSchemes } from '../mpc/ecdsa/index.ts';
import { invalidArgument } from './errors.ts';

export type HashSchemeName = 'keccak256' | 'sha256' | 'double-sha256' | 'prehashed';
/** A scheme by name or by id (0..3; other numbers are refused with INVALID_ARGUMENT). */
export type HashSchemeInput = HashSchemeName | HashScheme | number;

const HASH_SCHEME_NAMES: Readonly<Record<HashSchemeName, HashScheme>> = {
  keccak256: HashSchemes.KECCAK256,
  sha256: HashSchemes.SHA256,
  'double-sha256': HashSchemes.DOUBLE_SHA256,
  prehashed: HashSchemes.PREHASHED,
};

/** The hash scheme id of a name or id; INVALID_ARGUMENT for anything else. */
export function parseHashScheme(value: HashSchemeInput): HashScheme {
  if (typeof value === 'string' && Object.hasOwn(HASH_SCHEME_NAMES, value)) return HASH_SCHEME_NAMES[value as HashSchemeName];
  if (typeof value === 'number' && Object.values(HASH_SCHEME_NAMES).includes(value as HashScheme)) return value as HashScheme;
  throw invalidArgument(`hash scheme must be keccak256, sha256, double-sha256, prehashed or 0..3, not ${String(value)}`, {
    hashScheme: String(value),
  });
}

/** The name of a scheme id (undefined for an id the SDK does not know). */
export function hashSchemeName(id: number): HashSchemeName | undefined {
  return (Object.keys(HASH_SCHEME_NAMES) as HashSchemeName[]).find((name) => HASH_SCHEME_NAMES[name] === id);
}

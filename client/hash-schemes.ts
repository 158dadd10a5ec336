/**
 * Hash schemes as SDK callers name them: `keccak256`, `sha256`, `double-sha256`, `prehashed`,
 * `sha512`, or their ids on chain (0..4; mpc/signing/algorithms.ts `HASH_SCHEME_IDS`). Which of
 * them a dWallet takes depends on its curve and algorithm (the signing scheme's `hashSchemes`).
 * @module
 */
import type { HashScheme } from '../chain/constants.ts';
import { HASH_SCHEME_IDS } from '../mpc/signing/algorithms.ts';
import { invalidArgument } from './errors.ts';

export type HashSchemeName = 'keccak256' | 'sha256' | 'double-sha256' | 'prehashed' | 'sha512';
/** A scheme by name or by id (0..4; other numbers are refused with INVALID_ARGUMENT). */
export type HashSchemeInput = HashSchemeName | HashScheme | number;

const HASH_SCHEME_NAMES: Readonly<Record<HashSchemeName, HashScheme>> = {
  keccak256: HASH_SCHEME_IDS.KECCAK256,
  sha256: HASH_SCHEME_IDS.SHA256,
  'double-sha256': HASH_SCHEME_IDS.DOUBLE_SHA256,
  prehashed: HASH_SCHEME_IDS.PREHASHED,
  sha512: HASH_SCHEME_IDS.SHA512 as HashScheme,
};

/** The hash scheme id of a name or id; INVALID_ARGUMENT for anything else. */
export function parseHashScheme(value: HashSchemeInput): HashScheme {
  if (typeof value === 'string' && Object.hasOwn(HASH_SCHEME_NAMES, value)) return HASH_SCHEME_NAMES[value as HashSchemeName];
  if (typeof value === 'number' && Object.values(HASH_SCHEME_NAMES).includes(value as HashScheme)) return value as HashScheme;
  throw invalidArgument(`hash scheme must be keccak256, sha256, double-sha256, prehashed, sha512 or 0..4, not ${String(value)}`, {
    hashScheme: String(value),
  });
}

/** The name of a scheme id (undefined for an id the SDK does not know). */
export function hashSchemeName(id: number): HashSchemeName | undefined {
  return (Object.keys(HASH_SCHEME_NAMES) as HashSchemeName[]).find((name) => HASH_SCHEME_NAMES[name] === id);
}

/**
 * The fixed sets of words options take, kept here without the modules they name (the Bitcoin
 * helpers, the SDK, the curves) so that checking a command line loads neither; `satisfies` ties
 * each list to the type it names, and a test checks {@link CURVE_ALGORITHMS} against
 * mpc/signing/algorithms.ts.
 * @module
 */

import type { CurveName } from '../../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import type { HashSchemeName } from '../dwallet-client.ts';

export const CURVE_CHOICES = ['secp256k1', 'p256', 'ed25519'] as const satisfies readonly CurveName[];
export const ALGORITHM_CHOICES = ['ecdsa', 'taproot', 'eddsa'] as const satisfies readonly SignatureAlgorithmName[];
/** The algorithms a dWallet of each curve can sign with, its default first (mpc/signing/algorithms.ts SIGNING_SCHEMES). */
export const CURVE_ALGORITHMS = {
  secp256k1: ['ecdsa', 'taproot'],
  p256: ['ecdsa'],
  ed25519: ['eddsa'],
} as const satisfies Readonly<Record<CurveName, readonly SignatureAlgorithmName[]>>;
export const BITCOIN_NETWORK_CHOICES = ['mainnet', 'testnet', 'regtest'] as const satisfies readonly BitcoinNetwork[];
export const HASH_CHOICES = ['keccak256', 'sha256', 'double-sha256', 'sha512'] as const satisfies readonly HashSchemeName[];

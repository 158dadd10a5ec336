/**
 * The fixed sets of words options take, kept here without the modules they name (the Bitcoin
 * helpers, the SDK) so that checking a command line loads neither; `satisfies` ties each list to
 * the type it names.
 * @module
 */

import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import type { HashSchemeName } from '../dwallet-client.ts';

export const CURVE_CHOICES = ['secp256k1', 'p256'] as const satisfies readonly EcdsaCurveName[];
export const BITCOIN_NETWORK_CHOICES = ['mainnet', 'testnet', 'regtest'] as const satisfies readonly BitcoinNetwork[];
export const HASH_CHOICES = ['keccak256', 'sha256', 'double-sha256'] as const satisfies readonly HashSchemeName[];

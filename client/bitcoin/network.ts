/**
 * The Bitcoin networks a dWallet's addresses are made for, with their address parameters
 * (bech32 human-readable part and base58 version bytes, as in Bitcoin Core's chainparams.cpp).
 * @module
 */
import { NETWORK, TEST_NETWORK } from '@scure/btc-signer';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';

export type BitcoinNetwork = 'mainnet' | 'testnet' | 'regtest';

export const BITCOIN_NETWORKS: readonly BitcoinNetwork[] = Object.freeze(['mainnet', 'testnet', 'regtest']);

/** @scure/btc-signer's network parameters (`BTC_NETWORK`). */
export interface BitcoinNetworkParams {
  readonly bech32: string;
  readonly pubKeyHash: number;
  readonly scriptHash: number;
  readonly wif: number;
}

const PARAMS: Readonly<Record<BitcoinNetwork, BitcoinNetworkParams>> = Object.freeze({
  mainnet: Object.freeze({ ...NETWORK }),
  testnet: Object.freeze({ ...TEST_NETWORK }),
  // regtest shares testnet's base58 versions and has its own bech32 prefix
  regtest: Object.freeze({ ...TEST_NETWORK, bech32: 'bcrt' }),
});

/** The parameters of a network name; throws BTC_INVALID_NETWORK for anything else. */
export function bitcoinNetworkParams(network: unknown): BitcoinNetworkParams {
  if (typeof network !== 'string' || !(BITCOIN_NETWORKS as readonly string[]).includes(network)) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.BTC_INVALID_NETWORK,
      `unknown Bitcoin network ${JSON.stringify(network)} (mainnet, testnet or regtest)`,
      {
        network: typeof network === 'string' ? network : null,
      },
    );
  }
  return PARAMS[network as BitcoinNetwork];
}

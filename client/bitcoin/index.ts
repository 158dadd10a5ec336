/**
 * Bitcoin helpers for secp256k1 dWallets: the P2WPKH address of a dWallet, and transactions
 * spending it (what to sign per input, and the signed transaction from the network's
 * signatures). Pure: no RPC.
 * @module
 */
export { bitcoinOutputScript, bitcoinP2wpkhAddress, bitcoinP2wpkhPayment, type P2wpkhPayment } from './address.ts';
export { DUST_RELAY_FEE_RATE, dustThreshold, estimateP2wpkhVsize, MAX_MONEY } from './amounts.ts';
export { BITCOIN_NETWORKS, type BitcoinNetwork, bitcoinNetworkParams } from './network.ts';
export { type Bip143Transaction, bip143Preimage, p2wpkhScriptCode, SIGHASH_ALL, sha256d } from './sighash.ts';
export {
  attachBitcoinSignatures,
  DEFAULT_MAX_FEE_RATE,
  type P2wpkhInput,
  type P2wpkhOutput,
  type P2wpkhTransactionRequest,
  type PreparedP2wpkhInput,
  type PreparedP2wpkhTransaction,
  prepareP2wpkhTransaction,
  type SignedBitcoinTransaction,
  type ValidatedP2wpkhRequest,
  validateP2wpkhRequest,
} from './transaction.ts';

/**
 * Bitcoin helpers for secp256k1 dWallets: the P2WPKH address of an ECDSA dWallet and the BIP-86
 * P2TR address of a Taproot dWallet, and transactions spending them (what to sign per input, and
 * the signed transaction from the network's signatures). Pure: no RPC.
 * @module
 */
export {
  bitcoinOutputScript,
  bitcoinP2trAddress,
  bitcoinP2trPayment,
  bitcoinP2wpkhAddress,
  bitcoinP2wpkhPayment,
  type P2trPayment,
  type P2wpkhPayment,
} from './address.ts';
export { DUST_RELAY_FEE_RATE, dustThreshold, estimateP2trKeySpendVsize, estimateP2wpkhVsize, MAX_MONEY } from './amounts.ts';
export { BITCOIN_NETWORKS, type BitcoinNetwork, bitcoinNetworkParams } from './network.ts';
export { type Bip143Transaction, bip143Preimage, p2wpkhScriptCode, SIGHASH_ALL, sha256d } from './sighash.ts';
export {
  type BitcoinSpendInput,
  type BitcoinSpendOutput,
  type BitcoinSpendRequest,
  type ValidatedBitcoinSpend,
  validateBitcoinSpend,
} from './spend-request.ts';
export {
  attachTaprootSignatures,
  type PreparedTaprootInput,
  type PreparedTaprootSpend,
  prepareTaprootSpend,
  TAPROOT_SIGNATURE_BYTES,
  type TaprootSpendRequest,
  validateTaprootRequest,
} from './taproot.ts';
export {
  type Bip341Input,
  type Bip341Transaction,
  SIGHASH_DEFAULT,
  taprootSighash,
  taprootSighashPreimage,
  taprootSigMsg,
} from './taproot-sighash.ts';
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

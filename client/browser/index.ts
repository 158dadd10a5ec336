/**
 * The SDK in the browser, main-thread entry (bundle: dist/browser/dwallet.js). The SDK itself runs
 * in a module Web Worker (dist/browser/dwallet-worker.js, worker.ts); this entry holds the page's
 * proxy to it, the wallet helpers, the address helpers a page shows, and the errors it branches on.
 * See browser-client.ts.
 * @module
 */
export { bitcoinP2trAddress, bitcoinP2wpkhAddress } from '../bitcoin/address.ts';
export type { BitcoinNetwork } from '../bitcoin/network.ts';
export { ClientError, ClientErrorCodes, RequestRejectedError } from '../errors.ts';
export { ethereumAddress } from '../ethereum/address.ts';
export type { Eip1559TransactionFields, SignedEthereumTransaction } from '../ethereum/transaction.ts';
export {
  type BrowserConnectOptions,
  BrowserDWalletClient,
  type BrowserSecrets,
  type ImportSecretsResult,
  type WorkerLike,
} from './browser-client.ts';
export { KeypairWallet, type KeypairWalletOptions, type KeypairWalletRequest, registerKeypairWallet } from './keypair-wallet.ts';
export type { LocalDWalletRecord } from './protocol.ts';
export { type SuiWallet, suiWallets } from './wallet-account.ts';

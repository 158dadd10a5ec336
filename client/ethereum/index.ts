/**
 * Ethereum helpers for secp256k1 dWallets: the address of a dWallet, and EIP-1559 transactions
 * (what to sign, and the signed transaction from the network's signature). Pure: no RPC.
 * @module
 */
export { ethereumAddress, parseEthereumAddress } from './address.ts';
export {
  attachEthereumSignature,
  type Eip1559Transaction,
  type Eip1559TransactionFields,
  type PreparedEip1559Transaction,
  type PrepareEip1559Options,
  prepareEip1559Transaction,
  type SignedEthereumTransaction,
  validateEip1559Transaction,
} from './transaction.ts';

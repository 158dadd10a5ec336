/**
 * Ethereum and Bitcoin transactions signed by a dWallet through the network: the chain helpers
 * (`client/ethereum`, `client/bitcoin`) say what must be signed, the SDK has the user and the
 * network sign it, and the helpers assemble the broadcastable transaction and check it.
 *
 * Each signature is approved on chain over the transaction's own bytes — the unsigned EIP-1559
 * serialisation under Keccak-256, each Bitcoin input's BIP-143 preimage under double SHA-256 — so
 * the on-chain approval records what was signed, not an opaque digest. A Bitcoin transaction with
 * k inputs takes k signatures (k presigns), requested one after the other.
 * @module
 */
import {
  attachBitcoinSignatures,
  type P2wpkhTransactionRequest,
  prepareP2wpkhTransaction,
  type SignedBitcoinTransaction,
} from './bitcoin/transaction.ts';
import { ChainHelperError, ChainHelperErrorCodes } from './chains/errors.ts';
import type { DWalletClient } from './dwallet-client.ts';
import {
  attachEthereumSignature,
  type Eip1559TransactionFields,
  prepareEip1559Transaction,
  type SignedEthereumTransaction,
} from './ethereum/transaction.ts';

/** What signing a transaction needs of the SDK client. */
export type TransactionSigner = Pick<DWalletClient, 'getDWallet' | 'sign'>;

async function secp256k1Key(signer: TransactionSigner, dwalletId: string): Promise<Uint8Array> {
  const dwallet = await signer.getDWallet(dwalletId);
  if (dwallet.publicKey === null || dwallet.curve !== 'secp256k1') {
    throw new ChainHelperError(
      ChainHelperErrorCodes.PUBLIC_KEY_INVALID,
      `dWallet ${dwalletId} is not an active secp256k1 dWallet: Ethereum and Bitcoin transactions need one`,
      { dwalletId, curve: dwallet.curve },
    );
  }
  return dwallet.publicKey;
}

/** Signs an EIP-1559 transaction from the dWallet's Ethereum address; returns it ready for eth_sendRawTransaction. */
export async function signEthereumTransaction(
  signer: TransactionSigner,
  dwalletId: string,
  fields: Eip1559TransactionFields,
): Promise<SignedEthereumTransaction & { readonly signId: string }> {
  const publicKey = await secp256k1Key(signer, dwalletId);
  const prepared = prepareEip1559Transaction(fields, { from: publicKey });
  const { signature, signId } = await signer.sign({ dwalletId, message: prepared.message, hashScheme: prepared.hashScheme });
  return { ...(await attachEthereumSignature(prepared, signature)), signId };
}

/** Signs a segwit transaction spending outputs of the dWallet's P2WPKH address; returns it ready for sendrawtransaction. */
export async function signBitcoinTransaction(
  signer: TransactionSigner,
  dwalletId: string,
  request: Omit<P2wpkhTransactionRequest, 'publicKey'>,
): Promise<SignedBitcoinTransaction & { readonly signIds: readonly string[] }> {
  const publicKey = await secp256k1Key(signer, dwalletId);
  const prepared = prepareP2wpkhTransaction({ ...request, publicKey });
  const signatures: Uint8Array[] = [];
  const signIds: string[] = [];
  for (const input of prepared.inputs) {
    const { signature, signId } = await signer.sign({ dwalletId, message: input.message, hashScheme: input.hashScheme });
    signatures.push(signature);
    signIds.push(signId);
  }
  return { ...attachBitcoinSignatures(prepared, signatures), signIds };
}

/**
 * Ethereum, Bitcoin and Solana transactions signed by a dWallet through the network: the chain
 * helpers (`client/ethereum`, `client/bitcoin`, `client/solana`) say what must be signed, the SDK
 * has the user and the network sign it (and verifies the signature with @noble/curves), and the
 * helpers assemble the broadcastable transaction and check it again.
 *
 * Each signature is approved on chain over the transaction's own bytes where the scheme allows —
 * the unsigned EIP-1559 serialisation under Keccak-256, each segwit input's BIP-143 preimage
 * under double SHA-256, the Solana message itself (EdDSA signs the message) — so the on-chain
 * approval records what was signed. A Taproot input's BIP-341 sighash is approved as the 32-byte
 * BIP-340 message (PREHASHED): BIP-340 signs it as is. A Bitcoin transaction with k inputs takes k
 * signatures (k presigns), requested one after the other.
 *
 * Which dWallet signs what: an ECDSA secp256k1 dWallet Ethereum and segwit (P2WPKH), a Taproot
 * dWallet P2TR key-path spends, an EdDSA (ed25519) dWallet Solana transfers; any other
 * combination is PUBLIC_KEY_INVALID before anything is sent.
 * @module
 */

import type { CurveName } from '../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';
import { prepareTaprootSpend, type TaprootSpendRequest } from './bitcoin/taproot.ts';
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
import { prepareSolanaTransfer, type SignedSolanaTransaction, type SolanaTransferRequest } from './solana/transfer.ts';

/** What signing a transaction needs of the SDK client. */
export type TransactionSigner = Pick<DWalletClient, 'getDWallet' | 'sign'>;

/** The public key of `dwalletId`, an active dWallet of `curve` signing with `algorithm` (what `what` needs). */
async function dwalletKey(
  signer: TransactionSigner,
  dwalletId: string,
  scheme: { readonly curve: CurveName; readonly algorithm: SignatureAlgorithmName },
  what: string,
): Promise<Uint8Array> {
  const dwallet = await signer.getDWallet(dwalletId);
  if (dwallet.publicKey === null || dwallet.curve !== scheme.curve || dwallet.algorithm !== scheme.algorithm) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.PUBLIC_KEY_INVALID,
      `dWallet ${dwalletId} is not an active ${scheme.curve} ${scheme.algorithm} dWallet (it is ${dwallet.curve} ${dwallet.algorithm}${dwallet.publicKey === null ? ', not active' : ''}): ${what} need one`,
      { dwalletId, curve: dwallet.curve, algorithm: dwallet.algorithm },
    );
  }
  return dwallet.publicKey;
}

const ECDSA_SECP256K1 = { curve: 'secp256k1', algorithm: 'ecdsa' } as const;
const TAPROOT = { curve: 'secp256k1', algorithm: 'taproot' } as const;
const EDDSA = { curve: 'ed25519', algorithm: 'eddsa' } as const;

/** Signs an EIP-1559 transaction from the dWallet's Ethereum address; returns it ready for eth_sendRawTransaction. */
export async function signEthereumTransaction(
  signer: TransactionSigner,
  dwalletId: string,
  fields: Eip1559TransactionFields,
): Promise<SignedEthereumTransaction & { readonly signId: string }> {
  const publicKey = await dwalletKey(signer, dwalletId, ECDSA_SECP256K1, 'Ethereum transactions');
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
  const publicKey = await dwalletKey(signer, dwalletId, ECDSA_SECP256K1, 'segwit (P2WPKH) transactions');
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

/**
 * Signs a transaction spending outputs of a Taproot dWallet's P2TR address by the key path
 * (BIP-341, BIP-86 tweak): each input's SIGHASH_DEFAULT sighash is signed as the BIP-340 message
 * (PREHASHED) and checked under the output key x(Q) — by the SDK's `sign` and again by the helper
 * when it attaches it. Returns the transaction ready for sendrawtransaction.
 */
export async function signTaprootTransaction(
  signer: TransactionSigner,
  dwalletId: string,
  request: Omit<TaprootSpendRequest, 'publicKey'>,
): Promise<SignedBitcoinTransaction & { readonly signIds: readonly string[] }> {
  const publicKey = await dwalletKey(signer, dwalletId, TAPROOT, 'Taproot (P2TR key-path) spends');
  const prepared = prepareTaprootSpend({ ...request, publicKey });
  const signatures: Uint8Array[] = [];
  const signIds: string[] = [];
  for (const input of prepared.inputs) {
    const { signature, signId } = await signer.sign({ dwalletId, message: input.sighash, hashScheme: input.hashScheme });
    signatures.push(signature);
    signIds.push(signId);
  }
  return { ...prepared.finalize(signatures), signIds };
}

/**
 * Signs a Solana SOL transfer from an EdDSA dWallet's address (it pays the fee): the compiled
 * message is signed as is (EdDSA, hash scheme SHA512), checked with @noble/curves by the SDK's
 * `sign` and again by the helper when it attaches it. Returns the base64 wire transaction for the
 * RPC's sendTransaction and its signature (the transaction id, base58).
 */
export async function signSolanaTransfer(
  signer: TransactionSigner,
  dwalletId: string,
  request: Omit<SolanaTransferRequest, 'publicKey'>,
): Promise<SignedSolanaTransaction & { readonly signId: string; readonly from: string }> {
  const publicKey = await dwalletKey(signer, dwalletId, EDDSA, 'Solana transfers');
  const prepared = prepareSolanaTransfer({ ...request, publicKey });
  const { signature, signId } = await signer.sign({ dwalletId, message: prepared.message, hashScheme: prepared.hashScheme });
  return { ...prepared.finalize(signature), signId, from: prepared.from };
}

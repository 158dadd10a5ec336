/**
 * SOL transfers signed by an EdDSA (Ed25519) dWallet.
 *
 *   prepareSolanaTransfer(request)  validates the dWallet key, the recipient, the lamports, the
 *       recent blockhash (and, when the caller states the dWallet's balance, that it covers the
 *       transfer and the fee), and compiles the transfer message with @solana/kit
 *       (./transfer-message.ts). Those message bytes are what the network signs, under hash
 *       scheme SHA512 (4): EdDSA signs the message itself (PROTOCOL-EXTENSIONS.md §9.1, the
 *       challenge is SHA-512(R ‖ A ‖ M) mod ℓ, RFC 8032 §5.1.6).
 *   attachSolanaSignature(prepared, signature) (= prepared.finalize(signature))  checks that the
 *       message still is the one its fields compile to, that the 64-byte signature R ‖ S verifies
 *       with @noble/curves' Ed25519 under the dWallet key, and returns the wire transaction
 *       (base64, for sendTransaction) and its signature in base58 (the transaction's id).
 *
 * Nothing talks to a network: the blockhash (and the balance) come from the caller.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  type Address,
  type Base64EncodedWireTransaction,
  type Blockhash,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  type Signature,
  type SignatureBytes,
} from '@solana/kit';
import { HASH_SCHEME_IDS } from '../../mpc/signing/algorithms.ts';
import { parseEd25519PublicKey } from '../chains/ed25519-public-key.ts';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { parseSolanaAddress, solanaAddress } from './address.ts';
import { parseLastValidBlockHeight, parseRecentBlockhash } from './blockhash.ts';
import { LAMPORTS_PER_SIGNATURE, parseLamports } from './lamports.ts';
import { compileSolanaTransfer } from './transfer-message.ts';

/** Ed25519 signature length: R ‖ S (RFC 8032 §5.1.6). */
export const SOLANA_SIGNATURE_BYTES = 64;

export interface SolanaTransferRequest {
  /** The EdDSA dWallet's 32-byte Ed25519 public key: the source of the lamports and the fee payer. */
  publicKey: Uint8Array;
  /** The recipient's address (base58). */
  to: string;
  /** Lamports to send, in [1, 2^64 − 1]. */
  lamports: bigint;
  /** A recent blockhash (base58 of 32 bytes, from the RPC's getLatestBlockhash). */
  recentBlockhash: string;
  /** The last block height at which the blockhash is valid, when known (not part of the signed message). */
  lastValidBlockHeight?: bigint;
  /** The dWallet's balance in lamports, when known: then it must cover lamports + the fee. */
  balance?: bigint;
}

export interface SignedSolanaTransaction {
  /** The signed transaction in base64, for the RPC's sendTransaction. */
  readonly wireTransaction: Base64EncodedWireTransaction;
  /** The dWallet's signature in base58: the transaction's id. */
  readonly signature: Signature;
}

export interface PreparedSolanaTransfer {
  readonly publicKey: Uint8Array;
  /** The dWallet's address: source and fee payer. */
  readonly from: Address;
  readonly to: Address;
  readonly lamports: bigint;
  readonly recentBlockhash: Blockhash;
  readonly lastValidBlockHeight?: bigint;
  /** The base fee the fee payer pays (one signature). */
  readonly fee: bigint;
  /** The compiled message: the bytes the network signs. */
  readonly message: Uint8Array;
  /** SHA512: EdDSA signs the message itself. */
  readonly hashScheme: typeof HASH_SCHEME_IDS.SHA512;
  /** {@link attachSolanaSignature} of this prepared transfer. */
  finalize(signature: Uint8Array): SignedSolanaTransaction;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function fail(code: keyof typeof ChainHelperErrorCodes, message: string, details: Record<string, unknown> = {}): ChainHelperError {
  return new ChainHelperError(ChainHelperErrorCodes[code], message, details);
}

/** The message a dWallet signs to send `lamports` to `to`, with the dWallet paying the fee. */
export function prepareSolanaTransfer(request: SolanaTransferRequest): PreparedSolanaTransfer {
  if (typeof request !== 'object' || request === null) throw fail('SOL_INVALID_TRANSFER', 'the request must be an object');
  const publicKey = parseEd25519PublicKey(request.publicKey);
  const from = solanaAddress(publicKey);
  const to = parseSolanaAddress(request.to, 'to');
  const lamports = parseLamports(request.lamports, 'lamports');
  const recentBlockhash = parseRecentBlockhash(request.recentBlockhash);
  const lastValidBlockHeight =
    request.lastValidBlockHeight === undefined ? undefined : parseLastValidBlockHeight(request.lastValidBlockHeight);
  const fee = LAMPORTS_PER_SIGNATURE;
  if (request.balance !== undefined) {
    const balance = parseLamports(request.balance, 'balance', 0n);
    if (balance < lamports + fee) {
      throw fail('SOL_INSUFFICIENT_FUNDS', `the balance (${balance} lamports) does not cover ${lamports} lamports and the fee (${fee})`, {
        balance: balance.toString(),
        lamports: lamports.toString(),
        fee: fee.toString(),
      });
    }
  }
  const fields = { from, to, lamports, recentBlockhash, ...(lastValidBlockHeight === undefined ? {} : { lastValidBlockHeight }) };
  const message = Uint8Array.from(compileSolanaTransfer(fields).messageBytes);
  const prepared: PreparedSolanaTransfer = Object.freeze({
    publicKey,
    ...fields,
    fee,
    message,
    hashScheme: HASH_SCHEME_IDS.SHA512,
    finalize: (signature: Uint8Array) => attachSolanaSignature(prepared, signature),
  });
  return prepared;
}

/**
 * The signed wire transaction from the network's 64-byte Ed25519 signature over the prepared
 * message, checked to verify under the dWallet key first.
 */
export function attachSolanaSignature(prepared: PreparedSolanaTransfer, signature: Uint8Array): SignedSolanaTransaction {
  const mismatch = (message: string) => fail('SOL_PREPARED_MISMATCH', `the prepared transfer is inconsistent: ${message}`);
  if (typeof prepared !== 'object' || prepared === null || !(prepared.message instanceof Uint8Array))
    throw mismatch('not a prepared transfer');
  const publicKey = parseEd25519PublicKey(prepared.publicKey);
  if (solanaAddress(publicKey) !== prepared.from) throw mismatch('the source address is not the public key’s');
  const transaction = compileSolanaTransfer({
    from: prepared.from,
    to: parseSolanaAddress(prepared.to, 'to'),
    lamports: parseLamports(prepared.lamports, 'lamports'),
    recentBlockhash: parseRecentBlockhash(prepared.recentBlockhash),
    ...(prepared.lastValidBlockHeight === undefined ? {} : { lastValidBlockHeight: prepared.lastValidBlockHeight }),
  });
  if (!bytesEqual(Uint8Array.from(transaction.messageBytes), prepared.message))
    throw mismatch('the message is not the one its fields compile to');
  if (!(signature instanceof Uint8Array) || signature.length !== SOLANA_SIGNATURE_BYTES) {
    throw fail('SIGNATURE_MALFORMED', `an Ed25519 signature is ${SOLANA_SIGNATURE_BYTES} bytes R ‖ S`, {
      length: signature instanceof Uint8Array ? signature.length : null,
    });
  }
  // zip215 = false: RFC 8032's strict verification (canonical R and A, S < ℓ)
  if (!ed25519.verify(signature, prepared.message, publicKey, { zip215: false })) {
    throw fail('SOL_SIGNATURE_INVALID', 'the signature does not verify against the transfer message and the dWallet key');
  }
  const signed = { ...transaction, signatures: { ...transaction.signatures, [prepared.from]: signature.slice() as SignatureBytes } };
  return Object.freeze({ wireTransaction: getBase64EncodedWireTransaction(signed), signature: getSignatureFromTransaction(signed) });
}

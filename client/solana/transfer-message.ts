/**
 * The message of a SOL transfer from a dWallet: one system-program Transfer instruction
 * (@solana-program/system; instruction index 2, data u32 2 ‖ u64 lamports, accounts [source
 * writable signer, destination writable]) in a version-0 message whose fee payer is the dWallet
 * itself, so the dWallet's signature is the only one the transaction needs.
 *
 * The message bytes (header, account keys, recent blockhash, compiled instructions) are what the
 * Ed25519 signature covers; @solana/kit compiles them.
 * @module
 */

import {
  type Address,
  appendTransactionMessageInstruction,
  type Blockhash,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Transaction,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';

/** A block height is a u64; the largest stands for "not known". */
const UNKNOWN_BLOCK_HEIGHT = (1n << 64n) - 1n;

export interface SolanaTransferFields {
  /** The dWallet's address: source of the lamports and fee payer. */
  readonly from: Address;
  readonly to: Address;
  readonly lamports: bigint;
  readonly recentBlockhash: Blockhash;
  /** The last block height at which the blockhash is valid (getLatestBlockhash); not part of the message. */
  readonly lastValidBlockHeight?: bigint;
}

/** The unsigned transaction of a transfer: its message bytes and an empty signature slot for `from`. */
export function compileSolanaTransfer(fields: SolanaTransferFields): Transaction {
  // The source signs through the dWallet network, not through kit: a no-op signer only marks it as
  // a signer account in the message.
  const source = createNoopSigner(fields.from);
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(fields.from, m),
    // kit keeps lastValidBlockHeight beside the message to track expiry; the bytes do not contain
    // it, so an unknown one is given as the largest u64 (never expires as far as kit knows).
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: fields.recentBlockhash, lastValidBlockHeight: fields.lastValidBlockHeight ?? UNKNOWN_BLOCK_HEIGHT },
        m,
      ),
    (m) => appendTransactionMessageInstruction(getTransferSolInstruction({ source, destination: fields.to, amount: fields.lamports }), m),
  );
  return compileTransaction(message);
}

/**
 * Solana helpers for EdDSA (Ed25519) dWallets: the address of a dWallet, and SOL transfers it pays
 * for (the message to sign, and the signed wire transaction from the network's signature), with
 * @solana/kit and @solana-program/system. Pure: no RPC.
 * @module
 */
export { parseSolanaAddress, solanaAddress } from './address.ts';
export { BLOCKHASH_BYTES, parseLastValidBlockHeight, parseRecentBlockhash } from './blockhash.ts';
export { LAMPORTS_PER_SIGNATURE, LAMPORTS_PER_SOL, MAX_LAMPORTS, parseLamports } from './lamports.ts';
export {
  attachSolanaSignature,
  type PreparedSolanaTransfer,
  prepareSolanaTransfer,
  type SignedSolanaTransaction,
  SOLANA_SIGNATURE_BYTES,
  type SolanaTransferRequest,
} from './transfer.ts';
export { compileSolanaTransfer, type SolanaTransferFields } from './transfer-message.ts';

/**
 * Typed errors of the chain helpers (`client/ethereum`, `client/bitcoin`, `client/solana`) and
 * of the independent checks of signed transactions (`client/verify-transactions.ts`): the pure
 * functions that turn a dWallet public key into addresses, say what the network must sign, and
 * assemble the broadcastable transaction from the network's signature.
 *
 * Every code is stable (never reworded once released) and unique across the project: shared
 * codes start with `CLIENT_`, Ethereum ones with `ETH_`, Bitcoin ones with `BTC_`, Solana ones
 * with `SOL_`. `details` names the offending field (and index, for list items) and never carries
 * secrets.
 * @module
 */
import { type CodeOf, DWalletError } from '../../mpc/errors.ts';

export const ChainHelperErrorCodes = {
  // shared by both chains
  /**
   * Not a valid public key of the dWallet's curve: secp256k1 (wrong length, prefix, or not a point
   * on the curve) or Ed25519 (not 32 bytes, not the encoding of a point, or a point of small order).
   */
  PUBLIC_KEY_INVALID: 'CLIENT_PUBLIC_KEY_INVALID',
  /**
   * A network signature of the wrong form: ECDSA not 65 bytes r ‖ s ‖ v with 0 < r, s < n and
   * v ≤ 3; BIP-340 (Taproot) or Ed25519 not 64 bytes.
   */
  SIGNATURE_MALFORMED: 'CLIENT_SIGNATURE_MALFORMED',
  /** A signature with s > n/2 (both chains only accept low s). */
  SIGNATURE_HIGH_S: 'CLIENT_SIGNATURE_HIGH_S',
  /**
   * An independent check of a signed transaction failed: it does not parse with the chain's
   * library, is not of the expected form, or a signature does not verify under the recomputed
   * message and the dWallet's key.
   */
  TRANSACTION_UNVERIFIED: 'CLIENT_TRANSACTION_UNVERIFIED',

  // Ethereum
  /** A required transaction field is absent (chainId, nonce, gas, maxFeePerGas, maxPriorityFeePerGas, to). */
  ETH_MISSING_FIELD: 'ETH_MISSING_FIELD',
  /** A field of the wrong type or out of range (negative value, gas below 21000, priority fee above the fee cap …). */
  ETH_INVALID_FIELD: 'ETH_INVALID_FIELD',
  /** A field an EIP-1559 transaction prepared here does not take (gasPrice, blobs, a signature, another type …). */
  ETH_UNSUPPORTED_FIELD: 'ETH_UNSUPPORTED_FIELD',
  /** Not a 20-byte 0x address, or a mixed-case address with a wrong EIP-55 checksum. */
  ETH_INVALID_ADDRESS: 'ETH_INVALID_ADDRESS',
  /** A recovery id of 2 or 3 (R.x ≥ n), which an Ethereum transaction cannot carry. */
  ETH_UNSUPPORTED_RECOVERY_ID: 'ETH_UNSUPPORTED_RECOVERY_ID',
  /** A prepared transaction whose unsigned bytes, message or digest do not match its fields. */
  ETH_PREPARED_MISMATCH: 'ETH_PREPARED_MISMATCH',
  /** No expected signer given, neither to prepare nor to attach: the signature could not be checked. */
  ETH_SIGNER_UNKNOWN: 'ETH_SIGNER_UNKNOWN',
  /** The signed transaction recovers to another address than the dWallet's. */
  ETH_SIGNER_MISMATCH: 'ETH_SIGNER_MISMATCH',

  // Bitcoin
  /** A network name other than mainnet, testnet, regtest. */
  BTC_INVALID_NETWORK: 'BTC_INVALID_NETWORK',
  /** An address that does not decode, or belongs to another network. */
  BTC_INVALID_ADDRESS: 'BTC_INVALID_ADDRESS',
  /** A txid that is not 64 hex digits, or a vout / sequence / lock time that is not a u32. */
  BTC_INVALID_OUTPOINT: 'BTC_INVALID_OUTPOINT',
  /** The same outpoint spent twice. */
  BTC_DUPLICATE_INPUT: 'BTC_DUPLICATE_INPUT',
  /** A transaction without inputs or without outputs, or a request that is not an object. */
  BTC_INVALID_TRANSACTION: 'BTC_INVALID_TRANSACTION',
  /** An amount or fee that is not a bigint of satoshis in [0, 21e14] (inputs and outputs: > 0). */
  BTC_INVALID_AMOUNT: 'BTC_INVALID_AMOUNT',
  /** An output (or the change) below the dust threshold of its script type. */
  BTC_DUST_OUTPUT: 'BTC_DUST_OUTPUT',
  /** The inputs do not cover the outputs plus the fee. */
  BTC_INSUFFICIENT_FUNDS: 'BTC_INSUFFICIENT_FUNDS',
  /** Without a change address, inputs − outputs must equal the fee exactly (nothing is burnt silently). */
  BTC_FEE_MISMATCH: 'BTC_FEE_MISMATCH',
  /** A fee below 1 sat/vB of the estimated size (the minimum relay fee). */
  BTC_FEE_TOO_LOW: 'BTC_FEE_TOO_LOW',
  /** A fee above the maximum fee rate (default 10,000 sat/vB, as Bitcoin Core's maxfeerate). */
  BTC_FEE_TOO_HIGH: 'BTC_FEE_TOO_HIGH',
  /** Not exactly one signature per input. */
  BTC_SIGNATURE_COUNT: 'BTC_SIGNATURE_COUNT',
  /** A signature that does not verify against the input's sighash and the dWallet's key. */
  BTC_SIGNATURE_INVALID: 'BTC_SIGNATURE_INVALID',
  /** A prepared transaction whose PSBT, txid, preimages or sighashes do not match one another. */
  BTC_PREPARED_MISMATCH: 'BTC_PREPARED_MISMATCH',
  /** Internal: the BIP-143 / BIP-341 preimage computed here does not hash to the library's sighash. */
  BTC_SIGHASH_MISMATCH: 'BTC_SIGHASH_MISMATCH',

  // Solana
  /** Not a base58 address of 32 bytes. */
  SOL_INVALID_ADDRESS: 'SOL_INVALID_ADDRESS',
  /** A recent blockhash that is not base58 of exactly 32 bytes. */
  SOL_INVALID_BLOCKHASH: 'SOL_INVALID_BLOCKHASH',
  /** Lamports that are not a bigint in [1, 2^64 − 1] (a balance: [0, 2^64 − 1]). */
  SOL_INVALID_AMOUNT: 'SOL_INVALID_AMOUNT',
  /** The stated balance does not cover the transfer and the fee. */
  SOL_INSUFFICIENT_FUNDS: 'SOL_INSUFFICIENT_FUNDS',
  /** A transfer request that is not an object. */
  SOL_INVALID_TRANSFER: 'SOL_INVALID_TRANSFER',
  /** The signature does not verify against the message and the dWallet's key. */
  SOL_SIGNATURE_INVALID: 'SOL_SIGNATURE_INVALID',
  /** A prepared transfer whose message bytes do not match its fields. */
  SOL_PREPARED_MISMATCH: 'SOL_PREPARED_MISMATCH',
} as const;

export type ChainHelperErrorCode = CodeOf<typeof ChainHelperErrorCodes>;

/** Any failure of the chain helpers and the checks of signed transactions. */
export class ChainHelperError extends DWalletError<ChainHelperErrorCode> {}

/**
 * Typed errors of the Ethereum and Bitcoin helpers (`client/ethereum`, `client/bitcoin`): the
 * pure functions that turn a dWallet public key into addresses, say what the network must sign,
 * and assemble the broadcastable transaction from the network's 65-byte signature.
 *
 * Every code is stable (never reworded once released) and unique across the project: shared
 * codes start with `CLIENT_`, Ethereum ones with `ETH_`, Bitcoin ones with `BTC_`. `details`
 * names the offending field (and index, for list items) and never carries secrets.
 * @module
 */
import { type CodeOf, DWalletError } from '../../mpc/errors.ts';

export const ChainHelperErrorCodes = {
  // shared by both chains
  /** Not a valid secp256k1 public key (wrong length, prefix, or not a point on the curve). */
  PUBLIC_KEY_INVALID: 'CLIENT_PUBLIC_KEY_INVALID',
  /** A network signature that is not 65 bytes r ‖ s ‖ v with 0 < r, s < n and v ≤ 3. */
  SIGNATURE_MALFORMED: 'CLIENT_SIGNATURE_MALFORMED',
  /** A signature with s > n/2 (both chains only accept low s). */
  SIGNATURE_HIGH_S: 'CLIENT_SIGNATURE_HIGH_S',

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
  /** Internal: the BIP-143 preimage computed here does not hash to the library's sighash. */
  BTC_SIGHASH_MISMATCH: 'BTC_SIGHASH_MISMATCH',
} as const;

export type ChainHelperErrorCode = CodeOf<typeof ChainHelperErrorCodes>;

/** Any failure of the Ethereum / Bitcoin helpers. */
export class ChainHelperError extends DWalletError<ChainHelperErrorCode> {}

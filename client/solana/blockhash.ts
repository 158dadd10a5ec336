/**
 * The recent blockhash a Solana transaction carries: its lifetime (the network refuses it once
 * the blockhash is about 150 blocks old) and its replay protection. It is base58 of 32 bytes
 * (the `blockhash` of the RPC's getLatestBlockhash).
 * @module
 */
import { type Blockhash, getBase58Encoder, isBlockhash } from '@solana/kit';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';

export const BLOCKHASH_BYTES = 32;

/** A recent blockhash given by a caller: base58 that decodes to exactly 32 bytes; throws SOL_INVALID_BLOCKHASH. */
export function parseRecentBlockhash(value: unknown, field = 'recentBlockhash'): Blockhash {
  if (typeof value !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(value)) {
    throw new ChainHelperError(ChainHelperErrorCodes.SOL_INVALID_BLOCKHASH, `${field}: a blockhash is a base58 string`, { field });
  }
  const length = getBase58Encoder().encode(value).length;
  if (length !== BLOCKHASH_BYTES || !isBlockhash(value)) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.SOL_INVALID_BLOCKHASH,
      `${field}: a blockhash is ${BLOCKHASH_BYTES} bytes, this one decodes to ${length}`,
      { field, length },
    );
  }
  return value;
}

/** The last block height at which a blockhash is valid (u64, from getLatestBlockhash); throws SOL_INVALID_BLOCKHASH. */
export function parseLastValidBlockHeight(value: unknown, field = 'lastValidBlockHeight'): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << 64n) {
    throw new ChainHelperError(ChainHelperErrorCodes.SOL_INVALID_BLOCKHASH, `${field}: a block height is a bigint in [0, 2^64 − 1]`, {
      field,
    });
  }
  return value;
}

/**
 * Amounts of SOL in lamports (10⁹ lamports = 1 SOL), u64 on chain, and the fee of a transaction
 * with one signature.
 * @module
 */
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';

export const LAMPORTS_PER_SOL = 1_000_000_000n;

/** The largest u64: the system program's transfer amount and an account's balance are u64. */
export const MAX_LAMPORTS = (1n << 64n) - 1n;

/**
 * The base fee of a transaction: 5,000 lamports per signature (Solana's fee structure,
 * https://solana.com/docs/core/fees "Base fee"). A transfer signed by the dWallet alone has one.
 * A priority fee would need a compute-budget instruction, which these transfers do not carry.
 */
export const LAMPORTS_PER_SIGNATURE = 5_000n;

/** A lamport amount: a bigint in [min, 2^64 − 1]; throws SOL_INVALID_AMOUNT. `min` is 1 for a transfer, 0 for a balance. */
export function parseLamports(value: unknown, field: string, min = 1n): bigint {
  if (typeof value !== 'bigint') {
    throw new ChainHelperError(ChainHelperErrorCodes.SOL_INVALID_AMOUNT, `${field}: an amount is a bigint of lamports`, {
      field,
      type: typeof value,
    });
  }
  if (value < min || value > MAX_LAMPORTS) {
    throw new ChainHelperError(ChainHelperErrorCodes.SOL_INVALID_AMOUNT, `${field}: ${value} lamports is outside [${min}, 2^64 − 1]`, {
      field,
      amount: value.toString(),
    });
  }
  return value;
}

/**
 * Move's u64 arithmetic on the local chain. Move does not wrap: an addition past 2^64 − 1 stops
 * the transaction with an arithmetic error (Sui reports `MovePrimitiveRuntimeError`), which fails
 * it and charges gas like an abort. The mirror adds u64 values through {@link addU64} so that such
 * a transaction fails the same way here instead of breaking the ledger when the value is encoded.
 * @module
 */

export const MAX_U64 = (1n << 64n) - 1n;

/** An arithmetic error of the Move VM (overflow), at `location` (module::function). */
export class MoveArithmeticError extends Error {
  constructor(readonly location: string) {
    super(`arithmetic error (u64 overflow) in ${location}`);
    this.name = 'MoveArithmeticError';
  }
}

/** `a + b` as Move computes it on u64 values: fails at `location` when the sum exceeds u64. */
export function addU64(a: bigint, b: bigint, location: string): bigint {
  const sum = a + b;
  if (sum > MAX_U64) throw new MoveArithmeticError(location);
  return sum;
}

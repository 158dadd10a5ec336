/**
 * A transaction that runs and fails on the local chain: a Move abort, a bad argument, a limit
 * passed, gas exhausted. The ledger turns it into a recorded result with a failed status and the
 * gas charged, as a Sui full node does; nothing else of the transaction is kept.
 * @module
 */
import type { ExecutionError } from '../chain.ts';

export class ExecutionFailure extends Error {
  constructor(readonly error: ExecutionError) {
    super(error.message);
    this.name = 'ExecutionFailure';
  }
}

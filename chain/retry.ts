/**
 * What the chain followers (chain/event-follower.ts, indexer/, the validator) share when they
 * poll: which chain errors are worth retrying, and a wait that ends early when the follower stops.
 * @module
 */
import { ChainError, ChainErrorCodes } from './errors.ts';

/** The chain was unreachable or answered garbage: retry later. Anything else is a bug or bad data. */
export function isTransientChainError(error: unknown): boolean {
  return (
    error instanceof ChainError && (error.code === ChainErrorCodes.TRANSPORT_FAILED || error.code === ChainErrorCodes.RESPONSE_INVALID)
  );
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

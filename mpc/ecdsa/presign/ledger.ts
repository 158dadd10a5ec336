/**
 * A presign is consumed exactly once, ever (PROTOCOL.md §8; reference notes §8: not even with
 * different keys — two signatures with one nonce reveal the key). The chain enforces it for
 * requests; the library enforces it for its own callers through a ledger that every use of a
 * presign goes through: the user's sign message (sign/user.ts) and the validators' sign session
 * (protocols/sign.ts) consume the presign before using it, and a second consumption throws
 * ECDSA_PRESIGN_CONSUMED.
 *
 * {@link InMemoryPresignLedger} serves one process; a validator or a wallet backs the interface
 * with its database (the consumption must be persisted before the message that uses the presign
 * leaves the process).
 * @module
 */
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { type Presign, presignKey } from './presign.ts';

/** What a ledger reads of a presign: its identity. ECDSA and Schnorr presigns (mpc/schnorr) share one ledger. */
export type LedgerPresign = Pick<Presign, 'sessionId'>;

export interface PresignLedger {
  /** Records the presign as used; throws ECDSA_PRESIGN_CONSUMED if it was used before. */
  consume(presign: LedgerPresign): void;
  isConsumed(presign: LedgerPresign): boolean;
}

export class InMemoryPresignLedger implements PresignLedger {
  readonly #used = new Set<string>();

  consume(presign: LedgerPresign): void {
    const key = presignKey(presign);
    if (this.#used.has(key)) {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED, 'this presign was already consumed', { presign: key });
    }
    this.#used.add(key);
  }

  isConsumed(presign: LedgerPresign): boolean {
    return this.#used.has(presignKey(presign));
  }
}

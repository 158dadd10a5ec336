/**
 * Typed errors of threshold decryption (PROTOCOL.md §4): each failure has a stable code, and the
 * errors that concern a party carry its id in `details.party` so that the validator engine can
 * attach the failure to the sender of the message.
 * @module
 */
import { type CodeOf, DWalletError } from '../errors.ts';

/** The stable error codes of threshold decryption. */
export const ThresholdErrorCodes = {
  /** The weights or the threshold do not define a valid access structure. */
  THRESHOLD_INVALID_ACCESS_STRUCTURE: 'THRESHOLD_INVALID_ACCESS_STRUCTURE',
  /** The total weight exceeds the number of virtual parties supported (share sizes grow with W!). */
  THRESHOLD_TOO_MANY_VIRTUAL_PARTIES: 'THRESHOLD_TOO_MANY_VIRTUAL_PARTIES',
  /** A party id that is not a member of the access structure. */
  THRESHOLD_UNKNOWN_PARTY: 'THRESHOLD_UNKNOWN_PARTY',
  /** A second message from a party that already sent one in this phase. */
  THRESHOLD_DUPLICATE_SENDER: 'THRESHOLD_DUPLICATE_SENDER',
  /** A share message bound to other ciphertexts (its digest differs from the session's). */
  THRESHOLD_WRONG_CIPHERTEXT: 'THRESHOLD_WRONG_CIPHERTEXT',
  /** A share message whose number of virtual shares differs from the sender's weight. */
  THRESHOLD_WRONG_SHARE_COUNT: 'THRESHOLD_WRONG_SHARE_COUNT',
  /** A virtual share with a number of decryption shares other than the number of ciphertexts. */
  THRESHOLD_WRONG_BATCH_SIZE: 'THRESHOLD_WRONG_BATCH_SIZE',
  /** A decryption share that is not a valid element of the group (not reduced, or not a square class). */
  THRESHOLD_INVALID_SHARE: 'THRESHOLD_INVALID_SHARE',
  /** The shares received carry less weight than the threshold. */
  THRESHOLD_NOT_REACHED: 'THRESHOLD_NOT_REACHED',
  /** After blame, the parties with valid proven shares carry less weight than the threshold. */
  THRESHOLD_DECRYPTION_ABORTED: 'THRESHOLD_DECRYPTION_ABORTED',
  /** The combined value is not in the message subgroup although every share used was proven. */
  THRESHOLD_COMBINATION_FAILED: 'THRESHOLD_COMBINATION_FAILED',
  /** A key share, secret key or public key that does not belong with the others. */
  THRESHOLD_KEY_MISMATCH: 'THRESHOLD_KEY_MISMATCH',
  /** Invalid input to a threshold function (empty batch, malformed interpolation set, bad session). */
  THRESHOLD_INVALID_INPUT: 'THRESHOLD_INVALID_INPUT',
  /** A step of the optimistic flow called in the wrong phase. */
  THRESHOLD_WRONG_PHASE: 'THRESHOLD_WRONG_PHASE',
} as const;

export type ThresholdErrorCode = CodeOf<typeof ThresholdErrorCodes>;

/** Any failure of threshold decryption. */
export class ThresholdError extends DWalletError<ThresholdErrorCode> {}

/** Why a party was named. */
export type BlameReason =
  /** Its proof of correct decryption shares did not verify. */
  | 'invalid-proof'
  /** Its unproven share differs from the proven share it sent later. */
  | 'unproven-share-differs-from-proven'
  /** Its unproven share differs from the value interpolated from the proven shares of others. */
  | 'unproven-share-inconsistent-with-interpolation'
  /** The engine rejected one of its authenticated messages (e.g. it did not decode). */
  | 'invalid-message';

export interface Blame {
  readonly party: number;
  readonly reason: BlameReason;
  /** Human-readable, non-secret detail. */
  readonly detail: string;
}

/**
 * Identifiable abort (PROTOCOL.md §4): the proven shares left after blame do not reach the
 * threshold. Lists every party named and every party whose proven share is missing.
 */
export class ThresholdAbortError extends ThresholdError {
  readonly blamed: readonly Blame[];
  /** Parties that are neither blamed nor contributed a valid proven share. */
  readonly missing: readonly number[];

  constructor(message: string, blamed: readonly Blame[], missing: readonly number[], details: Record<string, unknown> = {}) {
    super(ThresholdErrorCodes.THRESHOLD_DECRYPTION_ABORTED, message, {
      ...details,
      blamed: blamed.map((b) => ({ party: b.party, reason: b.reason })),
      missing,
    });
    this.blamed = blamed;
    this.missing = missing;
  }
}

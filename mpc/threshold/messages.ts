/**
 * The two messages of threshold decryption (PROTOCOL.md §4, §8): a party's decryption shares,
 * first unproven, then, only if the combined result fails the public predicate, proven with one
 * EDL proof. `shares[i][c]` is d_{v,c} = c1⁽ᶜ⁾^{s_v} for the party's i-th virtual id v.
 *
 * The `party` field names the sender; the validator engine must check that it equals the
 * authenticated sender of the envelope (PROTOCOL.md §10).
 * @module
 */
import { equalBytes } from '@noble/curves/utils.js';
import type { Form } from '../classgroups/form.ts';
import { DWalletError } from '../errors.ts';
import type { MaurerProof } from '../proofs/maurer.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import type { DecryptionSession } from './session.ts';

export interface DecryptionShareMessage {
  readonly party: number;
  /** The session's ciphertext digest. */
  readonly digest: Uint8Array;
  /** One row per virtual id of the party (increasing), one share per ciphertext. */
  readonly shares: readonly (readonly Form[])[];
}

export interface ProvenDecryptionShareMessage extends DecryptionShareMessage {
  /** L_EDL proof of the statements (vk_v, d_{v,1}, …, d_{v,k}), one per virtual id. */
  readonly proof: MaurerProof;
}

/**
 * Throws a typed error unless `message` fits the session: a member party, the session's
 * ciphertexts, one row per unit of the sender's weight, one share per ciphertext, and group
 * elements only (reduced, primitive, square classes: classgroups/group.ts `assertElement`).
 */
export function checkShareMessage(session: DecryptionSession, message: DecryptionShareMessage): void {
  const { access, setup } = session.key;
  const party = message.party;
  session.key.access.assertParty(party);
  if (!(message.digest instanceof Uint8Array) || !equalBytes(message.digest, session.digest)) {
    throw new ThresholdError(
      ThresholdErrorCodes.THRESHOLD_WRONG_CIPHERTEXT,
      `party ${party} sent decryption shares for other ciphertexts than this session's`,
      { party },
    );
  }
  const weight = access.weightOf(party);
  if (!Array.isArray(message.shares) || message.shares.length !== weight) {
    throw new ThresholdError(
      ThresholdErrorCodes.THRESHOLD_WRONG_SHARE_COUNT,
      `party ${party} has weight ${weight} but sent ${Array.isArray(message.shares) ? message.shares.length : 'no'} virtual shares`,
      { party, weight, received: Array.isArray(message.shares) ? message.shares.length : undefined },
    );
  }
  const batch = session.ciphertexts.length;
  message.shares.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== batch) {
      throw new ThresholdError(
        ThresholdErrorCodes.THRESHOLD_WRONG_BATCH_SIZE,
        `party ${party} sent ${Array.isArray(row) ? row.length : 'no'} decryption shares for its virtual share ${i}, expected ${batch}`,
        { party, index: i, expected: batch },
      );
    }
    for (const d of row) {
      try {
        setup.group.assertElement(d);
      } catch (error) {
        if (!(error instanceof DWalletError)) throw error;
        throw new ThresholdError(
          ThresholdErrorCodes.THRESHOLD_INVALID_SHARE,
          `party ${party} sent a decryption share that is not a valid group element: ${error.message}`,
          { party, index: i, cause: error.code },
          { cause: error },
        );
      }
    }
  });
}

/**
 * Proven decryption shares (PROTOCOL.md §4–5): one L_EDL proof per party covering every virtual
 * share of the party and every ciphertext of the session. The language has the bases
 * (h, c1⁽¹⁾, …, c1⁽ᵏ⁾) and witness s_v; the party proves one statement per virtual id,
 *     (vk_v, d_{v,1}, …, d_{v,k}) = (h^{s_v}, c1⁽¹⁾^{s_v}, …, c1⁽ᵏ⁾^{s_v}),
 * in a single batched Maurer proof. Proofs of all parties are verified together with one random
 * linear combination (proofs/batch.ts), falling back to one by one to name invalid provers.
 *
 * Soundness up to order 2: verifiers judge class-group equations up to an element of order 2
 * (proofs/batch.ts), so a share off by such an element verifies, at every validator alike.
 * Combination (combine.ts) raises the result to E = lcm(Δ, 2), which removes it; elements of other
 * small orders cannot be computed (the low-order assumption).
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { type BatchVerification, type ProofToVerify, verifyMaurerBatch } from '../proofs/batch.ts';
import type { Statement } from '../proofs/language.ts';
import { proveMaurer } from '../proofs/maurer.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import { assertKeyShareShape, verificationKey } from './keys.ts';
import { checkShareMessage, type ProvenDecryptionShareMessage } from './messages.ts';
import type { PartyKeyShare } from './secret-share.ts';
import type { DecryptionSession } from './session.ts';

/**
 * The proven share message of `keyShare`'s party. Throws THRESHOLD_KEY_MISMATCH (before anything
 * is sent) if a share does not match its verification key.
 */
export function provenDecryptionShareMessage(
  session: DecryptionSession,
  keyShare: PartyKeyShare,
  rng: RandomSource = systemRandom,
): ProvenDecryptionShareMessage {
  assertKeyShareShape(session.key, keyShare);
  const { group } = session.key.setup;
  const { proof, statements } = proveMaurer(
    session.language,
    session.proofContext(keyShare.party),
    keyShare.shares.map((share) => [share.expose()]),
    rng,
  );
  keyShare.shares.forEach((share, i) => {
    const vk = (statements[i] as Statement)[0] as Form;
    if (!group.equals(vk, verificationKey(session.key, share.virtualId))) {
      throw new ThresholdError(
        ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH,
        `party ${keyShare.party}: the share of virtual id ${share.virtualId} does not match its verification key`,
        { party: keyShare.party, virtualId: share.virtualId },
      );
    }
  });
  const shares = statements.map((statement) => statement.slice(1) as Form[]);
  return { party: keyShare.party, digest: session.digest, shares, proof };
}

/** The statements a proven message claims: (vk_v, d_{v,1}, …, d_{v,k}) per virtual id v of the sender. */
export function provenShareStatements(session: DecryptionSession, message: ProvenDecryptionShareMessage): Statement[] {
  const ids = session.key.access.virtualIds(message.party);
  return message.shares.map((row, i) => [verificationKey(session.key, ids[i] as number), ...row]);
}

/**
 * Verify the proofs of many parties at once. Messages must have passed {@link checkShareMessage}
 * (it is applied again here) and come from distinct parties. Returns the valid and the invalid
 * provers, by party id.
 */
export function verifyProvenShares(
  session: DecryptionSession,
  messages: readonly ProvenDecryptionShareMessage[],
  rng: RandomSource = systemRandom,
): BatchVerification<number> {
  const seen = new Set<number>();
  const items: ProofToVerify<number>[] = messages.map((message) => {
    checkShareMessage(session, message);
    if (seen.has(message.party)) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_DUPLICATE_SENDER, `two proven share messages from party ${message.party}`, {
        party: message.party,
      });
    }
    seen.add(message.party);
    return {
      prover: message.party,
      context: session.proofContext(message.party),
      statements: provenShareStatements(session, message),
      proof: message.proof,
    };
  });
  if (items.length === 0) return { valid: [], invalid: [], combinedCheckPassed: true };
  return verifyMaurerBatch(session.language, items, rng);
}

/**
 * Combination of decryption shares (PROTOCOL.md §4). For an interpolation set T of t virtual ids
 * and each ciphertext (c1, c2) = (h^r, f^m·pk^r):
 *     W  = Π_{v∈T} d_v^{λ'_v(0)} = c1^{Δ·P(0)} = c1^{Δ²·sk}     (one multi-exponentiation)
 *     M  = c2^{Δ²} · W⁻¹ = f^{Δ²·m}
 *     M' = M^Δ = f^{Δ³·m},   m = dlog_F(M') · Δ⁻³ mod q.
 * The exponent is Δ² rather than PROTOCOL.md's Δ because the dealer shares Δ·sk (dealer.ts).
 * The last power by Δ is not needed for honest shares: it removes errors of small order dividing
 * Δ that a share may carry undetected by its proof (share-proof.ts), so that proven shares always
 * decrypt, and costs log2(W!) squarings of one form.
 *
 * Exactly t virtual shares are used (the smallest ids available): more would add bases to the
 * multi-exponentiation without changing the result.
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import { dlogF } from '../classgroups/message-subgroup.ts';
import { DWalletError } from '../errors.ts';
import { modInverse } from '../numbers/modular.ts';
import type { WeightedAccessStructure } from './access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import { lagrangeCoefficients } from './lagrange.ts';
import { checkShareMessage, type DecryptionShareMessage } from './messages.ts';
import type { DecryptionSession } from './session.ts';

/** Decryption shares by virtual id: one form per ciphertext of the session. */
export type VirtualShares = ReadonlyMap<number, readonly Form[]>;

/** The t smallest of `virtualIds`; THRESHOLD_NOT_REACHED when there are fewer than t. */
export function selectInterpolationSet(access: WeightedAccessStructure, virtualIds: Iterable<number>): number[] {
  const ids = [...new Set(virtualIds)].sort((a, b) => a - b);
  if (ids.length < access.threshold) {
    throw new ThresholdError(
      ThresholdErrorCodes.THRESHOLD_NOT_REACHED,
      `decryption shares of weight ${ids.length} received, the threshold is ${access.threshold}`,
      { weight: ids.length, threshold: access.threshold },
    );
  }
  return ids.slice(0, access.threshold);
}

/** The decryption shares of the given messages, by virtual id (duplicates rejected by name). */
export function sharesByVirtualId(session: DecryptionSession, messages: readonly DecryptionShareMessage[]): Map<number, readonly Form[]> {
  const { access } = session.key;
  const shares = new Map<number, readonly Form[]>();
  const senders = new Set<number>();
  for (const message of messages) {
    checkShareMessage(session, message);
    if (senders.has(message.party)) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_DUPLICATE_SENDER, `two share messages from party ${message.party}`, {
        party: message.party,
      });
    }
    senders.add(message.party);
    access.virtualIds(message.party).forEach((v, i) => {
      shares.set(v, message.shares[i] as readonly Form[]);
    });
  }
  return shares;
}

/**
 * Π_{u∈T} d_u^{λ'_u(x)} for each ciphertext: c1^{Δ·s_x} for a virtual id x (c1^{Δ·P(0)} for x = 0),
 * up to the errors the shares carry.
 */
export function interpolateDecryptionShares(session: DecryptionSession, shares: VirtualShares, x: number): Form[] {
  const { access, setup } = session.key;
  const subset = selectInterpolationSet(access, shares.keys());
  const lambdas = lagrangeCoefficients(access, subset, x);
  return session.ciphertexts.map((_, c) =>
    setup.group.multiPow(
      subset.map((v) => (shares.get(v) as readonly Form[])[c] as Form),
      lambdas,
    ),
  );
}

/** The plaintexts m ∈ [0, q), one per ciphertext, from decryption shares of weight ≥ t. */
export function combineDecryptionShares(session: DecryptionSession, shares: VirtualShares): bigint[] {
  const { access, setup } = session.key;
  const { group, q } = setup;
  const delta = access.delta;
  const deltaSquared = delta * delta;
  const inverse = modInverse((deltaSquared * delta) % q, q);
  const combined = interpolateDecryptionShares(session, shares, 0);
  return session.ciphertexts.map((ct, c) => {
    const M = group.compose(group.pow(ct.c2, deltaSquared), group.inverse(combined[c] as Form));
    try {
      return (dlogF(setup, group.pow(M, delta)) * inverse) % q;
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      throw new ThresholdError(
        ThresholdErrorCodes.THRESHOLD_COMBINATION_FAILED,
        `ciphertext ${c}: the combined decryption shares do not give an element of the message subgroup`,
        { ciphertext: c },
        { cause: error },
      );
    }
  });
}

/** Check, collect and combine share messages (unproven or proven) of weight ≥ t. */
export function combineShareMessages(session: DecryptionSession, messages: readonly DecryptionShareMessage[]): bigint[] {
  return combineDecryptionShares(session, sharesByVirtualId(session, messages));
}

/**
 * Combination of decryption shares (PROTOCOL.md §4). For an interpolation set T of t virtual ids
 * and each ciphertext (c1, c2) = (h^r, f^m·pk^r):
 *     W  = Π_{v∈T} d_v^{λ'_v(0)} = c1^{Δ·P(0)} = c1^{Δ²·sk}
 *     M  = c2^{Δ²} · W⁻¹ = f^{Δ²·m}
 *     M' = M^E = f^{Δ²·E·m},   m = dlog_F(M') · (Δ²·E)⁻¹ mod q,
 * with E = {@link cleanupExponent} = lcm(Δ, 2). The exponent is Δ² rather than PROTOCOL.md's Δ
 * because the dealer shares Δ·sk (dealer.ts). The last power by E is not needed for honest shares:
 * it removes the errors of order 2 that a share, or the ciphertext itself, may carry while its
 * proof verifies (proofs are judged up to order 2, proofs/batch.ts; the 2-Sylow subgroup has order
 * 2, classgroups/setup.ts), so that proven shares always decrypt — also for a single virtual party,
 * where Δ = 1 alone would remove nothing. It costs about log2(W!) squarings of one form.
 *
 * W is computed with one multi-exponentiation (Straus), after taking out the common factor
 * g = gcd_v λ'_v: W = X^g with X = Π d_v^{λ'_v/g}. g divides Δ, because Σ_v λ'_v = Δ (interpolate
 * the constant polynomial 1), so M' = (c2^{Δ²/g} · X⁻¹)^{g·E}. The λ'_v carry most of Δ in common
 * (for T = {1..t}, λ'_v = ±Δ·C(t, v)), so the t exponents of the multi-exponentiation shrink from
 * about log2(Δ) + t bits to about t bits, and E is applied once, to one form.
 *
 * Exactly t virtual shares are used (the smallest ids available): more would add bases to the
 * multi-exponentiation without changing the result.
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import { dlogF } from '../classgroups/message-subgroup.ts';
import { TWO_SYLOW_EXPONENT } from '../classgroups/setup.ts';
import { DWalletError } from '../errors.ts';
import { gcd, modInverse } from '../numbers/modular.ts';
import type { WeightedAccessStructure } from './access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import { lagrangeCoefficients } from './lagrange.ts';
import { checkShareMessage, type DecryptionShareMessage } from './messages.ts';
import type { DecryptionSession } from './session.ts';

/** Decryption shares by virtual id: one form per ciphertext of the session. */
export type VirtualShares = ReadonlyMap<number, readonly Form[]>;

/**
 * E = lcm(Δ, 2): the exponent that removes the order-2 errors decryption shares and ciphertexts may
 * carry (see the module comment). Δ = W! is even once W ≥ 2, and then E = Δ.
 */
export function cleanupExponent(access: WeightedAccessStructure): bigint {
  return access.delta % TWO_SYLOW_EXPONENT === 0n ? access.delta : access.delta * TWO_SYLOW_EXPONENT;
}

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
 * X_c = Π_{u∈T} d_{u,c}^{λ'_u(x)/g} for each ciphertext c, and g = gcd_u λ'_u(x), which divides Δ:
 * X_c^g = c1^{Δ·s_x} for a virtual id x (c1^{Δ·P(0)} for x = 0), up to the errors the shares carry.
 */
export function interpolateFactored(session: DecryptionSession, shares: VirtualShares, x: number): { factored: Form[]; g: bigint } {
  const { access, setup } = session.key;
  const subset = selectInterpolationSet(access, shares.keys());
  const lambdas = lagrangeCoefficients(access, subset, x);
  const g = lambdas.reduce((acc, lambda) => gcd(acc, lambda), 0n);
  if (access.delta % g !== 0n) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'interpolation: the common factor of the λ′ does not divide Δ');
  }
  const reduced = lambdas.map((lambda) => lambda / g);
  const factored = session.ciphertexts.map((_, c) =>
    setup.group.multiPow(
      subset.map((v) => (shares.get(v) as readonly Form[])[c] as Form),
      reduced,
    ),
  );
  return { factored, g };
}

/** Π_{u∈T} d_u^{λ'_u(x)} for each ciphertext: c1^{Δ·s_x}, up to the errors the shares carry. */
export function interpolateDecryptionShares(session: DecryptionSession, shares: VirtualShares, x: number): Form[] {
  const { factored, g } = interpolateFactored(session, shares, x);
  return factored.map((X) => session.key.setup.group.pow(X, g));
}

/** The plaintexts m ∈ [0, q), one per ciphertext, from decryption shares of weight ≥ t. */
export function combineDecryptionShares(session: DecryptionSession, shares: VirtualShares): bigint[] {
  const { access, setup } = session.key;
  const { group, q } = setup;
  const delta = access.delta;
  const cleanup = cleanupExponent(access);
  const inverse = modInverse((delta * delta * cleanup) % q, q);
  const { factored, g } = interpolateFactored(session, shares, 0);
  return session.ciphertexts.map((ct, c) => {
    // (c2^{Δ²/g} · X⁻¹)^{g·E} = (c2^{Δ²} · W⁻¹)^E
    const base = group.compose(group.pow(ct.c2, delta * (delta / g)), group.inverse(factored[c] as Form));
    try {
      return (dlogF(setup, group.pow(base, g * cleanup)) * inverse) % q;
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

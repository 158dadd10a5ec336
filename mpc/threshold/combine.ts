/**
 * Combination of decryption shares (PROTOCOL.md §4). For an interpolation set T of t virtual ids
 * and each ciphertext (c1, c2) = (h^r, f^m·pk^r), with λ'_v = Δ·λ_v(0) ∈ ℤ and
 * g = gcd_{v∈T} λ'_v:
 *     X  = Π_{v∈T} d_v^{λ'_v/g} = c1^{Δ·P(0)/g} = c1^{Δ²·sk/g}
 *     Y  = c2^{Δ²/g} · X⁻¹ = (c2 · c1^{−sk})^{Δ²/g} = f^{m·Δ²/g}
 *     m  = dlog_F(Y^E) · (E·Δ²/g)⁻¹ mod q,
 * with E = {@link cleanupExponent} = 2. The exponent is Δ² rather than PROTOCOL.md's Δ because
 * the dealer shares Δ·sk (dealer.ts).
 *
 * Why X is exact: Σ_v λ'_v·s_v = Δ·P(0) = Δ²·sk over the integers (Lagrange interpolation of P
 * scaled by Δ), and g divides every λ'_v, so Σ_v (λ'_v/g)·s_v = Δ²·sk/g is an integer and
 * X = c1^{Δ²·sk/g} holds in the group as it stands: no power by g is needed to reach F. g divides
 * Δ, because Σ_v λ'_v = Δ (interpolate the constant polynomial 1). The λ'_v carry most of Δ in
 * common (for T = {1..t}, λ'_v = ±Δ·C(t, v)), so the t exponents of the multi-exponentiation
 * (Straus) shrink from about log2(Δ) + t bits to about t bits, and c2's exponent Δ·(Δ/g) has about
 * log2(Δ) + t bits instead of 2·log2(Δ).
 *
 * The last power by E = 2 is not needed for honest shares: it removes the errors of order 2 that a
 * share, or the ciphertext itself, may carry while its proof verifies (proofs are judged up to
 * order 2, proofs/batch.ts). The 2-Sylow subgroup of Cl(Δ_q) has order exactly 2
 * (classgroups/setup.ts TWO_SYLOW_EXPONENT), so one squaring removes every such error, whatever
 * Δ is (also for a single virtual party, where Δ = 1). Until this change the combination raised
 * to g·lcm(Δ, 2) — about 2·log2(W!) squarings, 17,540 at W = 1024 — which removed the same
 * errors and more (those of odd order dividing Δ, which nobody can compute under the low-order
 * assumption); the plaintext is the same, since (E·Δ²/g) is inverted mod q either way.
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
 * E = 2: the exponent that removes the order-2 errors decryption shares and ciphertexts may carry
 * (see the module comment). The access structure does not change it; the parameter keeps the
 * callers' form.
 */
export function cleanupExponent(_access: WeightedAccessStructure): bigint {
  return TWO_SYLOW_EXPONENT;
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
  const cleanup = cleanupExponent(access);
  const { factored, g } = interpolateFactored(session, shares, 0);
  // Δ²/g = Δ·(Δ/g): g divides Δ (interpolateFactored checks it).
  const c2Exponent = access.delta * (access.delta / g);
  const inverse = modInverse(((((c2Exponent % q) * cleanup) % q) + q) % q, q);
  return session.ciphertexts.map((ct, c) => {
    // Y = c2^{Δ²/g} · X⁻¹ = f^{m·Δ²/g}, up to errors of order 2; Y^E removes them.
    const y = group.compose(group.pow(ct.c2, c2Exponent), group.inverse(factored[c] as Form));
    try {
      return (dlogF(setup, group.pow(y, cleanup)) * inverse) % q;
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

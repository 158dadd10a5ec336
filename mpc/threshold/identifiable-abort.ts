/**
 * The optimistic threshold decryption with identifiable abort (PROTOCOL.md §4, §8), as a small
 * state machine the validator engine drives with the messages it receives:
 *
 * 1. phase `unproven`: {@link ThresholdDecryption.addShare} collects unproven share messages;
 *    {@link ThresholdDecryption.tryOptimistic} combines t virtual shares and checks the caller's
 *    public predicate on the plaintexts (e.g. "the signature verifies under X"). If it holds, the
 *    decryption is done at the cost of one exponentiation per share and one combination.
 * 2. Otherwise (or after {@link ThresholdDecryption.requireProofs}) phase `proven`: parties send
 *    proven shares ({@link ThresholdDecryption.addProvenShare}); {@link ThresholdDecryption.finish}
 *    verifies all proofs in one batch and names
 *    - the senders of invalid proofs,
 *    - the senders whose unproven share differs from their own proven share,
 *    - the senders of an unproven share but of no valid proven one, whose unproven share differs
 *      from the value the valid proven shares interpolate to (checked as d_v^Δ against
 *      Π_{u∈T} d_u^{λ'_u(v)} = c1^{Δ·s_v}, both raised to E = lcm(Δ, 2) (combine.ts) if they
 *      differ, so that an error of order 2 in a proven share — which its proof does not exclude —
 *      cannot get an honest party named),
 *    then combines the valid proven shares, or throws {@link ThresholdAbortError} listing the
 *    blamed and the missing parties when their weight is below t.
 *
 * An honest party is never named: its unproven and proven shares are the same reduced forms,
 * c1^{s_v}, and its proofs verify.
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import {
  cleanupExponent,
  combineDecryptionShares,
  interpolateDecryptionShares,
  selectInterpolationSet,
  sharesByVirtualId,
  type VirtualShares,
} from './combine.ts';
import { type Blame, type BlameReason, ThresholdAbortError, ThresholdError, ThresholdErrorCodes } from './errors.ts';
import { checkShareMessage, type DecryptionShareMessage, type ProvenDecryptionShareMessage } from './messages.ts';
import type { DecryptionSession } from './session.ts';
import { verifyProvenShares } from './share-proof.ts';

/** A public check of the plaintexts (one per ciphertext, in order), e.g. signature verification. */
export type PlaintextPredicate = (plaintexts: readonly bigint[]) => boolean;

export type DecryptionPhase = 'unproven' | 'proven' | 'done';

export interface DecryptionResult {
  /** m ∈ [0, q) per ciphertext. */
  readonly plaintexts: readonly bigint[];
  /** The parties whose shares were combined. */
  readonly parties: readonly number[];
  /** Whether the shares were proven (the sad path). */
  readonly proven: boolean;
  /**
   * Whether the predicate holds. Always true on the optimistic path; on the proven path false
   * means the ciphertexts themselves decrypt to values failing it (no validator is at fault).
   */
  readonly predicateHolds: boolean;
  readonly blamed: readonly Blame[];
}

export type OptimisticOutcome =
  | { readonly status: 'decrypted'; readonly result: DecryptionResult }
  | { readonly status: 'proofs-required'; readonly reason: string };

export class ThresholdDecryption {
  readonly session: DecryptionSession;
  readonly #predicate: PlaintextPredicate;
  #phase: DecryptionPhase = 'unproven';
  readonly #unproven = new Map<number, DecryptionShareMessage>();
  readonly #proven = new Map<number, ProvenDecryptionShareMessage>();
  readonly #blamed: Blame[] = [];
  #result: DecryptionResult | undefined;

  constructor(session: DecryptionSession, predicate: PlaintextPredicate) {
    this.session = session;
    this.#predicate = predicate;
  }

  get phase(): DecryptionPhase {
    return this.#phase;
  }

  /** The result once the phase is `done`. */
  get result(): DecryptionResult | undefined {
    return this.#result;
  }

  /** Parties named so far. */
  get blamed(): readonly Blame[] {
    return [...this.#blamed];
  }

  /** Total weight of the parties whose unproven shares were accepted. */
  get unprovenWeight(): number {
    return this.session.key.access.weightOfParties(this.#unproven.keys());
  }

  /** Total weight of the parties whose proven shares were accepted (not yet verified). */
  get provenWeight(): number {
    return this.session.key.access.weightOfParties(this.#proven.keys());
  }

  /** Accept an unproven share message; typed errors for a bad message or a second one from its sender. */
  addShare(message: DecryptionShareMessage): void {
    this.#expectPhase('unproven', 'addShare');
    checkShareMessage(this.session, message);
    this.#rejectDuplicate(this.#unproven, message.party);
    this.#unproven.set(message.party, message);
  }

  /** Accept a proven share message (phase `proven`); the proof is checked by {@link finish}. */
  addProvenShare(message: ProvenDecryptionShareMessage): void {
    this.#expectPhase('proven', 'addProvenShare');
    checkShareMessage(this.session, message);
    this.#rejectDuplicate(this.#proven, message.party);
    this.#proven.set(message.party, message);
  }

  /**
   * Name a party for an authenticated message the engine rejected (it did not decode, or a
   * typed error came out of {@link addShare}). The party stays named in the result or the abort.
   */
  blameSender(party: number, detail: string): void {
    this.session.key.access.assertParty(party);
    this.#blame(party, 'invalid-message', detail);
  }

  /**
   * Combine the unproven shares and check the predicate. Throws THRESHOLD_NOT_REACHED when the
   * shares received weigh less than t (more may still arrive). On failure the phase becomes
   * `proven`: the engine asks every party for proven shares.
   */
  tryOptimistic(): OptimisticOutcome {
    this.#expectPhase('unproven', 'tryOptimistic');
    const shares = sharesByVirtualId(this.session, [...this.#unproven.values()]);
    const used = this.#partiesOf(selectInterpolationSet(this.session.key.access, shares.keys()));
    let plaintexts: bigint[];
    try {
      plaintexts = combineDecryptionShares(this.session, shares);
    } catch (error) {
      if (!(error instanceof ThresholdError) || error.code !== ThresholdErrorCodes.THRESHOLD_COMBINATION_FAILED) throw error;
      this.#phase = 'proven';
      return { status: 'proofs-required', reason: error.message };
    }
    if (!this.#predicate(plaintexts)) {
      this.#phase = 'proven';
      return { status: 'proofs-required', reason: 'the combined plaintexts fail the predicate' };
    }
    const result: DecryptionResult = { plaintexts, parties: used, proven: false, predicateHolds: true, blamed: this.blamed };
    this.#finishWith(result);
    return { status: 'decrypted', result };
  }

  /** Skip the optimistic attempt (e.g. when retrying a session that already failed once). */
  requireProofs(): void {
    this.#expectPhase('unproven', 'requireProofs');
    this.#phase = 'proven';
  }

  /**
   * Verify the proven shares, name the cheaters, and combine the valid proven shares. Throws
   * {@link ThresholdAbortError} when their weight is below t; the phase stays `proven`, so more
   * proven shares may still be added and finish called again.
   */
  finish(rng: RandomSource = systemRandom): DecryptionResult {
    this.#expectPhase('proven', 'finish');
    const { access, setup } = this.session.key;
    const { group } = setup;
    const verification = verifyProvenShares(this.session, [...this.#proven.values()], rng);
    for (const { prover, reason } of verification.invalid) this.#blame(prover, 'invalid-proof', reason);
    const valid = new Set(verification.valid);

    // Unproven shares against the sender's own proven shares: reduced forms are canonical, so an
    // honest party's two messages carry identical forms.
    for (const [party, unproven] of this.#unproven) {
      const proven = this.#proven.get(party);
      if (proven === undefined || !valid.has(party)) continue;
      const differs = unproven.shares.some((row, i) => row.some((d, c) => !group.equals(d, proven.shares[i]?.[c] as Form)));
      if (differs) this.#blame(party, 'unproven-share-differs-from-proven', 'an unproven decryption share differs from the proven one');
    }

    const validShares = sharesByVirtualId(
      this.session,
      [...valid].map((party) => this.#proven.get(party) as ProvenDecryptionShareMessage),
    );
    if (validShares.size >= access.threshold) this.#checkUnprovenAgainstInterpolation(validShares, valid);

    if (validShares.size < access.threshold) {
      const named = new Set(this.#blamed.map((b) => b.party));
      const missing = access.parties().filter((p) => !valid.has(p) && !named.has(p));
      throw new ThresholdAbortError(
        `threshold decryption aborted: valid proven shares of weight ${validShares.size}, the threshold is ${access.threshold}`,
        this.blamed,
        missing,
        { weight: validShares.size, threshold: access.threshold },
      );
    }
    const plaintexts = combineDecryptionShares(this.session, validShares);
    const result: DecryptionResult = {
      plaintexts,
      parties: this.#partiesOf(selectInterpolationSet(access, validShares.keys())),
      proven: true,
      predicateHolds: this.#predicate(plaintexts),
      blamed: this.blamed,
    };
    this.#finishWith(result);
    return result;
  }

  /** Name the senders of unproven shares, without a valid proven share, that the proven shares contradict. */
  #checkUnprovenAgainstInterpolation(validShares: VirtualShares, valid: ReadonlySet<number>): void {
    const { access, setup } = this.session.key;
    const { group } = setup;
    const delta = access.delta;
    const cleanup = cleanupExponent(access);
    const named = new Set(this.#blamed.map((b) => b.party));
    for (const [party, unproven] of this.#unproven) {
      if (valid.has(party) || named.has(party)) continue;
      const inconsistent = access.virtualIds(party).some((v, i) => {
        const expected = interpolateDecryptionShares(this.session, validShares, v);
        return (unproven.shares[i] as readonly Form[]).some((d, c) => {
          const e = expected[c] as Form;
          const raised = group.pow(d, delta);
          return !group.equals(raised, e) && !group.equals(group.pow(raised, cleanup), group.pow(e, cleanup));
        });
      });
      if (inconsistent) {
        this.#blame(party, 'unproven-share-inconsistent-with-interpolation', 'an unproven decryption share contradicts the proven shares');
      }
    }
  }

  #partiesOf(virtualIds: readonly number[]): number[] {
    const { access } = this.session.key;
    return [...new Set(virtualIds.map((v) => access.partyOfVirtual(v)))];
  }

  /** Records a blame once per (party, reason), so that finish can be retried after an abort. */
  #blame(party: number, reason: BlameReason, detail: string): void {
    if (this.#blamed.some((b) => b.party === party && b.reason === reason)) return;
    this.#blamed.push({ party, reason, detail });
  }

  #finishWith(result: DecryptionResult): void {
    this.#result = result;
    this.#phase = 'done';
  }

  #expectPhase(phase: DecryptionPhase, step: string): void {
    if (this.#phase !== phase) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_WRONG_PHASE, `${step} is not allowed in phase ${this.#phase}`, {
        phase: this.#phase,
        expected: phase,
      });
    }
  }

  #rejectDuplicate(received: ReadonlyMap<number, unknown>, party: number): void {
    if (received.has(party)) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_DUPLICATE_SENDER, `a second message from party ${party} in this phase`, {
        party,
      });
    }
  }
}

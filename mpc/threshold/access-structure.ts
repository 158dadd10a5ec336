/**
 * The weighted threshold access structure of threshold decryption (PROTOCOL.md §4).
 *
 * Tangible parties 1..N carry positive integer weights; a set of parties is authorized when its
 * total weight reaches the threshold t. Each unit of weight is a virtual party of an ordinary
 * t-of-W Shamir sharing over the integers, W = Σ weights: party p owns the contiguous virtual ids
 * 1 + Σ_{q<p} w_q … Σ_{q≤p} w_q. Interpolation over the integers needs Δ = W! (eprint 2022/1437,
 * §3; Shoup, EUROCRYPT 2000, §2): Δ·λ is an integer for every Lagrange coefficient λ.
 *
 * Limit: W ≤ {@link MAX_VIRTUAL_PARTIES} = 1024 (the reference implementation stops at 128). What
 * grows with W, at t = ⌊2W/3⌋ + 1 and the 112-bit level:
 *   - Δ = W!: 717 bits at W = 128, 8,770 at W = 1024;
 *   - a share, about σ + |S| + log2(W!·C(W+t, t)) bits (64 + 749 + 8,770 + 1,651 = 11,234 at
 *     W = 1024 against 1,733 at 128 and 749 for the key itself; up to 11,949 bits for a reshared
 *     key at W = t = 1024, network-key/encoding.ts MAX_SHARE_BITS). Every decryption share, EDL
 *     proof and verification is an exponentiation by such a share, so one validator's decryption
 *     work grows about linearly with log2(W!) (bench/scale.ts measures it);
 *   - the threshold public key: W verification keys of 238 bytes (244 KB at W = 1024), kept by
 *     the validators (the chain records only its digest);
 *   - a DKG dealing: t commitments and W encrypted shares, 48 KB at W = 128, 135 KB at 256,
 *     1.6 MB at 1024; a resharing's dealings alike. One dealing travels in one peer envelope,
 *     whose bound (validator/peer/envelope.ts, 256 KiB) admits it up to W ≈ 380: beyond that the
 *     generated key and its resharing need a larger envelope or a chunked dealing (the trusted
 *     dealer's key and threshold decryption are not affected).
 * Beyond 1024 the share more than doubles (about 24,000 bits at W = 2048) and so does every
 * decryption share's cost. The chain refuses a committee of larger total weight (move/sources/committee.move
 * MAX_TOTAL_WEIGHT). Party and virtual ids travel as u16 in messages.
 * @module
 */
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';

/** Largest total weight (number of virtual parties). */
export const MAX_VIRTUAL_PARTIES = 1024;

function invalid(message: string, details: Record<string, unknown> = {}): ThresholdError {
  return new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_ACCESS_STRUCTURE, message, details);
}

function tooMany(totalWeight: number): ThresholdError {
  return new ThresholdError(
    ThresholdErrorCodes.THRESHOLD_TOO_MANY_VIRTUAL_PARTIES,
    `access structure: total weight ${totalWeight} exceeds ${MAX_VIRTUAL_PARTIES} virtual parties`,
    { totalWeight, max: MAX_VIRTUAL_PARTIES },
  );
}

export class WeightedAccessStructure {
  /** t, as a weight: an authorized set has total weight ≥ t. */
  readonly threshold: number;
  /** weights[p − 1] is the weight of party p. */
  readonly weights: readonly number[];
  /** N, the number of tangible parties. */
  readonly partyCount: number;
  /** W = Σ weights, the number of virtual parties. */
  readonly totalWeight: number;
  /** Δ = W! */
  readonly delta: bigint;
  /** firstVirtual[p − 1]: the smallest virtual id of party p. */
  readonly #firstVirtual: readonly number[];
  /** partyOf[v − 1]: the party owning virtual id v. */
  readonly #partyOf: readonly number[];

  /** Validates the weights and the threshold (see also {@link weightedAccessStructure}). */
  constructor(threshold: number, weights: readonly number[]) {
    if (!Array.isArray(weights) || weights.length === 0) throw invalid('access structure: at least one party is needed');
    weights.forEach((w, i) => {
      if (!Number.isSafeInteger(w) || w < 1) {
        throw invalid(`access structure: the weight of party ${i + 1} must be a positive integer`, { party: i + 1 });
      }
    });
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (total > MAX_VIRTUAL_PARTIES) throw tooMany(total);
    if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > total) {
      throw invalid(`access structure: the threshold must be an integer in [1, ${total}]`, { threshold, totalWeight: total });
    }
    this.threshold = threshold;
    this.weights = Object.freeze([...weights]);
    this.partyCount = weights.length;
    this.totalWeight = total;
    const first: number[] = [];
    const partyOf: number[] = [];
    weights.forEach((w, i) => {
      first.push(partyOf.length + 1);
      for (let k = 0; k < w; k++) partyOf.push(i + 1);
    });
    this.#firstVirtual = first;
    this.#partyOf = partyOf;
    let delta = 1n;
    for (let i = 2n; i <= BigInt(total); i++) delta *= i;
    this.delta = delta;
  }

  /** The tangible party ids 1..N. */
  parties(): number[] {
    return Array.from({ length: this.partyCount }, (_, i) => i + 1);
  }

  isParty(party: unknown): party is number {
    return typeof party === 'number' && Number.isSafeInteger(party) && party >= 1 && party <= this.partyCount;
  }

  /** Throws THRESHOLD_UNKNOWN_PARTY unless `party` is a member. */
  assertParty(party: unknown): asserts party is number {
    if (!this.isParty(party)) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_UNKNOWN_PARTY, `party ${String(party)} is not a member of the committee`, {
        party,
        partyCount: this.partyCount,
      });
    }
  }

  weightOf(party: number): number {
    this.assertParty(party);
    return this.weights[party - 1] as number;
  }

  /** The virtual ids of `party`, in increasing order. */
  virtualIds(party: number): number[] {
    this.assertParty(party);
    const first = this.#firstVirtual[party - 1] as number;
    return Array.from({ length: this.weights[party - 1] as number }, (_, k) => first + k);
  }

  /** The party owning virtual id v ∈ [1, W]. */
  partyOfVirtual(v: number): number {
    const party = Number.isSafeInteger(v) ? this.#partyOf[v - 1] : undefined;
    if (party === undefined) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, `virtual id ${v} is outside [1, ${this.totalWeight}]`, {
        virtualId: v,
      });
    }
    return party;
  }

  /** Total weight of distinct members of `parties` (throws on a non-member). */
  weightOfParties(parties: Iterable<number>): number {
    let total = 0;
    for (const party of new Set(parties)) total += this.weightOf(party);
    return total;
  }

  isAuthorized(parties: Iterable<number>): boolean {
    return this.weightOfParties(parties) >= this.threshold;
  }
}

/** A weighted access structure: party p (1-based) has weight weights[p − 1]; threshold t is a weight. */
export function weightedAccessStructure(threshold: number, weights: readonly number[]): WeightedAccessStructure {
  return new WeightedAccessStructure(threshold, weights);
}

/** The plain t-of-n structure (every weight 1). */
export function thresholdAccessStructure(threshold: number, partyCount: number): WeightedAccessStructure {
  if (!Number.isSafeInteger(partyCount) || partyCount < 1)
    throw invalid('access structure: the number of parties must be a positive integer');
  if (partyCount > MAX_VIRTUAL_PARTIES) throw tooMany(partyCount);
  return new WeightedAccessStructure(threshold, new Array<number>(partyCount).fill(1));
}

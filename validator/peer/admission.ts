/**
 * Per-source limits on what unauthenticated peer traffic can make a validator do. A source is the
 * remote address of the connection an envelope came on.
 *
 * - New peer certificates: checking one is a BLS pairing (tens of milliseconds); a source may have
 *   {@link AdmissionLimits.certificateBurst} of them checked at once and one more every
 *   `certificateRefillMs`. Beyond that its envelope is answered 429 PEER_RATE_LIMITED (transient:
 *   the sender retries) before the body is read. A member's own certificate is checked once per
 *   epoch (identity.ts), so honest traffic needs one per peer.
 * - Refusals: a source whose envelopes are refused more than `refusalBurst` times (refilled at
 *   `refusalsPerSecond`) gets each further refusal answered only after `refusalDelayMs`, its
 *   connection held without work, so that a client flooding garbage and waiting for answers sends at
 *   most its concurrency per delay; at most `maxHeld` answers are held per source, beyond which the
 *   connection is closed without one.
 *
 * Accepted envelopes are never held, so honest validators sharing an address with a flooder
 * (several on one host) keep their pace; only their refused envelopes, which are final anyway,
 * may be answered later. Nothing here changes a verdict: a rate-limited envelope is judged when it
 * comes again, the same way by every validator.
 * @module
 */

export interface AdmissionLimits {
  readonly certificateBurst: number;
  readonly certificateRefillMs: number;
  readonly refusalBurst: number;
  readonly refusalsPerSecond: number;
  readonly refusalDelayMs: number;
  readonly maxHeld: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = Object.freeze({
  certificateBurst: 8,
  certificateRefillMs: 5_000,
  refusalBurst: 20,
  refusalsPerSecond: 5,
  refusalDelayMs: 1_000,
  maxHeld: 32,
});

/** Sources remembered at once (the least recently seen is forgotten first). */
const MAX_SOURCES = 10_000;

interface SourceState {
  certificates: number;
  refusals: number;
  updatedAt: number;
  held: number;
}

/** How a refusal is answered: now, after `delayMs`, or not at all (the connection is closed). */
export type RefusalAnswer = { readonly delayMs: number } | 'close';

export class PeerAdmission {
  readonly #sources = new Map<string, SourceState>();

  constructor(
    private readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  #state(source: string): SourceState {
    const now = this.now();
    let state = this.#sources.get(source);
    if (state === undefined) {
      state = { certificates: this.limits.certificateBurst, refusals: this.limits.refusalBurst, updatedAt: now, held: 0 };
      if (this.#sources.size >= MAX_SOURCES) this.#sources.delete(this.#sources.keys().next().value as string);
    } else {
      const elapsed = now - state.updatedAt;
      state.certificates = Math.min(this.limits.certificateBurst, state.certificates + elapsed / this.limits.certificateRefillMs);
      state.refusals = Math.min(this.limits.refusalBurst, state.refusals + (elapsed * this.limits.refusalsPerSecond) / 1000);
      state.updatedAt = now;
      this.#sources.delete(source);
    }
    this.#sources.set(source, state);
    return state;
  }

  /** Whether `source` may have a new certificate checked now (without taking one). */
  canCheckCertificate(source: string): boolean {
    return this.#state(source).certificates >= 1;
  }

  /** Takes one certificate check from `source`'s budget; false when there is none left. */
  takeCertificateCheck(source: string): boolean {
    const state = this.#state(source);
    if (state.certificates < 1) return false;
    state.certificates -= 1;
    return true;
  }

  /** An envelope of `source` was refused: how to answer. Call {@link released} once a held answer is sent. */
  refused(source: string): RefusalAnswer {
    const state = this.#state(source);
    if (state.refusals >= 1) {
      state.refusals -= 1;
      return { delayMs: 0 };
    }
    if (state.held >= this.limits.maxHeld) return 'close';
    state.held += 1;
    return { delayMs: this.limits.refusalDelayMs };
  }

  released(source: string): void {
    const state = this.#sources.get(source);
    if (state !== undefined && state.held > 0) state.held -= 1;
  }
}

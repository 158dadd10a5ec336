/**
 * Agreement on one value per round (PROTOCOL.md §10: "validators that may have seen different
 * subsets agree on one set before aggregating; a proposer chosen from the session id proposes;
 * others check and follow; a proposer that stalls is replaced after a timeout").
 *
 * The value is what the round is about, e.g. the list of contributors with the digests of their
 * messages. The protocol follows Tendermint's consensus for one height (Buchman, Kwon, Milosevic,
 * "The latest gossip on BFT consensus", 2018), with weights, in attempts a = 0, 1, 2, …:
 *
 *  1. Proposal. The proposer of attempt a (see proposer.ts) proposes the value of the most recent
 *     echo quorum it knows, with that quorum's attempt as justification (and passes the quorum's
 *     signed echoes on), or else a fresh value once it has one (the host decides when).
 *  2. Echo. A party echoes the proposal (a signed vote carrying the value) if the value is valid
 *     and it is not locked on another value — or the justification is a quorum at least as recent
 *     as its lock. Otherwise it echoes nil, and passes on the echoes of its lock so that the next
 *     proposers learn it.
 *  3. Commit. On echoes of one value v of weight ≥ t in its current attempt, a party locks on
 *     (a, v) and sends a commit vote for v. On nil echoes of weight ≥ t, or once no value can
 *     reach t, it commits nil.
 *  4. Decision. Commit votes for v of weight ≥ t in any attempt decide v.
 *  5. Next attempt. When the attempt's timer expires (the proposer stalled or the votes split),
 *     or commit votes of weight ≥ t without a decision are in, the party moves to a + 1. Timers
 *     grow with the attempt so that attempts eventually outlast network delays. Messages of a
 *     later attempt from weight > f move a lagging party forward.
 *
 * Safety — with total weight W, threshold t, and faulty parties of weight f < 2t − W (for a 2/3
 * quorum, t > 2W/3, that is any f < W/3): two different values are never both decided.
 *  (i) In one attempt, two different values cannot both gather echoes (or commit votes) of weight
 *      ≥ t: the two sets would share weight ≥ 2t − W > f, hence an honest party, and an honest
 *      party sends one echo and one commit vote per attempt (the runtime refuses it a second,
 *      different message for a slot, across restarts too).
 *  (ii) If v is decided in attempt a, the honest parties among its committers, of weight
 *      ≥ t − f, are locked on v from attempt a on. Take the first attempt b > a with an echo
 *      quorum for some v' ≠ v: it shares weight ≥ 2t − W − f > 0 with those locked parties, so
 *      a locked honest party echoed v' at b, which it does only for a proposal justified by an
 *      echo quorum for v' at an attempt in [a, b) — impossible by (i) at a and by the choice of b
 *      after a. Without an echo quorum no honest party commits v', so v' is never decided.
 * Decisions therefore never depend on timing; timers only affect liveness. A single echo round
 * (committing on the echoes) would be just as safe within one attempt, but a replaced proposer
 * could then make honest parties decide differently, which is why the lock and the second vote
 * exist.
 *
 * Liveness — when the network delivers messages between honest parties within some bound, and
 * faulty weight is at most min(W − t, 2t − W − 1): an attempt whose proposer is honest, knows an
 * echo quorum as recent as every honest lock (refusals pass locks on), and lasts long enough,
 * decides. A party that has decided passes its commit votes on to any party it sees in a later
 * attempt, so every honest party decides.
 *
 * Values ride in the votes themselves (a contributor list is small), so a vote never depends on a
 * proposal message its receiver might have missed.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeExact } from '../encoding/decode.ts';
import { type PartyId, weightOf } from './committee.ts';
import { BlameReasons, SessionError, SessionErrorCodes } from './errors.ts';
import type { RoundMessage } from './message.ts';
import { ProposerSchedule } from './proposer.ts';
import type { SessionContext, SessionIdentity } from './protocol.ts';
import { type KindSpec, kind } from './rounds.ts';
import type { StoredMessage } from './store.ts';

export const AgreementKinds = { PROPOSAL: 'proposal', ECHO: 'echo', COMMIT: 'commit' } as const;

/** Messages of attempts further ahead than this of the current one are refused (bounds memory). */
export const ATTEMPT_WINDOW = 32;
/** The largest attempt number a message may carry. */
export const MAX_AGREEMENT_ATTEMPT = 4095;

export interface AgreementTimeouts {
  /** How long attempt 0 runs before its proposer is given up on. */
  readonly attemptMs: number;
  /** Added for each later attempt. */
  readonly attemptIncrementMs: number;
}

export type Validity =
  | { readonly status: 'valid' }
  /** Something the value refers to has not arrived yet; the host fetches it. */
  | { readonly status: 'unknown' }
  | { readonly status: 'invalid'; readonly detail: string; readonly evidence: readonly StoredMessage[] };

/** What the agreement needs from the protocol around it. */
export interface AgreementHost<V> {
  /** Whether `value` may be decided. Must be objective: the same for every honest party that holds the same messages. */
  validate(ctx: SessionContext, value: V): Validity;
  /** A fresh value to propose, or undefined while there is none yet. */
  propose(ctx: SessionContext): V | undefined;
  /** Called when an attempt's timer expires, before the agreement moves on. */
  attemptTimedOut?(ctx: SessionContext): void;
}

export interface AgreementSpec<V> {
  readonly round: number;
  readonly valueSchema: BcsType<V, V>;
  /** Structural checks of a value, applied when a message is decoded. */
  readonly checkValue?: (value: V) => string | undefined;
  readonly timeouts: AgreementTimeouts;
}

export interface ProposalPayload<V> {
  readonly value: V;
  /** The attempt of the echo quorum the value comes from; null for a fresh value. */
  readonly justification: number | null;
}

export interface VotePayload<V> {
  /** null is a vote for nothing (nil). */
  readonly value: V | null;
}

export interface Decision<V> {
  readonly attempt: number;
  readonly value: V;
}

const STEPS = ['propose', 'echo', 'commit'] as const;
type Step = (typeof STEPS)[number];

interface Held<V> {
  readonly attempt: number;
  readonly value: V;
  readonly key: string;
}

const heldSchema = bcs.struct('AgreementHeld', { attempt: bcs.u32(), value: bcs.byteVector() });
export const agreementStateSchema = bcs.struct('AgreementState', {
  started: bcs.bool(),
  attempt: bcs.u32(),
  step: bcs.u8(),
  locked: bcs.option(heldSchema),
  valid: bcs.option(heldSchema),
  decision: bcs.option(heldSchema),
  lock_relayed: bcs.option(bcs.u32()),
  certificate_relays: bcs.vector(bcs.struct('CertificateRelay', { party: bcs.u16(), attempt: bcs.u32() })),
});
export type AgreementState = ReturnType<typeof agreementStateSchema.parse>;

const NIL = 'nil';

interface Tally<V> {
  readonly value: V | null;
  weight: number;
  readonly senders: Set<PartyId>;
  readonly messages: StoredMessage[];
}

/** The message kinds of an agreement, for the round table. */
export function agreementKinds<V>(spec: Pick<AgreementSpec<V>, 'valueSchema' | 'checkValue'>): Record<string, KindSpec<never>> {
  const check = (value: V | null) => (value === null ? undefined : spec.checkValue?.(value));
  const proposal = kind<ProposalPayload<V>>({
    schema: bcs.struct('AgreementProposal', { value: spec.valueSchema, justification: bcs.option(bcs.u32()) }) as unknown as BcsType<
      ProposalPayload<V>,
      ProposalPayload<V>
    >,
    delivery: 'broadcast',
    maxAttempt: MAX_AGREEMENT_ATTEMPT,
    check: (payload) => check(payload.value),
  });
  const vote = () =>
    kind<VotePayload<V>>({
      schema: bcs.struct('AgreementVote', { value: bcs.option(spec.valueSchema) }) as unknown as BcsType<VotePayload<V>, VotePayload<V>>,
      delivery: 'broadcast',
      maxAttempt: MAX_AGREEMENT_ATTEMPT,
      check: (payload) => check(payload.value),
    });
  return { [AgreementKinds.PROPOSAL]: proposal, [AgreementKinds.ECHO]: vote(), [AgreementKinds.COMMIT]: vote() };
}

/**
 * State-independent refusals of agreement messages: a proposal from a party that does not lead
 * its attempt, and attempts more than {@link ATTEMPT_WINDOW} ahead of `currentAttempt`.
 */
export function admitAgreementMessage(schedule: ProposerSchedule, message: RoundMessage, currentAttempt: number): void {
  if (message.attempt > currentAttempt + ATTEMPT_WINDOW) {
    throw new SessionError(
      SessionErrorCodes.SESSION_ATTEMPT_OUT_OF_RANGE,
      `agreement: attempt ${message.attempt} is more than ${ATTEMPT_WINDOW} ahead of attempt ${currentAttempt}`,
      { attempt: message.attempt, current: currentAttempt },
    );
  }
  if (message.kind === AgreementKinds.PROPOSAL && schedule.proposer(message.attempt) !== message.sender) {
    throw new SessionError(
      SessionErrorCodes.SESSION_UNEXPECTED_SENDER,
      `agreement: party ${message.sender} does not propose in attempt ${message.attempt}`,
      { sender: message.sender, attempt: message.attempt },
    );
  }
}

export class Agreement<V> {
  readonly #spec: AgreementSpec<V>;
  readonly #identity: SessionIdentity;
  readonly #schedule: ProposerSchedule;
  #started = false;
  #attempt = 0;
  #step: Step = 'propose';
  #locked: Held<V> | undefined;
  #valid: Held<V> | undefined;
  #decision: Held<V> | undefined;
  #lockRelayed: number | undefined;
  readonly #certificateRelays = new Map<PartyId, number>();
  /** Value keys of stored votes (hashing a value once per message, not once per count). */
  readonly #keys = new WeakMap<StoredMessage, string>();

  constructor(spec: AgreementSpec<V>, identity: SessionIdentity, state?: AgreementState) {
    this.#spec = spec;
    this.#identity = identity;
    this.#schedule = new ProposerSchedule(identity.committee, identity.sessionId, spec.round);
    if (state !== undefined) this.#load(state);
  }

  get schedule(): ProposerSchedule {
    return this.#schedule;
  }
  get attempt(): number {
    return this.#attempt;
  }
  get decision(): Decision<V> | undefined {
    return this.#decision === undefined ? undefined : { attempt: this.#decision.attempt, value: this.#decision.value };
  }
  get locked(): Decision<V> | undefined {
    return this.#locked === undefined ? undefined : { attempt: this.#locked.attempt, value: this.#locked.value };
  }

  /** The key identifying a value (a digest of its encoding). */
  valueKey(value: V): string {
    const bytes = this.#spec.valueSchema.serialize(value).toBytes();
    return bytesToHex(cshake256(bytes, { personalization: utf8ToBytes('dwallet/session/agreement-value/v1'), dkLen: 32 }));
  }

  admit(message: RoundMessage): void {
    admitAgreementMessage(this.#schedule, message, this.#attempt);
  }

  start(ctx: SessionContext, host: AgreementHost<V>): void {
    if (this.#started) return;
    this.#started = true;
    this.#enter(ctx, 0);
    this.evaluate(ctx, host);
  }

  /** Applies every rule that can fire, until none can. */
  evaluate(ctx: SessionContext, host: AgreementHost<V>): void {
    if (!this.#started) return;
    for (;;) {
      if (this.#decision === undefined && this.#decide(ctx, host)) continue;
      if (this.#decision !== undefined) break;
      if (this.#skip(ctx)) continue;
      const proposed = this.#propose(ctx, host);
      const echoed = this.#echo(ctx, host);
      const committed = this.#commit(ctx, host);
      const advanced = this.#advance(ctx);
      if (!(proposed || echoed || committed || advanced)) break;
    }
    if (this.#decision !== undefined) this.#serveLagging(ctx);
  }

  /** Handles the agreement's own timers; returns false for any other timer. */
  timeout(ctx: SessionContext, host: AgreementHost<V>, timer: string): boolean {
    const prefix = `${this.#timerPrefix()}attempt/`;
    if (!timer.startsWith(prefix)) return false;
    const attempt = Number(timer.slice(prefix.length));
    if (attempt !== this.#attempt || this.#decision !== undefined) return true;
    host.attemptTimedOut?.(ctx);
    if (this.#decision === undefined && this.#attempt === attempt) {
      if (this.#step === 'propose') this.#vote(ctx, AgreementKinds.ECHO, null, 'echo');
      if (this.#step === 'echo') this.#vote(ctx, AgreementKinds.COMMIT, null, 'commit');
      this.#enter(ctx, attempt + 1);
    }
    this.evaluate(ctx, host);
    return true;
  }

  /** Stops the agreement's timer (the protocol ended another way). */
  stop(ctx: SessionContext): void {
    ctx.cancelTimer(this.#timerId(this.#attempt));
  }

  save(): AgreementState {
    const held = (h: Held<V> | undefined) => (h === undefined ? null : { attempt: h.attempt, value: this.#encode(h.value) });
    return {
      started: this.#started,
      attempt: this.#attempt,
      step: STEPS.indexOf(this.#step),
      locked: held(this.#locked),
      valid: held(this.#valid),
      decision: held(this.#decision),
      lock_relayed: this.#lockRelayed ?? null,
      certificate_relays: [...this.#certificateRelays].map(([party, attempt]) => ({ party, attempt })),
    };
  }

  // ---- rules --------------------------------------------------------------------------------

  /** Rule 4: commit votes of weight ≥ t for one value, in any attempt. */
  #decide(ctx: SessionContext, host: AgreementHost<V>): boolean {
    for (const attempt of ctx.store.attempts(this.#spec.round, AgreementKinds.COMMIT)) {
      for (const [key, tally] of this.#tally(ctx, AgreementKinds.COMMIT, attempt)) {
        if (key === NIL || tally.value === null || tally.weight < this.#identity.committee.threshold) continue;
        const validity = host.validate(ctx, tally.value);
        if (validity.status === 'invalid') {
          this.#blameVoters(ctx, tally, validity);
          continue;
        }
        this.#decision = { attempt, value: tally.value, key };
        ctx.cancelTimer(this.#timerId(this.#attempt));
        return true;
      }
    }
    return false;
  }

  /** Messages of a later attempt from weight > f: that attempt is under way, join it. */
  #skip(ctx: SessionContext): boolean {
    const { committee } = this.#identity;
    const senders = new Map<number, Set<PartyId>>();
    for (const kindName of Object.values(AgreementKinds)) {
      for (const attempt of ctx.store.attempts(this.#spec.round, kindName)) {
        if (attempt <= this.#attempt) continue;
        const set = senders.get(attempt) ?? new Set<PartyId>();
        for (const stored of ctx.store.versions(this.#spec.round, kindName, attempt)) set.add(stored.message.sender);
        senders.set(attempt, set);
      }
    }
    let target: number | undefined;
    for (const [attempt, set] of senders) {
      let weight = 0;
      for (const party of set) weight += weightOf(committee, party);
      if (weight > committee.faultTolerance && (target === undefined || attempt > target)) target = attempt;
    }
    if (target === undefined) return false;
    this.#enter(ctx, target);
    return true;
  }

  /** Rule 1. */
  #propose(ctx: SessionContext, host: AgreementHost<V>): boolean {
    const attempt = this.#attempt;
    if (this.#schedule.proposer(attempt) !== this.#identity.self) return false;
    if (ctx.store.slot(this.#spec.round, AgreementKinds.PROPOSAL, attempt, this.#identity.self).length > 0) return false;
    const justified = this.#valid !== undefined && this.#valid.attempt < attempt ? this.#valid : undefined;
    const value = justified?.value ?? host.propose(ctx);
    if (value === undefined) return false;
    const payload: ProposalPayload<V> = { value, justification: justified?.attempt ?? null };
    ctx.send(this.#spec.round, AgreementKinds.PROPOSAL, attempt, payload);
    if (justified !== undefined) this.#relayQuorum(ctx, justified, 'all');
    return true;
  }

  /** Rule 2. */
  #echo(ctx: SessionContext, host: AgreementHost<V>): boolean {
    if (this.#step !== 'propose') return false;
    const attempt = this.#attempt;
    const proposer = this.#schedule.proposer(attempt);
    const proposal = ctx.store.slot(this.#spec.round, AgreementKinds.PROPOSAL, attempt, proposer)[0] as
      | StoredMessage<ProposalPayload<V>>
      | undefined;
    if (proposal === undefined) return false;
    const { value, justification } = proposal.payload;
    if (justification !== null && justification >= attempt) {
      this.#blameProposer(ctx, proposal, `justified by attempt ${justification}, not earlier than its own`, []);
      this.#vote(ctx, AgreementKinds.ECHO, null, 'echo');
      return true;
    }
    const validity = host.validate(ctx, value);
    if (validity.status === 'unknown') return false;
    if (validity.status === 'invalid') {
      this.#blameProposer(ctx, proposal, validity.detail, validity.evidence);
      this.#vote(ctx, AgreementKinds.ECHO, null, 'echo');
      return true;
    }
    const key = this.valueKey(value);
    let accept: boolean;
    if (justification === null) {
      accept = this.#locked === undefined || this.#locked.key === key;
    } else {
      const quorum = this.#tally(ctx, AgreementKinds.ECHO, justification).get(key);
      // The proposer passes the justifying echoes on with its proposal; wait for them.
      if (quorum === undefined || quorum.weight < this.#identity.committee.threshold) return false;
      accept = this.#locked === undefined || this.#locked.attempt <= justification || this.#locked.key === key;
    }
    this.#vote(ctx, AgreementKinds.ECHO, accept ? value : null, 'echo');
    if (!accept) this.#relayLock(ctx);
    return true;
  }

  /** Rule 3, and the record of the most recent echo quorum (what a proposer re-proposes). */
  #commit(ctx: SessionContext, host: AgreementHost<V>): boolean {
    const { committee } = this.#identity;
    this.#refreshValid(ctx);
    if (this.#step !== 'echo') return false;
    const attempt = this.#attempt;
    const tallies = this.#tally(ctx, AgreementKinds.ECHO, attempt);
    let anyWeight = 0;
    const voters = new Set<PartyId>();
    for (const tally of tallies.values()) for (const party of tally.senders) voters.add(party);
    for (const party of voters) anyWeight += weightOf(committee, party);
    for (const [key, tally] of tallies) {
      if (key === NIL || tally.value === null || tally.weight < committee.threshold) continue;
      const validity = host.validate(ctx, tally.value);
      if (validity.status === 'invalid') {
        this.#blameVoters(ctx, tally, validity);
        continue;
      }
      if (validity.status === 'unknown') return false;
      this.#locked = { attempt, value: tally.value, key };
      this.#vote(ctx, AgreementKinds.COMMIT, tally.value, 'commit');
      return true;
    }
    const nil = tallies.get(NIL);
    const undecided = committee.totalWeight - anyWeight;
    const reachable = [...tallies].some(([key, tally]) => key !== NIL && tally.weight + undecided >= committee.threshold);
    if ((nil !== undefined && nil.weight >= committee.threshold) || (anyWeight >= committee.threshold && !reachable)) {
      this.#vote(ctx, AgreementKinds.COMMIT, null, 'commit');
      return true;
    }
    return false;
  }

  /** Commit votes of weight ≥ t are in but decide nothing: this attempt is over. */
  #advance(ctx: SessionContext): boolean {
    if (this.#step !== 'commit') return false;
    const { committee } = this.#identity;
    const voters = new Set<PartyId>();
    for (const stored of ctx.store.versions(this.#spec.round, AgreementKinds.COMMIT, this.#attempt)) voters.add(stored.message.sender);
    let weight = 0;
    for (const party of voters) weight += weightOf(committee, party);
    if (weight < committee.threshold) return false;
    this.#enter(ctx, this.#attempt + 1);
    return true;
  }

  // ---- helpers ------------------------------------------------------------------------------

  #enter(ctx: SessionContext, attempt: number): void {
    ctx.cancelTimer(this.#timerId(this.#attempt));
    this.#attempt = attempt;
    this.#step = 'propose';
    const { attemptMs, attemptIncrementMs } = this.#spec.timeouts;
    ctx.setTimer(this.#timerId(attempt), attemptMs + attempt * attemptIncrementMs);
  }

  #vote(ctx: SessionContext, kindName: string, value: V | null, next: Step): void {
    const payload: VotePayload<V> = { value };
    ctx.send(this.#spec.round, kindName, this.#attempt, payload);
    this.#step = next;
  }

  #refreshValid(ctx: SessionContext): void {
    const attempts = ctx.store.attempts(this.#spec.round, AgreementKinds.ECHO);
    for (let i = attempts.length - 1; i >= 0; i--) {
      const attempt = attempts[i] as number;
      if (attempt > this.#attempt) continue;
      if (this.#valid !== undefined && attempt <= this.#valid.attempt) return;
      for (const [key, tally] of this.#tally(ctx, AgreementKinds.ECHO, attempt)) {
        if (key !== NIL && tally.value !== null && tally.weight >= this.#identity.committee.threshold) {
          this.#valid = { attempt, value: tally.value, key };
          return;
        }
      }
    }
  }

  /** Votes of one kind and attempt, grouped by value; every version counts (an equivocator counts for each value it signed). */
  #tally(ctx: SessionContext, kindName: string, attempt: number): Map<string, Tally<V>> {
    const tallies = new Map<string, Tally<V>>();
    for (const stored of ctx.store.versions(this.#spec.round, kindName, attempt) as readonly StoredMessage<VotePayload<V>>[]) {
      const value = stored.payload.value;
      let key = this.#keys.get(stored);
      if (key === undefined) {
        key = value === null ? NIL : this.valueKey(value);
        this.#keys.set(stored, key);
      }
      let tally = tallies.get(key);
      if (tally === undefined) {
        tally = { value, weight: 0, senders: new Set(), messages: [] };
        tallies.set(key, tally);
      }
      const sender = stored.message.sender;
      if (tally.senders.has(sender)) continue;
      tally.senders.add(sender);
      tally.weight += weightOf(this.#identity.committee, sender);
      tally.messages.push(stored);
    }
    return tallies;
  }

  /** Signed votes of weight ≥ t for `held` (an echo quorum or commit certificate), fewest first by party id. */
  #quorum(ctx: SessionContext, kindName: string, held: Held<V>): StoredMessage[] {
    const tally = this.#tally(ctx, kindName, held.attempt).get(held.key);
    if (tally === undefined) return [];
    const chosen: StoredMessage[] = [];
    let weight = 0;
    for (const stored of [...tally.messages].sort((a, b) => a.message.sender - b.message.sender)) {
      if (weight >= this.#identity.committee.threshold) break;
      chosen.push(stored);
      weight += weightOf(this.#identity.committee, stored.message.sender);
    }
    return chosen;
  }

  #relayQuorum(ctx: SessionContext, held: Held<V>, to: PartyId | 'all'): void {
    for (const stored of this.#quorum(ctx, AgreementKinds.ECHO, held)) ctx.relay(stored, to);
  }

  /** A refusal because of a lock: let every future proposer learn the lock's echo quorum (once per lock). */
  #relayLock(ctx: SessionContext): void {
    if (this.#locked === undefined || this.#lockRelayed === this.#locked.attempt) return;
    this.#lockRelayed = this.#locked.attempt;
    this.#relayQuorum(ctx, this.#locked, 'all');
  }

  /** A decided party passes its commit certificate to each party seen in a later attempt. */
  #serveLagging(ctx: SessionContext): void {
    const decision = this.#decision as Held<V>;
    const latest = new Map<PartyId, number>();
    for (const kindName of Object.values(AgreementKinds)) {
      for (const attempt of ctx.store.attempts(this.#spec.round, kindName)) {
        if (attempt <= decision.attempt) continue;
        for (const stored of ctx.store.versions(this.#spec.round, kindName, attempt)) {
          const sender = stored.message.sender;
          if (sender !== this.#identity.self && attempt > (latest.get(sender) ?? -1)) latest.set(sender, attempt);
        }
      }
    }
    let certificate: StoredMessage[] | undefined;
    for (const [party, attempt] of latest) {
      if (attempt <= (this.#certificateRelays.get(party) ?? -1)) continue;
      certificate ??= this.#quorum(ctx, AgreementKinds.COMMIT, decision);
      for (const stored of certificate) ctx.relay(stored, party);
      this.#certificateRelays.set(party, attempt);
    }
  }

  #blameProposer(ctx: SessionContext, proposal: StoredMessage, detail: string, evidence: readonly StoredMessage[]): void {
    if (proposal.own) return;
    ctx.blame({
      party: proposal.message.sender,
      reason: BlameReasons.INVALID_PROPOSAL,
      round: this.#spec.round,
      detail: `proposal of attempt ${proposal.message.attempt}: ${detail}`,
      evidence: [proposal, ...evidence],
    });
  }

  #blameVoters(ctx: SessionContext, tally: Tally<V>, validity: Validity & { status: 'invalid' }): void {
    for (const vote of tally.messages) {
      if (vote.own) continue;
      ctx.blame({
        party: vote.message.sender,
        reason: BlameReasons.INVALID_VOTE,
        round: this.#spec.round,
        detail: `${vote.message.kind} of attempt ${vote.message.attempt} for an invalid value: ${validity.detail}`,
        evidence: [vote, ...validity.evidence],
      });
    }
  }

  #timerPrefix(): string {
    return `r${this.#spec.round}/`;
  }

  #timerId(attempt: number): string {
    return `${this.#timerPrefix()}attempt/${attempt}`;
  }

  #encode(value: V): Uint8Array {
    return this.#spec.valueSchema.serialize(value).toBytes();
  }

  #load(state: AgreementState): void {
    const step = STEPS[state.step];
    if (step === undefined) throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, 'agreement state: unknown step');
    const held = (h: { attempt: number; value: Uint8Array | number[] } | null): Held<V> | undefined => {
      if (h === null) return undefined;
      const value = decodeExact(this.#spec.valueSchema, new Uint8Array(h.value), 'agreement value');
      return { attempt: h.attempt, value, key: this.valueKey(value) };
    };
    this.#started = state.started;
    this.#attempt = state.attempt;
    this.#step = step;
    this.#locked = held(state.locked);
    this.#valid = held(state.valid);
    this.#decision = held(state.decision);
    this.#lockRelayed = state.lock_relayed ?? undefined;
    for (const { party, attempt } of state.certificate_relays) this.#certificateRelays.set(party, attempt);
  }
}

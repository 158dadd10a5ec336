/**
 * The aggregation round (PROTOCOL.md §5 "Aggregation", §6, §8 and §10): every validator proves
 * statements about its own secret, everyone verifies the proofs in batch, the committee agrees on
 * one set of contributors of weight ≥ t, and every honest validator outputs the same aggregate of
 * their statements (by default, the sum).
 *
 * Uses: the network key's global parts (EncDL, a batch of 2), presign round 1 (EncDH⟨2⟩, m
 * statements) and presign round 3 (ScaleDL, 2m statements, one part per presign since each has
 * its own ct_γ), and any round of the same pattern,
 * e.g. decryption shares with EDL proofs combined by Lagrange interpolation (a custom aggregate).
 *
 * Messages of the round (all broadcast):
 *   contribution  (attempt 0)  statements and one batched Maurer proof per part
 *   proposal, echo, commit      the agreement on the contributor list (agreement.ts), a value
 *                               listing (party, digest of its contribution message), sorted
 *   request      (attempt = sequence number)  contributions a party lacks, by digest; any party
 *                               holding one passes the signed envelope on
 *
 * Validity of a contributor list, which every honest party judges alike from signed messages:
 * its weight is ≥ t, and every listed contribution is held and verifies. A party that lacks a
 * listed contribution waits, and after `fetchMs` asks the others for it (a contributor may have
 * sent it to some parties only). Invalid contributions get their senders blamed; a proposal or
 * vote for a list naming one gets its proposer or voter blamed. Honest proposers list every valid
 * contribution they hold, leaving out equivocators when the rest still weighs t.
 *
 * Outcome: with faulty weight within the committee's tolerance, every honest party outputs the
 * same contributors and aggregate. Once parties of weight > W − t are proven faulty, the honest
 * ones weigh less than t and the agreement's assumptions no longer hold: the party aborts naming
 * exactly the blamed parties (each with signed evidence) and passes that evidence on, so that the
 * other honest parties reach the same conclusion. Silence is not proof, so an abort never names a
 * party that only stayed silent; a committee that loses weight to silence waits.
 *
 * Cost: on the happy path each party sends its contribution and two small votes (the proposer
 * one proposal), and verifies, in one batch per part, the contributions the agreed list names.
 * Requests and passed-on envelopes happen only when messages are missing.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { RandomSource } from '../numbers/random.ts';
import { addFactor } from '../proofs/factors.ts';
import type { GroupValue, Statement, Witness } from '../proofs/language.ts';
import {
  Agreement,
  type AgreementHost,
  AgreementKinds,
  type AgreementTimeouts,
  admitAgreementMessage,
  agreementKinds,
  agreementStateSchema,
  type Validity,
} from './agreement.ts';
import { relayBlameEvidence } from './blame.ts';
import { type Committee, isMember, type PartyId, partyCount, setWeight } from './committee.ts';
import {
  assertPartsMatch,
  type Contribution,
  type ContributionCheck,
  type ContributionPayload,
  contributionSchema,
  type Part,
  type PartShape,
  proofContext,
  proofContributionRule,
} from './contribution.ts';
import type { ContributionRule, ListCheck } from './contribution-rule.ts';
import { BlameReasons, SessionError, SessionErrorCodes } from './errors.ts';
import type { RoundMessage } from './message.ts';
import { ProposerSchedule } from './proposer.ts';
import type { ProtocolOutcome, SessionContext, SessionIdentity } from './protocol.ts';
import { kind, type RoundSpec } from './rounds.ts';
import { MAX_VERSIONS_PER_SLOT, type StoredMessage } from './store.ts';
import { decodeVersioned, encodeVersioned } from './versioned.ts';

export const AggregationKinds = { CONTRIBUTION: 'contribution', REQUEST: 'request', ...AgreementKinds } as const;

/** Requests a party may send per round (sequence numbers 0..MAX_REQUESTS − 1). */
export const MAX_REQUESTS = 32;

export interface AggregationTimeouts extends AgreementTimeouts {
  /** How long a party waits for a contribution a proposal lists before asking for it (doubled per request, up to 16×). */
  readonly fetchMs: number;
}

export const DEFAULT_AGGREGATION_TIMEOUTS: AggregationTimeouts = Object.freeze({
  attemptMs: 20_000,
  attemptIncrementMs: 10_000,
  fetchMs: 1_000,
});

export interface ContributorEntry {
  readonly party: PartyId;
  /** Digest of the party's contribution message (message.ts). */
  readonly digest: Uint8Array;
}

/** A list of contributors, strictly increasing by party id. */
export type ContributorList = readonly ContributorEntry[];

const contributorSchema = bcs.struct('Contributor', { party: bcs.u16(), digest: bcs.bytes(32) });
export const contributorListSchema = bcs.vector(contributorSchema) as unknown as BcsType<ContributorList, ContributorList>;

function checkContributorList(committee: Committee, list: ContributorList): string | undefined {
  if (list.length === 0) return 'an empty contributor list';
  let previous = 0;
  for (const entry of list) {
    if (!isMember(committee, entry.party)) return `party ${entry.party} is not a member`;
    if (entry.party <= previous) return 'contributors are not strictly increasing';
    previous = entry.party;
  }
  return undefined;
}

interface RequestPayload {
  readonly items: readonly ContributorEntry[];
}

/** What the round table needs to know about an aggregation round. */
export interface AggregationRoundShape {
  readonly round: number;
  /** Bound into every proof as ProofContext.round, e.g. "presign/round-1". */
  readonly name: string;
  readonly parts: readonly PartShape[];
  /** The contribution's schema when it is not a proof per part (a rule's, contribution-rule.ts). */
  // biome-ignore lint/suspicious/noExplicitAny: a rule's payload type is its own
  readonly contributionSchema?: BcsType<any, any>;
}

/** The round-table entry of an aggregation round. */
export function aggregationRound(shape: AggregationRoundShape, committee: Committee): RoundSpec {
  const check = (list: ContributorList) => checkContributorList(committee, list);
  const n = partyCount(committee);
  return {
    round: shape.round,
    name: shape.name,
    kinds: {
      [AggregationKinds.CONTRIBUTION]: kind<ContributionPayload>({
        schema: shape.contributionSchema ?? contributionSchema(shape.parts),
        delivery: 'broadcast',
        maxAttempt: 0,
      }),
      [AggregationKinds.REQUEST]: kind<RequestPayload>({
        schema: bcs.struct('AggregationRequest', { items: bcs.vector(contributorSchema) }) as unknown as BcsType<
          RequestPayload,
          RequestPayload
        >,
        delivery: 'broadcast',
        maxAttempt: MAX_REQUESTS - 1,
        check: ({ items }) =>
          items.length === 0 || items.length > n * MAX_VERSIONS_PER_SLOT
            ? 'a request lists 1 to n·4 contributions'
            : items.every((item) => isMember(committee, item.party))
              ? undefined
              : 'a request names a party outside the committee',
      }),
      ...agreementKinds({ valueSchema: contributorListSchema, checkValue: check }),
    },
  };
}

export interface AggregationConfig<A> {
  readonly round: number;
  readonly name: string;
  /** The languages proven in this round (matching the shapes the round table was built with). */
  readonly parts: readonly Part[];
  /** The shapes the round table was built with, when they are not `parts` themselves. */
  readonly shapes?: readonly PartShape[];
  /** This party's witnesses, one list of `count` per part, drawn when the round starts. */
  readonly witnesses: (rng: RandomSource) => readonly (readonly Witness[])[];
  /** Combines the agreed contributions; without it, the output is the sum per part and statement (Statement[][]). */
  readonly aggregate?: (contributions: readonly Contribution[]) => A;
  /** Checks of a contribution's statements beyond its proof (e.g. a share's statement names the sender's verification key). */
  readonly check?: ContributionCheck;
  readonly timeouts?: Partial<AggregationTimeouts>;
  /**
   * What is sent and how it is judged, when it is not one batched proof per part (then `witnesses`
   * and `check` are not used).
   */
  // biome-ignore lint/suspicious/noExplicitAny: a rule's payload type is its own
  readonly rule?: ContributionRule<any>;
  /**
   * How long a proposer that holds contributions of weight ≥ t, but not every member's, waits for
   * the others before proposing (0: it proposes at once). A committed set that includes every live
   * party leaves room for parties that then fall silent (proof-aggregation.ts).
   */
  readonly proposeGraceMs?: number;
}

export interface AggregationOutput<A> {
  /** The agreement attempt that decided. */
  readonly attempt: number;
  readonly contributors: readonly PartyId[];
  /** The agreed contributions, by increasing party id. */
  readonly contributions: readonly Contribution[];
  readonly aggregate: A;
}

/** The default aggregate: for each part and statement index, the sum of the contributors' statements. */
export function sumOfStatements(parts: readonly Part[]): (contributions: readonly Contribution[]) => Statement[][] {
  return (contributions) =>
    parts.map((part, p) =>
      Array.from({ length: part.count }, (_, i) =>
        part.language.statement.map((factor, f) => {
          let sum: GroupValue | undefined;
          for (const contribution of contributions) {
            const value = ((contribution.statements[p] as readonly Statement[])[i] as Statement)[f] as GroupValue;
            sum = sum === undefined ? value : addFactor(factor, sum, value);
          }
          if (sum === undefined) throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'aggregate: no contributions');
          return sum;
        }),
      ),
    );
}

const schedules = new WeakMap<SessionIdentity, Map<number, ProposerSchedule>>();

/**
 * The refusals of {@link Aggregation.admit} for a round whose Aggregation does not exist yet (a
 * later round of a composed protocol): its agreement counts as being at attempt 0.
 */
export function admitAggregationMessage(identity: SessionIdentity, message: RoundMessage): void {
  if (message.kind !== AggregationKinds.PROPOSAL && message.kind !== AggregationKinds.ECHO && message.kind !== AggregationKinds.COMMIT)
    return;
  let byRound = schedules.get(identity);
  if (byRound === undefined) {
    byRound = new Map();
    schedules.set(identity, byRound);
  }
  let schedule = byRound.get(message.round);
  if (schedule === undefined) {
    schedule = new ProposerSchedule(identity.committee, identity.sessionId, message.round);
    byRound.set(message.round, schedule);
  }
  admitAgreementMessage(schedule, message, 0);
}

const STATE_VERSION = 1;
const aggregationStateSchema = bcs.struct('AggregationState', {
  started: bcs.bool(),
  verdicts: bcs.vector(bcs.struct('ContributionVerdict', { digest: bcs.bytes(32), valid: bcs.bool(), reason: bcs.string() })),
  request_seq: bcs.u32(),
  served: bcs.vector(bcs.struct('ServedRequest', { party: bcs.u16(), digest: bcs.bytes(32) })),
  aborted: bcs.option(bcs.string()),
  agreement: agreementStateSchema,
});

interface Verdict {
  readonly valid: boolean;
  readonly reason: string;
}

export class Aggregation<A> {
  readonly #config: AggregationConfig<A>;
  readonly #identity: SessionIdentity;
  readonly #timeouts: AggregationTimeouts;
  readonly #agreement: Agreement<ContributorList>;
  readonly #aggregate: (contributions: readonly Contribution[]) => A;
  // biome-ignore lint/suspicious/noExplicitAny: the rule's payload type is its own
  readonly #rule: ContributionRule<any>;
  readonly #verdicts = new Map<string, Verdict>();
  /** List checks by list key (contribution-rule.ts `checkList`). */
  readonly #listChecks = new Map<string, ListCheck<ContributionPayload>>();
  /** Messages found failing alone by a list check: a proposer leaves them out. */
  readonly #failedAlone = new Set<string>();
  #graceOver = false;
  readonly #validity = new Map<string, Validity>();
  readonly #needs = new Map<string, ContributorEntry>();
  #started = false;
  #requestSeq = 0;
  /** (requester, digest) pairs already answered: each contribution goes to each requester once. */
  readonly #served = new Map<string, { party: PartyId; digest: Uint8Array }>();
  #aborted: string | undefined;
  #output: AggregationOutput<A> | undefined;
  readonly #host: AgreementHost<ContributorList>;

  constructor(config: AggregationConfig<A>, identity: SessionIdentity, state?: Uint8Array) {
    assertPartsMatch(config.parts, config.shapes ?? config.parts);
    this.#config = config;
    this.#identity = identity;
    this.#timeouts = { ...DEFAULT_AGGREGATION_TIMEOUTS, ...config.timeouts };
    this.#aggregate = config.aggregate ?? (sumOfStatements(config.parts) as unknown as (contributions: readonly Contribution[]) => A);
    this.#rule =
      config.rule ??
      proofContributionRule(
        config.parts,
        config.witnesses,
        (part, party) => proofContext(identity.protocol, identity.sessionId, config.name, part, party),
        identity.self,
        config.check,
      );
    this.#graceOver = state !== undefined || (config.proposeGraceMs ?? 0) <= 0;
    const saved = state === undefined ? undefined : decodeVersioned(aggregationStateSchema, STATE_VERSION, state, 'aggregation state');
    this.#agreement = new Agreement(
      {
        round: config.round,
        valueSchema: contributorListSchema,
        checkValue: (list) => checkContributorList(identity.committee, list),
        timeouts: this.#timeouts,
      },
      identity,
      saved?.agreement,
    );
    if (saved !== undefined) {
      this.#started = saved.started;
      this.#requestSeq = saved.request_seq;
      for (const { party, digest } of saved.served) {
        const bytes = new Uint8Array(digest);
        this.#served.set(`${party}/${bytesToHex(bytes)}`, { party, digest: bytes });
      }
      this.#aborted = saved.aborted ?? undefined;
      for (const verdict of saved.verdicts) {
        this.#verdicts.set(bytesToHex(new Uint8Array(verdict.digest)), { valid: verdict.valid, reason: verdict.reason });
      }
    }
    this.#host = {
      validate: (ctx, list) => this.#validate(ctx, list),
      propose: (ctx) => this.#propose(ctx),
      attemptTimedOut: (ctx) => this.#verify(ctx, this.#heldContributions(ctx)),
    };
  }

  get round(): number {
    return this.#config.round;
  }

  /** The agreement's current attempt (for a composed protocol's admission checks). */
  get attempt(): number {
    return this.#agreement.attempt;
  }

  start(ctx: SessionContext): void {
    if (this.#started) return;
    this.#started = true;
    const payload = this.#rule.produce(ctx);
    if (payload !== undefined) {
      const own = ctx.send(this.#config.round, AggregationKinds.CONTRIBUTION, 0, payload);
      this.#verdicts.set(own.key, { valid: true, reason: '' });
    }
    this.#agreement.start(ctx, this.#host);
    this.#settle(ctx, false);
  }

  /** A message of this round was filed. */
  receive(ctx: SessionContext, stored: StoredMessage): void {
    if (!this.#started || stored.message.round !== this.#config.round) return;
    if (stored.message.kind === AggregationKinds.REQUEST) this.#serve(ctx, stored as StoredMessage<RequestPayload>);
    this.#settle(ctx, false);
  }

  /** Handles this round's timers; returns false for any other timer. */
  timeout(ctx: SessionContext, timer: string): boolean {
    if (timer === this.#fetchTimer()) {
      this.#settle(ctx, true);
      return true;
    }
    if (timer === this.#graceTimer()) {
      this.#graceOver = true;
      this.#settle(ctx, false);
      return true;
    }
    this.#needs.clear();
    if (!this.#agreement.timeout(ctx, this.#host, timer)) return false;
    this.#settle(ctx, false, true);
    return true;
  }

  admit(message: RoundMessage): void {
    if (message.round !== this.#config.round) return;
    if (message.kind === AggregationKinds.PROPOSAL || message.kind === AggregationKinds.ECHO || message.kind === AggregationKinds.COMMIT) {
      this.#agreement.admit(message);
    }
  }

  outcome(): ProtocolOutcome<AggregationOutput<A>> | undefined {
    if (this.#aborted !== undefined) return { status: 'aborted', reason: this.#aborted };
    if (this.#output !== undefined) return { status: 'completed', output: this.#output };
    return undefined;
  }

  save(): Uint8Array {
    return encodeVersioned(aggregationStateSchema, STATE_VERSION, {
      started: this.#started,
      verdicts: [...this.#verdicts].map(([key, verdict]) => ({ digest: hexToBytes(key), valid: verdict.valid, reason: verdict.reason })),
      request_seq: this.#requestSeq,
      served: [...this.#served.values()],
      aborted: this.#aborted ?? null,
      agreement: this.#agreement.save(),
    });
  }

  /** Rebuilds the output after a restore (it is derived from the held messages, not stored); sends nothing. */
  resume(ctx: SessionContext): void {
    if (this.#started && this.#aborted === undefined && this.#output === undefined) this.#tryOutput(ctx);
    this.#needs.clear();
  }

  // ---- one pass after every event ------------------------------------------------------------

  #settle(ctx: SessionContext, fetchDue: boolean, evaluated = false): void {
    if (!evaluated) {
      this.#needs.clear();
      if (this.#aborted === undefined) this.#agreement.evaluate(ctx, this.#host);
    }
    if (this.#aborted === undefined && this.#output === undefined) this.#tryOutput(ctx);
    this.#checkAbort(ctx);
    if (this.#aborted !== undefined || this.#output !== undefined) {
      ctx.cancelTimer(this.#fetchTimer());
      return;
    }
    if (fetchDue && this.#needs.size > 0 && this.#requestSeq < MAX_REQUESTS) {
      ctx.send<RequestPayload>(this.#config.round, AggregationKinds.REQUEST, this.#requestSeq, { items: [...this.#needs.values()] });
      this.#requestSeq += 1;
    }
    if (this.#needs.size > 0 && this.#requestSeq < MAX_REQUESTS) {
      if (fetchDue || !ctx.hasTimer(this.#fetchTimer())) {
        ctx.setTimer(this.#fetchTimer(), this.#timeouts.fetchMs * 2 ** Math.min(this.#requestSeq, 4));
      }
    } else {
      ctx.cancelTimer(this.#fetchTimer());
    }
  }

  #tryOutput(ctx: SessionContext): void {
    const decision = this.#agreement.decision;
    if (decision === undefined) return;
    const messages: StoredMessage<ContributionPayload>[] = [];
    for (const entry of decision.value) {
      const found = this.#find(ctx, entry);
      if (found === 'mismatch') {
        this.#abort(ctx, `the decided list names a message that is not party ${entry.party}'s contribution`);
        return;
      }
      if (found === 'missing') this.#needs.set(bytesToHex(entry.digest), entry);
      else messages.push(found);
    }
    if (messages.length < decision.value.length) return;
    this.#verify(ctx, messages);
    const invalid = messages.find((m) => this.#verdicts.get(m.key)?.valid !== true);
    if (invalid !== undefined) {
      this.#abort(ctx, `the decided list names party ${invalid.message.sender}'s invalid contribution`);
      return;
    }
    const together = this.#checkList(ctx, decision.value, messages);
    if (!together.valid) {
      this.#abort(ctx, `the decided list fails its joint check (party ${together.culprits[0]?.message.message.sender} fails alone)`);
      return;
    }
    const contributions: Contribution[] = messages.map((m) => this.#rule.contribution(m));
    this.#output = {
      attempt: decision.attempt,
      contributors: contributions.map((c) => c.party),
      contributions,
      aggregate: this.#aggregate(contributions),
    };
  }

  #checkAbort(ctx: SessionContext): void {
    if (this.#aborted !== undefined || this.#output !== undefined) return;
    const { committee } = this.#identity;
    if (ctx.blamedWeight() <= committee.totalWeight - committee.threshold) return;
    this.#abort(ctx, `parties of weight ${ctx.blamedWeight()} are proven faulty; fewer than ${committee.threshold} can remain`);
  }

  #abort(ctx: SessionContext, reason: string): void {
    this.#aborted = reason;
    this.#agreement.stop(ctx);
    ctx.cancelTimer(this.#fetchTimer());
    relayBlameEvidence(ctx.blames, (evidence) => ctx.relayEvidence(evidence, 'all'));
  }

  // ---- the agreement's host ------------------------------------------------------------------

  /** The weight a valid contributor list reaches: the rule's, else the threshold. */
  #minimumWeight(): number {
    const { committee } = this.#identity;
    const minimum = this.#rule.minimumWeight ?? committee.threshold;
    // A list must hold more than the weight the committee tolerates as faulty: one honest contributor at least.
    return Math.max(minimum, committee.totalWeight - committee.threshold + 1);
  }

  #validate(ctx: SessionContext, list: ContributorList): Validity {
    const key = this.#agreement.valueKey(list);
    const known = this.#validity.get(key);
    if (known !== undefined) return known;
    const { committee } = this.#identity;
    const conclude = (validity: Validity) => {
      this.#validity.set(key, validity);
      return validity;
    };
    if (
      setWeight(
        committee,
        list.map((entry) => entry.party),
      ) < this.#minimumWeight()
    ) {
      return conclude({ status: 'invalid', detail: `the contributors weigh less than ${this.#minimumWeight()}`, evidence: [] });
    }
    const messages: StoredMessage<ContributionPayload>[] = [];
    let missing = false;
    for (const entry of list) {
      const found = this.#find(ctx, entry);
      if (found === 'missing') {
        this.#needs.set(bytesToHex(entry.digest), entry);
        missing = true;
      } else if (found === 'mismatch') {
        const other = ctx.store.byDigest(bytesToHex(entry.digest)) as StoredMessage;
        return conclude({
          status: 'invalid',
          detail: `lists a message that is not party ${entry.party}'s contribution`,
          evidence: [other],
        });
      } else {
        messages.push(found);
      }
    }
    if (missing) return { status: 'unknown' };
    this.#verify(ctx, messages);
    for (const message of messages) {
      const verdict = this.#verdicts.get(message.key) as Verdict;
      if (!verdict.valid) {
        return conclude({
          status: 'invalid',
          detail: `lists party ${message.message.sender}'s invalid contribution (${verdict.reason})`,
          evidence: message.own ? [] : [message],
        });
      }
    }
    const together = this.#checkList(ctx, list, messages);
    if (!together.valid) {
      const culprit = together.culprits[0] as { message: StoredMessage<ContributionPayload>; reason: string };
      return conclude({
        status: 'invalid',
        detail: `lists contributions that fail together; party ${culprit.message.message.sender}'s fails alone (${culprit.reason})`,
        evidence: culprit.message.own ? [] : [culprit.message],
      });
    }
    return conclude({ status: 'valid' });
  }

  #propose(ctx: SessionContext): ContributorList | undefined {
    const { committee } = this.#identity;
    const held = this.#heldContributions(ctx, true);
    const plausible = held.filter((m) => this.#verdicts.get(m.key)?.valid !== false);
    if (
      setWeight(
        committee,
        plausible.map((m) => m.message.sender),
      ) < this.#minimumWeight()
    )
      return undefined;
    const everyone = setWeight(
      committee,
      plausible.map((m) => m.message.sender),
    );
    const expected = this.#rule.contributors === undefined ? committee.totalWeight : setWeight(committee, this.#rule.contributors);
    if (!this.#graceOver && everyone < expected) {
      if (!ctx.hasTimer(this.#graceTimer())) ctx.setTimer(this.#graceTimer(), this.#config.proposeGraceMs ?? 0);
      return undefined;
    }
    this.#verify(ctx, plausible);
    const valid = plausible.filter((m) => this.#verdicts.get(m.key)?.valid === true && !this.#failedAlone.has(m.key));
    const equivocators = new Set(
      valid
        .filter((m) => ctx.store.slot(this.#config.round, AggregationKinds.CONTRIBUTION, 0, m.message.sender).length > 1)
        .map((m) => m.message.sender),
    );
    const faithful = valid.filter((m) => !equivocators.has(m.message.sender));
    const chosen =
      setWeight(
        committee,
        faithful.map((m) => m.message.sender),
      ) >= this.#minimumWeight()
        ? faithful
        : valid;
    if (
      setWeight(
        committee,
        chosen.map((m) => m.message.sender),
      ) < this.#minimumWeight()
    )
      return undefined;
    const list = chosen.map((m) => ({ party: m.message.sender, digest: m.digest })).sort((a, b) => a.party - b.party);
    if (this.#rule.checkList === undefined) return list;
    const sorted = [...chosen].sort((a, b) => a.message.sender - b.message.sender);
    // A list that fails together names the contributions that fail alone (#checkList records
    // them); proposing again leaves them out, and the rest, each valid alone, holds together.
    const together = this.#checkList(ctx, list, sorted);
    if (together.valid) return list;
    return together.culprits.length > 0 ? this.#propose(ctx) : undefined;
  }

  // ---- contributions -------------------------------------------------------------------------

  /** Contributions held: primaries only (what a proposer lists), or every version. */
  #heldContributions(ctx: SessionContext, primariesOnly = false): StoredMessage<ContributionPayload>[] {
    const held: StoredMessage<ContributionPayload>[] = [];
    for (let party = 1; party <= partyCount(this.#identity.committee); party++) {
      const versions = ctx.store.slot(
        this.#config.round,
        AggregationKinds.CONTRIBUTION,
        0,
        party,
      ) as readonly StoredMessage<ContributionPayload>[];
      held.push(...(primariesOnly ? versions.slice(0, 1) : versions));
    }
    return held;
  }

  #find(ctx: SessionContext, entry: ContributorEntry): StoredMessage<ContributionPayload> | 'missing' | 'mismatch' {
    const stored = ctx.store.byDigest(bytesToHex(entry.digest));
    if (stored === undefined) return 'missing';
    const m = stored.message;
    if (m.round !== this.#config.round || m.kind !== AggregationKinds.CONTRIBUTION || m.sender !== entry.party) return 'mismatch';
    return stored as StoredMessage<ContributionPayload>;
  }

  /** Verifies, in one batch per part, the given contributions not verified yet; blames the senders of invalid ones. */
  #verify(ctx: SessionContext, messages: readonly StoredMessage<ContributionPayload>[]): void {
    const pending = messages.filter((m, i) => !this.#verdicts.has(m.key) && messages.findIndex((o) => o.key === m.key) === i);
    if (pending.length === 0) return;
    const verdicts = this.#rule.verify(ctx, pending);
    for (const verdict of verdicts) {
      this.#verdicts.set(verdict.message.key, { valid: verdict.valid, reason: verdict.reason ?? '' });
      if (!verdict.valid && !verdict.message.own && verdict.blame !== false) {
        ctx.blame({
          party: verdict.message.message.sender,
          reason: BlameReasons.INVALID_CONTRIBUTION,
          round: this.#config.round,
          detail: `contribution to ${this.#config.name}: ${verdict.reason}`,
          evidence: [verdict.message],
        });
      }
    }
  }

  /**
   * Answers a request with the listed contributions this party holds, each at most once per
   * requester: the transport delivers what it sends, and a request cannot make a party send the
   * same (possibly large) contribution again and again.
   */
  #serve(ctx: SessionContext, request: StoredMessage<RequestPayload>): void {
    const requester = request.message.sender;
    for (const item of request.payload.items) {
      const key = `${requester}/${bytesToHex(item.digest)}`;
      if (this.#served.has(key)) continue;
      const found = this.#find(ctx, item);
      if (found === 'missing' || found === 'mismatch') continue;
      ctx.relay(found, requester);
      this.#served.set(key, { party: requester, digest: found.digest });
    }
  }

  #fetchTimer(): string {
    return `r${this.#config.round}/fetch`;
  }

  #graceTimer(): string {
    return `r${this.#config.round}/grace`;
  }

  /**
   * The rule's joint check of a list whose messages are each valid (cached per list). Contributions
   * that fail alone get their senders blamed, with their signed message as evidence: the check
   * alone is deterministic, so every honest party that runs it names the same ones.
   */
  #checkList(
    ctx: SessionContext,
    list: ContributorList,
    messages: readonly StoredMessage<ContributionPayload>[],
  ): ListCheck<ContributionPayload> {
    if (this.#rule.checkList === undefined) return { valid: true };
    const key = this.#agreement.valueKey(list);
    const known = this.#listChecks.get(key);
    if (known !== undefined) return known;
    const result = this.#rule.checkList(messages) as ListCheck<ContributionPayload>;
    this.#listChecks.set(key, result);
    if (!result.valid) {
      for (const { message, reason } of result.culprits) {
        this.#failedAlone.add(message.key);
        if (message.own) continue;
        ctx.blame({
          party: message.message.sender,
          reason: BlameReasons.INVALID_CONTRIBUTION,
          round: this.#config.round,
          detail: `contribution to ${this.#config.name}: ${reason}`,
          evidence: [message],
        });
      }
    }
    return result;
  }
}

/**
 * The distributed key generation of the threshold CL key as a session (README.md in this folder):
 * every validator deals (round 1), judges the dealings it holds and complains publicly about bad
 * shares (round 2), and the committee agrees on the qualified dealings and the complaint messages
 * they were judged against (round 3). The output, identical at every honest validator, is the
 * ThresholdPublicKey of the qualified dealings and this validator's PartyKeyShare.
 *
 * Every verdict here reads signed messages only (the public dealing check, the complaint verdict,
 * the validity of a proposed qualified set), never local randomness or arrival order, so honest
 * validators judge alike (mpc/SECURITY.md). Silence is never blamed: a dealer that sends nothing
 * is left out of the qualified set by the proposer, after the dealing timer.
 *
 * Secrets in this module's state: the dealing's secrets never leave createDealing; the decryption
 * key k_self comes from the config (never serialized); decrypted shares are recomputed from the
 * held dealings after a restore rather than stored. The serialized session state holds the
 * messages, which carry no secret in the clear.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { CurvePoint } from '../../curves/curve.ts';
import { DWalletError } from '../../errors.ts';
import { Agreement, type AgreementHost, type AgreementTimeouts, agreementStateSchema, type Validity } from '../../session/agreement.ts';
import { relayBlameEvidence } from '../../session/blame.ts';
import { type PartyId, parties, setWeight } from '../../session/committee.ts';
import { SessionError, SessionErrorCodes } from '../../session/errors.ts';
import type { RoundMessage } from '../../session/message.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import type { StoredMessage } from '../../session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../session/versioned.ts';
import type { WeightedAccessStructure } from '../access-structure.ts';
import { assertKeyShareMatches, type ThresholdPublicKey } from '../keys.ts';
import type { PartyKeyShare } from '../secret-share.ts';
import { type ComplaintVerdict, createComplaint, judgeComplaint, type OpenedDealing, openDealing } from './complaint.ts';
import { checkDealing, createDealing, type Dealing } from './dealing.ts';
import { NamedMessages, namedMessagesFields } from './fetch.ts';
import { combineDealings, sumShares } from './output.ts';
import { assertDkgParams, type DkgParams, SHARE_ENCRYPTION_CURVE } from './params.ts';
import {
  type ComplaintsPayload,
  checkQualifiedSet,
  DkgBlameReasons,
  DkgKinds,
  DkgRounds,
  dkgRoundTable,
  type MessageRef,
  type QualifiedSet,
  qualifiedSetSchema,
} from './rounds.ts';

export const DKG_PROTOCOL = 'dwallet/threshold/dkg';

export interface DkgTimeouts extends AgreementTimeouts {
  /** How long a validator waits for every dealing before judging the ones it holds (weight ≥ t). */
  readonly dealingsMs: number;
  /** How long a proposer waits for every complaint message before proposing from those of weight ≥ t. */
  readonly complaintsMs: number;
  /** How long a party waits for a message the agreement names before asking for it (doubled per request, up to 16×). */
  readonly fetchMs: number;
}

export const DEFAULT_DKG_TIMEOUTS: DkgTimeouts = Object.freeze({
  dealingsMs: 30_000,
  complaintsMs: 10_000,
  attemptMs: 20_000,
  attemptIncrementMs: 10_000,
  fetchMs: 1_000,
});

export interface DkgConfig {
  readonly setup: ClassGroupSetup;
  /** The key's access structure: the committee's weights and threshold. */
  readonly access: WeightedAccessStructure;
  /** encryptionKeys[p − 1] = K_p, the share-encryption keys registered for the committee. */
  readonly encryptionKeys: readonly CurvePoint[];
  /** k_self with K_self = k_self·G. Secret: never logged, never part of the session state. */
  readonly decryptionKey: bigint;
  readonly timeouts?: Partial<DkgTimeouts>;
}

export interface DkgOutput {
  readonly publicKey: ThresholdPublicKey;
  /**
   * This validator's shares, or null when a qualified dealer's share to it is bad (its complaint
   * was not among the agreed complaint messages): it cannot take part in decryption until a
   * resharing gives it a new share (README.md, "Limitations").
   */
  readonly keyShare: PartyKeyShare | null;
  /** The qualified dealers, increasing. */
  readonly qualified: readonly PartyId[];
  /** The agreement attempt that decided. */
  readonly attempt: number;
}

const STATE_VERSION = 1;
const stateSchema = bcs.struct('DkgState', {
  started: bcs.bool(),
  complaints_sent: bcs.bool(),
  dealings_expired: bcs.bool(),
  complaints_expired: bcs.bool(),
  ...namedMessagesFields,
  aborted: bcs.option(bcs.string()),
  agreement: agreementStateSchema,
});

const TIMER_DEALINGS = 'dkg/dealings';
const TIMER_COMPLAINTS = 'dkg/complaints';
const TIMER_FETCH = 'dkg/fetch';

/** The DKG parameters of a session: the config bound to the session's protocol and id, checked against its committee. */
export function dkgParamsOf(config: DkgConfig, identity: SessionIdentity): DkgParams {
  const params: DkgParams = {
    protocol: identity.protocol,
    sessionId: identity.sessionId,
    setup: config.setup,
    access: config.access,
    encryptionKeys: config.encryptionKeys,
  };
  assertDkgParams(params);
  const { committee } = identity;
  const same =
    committee.threshold === config.access.threshold &&
    committee.weights.length === config.access.weights.length &&
    committee.weights.every((w, i) => w === config.access.weights[i]);
  if (!same) {
    throw new SessionError(
      SessionErrorCodes.SESSION_INVALID_CONFIG,
      'dkg: the access structure must have the committee’s weights and threshold',
    );
  }
  return params;
}

/** The messages a qualified set names, as held. */
interface Named {
  readonly dealings: StoredMessage<Dealing>[];
  readonly complaints: StoredMessage<ComplaintsPayload>[];
  readonly excluded: StoredMessage<Dealing>[];
  readonly missing: boolean;
  readonly mismatch?: { readonly ref: MessageRef; readonly kind: string };
}

class DistributedKeyGeneration implements Protocol<DkgOutput> {
  readonly #config: DkgConfig;
  readonly #identity: SessionIdentity;
  readonly #params: DkgParams;
  readonly #timeouts: DkgTimeouts;
  readonly #agreement: Agreement<QualifiedSet>;
  readonly #host: AgreementHost<QualifiedSet>;
  #started = false;
  #complaintsSent = false;
  #dealingsExpired = false;
  #complaintsExpired = false;
  readonly #fetch: NamedMessages;
  #aborted: string | undefined;
  #output: DkgOutput | undefined;
  // Derived from held messages (recomputed after a restore, never stored):
  readonly #publicChecks = new Map<string, string | undefined>();
  readonly #opened = new Map<string, OpenedDealing>();
  readonly #verdicts = new Map<string, ComplaintVerdict>();
  readonly #validity = new Map<string, Validity>();

  constructor(config: DkgConfig, identity: SessionIdentity, state?: Uint8Array) {
    this.#config = config;
    this.#identity = identity;
    this.#params = dkgParamsOf(config, identity);
    this.#timeouts = { ...DEFAULT_DKG_TIMEOUTS, ...config.timeouts };
    const curve = SHARE_ENCRYPTION_CURVE;
    const own = this.#params.encryptionKeys[identity.self - 1] as CurvePoint;
    if (!curve.multiply(curve.generator, config.decryptionKey).equals(own)) {
      throw new SessionError(
        SessionErrorCodes.SESSION_INVALID_CONFIG,
        'dkg: the decryption key does not match this party’s registered key',
      );
    }
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, STATE_VERSION, state, 'dkg state');
    this.#agreement = new Agreement(
      {
        round: DkgRounds.QUALIFIED,
        valueSchema: qualifiedSetSchema,
        checkValue: (value) => checkQualifiedSet(identity.committee, value),
        timeouts: this.#timeouts,
      },
      identity,
      saved?.agreement,
    );
    if (saved !== undefined) {
      this.#started = saved.started;
      this.#complaintsSent = saved.complaints_sent;
      this.#dealingsExpired = saved.dealings_expired;
      this.#complaintsExpired = saved.complaints_expired;
      this.#aborted = saved.aborted ?? undefined;
    }
    this.#fetch = new NamedMessages(
      { round: DkgRounds.QUALIFIED, requestKind: DkgKinds.REQUEST, timer: TIMER_FETCH, fetchMs: this.#timeouts.fetchMs },
      saved,
    );
    this.#host = {
      validate: (ctx, value) => this.#validate(ctx, value),
      propose: (ctx) => this.#propose(ctx),
    };
  }

  start(ctx: SessionContext): void {
    if (this.#started) return;
    this.#started = true;
    ctx.send(DkgRounds.DEALING, DkgKinds.DEALING, 0, createDealing(this.#params, this.#identity.self, ctx.rng));
    ctx.setTimer(TIMER_DEALINGS, this.#timeouts.dealingsMs);
    this.#settle(ctx);
  }

  receive(ctx: SessionContext, stored: StoredMessage): void {
    if (!this.#started) return;
    if (stored.message.round === DkgRounds.QUALIFIED && stored.message.kind === DkgKinds.REQUEST) {
      this.#fetch.serve(ctx, stored as StoredMessage<{ items: readonly MessageRef[] }>);
    }
    this.#settle(ctx);
  }

  timeout(ctx: SessionContext, timer: string): void {
    if (timer === TIMER_DEALINGS) {
      this.#dealingsExpired = true;
      // Follow the agreement even while dealings of weight t are missing: a decided set names
      // them, and they are fetched (this party then sends its complaints once it holds weight t).
      this.#agreement.start(ctx, this.#host);
    } else if (timer === TIMER_COMPLAINTS) {
      this.#complaintsExpired = true;
    } else if (timer === TIMER_FETCH) {
      this.#settle(ctx, true);
      return;
    } else {
      this.#fetch.needs.clear();
      this.#agreement.timeout(ctx, this.#host, timer);
    }
    this.#settle(ctx);
  }

  admit(message: RoundMessage): void {
    if (message.round === DkgRounds.QUALIFIED && message.kind !== DkgKinds.REQUEST) this.#agreement.admit(message);
  }

  resume(ctx: SessionContext): void {
    if (this.#started && this.#aborted === undefined && this.#output === undefined) this.#tryOutput(ctx);
    this.#fetch.needs.clear();
  }

  outcome(): ProtocolOutcome<DkgOutput> | undefined {
    if (this.#aborted !== undefined) return { status: 'aborted', reason: this.#aborted };
    if (this.#output !== undefined) return { status: 'completed', output: this.#output };
    return undefined;
  }

  save(): Uint8Array {
    return encodeVersioned(stateSchema, STATE_VERSION, {
      started: this.#started,
      complaints_sent: this.#complaintsSent,
      dealings_expired: this.#dealingsExpired,
      complaints_expired: this.#complaintsExpired,
      ...this.#fetch.save(),
      aborted: this.#aborted ?? null,
      agreement: this.#agreement.save(),
    });
  }

  // ---- one pass after every event ------------------------------------------------------------

  #settle(ctx: SessionContext, fetchDue = false): void {
    if (this.#aborted !== undefined) return;
    if (this.#output === undefined) {
      this.#judgeDealings(ctx);
      this.#sendComplaints(ctx);
      this.#judgeComplaints(ctx);
    }
    this.#fetch.needs.clear();
    // Also after the output: a decided agreement passes its commit certificate to lagging parties.
    this.#agreement.evaluate(ctx, this.#host);
    if (this.#output === undefined) this.#tryOutput(ctx);
    this.#checkAbort(ctx);
    if (this.#aborted !== undefined || this.#output !== undefined) {
      ctx.cancelTimer(TIMER_FETCH);
      ctx.cancelTimer(TIMER_DEALINGS);
      ctx.cancelTimer(TIMER_COMPLAINTS);
      return;
    }
    this.#fetch.flush(ctx, fetchDue);
  }

  /** Dealings held, every version of every dealer. */
  #dealingMessages(ctx: SessionContext): StoredMessage<Dealing>[] {
    return parties(this.#identity.committee).flatMap(
      (party) => ctx.store.slot(DkgRounds.DEALING, DkgKinds.DEALING, 0, party) as readonly StoredMessage<Dealing>[],
    );
  }

  #complaintMessages(ctx: SessionContext): StoredMessage<ComplaintsPayload>[] {
    return parties(this.#identity.committee).flatMap(
      (party) => ctx.store.slot(DkgRounds.COMPLAINTS, DkgKinds.COMPLAINTS, 0, party) as readonly StoredMessage<ComplaintsPayload>[],
    );
  }

  /** The public check of a dealing (cached), blaming its dealer once when it fails. */
  #publicCheck(ctx: SessionContext, message: StoredMessage<Dealing>): string | undefined {
    if (this.#publicChecks.has(message.key)) return this.#publicChecks.get(message.key);
    const problem = checkDealing(this.#params, message.payload);
    this.#publicChecks.set(message.key, problem);
    if (problem !== undefined && !message.own) {
      ctx.blame({
        party: message.message.sender,
        reason: DkgBlameReasons.INVALID_DEALING,
        round: DkgRounds.DEALING,
        detail: `dealing: ${problem}`,
        evidence: [message],
      });
    }
    return problem;
  }

  /** This party's shares in a dealing (cached). */
  #open(message: StoredMessage<Dealing>): OpenedDealing {
    let opened = this.#opened.get(message.key);
    if (opened === undefined) {
      opened = openDealing(this.#params, this.#identity.self, this.#config.decryptionKey, message.message.sender, message.payload);
      this.#opened.set(message.key, opened);
    }
    return opened;
  }

  #judgeDealings(ctx: SessionContext): void {
    for (const message of this.#dealingMessages(ctx)) this.#publicCheck(ctx, message);
  }

  /** Round 2, once: after every dealing (or the dealing timer with dealings of weight ≥ t), complain about every bad share. */
  #sendComplaints(ctx: SessionContext): void {
    if (this.#complaintsSent) return;
    const { committee } = this.#identity;
    const primaries = parties(committee)
      .map((party) => ctx.store.slot(DkgRounds.DEALING, DkgKinds.DEALING, 0, party)[0] as StoredMessage<Dealing> | undefined)
      .filter((m): m is StoredMessage<Dealing> => m !== undefined);
    const all = primaries.length === parties(committee).length;
    const enough =
      setWeight(
        committee,
        primaries.map((m) => m.message.sender),
      ) >= committee.threshold;
    if (!(all || (this.#dealingsExpired && enough))) return;
    const complaints = primaries
      .filter((m) => !m.own && this.#publicCheck(ctx, m) === undefined && this.#open(m).bad.length > 0)
      .map((m) =>
        createComplaint(this.#params, this.#identity.self, this.#config.decryptionKey, m.message.sender, m.payload, m.digest, ctx.rng),
      );
    ctx.send<ComplaintsPayload>(DkgRounds.COMPLAINTS, DkgKinds.COMPLAINTS, 0, { complaints });
    this.#complaintsSent = true;
    ctx.cancelTimer(TIMER_DEALINGS);
    ctx.setTimer(TIMER_COMPLAINTS, this.#timeouts.complaintsMs);
    this.#agreement.start(ctx, this.#host);
  }

  /** The verdict on complaint `index` of a complaint message, once the accused dealing is held (cached; blames once). */
  #verdict(ctx: SessionContext, message: StoredMessage<ComplaintsPayload>, index: number): ComplaintVerdict | undefined {
    const id = `${message.key}/${index}`;
    const known = this.#verdicts.get(id);
    if (known !== undefined) return known;
    const complaint = message.payload.complaints[index];
    if (complaint === undefined) return undefined;
    const dealing = ctx.store.byDigest(bytesToHex(complaint.dealingDigest)) as StoredMessage<Dealing> | undefined;
    if (dealing === undefined) return undefined;
    const complainer = message.message.sender;
    let verdict: ComplaintVerdict;
    if (
      dealing.message.round !== DkgRounds.DEALING ||
      dealing.message.kind !== DkgKinds.DEALING ||
      dealing.message.sender !== complaint.dealer
    ) {
      verdict = { status: 'false-complaint', detail: 'the accused message is not a dealing of the accused dealer' };
    } else if (this.#publicCheck(ctx, dealing) !== undefined) {
      verdict = { status: 'dealer-cheated', detail: 'the dealing fails the public check' };
    } else {
      verdict = judgeComplaint(this.#params, complainer, dealing.payload, complaint);
    }
    this.#verdicts.set(id, verdict);
    if (verdict.status === 'dealer-cheated' && !dealing.own) {
      ctx.blame({
        party: complaint.dealer,
        reason: DkgBlameReasons.INVALID_SHARE,
        round: DkgRounds.DEALING,
        detail: `party ${complainer}'s complaint: ${verdict.detail}`,
        evidence: message.own ? [dealing] : [dealing, message],
      });
    } else if (verdict.status === 'false-complaint' && !message.own) {
      ctx.blame({
        party: complainer,
        reason: DkgBlameReasons.FALSE_COMPLAINT,
        round: DkgRounds.COMPLAINTS,
        detail: `complaint against dealer ${complaint.dealer}: ${verdict.detail}`,
        evidence: dealing.own ? [message] : [message, dealing],
      });
    }
    return verdict;
  }

  #judgeComplaints(ctx: SessionContext): void {
    for (const message of this.#complaintMessages(ctx)) {
      for (let index = 0; index < message.payload.complaints.length; index++) this.#verdict(ctx, message, index);
    }
  }

  // ---- the agreement's host ------------------------------------------------------------------

  /** The messages a qualified set names, those missing recorded as needs (fetched), or the first that is not what it claims. */
  #collect(ctx: SessionContext, value: QualifiedSet): Named {
    const { found, missing, mismatch } = this.#fetch.collect(ctx, [
      { refs: value.dealers, round: DkgRounds.DEALING, kind: DkgKinds.DEALING },
      { refs: value.complaints, round: DkgRounds.COMPLAINTS, kind: DkgKinds.COMPLAINTS },
      { refs: value.excluded, round: DkgRounds.DEALING, kind: DkgKinds.DEALING },
    ]);
    const [dealings, complaints, excluded] = found as [
      StoredMessage<Dealing>[],
      StoredMessage<ComplaintsPayload>[],
      StoredMessage<Dealing>[],
    ];
    return { dealings, complaints, excluded, missing, ...(mismatch === undefined ? {} : { mismatch }) };
  }

  /**
   * Objective validity of a qualified set, from the messages it names only: dealers and complaint
   * senders each weigh ≥ t; every named message is held and is what it claims; every named dealing
   * passes the public check; no named complaint against a named dealing holds.
   */
  #validate(ctx: SessionContext, value: QualifiedSet): Validity {
    const key = this.#agreement.valueKey(value);
    const known = this.#validity.get(key);
    if (known !== undefined) return known;
    const conclude = (validity: Validity) => {
      this.#validity.set(key, validity);
      return validity;
    };
    const { committee } = this.#identity;
    for (const [refs, what] of [
      [value.dealers, 'the qualified dealers'],
      [value.complaints, 'the complaint messages'],
    ] as const) {
      const weight = setWeight(
        committee,
        refs.map((r) => r.party),
      );
      if (weight < committee.threshold)
        return conclude({ status: 'invalid', detail: `${what} weigh less than the threshold`, evidence: [] });
    }
    const named = this.#collect(ctx, value);
    if (named.mismatch !== undefined) {
      const { ref, kind } = named.mismatch;
      const other = ctx.store.byDigest(bytesToHex(ref.digest)) as StoredMessage;
      return conclude({ status: 'invalid', detail: `names a message that is not party ${ref.party}'s ${kind}`, evidence: [other] });
    }
    if (named.missing) return { status: 'unknown' };
    const { dealings, complaints } = named;
    const qualified = new Set(dealings.map((m) => m.key));
    for (const dealing of dealings) {
      const problem = this.#publicCheck(ctx, dealing);
      if (problem !== undefined) {
        return conclude({
          status: 'invalid',
          detail: `names party ${dealing.message.sender}'s invalid dealing (${problem})`,
          evidence: dealing.own ? [] : [dealing],
        });
      }
    }
    for (const message of complaints) {
      for (let index = 0; index < message.payload.complaints.length; index++) {
        const complaint = message.payload.complaints[index];
        if (complaint === undefined || !qualified.has(bytesToHex(complaint.dealingDigest))) continue;
        if (this.#verdict(ctx, message, index)?.status === 'dealer-cheated') {
          const dealing = ctx.store.byDigest(bytesToHex(complaint.dealingDigest)) as StoredMessage;
          return conclude({
            status: 'invalid',
            detail: `names dealer ${complaint.dealer}, whom party ${message.message.sender}'s complaint proves cheating`,
            evidence: [dealing, message].filter((m) => !m.own),
          });
        }
      }
    }
    return conclude({ status: 'valid' });
  }

  /**
   * A proposer's qualified set: once it has judged its own dealings, and holds every complaint
   * message (or, after the complaint timer, complaint messages of weight ≥ t): the complaint
   * messages held, and the dealers whose single dealing passes the public check and no held
   * complaint proves wrong.
   */
  #propose(ctx: SessionContext): QualifiedSet | undefined {
    const { committee } = this.#identity;
    if (!this.#complaintsSent) return undefined;
    const complaintMessages = parties(committee)
      .map(
        (party) => ctx.store.slot(DkgRounds.COMPLAINTS, DkgKinds.COMPLAINTS, 0, party)[0] as StoredMessage<ComplaintsPayload> | undefined,
      )
      .filter((m): m is StoredMessage<ComplaintsPayload> => m !== undefined);
    const complainers = complaintMessages.map((m) => m.message.sender);
    const allIn = complainers.length === parties(committee).length;
    if (!(allIn || (this.#complaintsExpired && setWeight(committee, complainers) >= committee.threshold))) return undefined;
    const accused = new Set<PartyId>();
    for (const message of complaintMessages) {
      message.payload.complaints.forEach((complaint, index) => {
        const verdict = this.#verdict(ctx, message, index);
        // A complaint naming a dealing this proposer does not hold (an equivocating dealer) counts as proven here.
        if (verdict === undefined || verdict.status === 'dealer-cheated') accused.add(complaint.dealer);
      });
    }
    const dealers: MessageRef[] = [];
    const excluded: MessageRef[] = [];
    for (const party of parties(committee)) {
      const versions = ctx.store.slot(DkgRounds.DEALING, DkgKinds.DEALING, 0, party) as readonly StoredMessage<Dealing>[];
      const dealing = versions[0];
      if (dealing === undefined) continue;
      if (accused.has(party) || this.#publicCheck(ctx, dealing) !== undefined) excluded.push({ party, digest: dealing.digest });
      else if (versions.length === 1) dealers.push({ party, digest: dealing.digest });
    }
    if (
      setWeight(
        committee,
        dealers.map((r) => r.party),
      ) < committee.threshold
    )
      return undefined;
    return { dealers, complaints: complaintMessages.map((m) => ({ party: m.message.sender, digest: m.digest })), excluded };
  }

  // ---- output ----------------------------------------------------------------------------------

  #tryOutput(ctx: SessionContext): void {
    const decision = this.#agreement.decision;
    if (decision === undefined) return;
    const named = this.#collect(ctx, decision.value);
    if (named.mismatch !== undefined) {
      this.#abort(ctx, `the decided set names a message that is not party ${named.mismatch.ref.party}'s ${named.mismatch.kind}`);
      return;
    }
    if (named.missing) return;
    this.#judgeNamed(ctx, named);
    const { dealings } = named;
    const publicKey = combineDealings(
      this.#params,
      dealings.map((m) => m.payload),
    );
    const summed = sumShares(
      this.#params,
      this.#identity.self,
      dealings.map((m) => this.#open(m).shares),
    );
    let keyShare: PartyKeyShare | null = summed;
    try {
      assertKeyShareMatches(publicKey, summed);
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      keyShare = null;
    }
    this.#output = { publicKey, keyShare, qualified: dealings.map((m) => m.message.sender), attempt: decision.attempt };
  }

  /**
   * Judges exactly the evidence a decided set names: the public check of every named dealing, and
   * every named complaint against a named dealing. Every honest validator therefore names at least
   * the same cheaters, whatever else it saw.
   */
  #judgeNamed(ctx: SessionContext, named: Named): void {
    const dealings = new Set<string>();
    for (const dealing of [...named.dealings, ...named.excluded]) {
      dealings.add(dealing.key);
      this.#publicCheck(ctx, dealing);
    }
    for (const message of named.complaints) {
      message.payload.complaints.forEach((complaint, index) => {
        if (dealings.has(bytesToHex(complaint.dealingDigest))) this.#verdict(ctx, message, index);
      });
    }
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
    relayBlameEvidence(ctx.blames, (evidence) => ctx.relayEvidence(evidence, 'all'));
  }
}

/** The DKG as a session of the mpc/session runtime. */
export const dkgSession: SessionDefinition<DkgConfig, DkgOutput> = {
  protocol: DKG_PROTOCOL,
  rounds: (config, identity) => dkgRoundTable(dkgParamsOf(config, identity), identity.committee),
  create: (config, identity) => new DistributedKeyGeneration(config, identity),
  restore: (config, identity, state) => new DistributedKeyGeneration(config, identity, state),
};

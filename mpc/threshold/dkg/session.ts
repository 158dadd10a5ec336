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
import { type Complaint, createComplaint, judgeComplaint, type OpenedDealing, openDealing } from './complaint.ts';
import { checkDealing, createDealing, type Dealing } from './dealing.ts';
import { NamedMessages, namedMessagesFields } from './fetch.ts';
import { DealingJudge, type NamedSet } from './judge.ts';
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

type Named = NamedSet<Dealing, Complaint>;

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
  readonly #judge: DealingJudge<Dealing, Complaint>;
  readonly #opened = new Map<string, OpenedDealing>();
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
    this.#judge = new DealingJudge<Dealing, Complaint>({
      rounds: { dealing: DkgRounds.DEALING, complaints: DkgRounds.COMPLAINTS },
      kinds: { dealing: DkgKinds.DEALING, complaints: DkgKinds.COMPLAINTS },
      reasons: {
        invalidDealing: DkgBlameReasons.INVALID_DEALING,
        invalidShare: DkgBlameReasons.INVALID_SHARE,
        falseComplaint: DkgBlameReasons.FALSE_COMPLAINT,
      },
      check: (dealing) => checkDealing(this.#params, dealing),
      accused: (complaint) => complaint,
      judge: (complainer, dealing, complaint) => judgeComplaint(this.#params, complainer, dealing, complaint),
    });
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
      const everyone = parties(this.#identity.committee);
      this.#judge.judgeHeld(ctx, everyone, []);
      this.#sendComplaints(ctx);
      this.#judge.judgeHeld(ctx, [], everyone);
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

  /** This party's shares in a dealing (cached). */
  #open(message: StoredMessage<Dealing>): OpenedDealing {
    let opened = this.#opened.get(message.key);
    if (opened === undefined) {
      opened = openDealing(this.#params, this.#identity.self, this.#config.decryptionKey, message.message.sender, message.payload);
      this.#opened.set(message.key, opened);
    }
    return opened;
  }

  /** Round 2, once: after every dealing (or the dealing timer with dealings of weight ≥ t), complain about every bad share. */
  #sendComplaints(ctx: SessionContext): void {
    if (this.#complaintsSent) return;
    const { committee } = this.#identity;
    const primaries = this.#judge.primaries<Dealing>(ctx, 'dealing', parties(committee));
    const all = primaries.length === parties(committee).length;
    const enough =
      setWeight(
        committee,
        primaries.map((m) => m.message.sender),
      ) >= committee.threshold;
    if (!(all || (this.#dealingsExpired && enough))) return;
    const complaints = primaries
      .filter((m) => !m.own && this.#judge.publicCheck(ctx, m) === undefined && this.#open(m).bad.length > 0)
      .map((m) =>
        createComplaint(this.#params, this.#identity.self, this.#config.decryptionKey, m.message.sender, m.payload, m.digest, ctx.rng),
      );
    ctx.send<ComplaintsPayload>(DkgRounds.COMPLAINTS, DkgKinds.COMPLAINTS, 0, { complaints });
    this.#complaintsSent = true;
    ctx.cancelTimer(TIMER_DEALINGS);
    ctx.setTimer(TIMER_COMPLAINTS, this.#timeouts.complaintsMs);
    this.#agreement.start(ctx, this.#host);
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
    const validity = this.#judge.namedValidity(ctx, this.#collect(ctx, value));
    return validity.status === 'unknown' ? validity : conclude(validity);
  }

  #collect(ctx: SessionContext, value: QualifiedSet): Named {
    return this.#judge.collect(ctx, this.#fetch, value);
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
    const complaintMessages = this.#judge.primaries<ComplaintsPayload>(ctx, 'complaints', parties(committee));
    const complainers = complaintMessages.map((m) => m.message.sender);
    const allIn = complainers.length === parties(committee).length;
    if (!(allIn || (this.#complaintsExpired && setWeight(committee, complainers) >= committee.threshold))) return undefined;
    const { dealers, excluded } = this.#judge.proposal(ctx, parties(committee), complaintMessages);
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
    this.#judge.judgeNamed(ctx, named);
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

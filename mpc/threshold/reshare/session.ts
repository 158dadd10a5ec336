/**
 * The resharing of the threshold CL key as a session (README.md in this folder): every old
 * validator deals a mask to both committees (round 1), every validator judges its shares and
 * complains publicly (round 2), the OLD committee agrees on the qualified dealers and the complaint
 * messages they were judged against (round 3, new-only members follow the decision), and every
 * old validator reveals its share masked by the qualified mask sharings (round 4). Any valid
 * reveals of old weight ≥ t give the public Z = sk + r; every validator outputs the new key (same
 * pk, the new committee's verification keys), and a new member its new key share.
 *
 * Party ids: committee.ts (old parties 1..N, then the new-only members). Every verdict reads
 * signed messages only (the public dealing check, the complaint verdict, the validity of a set,
 * the public check of a reveal), never local randomness or arrival order (mpc/SECURITY.md).
 * Silence is never blamed.
 *
 * Secrets: the mask and its polynomials never leave createReshareDealing; k_self and the old key
 * share come from the config (never serialized); decrypted shares are recomputed from the held
 * dealings after a restore. The serialized state holds messages and flags only.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CurvePoint } from '../../curves/curve.ts';
import { DWalletError } from '../../errors.ts';
import {
  Agreement,
  type AgreementHost,
  AgreementKinds,
  agreementStateSchema,
  type Decision,
  type Validity,
  type VotePayload,
} from '../../session/agreement.ts';
import { type Blame, relayBlameEvidence } from '../../session/blame.ts';
import { type PartyId, parties } from '../../session/committee.ts';
import { SessionError, SessionErrorCodes } from '../../session/errors.ts';
import type { RoundMessage } from '../../session/message.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import type { StoredMessage } from '../../session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../session/versioned.ts';
import type { WeightedAccessStructure } from '../access-structure.ts';
import type { OpenedDealing } from '../dkg/complaint.ts';
import { NamedMessages, namedMessagesFields } from '../dkg/fetch.ts';
import { DealingJudge, type NamedSet } from '../dkg/judge.ts';
import { SHARE_ENCRYPTION_CURVE } from '../dkg/params.ts';
import type { MessageRef, QualifiedSet } from '../dkg/rounds.ts';
import { checkQualifiedSet, qualifiedSetSchema } from '../dkg/rounds.ts';
import { DEFAULT_DKG_TIMEOUTS, type DkgTimeouts } from '../dkg/session.ts';
import { assertKeyShareMatches, type ThresholdPublicKey } from '../keys.ts';
import type { PartyKeyShare } from '../secret-share.ts';
import { ReshareRoles } from './committee.ts';
import {
  createReshareComplaint,
  judgeReshareComplaint,
  openSharing,
  type ReshareComplaint,
  Sharing,
  type SharingKind,
} from './complaint.ts';
import { checkReshareDealing, createReshareDealing, type ReshareDealing } from './dealing.ts';
import { reshareKey, reshareKeyShare } from './output.ts';
import { assertReshareParams, type ReshareParams } from './params.ts';
import { badReveals, createReveal, maskCommitments, type Reveal, revealedSecret } from './reveal.ts';
import { ReshareBlameReasons, type ReshareComplaintsPayload, ReshareKinds, ReshareRounds, reshareRoundTable } from './rounds.ts';

export const RESHARE_PROTOCOL = 'dwallet/threshold/reshare';

export interface ReshareConfig {
  /** The key being reshared: its access structure is the old committee's. */
  readonly key: ThresholdPublicKey;
  /** oldEncryptionKeys[p − 1] = K_p of old party p. */
  readonly oldEncryptionKeys: readonly CurvePoint[];
  /** The new committee's weights and threshold. */
  readonly newAccess: WeightedAccessStructure;
  /** newEncryptionKeys[u − 1] = K_u of new party u (a validator in both has one key). */
  readonly newEncryptionKeys: readonly CurvePoint[];
  /** newMembers[u − 1]: the session id of new party u (committee.ts). */
  readonly newMembers: readonly PartyId[];
  /** This validator's old key share, if it is an old party that holds one. Secret: never serialized. */
  readonly keyShare: PartyKeyShare | null;
  /** k_self with K_self = k_self·G. Secret: never logged, never part of the session state. */
  readonly decryptionKey: bigint;
  readonly timeouts?: Partial<DkgTimeouts>;
}

export interface ReshareOutput {
  /** The new key: the same pk, the new access structure and verification keys. */
  readonly key: ThresholdPublicKey;
  /**
   * This validator's new shares: null for a validator only in the old committee, and for a new
   * member whose share from a qualified dealer is bad (its complaint not among the agreed ones).
   */
  readonly keyShare: PartyKeyShare | null;
  /** The qualified dealers (old party ids), increasing. */
  readonly qualified: readonly PartyId[];
  /** Z = sk + Σ_{i∈Q} r_i, public. */
  readonly revealed: bigint;
  /** The blames recorded when the output formed (the session result lists any later ones too). */
  readonly blames: readonly Blame[];
}

const STATE_VERSION = 1;
const stateSchema = bcs.struct('ReshareState', {
  started: bcs.bool(),
  complaints_sent: bcs.bool(),
  dealings_expired: bcs.bool(),
  complaints_expired: bcs.bool(),
  reveal_sent: bcs.bool(),
  ...namedMessagesFields,
  aborted: bcs.option(bcs.string()),
  agreement: agreementStateSchema,
});

const TIMER_DEALINGS = 'reshare/dealings';
const TIMER_COMPLAINTS = 'reshare/complaints';
const TIMER_FETCH = 'reshare/fetch';

/** The session committee of a resharing (committee.ts): the caller creates the session with it. */
export function reshareCommittee(config: Pick<ReshareConfig, 'key' | 'newAccess' | 'newMembers'>) {
  return new ReshareRoles(config.key.access, config.newAccess, config.newMembers).committee();
}

/** The parameters and roles of a session, checked against its committee. */
export function reshareParamsOf(config: ReshareConfig, identity: SessionIdentity): { params: ReshareParams; roles: ReshareRoles } {
  const params: ReshareParams = {
    protocol: identity.protocol,
    sessionId: identity.sessionId,
    key: config.key,
    oldEncryptionKeys: config.oldEncryptionKeys,
    newAccess: config.newAccess,
    newEncryptionKeys: config.newEncryptionKeys,
  };
  assertReshareParams(params);
  const roles = new ReshareRoles(config.key.access, config.newAccess, config.newMembers);
  roles.assertKeys(config.oldEncryptionKeys, config.newEncryptionKeys);
  const expected = roles.committee().fingerprint;
  if (bytesToHex(expected) !== bytesToHex(identity.committee.fingerprint)) {
    throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'reshare: the session committee must be reshareCommittee(config)');
  }
  return { params, roles };
}

type Named = NamedSet<ReshareDealing, ReshareComplaint>;

class Resharing implements Protocol<ReshareOutput> {
  readonly #config: ReshareConfig;
  readonly #identity: SessionIdentity;
  readonly #params: ReshareParams;
  readonly #roles: ReshareRoles;
  readonly #old: number | undefined;
  readonly #new: number | undefined;
  readonly #timeouts: DkgTimeouts;
  readonly #agreement: Agreement<QualifiedSet>;
  readonly #host: AgreementHost<QualifiedSet>;
  readonly #fetch: NamedMessages;
  #started = false;
  #complaintsSent = false;
  #dealingsExpired = false;
  #complaintsExpired = false;
  #revealSent = false;
  #aborted: string | undefined;
  #output: ReshareOutput | undefined;
  // Derived from held messages (recomputed after a restore, never stored):
  readonly #judge: DealingJudge<ReshareDealing, ReshareComplaint>;
  readonly #opened = new Map<string, OpenedDealing>();
  readonly #validity = new Map<string, Validity>();
  readonly #revealChecks = new Map<string, boolean>();

  constructor(config: ReshareConfig, identity: SessionIdentity, state?: Uint8Array) {
    this.#config = config;
    this.#identity = identity;
    const { params, roles } = reshareParamsOf(config, identity);
    this.#params = params;
    this.#roles = roles;
    this.#old = roles.oldParty(identity.self);
    this.#new = roles.newParty(identity.self);
    this.#timeouts = { ...DEFAULT_DKG_TIMEOUTS, ...config.timeouts };
    const curve = SHARE_ENCRYPTION_CURVE;
    const own = this.#old !== undefined ? config.oldEncryptionKeys[this.#old - 1] : config.newEncryptionKeys[(this.#new ?? 0) - 1];
    if (own === undefined || !curve.multiply(curve.generator, config.decryptionKey).equals(own)) {
      throw new SessionError(
        SessionErrorCodes.SESSION_INVALID_CONFIG,
        'reshare: the decryption key does not match this party’s registered key',
      );
    }
    if (config.keyShare !== null && config.keyShare.party !== this.#old) {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'reshare: the old key share belongs to another party');
    }
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, STATE_VERSION, state, 'reshare state');
    // The agreement runs among the old committee, whose parties keep their ids (committee.ts).
    const oldCommittee = roles.oldCommittee();
    this.#agreement = new Agreement(
      {
        round: ReshareRounds.QUALIFIED,
        valueSchema: qualifiedSetSchema,
        checkValue: (value) => checkQualifiedSet(oldCommittee, value),
        timeouts: this.#timeouts,
      },
      { ...identity, committee: oldCommittee },
      saved?.agreement,
    );
    this.#fetch = new NamedMessages(
      { round: ReshareRounds.QUALIFIED, requestKind: ReshareKinds.REQUEST, timer: TIMER_FETCH, fetchMs: this.#timeouts.fetchMs },
      saved,
    );
    if (saved !== undefined) {
      this.#started = saved.started;
      this.#complaintsSent = saved.complaints_sent;
      this.#dealingsExpired = saved.dealings_expired;
      this.#complaintsExpired = saved.complaints_expired;
      this.#revealSent = saved.reveal_sent;
      this.#aborted = saved.aborted ?? undefined;
    }
    this.#judge = new DealingJudge<ReshareDealing, ReshareComplaint>({
      rounds: { dealing: ReshareRounds.DEALING, complaints: ReshareRounds.COMPLAINTS },
      kinds: { dealing: ReshareKinds.DEALING, complaints: ReshareKinds.COMPLAINTS },
      reasons: {
        invalidDealing: ReshareBlameReasons.INVALID_DEALING,
        invalidShare: ReshareBlameReasons.INVALID_SHARE,
        falseComplaint: ReshareBlameReasons.FALSE_COMPLAINT,
      },
      check: (dealing) => checkReshareDealing(params, dealing),
      accused: (entry) => entry.complaint,
      // The complainer as a recipient of the named sharing (the round table checked the role).
      judge: (sender, dealing, entry) =>
        judgeReshareComplaint(
          params,
          (entry.sharing === Sharing.MASK ? roles.oldParty(sender) : roles.newParty(sender)) as number,
          dealing,
          entry,
        ),
    });
    this.#host = { validate: (ctx, value) => this.#validate(ctx, value), propose: (ctx) => this.#propose(ctx) };
  }

  start(ctx: SessionContext): void {
    if (this.#started) return;
    this.#started = true;
    if (this.#old !== undefined) {
      ctx.send(ReshareRounds.DEALING, ReshareKinds.DEALING, 0, createReshareDealing(this.#params, this.#old, ctx.rng));
    }
    ctx.setTimer(TIMER_DEALINGS, this.#timeouts.dealingsMs);
    this.#settle(ctx);
  }

  receive(ctx: SessionContext, stored: StoredMessage): void {
    if (!this.#started) return;
    if (stored.message.round === ReshareRounds.QUALIFIED && stored.message.kind === ReshareKinds.REQUEST) {
      this.#fetch.serve(ctx, stored as StoredMessage<{ items: readonly MessageRef[] }>);
    }
    this.#settle(ctx);
  }

  timeout(ctx: SessionContext, timer: string): void {
    if (timer === TIMER_DEALINGS) {
      this.#dealingsExpired = true;
      if (this.#old !== undefined) this.#agreement.start(ctx, this.#host);
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
    if (message.round !== ReshareRounds.QUALIFIED || message.kind === ReshareKinds.REQUEST) return;
    if (this.#roles.oldParty(message.sender) === undefined) {
      throw new SessionError(
        SessionErrorCodes.SESSION_UNEXPECTED_SENDER,
        `reshare: party ${message.sender} is not in the agreeing committee`,
        {
          sender: message.sender,
        },
      );
    }
    this.#agreement.admit(message);
  }

  resume(ctx: SessionContext): void {
    if (this.#started && this.#aborted === undefined && this.#output === undefined) this.#tryOutput(ctx, false);
    this.#fetch.needs.clear();
  }

  outcome(): ProtocolOutcome<ReshareOutput> | undefined {
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
      reveal_sent: this.#revealSent,
      ...this.#fetch.save(),
      aborted: this.#aborted ?? null,
      agreement: this.#agreement.save(),
    });
  }

  // ---- one pass after every event ------------------------------------------------------------

  #settle(ctx: SessionContext, fetchDue = false): void {
    if (this.#aborted !== undefined) return;
    if (this.#output === undefined) {
      this.#judge.judgeHeld(ctx, this.#roles.oldAccess.parties(), []);
      this.#sendComplaints(ctx);
      this.#judge.judgeHeld(ctx, [], parties(this.#identity.committee));
    }
    this.#fetch.needs.clear();
    // Also after the output: a decided old party passes its commit certificate to lagging ones.
    if (this.#old !== undefined) this.#agreement.evaluate(ctx, this.#host);
    if (this.#output === undefined) this.#tryOutput(ctx, true);
    this.#checkAbort(ctx);
    if (this.#aborted !== undefined || this.#output !== undefined) {
      for (const timer of [TIMER_FETCH, TIMER_DEALINGS, TIMER_COMPLAINTS]) ctx.cancelTimer(timer);
      return;
    }
    this.#fetch.flush(ctx, fetchDue);
  }

  /** Old weight (in A) and new weight (in A') of a set of session parties. */
  #weights(senders: readonly PartyId[]): { old: number; fresh: number } {
    const old = senders.map((p) => this.#roles.oldParty(p)).filter((p) => p !== undefined);
    const fresh = senders.map((p) => this.#roles.newParty(p)).filter((p) => p !== undefined);
    return { old: this.#roles.oldAccess.weightOfParties(old), fresh: this.#roles.newAccess.weightOfParties(fresh) };
  }

  /** Whether complaint messages from these senders are enough: old weight ≥ t and new weight ≥ t'. */
  #enoughComplainers(senders: readonly PartyId[]): boolean {
    const { old, fresh } = this.#weights(senders);
    return old >= this.#roles.oldAccess.threshold && fresh >= this.#roles.newAccess.threshold;
  }

  /** This party's shares in one sharing of a dealing (cached): as an old party (MASK) or a new party (FRESH). */
  #open(message: StoredMessage<ReshareDealing>, sharing: SharingKind): OpenedDealing {
    const id = `${message.key}/${sharing}`;
    let opened = this.#opened.get(id);
    if (opened === undefined) {
      const recipient = (sharing === Sharing.MASK ? this.#old : this.#new) as number;
      opened = openSharing(this.#params, sharing, recipient, this.#config.decryptionKey, message.message.sender, message.payload);
      this.#opened.set(id, opened);
    }
    return opened;
  }

  /** The sharings this party receives. */
  #mySharings(): SharingKind[] {
    return [...(this.#old !== undefined ? [Sharing.MASK] : []), ...(this.#new !== undefined ? [Sharing.FRESH] : [])];
  }

  /** Round 2, once: after every old party's dealing (or the dealing timer with dealings of old weight ≥ t). */
  #sendComplaints(ctx: SessionContext): void {
    if (this.#complaintsSent) return;
    const dealers = this.#roles.oldAccess.parties();
    const primaries = this.#judge.primaries<ReshareDealing>(ctx, 'dealing', dealers);
    const weight = this.#roles.oldAccess.weightOfParties(primaries.map((m) => m.message.sender));
    if (!(primaries.length === dealers.length || (this.#dealingsExpired && weight >= this.#roles.oldAccess.threshold))) return;
    const complaints: ReshareComplaint[] = [];
    for (const m of primaries) {
      if (m.own || this.#judge.publicCheck(ctx, m) !== undefined) continue;
      for (const sharing of this.#mySharings()) {
        if (this.#open(m, sharing).bad.length === 0) continue;
        const complainer = (sharing === Sharing.MASK ? this.#old : this.#new) as number;
        complaints.push(
          createReshareComplaint(
            this.#params,
            sharing,
            complainer,
            this.#config.decryptionKey,
            m.message.sender,
            m.payload,
            m.digest,
            ctx.rng,
          ),
        );
      }
    }
    ctx.send<ReshareComplaintsPayload>(ReshareRounds.COMPLAINTS, ReshareKinds.COMPLAINTS, 0, { complaints });
    this.#complaintsSent = true;
    ctx.cancelTimer(TIMER_DEALINGS);
    ctx.setTimer(TIMER_COMPLAINTS, this.#timeouts.complaintsMs);
    if (this.#old !== undefined) this.#agreement.start(ctx, this.#host);
  }

  // ---- the qualified set -----------------------------------------------------------------------

  #collect(ctx: SessionContext, value: QualifiedSet): Named {
    return this.#judge.collect(ctx, this.#fetch, value);
  }

  /**
   * Objective validity, from the named messages only: the dealers are old parties of weight ≥ t;
   * the complaint senders weigh ≥ t in the old committee and ≥ t' in the new one; every named
   * message is held and is what it claims; every named dealing passes the public check; no named
   * complaint against a named dealing holds.
   */
  #validate(ctx: SessionContext, value: QualifiedSet): Validity {
    const key = this.#agreement.valueKey(value);
    const known = this.#validity.get(key);
    if (known !== undefined) return known;
    const conclude = (validity: Validity) => {
      this.#validity.set(key, validity);
      return validity;
    };
    const dealers = value.dealers.map((r) => r.party);
    if (dealers.some((p) => this.#roles.oldParty(p) === undefined)) {
      return conclude({ status: 'invalid', detail: 'a dealer outside the old committee', evidence: [] });
    }
    if (this.#roles.oldAccess.weightOfParties(dealers) < this.#roles.oldAccess.threshold) {
      return conclude({ status: 'invalid', detail: 'the qualified dealers weigh less than the threshold', evidence: [] });
    }
    if (!this.#enoughComplainers(value.complaints.map((r) => r.party))) {
      return conclude({
        status: 'invalid',
        detail: 'the complaint messages weigh less than t in the old or t′ in the new committee',
        evidence: [],
      });
    }
    const validity = this.#judge.namedValidity(ctx, this.#collect(ctx, value));
    return validity.status === 'unknown' ? validity : conclude(validity);
  }

  /**
   * An old proposer's set, once it has sent its complaints and holds every party's complaint
   * message (or, after the complaint timer, enough of them): the complaint messages held, and the
   * dealers whose single dealing passes the public check and whom no held complaint proves wrong.
   */
  #propose(ctx: SessionContext): QualifiedSet | undefined {
    if (!this.#complaintsSent) return undefined;
    const everyone = parties(this.#identity.committee);
    const messages = this.#judge.primaries<ReshareComplaintsPayload>(ctx, 'complaints', everyone);
    const senders = messages.map((m) => m.message.sender);
    if (!(senders.length === everyone.length || (this.#complaintsExpired && this.#enoughComplainers(senders)))) return undefined;
    const { dealers, excluded } = this.#judge.proposal(ctx, this.#roles.oldAccess.parties(), messages);
    if (this.#roles.oldAccess.weightOfParties(dealers.map((r) => r.party)) < this.#roles.oldAccess.threshold) return undefined;
    return { dealers, complaints: messages.map((m) => ({ party: m.message.sender, digest: m.digest })), excluded };
  }

  /**
   * The decided set: the agreement's at an old party; at a new-only party, the value of commit
   * votes of old weight ≥ t in one attempt (the agreement's decision rule, read without voting).
   */
  #decision(ctx: SessionContext): Decision<QualifiedSet> | undefined {
    if (this.#old !== undefined) return this.#agreement.decision;
    const { oldAccess } = this.#roles;
    for (const attempt of ctx.store.attempts(ReshareRounds.QUALIFIED, AgreementKinds.COMMIT)) {
      const tallies = new Map<string, { value: QualifiedSet; weight: number; senders: Set<PartyId> }>();
      const votes = ctx.store.versions(ReshareRounds.QUALIFIED, AgreementKinds.COMMIT, attempt) as readonly StoredMessage<
        VotePayload<QualifiedSet>
      >[];
      for (const vote of votes) {
        const { value } = vote.payload;
        const sender = vote.message.sender;
        if (value === null || this.#roles.oldParty(sender) === undefined) continue;
        const key = this.#agreement.valueKey(value);
        const tally = tallies.get(key) ?? { value, weight: 0, senders: new Set<PartyId>() };
        tallies.set(key, tally);
        if (tally.senders.has(sender)) continue;
        tally.senders.add(sender);
        tally.weight += oldAccess.weightOf(sender);
      }
      for (const tally of tallies.values()) {
        if (tally.weight >= oldAccess.threshold && this.#validate(ctx, tally.value).status === 'valid')
          return { attempt, value: tally.value };
      }
    }
    return undefined;
  }

  // ---- reveal and output -----------------------------------------------------------------------

  #tryOutput(ctx: SessionContext, maySend: boolean): void {
    const decision = this.#decision(ctx);
    if (decision === undefined) return;
    const named = this.#collect(ctx, decision.value);
    if (named.mismatch !== undefined) {
      this.#abort(ctx, `the decided set names a message that is not party ${named.mismatch.ref.party}'s ${named.mismatch.kind}`);
      return;
    }
    if (named.missing) return;
    this.#judge.judgeNamed(ctx, named);
    const qualified = named.dealings;
    if (maySend) this.#reveal(ctx, qualified);
    const commitments = maskCommitments(
      this.#params,
      qualified.map((m) => m.payload),
    );
    const valid = new Map<number, bigint>();
    const revealers: PartyId[] = [];
    for (const party of this.#roles.oldAccess.parties()) {
      const reveal = ctx.store.slot(ReshareRounds.REVEAL, ReshareKinds.REVEAL, 0, party)[0] as StoredMessage<Reveal> | undefined;
      if (reveal === undefined || !this.#revealValid(ctx, commitments, reveal)) continue;
      revealers.push(party);
      this.#roles.oldAccess.virtualIds(party).forEach((v, k) => {
        valid.set(v, reveal.payload.values[k] as bigint);
      });
    }
    if (this.#roles.oldAccess.weightOfParties(revealers) < this.#roles.oldAccess.threshold) return;
    let key: ThresholdPublicKey;
    let revealed: bigint;
    try {
      revealed = revealedSecret(this.#params, valid);
      key = reshareKey(
        this.#params,
        revealed,
        qualified.map((m) => m.payload),
      );
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      // Unreachable with reveals that passed their public check; refused rather than output.
      this.#abort(ctx, `the valid reveals do not give the key: ${error.message}`);
      return;
    }
    this.#output = {
      key,
      keyShare: this.#newKeyShare(key, revealed, qualified),
      qualified: qualified.map((m) => m.message.sender),
      revealed,
      blames: [...ctx.blames],
    };
  }

  /** Round 4, once: u_v for this old party's virtual ids, unless one of its mask shares from Q is bad (then it stays silent). */
  #reveal(ctx: SessionContext, qualified: readonly StoredMessage<ReshareDealing>[]): void {
    const keyShare = this.#config.keyShare;
    if (this.#revealSent || this.#old === undefined || keyShare === null) return;
    const opened = qualified.map((m) => this.#open(m, Sharing.MASK));
    if (opened.some((o) => o.bad.length > 0)) return;
    ctx.send<Reveal>(
      ReshareRounds.REVEAL,
      ReshareKinds.REVEAL,
      0,
      createReveal(
        keyShare,
        opened.map((o) => o.shares),
      ),
    );
    this.#revealSent = true;
  }

  /** The public check of a reveal (cached), blaming its sender once when it fails. */
  #revealValid(ctx: SessionContext, commitments: Parameters<typeof badReveals>[1], reveal: StoredMessage<Reveal>): boolean {
    const known = this.#revealChecks.get(reveal.key);
    if (known !== undefined) return known;
    const bad = badReveals(this.#params, commitments, reveal.message.sender, reveal.payload);
    this.#revealChecks.set(reveal.key, bad.length === 0);
    if (bad.length > 0 && !reveal.own) {
      ctx.blame({
        party: reveal.message.sender,
        reason: ReshareBlameReasons.INVALID_REVEAL,
        round: ReshareRounds.REVEAL,
        detail: `the revealed values of virtual ids ${bad.join(', ')} fail h^u = vk·Π D_ℓ^{v^ℓ}`,
        evidence: [reveal],
      });
    }
    return bad.length === 0;
  }

  /** This new party's share, or null (not a new party; a bad share from a qualified dealer; no match). */
  #newKeyShare(key: ThresholdPublicKey, revealed: bigint, qualified: readonly StoredMessage<ReshareDealing>[]): PartyKeyShare | null {
    if (this.#new === undefined) return null;
    const opened = qualified.map((m) => this.#open(m, Sharing.FRESH));
    if (opened.some((o) => o.bad.length > 0)) return null;
    const share = reshareKeyShare(
      this.#params,
      this.#new,
      revealed,
      opened.map((o) => o.shares),
    );
    try {
      assertKeyShareMatches(key, share);
      return share;
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      return null;
    }
  }

  /** Once old parties of weight > W − t are proven faulty, valid reveals of weight t can no longer come. */
  #checkAbort(ctx: SessionContext): void {
    if (this.#aborted !== undefined || this.#output !== undefined) return;
    const { oldAccess } = this.#roles;
    const faulty = oldAccess.weightOfParties(ctx.blames.map((b) => b.party).filter((p) => this.#roles.oldParty(p) !== undefined));
    if (faulty <= oldAccess.totalWeight - oldAccess.threshold) return;
    this.#abort(ctx, `old parties of weight ${faulty} are proven faulty; fewer than ${oldAccess.threshold} can remain`);
  }

  #abort(ctx: SessionContext, reason: string): void {
    this.#aborted = reason;
    this.#agreement.stop(ctx);
    relayBlameEvidence(ctx.blames, (evidence) => ctx.relayEvidence(evidence, 'all'));
  }
}

/** The resharing as a session of the mpc/session runtime (its committee: {@link reshareCommittee}). */
export const reshareSession: SessionDefinition<ReshareConfig, ReshareOutput> = {
  protocol: RESHARE_PROTOCOL,
  rounds: (config, identity) => {
    const { params, roles } = reshareParamsOf(config, identity);
    return reshareRoundTable(params, roles, identity.committee);
  },
  create: (config, identity) => new Resharing(config, identity),
  restore: (config, identity, state) => new Resharing(config, identity, state),
};

/**
 * The judging of dealings and complaints around an agreed qualified set, shared by the DKG
 * session (session.ts, README.md "Round 3") and the resharing session (../reshare/session.ts):
 *   - the public check of each dealing held, blaming its dealer once when it fails;
 *   - the verdict on each complaint once the accused dealing is held, blaming the dealer or the
 *     complainer once, with the signed messages as evidence;
 *   - the objective part of a set's validity (every named message held and what it claims, every
 *     named dealing passing the public check, no named complaint against a named dealing holding);
 *   - a proposer's dealers and exclusions from what it holds;
 *   - the judging of exactly the evidence a decided set names.
 * Each reads signed messages only, never local randomness or arrival order, so honest validators
 * judge alike (mpc/SECURITY.md). Verdicts are cached by message key and recomputed after a restore.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Validity } from '../../session/agreement.ts';
import type { PartyId } from '../../session/committee.ts';
import type { SessionContext } from '../../session/protocol.ts';
import type { StoredMessage } from '../../session/store.ts';
import type { ComplaintVerdict } from './complaint.ts';
import type { NamedMessages } from './fetch.ts';
import type { MessageRef, QualifiedSet } from './rounds.ts';

export interface JudgeSpec<D, E> {
  readonly rounds: { readonly dealing: number; readonly complaints: number };
  readonly kinds: { readonly dealing: string; readonly complaints: string };
  /** The blame reasons: a dealing failing its public check, a share proven wrong, a false complaint. */
  readonly reasons: { readonly invalidDealing: string; readonly invalidShare: string; readonly falseComplaint: string };
  /** The public check of a decoded dealing: why it is invalid, or undefined. */
  check(dealing: D): string | undefined;
  /** The accused dealer and the digest of the accused dealing message. */
  accused(entry: E): { readonly dealer: PartyId; readonly dealingDigest: Uint8Array };
  /** The verdict on `sender`'s complaint entry against a dealing that passes its public check. */
  judge(sender: PartyId, dealing: D, entry: E): ComplaintVerdict;
}

export interface ComplaintsOf<E> {
  readonly complaints: readonly E[];
}

/** The messages a qualified set names, as held. */
export interface NamedSet<D, E> {
  readonly dealings: StoredMessage<D>[];
  readonly complaints: StoredMessage<ComplaintsOf<E>>[];
  readonly excluded: StoredMessage<D>[];
  readonly missing: boolean;
  readonly mismatch?: { readonly ref: MessageRef; readonly kind: string };
}

export class DealingJudge<D, E> {
  readonly #spec: JudgeSpec<D, E>;
  readonly #publicChecks = new Map<string, string | undefined>();
  readonly #verdicts = new Map<string, ComplaintVerdict>();

  constructor(spec: JudgeSpec<D, E>) {
    this.#spec = spec;
  }

  /** Every version of the senders' messages of one kind. */
  messages<P>(ctx: SessionContext, kind: 'dealing' | 'complaints', senders: readonly PartyId[]): StoredMessage<P>[] {
    const round = this.#spec.rounds[kind];
    return senders.flatMap((party) => ctx.store.slot(round, this.#spec.kinds[kind], 0, party) as readonly StoredMessage<P>[]);
  }

  /** The first version of each sender's message of one kind, where held. */
  primaries<P>(ctx: SessionContext, kind: 'dealing' | 'complaints', senders: readonly PartyId[]): StoredMessage<P>[] {
    const round = this.#spec.rounds[kind];
    return senders
      .map((party) => ctx.store.slot(round, this.#spec.kinds[kind], 0, party)[0] as StoredMessage<P> | undefined)
      .filter((m): m is StoredMessage<P> => m !== undefined);
  }

  /** The public check of a dealing (cached), blaming its dealer once when it fails. */
  publicCheck(ctx: SessionContext, message: StoredMessage<D>): string | undefined {
    if (this.#publicChecks.has(message.key)) return this.#publicChecks.get(message.key);
    const problem = this.#spec.check(message.payload);
    this.#publicChecks.set(message.key, problem);
    if (problem !== undefined && !message.own) {
      ctx.blame({
        party: message.message.sender,
        reason: this.#spec.reasons.invalidDealing,
        round: this.#spec.rounds.dealing,
        detail: `dealing: ${problem}`,
        evidence: [message],
      });
    }
    return problem;
  }

  /** The verdict on complaint `index` of a complaint message, once the accused dealing is held (cached; blames once). */
  verdict(ctx: SessionContext, message: StoredMessage<ComplaintsOf<E>>, index: number): ComplaintVerdict | undefined {
    const id = `${message.key}/${index}`;
    const known = this.#verdicts.get(id);
    if (known !== undefined) return known;
    const entry = message.payload.complaints[index];
    if (entry === undefined) return undefined;
    const { dealer, dealingDigest } = this.#spec.accused(entry);
    const dealing = ctx.store.byDigest(bytesToHex(dealingDigest)) as StoredMessage<D> | undefined;
    if (dealing === undefined) return undefined;
    const complainer = message.message.sender;
    let verdict: ComplaintVerdict;
    const { round, kind, sender } = dealing.message;
    if (round !== this.#spec.rounds.dealing || kind !== this.#spec.kinds.dealing || sender !== dealer) {
      verdict = { status: 'false-complaint', detail: 'the accused message is not a dealing of the accused dealer' };
    } else if (this.publicCheck(ctx, dealing) !== undefined) {
      verdict = { status: 'dealer-cheated', detail: 'the dealing fails the public check' };
    } else {
      verdict = this.#spec.judge(complainer, dealing.payload, entry);
    }
    this.#verdicts.set(id, verdict);
    if (verdict.status === 'dealer-cheated' && !dealing.own) {
      ctx.blame({
        party: dealer,
        reason: this.#spec.reasons.invalidShare,
        round: this.#spec.rounds.dealing,
        detail: `party ${complainer}'s complaint: ${verdict.detail}`,
        evidence: message.own ? [dealing] : [dealing, message],
      });
    } else if (verdict.status === 'false-complaint' && !message.own) {
      ctx.blame({
        party: complainer,
        reason: this.#spec.reasons.falseComplaint,
        round: this.#spec.rounds.complaints,
        detail: `complaint against dealer ${dealer}: ${verdict.detail}`,
        evidence: dealing.own ? [message] : [message, dealing],
      });
    }
    return verdict;
  }

  /** One pass over what is held: the public check of every dealing, the verdict on every complaint. */
  judgeHeld(ctx: SessionContext, dealers: readonly PartyId[], complainers: readonly PartyId[]): void {
    for (const message of this.messages<D>(ctx, 'dealing', dealers)) this.publicCheck(ctx, message);
    for (const message of this.messages<ComplaintsOf<E>>(ctx, 'complaints', complainers)) {
      for (let index = 0; index < message.payload.complaints.length; index++) this.verdict(ctx, message, index);
    }
  }

  /** The messages a set names, those missing recorded as needs of `fetch`, or the first that is not what it claims. */
  collect(ctx: SessionContext, fetch: NamedMessages, value: QualifiedSet): NamedSet<D, E> {
    const { rounds, kinds } = this.#spec;
    const { found, missing, mismatch } = fetch.collect(ctx, [
      { refs: value.dealers, round: rounds.dealing, kind: kinds.dealing },
      { refs: value.complaints, round: rounds.complaints, kind: kinds.complaints },
      { refs: value.excluded, round: rounds.dealing, kind: kinds.dealing },
    ]);
    const [dealings, complaints, excluded] = found as [StoredMessage<D>[], StoredMessage<ComplaintsOf<E>>[], StoredMessage<D>[]];
    return { dealings, complaints, excluded, missing, ...(mismatch === undefined ? {} : { mismatch }) };
  }

  /**
   * The validity of a set from the messages it names (the weights are the caller's): every named
   * message held and what it claims ('unknown' while one is missing); every named dealing passing
   * the public check; no named complaint against a named dealing proving its dealer cheated.
   */
  namedValidity(ctx: SessionContext, named: NamedSet<D, E>): Validity {
    if (named.mismatch !== undefined) {
      const { ref, kind } = named.mismatch;
      const other = ctx.store.byDigest(bytesToHex(ref.digest)) as StoredMessage;
      return { status: 'invalid', detail: `names a message that is not party ${ref.party}'s ${kind}`, evidence: [other] };
    }
    if (named.missing) return { status: 'unknown' };
    const qualified = new Set(named.dealings.map((m) => m.key));
    for (const dealing of named.dealings) {
      const problem = this.publicCheck(ctx, dealing);
      if (problem !== undefined) {
        const evidence = dealing.own ? [] : [dealing];
        return { status: 'invalid', detail: `names party ${dealing.message.sender}'s invalid dealing (${problem})`, evidence };
      }
    }
    for (const message of named.complaints) {
      for (const [index, entry] of message.payload.complaints.entries()) {
        const { dealer, dealingDigest } = this.#spec.accused(entry);
        if (!qualified.has(bytesToHex(dealingDigest))) continue;
        if (this.verdict(ctx, message, index)?.status === 'dealer-cheated') {
          const dealing = ctx.store.byDigest(bytesToHex(dealingDigest)) as StoredMessage;
          return {
            status: 'invalid',
            detail: `names dealer ${dealer}, whom party ${message.message.sender}'s complaint proves cheating`,
            evidence: [dealing, message].filter((m) => !m.own),
          };
        }
      }
    }
    return { status: 'valid' };
  }

  /**
   * A proposer's lists from what it holds: as qualified, the dealers whose single dealing passes
   * the public check and whom no held complaint proves wrong; as excluded, the dealings it holds
   * that fail the check or that a held complaint proves wrong. A complaint naming a dealing the
   * proposer does not hold (an equivocating dealer) counts as proven here.
   */
  proposal(
    ctx: SessionContext,
    dealers: readonly PartyId[],
    complaints: readonly StoredMessage<ComplaintsOf<E>>[],
  ): { dealers: MessageRef[]; excluded: MessageRef[] } {
    const accused = new Set<PartyId>();
    for (const message of complaints) {
      message.payload.complaints.forEach((entry, index) => {
        const verdict = this.verdict(ctx, message, index);
        if (verdict === undefined || verdict.status === 'dealer-cheated') accused.add(this.#spec.accused(entry).dealer);
      });
    }
    const qualified: MessageRef[] = [];
    const excluded: MessageRef[] = [];
    for (const party of dealers) {
      const versions = ctx.store.slot(this.#spec.rounds.dealing, this.#spec.kinds.dealing, 0, party) as readonly StoredMessage<D>[];
      const dealing = versions[0];
      if (dealing === undefined) continue;
      if (accused.has(party) || this.publicCheck(ctx, dealing) !== undefined) excluded.push({ party, digest: dealing.digest });
      else if (versions.length === 1) qualified.push({ party, digest: dealing.digest });
    }
    return { dealers: qualified, excluded };
  }

  /**
   * Judges exactly the evidence a decided set names: the public check of every named dealing, and
   * every named complaint against a named dealing. Every honest validator therefore names at least
   * the same cheaters, whatever else it saw.
   */
  judgeNamed(ctx: SessionContext, named: NamedSet<D, E>): void {
    const dealings = new Set<string>();
    for (const dealing of [...named.dealings, ...named.excluded]) {
      dealings.add(dealing.key);
      this.publicCheck(ctx, dealing);
    }
    for (const message of named.complaints) {
      message.payload.complaints.forEach((entry, index) => {
        if (dealings.has(bytesToHex(this.#spec.accused(entry).dealingDigest))) this.verdict(ctx, message, index);
      });
    }
  }
}

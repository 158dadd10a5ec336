/**
 * The validators' threshold-sign session, the same for every signature scheme (PROTOCOL.md §4
 * "Optimistic decryption", §8 and §9 "Network"; reference notes §2B (g)). A scheme plugs in its
 * cryptography through a {@link ThresholdSignScheme} (threshold-sign-scheme.ts): the verdict on
 * the user's message, the ciphertexts its request decrypts, and the signature their plaintexts
 * give, verified under the dWallet's key. mpc/ecdsa/protocols/sign.ts and
 * mpc/schnorr/protocols/sign.ts are its instances.
 *
 *   start    verify the user's message — a failure completes the session with a rejection the
 *            chain records, before any decryption share exists — then send this validator's
 *            unproven decryption shares of the request's ciphertexts
 *   round 1  "share": unproven shares. Once shares of weight ≥ t are in, combine them and ask the
 *            scheme for the signature of the plaintexts, which it outputs only if it verifies
 *            under the dWallet's key. If it does, that is the output: one round on the happy path.
 *   round 2  "proven-share": only when the combination fails. Each validator that sees it fail,
 *            or sees anyone's proven share, sends its shares with an EDL proof; with proven
 *            shares of weight ≥ t everyone verifies the proofs in batch, names the senders of
 *            invalid proofs and of unproven shares the proven ones contradict
 *            (mpc/threshold/identifiable-abort.ts), and combines the valid proven shares without
 *            them ("retry without the blamed"). A named validator whose proven share is valid is
 *            used only if, after a timer, the others still weigh less than t: its share is proven
 *            correct, so the signature is too, and the session does not stall on silence.
 *
 * One combiner (committees with a threshold of {@link DESIGNATED_COMBINER_MIN_THRESHOLD} virtual parties
 * or more; mpc/threshold/LARGE-COMMITTEES.md "one combiner per signature"): combining t shares is
 * a multi-exponentiation of t bases, seconds per validator at t in the hundreds, for a result
 * anyone checks in a millisecond. So one validator per session, drawn from (session id,
 * committee) by the weighted order of mpc/session/proposer.ts, combines as above and broadcasts
 * round 3 "signature" (the scheme's encoding); the others only check it (the scheme's
 * `checkReceivedSignature`: the request's unique normalised signature under the dWallet's key, a
 * public, deterministic check, so every honest validator accepts or blames the same message) and
 * output it. A validator that holds shares of weight ≥ t and no valid signature after
 * `combineWaitMs` combines itself, as every validator does in small committees; whoever combines
 * broadcasts the signature. A wrong signature is blamed (INVALID_SIGNATURE, the signed message
 * as evidence); a silent combiner costs one timer. The output does not depend on who combined:
 * for a fixed request exactly one encoded signature verifies. Small committees keep every
 * validator combining (a few milliseconds at t = 3), so each of them checks every share itself.
 *
 * Never a wrong signature: nothing is output unless it verifies under the dWallet's key. The
 * session aborts, naming exactly the blamed validators (each with signed evidence), only when the
 * blamed weight makes a threshold of honest proven shares impossible. Silence is never blamed; the
 * others sign without the silent party. No agreement round is needed: the signature is a function
 * of the ciphertexts, so every honest validator outputs the same signature.
 *
 * Standbys (config `standbys`, which validators set when their `signStandbyWaitMs` > 0;
 * mpc/threshold/LARGE-COMMITTEES.md): the threshold needs shares of weight t, so per session the
 * first parties of a weighted order drawn from (session id, committee) reaching weight t are its
 * signers ({@link signSigners}, signers.ts) and the others stand by. A standby neither verifies
 * the user's message nor decrypts: it checks and combines the signers' shares as they arrive (or
 * takes the designated combiner's signature) and outputs the signature — which verifies under the
 * dWallet's key for the approved message, so it is the one output every validator gives, and a
 * standby that released no share has nothing to protect by checking the proofs. It steps in —
 * verifies, sends its shares, and from then on is a signer — when the optimistic combination
 * fails or anyone sends proven shares (the sad path); when `standbyWaitMs` pass after a share
 * without a signature (a signer is silent: the honest ones send at about the same time); when
 * `standbyStartWaitMs` pass with no share at all (the signers rejected the message, which only a
 * verification here can confirm); or when its host fires {@link SIGN_STANDBY_TIMER} because the
 * others certify a result it lacks (the validator's batch agreement does,
 * validator/batches/decider.ts). A silent signer so costs one short wait and a rejection needs no
 * wait at all. Per signature, W − t of the W virtual parties' verifications and decryptions are
 * saved (a quarter at n = 4, t = 3).
 *
 * Delivery: a validator re-sends its own share messages on a timer (doubling, a few times), so a
 * peer that lost one still completes; a validator that has finished keeps answering.
 *
 * Resumable: the saved state is the verdict on the user's message, whether the optimistic attempt
 * failed, the result and the re-send count; the threshold decryption is rebuilt from the stored
 * messages (decryption shares are deterministic, c1^{s_v}, and a proven share once sent is in the
 * store, so nothing is ever sent twice differently). The state's layout does not depend on the
 * scheme beyond the signature's length, so sessions stored before this module existed (ECDSA's)
 * restore unchanged.
 *
 * Secrets: the key share exponentiates public ciphertexts in variable time (mpc/threshold).
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { formSchema } from '../classgroups/encoding.ts';
import type { Form } from '../classgroups/form.ts';
import { boundedVector } from '../encoding/vector.ts';
import { maurerProofSchema } from '../proofs/encoding.ts';
import { edlLanguage } from '../proofs/languages/edl.ts';
import { relayBlameEvidence } from '../session/blame.ts';
import { type PartyId, parties } from '../session/committee.ts';
import { BlameReasons } from '../session/errors.ts';
import type { RoundMessage } from '../session/message.ts';
import { ProposerSchedule } from '../session/proposer.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../session/protocol.ts';
import { kind, type RoundSpec } from '../session/rounds.ts';
import type { StoredMessage } from '../session/store.ts';
import { decodeVersioned, encodeVersioned } from '../session/versioned.ts';
import { combineShareMessages, selectInterpolationSet } from '../threshold/combine.ts';
import { decryptionShareMessage } from '../threshold/decryption-share.ts';
import { ThresholdAbortError, ThresholdError } from '../threshold/errors.ts';
import { type DecryptionResult, ThresholdDecryption } from '../threshold/identifiable-abort.ts';
import type { ThresholdPublicKey } from '../threshold/keys.ts';
import { checkShareMessage, type DecryptionShareMessage, type ProvenDecryptionShareMessage } from '../threshold/messages.ts';
import { CIPHERTEXT_DIGEST_BYTES, DecryptionSession } from '../threshold/session.ts';
import { provenDecryptionShareMessage } from '../threshold/share-proof.ts';
import { standsBy } from './signers.ts';
import type { SignRejection, ThresholdSignScheme, ThresholdSignSessionConfig, UserMessageVerdict } from './threshold-sign-scheme.ts';

export { isSignStandby, signSigners } from './signers.ts';

export const SHARES_ROUND = { round: 1, name: 'sign/decryption-shares' } as const;
export const PROOFS_ROUND = { round: 2, name: 'sign/decryption-proofs' } as const;
export const SIGNATURE_ROUND = { round: 3, name: 'sign/signature' } as const;
export const SignKinds = { SHARE: 'share', PROVEN_SHARE: 'proven-share', SIGNATURE: 'signature' } as const;

/** A signature message that is not the verified request's signature (the sign session's own reason). */
export const INVALID_SIGNATURE_BLAME = 'INVALID_SIGNATURE';

/** From this threshold (in virtual parties) on, one designated validator combines (see the module comment). */
export const DESIGNATED_COMBINER_MIN_THRESHOLD = 16;

/**
 * How long a validator holding shares of weight ≥ t waits for the designated combiner's signature
 * before combining itself: more than the combination takes at that threshold (about 10 ms per
 * share on this project's reference machine, bench/scale.ts), plus network slack.
 */
export function defaultCombineWaitMs(threshold: number): number {
  return 3_000 + 20 * threshold;
}

/** First re-send of a validator's own share messages (then doubling). */
export const DEFAULT_RESEND_MS = 5_000;
export const MAX_RESENDS = 6;
const RESEND_TIMER = 'sign/resend';
const FALLBACK_TIMER = 'sign/fallback';
const COMBINE_TIMER = 'sign/combine';
/** The standby's timer; a host that learns the others hold a result this validator lacks fires it (SessionControl.nudge). */
export const SIGN_STANDBY_TIMER = 'sign/standby';
/** Default silence after a share, while short of a signature, after which a standby steps in. */
export const DEFAULT_STANDBY_WAIT_MS = 10_000;
/** Default wait of a standby that has seen no share at all (the signers rejected the message, or all are slow). */
export const DEFAULT_STANDBY_START_WAIT_MS = 30_000;

/** A validator's part in a sign session. */
export type SignRole = 'signer' | 'standby' | 'stepped-in';

export type ThresholdSignOutput<Signature> =
  | {
      readonly status: 'signed';
      readonly signature: Signature;
      /** The scheme's encoding of the signature (what the chain records). */
      readonly encoded: Uint8Array;
      /** Whether proven shares were needed (the sad path). */
      readonly proven: boolean;
      /** The validators whose shares were combined; empty when the signature came from another validator's combination. */
      readonly decrypters: readonly PartyId[];
      /** What this validator did: signed, stood by throughout, or stood by and stepped in (see the module comment). */
      readonly role: SignRole;
    }
  | SignRejection;

// ---- round table --------------------------------------------------------------------------

type Schema<T> = BcsType<T, T>;

/**
 * The payload schemas of the share kinds for `ciphertexts` ciphertexts per request (for tools and
 * tests that read or forge share messages).
 */
export function thresholdSignShareSchemas(
  thresholdKey: ThresholdPublicKey,
  ciphertexts: number,
): { unproven: Schema<DecryptionShareMessage>; proven: Schema<ProvenDecryptionShareMessage> } {
  const { setup, access } = thresholdKey;
  const heaviest = Math.max(...access.weights);
  // At most one row per unit of the heaviest weight, one share per ciphertext: the lengths are
  // refused before any form is decoded; checkShareMessage then wants the sender's own.
  const fields = {
    party: bcs.u16(),
    digest: bcs.bytes(CIPHERTEXT_DIGEST_BYTES),
    shares: boundedVector(
      'decryption shares',
      boundedVector('decryption shares of a virtual party', formSchema(setup.group), ciphertexts),
      heaviest,
    ) as unknown as BcsType<Form[][], readonly (readonly Form[])[]>,
  };
  // The proof's shape (bases h and the c1 of each ciphertext); its response bound is that of the
  // heaviest party, the proof then being checked against the sender's own weight.
  const shape = edlLanguage(
    setup,
    Array.from({ length: 1 + ciphertexts }, () => setup.h),
    thresholdKey.shareBits,
  );
  return {
    unproven: bcs.struct('DecryptionShareMessage', fields) as unknown as Schema<DecryptionShareMessage>,
    proven: bcs.struct('ProvenDecryptionShareMessage', {
      ...fields,
      proof: maurerProofSchema(shape, heaviest),
    }) as unknown as Schema<ProvenDecryptionShareMessage>,
  };
}

function signatureBytesSchema(length: number): Schema<Uint8Array> {
  return bcs.fixedArray(length, bcs.u8()).transform({
    input: (bytes: Uint8Array) => Array.from(bytes),
    output: (bytes: number[]) => Uint8Array.from(bytes),
  }) as unknown as Schema<Uint8Array>;
}

const senderCheck = (payload: { party: number }, message: RoundMessage) =>
  payload.party === message.sender ? undefined : `the shares name party ${payload.party}, the sender is ${message.sender}`;

function signRounds(thresholdKey: ThresholdPublicKey, ciphertexts: number, signatureBytes: number): RoundSpec[] {
  const { unproven, proven } = thresholdSignShareSchemas(thresholdKey, ciphertexts);
  return [
    {
      ...SHARES_ROUND,
      kinds: {
        [SignKinds.SHARE]: kind<DecryptionShareMessage>({ schema: unproven, delivery: 'broadcast', maxAttempt: 0, check: senderCheck }),
      },
    },
    {
      ...PROOFS_ROUND,
      kinds: {
        [SignKinds.PROVEN_SHARE]: kind<ProvenDecryptionShareMessage>({
          schema: proven,
          delivery: 'broadcast',
          maxAttempt: 0,
          check: senderCheck,
        }),
      },
    },
    {
      ...SIGNATURE_ROUND,
      kinds: {
        [SignKinds.SIGNATURE]: kind<Uint8Array>({ schema: signatureBytesSchema(signatureBytes), delivery: 'broadcast', maxAttempt: 0 }),
      },
    },
  ];
}

function checkConfig<Config extends ThresholdSignSessionConfig, Request, Signature>(
  scheme: ThresholdSignScheme<Config, Request, Signature>,
  config: Config,
  identity: SessionIdentity,
): void {
  const { access } = config.thresholdKey;
  const { committee } = identity;
  const same =
    access.threshold === committee.threshold &&
    access.weights.length === committee.weights.length &&
    access.weights.every((w, i) => w === committee.weights[i]);
  if (!same) throw scheme.invalidConfig('the threshold key’s access structure is not the session’s committee');
  if (config.keyShare.party !== identity.self) {
    throw scheme.invalidConfig(`the key share is party ${config.keyShare.party}'s, this is party ${identity.self}`);
  }
  scheme.checkConfig(config);
}

// ---- state --------------------------------------------------------------------------------

const STATE_VERSION = 1;
function stateSchema(signatureBytes: number) {
  return bcs.struct('SignState', {
    verdict: bcs.option(
      bcs.enum('SignVerdict', {
        Accepted: null,
        Rejected: bcs.struct('SignRejection', { code: bcs.string(), check: bcs.string(), reason: bcs.string() }),
      }),
    ),
    failed_optimistic: bcs.bool(),
    resends: bcs.u8(),
    aborted: bcs.option(bcs.string()),
    result: bcs.option(
      bcs.struct('SignResult', { signature: bcs.bytes(signatureBytes), proven: bcs.bool(), decrypters: bcs.vector(bcs.u16()) }),
    ),
  });
}

type Verdict = { readonly status: 'accepted' } | SignRejection;

interface SignResult<Signature> {
  readonly signature: Signature;
  readonly proven: boolean;
  readonly decrypters: readonly PartyId[];
}

// ---- protocol -----------------------------------------------------------------------------

class ThresholdSignProtocol<Config extends ThresholdSignSessionConfig, Request, Signature>
  implements Protocol<ThresholdSignOutput<Signature>>
{
  readonly #scheme: ThresholdSignScheme<Config, Request, Signature>;
  readonly #config: Config;
  readonly #identity: SessionIdentity;
  readonly #stateSchema: ReturnType<typeof stateSchema>;
  #verdict: Verdict | undefined;
  #request: Request | undefined;
  #decryption: DecryptionSession | undefined;
  /** The optimistic decryption of the unproven shares (phase `unproven` until it is tried). */
  #optimistic: ThresholdDecryption | undefined;
  #failedOptimistic = false;
  #resends = 0;
  #aborted: string | undefined;
  #result: SignResult<Signature> | undefined;
  /** Proven weight at the last attempt to finish (not saved: finishing again is harmless). */
  #provenTried = 0;
  /** The designated combiner, or undefined when every validator combines. */
  readonly #combiner: PartyId | undefined;
  /** Whether the wait for the designated combiner ran out (not saved: a restored session waits again). */
  #combinerLate = false;
  /** Whether this validator is outside the session's signers (it stands by until it steps in). */
  readonly #standby: boolean;

  constructor(scheme: ThresholdSignScheme<Config, Request, Signature>, config: Config, identity: SessionIdentity, state?: Uint8Array) {
    checkConfig(scheme, config, identity);
    this.#scheme = scheme;
    this.#stateSchema = stateSchema(scheme.signatureBytes);
    this.#config = config;
    this.#identity = identity;
    const { threshold } = config.thresholdKey.access;
    const combiners = config.combiners ?? (threshold >= DESIGNATED_COMBINER_MIN_THRESHOLD ? 'designated' : 'every');
    this.#combiner =
      combiners === 'designated'
        ? new ProposerSchedule(identity.committee, identity.sessionId, SIGNATURE_ROUND.round).proposer(0)
        : undefined;
    this.#standby = standsBy(config, identity.committee, identity.sessionId, identity.self);
    if (state === undefined) return;
    const saved = decodeVersioned(this.#stateSchema, STATE_VERSION, state, 'sign state');
    const verdict = saved.verdict ?? undefined;
    this.#verdict =
      verdict === undefined
        ? undefined
        : verdict.$kind === 'Accepted'
          ? { status: 'accepted' }
          : { status: 'rejected', ...verdict.Rejected };
    this.#failedOptimistic = saved.failed_optimistic;
    this.#resends = saved.resends;
    this.#aborted = saved.aborted ?? undefined;
    if (saved.result !== null && saved.result !== undefined) {
      this.#result = {
        signature: scheme.decodeSignature(config, new Uint8Array(saved.result.signature)),
        proven: saved.result.proven,
        decrypters: saved.result.decrypters,
      };
    }
  }

  // ---- Protocol -----------------------------------------------------------------------------

  start(ctx: SessionContext): void {
    if (this.#verdict !== undefined) return;
    if (this.#standby) this.#watch(ctx);
    else this.#stepIn(ctx);
  }

  /** Verifies the user's message and sends this validator's shares: what every signer does at start, and a standby when it steps in. */
  #stepIn(ctx: SessionContext): void {
    ctx.cancelTimer(SIGN_STANDBY_TIMER);
    const verdict = this.#config.verifiedBefore === true ? this.#scheme.requestOf(this.#config) : this.#scheme.verify(this.#config);
    if (verdict.status === 'rejected') {
      this.#verdict = verdict;
      return;
    }
    this.#request = verdict.request;
    this.#verdict = { status: 'accepted' };
    this.#build();
    const own = decryptionShareMessage(this.#session(), this.#config.keyShare);
    ctx.send(SHARES_ROUND.round, SignKinds.SHARE, 0, own);
    // Messages that arrived before start (they wait in the store).
    for (const stored of this.#primaries(ctx, SHARES_ROUND.round, SignKinds.SHARE)) this.#accept(ctx, stored, true);
    for (const stored of this.#primaries(ctx, PROOFS_ROUND.round, SignKinds.PROVEN_SHARE)) this.#accept(ctx, stored, true);
    for (const stored of this.#primaries(ctx, SIGNATURE_ROUND.round, SignKinds.SIGNATURE)) this.#accept(ctx, stored, true);
    ctx.setTimer(RESEND_TIMER, this.#resendDelay());
    // A standby that steps in on the sad path owes its proven shares as well.
    if (this.#failedOptimistic) this.#sendProven(ctx);
    this.#settle(ctx);
  }

  /**
   * A standby before it steps in: the request (no proof checked), the decryption of the signers'
   * shares, and what has arrived so far; it steps in at once if the sad path has begun.
   */
  #watch(ctx: SessionContext): void {
    const verdict = this.#scheme.requestOf(this.#config);
    if (verdict.status === 'rejected') {
      // A message that does not decode: the verdict is a rejection, as at every signer.
      this.#stepIn(ctx);
      return;
    }
    this.#request = verdict.request;
    this.#build();
    if (this.#primaries(ctx, PROOFS_ROUND.round, SignKinds.PROVEN_SHARE).length > 0) {
      this.#stepIn(ctx);
      return;
    }
    const shares = this.#primaries(ctx, SHARES_ROUND.round, SignKinds.SHARE);
    for (const stored of shares) this.#accept(ctx, stored, true);
    for (const stored of this.#primaries(ctx, SIGNATURE_ROUND.round, SignKinds.SIGNATURE)) this.#accept(ctx, stored, true);
    this.#armStandby(ctx, shares.length > 0 ? 'share' : 'start');
    this.#settle(ctx);
  }

  /** A standby that has begun watching and has not stepped in (it may hold a result already). */
  #watching(): boolean {
    return this.#standby && this.#verdict === undefined && this.#request !== undefined;
  }

  /** A standby that has not stepped in and has no outcome yet: it may still have to. */
  #standingBy(): boolean {
    return this.#standby && this.#verdict === undefined && this.#result === undefined && this.#aborted === undefined;
  }

  /** The standby's wait: long from its start, short after each share (module comment). */
  #armStandby(ctx: SessionContext, after: 'start' | 'share'): void {
    if (this.#result !== undefined || this.#aborted !== undefined) return;
    const wait =
      after === 'start'
        ? (this.#config.standbyStartWaitMs ?? DEFAULT_STANDBY_START_WAIT_MS)
        : (this.#config.standbyWaitMs ?? DEFAULT_STANDBY_WAIT_MS);
    ctx.setTimer(SIGN_STANDBY_TIMER, wait);
  }

  receive(ctx: SessionContext, stored: StoredMessage): void {
    if (stored.own) return;
    const watching = this.#watching();
    if (!watching && this.#verdict?.status !== 'accepted') return;
    const { round, kind: kindName, sender } = stored.message;
    // A later version of a slot is equivocation, which the runtime blames; the first one counts.
    if (ctx.store.slot(round, kindName, 0, sender)[0]?.key !== stored.key) return;
    if (watching && round === PROOFS_ROUND.round) {
      // The sad path: step in (which takes this message from the store with the others).
      if (this.#standingBy()) this.#stepIn(ctx);
      return;
    }
    this.#accept(ctx, stored, true);
    if (watching && round === SHARES_ROUND.round) this.#armStandby(ctx, 'share');
    this.#settle(ctx);
  }

  timeout(ctx: SessionContext, timer: string): void {
    if (timer === SIGN_STANDBY_TIMER) {
      if (this.#standingBy()) this.#stepIn(ctx);
      return;
    }
    // A standby combines too when the designated combiner is late (COMBINE_TIMER).
    if (this.#verdict?.status !== 'accepted' && !this.#watching()) return;
    if (timer === FALLBACK_TIMER) {
      if (this.#result === undefined && this.#aborted === undefined) this.#finishProven(ctx, true);
      return;
    }
    if (timer === COMBINE_TIMER) {
      this.#combinerLate = true;
      this.#settle(ctx);
      return;
    }
    if (timer !== RESEND_TIMER) return;
    for (const [round, kindName] of [
      [SHARES_ROUND.round, SignKinds.SHARE],
      [PROOFS_ROUND.round, SignKinds.PROVEN_SHARE],
      [SIGNATURE_ROUND.round, SignKinds.SIGNATURE],
    ] as const) {
      const own = ctx.store.slot(round, kindName, 0, this.#identity.self)[0];
      if (own !== undefined) ctx.relay(own, 'all');
    }
    this.#resends += 1;
    if (this.#resends < MAX_RESENDS) ctx.setTimer(RESEND_TIMER, this.#resendDelay());
  }

  resume(ctx: SessionContext): void {
    // A standby restored before it stepped in rebuilds what it watches (its timer was saved with it).
    if (!this.#standingBy() && this.#verdict?.status !== 'accepted') return;
    const verdict: UserMessageVerdict<Request> = this.#scheme.requestOf(this.#config);
    if (verdict.status === 'rejected') {
      // The request is a function of the configuration, and it was taken when the session ran (a
      // standby watched, a signer verified and may have released its shares). A rejection now means
      // the configuration changed under a stored session: fail loudly, as the session did before it
      // moved here, rather than report a rejection for a request it accepted (or even signed).
      throw this.#scheme.invalidConfig(
        `the stored session's user message no longer gives its request (${verdict.check}: ${verdict.reason})`,
      );
    }
    this.#request = verdict.request;
    this.#build();
    if (this.#failedOptimistic) return;
    const optimistic = this.#optimistic as ThresholdDecryption;
    for (const stored of this.#primaries(ctx, SHARES_ROUND.round, SignKinds.SHARE)) {
      try {
        optimistic.addShare(stored.payload as DecryptionShareMessage);
      } catch (error) {
        if (!(error instanceof ThresholdError)) throw error;
      }
    }
  }

  outcome(): ProtocolOutcome<ThresholdSignOutput<Signature>> | undefined {
    const verdict = this.#verdict;
    if (verdict?.status === 'rejected') return { status: 'completed', output: verdict };
    if (this.#aborted !== undefined) return { status: 'aborted', reason: this.#aborted };
    const result = this.#result;
    if (result === undefined) return undefined;
    return {
      status: 'completed',
      output: {
        status: 'signed',
        signature: result.signature,
        encoded: this.#scheme.encodeSignature(result.signature),
        proven: result.proven,
        decrypters: result.decrypters,
        role: !this.#standby ? 'signer' : this.#verdict === undefined ? 'standby' : 'stepped-in',
      },
    };
  }

  save(): Uint8Array {
    const verdict = this.#verdict;
    return encodeVersioned(this.#stateSchema, STATE_VERSION, {
      verdict:
        verdict === undefined
          ? null
          : verdict.status === 'accepted'
            ? { Accepted: true }
            : { Rejected: { code: verdict.code, check: verdict.check, reason: verdict.reason } },
      failed_optimistic: this.#failedOptimistic,
      resends: this.#resends,
      aborted: this.#aborted ?? null,
      result:
        this.#result === undefined
          ? null
          : {
              signature: this.#scheme.encodeSignature(this.#result.signature),
              proven: this.#result.proven,
              decrypters: [...this.#result.decrypters],
            },
    });
  }

  // ---- steps --------------------------------------------------------------------------------

  #predicate(): (plaintexts: readonly bigint[]) => boolean {
    const request = this.#request as Request;
    return (plaintexts) => this.#scheme.signatureFromPlaintexts(request, plaintexts) !== undefined;
  }

  #build(): void {
    const ciphertexts = this.#scheme.ciphertexts(this.#request as Request);
    if (ciphertexts.length !== this.#scheme.ciphertextCount) {
      throw this.#scheme.invalidConfig(
        `the request has ${ciphertexts.length} ciphertexts, the scheme decrypts ${this.#scheme.ciphertextCount}`,
      );
    }
    this.#decryption = new DecryptionSession(this.#config.thresholdKey, ciphertexts, {
      protocol: this.#scheme.decryptionProtocol,
      sessionId: this.#identity.sessionId,
      round: this.#scheme.decryptionRound,
    });
    this.#optimistic = new ThresholdDecryption(this.#decryption, this.#predicate());
  }

  #session(): DecryptionSession {
    return this.#decryption as DecryptionSession;
  }

  #resendDelay(): number {
    return (this.#config.resendMs ?? DEFAULT_RESEND_MS) * 2 ** this.#resends;
  }

  /** The first message of each party for a slot (later versions are equivocation, blamed by the runtime). */
  #primaries(ctx: SessionContext, round: number, kindName: string): StoredMessage[] {
    const held: StoredMessage[] = [];
    for (const party of parties(this.#identity.committee)) {
      const primary = ctx.store.slot(round, kindName, 0, party)[0];
      if (primary !== undefined) held.push(primary);
    }
    return held;
  }

  /** Whether the proven round has begun here (the optimistic attempt failed, or someone sent proven shares). */
  #provenRound(ctx: SessionContext): boolean {
    return this.#failedOptimistic || this.#primaries(ctx, PROOFS_ROUND.round, SignKinds.PROVEN_SHARE).length > 0;
  }

  /**
   * A share message (the first of its slot): checked against the session (blaming a sender whose
   * signed message does not fit it), fed to the optimistic decryption, and — for proven shares —
   * answered with this validator's own proven shares.
   */
  #accept(ctx: SessionContext, stored: StoredMessage, blame: boolean): void {
    if (stored.message.round === SIGNATURE_ROUND.round) {
      this.#acceptSignature(ctx, stored, blame);
      return;
    }
    try {
      checkShareMessage(this.#session(), stored.payload as DecryptionShareMessage);
    } catch (error) {
      if (!(error instanceof ThresholdError)) throw error;
      if (blame && !stored.own) this.#blameMessage(ctx, stored, error.message);
      return;
    }
    if (stored.message.round === PROOFS_ROUND.round) {
      this.#sendProven(ctx);
      return;
    }
    const optimistic = this.#optimistic as ThresholdDecryption;
    if (optimistic.phase !== 'unproven' || this.#failedOptimistic) return;
    try {
      optimistic.addShare(stored.payload as DecryptionShareMessage);
    } catch (error) {
      if (!(error instanceof ThresholdError)) throw error;
    }
  }

  /**
   * Sends this validator's proven shares, once (also after it has finished: others may need them).
   * A key share that does not match its verification key (a wrong key file; refused at load since
   * threshold/keys.ts assertKeyShareMatches) aborts the session rather than escaping from it.
   */
  #sendProven(ctx: SessionContext): void {
    if (ctx.store.slot(PROOFS_ROUND.round, SignKinds.PROVEN_SHARE, 0, this.#identity.self).length > 0) return;
    let message: ProvenDecryptionShareMessage;
    try {
      message = provenDecryptionShareMessage(this.#session(), this.#config.keyShare, ctx.rng);
    } catch (error) {
      if (!(error instanceof ThresholdError)) throw error;
      if (this.#aborted === undefined) this.#abort(ctx, `this validator cannot prove its decryption shares: ${error.message}`);
      return;
    }
    ctx.send(PROOFS_ROUND.round, SignKinds.PROVEN_SHARE, 0, message);
  }

  #settle(ctx: SessionContext): void {
    if (this.#result !== undefined || this.#aborted !== undefined) return;
    const { threshold } = this.#config.thresholdKey.access;
    const optimistic = this.#optimistic as ThresholdDecryption;
    if (!this.#provenRound(ctx) && optimistic.phase === 'unproven' && optimistic.unprovenWeight >= threshold) {
      if (!this.#combines()) {
        if (!ctx.hasTimer(COMBINE_TIMER)) ctx.setTimer(COMBINE_TIMER, this.#config.combineWaitMs ?? defaultCombineWaitMs(threshold));
        return;
      }
      const attempt = optimistic.tryOptimistic();
      if (attempt.status === 'decrypted') {
        this.#complete(ctx, attempt.result.plaintexts, false, attempt.result.parties);
        return;
      }
      this.#failedOptimistic = true;
      if (this.#standingBy()) {
        // Proven shares are released only after the user's message verified here.
        this.#stepIn(ctx);
        return;
      }
      this.#sendProven(ctx);
    }
    if (this.#provenRound(ctx)) this.#finishProven(ctx, false);
  }

  /**
   * The proven round: with proven shares of weight ≥ t (more than at the last attempt), verify
   * them all in batch and name the cheaters (mpc/threshold/identifiable-abort.ts), then combine
   * the valid proven shares of the parties nobody named ("retry without the blamed").
   *
   * A named party whose proven share is valid (its unproven share was wrong, its proven one is
   * right) is left out while the others may still reach t: the session waits for more proven
   * shares, up to the fallback timer or until every party's has arrived, and only then combines
   * every valid proven share — each is proven correct, so the signature still is, and silence of
   * others cannot stall the session.
   */
  #finishProven(ctx: SessionContext, fallback: boolean): void {
    const { access } = this.#config.thresholdKey;
    const proven = this.#primaries(ctx, PROOFS_ROUND.round, SignKinds.PROVEN_SHARE);
    const weight = access.weightOfParties(proven.map((m) => m.message.sender));
    if (weight < access.threshold || (weight <= this.#provenTried && !fallback)) return;
    this.#provenTried = weight;
    const decryption = new ThresholdDecryption(this.#session(), this.#predicate());
    for (const stored of this.#primaries(ctx, SHARES_ROUND.round, SignKinds.SHARE)) {
      try {
        decryption.addShare(stored.payload as DecryptionShareMessage);
      } catch (error) {
        if (!(error instanceof ThresholdError)) throw error;
      }
    }
    decryption.requireProofs();
    const added: StoredMessage<ProvenDecryptionShareMessage>[] = [];
    for (const stored of proven) {
      try {
        decryption.addProvenShare(stored.payload as ProvenDecryptionShareMessage);
        added.push(stored as StoredMessage<ProvenDecryptionShareMessage>);
      } catch (error) {
        if (!(error instanceof ThresholdError)) throw error;
      }
    }
    let combined: DecryptionResult | undefined;
    try {
      combined = decryption.finish(ctx.rng);
    } catch (error) {
      if (!(error instanceof ThresholdError)) throw error;
      if (!(error instanceof ThresholdAbortError)) {
        // Not reachable with proven shares (their errors are removed by the combination's even
        // exponent, threshold/combine.ts); if it ever happens, the session ends with a reason.
        this.#abort(ctx, `the proven decryption failed: ${error.message}`);
        return;
      }
    }
    this.#recordBlames(ctx, decryption);
    if (combined !== undefined && !combined.predicateHolds) {
      this.#abort(ctx, 'the proven decryption of the verified sign message does not give a signature that verifies');
      return;
    }
    const named = new Set([...decryption.blamed.map((b) => b.party), ...ctx.blames.map((b) => b.party)]);
    const unnamed = added.filter((m) => !named.has(m.message.sender)).map((m) => m.payload);
    if (access.weightOfParties(unnamed.map((m) => m.party)) >= access.threshold) {
      let plaintexts: bigint[];
      try {
        plaintexts = combineShareMessages(this.#session(), unnamed);
      } catch (error) {
        if (!(error instanceof ThresholdError)) throw error;
        this.#abort(ctx, `the proven decryption shares of the unnamed validators do not combine: ${error.message}`);
        return;
      }
      const used = selectInterpolationSet(
        access,
        unnamed.flatMap((m) => access.virtualIds(m.party)),
      );
      this.#complete(ctx, plaintexts, true, [...new Set(used.map((v) => access.partyOfVirtual(v)))]);
      if (this.#result === undefined)
        this.#abort(ctx, 'the proven decryption shares of the unnamed validators do not give a signature that verifies');
      return;
    }
    if (combined !== undefined) {
      if (fallback || proven.length === access.partyCount) this.#complete(ctx, combined.plaintexts, true, combined.parties);
      else if (!ctx.hasTimer(FALLBACK_TIMER)) ctx.setTimer(FALLBACK_TIMER, this.#config.resendMs ?? DEFAULT_RESEND_MS);
      return;
    }
    this.#checkAbort(ctx);
  }

  /** Whether this validator combines unproven shares now: always, unless another one is designated and not yet late. */
  #combines(): boolean {
    return this.#combiner === undefined || this.#combiner === this.#identity.self || this.#combinerLate;
  }

  #complete(ctx: SessionContext, plaintexts: readonly bigint[], proven: boolean, decrypters: readonly PartyId[]): void {
    const signature = this.#scheme.signatureFromPlaintexts(this.#request as Request, plaintexts);
    if (signature === undefined) return;
    this.#result = { signature, proven, decrypters };
    ctx.cancelTimer(FALLBACK_TIMER);
    ctx.cancelTimer(COMBINE_TIMER);
    ctx.cancelTimer(SIGN_STANDBY_TIMER);
    // With a designated combiner the others wait for a signature: whoever combined sends it, once.
    if (this.#combiner !== undefined && ctx.store.slot(SIGNATURE_ROUND.round, SignKinds.SIGNATURE, 0, this.#identity.self).length === 0) {
      ctx.send(SIGNATURE_ROUND.round, SignKinds.SIGNATURE, 0, this.#scheme.encodeSignature(signature));
    }
  }

  /**
   * Another validator's signature (the first of its slot): the verified request's signature is
   * the output; anything else is blamed, with the signed message as evidence anyone can check.
   */
  #acceptSignature(ctx: SessionContext, stored: StoredMessage, blame: boolean): void {
    if (stored.own || this.#result !== undefined || this.#aborted !== undefined) return;
    const signature = this.#scheme.checkReceivedSignature(this.#request as Request, stored.payload as Uint8Array);
    if (signature === undefined) {
      if (!blame) return;
      ctx.blame({
        party: stored.message.sender,
        reason: INVALID_SIGNATURE_BLAME,
        round: SIGNATURE_ROUND.round,
        detail: 'a signature that is not the verified request’s signature under the dWallet’s key',
        evidence: [stored],
      });
      this.#checkAbort(ctx);
      return;
    }
    this.#result = { signature, proven: this.#provenRound(ctx), decrypters: [] };
    ctx.cancelTimer(FALLBACK_TIMER);
    ctx.cancelTimer(COMBINE_TIMER);
    ctx.cancelTimer(SIGN_STANDBY_TIMER);
  }

  /** The threshold decryption's blames, as session blames with the signed messages as evidence. */
  #recordBlames(ctx: SessionContext, decryption: ThresholdDecryption): void {
    const named = new Set(decryption.blamed.map((b) => b.party));
    const provenHeld = this.#primaries(ctx, PROOFS_ROUND.round, SignKinds.PROVEN_SHARE).filter(
      (m) => !m.own && !named.has(m.message.sender),
    );
    for (const blame of decryption.blamed) {
      if (blame.party === this.#identity.self) continue;
      const unproven = ctx.store.slot(SHARES_ROUND.round, SignKinds.SHARE, 0, blame.party)[0];
      const proven = ctx.store.slot(PROOFS_ROUND.round, SignKinds.PROVEN_SHARE, 0, blame.party)[0];
      const evidence =
        blame.reason === 'invalid-proof'
          ? [proven]
          : blame.reason === 'unproven-share-differs-from-proven'
            ? [unproven, proven]
            : [unproven, ...provenHeld];
      ctx.blame({
        party: blame.party,
        reason: BlameReasons.INVALID_DECRYPTION_SHARE,
        round: blame.reason === 'invalid-proof' ? PROOFS_ROUND.round : SHARES_ROUND.round,
        detail: `${blame.reason}: ${blame.detail}`,
        evidence: evidence.filter((m): m is StoredMessage => m !== undefined && !m.own),
      });
    }
  }

  #blameMessage(ctx: SessionContext, stored: StoredMessage, detail: string): void {
    ctx.blame({
      party: stored.message.sender,
      reason: BlameReasons.INVALID_DECRYPTION_SHARE,
      round: stored.message.round,
      detail: `a share message that does not fit the session: ${detail}`,
      evidence: [stored],
    });
    this.#checkAbort(ctx);
  }

  #checkAbort(ctx: SessionContext): void {
    const { committee } = this.#identity;
    if (this.#aborted !== undefined || this.#result !== undefined || ctx.blamedWeight() <= committee.totalWeight - committee.threshold)
      return;
    this.#abort(ctx, `validators of weight ${ctx.blamedWeight()} are proven faulty; fewer than ${committee.threshold} can remain`);
  }

  #abort(ctx: SessionContext, reason: string): void {
    this.#aborted = reason;
    ctx.cancelTimer(RESEND_TIMER);
    ctx.cancelTimer(FALLBACK_TIMER);
    relayBlameEvidence(ctx.blames, (evidence) => ctx.relayEvidence(evidence, 'all'));
  }
}

/**
 * The threshold-sign session of `scheme` (create it with mpc/session/runtime.ts createSession).
 * Creating it consumes the presign the config names (the scheme's `consumePresign`).
 */
export function thresholdSignSession<Config extends ThresholdSignSessionConfig, Request, Signature>(
  scheme: ThresholdSignScheme<Config, Request, Signature>,
): SessionDefinition<Config, ThresholdSignOutput<Signature>> {
  return {
    protocol: scheme.protocol,
    rounds: (config, identity) => {
      checkConfig(scheme, config, identity);
      return signRounds(config.thresholdKey, scheme.ciphertextCount, scheme.signatureBytes);
    },
    create: (config, identity) => {
      const protocol = new ThresholdSignProtocol(scheme, config, identity);
      scheme.consumePresign(config);
      return protocol;
    },
    restore: (config, identity, state) => new ThresholdSignProtocol(scheme, config, identity, state),
  };
}

/**
 * The validators' sign session (PROTOCOL.md §8, "Network"; reference notes §2B (g)).
 *
 *   start    verify the user's sign message (sign/verify.ts) — a failure completes the session
 *            with a rejection the chain records, before any decryption share exists — then send
 *            this validator's unproven decryption shares of (ct_A, ct_αβ)
 *   round 1  "share": unproven shares. Once shares of weight ≥ t are in, combine them, compute s,
 *            normalise it and verify the signature under X (with its recovery id). If it
 *            verifies, that is the output: one round on the happy path.
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
 * round 3 "signature" (r ‖ s ‖ recovery id); the others only check it
 * ({@link checkReceivedSignature}: the unique low-s signature of the verified request under X,
 * a public, deterministic check, so every honest validator accepts or blames the same message)
 * and output it. A validator that holds shares of weight ≥ t and no valid signature after
 * `combineWaitMs` combines itself, as every validator does in small committees; whoever combines
 * broadcasts the signature. A wrong signature is blamed (INVALID_SIGNATURE, the signed message
 * as evidence); a silent combiner costs one timer. The output does not depend on who combined:
 * for fixed (X, m, r) exactly one low-s signature verifies. Small committees keep every validator
 * combining (a few milliseconds at t = 3), so each of them checks every share itself.
 *
 * Never a wrong signature: nothing is output unless it verifies under X. The session aborts, naming
 * exactly the blamed validators (each with signed evidence), only when the blamed weight makes a
 * threshold of honest proven shares impossible. Silence is never blamed; the others sign without
 * the silent party. No agreement round is needed: (r, s) is a function of the ciphertexts, so every
 * honest validator outputs the same signature.
 *
 * Standbys (config `standbys`, which validators set when their `signStandbyWaitMs` > 0;
 * mpc/threshold/LARGE-COMMITTEES.md): the
 * threshold needs shares of weight t, so per session the first parties of a weighted order drawn
 * from (session id, committee) reaching weight t are its signers ({@link signSigners}) and the
 * others stand by. A standby neither verifies the user's message nor decrypts: it checks and
 * combines the signers' shares as they arrive (or takes the designated combiner's signature) and
 * outputs the signature — which verifies under X for the chain's digest, so it is the one output
 * every validator gives, and a standby that released no share has nothing to protect by checking
 * the proofs. It steps in — verifies, sends its shares, and from then on is a signer — when the
 * optimistic combination fails or anyone sends proven shares (the sad path); when
 * `standbyWaitMs` pass after a share without a signature (a signer is silent: the honest ones
 * send at about the same time); when `standbyStartWaitMs` pass with no share at all (the signers
 * rejected the message, which only a verification here can confirm); or when its host fires
 * {@link SIGN_STANDBY_TIMER} because the others certify a result it lacks (the validator's batch
 * agreement does, validator/batches/decider.ts). A silent signer so costs one short wait and a
 * rejection needs no wait at all. Per signature, W − t of the W virtual parties' verifications and
 * decryptions are saved (a quarter at n = 4, t = 3).
 *
 * Delivery: a validator re-sends its own share messages on a timer (doubling, a few times), so a
 * peer that lost one still completes; a validator that has finished keeps answering.
 *
 * Resumable: the saved state is the verdict on the user's message, whether the optimistic attempt
 * failed, the result and the re-send count; the threshold decryption is rebuilt from the stored
 * messages (decryption shares are deterministic, c1^{s_v}, and a proven share once sent is in the
 * store, so nothing is ever sent twice differently).
 *
 * Secrets: the key share exponentiates public ciphertexts in variable time (mpc/threshold).
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { formSchema } from '../../classgroups/encoding.ts';
import type { Form } from '../../classgroups/form.ts';
import { boundedVector } from '../../encoding/vector.ts';
import { DWalletError } from '../../errors.ts';
import { maurerProofSchema } from '../../proofs/encoding.ts';
import { edlLanguage } from '../../proofs/languages/edl.ts';
import { relayBlameEvidence } from '../../session/blame.ts';
import { type Committee, createCommittee, type PartyId, parties, weightOf } from '../../session/committee.ts';
import { BlameReasons } from '../../session/errors.ts';
import type { RoundMessage } from '../../session/message.ts';
import { ProposerSchedule, proposerOrder } from '../../session/proposer.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import { kind, type RoundSpec } from '../../session/rounds.ts';
import type { StoredMessage } from '../../session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../session/versioned.ts';
import { combineShareMessages, selectInterpolationSet } from '../../threshold/combine.ts';
import { decryptionShareMessage } from '../../threshold/decryption-share.ts';
import { ThresholdAbortError, ThresholdError } from '../../threshold/errors.ts';
import { type DecryptionResult, ThresholdDecryption } from '../../threshold/identifiable-abort.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import { checkShareMessage, type DecryptionShareMessage, type ProvenDecryptionShareMessage } from '../../threshold/messages.ts';
import type { PartyKeyShare } from '../../threshold/secret-share.ts';
import { CIPHERTEXT_DIGEST_BYTES, type DecryptionSession } from '../../threshold/session.ts';
import { provenDecryptionShareMessage } from '../../threshold/share-proof.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes, UserMessageRejection } from '../errors.ts';
import type { SignDigest } from '../hash-schemes.ts';
import { decodeUserSignMessage } from '../messages.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { PresignLedger } from '../presign/ledger.ts';
import type { Presign } from '../presign/presign.ts';
import type { SignContext, UserSignMessage } from '../sign/message.ts';
import { checkReceivedSignature, signatureFromPlaintexts, signDecryptionSession } from '../sign/network.ts';
import { signRequestOf, type VerifiedSignRequest, verifyUserSignMessage } from '../sign/verify.ts';
import { decodeSignature, type EcdsaSignature, encodeSignature, SIGNATURE_BYTES } from '../signature.ts';
import { rejectionOf } from './verification.ts';

export const SIGN_SESSION_PROTOCOL = '2pc-mpc/ecdsa/sign-session';
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

/** The ciphertexts a sign session decrypts: ct_A and ct_αβ. */
const SIGN_CIPHERTEXTS = 2;

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
/** The round number that seeds the order of signers (no message is sent in it). */
const SIGNERS_ORDER_ROUND = 4;

/**
 * The signers of a session with standbys: the first parties of the weighted order drawn from
 * (session id, committee) whose weights reach the threshold (mpc/session/proposer.ts).
 */
export function signSigners(committee: Committee, sessionId: Uint8Array): ReadonlySet<PartyId> {
  const signers = new Set<PartyId>();
  let weight = 0;
  for (const party of proposerOrder(committee, sessionId, SIGNERS_ORDER_ROUND)) {
    if (weight >= committee.threshold) break;
    signers.add(party);
    weight += weightOf(committee, party);
  }
  return signers;
}

function standsBy(config: SignSessionConfig, committee: Committee, sessionId: Uint8Array, party: PartyId): boolean {
  return config.standbys === true && !signSigners(committee, sessionId).has(party);
}

/** Whether this validator (the key share's party) stands by in the sign session `sessionId` of `config`. */
export function isSignStandby(config: SignSessionConfig, sessionId: Uint8Array): boolean {
  if (config.standbys !== true) return false;
  const { access } = config.thresholdKey;
  return standsBy(config, createCommittee(access.weights, access.threshold), sessionId, config.keyShare.party);
}

export interface SignSessionConfig {
  readonly key: NetworkKeyParts;
  readonly thresholdKey: ThresholdPublicKey;
  /** This validator's key share (its party must be the session's `self`). */
  readonly keyShare: PartyKeyShare;
  readonly dwallet: DWalletOutput;
  readonly presign: Presign;
  /** The digest of the approved message (hash scheme applied, hash-schemes.ts). */
  readonly digest: SignDigest;
  /** The user's sign message, as recorded on chain (a shared dWallet's: as computed by sign/shared.ts). */
  readonly userMessage: Uint8Array;
  /** The validator's record of consumed presigns: creating the session consumes the presign. */
  readonly ledger: PresignLedger;
  /**
   * A future-sign message the network verified (and certified on chain) when it was stored, for
   * the same digest, or a shared dWallet's message this validator computed itself (sign/shared.ts):
   * its proofs are not checked again.
   */
  readonly verifiedBefore?: boolean;
  readonly resendMs?: number;
  /**
   * Who combines the shares: every validator, or one designated validator whose signature the
   * others check. Default: `designated` when the threshold is at least
   * {@link DESIGNATED_COMBINER_MIN_THRESHOLD} virtual parties, else `every`.
   */
  readonly combiners?: 'every' | 'designated';
  /** The wait for the designated combiner's signature (default {@link defaultCombineWaitMs}). */
  readonly combineWaitMs?: number;
  /** Whether validators outside the session's signers stand by (see the module comment). Default false. */
  readonly standbys?: boolean;
  /** A standby's wait after each share it receives (default {@link DEFAULT_STANDBY_WAIT_MS}). */
  readonly standbyWaitMs?: number;
  /** A standby's wait from its start while no share has come (default {@link DEFAULT_STANDBY_START_WAIT_MS}). */
  readonly standbyStartWaitMs?: number;
}

export type SignSessionOutput =
  | {
      readonly status: 'signed';
      readonly signature: EcdsaSignature;
      /** r ‖ s ‖ recovery id, 65 bytes. */
      readonly encoded: Uint8Array;
      /** Whether proven shares were needed (the sad path). */
      readonly proven: boolean;
      /** The validators whose shares were combined; empty when the signature came from another validator's combination. */
      readonly decrypters: readonly PartyId[];
      /** What this validator did: signed, stood by throughout, or stood by and stepped in (see the module comment). */
      readonly role: SignRole;
    }
  | { readonly status: 'rejected'; readonly code: string; readonly check: string; readonly reason: string };

/** A validator's part in a sign session. */
export type SignRole = 'signer' | 'standby' | 'stepped-in';

// ---- round table --------------------------------------------------------------------------

type Schema<T> = BcsType<T, T>;

/** The payload schemas of the session's two kinds (for tools and tests that read or forge share messages). */
export function signShareSchemas(thresholdKey: ThresholdPublicKey): {
  unproven: Schema<DecryptionShareMessage>;
  proven: Schema<ProvenDecryptionShareMessage>;
} {
  const { setup, access } = thresholdKey;
  const heaviest = Math.max(...access.weights);
  // At most one row per unit of the heaviest weight, one share per ciphertext (ct_A, ct_αβ): the
  // lengths are refused before any form is decoded; checkShareMessage then wants the sender's own.
  const fields = {
    party: bcs.u16(),
    digest: bcs.bytes(CIPHERTEXT_DIGEST_BYTES),
    shares: boundedVector(
      'decryption shares',
      boundedVector('decryption shares of a virtual party', formSchema(setup.group), SIGN_CIPHERTEXTS),
      heaviest,
    ) as unknown as BcsType<Form[][], readonly (readonly Form[])[]>,
  };
  // The proof's shape (bases h, c1 of ct_A, c1 of ct_αβ); its response bound is that of the
  // heaviest party, the proof then being checked against the sender's own weight.
  const shape = edlLanguage(setup, [setup.h, setup.h, setup.h], thresholdKey.shareBits);
  return {
    unproven: bcs.struct('DecryptionShareMessage', fields) as unknown as Schema<DecryptionShareMessage>,
    proven: bcs.struct('ProvenDecryptionShareMessage', {
      ...fields,
      proof: maurerProofSchema(shape, heaviest),
    }) as unknown as Schema<ProvenDecryptionShareMessage>,
  };
}

const signatureBytesSchema = bcs.fixedArray(SIGNATURE_BYTES, bcs.u8()).transform({
  input: (bytes: Uint8Array) => Array.from(bytes),
  output: (bytes: number[]) => Uint8Array.from(bytes),
});

const senderCheck = (payload: { party: number }, message: RoundMessage) =>
  payload.party === message.sender ? undefined : `the shares name party ${payload.party}, the sender is ${message.sender}`;

function signRounds(config: SignSessionConfig): RoundSpec[] {
  const { unproven, proven } = signShareSchemas(config.thresholdKey);
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
        [SignKinds.SIGNATURE]: kind<Uint8Array>({ schema: signatureBytesSchema, delivery: 'broadcast', maxAttempt: 0 }),
      },
    },
  ];
}

function checkConfig(config: SignSessionConfig, identity: SessionIdentity): void {
  const { access } = config.thresholdKey;
  const { committee } = identity;
  const same =
    access.threshold === committee.threshold &&
    access.weights.length === committee.weights.length &&
    access.weights.every((w, i) => w === committee.weights[i]);
  if (!same)
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'the threshold key’s access structure is not the session’s committee');
  if (config.keyShare.party !== identity.self) {
    throw new EcdsaError(
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
      `the key share is party ${config.keyShare.party}'s, this is party ${identity.self}`,
    );
  }
  if (
    config.thresholdKey.encryptionKey.form.a !== config.key.encryptionKey.form.a ||
    config.thresholdKey.encryptionKey.form.b !== config.key.encryptionKey.form.b
  ) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, 'the threshold key does not decrypt under the network key’s pk');
  }
}

// ---- state --------------------------------------------------------------------------------

const STATE_VERSION = 1;
const stateSchema = bcs.struct('SignState', {
  verdict: bcs.option(
    bcs.enum('SignVerdict', {
      Accepted: null,
      Rejected: bcs.struct('SignRejection', { code: bcs.string(), check: bcs.string(), reason: bcs.string() }),
    }),
  ),
  failed_optimistic: bcs.bool(),
  resends: bcs.u8(),
  aborted: bcs.option(bcs.string()),
  result: bcs.option(bcs.struct('SignResult', { signature: bcs.bytes(65), proven: bcs.bool(), decrypters: bcs.vector(bcs.u16()) })),
});

type Verdict =
  | { readonly status: 'accepted' }
  | { readonly status: 'rejected'; readonly code: string; readonly check: string; readonly reason: string };

interface SignResult {
  readonly signature: EcdsaSignature;
  readonly proven: boolean;
  readonly decrypters: readonly PartyId[];
}

// ---- protocol -----------------------------------------------------------------------------

class SignProtocol implements Protocol<SignSessionOutput> {
  readonly #config: SignSessionConfig;
  readonly #identity: SessionIdentity;
  #verdict: Verdict | undefined;
  #request: VerifiedSignRequest | undefined;
  #decryption: DecryptionSession | undefined;
  /** The optimistic decryption of the unproven shares (phase `unproven` until it is tried). */
  #optimistic: ThresholdDecryption | undefined;
  #failedOptimistic = false;
  #resends = 0;
  #aborted: string | undefined;
  #result: SignResult | undefined;
  /** Proven weight at the last attempt to finish (not saved: finishing again is harmless). */
  #provenTried = 0;
  /** The designated combiner, or undefined when every validator combines. */
  readonly #combiner: PartyId | undefined;
  /** Whether the wait for the designated combiner ran out (not saved: a restored session waits again). */
  #combinerLate = false;
  /** Whether this validator is outside the session's signers (it stands by until it steps in). */
  readonly #standby: boolean;

  constructor(config: SignSessionConfig, identity: SessionIdentity, state?: Uint8Array) {
    checkConfig(config, identity);
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
    const saved = decodeVersioned(stateSchema, STATE_VERSION, state, 'sign state');
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
        signature: decodeSignature(config.key.curve, new Uint8Array(saved.result.signature)),
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
    const context = this.#context();
    try {
      const message = this.#message();
      this.#request = this.#config.verifiedBefore === true ? signRequestOf(context, message) : verifyUserSignMessage(context, message);
      this.#verdict = { status: 'accepted' };
    } catch (error) {
      this.#verdict = rejectionOf(error);
      return;
    }
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
    try {
      this.#request = signRequestOf(this.#context(), this.#message());
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      // A message that does not decode: the verdict is a rejection, as at every signer.
      this.#stepIn(ctx);
      return;
    }
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
    this.#request = signRequestOf(this.#context(), this.#message());
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

  outcome(): ProtocolOutcome<SignSessionOutput> | undefined {
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
        encoded: encodeSignature(result.signature),
        proven: result.proven,
        decrypters: result.decrypters,
        role: !this.#standby ? 'signer' : this.#verdict === undefined ? 'standby' : 'stepped-in',
      },
    };
  }

  save(): Uint8Array {
    const verdict = this.#verdict;
    return encodeVersioned(stateSchema, STATE_VERSION, {
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
          : { signature: encodeSignature(this.#result.signature), proven: this.#result.proven, decrypters: [...this.#result.decrypters] },
    });
  }

  // ---- steps --------------------------------------------------------------------------------

  #context(): SignContext {
    const { key, dwallet, presign, digest } = this.#config;
    return { key, dwallet, presign, digest };
  }

  #message(): UserSignMessage {
    try {
      return decodeUserSignMessage(this.#config.key, this.#config.userMessage);
    } catch (error) {
      if (error instanceof DWalletError) {
        throw new UserMessageRejection(
          EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE,
          'encoding',
          `sign message: the message does not decode: ${error.message}`,
          {},
          { cause: error },
        );
      }
      throw error;
    }
  }

  #predicate(): (plaintexts: readonly bigint[]) => boolean {
    const request = this.#request as VerifiedSignRequest;
    return (plaintexts) => signatureFromPlaintexts(request, plaintexts) !== undefined;
  }

  #build(): void {
    this.#decryption = signDecryptionSession(this.#config.thresholdKey, this.#request as VerifiedSignRequest, this.#identity.sessionId);
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
    const signature = signatureFromPlaintexts(this.#request as VerifiedSignRequest, plaintexts);
    if (signature === undefined) return;
    this.#result = { signature, proven, decrypters };
    ctx.cancelTimer(FALLBACK_TIMER);
    ctx.cancelTimer(COMBINE_TIMER);
    ctx.cancelTimer(SIGN_STANDBY_TIMER);
    // With a designated combiner the others wait for a signature: whoever combined sends it, once.
    if (this.#combiner !== undefined && ctx.store.slot(SIGNATURE_ROUND.round, SignKinds.SIGNATURE, 0, this.#identity.self).length === 0) {
      ctx.send(SIGNATURE_ROUND.round, SignKinds.SIGNATURE, 0, encodeSignature(signature));
    }
  }

  /**
   * Another validator's signature (the first of its slot): the verified request's signature is
   * the output; anything else is blamed, with the signed message as evidence anyone can check.
   */
  #acceptSignature(ctx: SessionContext, stored: StoredMessage, blame: boolean): void {
    if (stored.own || this.#result !== undefined || this.#aborted !== undefined) return;
    const signature = checkReceivedSignature(this.#request as VerifiedSignRequest, stored.payload as Uint8Array);
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

/** The sign session (create it with mpc/session/runtime.ts createSession). Creating it consumes the presign in the config's ledger. */
export const signSession: SessionDefinition<SignSessionConfig, SignSessionOutput> = {
  protocol: SIGN_SESSION_PROTOCOL,
  rounds: (config, identity) => {
    checkConfig(config, identity);
    return signRounds(config);
  },
  create: (config, identity) => {
    const protocol = new SignProtocol(config, identity);
    config.ledger.consume(config.presign);
    return protocol;
  },
  restore: (config, identity, state) => new SignProtocol(config, identity, state),
};

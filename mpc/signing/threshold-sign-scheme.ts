/**
 * What a signature scheme gives the validators' threshold-sign session (session.ts) — the
 * adapter between the scheme-independent machinery (optimistic decryption, proven shares and
 * blame, the designated combiner, standbys, re-sends, persistence) and one scheme's cryptography:
 * ECDSA (PROTOCOL.md §8: ct_A and ct_αβ, s = pt_αβ⁻¹·pt_A) or the Schnorr family (§9: one
 * ciphertext ct_s, s = k + e·x).
 *
 * The session needs of a scheme only what is public: whether the user's message verifies and the
 * request it makes, the ciphertexts that request decrypts, and the public predicate on their
 * plaintexts — a signature that verifies under the dWallet's key — which decides the optimistic
 * attempt and, on the sad path, makes the proven combination's output safe to publish. For fixed
 * request the predicate admits exactly one encoded signature (each scheme's normalisation makes
 * it unique), so every honest validator outputs the same bytes whoever combined, and a signature
 * another validator sends is checked by recomputing that encoding.
 * @module
 */
import type { ClCiphertext } from '../cl/encryption.ts';
import type { ThresholdPublicKey } from '../threshold/keys.ts';
import type { PartyKeyShare } from '../threshold/secret-share.ts';

/** A user's message the network refuses (the chain records code, check and reason). */
export interface SignRejection {
  readonly status: 'rejected';
  readonly code: string;
  /** The check that failed (e.g. "encoding", "proof:nonce"). */
  readonly check: string;
  readonly reason: string;
}

/** The verdict on the user's sign message: the request it makes, or its rejection. */
export type UserMessageVerdict<Request> = { readonly status: 'accepted'; readonly request: Request } | SignRejection;

/** The scheme-independent part of a sign session's configuration (each scheme's config extends it). */
export interface ThresholdSignSessionConfig {
  readonly thresholdKey: ThresholdPublicKey;
  /** This validator's key share (its party must be the session's `self`). */
  readonly keyShare: PartyKeyShare;
  /**
   * The user's message was verified before (a future-sign message the network certified when it
   * was stored, or a shared dWallet's message this validator computed itself): its proofs are not
   * checked again, only its request is taken.
   */
  readonly verifiedBefore?: boolean;
  /** The first re-send of this validator's own messages (then doubling). */
  readonly resendMs?: number;
  /**
   * Who combines the shares: every validator, or one designated validator whose signature the
   * others check. Default: `designated` when the threshold is at least
   * DESIGNATED_COMBINER_MIN_THRESHOLD virtual parties, else `every` (session.ts).
   */
  readonly combiners?: 'every' | 'designated';
  /** The wait for the designated combiner's signature (default defaultCombineWaitMs(t)). */
  readonly combineWaitMs?: number;
  /** Whether validators outside the session's signers stand by (signers.ts). Default false. */
  readonly standbys?: boolean;
  /** A standby's wait after each share it receives (default DEFAULT_STANDBY_WAIT_MS). */
  readonly standbyWaitMs?: number;
  /** A standby's wait from its start while no share has come (default DEFAULT_STANDBY_START_WAIT_MS). */
  readonly standbyStartWaitMs?: number;
}

/**
 * One scheme's side of the threshold-sign session. `Request` is what a verified user message asks
 * the network to decrypt and check; `Signature` is the scheme's signature value.
 */
export interface ThresholdSignScheme<Config extends ThresholdSignSessionConfig, Request, Signature> {
  /** The session protocol label (bound into every round message; a stored session carries it). */
  readonly protocol: string;
  /**
   * The protocol and round bound into the EDL proofs of the decryption shares (with the session
   * id: threshold/session.ts DecryptionContext), so proofs of one scheme's session cannot be
   * replayed into another's.
   */
  readonly decryptionProtocol: string;
  readonly decryptionRound: string;
  /** How many ciphertexts a request decrypts (the length of every share row). */
  readonly ciphertextCount: number;
  /** The length of an encoded signature. */
  readonly signatureBytes: number;
  /** The scheme's typed error for a configuration that does not fit the session. */
  invalidConfig(reason: string): Error;
  /** The scheme's own checks of the configuration (e.g. the threshold key decrypts under the network key); throws. */
  checkConfig(config: Config): void;
  /** Creating a session consumes the presign its config names (a presign signs once, ever). */
  consumePresign(config: Config): void;
  /** Decodes and verifies the user's message: the request it makes, or the rejection the chain records. */
  verify(config: Config): UserMessageVerdict<Request>;
  /** The request of a message verified before (no proof checked); a rejection only when it does not decode. */
  requestOf(config: Config): UserMessageVerdict<Request>;
  /** The ciphertexts the request decrypts, in order ({@link ciphertextCount} of them). */
  ciphertexts(request: Request): readonly ClCiphertext[];
  /** The signature the plaintexts give, verified under the dWallet's key, or undefined (a faulty share). */
  signatureFromPlaintexts(request: Request, plaintexts: readonly bigint[]): Signature | undefined;
  /** The request's signature when `bytes` are exactly its encoding, else undefined (public, deterministic). */
  checkReceivedSignature(request: Request, bytes: Uint8Array): Signature | undefined;
  encodeSignature(signature: Signature): Uint8Array;
  /** Decodes a signature this validator saved with its state. */
  decodeSignature(config: Config, bytes: Uint8Array): Signature;
}

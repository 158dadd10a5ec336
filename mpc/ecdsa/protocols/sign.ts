/**
 * The validators' ECDSA sign session (PROTOCOL.md §8, "Network"; reference notes §2B (g)): the
 * threshold-sign session of mpc/signing/session.ts — optimistic decryption, the proven round
 * with blame and retry without the blamed, the designated combiner, standbys, re-sends and
 * persistence are described there — instantiated with ECDSA's side:
 *
 *   start    verify the user's sign message (sign/verify.ts: the non-zero, UC, DComEq, DComDL,
 *            VecDComDL and both DComEval proofs) — a failure completes the session with a
 *            rejection the chain records, before any decryption share exists — then send this
 *            validator's unproven decryption shares of (ct_A, ct_αβ)
 *   round 1  "share": once shares of weight ≥ t are in, combine them, compute
 *            s = pt_αβ⁻¹·pt_A mod q, normalise it (low s) and verify the signature under X with
 *            its recovery id (sign/network.ts signatureFromPlaintexts). If it verifies, that is
 *            the output: one round on the happy path.
 *   round 2  "proven-share": EDL-proven shares of (ct_A, ct_αβ), blame and retry (generic).
 *   round 3  "signature": with a designated combiner, r ‖ s ‖ recovery id (65 bytes); the others
 *            check it with {@link checkReceivedSignature}: the unique low-s signature of the
 *            verified request under X whose recovery id recovers X — for fixed (X, m, r) exactly
 *            one such encoding exists, so the output does not depend on who combined.
 *
 * A standby (mpc/signing/signers.ts) takes the request of the message without checking its
 * proofs (sign/verify.ts signRequestOf) and verifies only when it steps in; `verifiedBefore`
 * (a future-sign message certified when stored, or a shared dWallet's message this validator
 * computed itself) does the same for every validator.
 *
 * The protocol label, round table, message formats and saved state are those this session had
 * before the machinery moved to mpc/signing, so stored sessions and peers are unaffected.
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import { DWalletError } from '../../errors.ts';
import type { SessionDefinition } from '../../session/protocol.ts';
import { type ThresholdSignOutput, thresholdSignSession, thresholdSignShareSchemas } from '../../signing/session.ts';
import { isSignStandby as isStandby } from '../../signing/signers.ts';
import type { ThresholdSignScheme, ThresholdSignSessionConfig, UserMessageVerdict } from '../../signing/threshold-sign-scheme.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import type { DecryptionShareMessage, ProvenDecryptionShareMessage } from '../../threshold/messages.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes, UserMessageRejection } from '../errors.ts';
import type { SignDigest } from '../hash-schemes.ts';
import { decodeUserSignMessage } from '../messages.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { PresignLedger } from '../presign/ledger.ts';
import type { Presign } from '../presign/presign.ts';
import { SIGN_PROTOCOL, type SignContext, type UserSignMessage } from '../sign/message.ts';
import { checkReceivedSignature, SIGN_DECRYPTION_ROUND, signatureFromPlaintexts } from '../sign/network.ts';
import { signRequestOf, type VerifiedSignRequest, verifyUserSignMessage } from '../sign/verify.ts';
import { decodeSignature, type EcdsaSignature, encodeSignature, SIGNATURE_BYTES } from '../signature.ts';
import { rejectionOf } from './verification.ts';

export {
  DEFAULT_RESEND_MS,
  DEFAULT_STANDBY_START_WAIT_MS,
  DEFAULT_STANDBY_WAIT_MS,
  DESIGNATED_COMBINER_MIN_THRESHOLD,
  defaultCombineWaitMs,
  INVALID_SIGNATURE_BLAME,
  MAX_RESENDS,
  PROOFS_ROUND,
  SHARES_ROUND,
  SIGN_STANDBY_TIMER,
  SIGNATURE_ROUND,
  SignKinds,
  type SignRole,
  signSigners,
} from '../../signing/session.ts';

export const SIGN_SESSION_PROTOCOL = '2pc-mpc/ecdsa/sign-session';

/** The ciphertexts a sign session decrypts: ct_A and ct_αβ. */
const SIGN_CIPHERTEXTS = 2;

export interface SignSessionConfig extends ThresholdSignSessionConfig {
  readonly key: NetworkKeyParts;
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
}

export type SignSessionOutput = ThresholdSignOutput<EcdsaSignature>;

/** Whether this validator (the key share's party) stands by in the sign session `sessionId` of `config`. */
export function isSignStandby(config: SignSessionConfig, sessionId: Uint8Array): boolean {
  return isStandby(config, sessionId);
}

/** The payload schemas of the session's two share kinds (for tools and tests that read or forge share messages). */
export function signShareSchemas(thresholdKey: ThresholdPublicKey): {
  unproven: BcsType<DecryptionShareMessage, DecryptionShareMessage>;
  proven: BcsType<ProvenDecryptionShareMessage, ProvenDecryptionShareMessage>;
} {
  return thresholdSignShareSchemas(thresholdKey, SIGN_CIPHERTEXTS);
}

function contextOf(config: SignSessionConfig): SignContext {
  const { key, dwallet, presign, digest } = config;
  return { key, dwallet, presign, digest };
}

function messageOf(config: SignSessionConfig): UserSignMessage {
  try {
    return decodeUserSignMessage(config.key, config.userMessage);
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

/** The verdict of `decide`: a typed error (DWalletError) is the rejection it names, anything else a bug. */
function verdictOf(decide: () => VerifiedSignRequest): UserMessageVerdict<VerifiedSignRequest> {
  try {
    return { status: 'accepted', request: decide() };
  } catch (error) {
    return rejectionOf(error);
  }
}

/** ECDSA's side of the threshold-sign session (PROTOCOL.md §8). */
export const ecdsaThresholdSignScheme: ThresholdSignScheme<SignSessionConfig, VerifiedSignRequest, EcdsaSignature> = {
  protocol: SIGN_SESSION_PROTOCOL,
  decryptionProtocol: SIGN_PROTOCOL,
  decryptionRound: SIGN_DECRYPTION_ROUND,
  ciphertextCount: SIGN_CIPHERTEXTS,
  signatureBytes: SIGNATURE_BYTES,
  invalidConfig: (reason) => new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, reason),
  checkConfig: (config) => {
    if (
      config.thresholdKey.encryptionKey.form.a !== config.key.encryptionKey.form.a ||
      config.thresholdKey.encryptionKey.form.b !== config.key.encryptionKey.form.b
    ) {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, 'the threshold key does not decrypt under the network key’s pk');
    }
  },
  consumePresign: (config) => config.ledger.consume(config.presign),
  verify: (config) => verdictOf(() => verifyUserSignMessage(contextOf(config), messageOf(config))),
  requestOf: (config) => verdictOf(() => signRequestOf(contextOf(config), messageOf(config))),
  ciphertexts: (request) => [request.encryptedPartialSignature, request.encryptedDisplacedMask],
  signatureFromPlaintexts,
  checkReceivedSignature,
  encodeSignature,
  decodeSignature: (config, bytes) => decodeSignature(config.key.curve, bytes),
};

/** The sign session (create it with mpc/session/runtime.ts createSession). Creating it consumes the presign in the config's ledger. */
export const signSession: SessionDefinition<SignSessionConfig, SignSessionOutput> = thresholdSignSession(ecdsaThresholdSignScheme);

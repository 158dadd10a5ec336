/**
 * The validators' verification of a user's sign message (PROTOCOL.md §8, "Network"): recompute
 * μ_k, ct_γk', R'_B, ct_γx_B, r and the commitments C₁ = r·C_kx + m·C_k, C₂ = r·C_k, and verify
 * every proof of the message — the two non-zero proofs, the UC proof for β, DComEq, DComDL,
 * VecDComDL and the two DComEval proofs (PROTOCOL.md counts seven; with both non-zero proofs they
 * are eight). A failure is a {@link UserMessageRejection} naming the check, which the chain
 * records; it happens before any decryption share exists, so a bad message costs the network
 * only this verification.
 *
 * The function of (network key, dWallet, presign, message, digest) it is, the network can run it
 * when a future-sign message is stored and again, or not, when a matching approval arrives.
 *
 * Checks run cheapest first, in a fixed order; the two DComEval proofs (class-group
 * multi-exponentiations, most of the cost) come last, checked together in one randomized
 * multi-exponentiation (proofs/dcom-eval-combined.ts) with each proof verified alone, in the fixed
 * order, only when that check fails — so the verdict and the check a rejection names are those of
 * verifying every proof alone ({@link verifyUserSignMessageOneByOne}), at every honest validator.
 * ct_γk' and ct_γx_B are never computed here: their languages bind them by their parts, and the
 * combined check raises the presign's ciphertexts directly.
 *
 * For a validator: pass the presign's prepared bases (prepared.ts, built while the presign waits
 * in the pool) as `options.prepared`, and verify several pending messages at once with
 * `verifyUserSignMessages` (batch.ts). Everything here is public.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { DWalletError } from '../../errors.ts';
import type { RandomSource } from '../../numbers/random.ts';
import { type DComEvalInstance, dcomEvalCombinedCheck } from '../../proofs/dcom-eval-combined.ts';
import { verifyFischlin } from '../../proofs/fischlin.ts';
import { dcomLanguage } from '../../proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../proofs/languages/dcom-eq.ts';
import { dcomEvalCombinationLanguage, dcomEvalStatement } from '../../proofs/languages/dcom-eval.ts';
import { verifyNonZeroCommitment } from '../../proofs/languages/nonzero-commitment.ts';
import { vecDcomDlLanguage } from '../../proofs/languages/vec-dcom-dl.ts';
import { type VerificationResult, verifyMaurer } from '../../proofs/maurer.ts';
import { assertDWalletOfKey } from '../dkg/output.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../errors.ts';
import { digestScalar } from '../hash-schemes.ts';
import { assertPresignFor } from '../presign/presign.ts';
import { nonceScalar } from '../signature.ts';
import { decodeUserSignMessage } from './encoding.ts';
import { type SignContext, SignProofs, signProofContext, type UserSignMessage } from './message.ts';
import { type PreparedSignVerification, preparedBasesFor } from './prepared.ts';
import { combinedNetworkNonce, combinedNonceParts, maskedKeyParts, nonceRandomizers } from './randomizers.ts';

/** What the network decrypts and checks once the message has verified. */
export interface VerifiedSignRequest {
  readonly curve: Curve;
  /** X, the key the signature must verify under. */
  readonly publicKey: CurvePoint;
  /** m, the digest as a scalar. */
  readonly digest: bigint;
  /** R, the signature's nonce point. */
  readonly nonce: CurvePoint;
  /** ct_A = Enc(γ·k_A·(m + r·x)) */
  readonly encryptedPartialSignature: ClCiphertext;
  /** ct_αβ = Enc(γ·k_B) */
  readonly encryptedDisplacedMask: ClCiphertext;
}

function reject(check: string, message: string, cause?: unknown): UserMessageRejection {
  return new UserMessageRejection(
    EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE,
    check,
    `sign message: ${message}`,
    {},
    cause ? { cause } : undefined,
  );
}

function require(check: string, result: VerificationResult): void {
  if (!result.valid) throw reject(check, `the proof ${check.slice('proof:'.length)} does not verify (${result.reason})`);
}

/** What the message claims, taken as is (for a message the network has verified before). */
export function signRequestOf(context: SignContext, message: UserSignMessage): VerifiedSignRequest {
  return {
    curve: context.key.curve,
    publicKey: context.dwallet.publicKey,
    digest: digestScalar(context.key.curve, context.digest),
    nonce: message.nonce,
    encryptedPartialSignature: message.encryptedPartialSignature,
    encryptedDisplacedMask: message.encryptedDisplacedMask,
  };
}

/**
 * Everything the verdict needs: the request the message makes, and its two DComEval proofs, which
 * are not verified yet (the costly part, see {@link verifyUserSignMessage}).
 */
export interface CheckedSignMessage {
  readonly request: VerifiedSignRequest;
  /** DComEval[ct_γ, ct_γk'](ct_αβ, C_β, C_α) */
  readonly displacedMask: DComEvalInstance;
  /** DComEval[ct_γ, ct_γx_B](ct_A, C₁, C₂) */
  readonly partialSignature: DComEvalInstance;
}

/**
 * Every check of the message except the two DComEval proofs, in the fixed order (throws a
 * {@link UserMessageRejection} naming the first that fails), and those two proofs ready to verify.
 */
export function checkUserSignMessage(context: SignContext, message: UserSignMessage): CheckedSignMessage {
  const { key, dwallet, presign } = context;
  const { curve, encryptionKey } = key;
  const G = curve.generator;
  try {
    assertDWalletOfKey(key, dwallet);
    assertPresignFor(key, dwallet, presign);
  } catch (error) {
    if (error instanceof DWalletError) throw reject('presign', error.message, error);
    throw error;
  }
  const m = digestScalar(curve, context.digest);
  const r = nonceScalar(curve, message.nonce);
  if (r === 0n) throw reject('nonce', 'r = R.x mod q is zero');
  const ctx = (name: (typeof SignProofs)[keyof typeof SignProofs]) => signProofContext(presign, name);

  require('proof:nonce-non-zero', verifyNonZeroCommitment(
    curve,
    ctx(SignProofs.NONCE_NON_ZERO),
    message.nonceCommitment,
    message.proofs.nonceNonZero,
  ));
  require('proof:alpha-non-zero', verifyNonZeroCommitment(
    curve,
    ctx(SignProofs.ALPHA_NON_ZERO),
    message.alphaCommitment,
    message.proofs.alphaNonZero,
  ));
  require('proof:beta', verifyFischlin(dcomLanguage(curve), ctx(SignProofs.BETA), [message.betaCommitment], message.proofs.beta));
  require('proof:nonce-key', verifyMaurer(
    dcomEqLanguage(curve, dwallet.userPublicShare),
    ctx(SignProofs.NONCE_KEY),
    [[message.nonceCommitment, message.nonceKeyCommitment]],
    message.proofs.nonceKey,
  ));
  require('proof:nonce', verifyMaurer(
    dcomDlLanguage(curve, message.nonce),
    ctx(SignProofs.NONCE),
    [[message.nonceCommitment, message.displacedNetworkNonce]],
    message.proofs.nonce,
  ));

  const mus = nonceRandomizers(context, { ...message, ...message.proofs });
  const networkNonce = combinedNetworkNonce(context, mus);
  if (networkNonce.is0()) throw reject('presign', "the presign's combined nonce is the identity");
  require('proof:displacement', verifyMaurer(
    vecDcomDlLanguage(curve, networkNonce, G),
    ctx(SignProofs.DISPLACEMENT),
    [[message.alphaCommitment, message.betaCommitment, message.displacedNetworkNonce]],
    message.proofs.displacement,
  ));
  // C₁ = r·C_kx + m·C_k commits to a₁ = r·k_A·x_A + m·k_A, C₂ = r·C_k to a₂ = r·k_A.
  const c1 = curve.multiScalarMultiply([message.nonceKeyCommitment, message.nonceCommitment], [r, m]);
  const c2 = curve.multiplyPublic(message.nonceCommitment, r);
  return {
    request: signRequestOf(context, message),
    displacedMask: {
      language: dcomEvalCombinationLanguage(curve, encryptionKey, presign.encryptedMask, combinedNonceParts(context, mus)),
      context: ctx(SignProofs.DISPLACED_MASK),
      statement: dcomEvalStatement(message.encryptedDisplacedMask, [message.betaCommitment, message.alphaCommitment]),
      proof: message.proofs.displacedMask,
    },
    partialSignature: {
      language: dcomEvalCombinationLanguage(curve, encryptionKey, presign.encryptedMask, maskedKeyParts(context)),
      context: ctx(SignProofs.PARTIAL_SIGNATURE),
      statement: dcomEvalStatement(message.encryptedPartialSignature, [c1, c2]),
      proof: message.proofs.partialSignature,
    },
  };
}

/** The verdict on the two DComEval proofs, each verified alone, in the fixed order. */
export function decideEvaluations(checked: CheckedSignMessage): void {
  for (const [check, instance] of [
    ['proof:displaced-mask', checked.displacedMask],
    ['proof:partial-signature', checked.partialSignature],
  ] as const) {
    require(check, verifyMaurer(instance.language, instance.context, [instance.statement], instance.proof));
  }
}

/**
 * The reference verifier: every proof verified alone, in the fixed order. The verdict, and the
 * check a rejection names, of {@link verifyUserSignMessage} and `verifyUserSignMessages` are this
 * one's (tests compare them); it is also their fallback.
 */
export function verifyUserSignMessageOneByOne(context: SignContext, message: UserSignMessage): VerifiedSignRequest {
  const checked = checkUserSignMessage(context, message);
  decideEvaluations(checked);
  return checked.request;
}

export interface SignVerificationOptions {
  /** The presign's prepared bases (prepared.ts); without them the verdict is the same, found slower. */
  readonly prepared?: PreparedSignVerification;
  /** The randomness of the combined check's weights (default: the system's). */
  readonly rng?: RandomSource;
}

/**
 * Verifies the message for the digest; throws a {@link UserMessageRejection}. The two DComEval
 * proofs are checked together (proofs/dcom-eval-combined.ts: one multi-exponentiation, the
 * presign's prepared bases used when given); if that combined check fails, each is verified alone
 * in the fixed order and the first that fails is the one named, so the verdict and the named check
 * are those of {@link verifyUserSignMessageOneByOne} at every honest validator.
 */
export function verifyUserSignMessage(
  context: SignContext,
  message: UserSignMessage,
  options: SignVerificationOptions = {},
): VerifiedSignRequest {
  const checked = checkUserSignMessage(context, message);
  const passed = dcomEvalCombinedCheck([checked.displacedMask, checked.partialSignature], {
    ...(options.rng === undefined ? {} : { rng: options.rng }),
    prepared: preparedBasesFor(options.prepared, context.presign),
  });
  if (!passed) decideEvaluations(checked);
  return checked.request;
}

/** Decodes and verifies the sign message bytes recorded on chain. */
export function verifyUserSignMessageBytes(
  context: SignContext,
  bytes: Uint8Array,
  options: SignVerificationOptions = {},
): VerifiedSignRequest {
  let message: UserSignMessage;
  try {
    message = decodeUserSignMessage(context.key, bytes);
  } catch (error) {
    if (error instanceof DWalletError) throw reject('encoding', `the message does not decode: ${error.message}`, error);
    throw error;
  }
  return verifyUserSignMessage(context, message, options);
}

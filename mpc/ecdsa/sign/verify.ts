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
 * Checks run cheapest first; the two DComEval verifications (class-group multi-exponentiations)
 * come last. Everything here is public.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { DWalletError } from '../../errors.ts';
import { verifyFischlin } from '../../proofs/fischlin.ts';
import { dcomLanguage } from '../../proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../proofs/languages/dcom-eq.ts';
import { dcomEvalLanguage, dcomEvalStatement } from '../../proofs/languages/dcom-eval.ts';
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
import { combinedNetworkNonce, combinedNonceCiphertext, maskedKeyCiphertext, nonceRandomizers } from './randomizers.ts';

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

/** Verifies the message for the digest; throws a {@link UserMessageRejection}. */
export function verifyUserSignMessage(context: SignContext, message: UserSignMessage): VerifiedSignRequest {
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
  require('proof:displaced-mask', verifyMaurer(
    dcomEvalLanguage(curve, encryptionKey, [presign.encryptedMask, combinedNonceCiphertext(context, mus)]),
    ctx(SignProofs.DISPLACED_MASK),
    [dcomEvalStatement(message.encryptedDisplacedMask, [message.betaCommitment, message.alphaCommitment])],
    message.proofs.displacedMask,
  ));
  // C₁ = r·C_kx + m·C_k commits to a₁ = r·k_A·x_A + m·k_A, C₂ = r·C_k to a₂ = r·k_A.
  const c1 = curve.multiScalarMultiply([message.nonceKeyCommitment, message.nonceCommitment], [r, m]);
  const c2 = curve.multiplyPublic(message.nonceCommitment, r);
  require('proof:partial-signature', verifyMaurer(
    dcomEvalLanguage(curve, encryptionKey, [presign.encryptedMask, maskedKeyCiphertext(context)]),
    ctx(SignProofs.PARTIAL_SIGNATURE),
    [dcomEvalStatement(message.encryptedPartialSignature, [c1, c2])],
    message.proofs.partialSignature,
  ));
  return signRequestOf(context, message);
}

/** Decodes and verifies the sign message bytes recorded on chain. */
export function verifyUserSignMessageBytes(context: SignContext, bytes: Uint8Array): VerifiedSignRequest {
  let message: UserSignMessage;
  try {
    message = decodeUserSignMessage(context.key, bytes);
  } catch (error) {
    if (error instanceof DWalletError) throw reject('encoding', `the message does not decode: ${error.message}`, error);
    throw error;
  }
  return verifyUserSignMessage(context, message);
}

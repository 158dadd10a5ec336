/**
 * The validators' verification of a user's Schnorr sign message (PROTOCOL-EXTENSIONS.md §9.1):
 * recompute μ_k, K = K_A + K_B0 + μ_k·K_B1, σ_K and e, and check the user's Schnorr equation
 *     z_A·G = σ_K·K_A + e·(a·X_A + b·G)
 * (Taproot: a = σ_Q·σ_X, b = σ_Q·t; EdDSA: a = 1, b = 0). A failure is a
 * {@link UserMessageRejection} (code ECDSA_INVALID_SIGN_MESSAGE, the chain's reason for a sign
 * message that fails a check, whatever the algorithm) naming the check; it happens before any
 * decryption share exists. On success the request holds the ciphertext the network decrypts:
 *     ct_s = σ_K⊙(ct_k0 ⊕ μ_k⊙ct_k1) ⊕ (e·a)⊙ct_key ⊕ Enc(z_A; 0)
 * which encrypts s = σ_K·(k_A + k₀ + μ_k·k₁) + e·(a·x + b), the response for the nonce σ_K·K
 * (z_A carries the user's part, e·a⊙ct_key the network's a·x_B). Why the key term is e·a and not e:
 * the signing secret is d = a·x + b = a·x_A + a·x_B + b, and only x_B is encrypted.
 *
 * The evaluation needs no circuit-privacy masking: its coefficients (σ_K, σ_K·μ_k, e·a) and z_A are
 * public, and what is decrypted, s, is the published signature's response. Everything here is
 * public; the check uses variable-time multiplication.
 * @module
 */

import type { ClCiphertext } from '../../cl/encryption.ts';
import { clEncryptWith } from '../../cl/encryption.ts';
import { clAdd, clLinearCombination } from '../../cl/homomorphic.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../ecdsa/errors.ts';
import { DWalletError } from '../../errors.ts';
import { mod } from '../../numbers/modular.ts';
import type { SchnorrAlgorithm, SchnorrScheme, SchnorrSigningKey } from '../scheme.ts';
import { decodeSchnorrUserSignMessage } from './encoding.ts';
import type { SchnorrSignContext, SchnorrUserSignMessage } from './message.ts';
import { type SchnorrSignSetting, type SchnorrSignTerms, schnorrSignSettingOr, schnorrSignTerms } from './randomizers.ts';

/** The check names of a rejection (UserMessageRejection.check), stable across releases. */
export const SchnorrSignChecks = {
  CONTEXT: 'context',
  ENCODING: 'encoding',
  NONCE: 'nonce',
  RESPONSE: 'response',
} as const;

/** What the network decrypts and checks once the message has verified. */
export interface VerifiedSchnorrSignRequest {
  readonly scheme: SchnorrScheme;
  readonly curve: Curve;
  readonly algorithm: SchnorrAlgorithm;
  /** The key the signature verifies under (x(Q) or enc(X)). */
  readonly signingKey: SchnorrSigningKey;
  /** What is signed: m (Taproot) or M (EdDSA). */
  readonly signedMessage: Uint8Array;
  /** K = K_A + K_B0 + μ_k·K_B1, as combined (the scheme encodes x(K) or enc(K)). */
  readonly nonce: CurvePoint;
  /** ct_s, the one ciphertext the network decrypts. */
  readonly encryptedResponse: ClCiphertext;
}

function reject(check: string, message: string, cause?: unknown): UserMessageRejection {
  return new UserMessageRejection(
    EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE,
    check,
    `Schnorr sign message: ${message}`,
    {},
    cause ? { cause } : undefined,
  );
}

function settingOf(context: SchnorrSignContext): SchnorrSignSetting {
  return schnorrSignSettingOr(context, (error) => reject(SchnorrSignChecks.CONTEXT, error.message, error));
}

function termsOf(context: SchnorrSignContext, setting: SchnorrSignSetting, message: SchnorrUserSignMessage): SchnorrSignTerms {
  const terms = schnorrSignTerms(context, setting, message.nonce);
  if (terms === undefined) throw reject(SchnorrSignChecks.NONCE, 'the combined nonce K is the identity');
  return terms;
}

/** ct_s = σ_K⊙(ct_k0 ⊕ μ_k⊙ct_k1) ⊕ (e·a)⊙ct_key ⊕ Enc(z_A; 0) */
function requestOf(
  context: SchnorrSignContext,
  setting: SchnorrSignSetting,
  terms: SchnorrSignTerms,
  message: SchnorrUserSignMessage,
): VerifiedSchnorrSignRequest {
  const { key, dwallet, presign } = context;
  const { encryptionKey } = key;
  const q = key.curve.order;
  const [ct0, ct1] = presign.encryptedNonceParts;
  const coefficients = [mod(terms.nonceSign, q), mod(terms.nonceSign * terms.mu, q), mod(terms.challenge * setting.signingKey.keySign, q)];
  const combined = clLinearCombination(encryptionKey.setup, coefficients, [ct0, ct1, dwallet.encryptedNetworkShare]);
  return Object.freeze({
    scheme: setting.scheme,
    curve: key.curve,
    algorithm: context.algorithm,
    signingKey: setting.signingKey,
    signedMessage: setting.signedMessage,
    nonce: terms.nonce,
    encryptedResponse: clAdd(encryptionKey.setup, combined, clEncryptWith(encryptionKey, message.response, 0n)),
  });
}

/**
 * Verifies a decoded message: the context fits, K ≠ identity, and
 * z_A·G = σ_K·K_A + e·(a·X_A + b·G). Throws a {@link UserMessageRejection} naming the check.
 */
export function verifyDecodedSchnorrUserSignMessage(
  context: SchnorrSignContext,
  message: SchnorrUserSignMessage,
): VerifiedSchnorrSignRequest {
  const setting = settingOf(context);
  const terms = termsOf(context, setting, message);
  const { curve } = context.key;
  const { keySign, keyOffset } = setting.signingKey;
  const e = terms.challenge;
  // z_A·G − σ_K·K_A − e·a·X_A − e·b·G must be the identity (one variable-time MSM over public values).
  const residue = curve.multiScalarMultiply(
    [curve.generator, message.nonce, context.dwallet.userPublicShare],
    [message.response - e * keyOffset, -terms.nonceSign, -e * keySign],
  );
  if (!residue.is0()) throw reject(SchnorrSignChecks.RESPONSE, "z_A·G ≠ σ_K·K_A + e·(a·X_A + b·G): the user's response does not verify");
  return requestOf(context, setting, terms, message);
}

/** Decodes and verifies the sign message bytes recorded on chain (see {@link verifyDecodedSchnorrUserSignMessage}). */
export function verifySchnorrUserSignMessage(context: SchnorrSignContext, bytes: Uint8Array): VerifiedSchnorrSignRequest {
  let message: SchnorrUserSignMessage;
  try {
    message = decodeSchnorrUserSignMessage(context.key.curve, bytes);
  } catch (error) {
    if (error instanceof DWalletError) throw reject(SchnorrSignChecks.ENCODING, `the message does not decode: ${error.message}`, error);
    throw error;
  }
  return verifyDecodedSchnorrUserSignMessage(context, message);
}

/**
 * The request of a message taken as is, without the response check: for a message the network
 * computed itself (a shared dWallet, shared.ts) or verified before. The context is still checked
 * (a rejection names it).
 */
export function schnorrSignRequestOf(context: SchnorrSignContext, message: SchnorrUserSignMessage): VerifiedSchnorrSignRequest {
  const setting = settingOf(context);
  return requestOf(context, setting, termsOf(context, setting, message), message);
}

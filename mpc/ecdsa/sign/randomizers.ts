/**
 * The nonce randomizers of signing (PROTOCOL.md §8, sign step 2; the reference's μ_k, reference
 * notes §2B (g)): μ_k⁰, μ_k¹, μ_k^G ← transcript(presign session id, m, X, X_A, dWallet, presign,
 * C_k, C_α, C_β, C_kx, π_k, π_α, π_β), each squeezed with |q| + 192 bits and reduced mod q, and
 *     ct_γk' = μ_k⁰⊙ct_γk⁰ ⊕ μ_k¹⊙ct_γk¹ ⊕ μ_k^G⊙ct_γ = Enc(γ·k'),
 *     R'_B   = μ_k⁰·R_B,0 + μ_k¹·R_B,1 + μ_k^G·G   = k'·G,   k' = μ_k⁰k₀ + μ_k¹k₁ + μ_k^G.
 * The user commits to k_A, α and β (and proves it knows β in a UC way) before the μ's exist, so it
 * cannot choose its values as a function of k'; the validators fixed k₀, k₁ in the presign before
 * any user existed. The nonce R = (α·k' + β)/k_A·G is therefore random unless both sides collude.
 *
 * Everything here is public.
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import type { FischlinProof } from '../../proofs/fischlin.ts';
import type { CiphertextCombination } from '../../proofs/languages/dcom-eval.ts';
import type { MaurerProof } from '../../proofs/maurer.ts';
import { curveIdOf } from '../../signing/algorithms.ts';
import { Transcript } from '../../transcript.ts';
import { encodeDWalletOutput } from '../dkg/encoding.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { digestScalar } from '../hash-schemes.ts';
import { encodePresign } from '../presign/encoding.ts';
import { encodeBetaProof, encodeNonZeroProof } from './encoding.ts';
import type { SignContext } from './message.ts';

export const NONCE_RANDOMIZERS_LABEL = '2pc-mpc/ecdsa/sign/randomizers/v1';

export interface NonceRandomizers {
  readonly mu0: bigint;
  readonly mu1: bigint;
  readonly muG: bigint;
}

/** What the user commits to before the randomizers are drawn. */
export interface NonceCommitments {
  readonly nonceCommitment: CurvePoint;
  readonly alphaCommitment: CurvePoint;
  readonly betaCommitment: CurvePoint;
  readonly nonceKeyCommitment: CurvePoint;
  readonly nonceNonZero: MaurerProof;
  readonly alphaNonZero: MaurerProof;
  readonly beta: FischlinProof;
}

export function nonceRandomizers(context: SignContext, commitments: NonceCommitments): NonceRandomizers {
  const { key, dwallet, presign } = context;
  const { curve } = key;
  const setup = key.encryptionKey.setup;
  const transcript = new Transcript(NONCE_RANDOMIZERS_LABEL);
  transcript.append('presign-session-id', presign.sessionId);
  transcript.appendNumber('curve', curveIdOf(curve));
  transcript.append('digest', curve.encodeScalar(digestScalar(curve, context.digest)));
  transcript.append('public-key', curve.encodePoint(dwallet.publicKey));
  transcript.append('user-public-share', curve.encodePoint(dwallet.userPublicShare));
  transcript.append('dwallet', encodeDWalletOutput(dwallet, setup));
  transcript.append('presign', encodePresign(presign, setup));
  transcript.append('nonce-commitment', curve.encodePoint(commitments.nonceCommitment));
  transcript.append('alpha-commitment', curve.encodePoint(commitments.alphaCommitment));
  transcript.append('beta-commitment', curve.encodePoint(commitments.betaCommitment));
  transcript.append('nonce-key-commitment', curve.encodePoint(commitments.nonceKeyCommitment));
  transcript.append('nonce-non-zero', encodeNonZeroProof(curve, commitments.nonceNonZero));
  transcript.append('alpha-non-zero', encodeNonZeroProof(curve, commitments.alphaNonZero));
  transcript.append('beta', encodeBetaProof(curve, commitments.beta));
  return {
    mu0: transcript.challengeScalar('mu/0', curve.order),
    mu1: transcript.challengeScalar('mu/1', curve.order),
    muG: transcript.challengeScalar('mu/G', curve.order),
  };
}

/** ct_γk' = μ_k⁰⊙ct_γk⁰ ⊕ μ_k¹⊙ct_γk¹ ⊕ μ_k^G⊙ct_γ, by its parts (the presign's ciphertexts). */
export function combinedNonceParts(context: SignContext, mus: NonceRandomizers): CiphertextCombination {
  const { presign } = context;
  const [k0, k1] = presign.encryptedMaskedNonceParts;
  return { ciphertexts: [k0, k1, presign.encryptedMask], coefficients: [mus.mu0, mus.mu1, mus.muG] };
}

/** R'_B = μ_k⁰·R_B,0 + μ_k¹·R_B,1 + μ_k^G·G (never the identity but with probability 1/q). */
export function combinedNetworkNonce(context: SignContext, mus: NonceRandomizers): CurvePoint {
  const { curve } = context.key;
  const [r0, r1] = context.presign.noncePublicParts;
  return curve.multiScalarMultiply([r0, r1, curve.generator], [mus.mu0, mus.mu1, mus.muG]);
}

/**
 * ct_γx_B by its parts: μ⁰⊙ct_γx⁰ ⊕ μ¹⊙ct_γx¹ ⊕ μ^G⊙ct_γ with the dWallet's μ's (universal), or
 * 1⊙ct_γx, the targeted presign's own ciphertext.
 */
export function maskedKeyParts(context: Pick<SignContext, 'dwallet' | 'presign'>): CiphertextCombination {
  const { dwallet, presign } = context;
  if (presign.kind === 'targeted') return { ciphertexts: [presign.encryptedMaskedKeyShare], coefficients: [1n] };
  if (dwallet.randomizers === undefined) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH, 'a universal presign needs a dWallet created by DKG');
  }
  const [x0, x1] = presign.encryptedMaskedKeyParts;
  const { mu0, mu1, muG } = dwallet.randomizers;
  return { ciphertexts: [x0, x1, presign.encryptedMask], coefficients: [mu0, mu1, muG] };
}

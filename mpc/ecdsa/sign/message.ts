/**
 * The user's sign message (PROTOCOL.md §8, step 5) and the context it is made in.
 *
 * A sign message is a function of (network key, dWallet, presign, digest): the network verifies it
 * against the digest of the message the chain approves, so the same bytes serve an immediate sign
 * request and a "future sign" (verified when stored, used when a matching approval arrives).
 *
 * Every proof of the message is bound (ProofContext.sessionId) to the presign's session id, not to
 * the chain session of the sign request: a future-sign message exists before the session that
 * completes it, and a presign signs exactly once, so its id identifies the signature.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { CurvePoint } from '../../curves/curve.ts';
import { type ProofContext, USER_PARTY_ID } from '../../proofs/context.ts';
import type { FischlinProof } from '../../proofs/fischlin.ts';
import type { MaurerProof } from '../../proofs/maurer.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import type { SignDigest } from '../hash-schemes.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { Presign } from '../presign/presign.ts';

export const SIGN_PROTOCOL = '2pc-mpc/ecdsa/sign';
export const SIGN_USER_ROUND = 'sign/user';

/** The proof names of the sign message (ProofContext.proof). */
export const SignProofs = {
  NONCE_NON_ZERO: 'nonce commitment non-zero',
  ALPHA_NON_ZERO: 'alpha commitment non-zero',
  BETA: 'beta commitment',
  NONCE_KEY: 'nonce and key share commitments',
  NONCE: 'nonce',
  DISPLACEMENT: 'displaced network nonce',
  DISPLACED_MASK: 'encryption of the displaced masked nonce',
  PARTIAL_SIGNATURE: 'encryption of the partial signature',
} as const;

export type SignProofName = (typeof SignProofs)[keyof typeof SignProofs];

/** What a sign message is made for. */
export interface SignContext {
  readonly key: NetworkKeyParts;
  readonly dwallet: DWalletOutput;
  readonly presign: Presign;
  readonly digest: SignDigest;
}

export interface SignMessageProofs {
  /** C_k commits to a non-zero k_A (DCom with C_k as message generator). */
  readonly nonceNonZero: MaurerProof;
  /** C_α commits to a non-zero α. */
  readonly alphaNonZero: MaurerProof;
  /** UC (Fischlin) DCom proof of an opening of C_β. */
  readonly beta: FischlinProof;
  /** DComEq(C_k, C_kx): C_kx = Com_{X_A,H}(k_A) for the k_A of C_k. */
  readonly nonceKey: MaurerProof;
  /** DComDL[R](C_k, R_B): R_B = k_A·R. */
  readonly nonce: MaurerProof;
  /** VecDComDL[R'_B, G](C_α, C_β, R_B): R_B = α·R'_B + β·G. */
  readonly displacement: MaurerProof;
  /** DComEval[ct_γ, ct_γk'](ct_αβ, C_β, C_α). */
  readonly displacedMask: MaurerProof;
  /** DComEval[ct_γ, ct_γx_B](ct_A, C₁, C₂), C₁ = r·C_kx + m·C_k, C₂ = r·C_k. */
  readonly partialSignature: MaurerProof;
}

export interface UserSignMessage {
  /** R = k_A⁻¹·R_B, the signature's nonce point. */
  readonly nonce: CurvePoint;
  /** R_B = α·R'_B + β·G */
  readonly displacedNetworkNonce: CurvePoint;
  /** C_k = Com(k_A; ρ₀) */
  readonly nonceCommitment: CurvePoint;
  /** C_α = Com(α; ρ₁) */
  readonly alphaCommitment: CurvePoint;
  /** C_β = Com(β; ρ₂) */
  readonly betaCommitment: CurvePoint;
  /** C_kx = Com_{X_A,H}(k_A; ρ₃) */
  readonly nonceKeyCommitment: CurvePoint;
  /** ct_A = Eval(a₁, a₂; ct_γ, ct_γx_B) = Enc(γ·k_A·(m + r·x)) */
  readonly encryptedPartialSignature: ClCiphertext;
  /** ct_αβ = Eval(β, α; ct_γ, ct_γk') = Enc(γ·k_B) */
  readonly encryptedDisplacedMask: ClCiphertext;
  readonly proofs: SignMessageProofs;
}

/** The context of the sign message's proof `proof`. */
export function signProofContext(presign: Presign, proof: SignProofName): ProofContext {
  return { protocol: SIGN_PROTOCOL, sessionId: presign.sessionId, round: SIGN_USER_ROUND, proof, partyId: USER_PARTY_ID };
}

/**
 * Presigns (PROTOCOL.md §8): the network's half of an ECDSA nonce, made ahead of demand, consumed
 * by exactly one signature.
 *
 * A universal presign (any dWallet created by DKG under the key) is
 *     (sid, ct_γ, ct_γx⁰, ct_γx¹, ct_γk⁰, ct_γk¹, R_B,0, R_B,1, key commitment),
 * with γ = Σγᵢ the validators' mask, ct_γx^b = Enc(γ·x_B^b), ct_γk^b = Enc(γ·k_b) and
 * R_B,b = k_b·G. At sign time the dWallet's μ's turn (ct_γx⁰, ct_γx¹, ct_γ) into Enc(γ·x_B), and
 * the sign message's μ_k turn the two nonce parts into one nonce k' nobody chose alone.
 *
 * A targeted presign (imported-key dWallets, whose ct_key is their own) carries instead
 * ct_γx = Enc(γ·x_B) for that dWallet's ct_key, the dWallet's public key X, and the digest of the
 * dWallet's output (target.ts), which binds it to that dWallet: the batch's session id includes it,
 * the sign message's transcript includes it, and {@link assertPresignFor} compares it.
 *
 * `sessionId` is the chain session of this presign (a batch of m presigns runs as one MPC session,
 * presign/batch.ts, but every presign keeps its own id). It is what a sign message binds, so a
 * presign's identity is its session id.
 * @module
 */

import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { ecdsaCurve } from '../curves.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { assertKeyCommitment, type NetworkKeyParts } from '../network-key/key-parts.ts';
import { presignTarget } from './target.ts';

interface PresignBase {
  readonly curve: Curve;
  readonly keyCommitment: Uint8Array;
  /** The chain session id of this presign. */
  readonly sessionId: Uint8Array;
  /** ct_γ = Enc(γ) */
  readonly encryptedMask: ClCiphertext;
  /** ct_γk⁰, ct_γk¹ */
  readonly encryptedMaskedNonceParts: readonly [ClCiphertext, ClCiphertext];
  /** R_B,0, R_B,1 */
  readonly noncePublicParts: readonly [CurvePoint, CurvePoint];
}

export interface UniversalPresign extends PresignBase {
  readonly kind: 'universal';
  /** ct_γx⁰, ct_γx¹ */
  readonly encryptedMaskedKeyParts: readonly [ClCiphertext, ClCiphertext];
}

export interface TargetedPresign extends PresignBase {
  readonly kind: 'targeted';
  /** X of the dWallet the presign was made for. */
  readonly dwalletPublicKey: CurvePoint;
  /** The digest of that dWallet's output (target.ts). */
  readonly target: Uint8Array;
  /** ct_γx = Enc(γ·x_B) for that dWallet's ct_key. */
  readonly encryptedMaskedKeyShare: ClCiphertext;
}

export type Presign = UniversalPresign | TargetedPresign;

/** A presign's identity (its session id, hex), e.g. for a consumption ledger. */
export function presignKey(presign: Pick<Presign, 'sessionId'>): string {
  return bytesToHex(presign.sessionId);
}

/**
 * Throws unless the presign can sign for the dWallet under the key: an ECDSA curve, the same
 * curve and key commitment, universal presigns for universal dWallets, targeted presigns for the dWallet they
 * were made for.
 */
export function assertPresignFor(key: NetworkKeyParts, dwallet: DWalletOutput, presign: Presign): void {
  ecdsaCurve(presign.curve.name);
  if (presign.curve.name !== key.curve.name) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `the presign is on ${presign.curve.name}, the key on ${key.curve.name}`);
  }
  assertKeyCommitment(key, presign.keyCommitment, 'the presign');
  if (dwallet.kind === 'universal' && presign.kind !== 'universal') {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH, 'a dWallet created by DKG signs with universal presigns');
  }
  if (dwallet.kind === 'imported') {
    if (presign.kind !== 'targeted') {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH, 'an imported-key dWallet signs only with presigns made for it');
    }
    if (
      !presign.dwalletPublicKey.equals(dwallet.publicKey) ||
      !equalBytes(presign.target, presignTarget(dwallet, key.encryptionKey.setup))
    ) {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH, 'the presign was made for another dWallet');
    }
  }
}

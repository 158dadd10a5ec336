/**
 * Schnorr presigns (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1): the network's half of a nonce,
 * made ahead of demand, consumed by exactly one signature:
 *     (sid, curve, algorithm, ct_k0 = Enc(k₀), ct_k1 = Enc(k₁), K_B0 = k₀·G, K_B1 = k₁·G, key commitment)
 * with k_b = Σ k_b^j summed over the validators whose EncDL proofs verified (presign/contribution.ts).
 * A Schnorr presign does not depend on the dWallet's key (SPEC-19 decision 7): every dWallet of its
 * curve and algorithm under the network key can use it, imported-key dWallets included, because
 * the key enters the signature only through e⊙ct_key at sign time.
 *
 * Why a presign is consumed once: with two signatures under one presign the network's part of s is
 * σ_K·(k₀ + μ_k·k₁) + e·a·x_B in both, three unknowns (k₀, k₁, x_B) for a ledger-controlled number of
 * equations: a third use would reveal x_B. The chain consumes the presign's capability with the
 * request; validators and users record it in a PresignLedger (mpc/ecdsa/presign/ledger.ts).
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { assertKeyCommitment, type NetworkKeyParts } from '../../ecdsa/network-key/key-parts.ts';
import { DWalletError } from '../../errors.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import type { SchnorrAlgorithm } from '../scheme.ts';

export interface SchnorrPresign {
  readonly curve: Curve;
  readonly algorithm: SchnorrAlgorithm;
  readonly keyCommitment: Uint8Array;
  /** The chain session id of this presign (its identity). */
  readonly sessionId: Uint8Array;
  /** ct_k0 = Enc(k₀), ct_k1 = Enc(k₁) */
  readonly encryptedNonceParts: readonly [ClCiphertext, ClCiphertext];
  /** K_B0 = k₀·G, K_B1 = k₁·G */
  readonly noncePublicParts: readonly [CurvePoint, CurvePoint];
}

/** Throws SCHNORR_PRESIGN_MISMATCH unless the presign is for the key's curve, the algorithm and the key. */
export function assertSchnorrPresignFor(key: NetworkKeyParts, algorithm: SchnorrAlgorithm, presign: SchnorrPresign): void {
  if (presign.curve.name !== key.curve.name || presign.algorithm !== algorithm) {
    throw new SchnorrError(
      SchnorrErrorCodes.SCHNORR_PRESIGN_MISMATCH,
      `the presign is for ${presign.curve.name}/${presign.algorithm}, not ${key.curve.name}/${algorithm}`,
    );
  }
  try {
    assertKeyCommitment(key, presign.keyCommitment, 'the presign');
  } catch (error) {
    if (error instanceof DWalletError)
      throw new SchnorrError(SchnorrErrorCodes.SCHNORR_PRESIGN_MISMATCH, error.message, {}, { cause: error });
    throw error;
  }
}

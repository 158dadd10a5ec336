/**
 * The randomizers that make a universal dWallet's network share (PROTOCOL.md §7; the reference's
 * μ_x, reference notes §2B (c)): μ⁰, μ¹, μ^G ← transcript(session id, curve, key commitment, X_A,
 * X_B⁰, X_B¹, π_DL), each squeezed with |q| + 192 bits and reduced mod q, and
 *     x_B = μ⁰·x_B⁰ + μ¹·x_B¹ + μ^G,   X_B = μ⁰·X_B⁰ + μ¹·X_B¹ + μ^G·G,
 *     ct_key = μ⁰⊙ct_key⁰ ⊕ μ¹⊙ct_key¹ ⊕ Enc(μ^G; 0).
 * Because the μ's are hashed after X_A and its UC proof, the user cannot choose X_A as a function
 * of X_B (no rogue-key attack): X_B is a fresh random point of the global parts' span per dWallet.
 * The key commitment is absorbed too (beyond the parts PROTOCOL.md lists), so a dWallet's μ's are
 * bound to the whole network key, pk included.
 *
 * Everything here is public.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import { clEncryptWith } from '../../cl/encryption.ts';
import { clAdd, clLinearCombination } from '../../cl/homomorphic.ts';
import type { CurvePoint } from '../../curves/curve.ts';
import { curveIdOf } from '../../signing/algorithms.ts';
import { Transcript } from '../../transcript.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { DWalletRandomizers } from './output.ts';

export const DWALLET_RANDOMIZERS_LABEL = '2pc-mpc/ecdsa/dkg/randomizers/v1';

/** μ⁰, μ¹, μ^G for the user's X_A and the encoding of its proof π_DL. */
export function dwalletRandomizers(
  key: NetworkKeyParts,
  sessionId: Uint8Array,
  userPublicShare: CurvePoint,
  proofBytes: Uint8Array,
): DWalletRandomizers {
  const { curve } = key;
  const transcript = new Transcript(DWALLET_RANDOMIZERS_LABEL);
  transcript.append('session-id', sessionId);
  transcript.appendNumber('curve', curveIdOf(curve));
  transcript.append('key-commitment', key.commitment);
  transcript.append('user-public-share', curve.encodePoint(userPublicShare));
  transcript.append('global-public-part/0', curve.encodePoint(key.publicParts[0]));
  transcript.append('global-public-part/1', curve.encodePoint(key.publicParts[1]));
  transcript.append('user-proof', proofBytes);
  return {
    mu0: transcript.challengeScalar('mu/0', curve.order),
    mu1: transcript.challengeScalar('mu/1', curve.order),
    muG: transcript.challengeScalar('mu/G', curve.order),
  };
}

/** X_B = μ⁰·X_B⁰ + μ¹·X_B¹ + μ^G·G */
export function networkPublicShare(key: NetworkKeyParts, mus: DWalletRandomizers): CurvePoint {
  const { curve } = key;
  return curve.multiScalarMultiply([key.publicParts[0], key.publicParts[1], curve.generator], [mus.mu0, mus.mu1, mus.muG]);
}

/** ct_key = μ⁰⊙ct_key⁰ ⊕ μ¹⊙ct_key¹ ⊕ Enc(μ^G; 0) */
export function networkEncryptedShare(key: NetworkKeyParts, mus: DWalletRandomizers): ClCiphertext {
  const { setup } = key.encryptionKey;
  const combined = clLinearCombination(setup, [mus.mu0, mus.mu1], key.encryptedParts);
  return clAdd(setup, combined, clEncryptWith(key.encryptionKey, mus.muG, 0n));
}

/**
 * Σ μ⁰⊙ct⁰ ⊕ μ¹⊙ct¹ ⊕ μ^G⊙ct for three ciphertexts: the presign's ct_γx_B of a universal dWallet
 * from (ct_γx⁰, ct_γx¹, ct_γ) (PROTOCOL.md §8, sign step 3).
 */
export function combineWithRandomizers(
  key: NetworkKeyParts,
  mus: DWalletRandomizers,
  ciphertexts: readonly [ClCiphertext, ClCiphertext, ClCiphertext],
): ClCiphertext {
  return clLinearCombination(key.encryptionKey.setup, [mus.mu0, mus.mu1, mus.muG], ciphertexts);
}

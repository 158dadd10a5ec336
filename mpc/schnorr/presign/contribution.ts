/**
 * What each validator proves in the one aggregation of a Schnorr presign batch (PROTOCOL.md §9,
 * the same EncDL aggregation as the network key parts, §6), and how the agreed sums become
 * presigns. The round itself (commit, agree on the committed set, reveal, one aggregate check,
 * agree on the revealers, sums) is mpc/session's committed proof aggregation
 * (proof-aggregation.ts); protocols/presign.ts runs it.
 *
 * For each presign j of a batch of m, validator i draws two nonce parts k_j,0ⁱ, k_j,1ⁱ and proves
 * EncDL on (Enc(k_j,bⁱ; η), k_j,bⁱ·G) — 2m statements in one batched proof. The sums over the agreed
 * contributors are ct_k0, ct_k1 (class-group products) and K_B0, K_B1 (curve sums) of each presign.
 *
 * Why two parts: a validator that sees the others' contributions before its own could bias a
 * single nonce; the user's μ_k (sign/randomizers.ts), hashed after the presign and the user's K_A
 * are fixed, combines them into k₀ + μ_k·k₁, which nobody controls (the binding-factor defence of
 * FROST and MuSig2 against the ROS attack on concurrent Schnorr sessions).
 *
 * Secrets: k_j,bⁱ and their encryption randomness exist only as witnesses of the round's proof; the
 * class-group exponentiations by them are variable time (classgroups/exponentiation.ts).
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { NetworkKeyParts } from '../../ecdsa/network-key/key-parts.ts';
import { type RandomSource, randomBelow, randomBits } from '../../numbers/random.ts';
import type { Statement, Witness } from '../../proofs/language.ts';
import { encDlLanguage, encDlStatementParts } from '../../proofs/languages/enc-dl.ts';
import type { Part } from '../../session/contribution.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import type { SchnorrAlgorithm } from '../scheme.ts';
import type { SchnorrPresign } from './presign.ts';

export const SCHNORR_PRESIGN_PROTOCOL = '2pc-mpc/schnorr/presign';
/** One committed proof aggregation: a commit round, then a reveal round. */
export const SCHNORR_NONCE_ROUND = { commitRound: 1, revealRound: 2, name: 'schnorr-presign/nonce-shares' } as const;
export const SCHNORR_NONCE_PROOF = 'schnorr nonce shares';
/** Nonce parts per presign. */
export const NONCE_PARTS = 2;

/** EncDL under pk, 2m statements per validator (presign j's parts are statements 2j, 2j + 1). */
export function schnorrNonceParts(key: NetworkKeyParts, count: number): Part[] {
  return [{ name: SCHNORR_NONCE_PROOF, language: encDlLanguage(key.curve, key.encryptionKey), count: NONCE_PARTS * count }];
}

/** Fresh witnesses (k, η) for the 2m statements: k ← Z_q*, η ← [0, S). */
export function schnorrNonceWitnesses(key: NetworkKeyParts, count: number, rng: RandomSource): Witness[] {
  const { setup } = key.encryptionKey;
  return Array.from({ length: NONCE_PARTS * count }, () => [
    1n + randomBelow(rng, key.curve.order - 1n),
    randomBits(rng, setup.randomnessBits),
  ]);
}

/** The presigns from the agreed sums of the 2m statements. */
export function schnorrPresignsFromSums(
  key: NetworkKeyParts,
  algorithm: SchnorrAlgorithm,
  presignIds: readonly Uint8Array[],
  sums: readonly Statement[],
): SchnorrPresign[] {
  if (sums.length !== NONCE_PARTS * presignIds.length) {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_CONFIG, 'two nonce sums per presign expected');
  }
  return presignIds.map((sessionId, j) => {
    const [first, second] = [sums[2 * j], sums[2 * j + 1]].map((sum) => encDlStatementParts(sum as Statement)) as [
      ReturnType<typeof encDlStatementParts>,
      ReturnType<typeof encDlStatementParts>,
    ];
    if (first.point.is0() || second.point.is0()) {
      throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_CONFIG, 'a nonce part of the presign is the identity');
    }
    return Object.freeze({
      curve: key.curve,
      algorithm,
      keyCommitment: key.commitment.slice(),
      sessionId: sessionId.slice(),
      encryptedNonceParts: [first.ciphertext, second.ciphertext] as readonly [ClCiphertext, ClCiphertext],
      noncePublicParts: [first.point, second.point] as const,
    });
  });
}

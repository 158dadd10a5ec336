/**
 * What each validator proves in the two aggregation rounds of a presign batch (PROTOCOL.md §8),
 * and how the agreed sums become presigns. The rounds themselves (commitments, agreement on the
 * committed set, reveals checked by one aggregate equation, agreement on the revealers, sums over
 * them) are mpc/session's committed proof aggregation; protocols/presign.ts composes them.
 *
 * Round 1, mask shares: for each presign j of the batch, validator i draws γᵢ and proves, in one
 * batched proof for the whole batch,
 *   universal: EncDH⟨2⟩[ct_key⁰, ct_key¹] on (Enc(γᵢ), γᵢ⊙ct_key⁰ ⊕ Enc(0), γᵢ⊙ct_key¹ ⊕ Enc(0)),
 *   targeted:  EncDH⟨1⟩[ct_key] on (Enc(γᵢ), γᵢ⊙ct_key ⊕ Enc(0)) for the dWallet's own ct_key.
 * The sums are ct_γ, ct_γx⁰, ct_γx¹ (or ct_γx) per presign.
 *
 * Round 2, nonce shares: for each presign j, validator i draws its two nonce parts k₀ⁱ, k₁ⁱ and
 * proves ScaleDL[ct_γ of j] on (k_bⁱ⊙ct_γ ⊕ Enc(0), k_bⁱ·G), one proof per presign for its two
 * statements (the languages differ per presign, since each has its own ct_γ). The sums are
 * ct_γk⁰, ct_γk¹, R_B,0, R_B,1.
 *
 * Why two nonce parts: a validator that sees the others' contributions before sending its own
 * could bias one nonce; the sign message's μ_k combine the parts after the presign is fixed
 * (sign/randomizers.ts), so the nonce k' = μ_k⁰k₀ + μ_k¹k₁ + μ_k^G is out of anyone's control.
 *
 * Secrets: γᵢ, k_bⁱ and the encryption randomness exist only as the witnesses of the round's
 * proof; they are integers below 2^⌈log₂ q⌉ raising class-group elements in variable time.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import { type RandomSource, randomBelow, randomBits } from '../../numbers/random.ts';
import type { Statement, Witness } from '../../proofs/language.ts';
import { encDhLanguage, encDhStatementParts } from '../../proofs/languages/enc-dh.ts';
import { scaleDlLanguage, scaleDlStatementParts } from '../../proofs/languages/scale-dl.ts';
import type { Part, PartShape } from '../../session/contribution.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { Presign } from './presign.ts';
import { presignTarget } from './target.ts';

export const PRESIGN_PROTOCOL = '2pc-mpc/ecdsa/presign';
/** Each round is a committed proof aggregation (session/proof-aggregation.ts): a commit round, then a reveal round. */
export const MASK_ROUND = { commitRound: 1, revealRound: 2, name: 'presign/mask-shares' } as const;
export const NONCE_ROUND = { commitRound: 3, revealRound: 4, name: 'presign/nonce-shares' } as const;
export const MASK_PROOF = 'mask shares';
export const NONCE_PROOF_PREFIX = 'nonce shares';

/** Largest batch (presigns per session). */
export const MAX_PRESIGN_BATCH = 256;

/** Universal presigns, or targeted presigns for an imported-key dWallet. */
export type PresignTarget = { readonly kind: 'universal' } | { readonly kind: 'targeted'; readonly dwallet: DWalletOutput };

/** The public ciphertexts γᵢ multiplies in round 1: (ct_key⁰, ct_key¹), or the dWallet's ct_key. */
export function maskedCiphertexts(key: NetworkKeyParts, target: PresignTarget): ClCiphertext[] {
  if (target.kind === 'universal') return [...key.encryptedParts];
  if (target.dwallet.kind !== 'imported') {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH, 'targeted presigns are for imported-key dWallets');
  }
  return [target.dwallet.encryptedNetworkShare];
}

/** Round 1: EncDH⟨k⟩ over the masked ciphertexts, `count` statements per validator. */
export function maskParts(key: NetworkKeyParts, target: PresignTarget, count: number): Part[] {
  return [{ name: MASK_PROOF, language: encDhLanguage(key.encryptionKey, maskedCiphertexts(key, target)), count }];
}

/** Round 1 witnesses: (γᵢ, η, η₁, …) per presign. */
export function maskWitnesses(key: NetworkKeyParts, target: PresignTarget, count: number, rng: RandomSource): Witness[] {
  const { setup } = key.encryptionKey;
  const products = maskedCiphertexts(key, target).length;
  return Array.from({ length: count }, () => [
    1n + randomBelow(rng, key.curve.order - 1n),
    randomBits(rng, setup.randomnessBits),
    ...Array.from({ length: products }, () => randomBits(rng, setup.randomnessBits)),
  ]);
}

/** The agreed round-1 sums of one presign: ct_γ and ct_γx⁰, ct_γx¹ (or ct_γx). */
export interface MaskSums {
  readonly mask: ClCiphertext;
  readonly maskedKey: readonly ClCiphertext[];
}

export function maskSums(sums: readonly Statement[]): MaskSums[] {
  return sums.map((statement) => {
    const { encryption, products } = encDhStatementParts(statement);
    return { mask: encryption, maskedKey: products };
  });
}

export function nonceProofName(index: number): string {
  return `${NONCE_PROOF_PREFIX} ${index}`;
}

/** Round 2: ScaleDL[ct_γ of j] with two statements, for each presign j. */
export function nonceParts(key: NetworkKeyParts, masks: readonly MaskSums[]): Part[] {
  return masks.map((mask, j) => ({
    name: nonceProofName(j),
    language: scaleDlLanguage(key.curve, key.encryptionKey, mask.mask),
    count: 2,
  }));
}

/** The shapes of round 2, before ct_γ is known (the encodings do not depend on it). */
export function nonceShapes(key: NetworkKeyParts, count: number): PartShape[] {
  const { group } = key.encryptionKey.setup;
  const placeholder = { c1: group.identity, c2: group.identity };
  const language = scaleDlLanguage(key.curve, key.encryptionKey, placeholder);
  return Array.from({ length: count }, (_, j) => ({ name: nonceProofName(j), language, count: 2 }));
}

/** Round 2 witnesses: (k_bⁱ, η) for b = 0, 1, per presign. */
export function nonceWitnesses(key: NetworkKeyParts, count: number, rng: RandomSource): Witness[][] {
  const { setup } = key.encryptionKey;
  return Array.from({ length: count }, () =>
    [0, 1].map(() => [1n + randomBelow(rng, key.curve.order - 1n), randomBits(rng, setup.randomnessBits)]),
  );
}

/** The presigns from the agreed sums of both rounds. */
export function presignsFromSums(
  key: NetworkKeyParts,
  target: PresignTarget,
  presignIds: readonly Uint8Array[],
  masks: readonly MaskSums[],
  nonceSums: readonly (readonly Statement[])[],
): Presign[] {
  return presignIds.map((sessionId, j) => {
    const mask = masks[j] as MaskSums;
    const [first, second] = (nonceSums[j] as readonly Statement[]).map(scaleDlStatementParts) as [
      ReturnType<typeof scaleDlStatementParts>,
      ReturnType<typeof scaleDlStatementParts>,
    ];
    if (first.point.is0() || second.point.is0()) {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a nonce part of the presign is the identity');
    }
    const base = {
      curve: key.curve,
      keyCommitment: key.commitment.slice(),
      sessionId: sessionId.slice(),
      encryptedMask: mask.mask,
      encryptedMaskedNonceParts: [first.ciphertext, second.ciphertext] as const,
      noncePublicParts: [first.point, second.point] as const,
    };
    if (target.kind === 'universal') {
      const [x0, x1] = mask.maskedKey as [ClCiphertext, ClCiphertext];
      return Object.freeze({ ...base, kind: 'universal', encryptedMaskedKeyParts: [x0, x1] as const });
    }
    return Object.freeze({
      ...base,
      kind: 'targeted',
      dwalletPublicKey: target.dwallet.publicKey,
      target: presignTarget(target.dwallet, key.encryptionKey.setup),
      encryptedMaskedKeyShare: mask.maskedKey[0] as ClCiphertext,
    });
  });
}

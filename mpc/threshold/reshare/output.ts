/**
 * The new key (README.md, "Output"): from the public Z = sk + r and the qualified dealings' new
 * sharings R'_i (commitments C'_{i,ℓ}, summed first into C'_ℓ),
 *     P'(X) = Δ'·Z − Σ_{i∈Q} R'_i(X),   so P'(0) = Δ'·Z − Δ'·r = Δ'·sk: the same key,
 *     vk'_u = h^{Δ'·Z} · (Π_ℓ C'_ℓ^{u^ℓ})^{−1},   s'_u = Δ'·Z − Σ_{i∈Q} R'_i(u),
 * checked publicly by pk^{Δ'} = h^{Δ'·Z} · C'_0^{−1}. The shares are signed (keys.ts), with the
 * public bound of params.ts `reshareShareBits`, which does not grow from one epoch to the next.
 * @module
 */
import type { Form } from '../../classgroups/form.ts';
import { commitmentAt, type Dealing } from '../dkg/dealing.ts';
import { sumCommitments, sumShares } from '../dkg/output.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';
import { assertThresholdPublicKey, type ThresholdPublicKey } from '../keys.ts';
import { type PartyKeyShare, SecretShare } from '../secret-share.ts';
import { newSharingParams, type ReshareParams, reshareShareBits } from './params.ts';

/** The new public key, from Z and the qualified dealings' new sharings (throws THRESHOLD_KEY_MISMATCH if pk^{Δ'} ≠ h^{Δ'·Z}·C'_0^{−1}). */
export function reshareKey(params: ReshareParams, revealed: bigint, qualified: readonly { readonly fresh: Dealing }[]): ThresholdPublicKey {
  const { setup, encryptionKey } = params.key;
  const { group } = setup;
  const fresh = newSharingParams(params);
  const access = params.newAccess;
  const commitments = sumCommitments(
    fresh,
    qualified.map((d) => d.fresh),
  );
  const base = setup.hTable.pow(access.delta * revealed);
  if (!group.equals(group.pow(encryptionKey.form, access.delta), group.compose(base, group.inverse(commitments[0] as Form)))) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH, 'reshare: h^{Δ′·Z}·C′_0⁻¹ is not pk^{Δ′}');
  }
  const key: ThresholdPublicKey = {
    setup,
    access,
    encryptionKey,
    verificationKeys: Object.freeze(
      Array.from({ length: access.totalWeight }, (_, k) => group.compose(base, group.inverse(commitmentAt(fresh, commitments, k + 1)))),
    ),
    shareBits: reshareShareBits(params),
  };
  assertThresholdPublicKey(key);
  return key;
}

/** New party `party`'s key share: s'_u = Δ'·Z − Σ_{i∈Q} R'_i(u), from its shares of the qualified dealings (in Q's order). */
export function reshareKeyShare(
  params: ReshareParams,
  party: number,
  revealed: bigint,
  shares: readonly (readonly { virtualId: number; value: bigint }[])[],
): PartyKeyShare {
  const summed = sumShares(newSharingParams(params), party, shares);
  const scaled = params.newAccess.delta * revealed;
  return { party, shares: Object.freeze(summed.shares.map((s) => new SecretShare(s.virtualId, scaled - s.expose()))) };
}

/**
 * The key the qualified dealers Q define (README.md, "Output"): pk = Π_{i∈Q} pk_i, i.e. sk = Σ s_i;
 * the commitments of the summed polynomial P = Σ_{i∈Q} P_i, C_ℓ = Π_{i∈Q} C_{i,ℓ}, give every
 * verification key vk_v = Π_ℓ C_ℓ^{v^ℓ} = h^{P(v)}; party j's share of v is s_v = Σ_{i∈Q} P_i(v).
 * P has constant term Δ·sk, like the trusted dealer's, so the result has exactly the types the
 * dealer produces and threshold decryption (combine.ts) works unchanged.
 * @module
 */
import { clPublicKey } from '../../cl/keys.ts';
import type { Form } from '../../classgroups/form.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';
import { assertThresholdPublicKey, type ThresholdPublicKey } from '../keys.ts';
import { type PartyKeyShare, SecretShare } from '../secret-share.ts';
import { commitmentAt, type Dealing } from './dealing.ts';
import { type DkgParams, keyShareBits } from './params.ts';

/** The public key of the qualified dealings (at least one; checked with assertThresholdPublicKey). */
export function combineDealings(params: DkgParams, dealings: readonly Dealing[]): ThresholdPublicKey {
  const { setup, access } = params;
  const first = dealings[0];
  if (first === undefined) throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: no qualified dealing');
  const group = setup.group;
  let publicKey = first.publicShare;
  for (const dealing of dealings.slice(1)) publicKey = group.compose(publicKey, dealing.publicShare);
  const commitments = sumCommitments(params, dealings);
  const key: ThresholdPublicKey = {
    setup,
    access,
    encryptionKey: clPublicKey(setup, publicKey),
    verificationKeys: Object.freeze(Array.from({ length: access.totalWeight }, (_, k) => commitmentAt(params, commitments, k + 1))),
    shareBits: keyShareBits(params),
  };
  assertThresholdPublicKey(key);
  return key;
}

/** C_ℓ = Π_i C_{i,ℓ}: the commitments of the summed polynomial Σ_i P_i (at least one dealing). */
export function sumCommitments(params: DkgParams, dealings: readonly Dealing[]): Form[] {
  const { group } = params.setup;
  const first = dealings[0];
  if (first === undefined) throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: no dealing to sum');
  const commitments = [...first.commitments];
  for (const dealing of dealings.slice(1)) {
    dealing.commitments.forEach((c, k) => {
      commitments[k] = group.compose(commitments[k] as Form, c);
    });
  }
  return commitments;
}

/** Party `party`'s key share: for each of its virtual ids, the sum of its shares from the qualified dealers. */
export function sumShares(
  params: DkgParams,
  party: number,
  shares: readonly (readonly { virtualId: number; value: bigint }[])[],
): PartyKeyShare {
  const ids = params.access.virtualIds(party);
  const sums = ids.map(() => 0n);
  for (const fromDealer of shares) {
    fromDealer.forEach((share, k) => {
      if (share.virtualId !== ids[k]) throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: shares out of order');
      sums[k] = (sums[k] as bigint) + share.value;
    });
  }
  return { party, shares: Object.freeze(ids.map((v, k) => new SecretShare(v, sums[k] as bigint))) };
}

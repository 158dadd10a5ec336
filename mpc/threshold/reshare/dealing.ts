/**
 * One old validator's contribution to the resharing (README.md, round 1): a fresh mask r_i,
 * uniform in [0, 2^maskBits), dealt twice with the DKG's dealing (dkg/dealing.ts):
 *   - `mask`: R_i(X) = Δ·r_i + Σ b_ℓ X^ℓ to the OLD committee, commitments D_{i,ℓ};
 *   - `fresh`: R'_i(X) = Δ'·r_i + … to the NEW committee, commitments C'_{i,ℓ}.
 * Both carry T_i = h^{r_i} as their public share; the public check ({@link checkReshareDealing})
 * is the DKG's on each (D_{i,0} = T_i^Δ, C'_{i,0} = T_i^{Δ'}, T_i a valid non-identity key form)
 * and the equality of the two T_i. Each sharing has its own ephemeral E, so a complaint about one
 * (revealing S = k_j·E) discloses nothing of the other.
 *
 * Secrets: r_i and both polynomials live only inside {@link createReshareDealing}.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { type RandomSource, randomBits } from '../../numbers/random.ts';
import { checkDealing, type Dealing, dealingSchema, dealSecret } from '../dkg/dealing.ts';
import { maskBits, newSharingParams, oldSharingParams, type ReshareParams } from './params.ts';

export interface ReshareDealing {
  /** R_i to the old committee. */
  readonly mask: Dealing;
  /** R'_i to the new committee. */
  readonly fresh: Dealing;
}

/** The strict schema: each sharing by the DKG's dealing codec under its own parameters. */
export function reshareDealingSchema(params: ReshareParams): BcsType<ReshareDealing, ReshareDealing> {
  return bcs.struct('ReshareDealing', {
    mask: dealingSchema(oldSharingParams(params)),
    fresh: dealingSchema(newSharingParams(params)),
  }) as unknown as BcsType<ReshareDealing, ReshareDealing>;
}

/** Old party `dealer`'s dealing of a fresh mask r_i. */
export function createReshareDealing(params: ReshareParams, dealer: number, rng: RandomSource): ReshareDealing {
  params.key.access.assertParty(dealer);
  const mask = randomBits(rng, maskBits(params));
  return {
    mask: dealSecret(oldSharingParams(params), dealer, mask, rng),
    fresh: dealSecret(newSharingParams(params), dealer, mask, rng),
  };
}

/** The public check of a decoded dealing: why it is invalid, or undefined. Reads only the dealing. */
export function checkReshareDealing(params: ReshareParams, dealing: ReshareDealing): string | undefined {
  const old = checkDealing(oldSharingParams(params), dealing.mask);
  if (old !== undefined) return `mask sharing: ${old}`;
  const fresh = checkDealing(newSharingParams(params), dealing.fresh);
  if (fresh !== undefined) return `new sharing: ${fresh}`;
  if (!params.key.setup.group.equals(dealing.mask.publicShare, dealing.fresh.publicShare)) {
    return 'the two sharings commit to different masks (T_i differs)';
  }
  return undefined;
}

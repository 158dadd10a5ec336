/**
 * Round 4 of the resharing (README.md): every old validator reveals, for each of its old virtual
 * ids v, u_v = s_v + Σ_{i∈Q} R_i(v), its key share masked by the qualified mask sharings. Anyone
 * checks a reveal against public values only,
 *     h^{u_v} = vk_v · Π_ℓ D_ℓ^{v^ℓ},   D_ℓ = Π_{i∈Q} D_{i,ℓ} (summed first, Horner's rule),
 * so a wrong u_v names its sender. Any authorized set of valid reveals interpolates the same
 *     Σ_{v∈S} Δλ_{v,S}(0)·u_v = Δ·(P + ΣR)(0) = Δ²·(sk + r),
 * and Z = sk + r is that divided by Δ² (exactly: a remainder cannot happen with valid reveals,
 * and is refused). Z is public; r = Σ_{i∈Q} r_i, with one honest r_i of σ more bits than sk,
 * hides sk statistically.
 *
 * Secrets: s_v and the mask shares R_i(v) enter only {@link createReveal}; u_v is public.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import type { Form } from '../../classgroups/form.ts';
import { bcsBigInt } from '../../encoding/bigint.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { commitmentAt, type Dealing } from '../dkg/dealing.ts';
import { sumCommitments } from '../dkg/output.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';
import { verificationKey } from '../keys.ts';
import { lagrangeCoefficients } from '../lagrange.ts';
import type { PartyKeyShare } from '../secret-share.ts';
import { oldSharingParams, type ReshareParams, revealBits } from './params.ts';

export interface Reveal {
  /** u_v for each virtual id of the sender, in increasing order. */
  readonly values: readonly bigint[];
}

export function revealSchema(params: ReshareParams): BcsType<Reveal, Reveal> {
  return bcs.struct('ReshareReveal', {
    values: bcs.vector(bcsBigInt('ReshareReveal.value', { maxBits: revealBits(params), signed: true })),
  }) as unknown as BcsType<Reveal, Reveal>;
}

/** D_ℓ = Π_{i∈Q} D_{i,ℓ}, the commitments of Σ_{i∈Q} R_i. */
export function maskCommitments(params: ReshareParams, qualified: readonly { readonly mask: Dealing }[]): Form[] {
  return sumCommitments(
    oldSharingParams(params),
    qualified.map((d) => d.mask),
  );
}

/**
 * u_v for the old party's virtual ids: `maskShares[k]` are its shares from the k-th qualified
 * dealer, in the order of its virtual ids (dkg/complaint.ts `openDealing`).
 */
export function createReveal(keyShare: PartyKeyShare, maskShares: readonly (readonly { virtualId: number; value: bigint }[])[]): Reveal {
  const values = keyShare.shares.map((share, k) => {
    let u = share.expose();
    for (const fromDealer of maskShares) {
      const mine = fromDealer[k];
      if (mine === undefined || mine.virtualId !== share.virtualId) {
        throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'reshare: mask shares out of order');
      }
      u += mine.value;
    }
    return u;
  });
  return { values };
}

/** The virtual ids of `party` whose revealed u_v fails the public check (count, range, or h^{u_v} = vk_v·Π D_ℓ^{v^ℓ}). */
export function badReveals(params: ReshareParams, commitments: readonly Form[], party: number, reveal: Reveal): number[] {
  const ids = params.key.access.virtualIds(party);
  if (reveal.values.length !== ids.length) return ids;
  const { group, hTable } = params.key.setup;
  const bound = revealBits(params);
  const old = oldSharingParams(params);
  return ids.filter((v, k) => {
    const u = reveal.values[k] as bigint;
    if (bitLength(u) > bound) return true;
    const expected = group.compose(verificationKey(params.key, v), commitmentAt(old, commitments, v));
    return !group.equals(hTable.pow(u), expected);
  });
}

/**
 * Z = sk + r from valid reveals (virtual id → u_v) of weight ≥ t: the smallest t virtual ids are
 * used (any authorized set gives the same Z). Throws THRESHOLD_NOT_REACHED below t, and
 * THRESHOLD_COMBINATION_FAILED if Δ² does not divide the interpolation (impossible with reveals
 * that passed {@link badReveals}).
 */
export function revealedSecret(params: ReshareParams, reveals: ReadonlyMap<number, bigint>): bigint {
  const { access } = params.key;
  const ids = [...reveals.keys()].sort((a, b) => a - b).slice(0, access.threshold);
  if (ids.length < access.threshold) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_NOT_REACHED, `reshare: ${ids.length} valid reveals, t = ${access.threshold}`);
  }
  const lambdas = lagrangeCoefficients(access, ids, 0);
  let sum = 0n;
  ids.forEach((v, k) => {
    sum += (lambdas[k] as bigint) * (reveals.get(v) as bigint);
  });
  const square = access.delta * access.delta;
  if (sum % square !== 0n) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_COMBINATION_FAILED, 'reshare: Δ² does not divide the interpolated reveals');
  }
  return sum / square;
}

/**
 * One dealer's contribution to the DKG (README.md, round 1): a sharing of its own secret s_i with
 * the trusted dealer's integer polynomial (polynomial.ts), P_i(X) = Δ·s_i + a₁X + … + a_{t−1}X^{t−1},
 * published as
 *   - pk_i = h^{s_i}, and commitments C_{i,0} = h^{Δ·s_i}, C_{i,ℓ} = h^{a_ℓ} (Feldman, over ℤ);
 *   - E_i = e_i·G and, for every virtual party v = 1..W, P_i(v) encrypted under S_ij = e_i·K_j
 *     (share-encryption.ts), j the party owning v.
 * Anyone checks C_{i,0} = pk_i^Δ ({@link checkDealing}); recipient j checks its shares against the
 * commitments ({@link shareMatches}).
 *
 * Secrets: s_i, the coefficients, e_i and the shares live only inside {@link createDealing} (and
 * the share values a recipient decrypts); the class-group exponentiations by them are variable
 * time (classgroups/exponentiation.ts), as in the trusted dealer.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { assertKeyForm } from '../../cl/keys.ts';
import { formSchema } from '../../classgroups/encoding.ts';
import type { Form } from '../../classgroups/form.ts';
import type { CurvePoint } from '../../curves/curve.ts';
import { pointSchema } from '../../curves/encoding.ts';
import { DWalletError } from '../../errors.ts';
import { type RandomSource, randomBelow, randomBits } from '../../numbers/random.ts';
import { drawSharingPolynomial, evaluatePolynomial } from '../polynomial.ts';
import { type DkgParams, dealerShareBits, encryptionKeyOf, SHARE_ENCRYPTION_CURVE, shareBytes, sharingOf } from './params.ts';
import { encryptShare, sharedPoint } from './share-encryption.ts';

export interface Dealing {
  /** pk_i = h^{s_i} */
  readonly publicShare: Form;
  /** C_{i,0..t−1}: h to each coefficient of P_i. */
  readonly commitments: readonly Form[];
  /** E_i = e_i·G */
  readonly ephemeral: CurvePoint;
  /** ciphertexts[v − 1]: P_i(v) encrypted to the owner of v, each exactly shareBytes long. */
  readonly ciphertexts: readonly Uint8Array[];
}

/** The strict schema of a dealing: forms by the class-group codec, E by the curve codec, exact counts and lengths. */
export function dealingSchema(params: DkgParams): BcsType<Dealing, Dealing> {
  const form = formSchema(params.setup.group);
  const length = shareBytes(params);
  return bcs.struct('DkgDealing', {
    publicShare: form,
    commitments: bcs.fixedArray(params.access.threshold, form),
    ephemeral: pointSchema(SHARE_ENCRYPTION_CURVE),
    ciphertexts: bcs.fixedArray(
      params.access.totalWeight,
      bcs.bytes(length).transform<Uint8Array, Uint8Array>({ input: (bytes) => bytes, output: (bytes) => new Uint8Array(bytes) }),
    ),
  }) as unknown as BcsType<Dealing, Dealing>;
}

/** Dealer i's dealing of a fresh secret s_i uniform in [0, S). */
export function createDealing(params: DkgParams, dealer: number, rng: RandomSource): Dealing {
  params.access.assertParty(dealer);
  return dealSecret(params, dealer, randomBits(rng, sharingOf(params).secretBits), rng);
}

/**
 * The dealing of a given secret (0 ≤ secret < 2^secretBits) by `dealer`, a label bound into the
 * keystreams: a member of the access structure in the DKG, an old member in the resharing, whose
 * recipients are the new committee (reshare/README.md).
 */
export function dealSecret(params: DkgParams, dealer: number, secret: bigint, rng: RandomSource): Dealing {
  const { setup, access } = params;
  const { secretBits, ranges } = sharingOf(params);
  const polynomial = drawSharingPolynomial(access, secretBits, secret, rng, ranges);
  const curve = SHARE_ENCRYPTION_CURVE;
  const ephemeralSecret = randomBelow(rng, curve.order - 1n) + 1n;
  const ephemeral = curve.multiply(curve.generator, ephemeralSecret);
  const shared = access.parties().map((party) => sharedPoint(ephemeralSecret, encryptionKeyOf(params, party)));
  const ciphertexts = Array.from({ length: access.totalWeight }, (_, k) => {
    const v = k + 1;
    const point = shared[access.partyOfVirtual(v) - 1] as CurvePoint;
    return encryptShare(params, dealer, v, ephemeral, point, evaluatePolynomial(polynomial, v));
  });
  return {
    publicShare: setup.hTable.pow(secret),
    commitments: polynomial.map((coefficient) => setup.hTable.pow(coefficient)),
    ephemeral,
    ciphertexts,
  };
}

/**
 * The public check of a decoded dealing: pk_i can be a key (not the identity, which s_i = 0 gives)
 * and C_{i,0} = pk_i^Δ. Returns why the dealing is invalid, or undefined. The same at every
 * validator: it reads only the dealing.
 */
export function checkDealing(params: DkgParams, dealing: Dealing): string | undefined {
  const { setup, access } = params;
  if (dealing.commitments.length !== access.threshold) return `${dealing.commitments.length} commitments, not t = ${access.threshold}`;
  if (dealing.ciphertexts.length !== access.totalWeight)
    return `${dealing.ciphertexts.length} encrypted shares, not W = ${access.totalWeight}`;
  if (dealing.ciphertexts.some((c) => c.length !== shareBytes(params))) return 'an encrypted share of the wrong length';
  try {
    assertKeyForm(setup, dealing.publicShare, 'dealer public share');
  } catch (error) {
    if (error instanceof DWalletError) return error.message;
    throw error;
  }
  if (!setup.group.equals(setup.group.pow(dealing.publicShare, access.delta), dealing.commitments[0] as Form)) {
    return 'C_0 ≠ pk_i^Δ: the constant term does not commit to Δ times the dealer’s secret';
  }
  return undefined;
}

/** Π_ℓ C_ℓ^{v^ℓ}, by Horner's rule: t − 1 exponentiations by v. */
export function commitmentAt(params: DkgParams, commitments: readonly Form[], virtualId: number): Form {
  const { group } = params.setup;
  const v = BigInt(virtualId);
  let value = commitments[commitments.length - 1] as Form;
  for (let k = commitments.length - 2; k >= 0; k--) value = group.compose(group.pow(value, v), commitments[k] as Form);
  return value;
}

/** Whether `share` is a valid P_i(v): within one dealer's share bound and h^share = Π_ℓ C_ℓ^{v^ℓ}. */
export function shareMatches(params: DkgParams, commitments: readonly Form[], virtualId: number, share: bigint): boolean {
  if (share < 0n || share >= 1n << BigInt(dealerShareBits(params))) return false;
  return params.setup.group.equals(params.setup.hTable.pow(share), commitmentAt(params, commitments, virtualId));
}

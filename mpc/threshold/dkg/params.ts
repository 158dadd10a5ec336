/**
 * What every piece of the distributed key generation (README.md in this folder) is bound to: the
 * protocol and session, the class-group setup and access structure of the key being generated,
 * and the committee's registered share-encryption keys.
 * @module
 */
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import { type Curve, type CurvePoint, getCurve } from '../../curves/curve.ts';
import { bitLength } from '../../numbers/bytes.ts';
import type { WeightedAccessStructure } from '../access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';
import { coefficientRanges, maxShare, maxShareBits } from '../polynomial.ts';

/** Shares travel encrypted under keys K_j = k_j·G of this curve (ECIES-style, share-encryption.ts). */
export const SHARE_ENCRYPTION_CURVE: Curve = getCurve('secp256k1');

export interface DkgParams {
  /** Bound into every key derivation and proof, e.g. "dwallet/threshold/dkg". */
  readonly protocol: string;
  /** 32 bytes, fixed by the chain request. */
  readonly sessionId: Uint8Array;
  readonly setup: ClassGroupSetup;
  /** The access structure of the key: its parties are the dealers and recipients, 1..N. */
  readonly access: WeightedAccessStructure;
  /** encryptionKeys[p − 1] = K_p, party p's registered share-encryption key. */
  readonly encryptionKeys: readonly CurvePoint[];
  /**
   * The sharing, when it is not the DKG's (the resharing's, reshare/README.md): the dealt secret
   * is uniform in [0, 2^secretBits) and a_k uniform in [0, ranges[k − 1]). Default: the DKG's,
   * secretBits = setup.randomnessBits and the trusted dealer's ranges (polynomial.ts).
   */
  readonly sharing?: { readonly secretBits: number; readonly ranges: readonly bigint[] };
}

/** The bits of the dealt secret and the coefficient ranges of one dealer's polynomial. */
export function sharingOf(params: DkgParams): { readonly secretBits: number; readonly ranges: readonly bigint[] } {
  return (
    params.sharing ?? { secretBits: params.setup.randomnessBits, ranges: coefficientRanges(params.access, params.setup.randomnessBits) }
  );
}

/** Throws THRESHOLD_INVALID_INPUT unless the parameters are consistent. */
export function assertDkgParams(params: DkgParams): void {
  if (!(params.sessionId instanceof Uint8Array) || params.sessionId.length !== 32) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: the session id must be 32 bytes');
  }
  if (params.encryptionKeys.length !== params.access.partyCount) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: one share-encryption key per party', {
      expected: params.access.partyCount,
      received: params.encryptionKeys.length,
    });
  }
  if (params.encryptionKeys.some((key) => key.is0())) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: a share-encryption key is the identity');
  }
}

/** The bit bound of one dealer's share P_i(v) (the trusted dealer's bound, polynomial.ts). */
export function dealerShareBits(params: DkgParams): number {
  if (params.sharing === undefined) return maxShareBits(params.access, params.setup.randomnessBits);
  return bitLength(maxShare(params.access, params.sharing.secretBits, params.sharing.ranges));
}

/** Bytes of an encrypted share: the fixed length of the dealer's share bound. */
export function shareBytes(params: DkgParams): number {
  return Math.ceil(dealerShareBits(params) / 8);
}

/**
 * The bound of a summed share s_v = Σ_{i∈Q} P_i(v): bitLength(N·maxShare). It uses N, not |Q|,
 * so that every honest validator states the same bound whichever dealers qualified.
 */
export function keyShareBits(params: DkgParams): number {
  return bitLength(BigInt(params.access.partyCount) * maxShare(params.access, params.setup.randomnessBits));
}

/** K_p (throws THRESHOLD_UNKNOWN_PARTY for a non-member). */
export function encryptionKeyOf(params: DkgParams, party: number): CurvePoint {
  params.access.assertParty(party);
  return params.encryptionKeys[party - 1] as CurvePoint;
}

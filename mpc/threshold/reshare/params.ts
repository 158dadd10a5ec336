/**
 * What every piece of the resharing (README.md in this folder) is bound to: the protocol and
 * session, the old key (its access structure A and verification keys), the new access structure
 * A', and the share-encryption keys of both committees. From them come the two sharings each old
 * validator deals, as DKG parameters (dkg/params.ts) with their own sharing ranges:
 *   - the mask sharing to the OLD committee, R_i(X) = Δ·r_i + Σ b_ℓ X^ℓ, b_ℓ uniform in
 *     [0, 2^(shareBits + σ + 1)), which hides the old polynomial's coefficients once P + Σ R_i is
 *     public (README.md, "Why it is secure");
 *   - the sharing of r_i to the NEW committee, exactly a DKG dealing of a secret of
 *     {@link maskBits} bits under A'.
 * The two are domain-separated by their protocol labels (keystreams and complaint proofs differ).
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { MAX_VIRTUAL_PARTIES, type WeightedAccessStructure } from '../access-structure.ts';
import { assertDkgParams, type DkgParams } from '../dkg/params.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';
import { assertThresholdPublicKey, type ThresholdPublicKey } from '../keys.ts';
import { coefficientRanges, maxShare, SHARING_STATISTICAL_BITS } from '../polynomial.ts';

export interface ReshareParams {
  /** Bound into every key derivation and proof, e.g. "dwallet/threshold/reshare". */
  readonly protocol: string;
  /** 32 bytes, fixed by the chain request. */
  readonly sessionId: Uint8Array;
  /** The key being reshared: the old access structure A and the verification keys vk_v. */
  readonly key: ThresholdPublicKey;
  /** oldEncryptionKeys[p − 1] = K_p of old party p. */
  readonly oldEncryptionKeys: readonly CurvePoint[];
  /** The new access structure A' (weights and threshold of the new committee). */
  readonly newAccess: WeightedAccessStructure;
  /** newEncryptionKeys[u − 1] = K_u of new party u. */
  readonly newEncryptionKeys: readonly CurvePoint[];
}

/**
 * A public bound on sk, for every key this project makes: the trusted dealer's sk < S, the DKG's
 * sk = Σ_{i∈Q} s_i < N·S with N ≤ MAX_VIRTUAL_PARTIES = 2^10, and resharing keeps sk. So
 * sk < 2^(randomnessBits + 10), a constant of the setup: no field on the key, no growth.
 */
export function secretKeyBits(params: Pick<ReshareParams, 'key'>): number {
  return params.key.setup.randomnessBits + bitLength(BigInt(MAX_VIRTUAL_PARTIES - 1));
}

/** Bits of one dealer's mask r_i: skBits + σ, so that r = Σ r_i (one honest) hides sk in Z = sk + r. */
export function maskBits(params: Pick<ReshareParams, 'key'>): number {
  return secretKeyBits(params) + SHARING_STATISTICAL_BITS;
}

/** Throws THRESHOLD_INVALID_INPUT unless the parameters are consistent. */
export function assertReshareParams(params: ReshareParams): void {
  assertThresholdPublicKey(params.key);
  assertDkgParams(oldSharingParams(params));
  assertDkgParams(newSharingParams(params));
  if (params.key.shareBits < 1) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'reshare: the key has no share bound');
  }
}

/** The mask sharing R_i to the old committee, as DKG parameters (dealers and recipients: old parties). */
export function oldSharingParams(params: ReshareParams): DkgParams {
  const { access, setup, shareBits } = params.key;
  const range = 1n << BigInt(shareBits + SHARING_STATISTICAL_BITS + 1);
  return {
    protocol: `${params.protocol}/mask`,
    sessionId: params.sessionId,
    setup,
    access,
    encryptionKeys: params.oldEncryptionKeys,
    sharing: { secretBits: maskBits(params), ranges: Array.from({ length: access.threshold - 1 }, () => range) },
  };
}

/** The sharing R'_i of r_i to the new committee: a DKG dealing of a maskBits-bit secret under A'. */
export function newSharingParams(params: ReshareParams): DkgParams {
  const bits = maskBits(params);
  return {
    protocol: `${params.protocol}/new`,
    sessionId: params.sessionId,
    setup: params.key.setup,
    access: params.newAccess,
    encryptionKeys: params.newEncryptionKeys,
    sharing: { secretBits: bits, ranges: coefficientRanges(params.newAccess, bits) },
  };
}

/** The largest Z = sk + Σ_{i∈Q} r_i can be: |Q| ≤ N (old parties). */
export function maxRevealedSecret(params: ReshareParams): bigint {
  const n = BigInt(params.key.access.partyCount);
  return (1n << BigInt(secretKeyBits(params))) - 1n + n * ((1n << BigInt(maskBits(params))) - 1n);
}

/**
 * The share bound of the new key: |s'_u| = |Δ'·Z − Σ_{i∈Q} R'_i(u)| ≤ Δ'·Zmax + N·maxShare', with
 * N the old committee's size (|Q| ≤ N) and maxShare' the bound of one new-committee dealing. A
 * public function of A, A' and the setup, the same at every validator, and the same epoch after
 * epoch for the same committees: it does not depend on the old key's share bound.
 */
export function reshareShareBits(params: ReshareParams): number {
  const fresh = newSharingParams(params);
  const sharing = fresh.sharing as { secretBits: number; ranges: readonly bigint[] };
  const n = BigInt(params.key.access.partyCount);
  return bitLength(params.newAccess.delta * maxRevealedSecret(params) + n * maxShare(params.newAccess, sharing.secretBits, sharing.ranges));
}

/** The bound of a revealed u_v = s_v + Σ_{i∈Q} R_i(v): |u_v| < 2^revealBits. */
export function revealBits(params: ReshareParams): number {
  const old = oldSharingParams(params);
  const sharing = old.sharing as { secretBits: number; ranges: readonly bigint[] };
  const n = BigInt(params.key.access.partyCount);
  return bitLength((1n << BigInt(params.key.shareBits)) + n * maxShare(params.key.access, sharing.secretBits, sharing.ranges));
}

/**
 * A trusted dealer for the threshold CL key (PROTOCOL.md §4): for tests and single-operator dev
 * networks. Production networks use a distributed key generation (a later issue) that produces
 * the same {@link ThresholdPublicKey} and key shares without anyone knowing sk.
 *
 * Sharing over the integers. The dealer draws
 *     P(X) = Δ·sk + a₁X + … + a_{t−1}X^{t−1} ∈ ℤ[X],   a_k uniform in [0, 2^σ·S·A_k),
 * with σ = 64, S = 2^randomnessBits (the range of sk), Δ = W!, and gives virtual party v the share
 * s_v = P(v) ≥ 0, published as vk_v = h^{s_v}; pk = h^sk.
 *
 * Why the constant term is Δ·sk (PROTOCOL.md §4 writes sk): over ℤ, P(v) ≡ P(0) (mod v), so with
 * P(0) = sk the holder of virtual id v alone would learn sk mod v (for t = 2, the party with id 2
 * learns the parity of sk), and a coalition below the threshold sk modulo the lcm of its ids —
 * over 180 bits for ids up to 128. With P(0) = Δ·sk every share is ≡ 0 (mod v) whatever sk is,
 * and the usual simulation applies (Shoup, EUROCRYPT 2000, §3; eprint 2022/1437; the reference
 * implementation also deals n!·sk): for a set C of at most t−1 virtual ids, adding
 *     (sk' − sk)·Π_{i∈[1,W]∖C} i · Π_{i∈C} (i − X)
 * turns a dealing of sk into one of sk' with the same shares on C. This polynomial has integer
 * coefficients, the one of X^k at most S·W!·e_k({1/i : i ∈ C}) ≤ S·(W!/(t−1)!)·[t, k+1] ≤
 * S·(W!/t!)·[t+1, k+1] in absolute value ([n, k]: unsigned Stirling numbers of the first kind), so
 * each a_k drawn from a range 2^σ times larger hides the shift up to 2^−σ. Decryption shares and
 * verification keys keep their form d_v = c1^{s_v}, vk_v = h^{s_v}; interpolation at 0 gives
 * Δ·P(0) = Δ²·sk in the exponent (combine.ts).
 *
 * The ranges: A_k = (W!/t!)·[t+1, k+1], the reference implementation's per-coefficient range (its
 * reading of eprint 2022/1437), and exactly what the argument above needs. It exceeds Δ for the
 * low-degree coefficients ([t+1, 2]/t! = H_t, the harmonic number) and falls far below it for the
 * high-degree ones. A share then has about σ + |S| + log2(W!·C(W+t, t)) bits (1,730 at W = 128,
 * t = 86; 11,234 at W = 1024, t = 683). Until the cap on W went from 128 to 1024 the ranges had
 * a floor, A_k ≥ Δ, which hid nothing more and cost share size: σ + |S| + log2(W!) +
 * (t−1)·log2(W) bits (2,125 at W = 128, 16,403 at W = 1024), and every decryption share, EDL
 * proof and verification key is an exponentiation by a share.
 *
 * Secrets: sk, the coefficients and the shares are never logged; shares are returned as
 * {@link SecretShare}s. The BigInt arithmetic here is variable time in all of them.
 * @module
 */
import type { ClSecretKey } from '../cl/keys.ts';
import { clPublicKey } from '../cl/keys.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { type RandomSource, randomBits, systemRandom } from '../numbers/random.ts';
import type { WeightedAccessStructure } from './access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import { assertThresholdPublicKey, type ThresholdPublicKey } from './keys.ts';
import { drawSharingPolynomial, evaluatePolynomial, maxShareBits } from './polynomial.ts';
import { type PartyKeyShare, SecretShare } from './secret-share.ts';

export interface ThresholdDealing {
  readonly publicKey: ThresholdPublicKey;
  /** keyShares[p − 1] belongs to party p; send each to its party only. */
  readonly keyShares: readonly PartyKeyShare[];
}

/** Deal a fresh key: sk uniform in [0, S). */
export function dealThresholdKey(
  setup: ClassGroupSetup,
  access: WeightedAccessStructure,
  rng: RandomSource = systemRandom,
): ThresholdDealing {
  return dealShares(setup, access, randomBits(rng, setup.randomnessBits), rng);
}

/** Deal the given secret key (e.g. the network key's sk), which must lie in [0, S). */
export function dealThresholdKeyFor(
  secretKey: ClSecretKey,
  access: WeightedAccessStructure,
  rng: RandomSource = systemRandom,
): ThresholdDealing {
  const { setup, value } = secretKey;
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << BigInt(setup.randomnessBits)) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH, `the secret key must lie in [0, 2^${setup.randomnessBits})`);
  }
  return dealShares(setup, access, value, rng);
}

function dealShares(setup: ClassGroupSetup, access: WeightedAccessStructure, sk: bigint, rng: RandomSource): ThresholdDealing {
  const polynomial = drawSharingPolynomial(access, setup.randomnessBits, sk, rng);
  const shareBits = maxShareBits(access, setup.randomnessBits);
  const shares: SecretShare[] = [];
  const verificationKeys = [];
  for (let v = 1; v <= access.totalWeight; v++) {
    const value = evaluatePolynomial(polynomial, v);
    shares.push(new SecretShare(v, value));
    verificationKeys.push(setup.hTable.pow(value));
  }
  const publicKey: ThresholdPublicKey = {
    setup,
    access,
    encryptionKey: clPublicKey(setup, setup.hTable.pow(sk)),
    verificationKeys: Object.freeze(verificationKeys),
    shareBits,
  };
  assertThresholdPublicKey(publicKey);
  const keyShares = access.parties().map((party) => ({
    party,
    shares: Object.freeze(access.virtualIds(party).map((v) => shares[v - 1] as SecretShare)),
  }));
  return { publicKey, keyShares };
}

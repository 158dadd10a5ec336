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
 * The ranges: A_k = max(Δ, (W!/t!)·[t+1, k+1]). The second term is the reference
 * implementation's per-coefficient range (its reading of eprint 2022/1437), and what the argument
 * above needs; it exceeds Δ for the low-degree coefficients ([t+1, 2]/t! = H_t, the harmonic
 * number) and falls far below it for the high-degree ones. The floor Δ keeps every range at least
 * the uniform 2^σ·S·Δ. It is not needed for hiding, and costs share size: with it a share has about
 * σ + |S| + log2(W!) + (t−1)·log2(W) bits (2,125 at W = 128, t = 86), without it about
 * σ + |S| + log2(W!·C(W+t, t)) (1,730).
 *
 * Secrets: sk, the coefficients and the shares are never logged; shares are returned as
 * {@link SecretShare}s. The BigInt arithmetic here is variable time in all of them.
 * @module
 */
import type { ClSecretKey } from '../cl/keys.ts';
import { clPublicKey } from '../cl/keys.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { bitLength } from '../numbers/bytes.ts';
import { type RandomSource, randomBelow, randomBits, systemRandom } from '../numbers/random.ts';
import type { WeightedAccessStructure } from './access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import { assertThresholdPublicKey, type ThresholdPublicKey } from './keys.ts';
import { type PartyKeyShare, SecretShare } from './secret-share.ts';

/** σ: the statistical hiding of sk among fewer than t shares. */
export const SHARING_STATISTICAL_BITS = 64;

/** Unsigned Stirling numbers of the first kind [n, 0..n]: the coefficients of x(x+1)…(x+n−1). */
export function stirlingFirstKindRow(n: number): bigint[] {
  let row: bigint[] = [1n];
  for (let i = 0; i < n; i++) {
    const next = new Array<bigint>(row.length + 1).fill(0n);
    row.forEach((c, k) => {
      next[k + 1] = (next[k + 1] as bigint) + c;
      next[k] = (next[k] as bigint) + BigInt(i) * c;
    });
    row = next;
  }
  return row;
}

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

/** The exclusive upper bounds R_k = 2^σ·S·A_k of the coefficients a_k, k = 1..t−1 (index k − 1). */
export function coefficientRanges(access: WeightedAccessStructure, randomnessBits: number): bigint[] {
  const t = access.threshold;
  const stirling = stirlingFirstKindRow(t + 1);
  const ratio = access.delta / factorial(t);
  const scale = 1n << BigInt(SHARING_STATISTICAL_BITS + randomnessBits);
  const ranges: bigint[] = [];
  for (let k = 1; k < t; k++) {
    let factor = ratio * (stirling[k + 1] as bigint);
    if (factor < access.delta) factor = access.delta;
    ranges.push(scale * factor);
  }
  return ranges;
}

/** The largest possible share, P(W) with sk = S − 1 and every a_k at its maximum. */
export function maxShare(access: WeightedAccessStructure, randomnessBits: number): bigint {
  const W = BigInt(access.totalWeight);
  let total = access.delta * ((1n << BigInt(randomnessBits)) - 1n);
  let power = 1n;
  for (const range of coefficientRanges(access, randomnessBits)) {
    power *= W;
    total += (range - 1n) * power;
  }
  return total;
}

/** The exact maximum bit length of a share: every share satisfies 0 ≤ s_v < 2^maxShareBits. */
export function maxShareBits(access: WeightedAccessStructure, randomnessBits: number): number {
  return bitLength(maxShare(access, randomnessBits));
}

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
  const coefficients = [access.delta * sk, ...coefficientRanges(access, setup.randomnessBits).map((range) => randomBelow(rng, range))];
  const shareBits = maxShareBits(access, setup.randomnessBits);
  const shares: SecretShare[] = [];
  const verificationKeys = [];
  for (let v = 1; v <= access.totalWeight; v++) {
    // Horner's rule: P(v) = (…(a_{t−1}·v + a_{t−2})·v + …)·v + Δ·sk.
    const x = BigInt(v);
    let value = 0n;
    for (let k = coefficients.length - 1; k >= 0; k--) value = value * x + (coefficients[k] as bigint);
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

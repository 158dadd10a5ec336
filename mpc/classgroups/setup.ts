/**
 * The deterministic CL setup for a curve order q: every party derives the same class group,
 * message subgroup and generator from q and the security level alone (PROTOCOL.md §3).
 *
 * Derivation (version 1), all randomness from a {@link Drbg} labelled
 * `dwallet/classgroups/setup/v1` and seeded with (level as 2 bytes big-endian ‖ q as 32 bytes
 * big-endian):
 * 1. p: a prime drawn uniformly from those with |Δ_K| = p·q of exactly k bits (k = 1348 at the
 *    112-bit level, 1827 at 128), p·q ≡ 3 (mod 4) so that Δ_K = −p·q ≡ 1 (mod 4) is fundamental,
 *    and Kronecker (q/p) = −1 (the condition of the CL-HSM setup, Castagnos–Laguillaumie
 *    CT-RSA 2015 §4.1, as in BICYCL eprint 2022/1466 §3).
 * 2. Δ_K = −p·q, Δ_q = q²·Δ_K; f = (q², q, (1 − Δ_K)/4).
 * 3. r: a 128-bit prime with (Δ_K/r) = 1, drawn next from the same stream. With t the prime form
 *    of Δ_K above r, t² is lifted to Δ_q by (a, b, c) ↦ (a, b·q, c·q²) (a is prime to q),
 *    reduced, and raised to q: h = lift(t²)^q is a q-th power, so ⟨h⟩ meets F only in the identity
 *    unless q divides the class number, which happens with negligible probability.
 * 4. S = 2^s with s = ⌈k/2⌉ + σ + ⌊log2 k⌋ + 1 (σ = 64): sk and encryption randomness are drawn
 *    from [0, S), enough to make h^r statistically close to uniform in ⟨h⟩ since the class number
 *    is below √|Δ_K|·log|Δ_K| (749 bits at 112-bit security, 989 at 128).
 *
 * The 2-Sylow subgroup. Under these conditions the 2-Sylow subgroup of Cl(Δ_q) has order exactly 2,
 * so squaring removes every element of 2-power order ({@link TWO_SYLOW_EXPONENT}); verifiers
 * compare class-group values up to order 2 (group.ts `equalUpToOrderTwo`) and threshold
 * decryption raises its result to an even exponent (threshold/combine.ts). Why:
 * - h(Δ_q) = h(Δ_K)·q: for the conductor q, h(q²Δ_K) = h(Δ_K)·q·(1 − (Δ_K/q)/q) (Cox, "Primes of
 *   the form x² + ny²", Theorem 7.24; the unit index is 1 for Δ_K < −4), and (Δ_K/q) = 0 since q
 *   divides Δ_K. q is odd, so the 2-Sylow subgroups of Cl(Δ_q) and Cl(Δ_K) have the same order;
 *   the map Cl(Δ_q) → Cl(Δ_K) is onto with kernel of order q, so they are isomorphic.
 * - Genus theory: Δ_K = −p·q has two prime divisors, so Cl(Δ_K)[2] has order 2^(2−1) = 2.
 * - Rédei: with Δ_K = D₁·D₂, D₁ = p*, D₂ = q* the prime discriminants (ℓ* = ±ℓ ≡ 1 mod 4), an element
 *   of order 4 exists iff the ambiguous class is a square iff (D₁/q) = (D₂/p) = 1 (Rédei–Reichardt,
 *   1934; e.g. Lemmermeyer, "Reciprocity Laws", §1.7). p·q ≡ 3 (mod 4) makes one of p, q ≡ 1 and the
 *   other ≡ 3 (mod 4): if p ≡ 1, (D₂/p) = (−q/p) = (q/p); if p ≡ 3, D₂ = q and (D₂/p) = (q/p). Either
 *   way (D₂/p) = (q/p) = −1, so there is no element of order 4, and the 2-Sylow subgroup is {1, ε}.
 * Two consequences are used. Received forms must be squares (group.ts `assertElement`: the genus
 * character χ_q, whose kernel is the principal genus Cl(Δ_q)², is +1): every value the protocol
 * computes is a square, h included, and the squares — the odd-order part here — contain no
 * element of order 2, so an element of order 2 can never enter from outside. And verification
 * equations are still judged up to order 2, so that their verdicts do not depend on that check.
 * test/mpc/classgroups/two-sylow.test.ts checks both facts on every small (p, q) by enumerating
 * the group, and that the first fails without (q/p) = −1.
 *
 * Which genus character. Δ_q has the two odd prime divisors p and q and Δ_q ≡ 1 (mod 4), so its
 * genus characters are χ_p and χ_q alone, and they are equal: for an odd m prime to Δ_q that a form
 * represents, Δ_q is a square modulo m, so 1 = (Δ_q/m) = (−1/m)(p/m)(q/m)³, and quadratic
 * reciprocity turns the right side into (m/p)(m/q)·(−1)^(((m−1)/2)(1 + (p−1)/2 + (q−1)/2)), whose
 * sign is +1 because exactly one of p, q is 3 (mod 4) (p·q ≡ 3); so χ_p(x) = (m/p) = (m/q) = χ_q(x).
 * The check uses χ_q: a Kronecker symbol modulo the 256-bit q instead of the 1,092-bit p (at the
 * 112-bit level), several times faster, and it ran on every form a validator decodes. The
 * two-sylow test checks χ_p = χ_q on every element of the small groups and on the real setup.
 * @module
 */
import { ErrorCodes, ParameterError } from '../errors.ts';
import { bigintToBytes, bitLength } from '../numbers/bytes.ts';
import { Drbg } from '../numbers/drbg.ts';
import { gcd, kronecker } from '../numbers/modular.ts';
import { randomPrime } from '../numbers/primes.ts';
import type { FixedBaseTable } from './fixed-base.ts';
import { type Form, reduce } from './form.ts';
import { ClassGroup } from './group.ts';
import { generatorF, type MessageSubgroup } from './message-subgroup.ts';
import { primeForm } from './prime-form.ts';

export const SECURITY_LEVELS = [112, 128] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

/** Bit length of |Δ_K| per computational security level (BICYCL, eprint 2022/1466, Table 2). */
export const FUNDAMENTAL_DISCRIMINANT_BITS: Readonly<Record<SecurityLevel, number>> = { 112: 1348, 128: 1827 };

/** Statistical security parameter σ. */
export const STATISTICAL_SECURITY_BITS = 64;

/** Width of the fixed-base table of h (one composition per 6 exponent bits). */
export const GENERATOR_TABLE_WIDTH = 6;

export const SETUP_DRBG_LABEL = 'dwallet/classgroups/setup/v1';

/** The exponent of the 2-Sylow subgroup of Cl(Δ_q): x^2 has odd order for every x (see the module comment). */
export const TWO_SYLOW_EXPONENT = 2n;

/** What the derivation draws at random; everything else follows from these and q. */
export interface SetupSeeds {
  readonly q: bigint;
  readonly level: SecurityLevel;
  readonly p: bigint;
  readonly r: bigint;
}

export interface ClassGroupSetup extends MessageSubgroup, SetupSeeds {
  /** Δ_K = −p·q */
  readonly deltaK: bigint;
  /** Δ_q = q²·Δ_K */
  readonly deltaQ: bigint;
  /** Cl(Δ_q), where keys and ciphertexts live. */
  readonly group: ClassGroup;
  /** Generator of the message subgroup F (order q). */
  readonly f: Form;
  /** Generator of the q-th powers (randomness and keys). */
  readonly h: Form;
  /** Fixed-base table of h, grown on demand. */
  readonly hTable: FixedBaseTable;
  /** s with S = 2^s: keys and encryption randomness are drawn from [0, 2^s). */
  readonly randomnessBits: number;
}

export function assertSecurityLevel(level: unknown): asserts level is SecurityLevel {
  if (!(SECURITY_LEVELS as readonly unknown[]).includes(level)) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `unsupported security level ${String(level)}; expected 112 or 128`);
  }
}

/** s = ⌈k/2⌉ + σ + ⌊log2 k⌋ + 1 for k = bits of |Δ_K|. */
export function randomnessBitsFor(level: SecurityLevel): number {
  const k = FUNDAMENTAL_DISCRIMINANT_BITS[level];
  return Math.ceil(k / 2) + STATISTICAL_SECURITY_BITS + Math.floor(Math.log2(k)) + 1;
}

function assertCurveOrder(q: bigint): void {
  // q must be an odd prime of at least 128 bits (a curve group order); 2^256 bounds the seed encoding.
  if (q < 1n << 127n || q >= 1n << 256n || q % 2n === 0n) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'setup: q must be an odd prime of 128 to 256 bits');
  }
}

/** Draw p and r for (q, level): the expensive, random part of the setup. */
export function deriveSetupSeeds(q: bigint, level: SecurityLevel): SetupSeeds {
  assertSecurityLevel(level);
  assertCurveOrder(q);
  const seed = new Uint8Array(34);
  seed[0] = level >> 8;
  seed[1] = level & 0xff;
  seed.set(bigintToBytes(q, 32), 2);
  const drbg = new Drbg(SETUP_DRBG_LABEL, seed);

  const k = BigInt(FUNDAMENTAL_DISCRIMINANT_BITS[level]);
  const p = randomPrime(drbg, {
    min: ((1n << (k - 1n)) + q - 1n) / q,
    max: ((1n << k) - 1n) / q,
    residue: (3n * q) % 4n,
    modulus: 4n,
    accept: (candidate) => candidate !== q && kronecker(q, candidate) === -1,
  });
  const deltaK = -p * q;
  const r = randomPrime(drbg, {
    min: 1n << 127n,
    max: (1n << 128n) - 1n,
    accept: (candidate) => kronecker(deltaK, candidate) === 1 && gcd(liftableSquare(deltaK, candidate).a, q) === 1n,
  });
  return { q, level, p, r };
}

/**
 * lift(t²) in Cl(Δ_q), the form that h is the q-th power of: t the prime form of Δ_K above r,
 * lifted by (a, b, c) ↦ (a, b·q, c·q²), which needs gcd(a, q) = 1.
 */
export function liftedPrimeSquare(deltaK: bigint, q: bigint, r: bigint): Form {
  const t2 = liftableSquare(deltaK, r);
  if (gcd(t2.a, q) !== 1n) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'setup: the prime form cannot be lifted');
  return reduce(t2.a, t2.b * q, t2.c * q * q);
}

/** t² for t the prime form of Δ_K above r, in Cl(Δ_K). */
function liftableSquare(deltaK: bigint, r: bigint): Form {
  const t = primeForm(deltaK, r);
  return new ClassGroup(deltaK).square(t);
}

/**
 * Complete a setup from its seeds (cheap: one exponentiation by q). Checks the seeds' public
 * conditions, so seeds read from a cache cannot yield a malformed setup.
 */
export function setupFromSeeds(seeds: SetupSeeds): ClassGroupSetup {
  const { q, level, p, r } = seeds;
  assertSecurityLevel(level);
  assertCurveOrder(q);
  const deltaK = -p * q;
  if (bitLength(deltaK) !== FUNDAMENTAL_DISCRIMINANT_BITS[level] || (p * q) % 4n !== 3n || kronecker(q, p) !== -1) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'setup: p does not satisfy the setup conditions');
  }
  if (kronecker(deltaK, r) !== 1) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'setup: r does not split in the quadratic field');
  }
  const deltaQ = q * q * deltaK;
  // χ_q = χ_p on Cl(Δ_q) (module comment, "Which genus character"), and q is the smaller.
  // Δ_K = −p·q is odd and squarefree, so q is Δ_q's conductor in the sense isPrimitive needs.
  const group = new ClassGroup(deltaQ, { genusPrime: q, conductor: q });
  const h = group.pow(liftedPrimeSquare(deltaK, q, r), q);
  if (group.isIdentity(h)) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'setup: h is the identity');
  // h lifts a square of Cl(Δ_K), so it is a square: the genus check on received forms relies on it.
  if (!group.isSquareClass(h)) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'setup: h is not a square class');
  const params = { q, deltaK, group };
  return {
    ...seeds,
    deltaK,
    deltaQ,
    group,
    f: generatorF(params),
    h,
    hTable: group.fixedBase(h, GENERATOR_TABLE_WIDTH),
    randomnessBits: randomnessBitsFor(level),
  };
}

/** Derive the whole setup for (q, level) from scratch (no cache). */
export function deriveSetup(q: bigint, level: SecurityLevel): ClassGroupSetup {
  return setupFromSeeds(deriveSetupSeeds(q, level));
}

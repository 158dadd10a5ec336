/**
 * Miller–Rabin probabilistic primality test in BigInt (FIPS 186-5 Appendix B.3.1), the portable
 * fallback of mpc/numbers/primes.ts where `node:crypto`'s `checkPrimeSync` (OpenSSL) is not
 * available — in a browser or a Web Worker, where the SDK derives the class-group setup.
 *
 * Each round draws its base b uniformly from [2, w − 2] from a {@link RandomSource} (default the
 * system CSPRNG, `crypto.getRandomValues`): with random bases a composite w passes one round with
 * probability at most 1/4 (Rabin 1980), so `iterations` rounds leave at most 4^−iterations,
 * whatever w is — fixed bases would not do, since composites exist that pass every round for a
 * given set of small bases (3215031751 passes bases 2, 3, 5 and 7). The base is drawn by rejection
 * (no modular bias), as B.3.1 step 4.1–4.2 asks.
 *
 * Cost: one modular exponentiation of |w| bits per round, square-and-multiply on BigInt — about
 * an order of magnitude slower than OpenSSL's, which is why primes.ts prefers node:crypto when it
 * is there. Primality here is of public values (setup primes, hash-to-prime outputs): BigInt
 * arithmetic is not constant time, and must not be given a secret candidate.
 * @module
 */
import { ArithmeticError, ErrorCodes } from '../errors.ts';
import { powMod } from './modular.ts';
import { type RandomSource, randomInRange, systemRandom } from './random.ts';

/**
 * FIPS 186-5 B.3.1: false when `w` is composite (certainly), true when it is probably prime
 * (a composite passes with probability ≤ 4^−iterations). `w` below 5 and even `w` are decided
 * directly (they have no base in [2, w − 2] to draw).
 */
export function millerRabin(w: bigint, iterations: number, random: RandomSource = systemRandom): boolean {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, `millerRabin: iterations must be a positive integer, got ${iterations}`);
  }
  if (w < 2n) return false;
  if (w < 4n) return true;
  if ((w & 1n) === 0n) return false;
  // Step 1–2: w − 1 = 2^a · m with m odd.
  const wMinus1 = w - 1n;
  let a = 0;
  let m = wMinus1;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    a++;
  }
  for (let i = 0; i < iterations; i++) {
    // Step 4.1–4.2: a base b with 1 < b < w − 1.
    const b = randomInRange(random, 2n, w - 2n);
    // Step 4.3–4.4.
    let z = powMod(b, m, w);
    if (z === 1n || z === wMinus1) continue;
    // Step 4.5: square up to a − 1 times looking for −1.
    let passed = false;
    for (let j = 1; j < a; j++) {
      z = (z * z) % w;
      if (z === wMinus1) {
        passed = true;
        break;
      }
      if (z === 1n) return false;
    }
    // Step 4.6–4.7.
    if (!passed) return false;
  }
  return true;
}

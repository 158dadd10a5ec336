/**
 * Probable-prime tests and prime search.
 *
 * Miller–Rabin runs in OpenSSL through `node:crypto` (`checkPrimeSync`) in Node, far faster than
 * bigint modular exponentiation; elsewhere (a browser, a Web Worker) in BigInt
 * (./miller-rabin.ts, FIPS 186-5 B.3.1). Both use random bases, so the result depends only on
 * whether the candidate is prime (up to the 2^−128 error bound): `randomPrime` under a DRBG
 * returns the same prime on either. `node:crypto` is looked up at run time through
 * `process.getBuiltinModule` (Node ≥ 20.16), never imported statically, so a browser bundle of
 * this module carries no Node built-in. Candidates are first screened by trial division with small
 * primes, done in doubles on residues modulo products of small primes.
 * @module
 */
import { ArithmeticError, ErrorCodes } from '../errors.ts';
import { bitLength } from './bytes.ts';
import { millerRabin } from './miller-rabin.ts';
import { mod } from './modular.ts';
import { type RandomSource, randomInRange } from './random.ts';

type CheckPrime = (candidate: bigint, options: { checks: number }) => boolean;

/** OpenSSL's Miller–Rabin when running in Node; undefined elsewhere. */
const nodeCheckPrime: CheckPrime | undefined = (
  globalThis.process?.getBuiltinModule?.('node:crypto') as typeof import('node:crypto') | undefined
)?.checkPrimeSync;

/** `rounds` random-base Miller–Rabin rounds: OpenSSL's in Node, the BigInt one elsewhere. */
function checkPrime(candidate: bigint, rounds: number): boolean {
  return nodeCheckPrime !== undefined ? nodeCheckPrime(candidate, { checks: rounds }) : millerRabin(candidate, rounds);
}

/** Miller–Rabin rounds for a false-positive probability ≤ 4^−64 = 2^−128 on any input. */
export const MILLER_RABIN_ROUNDS = 64;

/** The odd primes below 2^12, for trial division. */
const SMALL_PRIMES: readonly number[] = (() => {
  const limit = 4096;
  const sieve = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (sieve[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += 2 * i) sieve[j] = 1;
  }
  return primes;
})();

/** Small primes grouped so that each group's product stays below 2^48 (residues fit a double). */
const SMALL_PRIME_GROUPS: readonly { product: bigint; primes: readonly number[] }[] = (() => {
  const groups: { product: bigint; primes: number[] }[] = [];
  let current: number[] = [];
  let product = 1;
  for (const p of SMALL_PRIMES) {
    if (product * p >= 2 ** 48) {
      groups.push({ product: BigInt(product), primes: current });
      current = [];
      product = 1;
    }
    current.push(p);
    product *= p;
  }
  if (current.length > 0) groups.push({ product: BigInt(product), primes: current });
  return groups;
})();

/** True when n > 4096 has a prime factor below 4096 (cheap screen before Miller–Rabin). */
function hasSmallFactor(n: bigint): boolean {
  for (const group of SMALL_PRIME_GROUPS) {
    const residue = Number(n % group.product);
    for (const p of group.primes) if (residue % p === 0) return true;
  }
  return false;
}

/**
 * Probabilistic primality: false for composites except with probability ≤ 2^−128
 * ({@link MILLER_RABIN_ROUNDS} random-base Miller–Rabin rounds after trial division).
 */
export function isProbablePrime(n: bigint, rounds: number = MILLER_RABIN_ROUNDS): boolean {
  if (n < 2n) return false;
  if (n < 4096n) return n === 2n || SMALL_PRIMES.includes(Number(n));
  if (n % 2n === 0n || hasSmallFactor(n)) return false;
  return checkPrime(n, rounds);
}

export interface PrimeSearch {
  /** Smallest allowed value (inclusive). */
  min: bigint;
  /** Largest allowed value (inclusive). */
  max: bigint;
  /** Required residue: candidates satisfy p ≡ residue (mod modulus). Default: odd. */
  residue?: bigint;
  modulus?: bigint;
  /** Extra public condition on the prime (checked on candidates that passed one Miller–Rabin round). */
  accept?: (candidate: bigint) => boolean;
  /** Give up after this many candidates (default 1,000,000). */
  maxCandidates?: number;
}

/**
 * A prime p in [min, max] with p ≡ residue (mod modulus) and `accept(p)`, each candidate drawn
 * independently and uniformly from the admissible residue class, so the output distribution is
 * uniform over the admissible primes. Deterministic when `rng` is a {@link Drbg}.
 */
export function randomPrime(rng: RandomSource, search: PrimeSearch): bigint {
  const modulus = search.modulus ?? 2n;
  const residue = mod(search.residue ?? 1n, modulus);
  // Candidates are residue + k·modulus for k in [kMin, kMax].
  const kMin = (search.min - residue + modulus - 1n) / modulus;
  const kMax = (search.max - residue) / modulus;
  if (kMax < kMin || kMin < 0n) {
    throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, 'randomPrime: no candidate in the requested range', {
      minBits: bitLength(search.min),
      maxBits: bitLength(search.max),
    });
  }
  const limit = search.maxCandidates ?? 1_000_000;
  for (let i = 0; i < limit; i++) {
    const candidate = residue + modulus * randomInRange(rng, kMin, kMax);
    if (candidate < 4096n) {
      if (isProbablePrime(candidate) && (search.accept?.(candidate) ?? true)) return candidate;
      continue;
    }
    if (candidate % 2n === 0n || hasSmallFactor(candidate)) continue;
    // One round rejects almost every composite cheaply; the full test runs only on survivors.
    if (!checkPrime(candidate, 1)) continue;
    if (search.accept && !search.accept(candidate)) continue;
    if (checkPrime(candidate, MILLER_RABIN_ROUNDS)) return candidate;
  }
  throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, `randomPrime: no prime found in ${limit} candidates`);
}

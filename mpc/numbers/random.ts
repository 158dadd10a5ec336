/**
 * Sources of randomness and unbiased sampling of integers.
 *
 * Every sampler takes a {@link RandomSource}: the operating system's CSPRNG in production
 * ({@link systemRandom}), or a {@link Drbg} when a result must be reproducible from a seed (public
 * setup, key generation from a seed, tests).
 * @module
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { ArithmeticError, ErrorCodes } from '../errors.ts';
import { bitLength, bytesToBigint } from './bytes.ts';

/** Anything that yields uniformly random bytes. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

/** The operating system's CSPRNG (`crypto.getRandomValues`). */
export const systemRandom: RandomSource = { bytes: (length) => randomBytes(length) };

/** A uniformly random integer in [0, 2^bits). */
export function randomBits(rng: RandomSource, bits: number): bigint {
  if (!Number.isSafeInteger(bits) || bits < 0) {
    throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, `randomBits: bit count must be a non-negative integer, got ${bits}`);
  }
  if (bits === 0) return 0n;
  const bytes = rng.bytes(Math.ceil(bits / 8));
  const excess = bytes.length * 8 - bits;
  // Clear the excess high bits of the first (most significant) byte.
  bytes[0] = (bytes[0] as number) & (0xff >> excess);
  return bytesToBigint(bytes);
}

/**
 * A uniformly random integer in [0, bound), by rejection sampling: draw ⌈log2 bound⌉ bits and
 * retry when the draw is ≥ bound (fewer than 2 draws on average, no modular bias).
 */
export function randomBelow(rng: RandomSource, bound: bigint): bigint {
  if (bound <= 0n) throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, 'randomBelow: the bound must be positive');
  const bits = bitLength(bound - 1n);
  for (;;) {
    const candidate = randomBits(rng, bits);
    if (candidate < bound) return candidate;
  }
}

/** A uniformly random integer in [min, max] (inclusive). */
export function randomInRange(rng: RandomSource, min: bigint, max: bigint): bigint {
  if (max < min) throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, 'randomInRange: max is below min');
  return min + randomBelow(rng, max - min + 1n);
}

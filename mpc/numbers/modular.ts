/**
 * Modular and integer arithmetic on bigints: reduction, gcd, Bézout coefficients, inverses,
 * Kronecker symbols, integer roots and square roots modulo primes.
 * @module
 */
import { ArithmeticError, ErrorCodes } from '../errors.ts';
import { bitLength } from './bytes.ts';
import { euclidWhileAbove, RUN_TO_END } from './euclid.ts';

/** a mod m in [0, m) for m > 0. */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** |a| */
export function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** ⌊a / b⌋ (rounds toward −∞, unlike bigint `/`). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Extended gcd: g = gcd(a, b) ≥ 0 and x, y with a·x + b·y = g. */
export function xgcd(a: bigint, b: bigint): { g: bigint; x: bigint; y: bigint } {
  const A = abs(a);
  const B = abs(b);
  if (B === 0n) return { g: A, x: a < 0n ? -1n : A === 0n ? 0n : 1n, y: 0n };
  const state = euclidWhileAbove({ r0: A, r1: B, t0: 0n, t1: 1n, steps: 0 }, RUN_TO_END);
  const g = state.r0;
  // r0 ≡ t0·B (mod A): the cofactor of B is t0; the one of A follows by exact division.
  let y = state.t0;
  let x = A === 0n ? 0n : (g - y * B) / A;
  if (a < 0n) x = -x;
  if (b < 0n) y = -y;
  return { g, x, y };
}

/** gcd(a, b) ≥ 0 */
export function gcd(a: bigint, b: bigint): bigint {
  return euclidWhileAbove({ r0: abs(a), r1: abs(b), t0: 0n, t1: 1n, steps: 0 }, RUN_TO_END).r0;
}

/** a⁻¹ mod m, for m > 1; throws `NOT_INVERTIBLE` when gcd(a, m) ≠ 1. Variable time. */
export function modInverse(a: bigint, m: bigint): bigint {
  const state = euclidWhileAbove({ r0: m, r1: mod(a, m), t0: 0n, t1: 1n, steps: 0 }, RUN_TO_END);
  if (state.r0 !== 1n) {
    throw new ArithmeticError(ErrorCodes.NOT_INVERTIBLE, 'modInverse: the value is not invertible modulo m', {
      modulusBits: bitLength(m),
    });
  }
  return mod(state.t0, m);
}

/**
 * Kronecker symbol (a/n) for any integers a, n (Cohen, A Course in Computational Algebraic Number
 * Theory, Algorithm 1.4.10). Equals the Jacobi symbol for odd positive n and the Legendre symbol
 * for odd prime n.
 */
export function kronecker(a: bigint, n: bigint): -1 | 0 | 1 {
  if (n === 0n) return abs(a) === 1n ? 1 : 0;
  if (a % 2n === 0n && n % 2n === 0n) return 0;
  let k: -1 | 1 = 1;
  // Remove the factors 2 of n, using (2/a) = (−1)^((a²−1)/8) for odd a.
  let v = 0;
  while (n % 2n === 0n) {
    n /= 2n;
    v += 1;
  }
  if (v % 2 === 1) {
    const a8 = Number(mod(a, 8n));
    if (a8 === 3 || a8 === 5) k = -k as -1 | 1;
  }
  if (n < 0n) {
    n = -n;
    if (a < 0n) k = -k as -1 | 1;
  }
  // Now n is odd and positive: the Jacobi symbol with quadratic reciprocity. The tests on low bits
  // read a Number of the low 32 bits (BigInt.asUintN) rather than BigInt remainders: half the time
  // per symbol at 256 bits, where every received class-group form needs one (classgroups/group.ts).
  a = mod(a, n);
  while (a !== 0n) {
    let low = Number(BigInt.asUintN(32, a));
    if ((low & 1) === 0) {
      // Take out every factor 2 of a at once: (2/n)^z with z the number of trailing zero bits.
      const zeros = low === 0 ? bitLength(a & -a) - 1 : 31 - Math.clz32(low & -low);
      a >>= BigInt(zeros);
      const n8 = Number(BigInt.asUintN(3, n));
      if (zeros % 2 === 1 && (n8 === 3 || n8 === 5)) k = -k as -1 | 1;
      low = Number(BigInt.asUintN(32, a));
    }
    const t = a;
    a = n;
    n = t;
    // Reciprocity: a sign change when both are 3 (mod 4); `low` holds the new n's low bits.
    if (Number(BigInt.asUintN(2, a)) === 3 && (low & 3) === 3) k = -k as -1 | 1;
    a %= n;
  }
  return n === 1n ? k : 0;
}

/** ⌊√n⌋ for n ≥ 0 (Newton's iteration from an over-estimate). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, 'isqrt: negative input');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** ⌊n^(1/4)⌋ for n ≥ 0. */
export function iroot4(n: bigint): bigint {
  return isqrt(isqrt(n));
}

/**
 * A square root of a modulo the odd prime p (Tonelli–Shanks). Throws `NOT_INVERTIBLE` when a is a
 * non-residue. Public inputs only (variable time).
 */
export function sqrtModPrime(a: bigint, p: bigint): bigint {
  a = mod(a, p);
  if (a === 0n) return 0n;
  if (kronecker(a, p) !== 1) {
    throw new ArithmeticError(ErrorCodes.NOT_INVERTIBLE, 'sqrtModPrime: the value is not a square modulo p');
  }
  if (p % 4n === 3n) return powMod(a, (p + 1n) / 4n, p);
  let q = p - 1n;
  let s = 0n;
  while (q % 2n === 0n) {
    q /= 2n;
    s += 1n;
  }
  let z = 2n;
  while (kronecker(z, p) !== -1) z += 1n;
  let m = s;
  let c = powMod(z, q, p);
  let t = powMod(a, q, p);
  let r = powMod(a, (q + 1n) / 2n, p);
  while (t !== 1n) {
    let i = 0n;
    let t2 = t;
    while (t2 !== 1n) {
      t2 = (t2 * t2) % p;
      i += 1n;
      // Only reachable when p is not prime: fail instead of looping.
      if (i === m) throw new ArithmeticError(ErrorCodes.NOT_INVERTIBLE, 'sqrtModPrime: the modulus is not prime');
    }
    const b = powMod(c, 1n << (m - i - 1n), p);
    m = i;
    c = (b * b) % p;
    t = (t * c) % p;
    r = (r * b) % p;
  }
  return r;
}

/** base^e mod m for e ≥ 0, m > 0 (square-and-multiply; public values only). */
export function powMod(base: bigint, e: bigint, m: bigint): bigint {
  if (e < 0n) throw new ArithmeticError(ErrorCodes.OUT_OF_RANGE, 'powMod: negative exponent');
  let result = 1n % m;
  base = mod(base, m);
  while (e > 0n) {
    if (e & 1n) result = (result * base) % m;
    base = (base * base) % m;
    e >>= 1n;
  }
  return result;
}

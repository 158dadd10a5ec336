/**
 * Binary quadratic forms f = (a, b, c) ↔ a·x² + b·x·y + c·y² of negative discriminant
 * Δ = b² − 4ac, the elements of imaginary quadratic class groups.
 *
 * Every positive definite primitive form is equivalent to exactly one *reduced* form
 * (|b| ≤ a ≤ c, and b ≥ 0 when |b| = a or a = c), so reduced forms are the canonical encoding of
 * group elements: equality of classes is equality of (a, b).
 * @module
 */
import { ErrorCodes, InvalidFormError } from '../errors.ts';
import { bitLength } from '../numbers/bytes.ts';
import { gcd } from '../numbers/modular.ts';

export interface Form {
  readonly a: bigint;
  readonly b: bigint;
  readonly c: bigint;
}

/** b² − 4ac */
export function discriminantOf(f: Form): bigint {
  return f.b * f.b - 4n * f.a * f.c;
}

/** |b| ≤ a ≤ c, and b ≥ 0 when |b| = a or a = c. */
export function isReduced(f: Form): boolean {
  const { a, b, c } = f;
  if (a <= 0n) return false;
  const absB = b < 0n ? -b : b;
  if (absB > a || a > c) return false;
  if ((absB === a || a === c) && b < 0n) return false;
  return true;
}

/**
 * gcd(a, b, c) = 1. `conductor`, when given, is f with Δ = f²·Δ_K for an odd squarefree Δ_K (the
 * caller's knowledge of Δ: the CL setup's Δ_q = q²·(−p·q)).
 */
export function isPrimitive(f: Form, conductor?: bigint): boolean {
  if (conductor === undefined) return gcd(gcd(f.a, f.b), f.c) === 1n;
  // g = gcd(a, b, c) has g² | b² − 4ac = Δ = conductor²·Δ_K; with Δ_K odd and squarefree every
  // prime power of g divides the conductor, so gcd(a, b, c) = gcd(conductor, a, b, c): three
  // reductions modulo the small conductor instead of a gcd of the coefficients.
  let g = conductor;
  for (const x of [f.a, f.b, f.c]) {
    g = gcd(g, x % g);
    if (g === 1n) return true;
  }
  return false;
}

/** Same coefficients (for reduced forms: same class). */
export function formsEqual(f: Form, g: Form): boolean {
  return f.a === g.a && f.b === g.b && f.c === g.c;
}

/**
 * The form (a, b, c) with c = (b² − Δ)/(4a), checking a > 0 and that c is an integer.
 * Does not check reduction or primitivity (see {@link validateReducedForm}).
 */
export function formFromAB(a: bigint, b: bigint, discriminant: bigint): Form {
  if (a <= 0n) {
    throw new InvalidFormError(ErrorCodes.FORM_NOT_POSITIVE_DEFINITE, 'form: the coefficient a must be positive');
  }
  const numerator = b * b - discriminant;
  const denominator = 4n * a;
  if (numerator % denominator !== 0n) {
    throw new InvalidFormError(
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
      'form: b² − Δ is not divisible by 4a, so (a, b) is not a form of this discriminant',
      { discriminantBits: bitLength(discriminant) },
    );
  }
  return { a, b, c: numerator / denominator };
}

/** Throws an {@link InvalidFormError} unless f is a reduced primitive form of discriminant Δ. */
export function validateReducedForm(f: Form, discriminant: bigint, conductor?: bigint): void {
  if (f.a <= 0n) {
    throw new InvalidFormError(ErrorCodes.FORM_NOT_POSITIVE_DEFINITE, 'form: the coefficient a must be positive');
  }
  if (discriminantOf(f) !== discriminant) {
    throw new InvalidFormError(ErrorCodes.FORM_WRONG_DISCRIMINANT, 'form: b² − 4ac differs from the group discriminant', {
      discriminantBits: bitLength(discriminant),
    });
  }
  if (!isReduced(f)) {
    throw new InvalidFormError(ErrorCodes.FORM_NOT_REDUCED, 'form: not reduced (need |b| ≤ a ≤ c, b ≥ 0 if |b| = a or a = c)');
  }
  if (!isPrimitive(f, conductor)) {
    throw new InvalidFormError(ErrorCodes.FORM_NOT_PRIMITIVE, 'form: not primitive (gcd(a, b, c) ≠ 1)');
  }
}

/**
 * The reduced form equivalent to the positive definite form (a, b, c)
 * (Cohen, A Course in Computational Algebraic Number Theory, Algorithm 5.4.2).
 */
export function reduce(a: bigint, b: bigint, c: bigint): Form {
  for (;;) {
    if (b > a || b <= -a) {
      // Normalise: b ← b − 2aq with q chosen so that −a < b ≤ a; c follows as a·q² − b·q + c.
      const twoA = a << 1n;
      let q = b / twoA;
      let r = b - q * twoA;
      if (r < 0n) {
        r += twoA;
        q -= 1n;
      }
      if (r > a) {
        r -= twoA;
        q += 1n;
      }
      c -= ((b + r) >> 1n) * q;
      b = r;
    }
    if (a > c) {
      // (a, b, c) ~ (c, −b, a)
      const t = a;
      a = c;
      c = t;
      b = -b;
      continue;
    }
    if (a === c && b < 0n) b = -b;
    return { a, b, c };
  }
}

/** The inverse class (a, −b, c), kept reduced: ambiguous forms (|b| = a, a = c, b = 0) are their own inverse. */
export function inverseForm(f: Form): Form {
  if (f.b === 0n || f.b === f.a || f.a === f.c) return f;
  return { a: f.a, b: -f.b, c: f.c };
}

/**
 * Prime forms: for an odd prime r with (Δ/r) = 1, the form (r, b, c) with b² ≡ Δ (mod 4r) is the
 * class of a prime ideal above r. They give explicit, verifiable group elements (the generator h
 * of the CL setup starts from one).
 * @module
 */
import { ArithmeticError, ErrorCodes } from '../errors.ts';
import { kronecker, mod, sqrtModPrime } from '../numbers/modular.ts';
import type { Form } from './form.ts';
import { reduce } from './form.ts';

/** The reduced prime form of discriminant Δ above the odd prime r ∤ Δ with (Δ/r) = 1. */
export function primeForm(discriminant: bigint, r: bigint): Form {
  if (kronecker(discriminant, r) !== 1) {
    throw new ArithmeticError(ErrorCodes.NOT_INVERTIBLE, 'primeForm: Δ is not a non-zero square modulo r');
  }
  let b = sqrtModPrime(discriminant, r);
  // b must have the parity of Δ so that b² ≡ Δ (mod 4); r is odd, so b or r − b does.
  if (mod(b, 2n) !== mod(discriminant, 2n)) b = r - b;
  const c = (b * b - discriminant) / (4n * r);
  return reduce(r, b, c);
}

/**
 * The class group Cl(Δ) of an imaginary quadratic order, with reduced forms as elements.
 *
 * `ClassGroup` binds a discriminant to the operations: composition (NUCOMP), squaring (NUDUPL),
 * inversion, exponentiation, multi-exponentiation, fixed-base tables and validation of untrusted
 * forms. Forms are plain immutable `{ a, b, c }` objects; the group object carries Δ and the NUCOMP
 * bound L = ⌊|Δ/4|^(1/4)⌋, computed once.
 * @module
 */
import { ErrorCodes, ParameterError } from '../errors.ts';
import { bitLength } from '../numbers/bytes.ts';
import { iroot4, mod } from '../numbers/modular.ts';
import { nucomp, nudupl } from './composition.ts';
import { type FormGroupOps, multiPow, pow } from './exponentiation.ts';
import { FixedBaseTable } from './fixed-base.ts';
import { type Form, formFromAB, inverseForm, reduce, validateReducedForm } from './form.ts';

export class ClassGroup implements FormGroupOps {
  /** Δ < 0, Δ ≡ 0 or 1 (mod 4). */
  readonly discriminant: bigint;
  /** L = ⌊|Δ/4|^(1/4)⌋, where NUCOMP's partial reduction stops. */
  readonly bound: bigint;
  /** The principal form (1, Δ mod 2, (Δ mod 2 − Δ)/4). */
  readonly identity: Form;
  /** Bit length of |Δ|. */
  readonly discriminantBits: number;
  /** Largest bit length of a or |b| in a reduced form: a ≤ √(|Δ|/3). */
  readonly formCoefficientBits: number;

  constructor(discriminant: bigint) {
    if (discriminant >= 0n) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'ClassGroup: the discriminant must be negative');
    const residue = mod(discriminant, 4n);
    if (residue !== 0n && residue !== 1n) {
      throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'ClassGroup: the discriminant must be 0 or 1 modulo 4');
    }
    this.discriminant = discriminant;
    this.discriminantBits = bitLength(discriminant);
    this.formCoefficientBits = Math.ceil(this.discriminantBits / 2);
    this.bound = iroot4(-discriminant / 4n);
    const b = residue;
    this.identity = { a: 1n, b, c: (b - discriminant) / 4n };
  }

  compose(x: Form, y: Form): Form {
    return nucomp(x, y, this.bound);
  }

  square(x: Form): Form {
    return nudupl(x, this.bound);
  }

  inverse(x: Form): Form {
    return inverseForm(x);
  }

  /** x^e for any integer e. */
  pow(x: Form, e: bigint): Form {
    return pow(this, x, e);
  }

  /** Π xᵢ^eᵢ */
  multiPow(bases: readonly Form[], exponents: readonly bigint[]): Form {
    return multiPow(this, bases, exponents);
  }

  /** A fixed-base precomputation table for x (build once, reuse for many exponents). */
  fixedBase(x: Form, width?: number): FixedBaseTable {
    return new FixedBaseTable(this, x, width);
  }

  equals(x: Form, y: Form): boolean {
    return x.a === y.a && x.b === y.b;
  }

  isIdentity(x: Form): boolean {
    return x.a === 1n;
  }

  /** The reduced form of (a, b, ·) in this group, from coefficients that need not be reduced. */
  reducedFromAB(a: bigint, b: bigint): Form {
    const f = formFromAB(a, b, this.discriminant);
    return reduce(f.a, f.b, f.c);
  }

  /**
   * The element (a, b, c) for untrusted (a, b): c is recomputed, and the form must be of this
   * discriminant, reduced and primitive. Throws an {@link InvalidFormError} otherwise.
   */
  elementFromAB(a: bigint, b: bigint): Form {
    const f = formFromAB(a, b, this.discriminant);
    validateReducedForm(f, this.discriminant);
    return f;
  }

  /** Throws unless x is a reduced primitive form of this discriminant. */
  assertElement(x: Form): void {
    validateReducedForm(x, this.discriminant);
  }
}

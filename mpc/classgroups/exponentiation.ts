/**
 * Exponentiation in a class group by arbitrary integers.
 *
 * Inversion of a form is free ((a, b, c) ↦ (a, −b, c)), so exponents are recoded in signed digits:
 * width-w NAF for a single base (one composition per w+1 bits on average, 2^(w−2) precomputed odd
 * powers) and for several bases at once (Straus' interleaving: the squarings are shared).
 *
 * Side channels: BigInt arithmetic and these loops are variable time. Secret exponents (a CL
 * secret key, encryption randomness) leak through timing to an attacker who can time this
 * process with precision; the project accepts that exposure for now and keeps secret exponents
 * out of network-facing hot loops where it can.
 * @module
 */
import { bitLength } from '../numbers/bytes.ts';
import type { Form } from './form.ts';

/** The operations exponentiation needs from a group of forms. */
export interface FormGroupOps {
  readonly identity: Form;
  compose(x: Form, y: Form): Form;
  square(x: Form): Form;
  inverse(x: Form): Form;
}

/** Window width for an exponent of `bits` bits (balances precomputation against compositions). */
export function windowWidthFor(bits: number): number {
  if (bits <= 32) return 2;
  if (bits <= 128) return 3;
  if (bits <= 512) return 4;
  if (bits <= 1536) return 5;
  return 6;
}

/**
 * Width-w non-adjacent form of e ≥ 0: digits d_i (least significant first), each 0 or odd with
 * |d_i| < 2^(w−1), e = Σ d_i·2^i, at most one non-zero digit in any w consecutive ones.
 */
export function wnaf(e: bigint, w: number): Int32Array {
  const digits = new Int32Array(bitLength(e) + 1);
  const full = 1 << w;
  const half = 1 << (w - 1);
  const mask = BigInt(full - 1);
  let i = 0;
  while (e > 0n) {
    if (e & 1n) {
      let d = Number(e & mask);
      if (d >= half) d -= full;
      digits[i] = d;
      e -= BigInt(d);
    }
    e >>= 1n;
    i += 1;
  }
  return digits.subarray(0, i);
}

/** x, x³, x⁵, …, x^(2^(w−1) − 1) */
function oddPowers(group: FormGroupOps, x: Form, w: number): Form[] {
  const table: Form[] = [x];
  if (w <= 2) return table;
  const x2 = group.square(x);
  for (let i = 1; i < 1 << (w - 2); i++) table.push(group.compose(table[i - 1] as Form, x2));
  return table;
}

function signedEntry(group: FormGroupOps, table: readonly Form[], digit: number): Form {
  const entry = table[(Math.abs(digit) - 1) >> 1] as Form;
  return digit > 0 ? entry : group.inverse(entry);
}

/** x^e for any integer e (sliding signed window). */
export function pow(group: FormGroupOps, x: Form, e: bigint): Form {
  if (e === 0n) return group.identity;
  if (e < 0n) return group.inverse(pow(group, x, -e));
  const bits = bitLength(e);
  const w = windowWidthFor(bits);
  const table = oddPowers(group, x, w);
  const digits = wnaf(e, w);
  let result: Form | undefined;
  for (let i = digits.length - 1; i >= 0; i--) {
    if (result !== undefined) result = group.square(result);
    const d = digits[i] as number;
    if (d !== 0) {
      const term = signedEntry(group, table, d);
      result = result === undefined ? term : group.compose(result, term);
    }
  }
  return result ?? group.identity;
}

/** Π xᵢ^eᵢ for any integers eᵢ (Straus' interleaved signed windows; the squarings are shared). */
export function multiPow(group: FormGroupOps, bases: readonly Form[], exponents: readonly bigint[]): Form {
  if (bases.length !== exponents.length) throw new RangeError('multiPow: bases and exponents differ in number');
  const terms: { table: Form[]; digits: Int32Array }[] = [];
  let length = 0;
  for (let j = 0; j < bases.length; j++) {
    let e = exponents[j] as bigint;
    if (e === 0n) continue;
    let x = bases[j] as Form;
    if (e < 0n) {
      e = -e;
      x = group.inverse(x);
    }
    const w = windowWidthFor(bitLength(e));
    const digits = wnaf(e, w);
    terms.push({ table: oddPowers(group, x, w), digits });
    length = Math.max(length, digits.length);
  }
  let result: Form | undefined;
  for (let i = length - 1; i >= 0; i--) {
    if (result !== undefined) result = group.square(result);
    for (const { table, digits } of terms) {
      const d = i < digits.length ? (digits[i] as number) : 0;
      if (d !== 0) {
        const term = signedEntry(group, table, d);
        result = result === undefined ? term : group.compose(result, term);
      }
    }
  }
  return result ?? group.identity;
}

/** x^e by plain left-to-right square-and-multiply: the benchmarks' baseline. */
export function powSquareAndMultiply(group: FormGroupOps, x: Form, e: bigint): Form {
  if (e < 0n) return group.inverse(powSquareAndMultiply(group, x, -e));
  let result = group.identity;
  for (let i = bitLength(e) - 1; i >= 0; i--) {
    result = group.square(result);
    if ((e >> BigInt(i)) & 1n) result = group.compose(result, x);
  }
  return result;
}

/**
 * Exponentiation in a class group by arbitrary integers.
 *
 * Inversion of a form is free ((a, b, c) ↦ (a, −b, c)), so exponents are recoded in signed digits:
 * width-w NAF for a single base (one composition per w+1 bits on average, 2^(w−2) precomputed odd
 * powers) and for several bases at once (Straus' interleaving: the squarings are shared). Products
 * of many bases with short exponents — the right-hand side of batch verification, 128 bases with
 * 128- and 256-bit exponents — use the Bos–Coster algorithm instead, which needs no tables and
 * about a quarter fewer compositions there.
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

/**
 * Window width for an exponent of `bits` bits: the w minimising the compositions that depend on
 * it, 2^(w−2) to build the odd powers plus bits/(w+1) for the digits (squarings do not depend on
 * w). The crossovers are at 12, 40, 120, 336, 896 and 2,304 bits.
 */
export function windowWidthFor(bits: number): number {
  let w = 2;
  while (w < 8 && 2 ** (w - 1) + bits / (w + 2) < 2 ** (w - 2) + bits / (w + 1)) w += 1;
  return w;
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
export function oddPowers(group: FormGroupOps, x: Form, w: number): Form[] {
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

/** Bases at or above which Bos–Coster may replace Straus (below, tables are cheap and Straus wins). */
export const BOS_COSTER_MIN_BASES = 32;

/**
 * Π xᵢ^eᵢ for any integers eᵢ. Straus' interleaved signed windows (the squarings are shared) for
 * few bases or long exponents; Bos–Coster for at least {@link BOS_COSTER_MIN_BASES} bases whose
 * exponents have at most 4 bits per base (the region where it needs fewer compositions: counted
 * for 32 to 256 bases of 128 to 1,000 bits).
 */
export function multiPow(group: FormGroupOps, bases: readonly Form[], exponents: readonly bigint[]): Form {
  if (bases.length !== exponents.length) throw new RangeError('multiPow: bases and exponents differ in number');
  const terms: Term[] = [];
  let maxBits = 0;
  for (let j = 0; j < bases.length; j++) {
    const e = exponents[j] as bigint;
    if (e === 0n) continue;
    const x = bases[j] as Form;
    terms.push(e < 0n ? { base: group.inverse(x), exponent: -e } : { base: x, exponent: e });
    maxBits = Math.max(maxBits, bitLength(e));
  }
  if (terms.length >= BOS_COSTER_MIN_BASES && maxBits <= 4 * terms.length) return bosCoster(group, terms);
  return straus(group, terms);
}

/** A base with a positive exponent. */
interface Term {
  base: Form;
  exponent: bigint;
}

/** Straus' interleaving: one shared chain of squarings, one composition per non-zero wNAF digit. */
function straus(group: FormGroupOps, terms: readonly Term[]): Form {
  const windows: { table: Form[]; digits: Int32Array }[] = [];
  let length = 0;
  for (const { base, exponent } of terms) {
    const w = windowWidthFor(bitLength(exponent));
    const digits = wnaf(exponent, w);
    windows.push({ table: oddPowers(group, base, w), digits });
    length = Math.max(length, digits.length);
  }
  let result: Form | undefined;
  for (let i = length - 1; i >= 0; i--) {
    if (result !== undefined) result = group.square(result);
    for (const { table, digits } of windows) {
      const d = i < digits.length ? (digits[i] as number) : 0;
      if (d !== 0) {
        const term = signedEntry(group, table, d);
        result = result === undefined ? term : group.compose(result, term);
      }
    }
  }
  return result ?? group.identity;
}

/**
 * Bos–Coster (de Rooij, "Efficient exponentiation using precomputation and vector addition
 * chains", EUROCRYPT '94, §4): with e₁ ≥ e₂ the two largest exponents and k = ⌊e₁/e₂⌋,
 * x₁^e₁·x₂^e₂ = x₁^(e₁ − k·e₂)·(x₂·x₁^k)^e₂. With many random exponents k is almost always 1, so
 * each step costs one composition and shrinks the largest exponent; when one exponent is left it
 * is the gcd of all of them, usually 1. A max-heap keeps the exponents ordered.
 */
function bosCoster(group: FormGroupOps, terms: readonly Term[]): Form {
  const heap = new MaxHeap(terms.map((t) => ({ base: t.base, exponent: t.exponent })));
  for (;;) {
    const top = heap.pop() as Term;
    const next = heap.peek();
    if (next === undefined) return pow(group, top.base, top.exponent);
    const k = top.exponent / next.exponent;
    next.base = group.compose(next.base, k === 1n ? top.base : pow(group, top.base, k));
    const rest = top.exponent - k * next.exponent;
    if (rest !== 0n) heap.push({ base: top.base, exponent: rest });
  }
}

/** A binary max-heap of terms by exponent. */
class MaxHeap {
  readonly #items: Term[];

  constructor(items: Term[]) {
    this.#items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  peek(): Term | undefined {
    return this.#items[0];
  }

  pop(): Term | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.#down(0);
    }
    return top;
  }

  push(item: Term): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Term).exponent >= item.exponent) break;
      items[i] = items[parent] as Term;
      i = parent;
    }
    items[i] = item;
  }

  #down(i: number): void {
    const items = this.#items;
    const item = items[i] as Term;
    const n = items.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (items[child + 1] as Term).exponent > (items[child] as Term).exponent) child += 1;
      if ((items[child] as Term).exponent <= item.exponent) break;
      items[i] = items[child] as Term;
      i = child;
    }
    items[i] = item;
  }
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

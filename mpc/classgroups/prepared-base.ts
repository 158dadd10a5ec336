/**
 * Prepared bases: a long-lived base x stored as its shifted copies x^(2^(j·L)) for j < s, each with
 * its odd powers, so that x^e for e of up to s·L bits costs no squarings of its own inside a
 * multi-exponentiation: e = Σ e_j·2^(j·L) with L-bit chunks e_j, and x^e = Π (x^(2^(j·L)))^(e_j)
 * enters Straus' interleaving as s bases with L-bit exponents (the "exponent splitting" of
 * Lim and Lee, "More flexible exponentiation with precomputation", CRYPTO '94, §3, without their
 * comb tables). The shared chain of squarings is then as long as the longest chunk or plain
 * exponent, not as long as the longest exponent.
 *
 * Cost, against plain Straus for an exponent of b bits: building is (s − 1)·L squarings plus
 * s·2^(w−2) compositions for the odd powers (once per base); each use saves the b − L squarings the
 * base would otherwise force on the shared chain, and its odd-power tables. Memory: s·2^(w−2)
 * forms per base ({@link PreparedBase.formCount}).
 *
 * Correct for every integer exponent: chunks are taken from |e| (the sign inverts the entries),
 * and an exponent longer than s·L leaves its high part in the top chunk, which only lengthens
 * the chain.
 *
 * Variable time, like all of exponentiation.ts; the bases prepared here are public (presign
 * ciphertexts). The exponents are public verification values for validators, and the user's
 * secret evaluation exponents in its sign message (ecdsa/sign/evaluations.ts), exposed as they are
 * in Straus (mpc/SECURITY.md).
 * @module
 */
import { bitLength } from '../numbers/bytes.ts';
import { runSteps } from '../steps.ts';
import { type FormGroupOps, oddPowers, windowWidthFor, wnaf } from './exponentiation.ts';
import type { Form } from './form.ts';

export interface PreparedBaseOptions {
  /** L, the bits of each chunk. */
  readonly chunkBits: number;
  /** Exponents up to this many bits are split without overflow into the top chunk. */
  readonly maxBits: number;
  /** Window width of the stored odd powers (default: the Straus width for L-bit exponents). */
  readonly width?: number;
}

export class PreparedBase {
  readonly base: Form;
  readonly chunkBits: number;
  readonly width: number;
  /** tables[j] = odd powers of x^(2^(j·L)): x^(2^(jL)), x^(3·2^(jL)), … */
  readonly #tables: Form[][];

  constructor(group: FormGroupOps, base: Form, options: PreparedBaseOptions, built?: Built) {
    let result = built?.token === BUILT ? built : undefined;
    result ??= runSteps(buildSteps(group, base, options));
    this.base = base;
    this.chunkBits = options.chunkBits;
    this.width = result.width;
    this.#tables = result.tables;
  }

  /**
   * The same base built one chunk at a time: each `next()` does one chunk's L squarings and odd
   * powers (a few tens of milliseconds at |Δ| = 1,860 bits), so a process can build prepared bases
   * between other work; the generator's return value is the prepared base.
   */
  static *build(group: FormGroupOps, base: Form, options: PreparedBaseOptions): Generator<void, PreparedBase, void> {
    const steps = buildSteps(group, base, options);
    let step = steps.next();
    while (step.done !== true) {
      yield;
      step = steps.next();
    }
    return new PreparedBase(group, base, options, step.value);
  }

  /** s, the number of chunks. */
  get chunks(): number {
    return this.#tables.length;
  }

  /** Forms held (the memory of this base: each form is three integers of about |Δ|/2 bits). */
  get formCount(): number {
    return this.#tables.reduce((n, t) => n + t.length, 0);
  }

  /** Expected compositions for an exponent of `bits` bits (one per non-zero digit, none for tables). */
  digitCost(bits: number): number {
    return bits / (this.width + 1);
  }

  /** The Straus windows of x^e: one (table, digits) per non-zero chunk. */
  windows(e: bigint): StrausWindow[] {
    const negative = e < 0n;
    let rest = negative ? -e : e;
    const L = BigInt(this.chunkBits);
    const mask = (1n << L) - 1n;
    const out: StrausWindow[] = [];
    const last = this.#tables.length - 1;
    for (let j = 0; j <= last && rest !== 0n; j++) {
      const chunk = j === last ? rest : rest & mask;
      rest = j === last ? 0n : rest >> L;
      if (chunk !== 0n) out.push({ table: this.#tables[j] as Form[], digits: wnaf(chunk, this.width), negative });
    }
    return out;
  }
}

/** Tables built by {@link buildSteps}: only this module makes them (the token). */
const BUILT: unique symbol = Symbol('prepared base tables');
interface Built {
  readonly token: typeof BUILT;
  readonly width: number;
  readonly tables: Form[][];
}

/** Validates the options, then builds chunk by chunk (yielding between chunks). */
function* buildSteps(group: FormGroupOps, base: Form, options: PreparedBaseOptions): Generator<void, Built, void> {
  const { chunkBits, maxBits } = options;
  if (!Number.isInteger(chunkBits) || chunkBits < 8) throw new RangeError('PreparedBase: chunkBits must be an integer ≥ 8');
  if (!Number.isInteger(maxBits) || maxBits < 1) throw new RangeError('PreparedBase: maxBits must be a positive integer');
  const width = options.width ?? windowWidthFor(chunkBits);
  if (!Number.isInteger(width) || width < 2 || width > 10) throw new RangeError('PreparedBase: width must be in 2..10');
  const chunks = Math.max(1, Math.ceil(maxBits / chunkBits));
  const tables: Form[][] = [];
  let shifted = base;
  for (let j = 0; j < chunks; j++) {
    if (j > 0) {
      yield;
      for (let i = 0; i < chunkBits; i++) shifted = group.square(shifted);
    }
    tables.push(oddPowers(group, shifted, width));
  }
  return { token: BUILT, width, tables };
}

/** One base of a Straus interleaving: its odd powers and the wNAF digits of its exponent. */
export interface StrausWindow {
  readonly table: readonly Form[];
  readonly digits: Int32Array;
  /** The exponent was negative: every entry enters inverted. */
  readonly negative: boolean;
}

/** A term of {@link multiPowPrepared}: a plain base, or a prepared one. */
export interface PreparedTerm {
  readonly base: Form | PreparedBase;
  readonly exponent: bigint;
}

/**
 * Π xᵢ^eᵢ over plain and prepared bases, by Straus' interleaving with one shared chain of
 * squarings (exponentiation.ts); equal, form for form, to `multiPow` over the plain bases.
 */
export function multiPowPrepared(group: FormGroupOps, terms: readonly PreparedTerm[]): Form {
  // The chain the plain bases need anyway: a prepared base whose exponent fits in it costs less as
  // a plain base (one table, digits of width windowWidthFor(bits)) when its stored width is small.
  let plainChain = 0;
  for (const { base, exponent } of terms) if (!(base instanceof PreparedBase)) plainChain = Math.max(plainChain, bitLength(exponent));
  const windows: StrausWindow[] = [];
  for (const { base, exponent } of terms) {
    if (exponent === 0n) continue;
    const negative = exponent < 0n;
    const e = negative ? -exponent : exponent;
    const bits = bitLength(e);
    if (base instanceof PreparedBase && (bits > plainChain || base.digitCost(bits) <= plainCost(bits))) {
      windows.push(...base.windows(exponent));
      continue;
    }
    const x = base instanceof PreparedBase ? base.base : base;
    const w = windowWidthFor(bits);
    windows.push({ table: oddPowers(group, x, w), digits: wnaf(e, w), negative });
  }
  return strausWindows(group, windows);
}

/** Compositions of a plain base in Straus: its odd powers and one per non-zero digit. */
function plainCost(bits: number): number {
  const w = windowWidthFor(bits);
  return 2 ** (w - 2) + bits / (w + 1);
}

/** The interleaving itself: the result of Π over the windows. */
export function strausWindows(group: FormGroupOps, windows: readonly StrausWindow[]): Form {
  let length = 0;
  for (const w of windows) length = Math.max(length, w.digits.length);
  let result: Form | undefined;
  for (let i = length - 1; i >= 0; i--) {
    if (result !== undefined) result = group.square(result);
    for (const { table, digits, negative } of windows) {
      const d = i < digits.length ? (digits[i] as number) : 0;
      if (d === 0) continue;
      const entry = table[(Math.abs(d) - 1) >> 1] as Form;
      const term = d > 0 !== negative ? entry : group.inverse(entry);
      result = result === undefined ? term : group.compose(result, term);
    }
  }
  return result ?? group.identity;
}

/**
 * Fixed-base exponentiation for bases raised to many different exponents (h, public keys).
 *
 * The exponent is recoded in signed radix 2^w, e = Σ dᵢ·2^(w·i) with dᵢ ∈ [−2^(w−1), 2^(w−1)],
 * and row i of the table holds x^(j·2^(w·i)) for j = 1..2^(w−1). Then x^e = Π row_i[|dᵢ|]^sign(dᵢ):
 * one composition per window and no squarings at all. Rows are built on demand, so a table grows
 * to the largest exponent it has been asked for (749-bit keys and randomness, ~2,000-bit
 * coefficients) and never recomputes a row.
 * @module
 */
import { bitLength } from '../numbers/bytes.ts';
import type { FormGroupOps } from './exponentiation.ts';
import type { Form } from './form.ts';

export class FixedBaseTable {
  readonly base: Form;
  /** Window width in bits. */
  readonly width: number;
  readonly #group: FormGroupOps;
  readonly #rows: Form[][] = [];

  constructor(group: FormGroupOps, base: Form, width = 6) {
    if (!Number.isInteger(width) || width < 2 || width > 12) throw new RangeError('FixedBaseTable: width must be in 2..12');
    this.#group = group;
    this.base = base;
    this.width = width;
  }

  /** Number of precomputed rows (each covers `width` exponent bits). */
  get rowCount(): number {
    return this.#rows.length;
  }

  /** Largest exponent bit length covered without building rows. */
  get coveredBits(): number {
    return this.#rows.length * this.width - 1;
  }

  /** Build rows so that exponents of up to `bits` bits need no further precomputation. */
  ensureBits(bits: number): void {
    // A signed recoding of a b-bit exponent can carry into one extra window.
    const rowsNeeded = Math.ceil((bits + 1) / this.width);
    const half = 1 << (this.width - 1);
    while (this.#rows.length < rowsNeeded) {
      const previous = this.#rows[this.#rows.length - 1];
      const rowBase = previous === undefined ? this.base : this.#group.square(previous[half - 1] as Form);
      const row: Form[] = [rowBase];
      for (let j = 1; j < half; j++) row.push(this.#group.compose(row[j - 1] as Form, rowBase));
      this.#rows.push(row);
    }
  }

  /** base^e for any integer e. */
  pow(e: bigint): Form {
    const group = this.#group;
    if (e === 0n) return group.identity;
    const negative = e < 0n;
    if (negative) e = -e;
    this.ensureBits(bitLength(e));
    const width = BigInt(this.width);
    const full = 1 << this.width;
    const half = full >> 1;
    const mask = BigInt(full - 1);
    let result: Form | undefined;
    let carry = 0;
    for (let i = 0; e > 0n || carry !== 0; i++) {
      let digit = Number(e & mask) + carry;
      e >>= width;
      carry = 0;
      if (digit > half) {
        digit -= full;
        carry = 1;
      }
      if (digit !== 0) {
        const entry = (this.#rows[i] as Form[])[Math.abs(digit) - 1] as Form;
        const term = digit > 0 ? entry : group.inverse(entry);
        result = result === undefined ? term : group.compose(result, term);
      }
    }
    const value = result ?? group.identity;
    return negative ? group.inverse(value) : value;
  }

  /** All rows, for serialisation into a cache. */
  rows(): readonly (readonly Form[])[] {
    return this.#rows;
  }

  /** A table from previously computed rows (trusted: e.g. read from an integrity-checked cache). */
  static fromRows(group: FormGroupOps, base: Form, width: number, rows: Form[][]): FixedBaseTable {
    const table = new FixedBaseTable(group, base, width);
    table.#rows.push(...rows);
    return table;
  }
}

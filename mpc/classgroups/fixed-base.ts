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
import { EncodingError, ErrorCodes, InvalidFormError } from '../errors.ts';
import { bigintToBytes, bitLength, bytesToBigint } from '../numbers/bytes.ts';
import type { FormGroupOps } from './exponentiation.ts';
import { type Form, formFromAB, formsEqual, isReduced } from './form.ts';

/** Format version of {@link FixedBaseTable.exportRows}. */
export const TABLE_ROWS_FORMAT = 1;

/** More rows than any exponent of the protocol needs (~2,000-bit coefficients at w = 6 are ~340 rows). */
export const MAX_TABLE_ROWS = 1024;

const ROWS_HEADER_BYTES = 1 + 1 + 4 + 2;

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

  /**
   * The rows as bytes, for a cache (client/browser/setup-cache.ts):
   * format u8 ‖ width u8 ‖ row count u32 BE ‖ coefficient length L u16 BE, then each row's
   * 2^(w−1) forms in order as a (L bytes BE) ‖ sign of b (0 or 1) ‖ |b| (L bytes BE); c follows
   * from the discriminant on import.
   */
  exportRows(): Uint8Array {
    const forms = this.#rows.flat();
    let bits = 8;
    for (const f of forms) bits = Math.max(bits, bitLength(f.a), bitLength(f.b < 0n ? -f.b : f.b));
    const length = Math.ceil(bits / 8);
    const out = new Uint8Array(ROWS_HEADER_BYTES + forms.length * (2 * length + 1));
    const view = new DataView(out.buffer);
    view.setUint8(0, TABLE_ROWS_FORMAT);
    view.setUint8(1, this.width);
    view.setUint32(2, this.#rows.length);
    view.setUint16(6, length);
    let offset = ROWS_HEADER_BYTES;
    for (const f of forms) {
      out.set(bigintToBytes(f.a, length), offset);
      out[offset + length] = f.b < 0n ? 1 : 0;
      out.set(bigintToBytes(f.b < 0n ? -f.b : f.b, length), offset + length + 1);
      offset += 2 * length + 1;
    }
    return out;
  }

  /**
   * Adopts rows exported by {@link exportRows} from a table of the same base: those beyond the
   * rows this table has (rows are the same whenever they are built, so the ones held are kept).
   * Checks the shape — format, width, row count (at most {@link MAX_TABLE_ROWS}), the exact
   * length, each form a reduced form of `discriminant`, the first form the base — and throws
   * EncodingError / InvalidFormError otherwise, adopting nothing. It does not recompute the rows:
   * a row that is a valid form but the wrong power would pass, so the caller vouches for where
   * the bytes come from (the setup cache's argument is in client/browser/setup-cache.ts).
   * Returns the number of rows adopted.
   */
  importRows(bytes: Uint8Array, discriminant: bigint): number {
    const bad = (message: string) => new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `fixed-base table rows: ${message}`);
    if (bytes.length < ROWS_HEADER_BYTES) throw bad('shorter than the header');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint8(0) !== TABLE_ROWS_FORMAT) throw bad(`format ${view.getUint8(0)}, expected ${TABLE_ROWS_FORMAT}`);
    if (view.getUint8(1) !== this.width) throw bad(`width ${view.getUint8(1)}, the table's is ${this.width}`);
    const rowCount = view.getUint32(2);
    if (rowCount > MAX_TABLE_ROWS) throw bad(`${rowCount} rows, at most ${MAX_TABLE_ROWS}`);
    const length = view.getUint16(6);
    if (length === 0) throw bad('coefficient length 0');
    const half = 1 << (this.width - 1);
    const formBytes = 2 * length + 1;
    if (bytes.length !== ROWS_HEADER_BYTES + rowCount * half * formBytes)
      throw bad(`${bytes.length} bytes, ${rowCount} rows of ${half} forms take ${ROWS_HEADER_BYTES + rowCount * half * formBytes}`);
    const rows: Form[][] = [];
    let offset = ROWS_HEADER_BYTES;
    for (let i = 0; i < rowCount; i++) {
      const row: Form[] = [];
      for (let j = 0; j < half; j++) {
        const a = bytesToBigint(bytes.subarray(offset, offset + length));
        const sign = bytes[offset + length];
        if (sign !== 0 && sign !== 1) throw bad(`row ${i} form ${j}: sign byte ${sign}`);
        const magnitude = bytesToBigint(bytes.subarray(offset + length + 1, offset + formBytes));
        offset += formBytes;
        const form = formFromAB(a, sign === 1 ? -magnitude : magnitude, discriminant);
        if (!isReduced(form))
          throw new InvalidFormError(ErrorCodes.FORM_NOT_REDUCED, `fixed-base table rows: row ${i} form ${j} is not reduced`);
        row.push(form);
      }
      rows.push(row);
    }
    if (rows.length > 0 && !formsEqual(rows[0]?.[0] as Form, this.base)) throw bad('the first row does not start with the base');
    const adopted = rows.slice(this.#rows.length);
    this.#rows.push(...adopted);
    return adopted.length;
  }
}

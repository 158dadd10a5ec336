/**
 * A mirror of `sui::bcs` (the peel functions the result batch parser uses), with its aborts.
 *
 * It reproduces the framework's behaviour rather than strict BCS: `peel_vec_length` accepts up
 * to five ULEB128 bytes, canonical or not, exactly like the Move code. One difference: where the
 * framework would pop from an empty vector inside `peel_vec_length` (a VM runtime error, not an
 * abort), this reader aborts with `EOutOfRange`; the transaction fails in both cases.
 * @module
 */
import { frameworkAbort } from './abort.ts';

export class MoveBcsReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  private take(count: number): Uint8Array {
    if (this.bytes.length - this.offset < count) frameworkAbort('bcs', 'EOutOfRange');
    const out = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  peelU8(): number {
    return this.take(1)[0] as number;
  }

  peelBool(): boolean {
    const value = this.peelU8();
    if (value === 0) return false;
    if (value === 1) return true;
    return frameworkAbort('bcs', 'ENotBool');
  }

  private peelLittleEndian(length: number): bigint {
    const bytes = this.take(length);
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
    return value;
  }

  peelU32(): number {
    return Number(this.peelLittleEndian(4));
  }

  peelU64(): bigint {
    return this.peelLittleEndian(8);
  }

  peelVecLength(): bigint {
    let total = 0n;
    let shift = 0n;
    let length = 0;
    for (;;) {
      if (length > 4) frameworkAbort('bcs', 'ELenOutOfRange');
      const byte = BigInt(this.peelU8());
      length += 1;
      total |= (byte & 0x7fn) << shift;
      if ((byte & 0x80n) === 0n) break;
      shift += 7n;
    }
    return total;
  }

  peelEnumTag(): number {
    const tag = this.peelVecLength();
    if (tag > 0xffff_ffffn) frameworkAbort('bcs', 'EOutOfRange');
    return Number(tag);
  }

  peelVecU8(): Uint8Array {
    const length = this.peelVecLength();
    if (length > BigInt(this.bytes.length - this.offset)) frameworkAbort('bcs', 'EOutOfRange');
    return this.take(Number(length)).slice();
  }

  /** `peel_address`: 32 bytes, as a 0x-hex address. */
  peelAddress(): string {
    if (this.bytes.length - this.offset < 32) frameworkAbort('bcs', 'EOutOfRange');
    return `0x${Buffer.from(this.take(32)).toString('hex')}`;
  }

  peelVecU32(): number[] {
    const length = this.peelVecLength();
    const out: number[] = [];
    for (let i = 0n; i < length; i++) out.push(this.peelU32());
    return out;
  }

  remaining(): number {
    return this.bytes.length - this.offset;
  }
}

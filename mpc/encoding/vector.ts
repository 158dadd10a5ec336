/**
 * A BCS vector with a largest length, checked as soon as the length prefix is read — before any
 * element is decoded — so that a peer cannot make us decode (and validate, for class-group forms,
 * about 0.15 ms each) far more elements than the message may hold.
 * @module
 */
import { BcsType } from '@mysten/bcs';
import { EncodingError, ErrorCodes } from '../errors.ts';

function tooLong(name: string, length: number, maxLength: number): EncodingError {
  return new EncodingError(ErrorCodes.ENCODING_TOO_LONG, `${name}: ${length} elements, at most ${maxLength} allowed`, {
    length,
    maxLength,
  });
}

/** vector<T> with at most `maxLength` elements. */
export function boundedVector<T, Input>(name: string, element: BcsType<T, Input>, maxLength: number): BcsType<T[], readonly Input[]> {
  if (!Number.isSafeInteger(maxLength) || maxLength < 0) throw new RangeError(`${name}: the largest length must be a non-negative integer`);
  return new BcsType<T[], readonly Input[]>({
    name: `${name} (≤ ${maxLength})`,
    read(reader) {
      const length = reader.readULEB();
      if (length > maxLength) throw tooLong(name, length, maxLength);
      const values: T[] = [];
      for (let i = 0; i < length; i++) values.push(element.read(reader));
      return values;
    },
    write(values, writer) {
      writer.writeULEB(values.length);
      for (const value of values) element.write(value, writer);
    },
    validate(values) {
      if (!Array.isArray(values)) throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: expected an array`);
      if (values.length > maxLength) throw tooLong(name, values.length, maxLength);
    },
  });
}

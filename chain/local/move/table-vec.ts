/**
 * Mirror of `sui::table_vec` over the local chain's dynamic fields: a `TableVec<T>` is a
 * `Table<u64, T>` (`contents`) holding the element at index i under key i, pushed and popped at
 * the end. `field` names the `Field<u64, T>` objects of the elements.
 * @module
 */
import type { DynamicFieldType, MoveType, TableValue } from '../../schemas/move-type.ts';
import type { TransactionState } from '../transaction-state.ts';

export interface TableVecValue {
  contents: TableValue;
}

// biome-ignore lint/suspicious/noExplicitAny: elements of every type
type ElementField = DynamicFieldType<MoveType<bigint, bigint | number | string>, any>;

export function length(self: TableVecValue): bigint {
  return self.contents.size;
}

export function isEmpty(self: TableVecValue): boolean {
  return self.contents.size === 0n;
}

export function pushBack<T>(st: TransactionState, self: TableVecValue, field: ElementField, element: T): void {
  st.fieldAdd(self.contents, field, self.contents.size, element);
}

/** The last element, removed. `table_vec::pop_back` aborts on an empty vector; the coordinator checks first, so it never does. */
export function popBack<T>(st: TransactionState, self: TableVecValue, field: ElementField): T {
  return st.fieldRemove<T>(self.contents, field, self.contents.size - 1n);
}

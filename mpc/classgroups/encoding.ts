/**
 * BCS schema of class-group elements.
 *
 * A form is encoded as (a, b); c is recomputed from the group's discriminant. Decoding checks
 * that the result is a reduced, primitive form of that discriminant, so every decoded form is a
 * canonical group element. The schema depends on the group and is built once per group.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { bcsBigInt } from '../encoding/bigint.ts';
import { decodeExact } from '../encoding/decode.ts';
import type { Form } from './form.ts';
import type { ClassGroup } from './group.ts';

const cache = new WeakMap<ClassGroup, BcsType<Form, Form>>();

/** The schema of elements of `group` (memoised per group). */
export function formSchema(group: ClassGroup): BcsType<Form, Form> {
  const known = cache.get(group);
  if (known !== undefined) return known;
  const maxBits = group.formCoefficientBits;
  const schema = bcs
    .struct('Form', {
      a: bcsBigInt('Form.a', { maxBits, signed: false }),
      b: bcsBigInt('Form.b', { maxBits, signed: true }),
    })
    .transform<Form, Form>({
      name: 'Form',
      input: (f) => ({ a: f.a, b: f.b }),
      output: ({ a, b }) => group.elementFromAB(a, b),
      validate: (f) => group.assertElement(f),
    });
  cache.set(group, schema);
  return schema;
}

export function encodeForm(group: ClassGroup, form: Form): Uint8Array {
  return formSchema(group).serialize(form).toBytes();
}

export function decodeForm(group: ClassGroup, bytes: Uint8Array): Form {
  return decodeExact(formSchema(group), bytes, 'form');
}

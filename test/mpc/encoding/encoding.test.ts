import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { decodeClCiphertext, decodeClPublicKey, encodeClCiphertext, encodeClPublicKey } from '../../../mpc/cl/encoding.ts';
import { clEncrypt } from '../../../mpc/cl/encryption.ts';
import { clKeyGen } from '../../../mpc/cl/keys.ts';
import { decodeForm, encodeForm, formSchema } from '../../../mpc/classgroups/encoding.ts';
import { bcsBigInt } from '../../../mpc/encoding/bigint.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { randomBits } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('encoding');

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return (error as DWalletError).code ?? `untyped: ${String(error)}`;
  }
  return 'no error';
}

/** Raw (a, b) encoder that skips validation, to build hostile inputs. */
const rawPair = bcs.struct('RawForm', {
  a: bcsBigInt('a', { maxBits: 4096, signed: true }),
  b: bcsBigInt('b', { maxBits: 4096, signed: true }),
});

describe('big integer encoding', () => {
  const field = bcsBigInt('x', { maxBits: 16, signed: true });
  const unsigned = bcsBigInt('u', { maxBits: 16, signed: false });

  test('round trips and is canonical', () => {
    for (const v of [0n, 1n, -1n, 255n, -256n, 65535n, -65535n]) assert.equal(decodeExact(field, field.serialize(v).toBytes()), v);
    assert.deepEqual(field.serialize(0n).toBytes(), new Uint8Array([0, 0]));
    assert.deepEqual(field.serialize(-258n).toBytes(), new Uint8Array([1, 2, 1, 2]));
  });

  test('rejects oversized, non-canonical and malformed encodings', () => {
    assert.equal(
      codeOf(() => field.serialize(65536n)),
      ErrorCodes.ENCODING_INTEGER_TOO_LARGE,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([0, 3, 1, 0, 0]))),
      ErrorCodes.ENCODING_INTEGER_TOO_LARGE,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([0, 2, 0, 1]))),
      ErrorCodes.ENCODING_NON_CANONICAL,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([1, 0]))),
      ErrorCodes.ENCODING_NON_CANONICAL,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([2, 1, 1]))),
      ErrorCodes.ENCODING_INVALID_VALUE,
    );
    assert.equal(
      codeOf(() => decodeExact(unsigned, new Uint8Array([1, 1, 1]))),
      ErrorCodes.ENCODING_INVALID_VALUE,
    );
    assert.equal(
      codeOf(() => unsigned.serialize(-1n)),
      ErrorCodes.ENCODING_INVALID_VALUE,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([0, 2, 1]))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([0, 1, 1, 9]))),
      ErrorCodes.ENCODING_TRAILING_BYTES,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([0, 0x81, 0x00, 1]))),
      ErrorCodes.ENCODING_NON_CANONICAL,
    );
    assert.equal(
      codeOf(() => decodeExact(field, new Uint8Array([]))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
  });

  test('never reads past the end of a view into a larger buffer', () => {
    const backing = new Uint8Array([0, 2, 1, 2, 3, 4]);
    assert.equal(
      codeOf(() => decodeExact(field, backing.subarray(0, 3))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
  });
});

describe('class-group encodings', () => {
  const setup = testSetup();
  const { group } = setup;
  const { publicKey } = clKeyGen(setup, rng);
  const element = group.pow(setup.h, randomBits(rng, 200));

  test('forms, public keys and ciphertexts round trip', () => {
    assert.deepEqual(decodeForm(group, encodeForm(group, element)), element);
    assert.equal(decodeClPublicKey(setup, encodeClPublicKey(publicKey)), publicKey);
    const { ciphertext } = clEncrypt(publicKey, 42n, rng);
    assert.deepEqual(decodeClCiphertext(setup, encodeClCiphertext(setup, ciphertext)), ciphertext);
  });

  test('rejects a form of another discriminant', () => {
    const other = testSetup('p256');
    const foreign = other.group.pow(other.h, 12345n);
    assert.equal(
      codeOf(() => decodeForm(group, encodeForm(other.group, foreign))),
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
    const wrongParity = rawPair.serialize({ a: 7n, b: 2n }).toBytes();
    assert.equal(
      codeOf(() => decodeForm(group, wrongParity)),
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
  });

  test('rejects non-reduced, non-primitive and non-positive forms', () => {
    const shifted = rawPair.serialize({ a: element.a, b: element.b + 2n * element.a }).toBytes();
    // b + 2a has more bits than the field allows only sometimes; either way it is refused.
    assert.ok(
      [ErrorCodes.FORM_NOT_REDUCED, ErrorCodes.ENCODING_INTEGER_TOO_LARGE].includes(codeOf(() => decodeForm(group, shifted)) as never),
    );
    const notReduced = rawPair.serialize({ a: element.a, b: element.b - 2n * element.a }).toBytes();
    assert.equal(
      codeOf(() => decodeForm(group, notReduced)),
      ErrorCodes.FORM_NOT_REDUCED,
    );
    const q = setup.q;
    const imprimitive = rawPair.serialize({ a: q, b: q }).toBytes();
    assert.equal(
      codeOf(() => decodeForm(group, imprimitive)),
      ErrorCodes.FORM_NOT_PRIMITIVE,
    );
    const zero = rawPair.serialize({ a: 0n, b: 1n }).toBytes();
    assert.equal(
      codeOf(() => decodeForm(group, zero)),
      ErrorCodes.FORM_NOT_POSITIVE_DEFINITE,
    );
  });

  test('rejects oversized coefficients, trailing and missing bytes', () => {
    const huge = rawPair.serialize({ a: 1n << BigInt(group.formCoefficientBits + 8), b: 1n }).toBytes();
    assert.equal(
      codeOf(() => decodeForm(group, huge)),
      ErrorCodes.ENCODING_INTEGER_TOO_LARGE,
    );
    const bytes = encodeForm(group, element);
    assert.equal(
      codeOf(() => decodeForm(group, new Uint8Array([...bytes, 0]))),
      ErrorCodes.ENCODING_TRAILING_BYTES,
    );
    assert.equal(
      codeOf(() => decodeForm(group, bytes.subarray(0, bytes.length - 1))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
    const ct = encodeClCiphertext(setup, clEncrypt(publicKey, 1n, rng).ciphertext);
    assert.equal(
      codeOf(() => decodeClCiphertext(setup, ct.subarray(0, ct.length - 10))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
    assert.equal(
      codeOf(() => decodeClCiphertext(setup, new Uint8Array([...ct, 1, 2]))),
      ErrorCodes.ENCODING_TRAILING_BYTES,
    );
  });

  test('refuses to encode a form that is not an element', () => {
    assert.equal(
      codeOf(() => formSchema(group).serialize({ a: element.a, b: element.b, c: element.c + 1n })),
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
  });
});

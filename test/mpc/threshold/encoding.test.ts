import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { bcsBigInt } from '../../../mpc/encoding/bigint.ts';
import { ErrorCodes } from '../../../mpc/errors.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import {
  decodeDecryptionShareMessage,
  decodeProvenDecryptionShareMessage,
  encodeDecryptionShareMessage,
  encodeProvenDecryptionShareMessage,
} from '../../../mpc/threshold/encoding.ts';
import { ThresholdErrorCodes as C } from '../../../mpc/threshold/errors.ts';
import { provenDecryptionShareMessage, verifyProvenShares } from '../../../mpc/threshold/share-proof.ts';
import { orderTwoElement } from '../../support/order-two.ts';
import { code, committee } from './support.ts';

// Weights 1 and 2: the proof of party 2 covers two statements.
const c = committee('threshold encoding', weightedAccessStructure(2, [1, 2]), [11n, 12n]);
const { group } = c.setup;
const unproven = c.keyShares.map((k) => decryptionShareMessage(c.session, k));
const proven = c.keyShares.map((k) => provenDecryptionShareMessage(c.session, k, c.rng));

/** The same layout with raw integers: lets a test write what a valid encoder never would. */
const rawForm = bcs.struct('RawForm', {
  a: bcsBigInt('a', { maxBits: 4096, signed: true }),
  b: bcsBigInt('b', { maxBits: 4096, signed: true }),
});
const rawMessage = bcs.struct('RawShareMessage', {
  party: bcs.u16(),
  digest: bcs.bytes(32),
  shares: bcs.vector(bcs.vector(rawForm)),
});
const raw = (party: number, digest: Uint8Array, shares: { a: bigint; b: bigint }[][]) =>
  rawMessage.serialize({ party, digest, shares }).toBytes();
const asRaw = (shares: readonly (readonly { a: bigint; b: bigint }[])[]) => shares.map((row) => row.map(({ a, b }) => ({ a, b })));

describe('share message encodings', () => {
  test('round-trip unproven and proven messages', () => {
    for (const message of unproven) {
      const decoded = decodeDecryptionShareMessage(c.session, encodeDecryptionShareMessage(c.session, message));
      assert.equal(decoded.party, message.party);
      assert.deepEqual(decoded.digest, c.session.digest);
      assert.deepEqual(decoded.shares, message.shares);
    }
    const decoded = proven.map((m) => decodeProvenDecryptionShareMessage(c.session, encodeProvenDecryptionShareMessage(c.session, m)));
    assert.deepEqual(
      decoded.map((m) => m.shares),
      proven.map((m) => m.shares),
    );
    assert.deepEqual(verifyProvenShares(c.session, decoded, c.rng).valid, [1, 2]);
  });

  test('reject truncated input, trailing bytes and non-bytes', () => {
    const bytes = encodeDecryptionShareMessage(c.session, unproven[1]!);
    assert.throws(() => decodeDecryptionShareMessage(c.session, bytes.subarray(0, bytes.length - 1)), code(ErrorCodes.ENCODING_TRUNCATED));
    assert.throws(() => decodeDecryptionShareMessage(c.session, new Uint8Array([...bytes, 0])), code(ErrorCodes.ENCODING_TRAILING_BYTES));
    assert.throws(() => decodeDecryptionShareMessage(c.session, new Uint8Array(0)), code(ErrorCodes.ENCODING_TRUNCATED));
    assert.throws(() => decodeDecryptionShareMessage(c.session, [1, 2] as unknown as Uint8Array), code(ErrorCodes.ENCODING_INVALID_VALUE));
    const provenBytes = encodeProvenDecryptionShareMessage(c.session, proven[1]!);
    assert.throws(
      () => decodeProvenDecryptionShareMessage(c.session, provenBytes.subarray(0, provenBytes.length - 3)),
      code(ErrorCodes.ENCODING_TRUNCATED),
    );
    assert.throws(
      () => decodeProvenDecryptionShareMessage(c.session, new Uint8Array([...provenBytes, 1])),
      code(ErrorCodes.ENCODING_TRAILING_BYTES),
    );
    assert.throws(() => decodeProvenDecryptionShareMessage(c.session, new Uint8Array([2])), code(ErrorCodes.ENCODING_TRUNCATED));
    assert.throws(
      () => decodeProvenDecryptionShareMessage(c.session, 'bytes' as unknown as Uint8Array),
      code(ErrorCodes.ENCODING_INVALID_VALUE),
    );
  });

  test('reject an unknown sender, another ciphertext, a wrong share count or batch size', () => {
    const m = unproven[1]!;
    const shares = asRaw(m.shares);
    assert.throws(() => decodeDecryptionShareMessage(c.session, raw(3, m.digest, shares)), code(C.THRESHOLD_UNKNOWN_PARTY));
    assert.throws(() => decodeDecryptionShareMessage(c.session, raw(0, m.digest, shares)), code(C.THRESHOLD_UNKNOWN_PARTY));
    const digest = m.digest.slice();
    digest[5] = (digest[5] as number) ^ 1;
    assert.throws(() => decodeDecryptionShareMessage(c.session, raw(2, digest, shares)), code(C.THRESHOLD_WRONG_CIPHERTEXT, 2));
    assert.throws(() => decodeDecryptionShareMessage(c.session, raw(2, m.digest, shares.slice(1))), code(C.THRESHOLD_WRONG_SHARE_COUNT, 2));
    assert.throws(
      () => decodeDecryptionShareMessage(c.session, raw(1, m.digest, shares)),
      code(C.THRESHOLD_WRONG_SHARE_COUNT, 1),
      'party 2’s two rows relabelled as party 1 (weight 1)',
    );
    assert.throws(
      () => decodeDecryptionShareMessage(c.session, raw(2, m.digest, [shares[0]!, shares[1]!.slice(1)])),
      code(C.THRESHOLD_WRONG_BATCH_SIZE, 2),
    );
    // A proven message relabelled with a sender of another weight.
    const provenBytes = encodeProvenDecryptionShareMessage(c.session, proven[1]!);
    const relabelled = provenBytes.slice();
    relabelled[0] = 1;
    assert.throws(() => decodeProvenDecryptionShareMessage(c.session, relabelled), code(C.THRESHOLD_WRONG_SHARE_COUNT, 1));
    relabelled[0] = 9;
    assert.throws(() => decodeProvenDecryptionShareMessage(c.session, relabelled), code(C.THRESHOLD_UNKNOWN_PARTY));
  });

  test('refuse more rows or shares than any sender may send before decoding a single form', () => {
    const m = unproven[1]!;
    const row = asRaw(m.shares)[0]!;
    // 3 rows (the heaviest weight is 2), or 3 shares in a row (2 ciphertexts): refused by length.
    assert.throws(() => decodeDecryptionShareMessage(c.session, raw(2, m.digest, [row, row, row])), code(ErrorCodes.ENCODING_TOO_LONG));
    assert.throws(
      () => decodeDecryptionShareMessage(c.session, raw(2, m.digest, [row, [...row, row[0]!]])),
      code(ErrorCodes.ENCODING_TOO_LONG),
    );
    // A claimed million rows followed by nothing: the length alone is refused (the input is not read on).
    const head = raw(2, m.digest, []).subarray(0, 34);
    const million = new Uint8Array([...head, 0xc0, 0x84, 0x3d]);
    assert.throws(() => decodeDecryptionShareMessage(c.session, million), code(ErrorCodes.ENCODING_TOO_LONG));
  });

  test('reject forms that are not reduced group elements of the setup', () => {
    const m = unproven[0]!;
    const [[d]] = asRaw(m.shares) as [[{ a: bigint; b: bigint }]];
    for (const [form, expected] of [
      [{ a: d.a, b: d.b + 2n }, ErrorCodes.FORM_WRONG_DISCRIMINANT],
      [{ a: 0n, b: d.b }, ErrorCodes.FORM_NOT_POSITIVE_DEFINITE],
      [{ a: -d.a, b: d.b }, ErrorCodes.ENCODING_INVALID_VALUE],
      [{ a: 1n << 3000n, b: 1n }, ErrorCodes.ENCODING_INTEGER_TOO_LARGE],
    ] as const) {
      const bytes = raw(1, m.digest, [[form, ...asRaw(m.shares)[0]!.slice(1)]]);
      assert.throws(() => decodeDecryptionShareMessage(c.session, bytes), code(expected));
    }
    // A form carrying an element of order 2 is not a square class.
    const epsilon = orderTwoElement(c.setup);
    const shifted = group.compose(group.elementFromAB(d.a, d.b), epsilon);
    assert.throws(
      () => decodeDecryptionShareMessage(c.session, raw(1, m.digest, [[{ a: shifted.a, b: shifted.b }, ...asRaw(m.shares)[0]!.slice(1)]])),
      code(ErrorCodes.FORM_NOT_A_SQUARE),
    );
    // An unreduced but equivalent form is rejected too (canonical encodings only).
    const unreduced = { a: d.a, b: d.b + 2n * d.a };
    assert.ok(group.equals(group.reducedFromAB(unreduced.a, unreduced.b), group.elementFromAB(d.a, d.b)));
    assert.throws(
      () => decodeDecryptionShareMessage(c.session, raw(1, m.digest, [[unreduced, ...asRaw(m.shares)[0]!.slice(1)]])),
      code(ErrorCodes.FORM_NOT_REDUCED),
    );
  });

  test('reject a proof response beyond the bound of the sender’s weight', () => {
    const m = proven[0]!;
    const huge = { ...m, proof: { ...m.proof, responses: [1n << BigInt(c.publicKey.shareBits + 400)] } };
    assert.throws(() => encodeProvenDecryptionShareMessage(c.session, huge), code(ErrorCodes.ENCODING_INTEGER_TOO_LARGE));
    // Written by hand: party 1's bytes with the response replaced by one far too long.
    const bytes = encodeProvenDecryptionShareMessage(c.session, m);
    const response = bcsBigInt('z', { maxBits: 8192, signed: true });
    const honest = response.serialize(m.proof.responses[0]!).toBytes();
    const prefix = bytes.subarray(0, bytes.length - honest.length);
    const forged = new Uint8Array([...prefix, ...response.serialize(1n << BigInt(c.publicKey.shareBits + 400)).toBytes()]);
    assert.throws(() => decodeProvenDecryptionShareMessage(c.session, forged), code(ErrorCodes.ENCODING_INTEGER_TOO_LARGE));
  });
});

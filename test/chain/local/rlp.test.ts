/**
 * The local chain's mirror of `dwallet::rlp` against viem's RLP encoder (`toRlp`), an independent
 * implementation of Yellow Paper Appendix B: every single byte, byte arrays around each prefix
 * boundary (55/56 bytes, 1-, 2- and 3-byte lengths), scalars up to 2^256 − 1, nested lists short
 * and long.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { toRlp } from 'viem';
import { encode_bytes, encode_list, encode_u64, encode_u256 } from '../../../chain/local/move/rlp.ts';
import { assertOutOfRange, randomValues } from '../support/encoders.ts';

const MAX_U256 = (1n << 256n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;

const hex = (bytes: Uint8Array): string => `0x${bytesToHex(bytes)}`;

/** viem's RLP of a scalar: the minimal big-endian bytes (none for 0). */
function viemScalar(value: bigint): string {
  if (value === 0n) return toRlp('0x');
  const digits = value.toString(16);
  return toRlp(`0x${digits.length % 2 ? '0' : ''}${digits}`);
}

type Tree = Uint8Array | Tree[];

function mirrorTree(tree: Tree): Uint8Array {
  return tree instanceof Uint8Array ? encode_bytes(tree) : encode_list(tree.map(mirrorTree));
}

describe('rlp mirror ≡ viem toRlp', () => {
  it('encodes every single byte (below 0x80 as itself, otherwise 0x81 ‖ byte)', () => {
    for (let byte = 0; byte < 256; byte++) {
      const encoded = encode_bytes(Uint8Array.of(byte));
      assert.equal(hex(encoded), toRlp(Uint8Array.of(byte), 'hex'), `byte ${byte}`);
      assert.equal(encoded.length, byte < 0x80 ? 1 : 2);
    }
  });

  it('encodes byte arrays around every prefix boundary', () => {
    const random = randomValues('rlp/bytes');
    for (const length of [0, 2, 54, 55, 56, 57, 255, 256, 257, 1000, 65535, 65536, 65537, 70000]) {
      const bytes = random.bytes(length);
      const encoded = encode_bytes(bytes);
      assert.equal(hex(encoded), toRlp(bytes, 'hex'), `length ${length}`);
      const prefixLength = length <= 55 ? 1 : 1 + Math.ceil(length.toString(16).length / 2);
      assert.equal(encoded.length, length + prefixLength, `prefix of length ${length}`);
    }
    assert.equal(hex(encode_bytes(new Uint8Array())), '0x80');
    assert.equal(hex(encode_bytes(new Uint8Array(56))).slice(0, 6), '0xb838');
  });

  it('encodes scalars minimally, 0 as 0x80, up to 2^256 − 1', () => {
    const random = randomValues('rlp/scalars');
    const values = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0xffffn, MAX_U64, 1n << 64n, MAX_U256];
    for (let i = 0; i < 300; i++) values.push(random.uint(256));
    for (const value of values) assert.equal(hex(encode_u256(value)), viemScalar(value), `u256 ${value}`);
    for (const value of values.filter((v) => v <= MAX_U64)) assert.equal(hex(encode_u64(value)), viemScalar(value), `u64 ${value}`);
    assert.equal(hex(encode_u256(0n)), '0x80');
    assert.equal(hex(encode_u256(MAX_U256)), `0xa0${'ff'.repeat(32)}`);
  });

  it('encodes nested lists, empty, short and long (> 55 and > 65535 payload bytes)', () => {
    const random = randomValues('rlp/lists');
    const tree = (depth: number): Tree => {
      if (depth === 0 || random.int(3) === 0) return random.bytes(random.pick([0, 1, 2, 20, 55, 56, 300]));
      return Array.from({ length: random.int(6) }, () => tree(depth - 1));
    };
    const cases: Tree[] = [[], [[]], [new Uint8Array(), Uint8Array.of(0)], Array.from({ length: 60 }, () => Uint8Array.of(1))];
    cases.push(Array.from({ length: 3 }, () => random.bytes(30_000)));
    for (let i = 0; i < 200; i++) cases.push(tree(4));
    for (const value of cases) assert.equal(hex(mirrorTree(value)), toRlp(value as Parameters<typeof toRlp>[0], 'hex'));
    assert.equal(hex(encode_list([])), '0xc0');
  });

  it('refuses scalars outside u256 / u64', () => {
    assertOutOfRange(() => encode_u256(MAX_U256 + 1n), 'value');
    assertOutOfRange(() => encode_u256(-1n), 'value');
    assertOutOfRange(() => encode_u64(MAX_U64 + 1n), 'value');
  });
});

/**
 * Envelope Ed25519 through OpenSSL (validator/peer/ed25519.ts) against @noble/curves, the
 * independent implementation whose verdicts it must keep: the same signature bytes, and the same
 * verdict on valid, tampered and edge-case signatures (small-order keys, non-canonical encodings
 * that ZIP-215 accepts and RFC 8032 refuses).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { ed25519Sign, ed25519Verify } from '../../validator/peer/ed25519.ts';

function nobleVerdict(signature: Uint8Array, message: Uint8Array, key: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, key);
  } catch {
    return false;
  }
}

describe('envelope Ed25519', () => {
  test('signatures are byte for byte those of @noble/curves, and verify', () => {
    for (let i = 0; i < 20; i++) {
      const secret = randomBytes(32);
      const message = randomBytes(i * 37);
      const signature = ed25519Sign(message, secret);
      assert.deepEqual(signature, ed25519.sign(message, secret));
      const key = ed25519.getPublicKey(secret);
      assert.equal(ed25519Verify(signature, message, key), true);
    }
  });

  test('tampered message, signature or key: refused, as by @noble/curves', () => {
    const secret = randomBytes(32);
    const key = ed25519.getPublicKey(secret);
    const message = randomBytes(64);
    const signature = ed25519Sign(message, secret);
    const cases: [Uint8Array, Uint8Array, Uint8Array][] = [];
    for (const at of [0, 31, 32, 63]) {
      const bad = signature.slice();
      bad[at] = (bad[at] as number) ^ 1;
      cases.push([bad, message, key]);
    }
    const other = message.slice();
    other[5] = (other[5] as number) ^ 0x80;
    cases.push([signature, other, key], [signature, message, ed25519.getPublicKey(randomBytes(32))]);
    cases.push([signature.subarray(0, 63), message, key], [signature, message, key.subarray(0, 31)]);
    for (const [s, m, k] of cases) {
      assert.equal(ed25519Verify(s, m, k), false);
      assert.equal(nobleVerdict(s, m, k), false);
    }
  });

  test('edge cases take @noble/curves’ verdict (ZIP-215), including those OpenSSL refuses', () => {
    const identity = hexToBytes(`01${'00'.repeat(31)}`);
    // y = p + 1: a non-canonical encoding of the identity (ZIP-215 accepts it, RFC 8032 does not).
    const nonCanonicalIdentity = hexToBytes(`ee${'ff'.repeat(30)}7f`);
    const zero = new Uint8Array(32);
    // S = L: not reduced, refused by both rule sets.
    const order = hexToBytes('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
    const message = new Uint8Array([1, 2, 3]);
    const cases: [string, Uint8Array, Uint8Array][] = [
      ['identity key, R = identity, S = 0', new Uint8Array([...identity, ...zero]), identity],
      ['identity key, non-canonical R, S = 0', new Uint8Array([...nonCanonicalIdentity, ...zero]), identity],
      ['non-canonical key, R = identity, S = 0', new Uint8Array([...identity, ...zero]), nonCanonicalIdentity],
      ['S = L', new Uint8Array([...identity, ...order]), identity],
      ['garbage key', new Uint8Array(64).fill(7), new Uint8Array(32).fill(0xff)],
    ];
    let acceptedByNoble = 0;
    for (const [name, signature, key] of cases) {
      const expected = nobleVerdict(signature, message, key);
      if (expected) acceptedByNoble++;
      assert.equal(ed25519Verify(signature, message, key), expected, name);
    }
    assert.ok(acceptedByNoble >= 2, 'the small-order cases are valid under ZIP-215 (the fallback path is exercised)');
  });
});

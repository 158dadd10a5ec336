/**
 * Hash schemes and the signature helpers of mpc/ecdsa, checked against @noble/curves and
 * @noble/hashes (which share none of their code): digests, verification, low-s normalisation, the
 * recovery id (including the flip when s is negated), public-key recovery, the 65-byte encoding,
 * and the ids that must match the chain layer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { HASH_SCHEMES_BY_CURVE as CHAIN_SCHEMES, Curve as ChainCurve, HashScheme as ChainHashScheme } from '../../../chain/constants.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { ECDSA_CURVE_IDS, ecdsaCurve } from '../../../mpc/ecdsa/curves.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import {
  DIGEST_BYTES,
  digestMessage,
  digestScalar,
  HASH_SCHEMES_BY_CURVE,
  HashSchemes,
  rawDigest,
} from '../../../mpc/ecdsa/hash-schemes.ts';
import {
  decodeSignature,
  encodeSignature,
  finalizeSignature,
  normaliseSignature,
  recoverPublicKey,
  SIGNATURE_BYTES,
  verifyEcdsa,
} from '../../../mpc/ecdsa/signature.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { bytesToBigint } from '../../../mpc/numbers/bytes.ts';
import { mod, modInverse } from '../../../mpc/numbers/modular.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { testRng } from '../../support/random.ts';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

const noble = { secp256k1, p256 } as const;

describe('ids shared with the chain layer', () => {
  test('curve and hash-scheme ids and the schemes per curve match chain/constants.ts', () => {
    assert.equal(ECDSA_CURVE_IDS.secp256k1, ChainCurve.SECP256K1);
    assert.equal(ECDSA_CURVE_IDS.p256, ChainCurve.P256);
    assert.equal(HashSchemes.KECCAK256, ChainHashScheme.KECCAK256);
    assert.equal(HashSchemes.SHA256, ChainHashScheme.SHA256);
    assert.equal(HashSchemes.DOUBLE_SHA256, ChainHashScheme.DOUBLE_SHA256);
    assert.equal(HashSchemes.PREHASHED, ChainHashScheme.PREHASHED);
    assert.deepEqual([...HASH_SCHEMES_BY_CURVE.secp256k1], [...CHAIN_SCHEMES[ChainCurve.SECP256K1]]);
    assert.deepEqual([...HASH_SCHEMES_BY_CURVE.p256], [...CHAIN_SCHEMES[ChainCurve.P256]]);
  });

  test('ECDSA is refused on ed25519', () => {
    assert.equal(
      codeOf(() => ecdsaCurve('ed25519')),
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE,
    );
  });
});

describe('hash schemes', () => {
  const k1 = getCurve('secp256k1');
  const r1 = getCurve('p256');
  const message = new TextEncoder().encode('pay 1 BTC to Alice');

  test('digests are Keccak-256, SHA-256, double SHA-256 or the 32-byte message itself (prehashed), and m is the big-endian digest mod q', () => {
    assert.deepEqual(digestMessage(k1, HashSchemes.KECCAK256, message).bytes, keccak_256(message));
    assert.deepEqual(digestMessage(k1, HashSchemes.SHA256, message).bytes, sha256(message));
    assert.deepEqual(digestMessage(k1, HashSchemes.DOUBLE_SHA256, message).bytes, sha256(sha256(message)));
    assert.deepEqual(digestMessage(r1, HashSchemes.SHA256, message).bytes, sha256(message));
    const digest = sha256(message);
    assert.deepEqual(digestMessage(k1, HashSchemes.PREHASHED, digest).bytes, digest);
    assert.deepEqual(digestMessage(r1, HashSchemes.PREHASHED, digest).bytes, digest);
    assert.equal(
      codeOf(() => digestMessage(k1, HashSchemes.PREHASHED, message.subarray(0, 31))),
      'ECDSA_INVALID_DIGEST',
    );
    const high = rawDigest(new Uint8Array(DIGEST_BYTES).fill(0xff));
    assert.equal(digestScalar(k1, high), ((1n << 256n) - 1n) % k1.order);
    assert.equal(digestScalar(r1, high), ((1n << 256n) - 1n) % r1.order);
  });

  test('P-256 refuses Keccak and double SHA-256; unknown ids, empty messages and digests of other lengths are refused', () => {
    assert.equal(
      codeOf(() => digestMessage(r1, HashSchemes.KECCAK256, message)),
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME,
    );
    assert.equal(
      codeOf(() => digestMessage(r1, HashSchemes.DOUBLE_SHA256, message)),
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME,
    );
    assert.equal(
      codeOf(() => digestMessage(k1, 4 as never, message)),
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME,
    );
    assert.equal(
      codeOf(() => digestMessage(k1, HashSchemes.SHA256, new Uint8Array(0))),
      EcdsaErrorCodes.ECDSA_INVALID_DIGEST,
    );
    assert.equal(
      codeOf(() => rawDigest(new Uint8Array(31))),
      EcdsaErrorCodes.ECDSA_INVALID_DIGEST,
    );
  });
});

for (const name of ['secp256k1', 'p256'] as const) {
  describe(`signatures on ${name}`, () => {
    const curve = getCurve(name);
    const q = curve.order;
    const rng = testRng(`signatures ${name}`);

    test('noble signatures verify, our recovery id recovers the key as noble does, and high-s twins normalise to them', () => {
      for (let i = 0; i < 16; i++) {
        const secret = 1n + randomBelow(rng, q - 1n);
        const publicKey = curve.multiply(curve.generator, secret);
        const digest = rng.bytes(32);
        const m = bytesToBigint(digest) % q;
        const signed = noble[name].Signature.fromBytes(
          noble[name].sign(digest, curve.encodeScalar(secret), { prehash: false, format: 'recovered' }),
          'recovered',
        );
        assert.ok(verifyEcdsa(curve, publicKey, m, signed.r, signed.s));
        assert.ok(!verifyEcdsa(curve, publicKey, (m + 1n) % q, signed.r, signed.s));
        // The nonce point the signer used: R = s⁻¹·(m·G + r·X).
        const w = modInverse(signed.s, q);
        const nonce = curve.multiScalarMultiply([curve.generator, publicKey], [mod(m * w, q), mod(signed.r * w, q)]);
        // (r, q − s) is the signature of −R: whichever of the two the combination yields,
        // normalisation gives noble's low-s signature and its recovery bit.
        for (const [s, point] of [
          [signed.s, nonce],
          [q - signed.s, nonce.negate()],
        ] as const) {
          const normal = normaliseSignature(curve, point, s);
          assert.equal(normal.r, signed.r);
          assert.equal(normal.s, signed.s);
          assert.equal(normal.recoveryId, signed.recovery);
          const recovered = recoverPublicKey(curve, m, normal);
          assert.ok(recovered?.equals(publicKey));
          const nobleRecovered = new noble[name].Signature(normal.r, normal.s, normal.recoveryId).recoverPublicKey(digest);
          assert.deepEqual(nobleRecovered.toBytes(true), curve.encodePoint(publicKey));
          assert.deepEqual(finalizeSignature(curve, publicKey, m, point, s), normal);
        }
        // The wrong parity recovers another key.
        const flipped = { ...normaliseSignature(curve, nonce, signed.s), recoveryId: (signed.recovery as number) ^ 1 };
        assert.ok(!recoverPublicKey(curve, m, flipped)?.equals(publicKey));
      }
    });

    test('finalizeSignature refuses a signature that does not verify', () => {
      const secret = 1n + randomBelow(rng, q - 1n);
      const publicKey = curve.multiply(curve.generator, secret);
      const nonce = curve.multiply(curve.generator, 12345n);
      assert.equal(
        codeOf(() => finalizeSignature(curve, publicKey, 77n, nonce, 99n)),
        EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE,
      );
    });

    test('the 65-byte encoding is r ‖ s ‖ recovery id and decodes strictly', () => {
      const signature = { r: 5n, s: 7n, recoveryId: 1 };
      const bytes = encodeSignature(signature);
      assert.equal(bytes.length, SIGNATURE_BYTES);
      assert.equal(bytesToBigint(bytes.subarray(0, 32)), 5n);
      assert.equal(bytesToBigint(bytes.subarray(32, 64)), 7n);
      assert.equal(bytes[64], 1);
      assert.deepEqual(decodeSignature(curve, bytes), signature);
      const bad = (mutate: (b: Uint8Array) => Uint8Array) => codeOf(() => decodeSignature(curve, mutate(bytes.slice())));
      assert.equal(
        bad((b) => b.subarray(0, 64)),
        EcdsaErrorCodes.ECDSA_MALFORMED,
      );
      assert.equal(
        bad((b) => {
          b[64] = 4;
          return b;
        }),
        EcdsaErrorCodes.ECDSA_MALFORMED,
      );
      assert.equal(
        bad((b) => {
          b.set(curve.encodeScalar(q - 7n), 32);
          return b;
        }),
        EcdsaErrorCodes.ECDSA_MALFORMED,
      );
      assert.equal(
        bad((b) => {
          b.fill(0, 0, 32);
          return b;
        }),
        EcdsaErrorCodes.ECDSA_MALFORMED,
      );
    });
  });
}

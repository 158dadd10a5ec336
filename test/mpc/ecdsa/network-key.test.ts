/**
 * The network key material (PROTOCOL.md §4, §6): the dealer, the key parts made from the EncDL
 * sums, the key commitment and what it binds, and the strict encodings of the parts (one curve and
 * the chain's multi-curve `global_key_parts`), of the threshold key and of a validator's key share.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clDecrypt, clEncrypt } from '../../../mpc/cl/encryption.ts';
import { clKeyGen } from '../../../mpc/cl/keys.ts';
import type { ClassGroupSetup } from '../../../mpc/classgroups/setup.ts';
import type { Curve } from '../../../mpc/curves/curve.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { keyPartsFromSums, keyPartsProofParts, keyPartsWitnesses } from '../../../mpc/ecdsa/network-key/contribution.ts';
import {
  decodeKeyShare,
  decodeNetworkKey,
  decodeNetworkKeyParts,
  decodeThresholdKey,
  encodeKeyShare,
  encodeNetworkKey,
  encodeNetworkKeyParts,
  encodeThresholdKey,
  networkKeyCommitment,
} from '../../../mpc/ecdsa/network-key/encoding.ts';
import { assertKeyCommitment, networkKeyParts } from '../../../mpc/ecdsa/network-key/key-parts.ts';
import { DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { sumOfStatements } from '../../../mpc/session/aggregation.ts';
import { ecdsaFixture } from './support.ts';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

const k1 = ecdsaFixture('secp256k1');
const r1 = ecdsaFixture('p256');
const setupFor = (curve: Curve): ClassGroupSetup => (curve.name === 'secp256k1' ? k1.setup : r1.setup);

describe('key parts and the key commitment', () => {
  test('the parts are the sums of the contributions: Σ x_j·G, and ⊕ Enc(x_j) decrypting to Σ x_j', () => {
    const { curve, setup, rng } = k1;
    const keys = clKeyGen(setup, rng);
    const parts = keyPartsProofParts(curve, keys.publicKey);
    const witnesses = [1, 2, 3].map(() => keyPartsWitnesses(curve, keys.publicKey, rng));
    const language = parts[0]?.language;
    assert.ok(language !== undefined);
    const contributions = witnesses.map((w, i) => ({ party: i + 1, statements: [w.map((x) => language.map(x))] }));
    const sums = sumOfStatements(parts)(contributions)[0] as Statement[];
    const key = keyPartsFromSums(curve, keys.publicKey, sums);
    for (const b of [0, 1] as const) {
      const x = witnesses.reduce((acc, w) => acc + ((w[b] as readonly bigint[])[0] as bigint), 0n) % curve.order;
      assert.ok(key.publicParts[b].equals(curve.multiply(curve.generator, x)));
      assert.equal(clDecrypt(keys.secretKey, key.encryptedParts[b]), x);
    }
  });

  test('the commitment binds pk, both points and both ciphertexts', () => {
    const { key, curve, rng } = k1;
    const other = clEncrypt(key.encryptionKey, 1n, rng).ciphertext;
    const variants = [
      networkKeyParts(curve, key.encryptionKey, [key.publicParts[1], key.publicParts[0]], key.encryptedParts),
      networkKeyParts(curve, key.encryptionKey, key.publicParts, [key.encryptedParts[0], other]),
      networkKeyParts(curve, clKeyGen(k1.setup, rng).publicKey, key.publicParts, key.encryptedParts),
    ];
    for (const variant of variants) {
      assert.notDeepEqual(variant.commitment, key.commitment);
      assert.equal(
        codeOf(() => assertKeyCommitment(key, variant.commitment, 'x')),
        EcdsaErrorCodes.ECDSA_KEY_MISMATCH,
      );
    }
    assert.doesNotThrow(() =>
      assertKeyCommitment(key, networkKeyParts(curve, key.encryptionKey, key.publicParts, key.encryptedParts).commitment, 'x'),
    );
    // pk of the other curve's setup cannot key this curve's parts.
    assert.equal(
      codeOf(() => networkKeyParts(curve, r1.key.encryptionKey, key.publicParts, key.encryptedParts)),
      EcdsaErrorCodes.ECDSA_KEY_MISMATCH,
    );
  });
});

describe('encodings of the network key material', () => {
  test('key parts of one curve, and the chain’s multi-curve network key with its commitment', () => {
    const bytes = encodeNetworkKeyParts(k1.key);
    assert.deepEqual(decodeNetworkKeyParts(k1.curve, k1.setup, bytes).commitment, k1.key.commitment);
    assert.equal(
      codeOf(() => decodeNetworkKeyParts(k1.curve, k1.setup, bytes.subarray(1))),
      ErrorCodes.ENCODING_INVALID_VALUE,
    );
    assert.equal(
      codeOf(() => decodeNetworkKeyParts(k1.curve, k1.setup, new Uint8Array([...bytes, 0]))),
      ErrorCodes.ENCODING_TRAILING_BYTES,
    );
    assert.notEqual(
      codeOf(() => decodeNetworkKeyParts(r1.curve, r1.setup, bytes)),
      'no error',
    );

    const network = encodeNetworkKey([k1.key, r1.key]);
    const decoded = decodeNetworkKey(network, setupFor);
    assert.deepEqual(
      decoded.map((parts) => [parts.curve.name, parts.commitment]),
      [
        ['secp256k1', k1.key.commitment],
        ['p256', r1.key.commitment],
      ],
    );
    assert.deepEqual(networkKeyCommitment(decoded), networkKeyCommitment([k1.key, r1.key]));
    assert.notDeepEqual(networkKeyCommitment([r1.key, k1.key]), networkKeyCommitment([k1.key, r1.key]));
    assert.equal(networkKeyCommitment([k1.key]).length, 32);
    assert.equal(
      codeOf(() => decodeNetworkKey(encodeNetworkKey([k1.key, k1.key]), setupFor)),
      ErrorCodes.ENCODING_INVALID_VALUE,
    );
  });

  test('the threshold key and a validator’s key share round-trip and are checked against each other', () => {
    const { curve, setup, thresholdKey, keyShares } = k1;
    const keyBytes = encodeThresholdKey(curve, thresholdKey);
    const decoded = decodeThresholdKey(curve, setup, keyBytes);
    assert.deepEqual(decoded.verificationKeys, thresholdKey.verificationKeys);
    assert.equal(decoded.shareBits, thresholdKey.shareBits);
    assert.deepEqual(decoded.access.weights, thresholdKey.access.weights);
    const share = keyShares[1];
    assert.ok(share !== undefined);
    const shareBytes = encodeKeyShare(curve, thresholdKey, share);
    const back = decodeKeyShare(curve, decoded, shareBytes);
    assert.equal(back.party, 2);
    assert.deepEqual(
      back.shares.map((s) => s.expose()),
      share.shares.map((s) => s.expose()),
    );
    // The share's encoding is never printed: it is redacted in strings.
    assert.ok(!String(back.shares[0]).includes(String(share.shares[0]?.expose())));
    // A key share of a committee of another size does not fit.
    const weighted = ecdsaFixture('secp256k1', [2, 1, 1], 3);
    assert.notEqual(
      codeOf(() => decodeKeyShare(curve, weighted.thresholdKey, shareBytes)),
      'no error',
    );
    assert.notEqual(
      codeOf(() => decodeThresholdKey(r1.curve, r1.setup, keyBytes)),
      'no error',
    );
  });
});

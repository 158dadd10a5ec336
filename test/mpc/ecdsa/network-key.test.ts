/**
 * The network key material (PROTOCOL.md §4, §6): the dealer, the key parts made from the EncDL
 * sums, the key commitment and what it binds, and the strict encodings of the parts (one curve and
 * the chain's multi-curve `global_key_parts`), of the threshold key and of a validator's key share.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeClPublicKey } from '../../../mpc/cl/encoding.ts';
import { clDecrypt, clEncrypt } from '../../../mpc/cl/encryption.ts';
import { clKeyGen, clKeyPairFromSecret, clPublicKey } from '../../../mpc/cl/keys.ts';
import { encodeForm } from '../../../mpc/classgroups/encoding.ts';
import type { Form } from '../../../mpc/classgroups/form.ts';
import type { ClassGroupSetup } from '../../../mpc/classgroups/setup.ts';
import { loadSetup } from '../../../mpc/classgroups/setups.ts';
import { type Curve, curveOrder } from '../../../mpc/curves/curve.ts';
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
  MAX_SHARE_BITS,
  networkKeyCommitment,
} from '../../../mpc/ecdsa/network-key/encoding.ts';
import { assertKeyCommitment, type NetworkKeyParts, networkKeyParts } from '../../../mpc/ecdsa/network-key/key-parts.ts';
import { DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { sumOfStatements } from '../../../mpc/session/aggregation.ts';
import { ecdsaFixture } from '../../../mpc/testing/ecdsa-fixture.ts';
import { MAX_VIRTUAL_PARTIES, thresholdAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { type DkgParams, keyShareBits } from '../../../mpc/threshold/dkg/params.ts';
import { ThresholdErrorCodes } from '../../../mpc/threshold/errors.ts';
import { maxShareBits } from '../../../mpc/threshold/polynomial.ts';
import { type ReshareParams, reshareShareBits } from '../../../mpc/threshold/reshare/params.ts';
import { type PartyKeyShare, SecretShare } from '../../../mpc/threshold/secret-share.ts';
import { laxSetup, orderTwoElement } from '../../support/order-two.ts';

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

describe('the share bound of the largest committee', () => {
  test('dealt, generated and reshared shares of W = t = MAX_VIRTUAL_PARTIES fit MAX_SHARE_BITS at both levels', () => {
    // t = W gives the largest shares (log2 C(W+t, t) grows with t).
    const access = thresholdAccessStructure(MAX_VIRTUAL_PARTIES, MAX_VIRTUAL_PARTIES);
    for (const level of [112, 128] as const) {
      const setup = loadSetup(curveOrder('secp256k1'), level);
      const dkg: DkgParams = { protocol: 'test', sessionId: new Uint8Array(32), setup, access, encryptionKeys: [] };
      const dealt = maxShareBits(access, setup.randomnessBits);
      const generated = keyShareBits(dkg);
      const key = { setup, access, shareBits: generated } as unknown as ReshareParams['key'];
      const reshared = reshareShareBits({ key, newAccess: access } as ReshareParams);
      assert.ok(dealt > 11_000 && dealt < generated && generated < reshared, `${level}: ${dealt} ${generated} ${reshared}`);
      assert.ok(reshared <= MAX_SHARE_BITS, `${level}: a reshared share has ${reshared} bits`);
    }
  });
});

describe('keys that hide nothing are refused wherever keys are decoded or derived', () => {
  const { curve, setup, thresholdKey, keyShares, key } = k1;
  const { group } = setup;

  test('a CL public key that is the identity (sk = 0) is refused, derived or decoded', () => {
    assert.equal(
      codeOf(() => clKeyPairFromSecret(setup, 0n)),
      ErrorCodes.FORM_SMALL_ORDER_KEY,
    );
    assert.equal(
      codeOf(() => clPublicKey(setup, group.identity)),
      ErrorCodes.FORM_SMALL_ORDER_KEY,
    );
    assert.equal(
      codeOf(() => decodeClPublicKey(setup, encodeForm(group, group.identity))),
      ErrorCodes.FORM_SMALL_ORDER_KEY,
    );
    // An element of order 2 as a key: refused before it could be used (it is not a square class).
    const epsilon = orderTwoElement(setup);
    assert.notEqual(
      codeOf(() => clPublicKey(setup, epsilon)),
      'no error',
    );
  });

  test('network key parts whose encryption key is the identity do not decode', () => {
    const bytes = encodeNetworkKeyParts(key);
    const forged = laxEncodeKeyParts(key, group.identity);
    assert.deepEqual(decodeNetworkKeyParts(curve, setup, bytes).commitment, key.commitment);
    assert.equal(
      codeOf(() => decodeNetworkKeyParts(curve, setup, forged)),
      ErrorCodes.FORM_SMALL_ORDER_KEY,
    );
  });

  test('a threshold key with an identity verification key, or a key share that does not match its verification key, is refused', () => {
    const identityVk = { ...thresholdKey, verificationKeys: [group.identity, ...thresholdKey.verificationKeys.slice(1)] };
    assert.equal(
      codeOf(() => decodeThresholdKey(curve, setup, encodeThresholdKey(curve, identityVk))),
      ErrorCodes.FORM_SMALL_ORDER_KEY,
    );
    // Party 1's file with party 2's share values: right shape, wrong shares.
    const [first, second] = keyShares as [PartyKeyShare, PartyKeyShare];
    const swapped: PartyKeyShare = {
      party: 1,
      shares: first.shares.map((s, i) => new SecretShare(s.virtualId, (second.shares[i] as SecretShare).expose())),
    };
    const bytes = encodeKeyShare(curve, thresholdKey, swapped);
    assert.equal(
      codeOf(() => decodeKeyShare(curve, thresholdKey, bytes)),
      ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH,
    );
    assert.equal(decodeKeyShare(curve, thresholdKey, encodeKeyShare(curve, thresholdKey, first)).party, 1);
  });
});

/** Key-parts bytes with `form` as the encryption key, written without the encoder's checks. */
function laxEncodeKeyParts(parts: NetworkKeyParts, form: Form): Uint8Array {
  const lax = laxSetup(parts.encryptionKey.setup);
  const encoded = encodeNetworkKeyParts({ ...parts, encryptionKey: { ...parts.encryptionKey, setup: lax } });
  const original = encodeForm(lax.group, parts.encryptionKey.form);
  const offset = 6; // curve u32 + level u16
  const replacement = encodeForm(lax.group, form);
  return new Uint8Array([...encoded.subarray(0, offset), ...replacement, ...encoded.subarray(offset + original.length)]);
}

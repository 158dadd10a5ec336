/**
 * The DKG and the network key on ed25519 (SPEC-19 decision 2: the same protocol, PROTOCOL.md §6–§7,
 * on every curve): a dealt key and the key-parts session, the user's DKG message and imported key
 * verified by the network, ct_key threshold-decrypting to log X_B, strict encodings naming curve id
 * 2, the network key DKG (no dealer) on ed25519; and the ECDSA-only parts refusing ed25519.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ClCiphertext } from '../../../mpc/cl/encryption.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { createImportedKeyMessage, verifyImportedKeyMessageBytes } from '../../../mpc/ecdsa/dkg/imported-key.ts';
import { verifyUserDkgMessageBytes } from '../../../mpc/ecdsa/dkg/network.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import {
  decodeDWalletOutput,
  dwalletOutputPublicKey,
  encodeDWalletOutput,
  encodeImportedKeyMessage,
  encodeUserDkgMessage,
} from '../../../mpc/ecdsa/messages.ts';
import { decodeNetworkKey, encodeNetworkKey, networkKeyCommitment } from '../../../mpc/ecdsa/network-key/encoding.ts';
import { presignBatchSessionId } from '../../../mpc/ecdsa/presign/batch.ts';
import { type NetworkKeyDkgOutput, networkKeyDkgSession } from '../../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { type NetworkKeyPartsOutput, networkKeyPartsSession } from '../../../mpc/ecdsa/protocols/network-key-parts.ts';
import { presignSession } from '../../../mpc/ecdsa/protocols/presign.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { AggregationKinds } from '../../../mpc/session/aggregation.ts';
import { createCommittee, type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { CURVE_IDS } from '../../../mpc/signing/algorithms.ts';
import { rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { networkKeyFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { DKG_TEST_TIMEOUTS } from '../threshold/dkg-harness.ts';
import { assertKeyDecrypts, decryptionKeyOf, dkgParams } from '../threshold/dkg-support.ts';

const fixture = networkKeyFixture('ed25519');
const { key, curve, setup, rng } = fixture;
const G = curve.generator;
const TIMEOUTS = { attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 };

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

function decrypt(ct: ClCiphertext): bigint {
  const session = new DecryptionSession(fixture.thresholdKey, [ct], {
    protocol: 'test/ed25519',
    sessionId: sessionId('decrypt'),
    round: 'r',
  });
  const shares = fixture.keyShares.slice(0, fixture.thresholdKey.access.threshold).map((share) => decryptionShareMessage(session, share));
  return combineShareMessages(session, shares)[0] as bigint;
}

describe('the DKG on ed25519', () => {
  test('a user DKG message verifies; X = X_A + X_B; ct_key decrypts to log X_B; the output round-trips with curve id 2', () => {
    for (let i = 0; i < 3; i++) {
      const sid = sessionId(`ed25519 dkg ${i}`);
      const user = createUserDkgMessage(key, sid, { rng });
      const output = verifyUserDkgMessageBytes(key, sid, encodeUserDkgMessage(curve, user.message));
      assert.ok(output.publicKey.equals(user.output.publicKey));
      assert.ok(output.publicKey.equals(output.userPublicShare.add(output.networkPublicShare)));
      assert.ok(curve.multiply(G, user.secretShare).equals(output.userPublicShare));
      assert.ok(curve.multiply(G, decrypt(output.encryptedNetworkShare)).equals(output.networkPublicShare));
      const bytes = encodeDWalletOutput(output, setup);
      // The curve id leads the output (u32 little-endian): ed25519 is 2.
      assert.deepEqual([...bytes.subarray(0, 4)], [CURVE_IDS.ed25519, 0, 0, 0]);
      assert.ok(decodeDWalletOutput(curve, setup, bytes).publicKey.equals(output.publicKey));
      // The 32-byte encoding is an Ed25519 public key noble accepts as a point of the prime-order subgroup.
      const encoded = dwalletOutputPublicKey(curve, bytes).toBytes();
      assert.equal(encoded.length, 32);
      assert.ok(ed25519.Point.fromBytes(encoded).isTorsionFree());
    }
  });

  test('a tampered DKG message is rejected with the check named', () => {
    const sid = sessionId('ed25519 dkg tampered');
    const user = createUserDkgMessage(key, sid, { rng });
    try {
      verifyUserDkgMessageBytes(key, sessionId('another session'), encodeUserDkgMessage(curve, user.message));
      assert.fail('accepted a message made for another session');
    } catch (error) {
      assert.ok(error instanceof UserMessageRejection);
      assert.equal(error.code, EcdsaErrorCodes.ECDSA_INVALID_DKG_MESSAGE);
      assert.equal(error.check, 'proof:user-public-share');
    }
  });

  test('an imported Ed25519 scalar: the network verifies it and X = x·G', () => {
    const sid = sessionId('ed25519 import');
    const x = 123456789n;
    const imported = createImportedKeyMessage(key, sid, x, { rng });
    const output = verifyImportedKeyMessageBytes(key, sid, encodeImportedKeyMessage(key, imported.message));
    assert.equal(output.kind, 'imported');
    assert.ok(output.publicKey.equals(curve.multiply(G, x)));
    assert.deepEqual(output.publicKey.toBytes(), ed25519.Point.BASE.multiply(x).toBytes());
  });
});

describe('the network key on ed25519', () => {
  test('the chain encoding of a two-curve key decodes with the ed25519 parts (id 2) and the same commitment', () => {
    const k1 = networkKeyFixture('secp256k1');
    const bytes = encodeNetworkKey([k1.key, key]);
    const decoded = decodeNetworkKey(bytes, (c) => (c.name === 'ed25519' ? setup : k1.setup));
    assert.deepEqual(
      decoded.map((part) => part.curve.name),
      ['secp256k1', 'ed25519'],
    );
    assert.deepEqual(decoded[1]?.commitment, key.commitment);
    assert.deepEqual(networkKeyCommitment(decoded), networkKeyCommitment([k1.key, key]));
  });

  test('the key-parts session agrees on parts that decrypt to their logs, despite a contributor with a bad proof', () => {
    const committee = uniformCommittee(4, 3);
    const sid = sessionId('ed25519 key parts');
    const config = { curve, encryptionKey: key.encryptionKey, timeouts: TIMEOUTS };
    const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`ed25519 key parts ${party}`) });
    const badProof = rewritePayloads(AggregationKinds.CONTRIBUTION, (payload) => {
      const copy = payload.slice();
      copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 1;
      return copy;
    });
    const network = new TestNetwork<NetworkKeyPartsOutput>({
      committee,
      seed: 'ed25519 key parts',
      behaviours: new Map([[4, badProof]]),
      create: (party) => createSession(networkKeyPartsSession, config, params(party)),
      restore: (party, state) => restoreSession(networkKeyPartsSession, config, params(party), state),
    });
    network.start();
    network.run();
    const outputs = [1, 2, 3].map((party) => {
      const result = network.result(party);
      assert.equal(result?.status, 'completed');
      return (result as { output: NetworkKeyPartsOutput }).output;
    });
    const [first] = outputs as [NetworkKeyPartsOutput];
    for (const output of outputs) assert.deepEqual(output.parts.commitment, first.parts.commitment);
    assert.ok(!first.contributors.includes(4), 'the party with the bad proof does not contribute');
    first.parts.encryptedParts.forEach((ct, b) => {
      assert.ok(curve.multiply(G, decrypt(ct)).equals(first.parts.publicParts[b] as never));
    });
  });

  test('the network key DKG (no dealer) makes an ed25519 key whose shares decrypt and whose parts are consistent', () => {
    const weights = [1, 1, 1, 1];
    const committee = createCommittee(weights, 3);
    const access = weightedAccessStructure(3, weights);
    const sid = new Drbg('dwallet/test/session-id', utf8ToBytes('ed25519 network key dkg')).bytes(32);
    const configOf = (party: PartyId) => ({
      curves: [{ curve: getCurve('ed25519'), setup: testSetup('ed25519') }],
      access,
      encryptionKeys: dkgParams(access).encryptionKeys,
      decryptionKey: decryptionKeyOf(party),
      timeouts: { dkg: DKG_TEST_TIMEOUTS, keyParts: TIMEOUTS },
    });
    const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`ed25519 nk dkg/${party}`) });
    const network = new TestNetwork<NetworkKeyDkgOutput>({
      committee,
      seed: 'ed25519 nk dkg',
      create: (party) => createSession(networkKeyDkgSession, configOf(party), params(party)),
      restore: (party, state) => restoreSession(networkKeyDkgSession, configOf(party), params(party), state),
    });
    network.start();
    network.run({ maxSteps: 100_000, done: () => [1, 2, 3, 4].every((p) => network.result(p) !== undefined) });
    const outputs = [1, 2, 3, 4].map((party) => {
      const result = network.result(party);
      assert.equal(result?.status, 'completed');
      return (result as { output: NetworkKeyDkgOutput }).output.curves[0] as NetworkKeyDkgOutput['curves'][number];
    });
    const [mine] = outputs as [NetworkKeyDkgOutput['curves'][number]];
    assert.equal(mine.curve.name, 'ed25519');
    for (const output of outputs) assert.deepEqual(output.parts.commitment, mine.parts.commitment);
    const shares = outputs.map((o) => o.keyShare).filter((s) => s !== null);
    assertKeyDecrypts(mine.publicKey, shares, [[1, 2, 3]]);
  });
});

describe('ECDSA-only parts refuse ed25519', () => {
  test('the ECDSA presign session is not offered on an ed25519 key', () => {
    const ids = [sessionId('ed25519 ecdsa presign')];
    assert.equal(
      codeOf(() =>
        createSession(
          presignSession,
          { key, target: { kind: 'universal' }, presignIds: ids },
          { sessionId: presignBatchSessionId(ids), self: 1, committee: uniformCommittee(4, 3), rng },
        ),
      ),
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE,
    );
  });

  test('a Schnorr batch binds its curve and algorithm; an ECDSA batch keeps its id', () => {
    const ids = [sessionId('batch a'), sessionId('batch b')];
    const eddsa = presignBatchSessionId(ids, undefined, { curve: 'ed25519', algorithm: 'eddsa' });
    const taproot = presignBatchSessionId(ids, undefined, { curve: 'secp256k1', algorithm: 'taproot' });
    assert.notDeepEqual(eddsa, taproot);
    assert.notDeepEqual(eddsa, presignBatchSessionId(ids));
    assert.deepEqual(presignBatchSessionId(ids, undefined, { curve: 'secp256k1', algorithm: 'ecdsa' }), presignBatchSessionId(ids));
    assert.equal(
      codeOf(() => presignBatchSessionId(ids, undefined, { curve: 'ed25519', algorithm: 'taproot' })),
      'INVALID_PARAMETER',
    );
  });
});

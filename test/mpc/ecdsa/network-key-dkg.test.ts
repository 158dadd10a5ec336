/**
 * The network key's generation without a dealer: per curve the class-group DKG then the EncDL
 * aggregation of the key parts, in one session. Checked independently of the session: the key
 * shares decrypt under the generated pk, and threshold decryption of ct_key⁰ and ct_key¹ yields
 * the discrete logarithms of X_B⁰ and X_B¹ (so the key parts are consistent with the DKG key).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ecdsaCurve } from '../../../mpc/ecdsa/curves.ts';
import {
  NETWORK_KEY_DKG_PROTOCOL,
  type NetworkKeyDkgConfig,
  type NetworkKeyDkgOutput,
  networkKeyDkgSession,
} from '../../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { createCommittee, type PartyId } from '../../../mpc/session/committee.ts';
import type { SessionResult } from '../../../mpc/session/machine.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type Behaviour, rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { dealingSchema } from '../../../mpc/threshold/dkg/dealing.ts';
import { DkgBlameReasons, DkgKinds } from '../../../mpc/threshold/dkg/rounds.ts';
import { dkgParamsOf } from '../../../mpc/threshold/dkg/session.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { DKG_TEST_TIMEOUTS } from '../threshold/dkg-harness.ts';
import { assertKeyDecrypts, decryptionKeyOf, dkgParams } from '../threshold/dkg-support.ts';

type Completed = SessionResult<NetworkKeyDkgOutput> & { status: 'completed' };

const weights = [1, 1, 1, 1];
const threshold = 3;
const committee = createCommittee(weights, threshold);
const access = weightedAccessStructure(threshold, weights);
const sessionId = new Drbg('dwallet/test/session-id', utf8ToBytes('network key dkg')).bytes(32);
const encryptionKeys = dkgParams(access).encryptionKeys;

function configOf(party: PartyId, curveNames: readonly ('secp256k1' | 'p256')[]): NetworkKeyDkgConfig {
  return {
    curves: curveNames.map((name) => ({ curve: ecdsaCurve(name), setup: testSetup(name) })),
    access,
    encryptionKeys,
    decryptionKey: decryptionKeyOf(party),
    timeouts: { dkg: DKG_TEST_TIMEOUTS, keyParts: { attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 } },
  };
}

function network(
  seed: string,
  curveNames: readonly ('secp256k1' | 'p256')[],
  options: { behaviours?: Map<PartyId, Behaviour>; restartRate?: number } = {},
) {
  const params = (party: PartyId) => ({ sessionId, self: party, committee, rng: testRng(`${seed}/${party}`) });
  return new TestNetwork<NetworkKeyDkgOutput>({
    committee,
    seed,
    behaviours: options.behaviours ?? new Map(),
    ...(options.restartRate === undefined ? {} : { restartRate: options.restartRate }),
    create: (party) => createSession(networkKeyDkgSession, configOf(party, curveNames), params(party)),
    restore: (party, state) => restoreSession(networkKeyDkgSession, configOf(party, curveNames), params(party), state),
  });
}

function run(net: TestNetwork<NetworkKeyDkgOutput>, honest: readonly PartyId[]): Map<PartyId, Completed> {
  net.start();
  net.run({ maxSteps: 100_000, done: () => honest.every((party) => net.result(party) !== undefined) });
  const results = new Map<PartyId, Completed>();
  for (const party of honest) {
    const result = net.result(party);
    assert.equal(result?.status, 'completed', `party ${party}: ${result?.status === 'aborted' ? result.reason : 'no result'}`);
    results.set(party, result as Completed);
  }
  return results;
}

/** Every honest party has the same key per curve; its shares decrypt; ct_key^b decrypts to log X_B^b. */
function assertNetworkKey(results: Map<PartyId, Completed>, curveCount: number): void {
  const [first] = results.values();
  assert.ok(first !== undefined);
  assert.equal(first.output.curves.length, curveCount);
  first.output.curves.forEach((mine, index) => {
    for (const { output } of results.values()) {
      const theirs = output.curves[index];
      assert.ok(theirs !== undefined);
      assert.deepEqual(theirs.parts.commitment, mine.parts.commitment, 'the same key parts everywhere');
      assert.deepEqual(theirs.dealers, mine.dealers);
    }
    const key = mine.publicKey;
    const shares = [...results.values()].map((r) => r.output.curves[index]?.keyShare).filter((s) => s !== null && s !== undefined);
    assertKeyDecrypts(key, shares, [[1, 2, 3]]);
    const session = new DecryptionSession(key, [...mine.parts.encryptedParts], {
      protocol: NETWORK_KEY_DKG_PROTOCOL,
      sessionId: new Uint8Array(32).fill(7),
      round: 'key-parts-check',
    });
    const messages = shares.slice(0, 3).map((share) => decryptionShareMessage(session, share));
    const logs = combineShareMessages(session, messages);
    logs.forEach((x, b) => {
      const expected = mine.parts.publicParts[b];
      assert.ok(
        expected !== undefined && mine.curve.multiply(mine.curve.generator, x).equals(expected),
        `ct_key${b} decrypts to log X_B${b}`,
      );
    });
  });
}

describe('network key DKG (no dealer): class-group DKG then key parts, per curve, in one session', () => {
  it('four honest validators generate a two-curve key; the parts are consistent with the key', () => {
    const results = run(network('two curves', ['secp256k1', 'p256']), [1, 2, 3, 4]);
    assertNetworkKey(results, 2);
    for (const { output } of results.values()) assert.deepEqual(output.curves[0]?.dealers, [1, 2, 3, 4]);
  });

  it('resumes from saved state: validators restarted at random points reach the same key', () => {
    const results = run(network('restarts', ['secp256k1'], { restartRate: 0.05 }), [1, 2, 3, 4]);
    assertNetworkKey(results, 1);
  });

  it('a dealer sending a bad share is named with evidence in the outer session and excluded; the key still forms', () => {
    const params = dkgParamsOf(
      { setup: testSetup('secp256k1'), access, encryptionKeys, decryptionKey: decryptionKeyOf(1) },
      { protocol: `${NETWORK_KEY_DKG_PROTOCOL}#secp256k1/dkg`, sessionId, self: 1, committee },
    );
    const codec = dealingSchema(params);
    // Party 4 flips a byte of the share it encrypts to party 1 (virtual id 1).
    const cheat = rewritePayloads(DkgKinds.DEALING, (payload) => {
      const dealing = decodeExact(codec, payload);
      const ciphertexts = dealing.ciphertexts.map((c, i) => (i === 0 ? c.map((byte, j) => (j === c.length - 1 ? byte ^ 1 : byte)) : c));
      return codec.serialize({ ...dealing, ciphertexts }).toBytes();
    });
    const net = network('bad share', ['secp256k1'], { behaviours: new Map([[4, cheat]]) });
    const results = run(net, [1, 2, 3]);
    assertNetworkKey(results, 1);
    for (const party of [1, 2, 3] as const) {
      const result = results.get(party) as Completed;
      assert.deepEqual(result.output.curves[0]?.dealers, [1, 2, 3]);
      const blame = result.blame.find((b) => b.party === 4);
      assert.equal(blame?.reason, DkgBlameReasons.INVALID_SHARE, `party ${party} names the cheating dealer`);
      assert.equal(blame?.round, 1, 'the blame carries the outer round of the dealing');
    }
  });
});

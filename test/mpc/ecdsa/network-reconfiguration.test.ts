/**
 * The epoch change of the network keys: every (key, curve) reshared side by side in one session
 * whose parties are the union of the two committees. Checked independently of the session: the
 * public keys are unchanged and the new committee's shares decrypt under them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ecdsaCurve } from '../../../mpc/ecdsa/curves.ts';
import { dealNetworkKey } from '../../../mpc/ecdsa/network-key/dealer.ts';
import {
  type NetworkReconfigurationConfig,
  networkReconfigurationSession,
  reconfigurationCommittee,
} from '../../../mpc/ecdsa/protocols/network-reconfiguration.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import type { PartyId } from '../../../mpc/session/committee.ts';
import type { SessionResult } from '../../../mpc/session/machine.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import type { ReshareOutput } from '../../../mpc/threshold/reshare/session.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { assertKeyDecrypts } from '../threshold/dkg-support.ts';
import { RESHARE_TEST_TIMEOUTS } from '../threshold/reshare-harness.ts';
import { encryptionKeysOf, shareKeyOf } from '../threshold/reshare-support.ts';

const oldNames = ['alice', 'bob', 'carol', 'dave'];
const newNames = ['alice', 'bob', 'carol', 'erin', 'frank'];
const sessionNames = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const oldAccess = weightedAccessStructure(3, [1, 1, 1, 1]);
const newAccess = weightedAccessStructure(4, [2, 1, 1, 1, 1]);
const newMembers = newNames.map((name) => sessionNames.indexOf(name) + 1);
const curves = (['secp256k1', 'p256'] as const).map((name) => {
  const curve = ecdsaCurve(name);
  return { curve, dealt: dealNetworkKey(curve, testSetup(name), oldAccess, testRng(`reconfiguration ${name}`)) };
});
const sessionId = new Drbg('dwallet/test/session-id', utf8ToBytes('network reconfiguration')).bytes(32);

function configOf(party: PartyId): NetworkReconfigurationConfig {
  return {
    parts: curves.map(({ curve, dealt }) => ({
      name: `key0/${curve.name}`,
      reshare: {
        key: dealt.thresholdKey,
        oldEncryptionKeys: encryptionKeysOf(oldNames),
        newAccess,
        newEncryptionKeys: encryptionKeysOf(newNames),
        newMembers,
        keyShare: party <= oldNames.length ? (dealt.keyShares[party - 1] ?? null) : null,
        decryptionKey: shareKeyOf(sessionNames[party - 1] as string),
        timeouts: RESHARE_TEST_TIMEOUTS,
      },
    })),
  };
}

describe('network reconfiguration (every key and curve reshared in one session)', () => {
  it('4 → 5 validators, two curves: the same public keys, and the new committee decrypts', () => {
    const committee = reconfigurationCommittee(configOf(1));
    const params = (party: PartyId) => ({ sessionId, self: party, committee, rng: testRng(`reconfiguration/${party}`) });
    const net = new TestNetwork<ReshareOutput[]>({
      committee,
      seed: 'reconfiguration',
      behaviours: new Map(),
      restartRate: 0.02,
      create: (party) => createSession(networkReconfigurationSession, configOf(party), params(party)),
      restore: (party, state) => restoreSession(networkReconfigurationSession, configOf(party), params(party), state),
    });
    const everyone = [1, 2, 3, 4, 5, 6];
    net.start();
    net.run({ maxSteps: 100_000, done: () => everyone.every((party) => net.result(party) !== undefined) });
    const outputs = everyone.map((party) => {
      const result = net.result(party) as SessionResult<ReshareOutput[]>;
      assert.equal(result?.status, 'completed', `party ${party}`);
      return (result as { output: ReshareOutput[] }).output;
    });
    curves.forEach(({ dealt }, k) => {
      const { group } = dealt.thresholdKey.setup;
      const key = (outputs[0] as ReshareOutput[])[k]?.key;
      assert.ok(key !== undefined);
      assert.ok(group.equals(key.encryptionKey.form, dealt.thresholdKey.encryptionKey.form), 'the public key is unchanged');
      for (const output of outputs) {
        assert.ok(output[k]?.key.verificationKeys.every((vk, i) => group.equals(vk, key.verificationKeys[i] as never)));
      }
      assert.equal(outputs[3]?.[k]?.keyShare, null, 'dave left: no new share');
      // New parties: alice (1), bob (2), carol (3), erin (4), frank (5) — session ids 1, 2, 3, 5, 6.
      const shares = [1, 2, 3, 5, 6].map((party) => outputs[party - 1]?.[k]?.keyShare).filter((s) => s !== null && s !== undefined);
      assert.equal(shares.length, 5);
      assertKeyDecrypts(key, shares, [
        [1, 4, 5],
        [2, 3, 4, 5],
      ]);
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { blamed, type Epoch, reshareHarness } from './reshare-harness.ts';

const setup = testSetup();
const oldAccess = weightedAccessStructure(3, [1, 1, 1, 1]);
const dealt = dealThresholdKey(setup, oldAccess, testRng('reshare session dealer'));
const genesis: Epoch = { key: dealt.publicKey, names: ['alice', 'bob', 'carol', 'dave'], keyShares: dealt.keyShares };
// dave leaves, erin and frank join (session parties 5 and 6); alice weighs 2; W' = 6, t' = 4.
const newNames = ['alice', 'bob', 'carol', 'erin', 'frank'];
const newAccess = weightedAccessStructure(4, [2, 1, 1, 1, 1]);

describe('resharing session (4 → 5, 112-bit setup)', () => {
  test('honest: every validator outputs the same key under the old pk; the new members decrypt; dave’s old share is useless', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session honest');
    const net = h.network('reshare honest');
    const { results, next } = h.runToKey(net, [1, 2, 3, 4, 5, 6]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
      assert.deepEqual(blamed(result), []);
    }
    assert.equal((results.get(4) as { output: { keyShare: unknown } }).output.keyShare, null);
    const daveShare = dealt.keyShares[3]?.shares[0]?.expose() as bigint;
    assert.ok(next.key.verificationKeys.every((vk) => !setup.group.equals(setup.hTable.pow(daveShare), vk)));
    assert.deepEqual(net.refusals, []);
    console.log(`# honest reshare 4 → 5 in process: ${h.lastRunMs().toFixed(0)} ms`);
  });
});

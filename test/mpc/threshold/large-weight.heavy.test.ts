/**
 * The DKG and the resharing above the old cap of 128 virtual parties (MAX_VIRTUAL_PARTIES is 1024
 * now): a few validators of large weight, so that W > 128 costs minutes in process rather than
 * hours (in process, one thread: about 12 minutes for the DKG on a loaded 2-core machine, the
 * resharing longer). The harnesses check that every honest party outputs the same key and
 * qualified set, that each share matches its verification key, and that an authorized set decrypts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { dkgHarness } from './dkg-harness.ts';
import type { Epoch } from './reshare-harness.ts';
import { reshareHarness } from './reshare-harness.ts';

const setup = testSetup();

describe('DKG and resharing with a total weight above 128', () => {
  test('DKG of W = 150 (weights 50, 50, 50, t = 101)', () => {
    const dkg = dkgHarness([50, 50, 50], 101, 'large weight dkg');
    const results = dkg.runToKey(dkg.network('large weight dkg'), [1, 2, 3]);
    const [first] = results.values();
    assert.ok(first !== undefined);
    const key = first.output.publicKey;
    assert.equal(key.access.totalWeight, 150);
    assert.equal(key.verificationKeys.length, 150);
    assert.deepEqual(first.output.qualified, [1, 2, 3]);
    // The share bound carries Δ = 150! (873 bits) on top of the key's randomness bits.
    assert.ok(key.shareBits > key.setup.randomnessBits + key.access.delta.toString(2).length, `a share bound of ${key.shareBits} bits`);
    console.log(`# DKG W = 150 in process: ${(dkg.lastRunMs() / 1000).toFixed(1)} s, shares of ${key.shareBits} bits`);
  });

  test('resharing of a dealt key of W = 150 (weights 50, 50, 50) to W′ = 140 (weights 40, 40, 30, 30, t′ = 94)', () => {
    const dealt = dealThresholdKey(setup, weightedAccessStructure(101, [50, 50, 50]), testRng('large weight dealer'));
    const genesis: Epoch = { key: dealt.publicKey, names: ['alice', 'bob', 'carol'], keyShares: dealt.keyShares };
    // carol stays with less weight, dave joins.
    const newAccess = weightedAccessStructure(94, [40, 40, 30, 30]);
    const reshare = reshareHarness(genesis, newAccess, ['alice', 'bob', 'carol', 'dave'], 'large weight reshare');
    const { next, results } = reshare.runToKey(reshare.network('large weight reshare'), [1, 2, 3, 4]);
    assert.equal(next.key.access.totalWeight, 140);
    assert.equal(next.key.verificationKeys.length, 140);
    assert.deepEqual(
      next.keyShares.map((share) => share?.shares.length),
      [40, 40, 30, 30],
    );
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 2, 3]);
    console.log(`# resharing W = 150 → 140 in process: ${(reshare.lastRunMs() / 1000).toFixed(1)} s`);
  });
});

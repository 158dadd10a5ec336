/**
 * The DKG and the resharing above the old cap of 128 virtual parties (MAX_VIRTUAL_PARTIES is 1024
 * now): a few validators of large weight, so that W > 128 costs minutes in process rather than
 * hours. The harnesses check that every honest party outputs the same key and qualified set, that
 * each share matches its verification key, and that an authorized set decrypts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dkgHarness } from './dkg-harness.ts';
import type { Epoch } from './reshare-harness.ts';
import { reshareHarness } from './reshare-harness.ts';

describe('DKG and resharing with a total weight above 128', () => {
  test('DKG of W = 150 (weights 50, 50, 50, t = 101), then resharing to W′ = 140 (weights 40, 40, 30, 30, t′ = 94)', () => {
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

    const genesis: Epoch = {
      key,
      names: ['alice', 'bob', 'carol'],
      keyShares: [1, 2, 3].map((party) => results.get(party)?.output.keyShare ?? null),
    };
    // carol stays with less weight, dave joins; W′ = 140 > 128.
    const newAccess = weightedAccessStructure(94, [40, 40, 30, 30]);
    const reshare = reshareHarness(genesis, newAccess, ['alice', 'bob', 'carol', 'dave'], 'large weight reshare');
    const { next, results: reshared } = reshare.runToKey(reshare.network('large weight reshare'), [1, 2, 3, 4]);
    assert.equal(next.key.access.totalWeight, 140);
    assert.equal(next.key.verificationKeys.length, 140);
    assert.deepEqual(
      next.keyShares.map((share) => share?.shares.length),
      [40, 40, 30, 30],
    );
    for (const result of reshared.values()) assert.deepEqual(result.output.qualified, [1, 2, 3]);
    console.log(`# resharing W = 150 → 140 in process: ${(reshare.lastRunMs() / 1000).toFixed(1)} s`);
  });
});

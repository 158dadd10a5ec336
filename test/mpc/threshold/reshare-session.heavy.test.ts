/** The slower resharing session cases (the default suite keeps the honest run and the cheaters named by complaint and by the public check). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { ReshareBlameReasons } from '../../../mpc/threshold/reshare/rounds.ts';
import { genesis, newAccess, newNames } from './reshare-fixture.ts';
import { blamed, reshareHarness } from './reshare-harness.ts';

describe('resharing session (4 → 5, 112-bit setup), slower cases', () => {
  test('twice in a row (the second from signed shares): the same pk, and the share bound does not grow', () => {
    const first = reshareHarness(genesis, newAccess, newNames, 'reshare session twice 1');
    const epoch1 = first.runToKey(first.network('reshare twice 1'), [1, 2, 3, 4, 5, 6]).next;
    assert.ok(epoch1.keyShares.some((k) => k?.shares.some((s) => s.expose() < 0n)));
    // The same five validators again, with equal weights now: W' = 5, t' = 4.
    const second = reshareHarness(epoch1, weightedAccessStructure(4, [1, 1, 1, 1, 1]), newNames, 'reshare session twice 2');
    const epoch2 = second.runToKey(second.network('reshare twice 2'), [1, 2, 3, 4, 5]).next;
    const third = reshareHarness(epoch2, weightedAccessStructure(4, [1, 1, 1, 1, 1]), newNames, 'reshare session twice 3');
    const epoch3 = third.runToKey(third.network('reshare twice 3'), [1, 2, 3, 4, 5]).next;
    assert.equal(epoch3.key.shareBits, epoch2.key.shareBits);
  });

  test('a wrong reveal u_v is named by its public check; Z forms from the others', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session bad reveal');
    const cheat = h.rewriteReveal((r) => ({ values: r.values.map((u) => u + 1n) }));
    const { results } = h.runToKey(h.network('reshare bad reveal', new Map([[2, cheat]])), [1, 3, 4, 5, 6]);
    const named = [...results.values()].map(blamed);
    for (const blames of named)
      assert.ok(
        blames.every((b) => b === `2:${ReshareBlameReasons.INVALID_REVEAL}`),
        String(blames),
      );
    assert.ok(
      named.some((b) => b.length === 1),
      'the parties that saw the reveal before their output name bob',
    );
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
  });

  test('restarts from the saved state mid-way, reordering and losses: the reshare completes, one key', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session restarts');
    const net = h.network('reshare restarts', new Map(), { restartRate: 0.15, delayRate: 0.2, dropRate: 0.03 });
    h.runToKey(net, [1, 2, 3, 4, 5, 6]);
    assert.ok(net.stats.restarts > 0);
  });
});

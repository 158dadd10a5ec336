/**
 * A committee change checked against the devnet's manifest (devnet/reconfiguration.ts), without a
 * network: the new committee in the order the chain gets it (remaining members in their committee
 * order, then the new validators), weights and the default threshold, and each wrong change
 * refused with DEVNET_OPTIONS_INVALID naming what is wrong — before anything is started.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { committeeMembers, type ValidatorPlace } from '../../devnet/layout.ts';
import { defaultThreshold, planReconfiguration, type ReconfigurationChange } from '../../devnet/reconfiguration.ts';

/** Four validators of a devnet created before reconfigurations existed (no status, no committee index). */
const fresh = { validators: [0, 1, 2, 3].map((index): ValidatorPlace => ({ index })) };

/** After one reconfiguration: 1 removed, 4 added; the committee is 0, 2, 3, 4. */
const reconfigured = {
  validators: [
    { index: 0, status: 'member', committeeIndex: 0 },
    { index: 1, status: 'removed', committeeIndex: null },
    { index: 2, status: 'member', committeeIndex: 1 },
    { index: 3, status: 'member', committeeIndex: 2, weight: 2 },
    { index: 4, status: 'member', committeeIndex: 3 },
  ] satisfies ValidatorPlace[],
};

describe('devnet reconfiguration plan', () => {
  test('the default threshold is the smallest weight above 2/3', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(defaultThreshold), [1, 2, 3, 3, 4, 5, 5]);
  });

  test('add one, remove validator 1: the remaining members in order, then the new one; threshold 3 of 4', () => {
    const plan = planReconfiguration(fresh, { add: 1, remove: [1] });
    assert.deepEqual(plan.committee, [
      { index: 0, weight: 1, added: false },
      { index: 2, weight: 1, added: false },
      { index: 3, weight: 1, added: false },
      { index: 4, weight: 1, added: true },
    ]);
    assert.deepEqual(plan.removed, [1]);
    assert.equal(plan.totalWeight, 4);
    assert.equal(plan.threshold, 3);
  });

  test('weights of remaining and new members; kept weights; a given threshold', () => {
    const plan = planReconfiguration(reconfigured, { add: 2, weights: { 0: 3, 6: 2 }, threshold: 9 });
    assert.deepEqual(
      plan.committee.map((m) => [m.index, m.weight, m.added]),
      [
        [0, 3, false],
        [2, 1, false],
        [3, 2, false],
        [4, 1, false],
        [5, 1, true],
        [6, 2, true],
      ],
    );
    assert.equal(plan.totalWeight, 10);
    assert.equal(plan.threshold, 9);
  });

  test('the members of a reconfigured manifest are in committee order, the removed left out', () => {
    assert.deepEqual(
      committeeMembers(reconfigured).map((v) => v.index),
      [0, 2, 3, 4],
    );
    const shuffled = { validators: [...reconfigured.validators].reverse() };
    assert.deepEqual(
      committeeMembers(shuffled).map((v) => v.index),
      [0, 2, 3, 4],
    );
  });

  const refused: [string, typeof fresh, ReconfigurationChange, RegExp][] = [
    ['removing everyone', fresh, { remove: [0, 1, 2, 3] }, /^remove: the change removes every validator and adds none/],
    ['an unknown index', fresh, { remove: [4] }, /^remove: no validator 4 \(the devnet's validators are numbered 0 to 3\)/],
    ['a negative index', fresh, { remove: [-1] }, /^remove: no validator -1/],
    ['an index twice', fresh, { remove: [2, 2] }, /^remove: validator 2 is named twice/],
    ['a validator removed already', reconfigured, { remove: [1] }, /^remove: validator 1 is not in the committee \(removed already\)/],
    ['a negative count of new validators', fresh, { add: -1 }, /^add: 0 to 64 validators/],
    ['too many validators', fresh, { add: 61 }, /^add: the new committee would have 65 members; at most 64/],
    [
      'a weight of a removed validator',
      reconfigured,
      { weights: { 1: 2 } },
      /^weights: validator 1 is not in the new committee \(its members: 0, 2, 3, 4\)/,
    ],
    [
      'a weight of a validator not added',
      fresh,
      { add: 1, weights: { 5: 2 } },
      /^weights: validator 5 is not in the new committee .*or 4 for the added ones/,
    ],
    ['a weight of 0', fresh, { weights: { 0: 0 } }, /^weights: validator 0's weight must be a whole number from 1 to 1000000/],
    ['a fractional weight', fresh, { weights: { 0: 1.5 } }, /^weights: validator 0's weight must be a whole number/],
    [
      'a total weight above the largest a committee may have',
      fresh,
      { weights: { 0: 1000, 1: 23 } },
      /^weights: the new total weight 1025 is above the largest a committee may have, 1024/,
    ],
    [
      'a threshold of 2/3 exactly',
      fresh,
      { add: 2, threshold: 4 },
      /^threshold: 4 is out of range: it must be above 2\/3 of the new total weight 6 and at most 6 \(5 to 6\)/,
    ],
    ['a threshold above the total', fresh, { threshold: 5 }, /^threshold: 5 is out of range/],
  ];
  for (const [name, manifest, change, message] of refused) {
    test(`refused: ${name}`, () => {
      assert.throws(
        () => planReconfiguration(manifest, change),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'DEVNET_OPTIONS_INVALID');
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

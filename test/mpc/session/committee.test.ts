import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCommittee, isAuthorized, setWeight, uniformCommittee } from '../../../mpc/session/committee.ts';
import { SessionError, SessionErrorCodes } from '../../../mpc/session/errors.ts';
import { ProposerSchedule, proposerOrder } from '../../../mpc/session/proposer.ts';
import { sessionIdOf } from './fixtures.ts';

test('committees: weights, threshold and the tolerated faulty weight', () => {
  const four = uniformCommittee(4, 3);
  assert.equal(four.totalWeight, 4);
  assert.equal(four.faultTolerance, 1);
  const weighted = createCommittee([4, 1, 1, 2, 1, 3, 2], 10);
  assert.equal(weighted.faultTolerance, 4);
  assert.equal(createCommittee([1, 1, 1, 1], 4).faultTolerance, 0);
  assert.equal(uniformCommittee(100, 67).faultTolerance, 33);
  assert.equal(setWeight(weighted, [1, 1, 6]), 7);
  assert.ok(isAuthorized(weighted, [1, 6, 7, 4]) && !isAuthorized(weighted, [1, 6, 7]));
  assert.notDeepEqual(four.fingerprint, createCommittee([1, 1, 1, 1], 4).fingerprint);
  for (const [weights, threshold] of [
    [[], 1],
    [[1, 0], 1],
    [[1, 1.5], 2],
    [[1, 1, 1, 1], 2],
    [[1, 1, 1, 1], 5],
  ] as const) {
    assert.throws(
      () => createCommittee(weights as readonly number[], threshold),
      (e: unknown) => e instanceof SessionError && e.code === SessionErrorCodes.SESSION_INVALID_COMMITTEE,
    );
  }
});

test('proposers: one deterministic order per session and round, every party once per n attempts, heavier parties earlier', () => {
  const committee = createCommittee([8, 1, 1, 1, 1], 9);
  const a = proposerOrder(committee, sessionIdOf('a'), 1);
  assert.deepEqual(a, proposerOrder(committee, sessionIdOf('a'), 1));
  assert.deepEqual([...a].sort(), [1, 2, 3, 4, 5]);
  const schedule = new ProposerSchedule(committee, sessionIdOf('a'), 1);
  for (let i = 0; i < 10; i++) assert.equal(schedule.proposer(i), a[i % 5]);
  let otherOrders = 0;
  let heavyFirst = 0;
  for (let s = 0; s < 200; s++) {
    const order = proposerOrder(committee, sessionIdOf(`s${s}`), 1);
    if (order.join() !== proposerOrder(committee, sessionIdOf(`s${s}`), 2).join()) otherOrders += 1;
    if (order[0] === 1) heavyFirst += 1;
  }
  assert.ok(otherOrders > 150, 'the round does not change the order');
  // Party 1 holds 8/12 of the weight: it leads attempt 0 about two times in three.
  assert.ok(heavyFirst > 110 && heavyFirst < 160, `party 1 led first ${heavyFirst} times of 200`);
});

/**
 * IdleWork (client/idle-work.ts): steps run one per turn of the event loop, `finish` runs the rest
 * at once, and a step's error reaches whoever finishes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdleWork } from '../../client/idle-work.ts';

function* counting(steps: number, log: number[]): Generator<void, string, void> {
  for (let i = 0; i < steps; i++) {
    log.push(i);
    yield;
  }
  return `done after ${steps}`;
}

test('the steps run in idle time, one per turn, and end by themselves', async () => {
  const log: number[] = [];
  const work = IdleWork.start(counting(5, log));
  assert.deepEqual(log, [], 'nothing runs before the current turn ends');
  await sleep(1);
  assert.ok((log.length >= 1 && log.length < 5) || work.settled, `after one timer turn: ${log}`);
  while (!work.settled) await sleep(1);
  assert.deepEqual(log, [0, 1, 2, 3, 4]);
  assert.equal(work.finish(), 'done after 5');
});

test('finish runs the steps still left at once, each once, and returns the result', () => {
  const log: number[] = [];
  const work = IdleWork.start(counting(1000, log));
  assert.equal(work.finish(), 'done after 1000');
  assert.equal(log.length, 1000);
  assert.equal(work.finish(), 'done after 1000', 'a second finish returns the same result');
  assert.equal(log.length, 1000, 'and runs nothing again');
});

test('a step that throws: the work settles and finish throws that error', async () => {
  function* failing(): Generator<void, number, void> {
    yield;
    throw new RangeError('step 2 failed');
  }
  const work = IdleWork.start(failing());
  while (!work.settled) await sleep(1);
  assert.throws(() => work.finish(), { name: 'RangeError', message: 'step 2 failed' });
  assert.throws(() => work.finish(), { name: 'RangeError', message: 'step 2 failed' });
});

/**
 * The loop of a service that works in turns: it sleeps its interval or the step's own delay, wakes
 * on kick, backs off after failures and returns to its pace after a success, stops on abort, and
 * leaves no listener on its signal.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, test } from 'node:test';
import { WakeableLoop } from '../../runtime/wakeable-loop.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(2);
  }
}

/** A loop whose turns must not fail. */
function loopOf(step: () => Promise<number | undefined> | Promise<void>, intervalMs: number): WakeableLoop {
  return new WakeableLoop({ step, intervalMs, onError: (error) => assert.fail(String(error)) });
}

describe('WakeableLoop', () => {
  test('sleeps its interval between turns, wakes on kick, and stops on abort leaving no listener', async () => {
    const controller = new AbortController();
    let turns = 0;
    const loop = loopOf(async () => {
      turns++;
    }, 60_000);
    const running = loop.run(controller.signal);
    await until(() => turns === 1, 'the first turn');
    await tick(30);
    assert.equal(turns, 1, 'no second turn before the interval');
    loop.kick();
    await until(() => turns === 2, 'the turn a kick starts');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1, 'one listener while sleeping');
    controller.abort();
    await running;
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    assert.equal(turns, 2);
  });

  test('a kick during a turn is followed by another turn at once', async () => {
    const controller = new AbortController();
    let turns = 0;
    const loop = loopOf(async () => {
      turns++;
      if (turns === 1) loop.kick();
    }, 60_000);
    const running = loop.run(controller.signal);
    await until(() => turns === 2, 'the turn after the news');
    controller.abort();
    await running;
  });

  test('the delay a step returns replaces the interval; 0 runs the next turn without sleeping', async () => {
    const controller = new AbortController();
    const delays = [0, 0, 60_000];
    let turns = 0;
    const loop = loopOf(async () => delays[turns++], 1);
    const running = loop.run(controller.signal);
    await until(() => turns === 3, 'three turns');
    await tick(30);
    assert.equal(turns, 3, 'the step asked for a long sleep');
    controller.abort();
    await running;
  });

  test('failed turns are reported and backed off, doubling up to the cap; a success restores the pace', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const errors: unknown[] = [];
    const outcomes = ['fail', 'fail', 'fail', 'fail', 'ok', 'fail', 'ok'];
    const loop = new WakeableLoop({
      step: async () => {
        started.push(Date.now());
        if (outcomes[started.length - 1] === 'fail') throw new Error(`turn ${started.length}`);
        return started.length === outcomes.length ? 60_000 : undefined;
      },
      intervalMs: 5,
      retryMs: 100,
      maxRetryMs: 250,
      onError: (error) => errors.push(error),
    });
    const running = loop.run(controller.signal);
    await until(() => started.length === outcomes.length, 'every turn');
    controller.abort();
    await running;
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['turn 1', 'turn 2', 'turn 3', 'turn 4', 'turn 6'],
    );
    const gaps = started.slice(1).map((at, i) => at - (started[i] as number));
    const shown = gaps.join(', ');
    // After failures in a row: 100, 200, 250 (capped), 250; after the success: the interval; after a new failure: 100 again.
    for (const [i, want] of [100, 200, 250, 250, 5, 100].entries()) assert.ok((gaps[i] as number) >= want - 2, `gap ${i}: ${shown}`);
    assert.ok((gaps[2] as number) < 400 && (gaps[3] as number) < 400, `capped at 250 ms, not doubled to 400: ${shown}`);
    assert.ok((gaps[4] as number) < 100, `a success restores the interval: ${shown}`);
    assert.ok((gaps[5] as number) < 250, `a new failure starts again at retryMs: ${shown}`);
  });

  test('a signal aborted before the start runs no turn', async () => {
    const controller = new AbortController();
    controller.abort();
    let turns = 0;
    await new WakeableLoop({
      step: async () => {
        turns++;
      },
      intervalMs: 1,
      onError: () => {},
    }).run(controller.signal);
    assert.equal(turns, 0);
  });
});

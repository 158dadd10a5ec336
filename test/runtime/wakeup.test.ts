/**
 * The wait between turns of a service loop: it ends on time, on news and on abort, and leaves no
 * listener on the loop's signal however it ends.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, test } from 'node:test';
import { Wakeup } from '../../runtime/wakeup.ts';

describe('Wakeup', () => {
  test('ends after its period, on kick, and on abort, leaving no abort listener behind', async () => {
    const controller = new AbortController();
    const wakeup = new Wakeup();
    for (let turn = 0; turn < 200; turn++) {
      wakeup.clear();
      const wait = wakeup.wait(turn % 2 === 0 ? 1 : 60_000, controller.signal);
      assert.equal(getEventListeners(controller.signal, 'abort').length, 1, 'one listener while waiting');
      if (turn % 2 === 1) wakeup.kick();
      await wait;
      assert.equal(getEventListeners(controller.signal, 'abort').length, 0, `no listener left after turn ${turn}`);
    }
    const long = wakeup.wait(60_000, controller.signal);
    controller.abort();
    await long;
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  test('news that came during a turn makes the next wait end at once; clear forgets it', async () => {
    const controller = new AbortController();
    const wakeup = new Wakeup();
    wakeup.kick();
    const started = Date.now();
    await wakeup.wait(60_000, controller.signal);
    assert.ok(Date.now() - started < 1000);
    wakeup.clear();
    let ended = false;
    const wait = wakeup.wait(60_000, controller.signal).then(() => {
      ended = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(ended, false, 'cleared news does not end the wait');
    wakeup.kick();
    await wait;
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});

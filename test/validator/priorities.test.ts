/**
 * The order of session work, derived from the work each request kind takes: result-batch
 * agreements first, then verifications and the inputs of sign sessions, then sign starts, then
 * presigns (inputs before starts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REQUEST_KINDS, SESSION_KINDS } from '../../chain/schemas/requests.ts';
import { PRIORITIES, priorityOf } from '../../validator/engine/priorities.ts';

describe('session priorities', () => {
  test('follow the work of each request kind', () => {
    assert.equal(priorityOf('batch/7', 'start'), 0);
    assert.equal(priorityOf('batch/7', 'input'), 0);
    for (const kind of ['dkg', 'imported-key', 'future-sign'] as const) {
      assert.equal(REQUEST_KINDS[kind].work, 'verification');
      assert.equal(priorityOf(kind, 'start'), 1, kind);
      assert.equal(priorityOf(kind, 'input'), 1, kind);
    }
    assert.equal(priorityOf('sign', 'input'), 1);
    assert.equal(priorityOf('sign', 'start'), 2);
    assert.equal(priorityOf('presign', 'input'), 3);
    assert.equal(priorityOf('presign', 'start'), 4);
  });

  test('every kind of the table has a lane of the queue', () => {
    for (const kind of SESSION_KINDS) {
      for (const action of ['start', 'input'] as const) {
        const priority = priorityOf(kind, action);
        assert.ok(Number.isInteger(priority) && priority > 0 && priority < PRIORITIES, `${kind} ${action}: ${priority}`);
      }
    }
  });
});

/**
 * The split of request sessions between the two session workers follows the work of each request
 * kind: presigns alone in theirs, every other kind in the signing worker; every protocol a request
 * session runs belongs to a kind one of them runs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REQUEST_KINDS, SESSION_KINDS } from '../../chain/schemas/requests.ts';
import { REQUEST_KIND_OF_PROTOCOL } from '../../validator/engine/plan.ts';
import { SESSION_WORKERS } from '../../validator/engine/session-workers.ts';

describe('session workers', () => {
  test('each request kind runs in exactly one worker; presigns in a worker of their own', () => {
    const runs = SESSION_WORKERS.flatMap(({ kinds }) => kinds);
    assert.deepEqual([...runs].sort(), [...SESSION_KINDS].sort());
    const presigning = SESSION_WORKERS.find(({ name }) => name === 'presigning');
    assert.deepEqual(presigning?.kinds, ['presign']);
    for (const { name, kinds } of SESSION_WORKERS) {
      if (name === 'presigning') continue;
      for (const kind of kinds) assert.notEqual(REQUEST_KINDS[kind].work, 'presign', `${kind} in ${name}`);
    }
  });

  test('every request protocol maps to a kind a worker runs', () => {
    const runs = new Set(SESSION_WORKERS.flatMap(({ kinds }) => kinds));
    for (const [protocol, kind] of Object.entries(REQUEST_KIND_OF_PROTOCOL)) assert.ok(runs.has(kind), `${protocol} → ${kind}`);
    assert.deepEqual(new Set(Object.values(REQUEST_KIND_OF_PROTOCOL)), new Set(SESSION_KINDS), 'every kind has a protocol');
  });
});

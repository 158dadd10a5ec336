/**
 * The split of request sessions between the session workers follows the work of each request
 * kind: presigns alone in theirs, the network's own sessions (DKG, resharing) in theirs, the
 * sessions users wait for in the signing worker; every protocol a request session runs belongs to a
 * kind one of them runs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REQUEST_KINDS, SESSION_KINDS } from '../../chain/schemas/requests.ts';
import { REQUEST_KIND_OF_PROTOCOL } from '../../validator/engine/plan.ts';
import { SESSION_WORKERS } from '../../validator/engine/session-workers.ts';

describe('session workers', () => {
  test('each request kind runs in exactly one worker; presigns, and the network sessions, in workers of their own', () => {
    const runs = SESSION_WORKERS.flatMap(({ kinds }) => kinds);
    assert.deepEqual([...runs].sort(), [...SESSION_KINDS].sort());
    const kindsOf = (worker: string) => SESSION_WORKERS.find(({ name }) => name === worker)?.kinds;
    assert.deepEqual(kindsOf('presigning'), ['presign']);
    assert.deepEqual(kindsOf('network'), ['network-key-dkg', 'reconfiguration']);
    for (const kind of kindsOf('signing') ?? []) assert.ok(['verification', 'sign'].includes(REQUEST_KINDS[kind].work), kind);
  });

  test('every request protocol maps to a kind a worker runs', () => {
    const runs = new Set(SESSION_WORKERS.flatMap(({ kinds }) => kinds));
    for (const [protocol, kind] of Object.entries(REQUEST_KIND_OF_PROTOCOL)) assert.ok(runs.has(kind), `${protocol} → ${kind}`);
    assert.deepEqual(new Set(Object.values(REQUEST_KIND_OF_PROTOCOL)), new Set(SESSION_KINDS), 'every kind has a protocol');
  });
});

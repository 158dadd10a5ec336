/**
 * The split of request sessions between the session workers follows the work of each request
 * kind: presigns alone in theirs, the network's own sessions (DKG, resharing) in theirs, the
 * sessions users wait for in the signing worker; every protocol a request session runs belongs to a
 * kind one of them runs. A worker that does not report ready in time is ended and started once
 * more, then the start fails with its code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REQUEST_KINDS, SESSION_KINDS } from '../../chain/schemas/requests.ts';
import { createLogger } from '../../runtime/log.ts';
import { REQUEST_KIND_OF_PROTOCOL } from '../../validator/engine/plan.ts';
import { RequestSessions } from '../../validator/engine/request-sessions.ts';
import { SESSION_WORKERS } from '../../validator/engine/session-workers.ts';
import type { WorkerSetup } from '../../validator/engine/worker-messages.ts';
import { ValidatorErrorCodes } from '../../validator/errors.ts';
import { ValidatorMetrics } from '../../validator/metrics.ts';

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

  test('a worker not ready in time is started once more, then the start fails with VALIDATOR_WORKER_NOT_READY', async () => {
    const lines: string[] = [];
    const handlers = {
      metrics: new ValidatorMetrics(),
      logger: createLogger('validator', { level: 'warn', sink: (line) => lines.push(line) }),
      onSent: () => {},
      onEnded: () => {},
      onFatal: (reason: string) => assert.fail(`no worker was ready, so none can fail later: ${reason}`),
    };
    // No worker loads its code in 1 ms; the setup is never read.
    const setup = { name: 'signing', kinds: ['sign'] } as unknown as WorkerSetup;
    await assert.rejects(RequestSessions.start(setup, handlers, 1), (error: Error & { code?: string; details?: object }) => {
      assert.equal(error.code, ValidatorErrorCodes.VALIDATOR_WORKER_NOT_READY);
      assert.match(error.message, /session worker signing was not ready after 1 ms/);
      assert.deepEqual(error.details, { worker: 'signing', readyTimeoutMs: 1 });
      return true;
    });
    const retries = lines.map((line) => JSON.parse(line) as { level: string; msg: string; worker: string });
    assert.deepEqual(
      retries.map(({ level, msg, worker }) => ({ level, msg, worker })),
      [{ level: 'warn', msg: 'a session worker was not ready in time; starting it again', worker: 'signing' }],
    );
  });
});

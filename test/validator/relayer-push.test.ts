/**
 * The validator's relayer push loop over many idle turns: the process-lifetime signal it runs
 * under keeps at most one abort listener (each turn's wait removes its own), and no
 * MaxListenersExceededWarning is raised.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createLogger } from '../../runtime/log.ts';
import { RelayerPush } from '../../validator/batches/relayer-push.ts';
import { ValidatorMetrics } from '../../validator/metrics.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import { abortListenersOver } from '../support/listeners.ts';
import { tempDir } from './support.ts';

const dir = tempDir('relayer-push');
after(() => rmSync(dir, { recursive: true, force: true }));

test('500 idle turns of the relayer push loop leave at most one abort listener', async () => {
  const store = ValidatorStore.open(join(dir, 'validator.sqlite'));
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  let turns = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'pendingBatches') {
        return () => {
          turns++;
          return target.pendingBatches();
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const push = new RelayerPush({
    store: counted,
    relayers: ['http://127.0.0.1:9'],
    signer: () => 0,
    metrics: new ValidatorMetrics(),
    logger: createLogger('validator', { level: 'error' }),
    intervalMs: 1,
    timeoutMs: 1000,
  });
  let listeners: { most: number; after: number };
  try {
    listeners = await abortListenersOver(
      (signal) => push.run(signal),
      () => turns >= 500,
    );
  } finally {
    process.off('warning', onWarning);
    store.close();
  }
  assert.ok(listeners.most <= 1, `${listeners.most} abort listeners at once`);
  assert.equal(listeners.after, 0);
  assert.deepEqual(
    warnings.filter((w) => w.name === 'MaxListenersExceededWarning'),
    [],
  );
});

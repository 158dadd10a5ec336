/**
 * The validator's store under its real concurrency: the main thread and the session workers each
 * hold a connection to one SQLite file and write it at the same time. Every transaction must
 * commit — waiting its turn, never failing with SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT (which a
 * deferred transaction that reads before it writes gets at once under contention, and which
 * showed as retries in validator logs).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startTypeScriptWorker } from '../../runtime/typescript-worker.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import { tempDir } from './support.ts';

const dir = tempDir('validator-store');
after(() => rmSync(dir, { recursive: true, force: true }));

interface WriterReport {
  readonly worker: number;
  readonly committed: number;
  readonly failures: Record<string, number>;
}

test('three connections writing one store at once: every transaction commits, none fails busy', async () => {
  const path = join(dir, 'validator.sqlite');
  ValidatorStore.open(path).close();
  const entry = new URL('./store-writer.ts', import.meta.url);
  const reports = await Promise.all(
    [0, 1, 2].map(async (worker) => {
      const thread = (await startTypeScriptWorker(entry, { path, worker, durationMs: 1_500 })).worker;
      return new Promise<WriterReport>((resolve, reject) => {
        thread.once('message', resolve);
        thread.once('error', reject);
      });
    }),
  );
  for (const report of reports) {
    assert.deepEqual(report.failures, {}, `worker ${report.worker} had transactions fail`);
    assert.ok(report.committed > 0, `worker ${report.worker} committed nothing`);
  }
  const store = ValidatorStore.open(path);
  try {
    const total = reports.reduce((sum, r) => sum + r.committed, 0);
    assert.equal(store.outboxSize(), total, 'every committed step left its envelope');
  } finally {
    store.close();
  }
});

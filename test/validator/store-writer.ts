/**
 * A worker thread for store.test.ts: opens the validator's store on a shared file, as a session
 * worker does, and runs session-step-shaped transactions (read, then write) for a while; reports
 * how many committed and the codes of those that failed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ValidatorStore } from '../../validator/store/database.ts';

const { path, worker, durationMs } = workerData as { path: string; worker: number; durationMs: number };
const store = ValidatorStore.open(path);
const failures: Record<string, number> = {};
let committed = 0;
const end = Date.now() + durationMs;
for (let step = 0; Date.now() < end; step++) {
  const id = `worker-${worker}-session-${step % 20}`;
  try {
    store.transaction(() => {
      store.session(id);
      store.insertSession(id, 'sign', 1n, Date.now());
      store.saveState(id, new Uint8Array(4_000).fill(step % 256), 'running', undefined, Date.now());
      store.addOutbox([{ mpcSessionId: id, recipient: 1, envelope: new Uint8Array(1_000) }], Date.now());
    });
    committed += 1;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    failures[code] = (failures[code] ?? 0) + 1;
  }
}
store.close();
parentPort?.postMessage({ worker, committed, failures });

// Entry of every TypeScript worker thread (typescript-worker.ts): loads the worker's module, either a
// bundle built for it (source maps on, so stack traces name the TypeScript files) or the TypeScript
// entry itself through tsx's loader registered in this thread (Node 20 gives workers no hooks).
import { workerData } from 'node:worker_threads';

const entry = workerData.__typescriptWorkerEntry;
if (workerData.__typescriptWorkerLoading === 'loader') {
  const { register } = await import('tsx/esm/api');
  register();
} else {
  process.setSourceMapsEnabled(true);
}
await import(entry);

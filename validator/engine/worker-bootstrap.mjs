// Entry of the validator's session worker thread: worker threads do not inherit the TypeScript
// loader of the main thread on Node 20, so register it here, then load the worker itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

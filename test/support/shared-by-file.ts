/**
 * Something costly to start — a devnet: its processes, the network key's DKG, the presign pools
 * filling — shared by the suites of one test file (Node's test runner runs each file in a process
 * of its own, so a file is the widest it can be shared): started before the file's first test,
 * stopped after its last. The answer reads it once started, in a suite's hooks and tests, not
 * while the suites are being defined.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

export function sharedByFile<T extends { stop(): Promise<void> }>(what: string, start: () => Promise<T>): () => T {
  let started: T | undefined;
  before(async () => {
    started = await start();
  });
  after(() => started?.stop());
  return () => started ?? assert.fail(`${what} has not started`);
}

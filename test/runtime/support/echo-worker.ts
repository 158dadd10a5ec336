/**
 * A TypeScript worker for test/runtime/typescript-worker.test.ts: answers with its workerData, its
 * own and its helper's import.meta.url, a package import's result, its Node options, and, asked to, a
 * thrown error's stack.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bytesToHex } from '@noble/hashes/utils.js';
import { helperUrl } from './echo-helper.ts';

interface EchoRequest {
  readonly throw?: boolean;
}

function failHere(): never {
  throw new Error('asked to fail');
}

parentPort?.on('message', (request: EchoRequest) => {
  if (request.throw === true) {
    try {
      failHere();
    } catch (error) {
      parentPort?.postMessage({ stack: (error as Error).stack });
    }
    return;
  }
  parentPort?.postMessage({
    data: workerData.data,
    ownUrl: import.meta.url,
    helperUrl,
    hex: bytesToHex(new Uint8Array([1, 254])),
    execArgv: process.execArgv,
  });
});

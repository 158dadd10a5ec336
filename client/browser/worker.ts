/**
 * The worker entry (bundle: dist/browser/dwallet-worker.js, started by the page as a module
 * Worker): serves one DWalletClient to the page that started it (worker-host.ts). It logs nothing
 * itself — progress lines go to the page as messages, and errors go back to the call that caused
 * them — so no secret (a passphrase, a share) can reach a console from here.
 * @module
 */
import type { MessageEndpoint } from './protocol.ts';
import { WorkerHost } from './worker-host.ts';

// In a dedicated worker the global scope is the page's endpoint (postMessage / 'message' events).
new WorkerHost(globalThis as unknown as MessageEndpoint);

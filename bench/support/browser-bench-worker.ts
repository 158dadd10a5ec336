/**
 * The entry of the module Web Worker bench/browser.ts bundles for Chromium: on a message
 * `{ curve, iterations }` it times the user's steps (user-steps.ts, the code Node times) and posts
 * back a {@link UserStepsReply}. A worker, as the browser SDK runs its class-group work in one
 * (client/browser/worker.ts): the same thread kind, with no page rendering beside it.
 * @module
 */
import { isEcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { timeUserSteps, type UserStepsReply } from './user-steps.ts';

/** The worker's global scope as this entry uses it (the project compiles without the DOM library). */
interface WorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: UserStepsReply): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  let reply: UserStepsReply;
  try {
    const request = event.data as { curve?: unknown; iterations?: unknown } | null;
    const curve = request?.curve;
    const iterations = request?.iterations;
    if (typeof curve !== 'string' || !isEcdsaCurveName(curve)) throw new Error(`curve must be an ECDSA curve name, got ${String(curve)}`);
    if (typeof iterations !== 'number') throw new Error('iterations must be a number');
    reply = { ok: true, times: timeUserSteps({ curve, iterations }) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  scope.postMessage(reply);
};

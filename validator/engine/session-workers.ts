/**
 * The validator's session workers (worker.ts), seen from the main thread as one: the sessions a
 * user waits for (verifications, signatures) in the "signing" worker; presigns, made ahead of
 * demand, in a worker of their own, so a presign never delays a signature; and the network's own
 * sessions (network-key DKG, resharing at an epoch change: rare, seconds of CPU per step in large
 * committees) in a third, so they delay neither. The split follows the work of each request kind
 * (chain/schemas/requests.ts). Sessions go to the worker of their kind (as the store records it),
 * envelopes to the worker of their protocol's kind.
 * @module
 */

import type { CommitteeValue } from '../../chain/schemas/objects.ts';
import { REQUEST_KINDS, SESSION_KINDS, type SessionKind } from '../../chain/schemas/requests.ts';
import type { ValidatorStore } from '../store/database.ts';
import type { EnvelopeReceiver, SessionRunner } from '../types.ts';
import { REQUEST_KIND_OF_PROTOCOL } from './plan.ts';
import { RequestSessions, type RequestSessionsHandlers } from './request-sessions.ts';
import type { WorkerSetup } from './worker-messages.ts';

/** Each worker's name and the kinds it runs. */
export const SESSION_WORKERS: readonly { readonly name: string; readonly kinds: readonly SessionKind[] }[] = [
  {
    name: 'signing',
    kinds: SESSION_KINDS.filter((kind) => REQUEST_KINDS[kind].work === 'verification' || REQUEST_KINDS[kind].work === 'sign'),
  },
  { name: 'presigning', kinds: SESSION_KINDS.filter((kind) => REQUEST_KINDS[kind].work === 'presign') },
  { name: 'network', kinds: SESSION_KINDS.filter((kind) => REQUEST_KINDS[kind].work === 'network') },
];

export class SessionWorkers implements SessionRunner {
  readonly #byKind: ReadonlyMap<string, RequestSessions>;

  private constructor(
    private readonly store: ValidatorStore,
    chosen: typeof SESSION_WORKERS,
    private readonly workers: readonly RequestSessions[],
  ) {
    this.#byKind = new Map(chosen.flatMap(({ kinds }, i) => kinds.map((kind) => [kind, workers[i] as RequestSessions])));
  }

  /** Starts the workers (`only`: those named, e.g. the network worker of a joining validator); resolves once all are ready. */
  static async start(
    store: ValidatorStore,
    setup: Omit<WorkerSetup, 'name' | 'kinds'>,
    handlers: RequestSessionsHandlers,
    only?: readonly string[],
  ): Promise<SessionWorkers> {
    const chosen = SESSION_WORKERS.filter(({ name }) => only === undefined || only.includes(name));
    const workers = await Promise.all(chosen.map(({ name, kinds }) => RequestSessions.start({ ...setup, name, kinds }, handlers)));
    return new SessionWorkers(store, chosen, workers);
  }

  #workerOf(mpcSessionId: string): RequestSessions | undefined {
    const kind = this.store.session(mpcSessionId)?.kind;
    return kind === undefined ? undefined : this.#byKind.get(kind);
  }

  start(mpcSessionId: string): void {
    this.#workerOf(mpcSessionId)?.start(mpcSessionId);
  }

  close(mpcSessionId: string): void {
    this.#workerOf(mpcSessionId)?.close(mpcSessionId);
  }

  /** Fires `timer` of the request session now, if it is live and the timer armed. */
  nudge(mpcSessionId: string, timer: string): void {
    this.#workerOf(mpcSessionId)?.nudge(mpcSessionId, timer);
  }

  /** The worker that runs the sessions of `protocol`, if a request session runs it. */
  forward(protocol: string): EnvelopeReceiver | undefined {
    const kind = REQUEST_KIND_OF_PROTOCOL[protocol];
    return kind === undefined ? undefined : this.#byKind.get(kind);
  }

  /** The committee of a new epoch. */
  committee(epoch: bigint, committee: CommitteeValue): void {
    for (const worker of this.workers) worker.committee(epoch, committee);
  }

  /** Lets each worker finish its running step, then ends it. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}

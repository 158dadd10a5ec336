/**
 * The main thread's handle on the session worker (worker.ts): starts it, passes it sessions to
 * start or close and envelopes to check and store (answering the peer once the worker has), and
 * applies what it reports — envelopes to send, sessions ended, metric updates. A worker that fails
 * or exits unexpectedly is fatal: a validator without its sessions cannot take part.
 * @module
 */
import type { Worker } from 'node:worker_threads';
import type { CommitteeValue } from '../../chain/schemas/objects.ts';
import type { Logger } from '../../runtime/log.ts';
import { startTypeScriptWorker } from '../../runtime/typescript-worker.ts';
import { PeerInputError, ValidatorError, type ValidatorErrorCode, ValidatorErrorCodes } from '../errors.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { Acceptance, EnvelopeReceiver } from '../types.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.ts';

export interface RequestSessionsHandlers {
  readonly metrics: ValidatorMetrics;
  readonly logger: Logger;
  readonly onSent: (recipients: readonly number[]) => void;
  readonly onEnded: (id: string, kind: string) => void;
  readonly onFatal: (reason: string) => void;
}

const METRIC_METHODS = new Set(['inc', 'dec', 'set', 'observe']);

/** How long a session worker may take to load and report ready (see {@link RequestSessions.start}). */
export const WORKER_READY_TIMEOUT_MS = 45_000;

export class RequestSessions implements EnvelopeReceiver {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (status: Acceptance) => void; reject: (error: Error) => void }>();
  #next = 0;
  #stopping = false;
  #stopped: (() => void) | undefined;

  private constructor(
    worker: Worker,
    private readonly handlers: RequestSessionsHandlers,
  ) {
    this.#worker = worker;
  }

  /**
   * Starts the worker and resolves once it reports ready. A worker that is not ready within
   * `readyTimeoutMs` is ended and started once more: its thread loads the whole protocol code
   * (a quarter of a second on an idle core, from the bundle runtime/typescript-worker.ts builds;
   * seconds when a devnet's validators all start at once on two cores), and a start once stalled
   * for good on a loaded machine with nothing logged (through tsx's loader, before the bundle).
   */
  static async start(
    setup: WorkerSetup,
    handlers: RequestSessionsHandlers,
    readyTimeoutMs = WORKER_READY_TIMEOUT_MS,
  ): Promise<RequestSessions> {
    try {
      return await RequestSessions.#startOnce(setup, handlers, readyTimeoutMs);
    } catch (error) {
      if (!(error instanceof ValidatorError && error.code === ValidatorErrorCodes.VALIDATOR_WORKER_NOT_READY)) throw error;
      handlers.logger.warn('a session worker was not ready in time; starting it again', { worker: setup.name, readyTimeoutMs });
      return RequestSessions.#startOnce(setup, handlers, readyTimeoutMs);
    }
  }

  static async #startOnce(setup: WorkerSetup, handlers: RequestSessionsHandlers, readyTimeoutMs: number): Promise<RequestSessions> {
    const startedAt = performance.now();
    const { worker, loading } = await startTypeScriptWorker(
      new URL('./worker.ts', import.meta.url),
      { setup },
      { onFallback: (reason) => handlers.logger.warn('session worker loaded without a bundle', { worker: setup.name, reason }) },
    );
    const sessions = new RequestSessions(worker, handlers);
    return new Promise((resolve, reject) => {
      let ready = false;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        void worker.terminate();
        reject(
          new ValidatorError(
            ValidatorErrorCodes.VALIDATOR_WORKER_NOT_READY,
            `session worker ${setup.name} was not ready after ${readyTimeoutMs} ms`,
            { worker: setup.name, readyTimeoutMs },
          ),
        );
      }, readyTimeoutMs);
      worker.on('message', (message: FromWorker) => {
        if (timedOut) return;
        if (message.type === 'ready') {
          ready = true;
          clearTimeout(timer);
          handlers.logger.info('session worker ready', {
            worker: setup.name,
            loading,
            readyMs: Math.round(performance.now() - startedAt),
          });
          resolve(sessions);
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          if (!ready) reject(new Error(`session worker: ${message.message}`));
          else handlers.onFatal(message.message);
        } else {
          sessions.#handle(message);
        }
      });
      worker.on('error', (error) => {
        if (timedOut) return;
        clearTimeout(timer);
        if (!ready) reject(error);
        else handlers.onFatal(`session worker error: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (timedOut) return;
        clearTimeout(timer);
        if (!ready) reject(new Error(`session worker exited with ${code}`));
        else if (!sessions.#stopping) handlers.onFatal(`session worker exited with ${code}`);
        sessions.#stopped?.();
      });
    });
  }

  #post(message: ToWorker): void {
    if (!this.#stopping) this.#worker.postMessage(message);
  }

  start(id: string): void {
    this.#post({ type: 'start', id });
  }

  close(id: string): void {
    this.#post({ type: 'close', id });
  }

  nudge(id: string, timer: string): void {
    this.#post({ type: 'nudge', id, timer });
  }

  committee(epoch: bigint, committee: CommitteeValue): void {
    this.#post({ type: 'committee', epoch, committee });
  }

  /** Hands an envelope the main thread authenticated to the worker; resolves with its acceptance, rejects with its refusal. */
  receive(envelope: Uint8Array): Promise<Acceptance> {
    const request = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(request, { resolve, reject });
      this.#post({ type: 'receive', request, envelope });
    });
  }

  /** Lets the running step finish, then ends the worker. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    const exited = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
    this.#worker.postMessage({ type: 'stop' } satisfies ToWorker);
    this.#stopping = true;
    const timer = setTimeout(() => void this.#worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
    for (const { reject } of this.#pending.values()) reject(new Error('the validator is stopping'));
  }

  #handle(message: FromWorker): void {
    switch (message.type) {
      case 'answer': {
        this.#pending.get(message.request)?.resolve(message.status);
        this.#pending.delete(message.request);
        return;
      }
      case 'refused': {
        const status = message.status as ConstructorParameters<typeof PeerInputError>[0];
        this.#pending
          .get(message.request)
          ?.reject(new PeerInputError(status, message.code as ValidatorErrorCode, message.message, message.details));
        this.#pending.delete(message.request);
        return;
      }
      case 'sent':
        this.handlers.onSent(message.recipients);
        return;
      case 'ended':
        this.handlers.onEnded(message.id, message.kind);
        return;
      case 'metric': {
        const metric = (this.handlers.metrics as unknown as Record<string, Record<string, unknown>>)[message.name];
        const method = metric?.[message.method];
        if (METRIC_METHODS.has(message.method) && typeof method === 'function')
          (method as (...a: unknown[]) => void).apply(metric, [...message.args]);
        return;
      }
      case 'stopped':
        void this.#worker.terminate();
        return;
      default:
        return;
    }
  }
}

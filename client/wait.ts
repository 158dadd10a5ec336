/**
 * Waiting for a session's result, and following the chain's events when the indexer is not there.
 *
 * {@link waitForSession} asks the indexer first: it re-reads the session (`/v1/sessions/:id`)
 * whenever the indexer's live stream of results names it, whenever the stream (re)opens (so a
 * result that landed before it is not missed), and every few seconds anyway; without a working
 * stream it polls. The stream is a {@link SessionStream} shared by every wait of a client: many
 * concurrent waits cost one connection, and each a read only when its own session moved. When the
 * indexer is unreachable or answers nonsense, the wait falls back to reading the package's events
 * from the chain itself ({@link ChainSessionFollower}) for the rest of the wait. A wait that runs
 * out of time is a TIMEOUT error, one its caller's AbortSignal stops is an ABORTED error (at once,
 * whatever it was doing); either way the request may still complete later (wait again, or look it
 * up).
 *
 * The chain follower reads every event of the package from the first one (the Chain interface has
 * no "latest cursor"), keeping one small record per session; on a long-lived network the indexer
 * is the efficient path.
 * @module
 */
import type { Chain } from '../chain/chain.ts';
import { SESSION_ID_LENGTH } from '../chain/constants.ts';
import { EventFollower, MemoryCursorStore } from '../chain/event-follower.ts';
import { sleep } from '../chain/retry.ts';
import { type DWalletEvent, decodeEvent } from '../chain/schemas/events.ts';
import { isCompletionEvent, kindOfRequestCode, kindOfRequestEvent, objectIdOfRequest } from '../chain/schemas/requests.ts';
import { SessionId } from '../chain/session-id.ts';
import { ClientError, ClientErrorCodes, rejectionReasonName } from './errors.ts';
import { type IndexerClient, isIndexerFailure, normalizeSessionId, type SessionKind, type SessionRecord } from './indexer-client.ts';

/** Where a session's result was learned. */
export type ResultSource = 'indexer' | 'chain';

export interface SessionOutcome {
  readonly record: SessionRecord;
  readonly source: ResultSource;
}

type MutableRecord = { -readonly [K in keyof SessionRecord]: SessionRecord[K] };

/** A request a transaction made, as its request event names it. */
export interface RequestedSession {
  readonly kind: SessionKind;
  /** 0x-hex. */
  readonly sessionId: string;
  /** The dWallet, presign, sign or partial signature the request is about. */
  readonly objectId: string;
  readonly requester: string;
}

/** The session id (0x-hex) an event carries; undefined for events of no session. */
function sessionIdOf(event: DWalletEvent): string | undefined {
  const bytes = (event.value as { session_id?: Uint8Array | number[] }).session_id;
  if (bytes === undefined || bytes.length !== SESSION_ID_LENGTH) return undefined;
  return SessionId.prefixed(SessionId.fromBytes(bytes));
}

/** The request an event announces (undefined for events that are not requests). */
export function requestOf(event: DWalletEvent): RequestedSession | undefined {
  const kind = kindOfRequestEvent(event.name);
  const sessionId = sessionIdOf(event);
  if (kind === undefined || sessionId === undefined) return undefined;
  const value = event.value as Readonly<Record<string, unknown>> & { requester: string };
  return { kind, sessionId, objectId: objectIdOfRequest(kind, value), requester: value.requester };
}

/** Follows the package's events on chain and keeps a session record per session id. */
export class ChainSessionFollower {
  readonly #follower: EventFollower;
  readonly #sessions = new Map<string, MutableRecord>();
  #polling: Promise<void> | undefined;

  constructor(
    chain: Chain,
    private readonly packageId: string,
  ) {
    this.#follower = new EventFollower({ chain, store: new MemoryCursorStore(), name: 'client', pageSize: 200 });
  }

  /** Reads every event not read yet (concurrent calls share one read). */
  poll(): Promise<void> {
    this.#polling ??= this.#follower
      .catchUp((event) => {
        let decoded: DWalletEvent;
        try {
          decoded = decodeEvent(this.packageId, event.type, event.bcs);
        } catch {
          return;
        }
        this.#apply(decoded, event.id.txDigest, event.timestampMs);
      })
      .then(() => undefined)
      .finally(() => {
        this.#polling = undefined;
      });
    return this.#polling;
  }

  #apply(event: DWalletEvent, txDigest: string, timestampMs: number | null): void {
    const sessionId = sessionIdOf(event);
    if (sessionId === undefined) return;
    const request = requestOf(event);
    if (request !== undefined) {
      const known = this.#sessions.get(sessionId);
      this.#sessions.set(sessionId, {
        sessionId,
        kind: request.kind,
        status: known?.status ?? 'pending',
        objectId: request.objectId,
        requester: request.requester,
        requestTx: txDigest,
        requestedAt: timestampMs,
        completedAt: known?.completedAt ?? null,
        resultSequence: known?.resultSequence ?? null,
        rejection: known?.rejection ?? null,
      });
      return;
    }
    const record =
      this.#sessions.get(sessionId) ??
      ({
        sessionId,
        kind: 'sign',
        status: 'pending',
        objectId: '0x0',
        requester: '0x0',
        requestTx: '',
        requestedAt: null,
        completedAt: null,
        resultSequence: null,
        rejection: null,
      } satisfies MutableRecord);
    if (isCompletionEvent(event.name)) {
      record.status = 'completed';
      record.completedAt = timestampMs;
      record.resultSequence = (event.value as { result_sequence: bigint }).result_sequence;
    } else if (event.name === 'SessionCancelled') {
      record.status = 'cancelled';
      record.completedAt = timestampMs;
      if (record.requestTx === '') {
        record.kind = kindOfRequestCode(event.value.request_kind) ?? record.kind;
        record.objectId = event.value.target_id;
        record.requester = event.value.requester;
      }
    } else if (event.name === 'SessionRejected') {
      const v = event.value;
      record.status = 'rejected';
      record.completedAt = timestampMs;
      record.resultSequence = v.result_sequence;
      if (record.requestTx === '') {
        record.kind = kindOfRequestCode(v.request_kind) ?? record.kind;
        record.objectId = v.target_id;
      }
      record.rejection = {
        reasonCode: v.reason_code,
        reasonName: rejectionReasonName(v.reason_code),
        reason: new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(v.reason)),
        blamed: [...v.blamed],
      };
    } else {
      return;
    }
    this.#sessions.set(sessionId, record);
  }

  /** What the events read so far say about a session (undefined: not seen yet). */
  session(sessionId: string): SessionRecord | undefined {
    const record = this.#sessions.get(normalizeSessionId(sessionId));
    return record === undefined ? undefined : { ...record };
  }
}

export interface WaitSources {
  /** Null when no indexer is configured (or it is known to be down). */
  readonly indexer: IndexerClient | null;
  readonly follower: ChainSessionFollower;
  /** The indexer's stream shared with the caller's other waits (default: one for this wait). */
  readonly stream?: SessionStream;
}

/** One wait's view of a {@link SessionStream}. */
export interface SessionSubscription {
  /** Resolves when the session may have moved (news of it, or the stream (re)opened or failed), after `ms`, or when `signal` aborts. */
  next(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/**
 * The indexer's live stream of results, shared by concurrent waits: opened when the first
 * subscribes, closed when the last leaves, reopened (up to three failures in a row) when the
 * indexer drops it. Each event wakes the subscriptions of the session it names; opening wakes them
 * all. While the stream is down or refused, {@link streaming} is false and waits poll instead.
 */
export class SessionStream {
  readonly #subscribers = new Map<string, Set<() => void>>();
  #controller: AbortController | undefined;
  #streaming = false;

  constructor(private readonly indexer: IndexerClient) {}

  /** Whether a stream is open or opening (false after it failed: waits should poll). */
  get streaming(): boolean {
    return this.#streaming;
  }

  subscribe(sessionId: string): SessionSubscription {
    const id = normalizeSessionId(sessionId);
    let news = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      news = true;
      wake?.();
    };
    const set = this.#subscribers.get(id) ?? new Set();
    set.add(notify);
    this.#subscribers.set(id, set);
    if (this.#controller === undefined) this.#open();
    return {
      next: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (news || signal?.aborted) {
            news = false;
            return resolve();
          }
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            wake = undefined;
            news = false;
            resolve();
          }
          signal?.addEventListener('abort', done, { once: true });
          wake = done;
        }),
      close: () => {
        wake?.();
        set.delete(notify);
        if (set.size === 0) this.#subscribers.delete(id);
        if (this.#subscribers.size === 0) {
          this.#controller?.abort();
          this.#controller = undefined;
          this.#streaming = false;
        }
      },
    };
  }

  #wakeAll(): void {
    for (const set of this.#subscribers.values()) for (const notify of set) notify();
  }

  #open(): void {
    const controller = new AbortController();
    this.#controller = controller;
    this.#streaming = true;
    void (async () => {
      for (let failures = 0; failures < 3 && !controller.signal.aborted; ) {
        try {
          for await (const event of this.indexer.stream({}, { signal: controller.signal, onOpen: () => this.#wakeAll() })) {
            failures = 0;
            const named = (event.data as { sessionId?: unknown } | null)?.sessionId;
            if (typeof named !== 'string') continue;
            for (const notify of this.#subscribers.get(normalizeSessionId(named)) ?? []) notify();
          }
        } catch {
          // An indexer without a (working) stream: try again, then let the waits poll.
        }
        failures += 1;
      }
      if (controller.signal.aborted) return;
      this.#streaming = false;
      this.#wakeAll();
    })();
  }
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Ends the wait at once with an ABORTED error (the request itself is not affected). */
  readonly signal?: AbortSignal;
  /** Polling period without a stream, and of the chain follower (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** With a live stream, the session is re-read at least this often (default 10 s: the stream names what moved). */
  readonly recheckMs?: number;
  readonly onProgress?: (line: string) => void;
  /** Called once when the wait stops using the indexer. */
  readonly onIndexerDown?: (error: ClientError) => void;
}

function timeoutError(sessionId: string, timeoutMs: number): ClientError {
  return new ClientError(
    ClientErrorCodes.TIMEOUT,
    `no result for session ${sessionId} within ${timeoutMs} ms (the request may still complete: wait again or look it up)`,
    { sessionId, timeoutMs },
  );
}

function abortedError(sessionId: string): ClientError {
  return new ClientError(
    ClientErrorCodes.ABORTED,
    `stopped waiting for session ${sessionId} (the request may still complete: wait again or look it up)`,
    { sessionId },
  );
}

/** `work`, or an ABORTED error as soon as `signal` aborts (what `work` does goes on unobserved). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, sessionId: string): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(abortedError(sessionId));
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(sessionId));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** Waits until the session is completed or rejected; TIMEOUT after `timeoutMs`, ABORTED when `signal` aborts. */
export async function waitForSession(sources: WaitSources, sessionId: string, options: WaitOptions): Promise<SessionOutcome> {
  const id = normalizeSessionId(sessionId);
  const { timeoutMs, signal } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'timeoutMs must be a positive number of milliseconds', { timeoutMs });
  }
  if (signal?.aborted) throw abortedError(id);
  const deadline = Date.now() + timeoutMs;
  const pollMs = options.pollIntervalMs ?? 500;
  const recheckMs = options.recheckMs ?? 10_000;

  if (sources.indexer !== null) {
    const stream = sources.stream ?? new SessionStream(sources.indexer);
    const outcome = await waitOnIndexer(sources.indexer, stream, id, { deadline, timeoutMs, pollMs, recheckMs, signal }).catch(
      (error: unknown) => {
        if (signal?.aborted) throw abortedError(id);
        if (!isIndexerFailure(error)) throw error;
        options.onIndexerDown?.(error);
        options.onProgress?.(`indexer unavailable (${error.code}); following chain events`);
        return undefined;
      },
    );
    if (outcome !== undefined) return outcome;
  }

  let lastError: unknown;
  for (;;) {
    try {
      await unlessAborted(sources.follower.poll(), signal, id);
      const record = sources.follower.session(id);
      if (record !== undefined && record.status !== 'pending') return { record, source: 'chain' };
    } catch (error) {
      if (signal?.aborted) throw abortedError(id);
      // A transport failure of the chain: keep trying until the deadline.
      if (!(error instanceof Error)) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const error = timeoutError(id, timeoutMs);
      if (lastError !== undefined) (error as { cause?: unknown }).cause = lastError;
      throw error;
    }
    await sleep(Math.min(pollMs, deadline - Date.now()), signal);
    if (signal?.aborted) throw abortedError(id);
  }
}

interface IndexerWait {
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly recheckMs: number;
  readonly signal: AbortSignal | undefined;
}

async function waitOnIndexer(indexer: IndexerClient, stream: SessionStream, sessionId: string, wait: IndexerWait): Promise<SessionOutcome> {
  const { deadline, timeoutMs, pollMs, recheckMs, signal } = wait;
  // Subscribed before the first read: news after it wakes the wait; the read covers what came before.
  const subscription = stream.subscribe(sessionId);
  const read = async () => {
    if (signal?.aborted) throw abortedError(sessionId);
    const record = await unlessAborted(indexer.getSession(sessionId, signal), signal, sessionId);
    return record !== null && record.status !== 'pending' ? record : null;
  };
  try {
    for (;;) {
      const record = await read();
      if (record !== null) return { record, source: 'indexer' };
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timeoutError(sessionId, timeoutMs);
      await subscription.next(Math.min(stream.streaming ? recheckMs : pollMs, remaining), signal);
      if (Date.now() >= deadline) {
        const last = await read();
        if (last !== null) return { record: last, source: 'indexer' };
        throw timeoutError(sessionId, timeoutMs);
      }
    }
  } finally {
    subscription.close();
  }
}

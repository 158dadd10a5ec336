/**
 * The validator follows the chain itself, from its own cursor in its own store (it never takes
 * another party's word for what the chain says), through the indexer library (indexer/) embedded
 * over the validator's own SQLite connection: for each page of events, the indexer's rows, the
 * validator's request rows below and the cursor commit in ONE transaction (this module is an
 * indexer extension); what must follow the commit — starting and closing sessions, telling the
 * batch decider, a committee change — runs once the page has committed, never for a page that
 * rolled back:
 *
 *  - a request event becomes a request row and, except for presigns, an MPC session that starts at
 *    once (session id = the chain's session id);
 *  - presign requests are grouped into batch sessions (mpc/ecdsa presign/batch.ts) by the
 *    transaction that made them, per network key, curve, algorithm and target, in chunks of
 *    {@link PRESIGN_BATCH_SIZE}, once the follower has caught up — so that every validator, having
 *    read the same transactions, forms the same batches;
 *  - result events mark requests as recorded on chain (their sessions are then closed), and
 *    `ResultBatchProcessed` moves the batch sequence on;
 *  - `SessionCancelled` marks the request as settled on chain too: its result (if any) is never
 *    proposed in a batch again, and its MPC session closes once none of its requests is open (a
 *    presign batch goes on for its other presigns). A batch already certified with it still lands:
 *    the chain skips a result for a cancelled session;
 *  - network key and committee events update what the validator knows (the latest key per curve
 *    is the one the presign pool is kept for).
 *
 * Recording is idempotent too, so an event delivered twice changes nothing. An event that does not
 * decode is recorded and skipped by the indexer.
 * @module
 */
import type { Chain, ChainEvent } from '../chain/chain.ts';
import { waitForNextEvent } from '../chain/event-wait.ts';
import { isTransientChainError } from '../chain/retry.ts';
import { isResultEvent, kindOfRequestEvent, REQUEST_KINDS, type SessionKind } from '../chain/schemas/requests.ts';
import { SessionId } from '../chain/session-id.ts';
import { type IndexedEvent, Indexer } from '../indexer/indexer.ts';
import type { Logger } from '../runtime/log.ts';
import { WakeableLoop } from '../runtime/wakeable-loop.ts';
import { mpcSessionIdOf, type PresignBatchOf } from './engine/plan.ts';
import { decodeRequestEvent } from './engine/request-events.ts';
import type { ValidatorStore } from './store/database.ts';
import type { BatchProgress, SessionRunner } from './types.ts';

export const CURSOR_NAME = 'validator';
/** Presigns per MPC session (a protocol constant: every validator must group alike). */
export const PRESIGN_BATCH_SIZE = 16;

export interface ChainEventsOptions {
  readonly chain: Chain;
  readonly store: ValidatorStore;
  /** Where request sessions run (the session workers). */
  readonly sessions: SessionRunner;
  readonly decider: BatchProgress;
  readonly logger: Logger;
  readonly pollIntervalMs: number;
  /** The committee changed (new epoch). */
  readonly onCommittee: (epoch: bigint) => void;
  /** An epoch change was requested (its next committee is the chain's pending committee). */
  readonly onReconfiguration?: () => void;
  readonly epoch: () => bigint;
}

export class ChainEvents {
  #indexer: Indexer | undefined;
  #caughtUp = false;
  /** Presign requests may be waiting for their group (at start: from before a restart). */
  #presignsToGroup = true;
  /** Effects of the page being indexed, run once it has committed. */
  #afterCommit: (() => void)[] = [];

  constructor(private readonly options: ChainEventsOptions) {}

  async #open(): Promise<Indexer> {
    const indexer = await Indexer.open({
      chain: this.options.chain,
      database: this.options.store.sqlite,
      cursorName: CURSOR_NAME,
      pageSize: 200,
      pollIntervalMs: this.options.pollIntervalMs,
      logger: this.options.logger,
      extensions: [(event) => this.#handle(event)],
      readTimes: false,
    });
    indexer.onCommit(() => {
      const effects = this.#afterCommit;
      this.#afterCommit = [];
      for (const effect of effects) effect();
    });
    return indexer;
  }

  /** Whether the follower reached the chain's head at least once since start. */
  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** Follows the chain until `signal` aborts; a failed page is retried with a growing backoff (up to 10 s). */
  run(signal: AbortSignal): Promise<void> {
    const { pollIntervalMs, logger } = this.options;
    return new WakeableLoop({
      step: async () => {
        this.#indexer ??= await this.#open();
        await this.#indexer.catchUp(signal);
        if (this.#presignsToGroup) this.#groupPresigns();
        this.#caughtUp = true;
        // Caught up: wait for the chain's next event (a long poll on the local chain, the poll
        // interval elsewhere), then read it at once.
        await waitForNextEvent(this.options.chain, await this.#indexer.cursor(), pollIntervalMs, signal);
        return 0;
      },
      intervalMs: pollIntervalMs,
      maxRetryMs: 10_000,
      onError: (error) => {
        // The page rolled back: what it would have done after committing is dropped with it.
        this.#afterCommit = [];
        logger[isTransientChainError(error) ? 'warn' : 'error']('following the chain failed; retrying', { error });
      },
    }).run(signal);
  }

  /** The indexer extension: runs inside the page's transaction. */
  #handle({ event, decoded }: IndexedEvent): void {
    const { store, decider } = this.options;
    const kind = kindOfRequestEvent(decoded.name);
    if (kind !== undefined) {
      this.#request(kind, event);
      return;
    }
    if (isResultEvent(decoded.name)) {
      const value = decoded.value as { session_id: Uint8Array; result_sequence: bigint };
      const sessionId = SessionId.fromBytes(value.session_id);
      store.markRequestOnChain(sessionId, Number(value.result_sequence));
      const mpcSessionId = store.request(sessionId)?.mpcSessionId;
      if (mpcSessionId != null && store.allOnChain(mpcSessionId)) this.#afterCommit.push(() => this.options.sessions.close(mpcSessionId));
      return;
    }
    switch (decoded.name) {
      case 'SessionCancelled':
        {
          const sessionId = SessionId.fromBytes(decoded.value.session_id);
          store.markRequestCancelled(sessionId);
          const mpcSessionId = store.request(sessionId)?.mpcSessionId;
          if (mpcSessionId != null && store.allOnChain(mpcSessionId))
            this.#afterCommit.push(() => this.options.sessions.close(mpcSessionId));
        }
        return;
      case 'ResultBatchProcessed':
        {
          const sequence = Number(decoded.value.sequence);
          this.#afterCommit.push(() => decider.onChainProcessed(sequence));
        }
        return;
      case 'NetworkKeyRegistered':
        // The key material itself is read from the chain by the session worker when a request names the key.
        for (const curve of decoded.value.curves) store.setNetworkKey(curve, decoded.value.network_key_id);
        return;
      case 'CommitteeSet':
        {
          const epoch = decoded.value.epoch;
          this.#afterCommit.push(() => this.options.onCommittee(epoch));
        }
        return;
      default:
        return;
    }
  }

  #request(kind: SessionKind, event: ChainEvent): void {
    const { store, logger } = this.options;
    const value = decodeRequestEvent(kind, event.bcs);
    const sessionId = SessionId.fromBytes(value.session_id);
    const mpcSessionId = kind === 'presign' ? null : mpcSessionIdOf(kind, [sessionId]);
    if (kind === 'presign') this.#presignsToGroup = true;
    const inserted = store.insertRequest({
      sessionId,
      mpcSessionId,
      kind,
      sessionSequence: Number(value.session_sequence),
      txDigest: event.id.txDigest,
      eventName: REQUEST_KINDS[kind].requestEvent,
      event: Buffer.from(event.bcs),
      requestedAt: event.timestampMs ?? Date.now(),
    });
    if (!inserted || mpcSessionId === null) return;
    if (kind === 'reconfiguration') this.#afterCommit.push(() => this.options.onReconfiguration?.());
    store.insertSession(mpcSessionId, kind, this.options.epoch(), Date.now());
    this.#afterCommit.push(() => {
      logger.debug('request recorded', { session: sessionId, kind });
      this.options.sessions.start(mpcSessionId);
    });
  }

  /** Groups recorded presign requests into batch sessions (the follower has read whole transactions). */
  #groupPresigns(): void {
    const { store } = this.options;
    this.#presignsToGroup = false;
    const ungrouped = store.ungroupedPresigns();
    if (ungrouped.length === 0) return;
    // A batch is one pool's: one network key, curve and algorithm (an ECDSA and a Schnorr presign
    // are made by different protocols), and one target dWallet or none.
    const groups = new Map<string, { rows: typeof ungrouped; batch: PresignBatchOf }>();
    for (const row of ungrouped) {
      const event = decodeRequestEvent('presign', new Uint8Array(row.event));
      const key = `${row.txDigest}/${event.network_key_id}/${event.curve}/${event.algorithm}/${event.dwallet_id ?? 'universal'}`;
      const group = groups.get(key) ?? {
        rows: [],
        batch: {
          curve: event.curve,
          algorithm: event.algorithm,
          ...(event.dwallet_id === null ? {} : { targetOutput: new Uint8Array(event.dwallet_output) }),
        },
      };
      group.rows.push(row);
      groups.set(key, group);
    }
    for (const { rows: group, batch } of groups.values()) {
      for (let i = 0; i < group.length; i += PRESIGN_BATCH_SIZE) {
        const chunk = group.slice(i, i + PRESIGN_BATCH_SIZE);
        const ids = chunk.map((r) => r.sessionId);
        const mpcSessionId = mpcSessionIdOf('presign', ids, batch);
        store.transaction(() => {
          store.assignMpcSession(ids, mpcSessionId);
          store.insertSession(mpcSessionId, 'presign', this.options.epoch(), Date.now());
        });
        this.options.sessions.start(mpcSessionId);
      }
    }
  }
}

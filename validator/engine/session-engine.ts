/**
 * The session engine: drives every MPC session of this validator — one per request (or presign
 * batch) and one per result-batch agreement — through its mpc/session machine, as machine.ts asks
 * of a driver:
 *
 *  - a step computes, then writes in one SQLite transaction everything it produced: the
 *    machine's serialized state (when the step sends something or ends the session), the
 *    envelopes it sends (outbox), the chain results it yields. Nothing leaves the process before
 *    that transaction commits, so a validator that crashes mid-step re-runs it and never sends two
 *    different messages for one slot; and no transaction is held open while the cryptography runs;
 *  - envelopes received are kept in the inbox until a persisted state includes them, and fed
 *    again after a restart; timers are re-armed from the restored machine; `start()` runs once;
 *  - refused inputs (typed errors of the machine) change nothing and are counted as peer errors.
 *
 * A session's configuration comes from `plan` (engine/plan.ts for requests, the batch decider
 * for agreements), built asynchronously; the steps themselves run one at a time in the task queue.
 * Once every request of a session is on chain the session is closed after a grace period (its
 * machine keeps answering late peers until then), and its inbox and outbox are dropped.
 * @module
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { DWalletError } from '../../mpc/errors.ts';
import type { AuthenticatedMessage, SessionMachine, SessionResult, SessionStep } from '../../mpc/session/machine.ts';
import { RoundTable } from '../../mpc/session/rounds.ts';
import { createSession, restoreSession } from '../../mpc/session/runtime.ts';
import type { Logger } from '../../runtime/log.ts';
import type { CommitteeView } from '../committee-view.ts';
import { ValidatorError } from '../errors.ts';
import { applyFaults, type Fault } from '../faults.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import { sealEnvelope } from '../peer/envelope.ts';
import type { LocalPeerIdentity } from '../peer/identity.ts';
import type { SessionRow, ValidatorStore } from '../store/database.ts';
import type { Planned, SessionControl, SessionHost, SessionPlan } from '../types.ts';
import { PRIORITIES, priorityOf } from './priorities.ts';
import { isBatchKind } from './session-kinds.ts';
import { TaskQueue } from './task-queue.ts';

export interface EngineOptions {
  readonly store: ValidatorStore;
  readonly view: () => CommitteeView;
  readonly identity: LocalPeerIdentity;
  readonly metrics: ValidatorMetrics;
  readonly logger: Logger;
  readonly faults: ReadonlySet<Fault>;
  /** The plan of a session row; throws for a failure of this validator (retried later). */
  readonly plan: (row: SessionRow) => Promise<Planned>;
  /** Opens a stored envelope again (after a restart, or for a session that was not live when it came). */
  readonly open: (envelope: Uint8Array) => AuthenticatedMessage;
  /** Envelopes were queued for these parties. */
  readonly onSent: (recipients: ReadonlySet<number>) => void;
  /** A session ended (results, if any, are stored). */
  readonly onEnded: (row: { kind: string; mpcSessionId: string }, result: SessionResult<unknown> | null) => void;
  readonly closeGraceMs: number;
  readonly retryPlanMs: number;
  /**
   * Work done once for several sessions about to start (e.g. verifying the user messages of the
   * sign requests that wait, together: engine/sign-verification.ts). Called when the first of
   * them starts, with it and the other planned sessions of its kind that wait in the queue (at
   * most `maxPreparedTogether`); returns the plans to start them with instead.
   */
  readonly prepareStarts?: (kind: string, starting: readonly PlannedStart[]) => ReadonlyMap<string, SessionPlan>;
  /** Sessions prepared together at most (default {@link MAX_PREPARED_TOGETHER}). */
  readonly maxPreparedTogether?: number;
  /** The session kinds this engine runs (default: all); other rows of the store are left alone. */
  readonly accepts?: (kind: string) => boolean;
  readonly now?: () => number;
}

/** Sessions prepared together at most by default (engine option `prepareStarts`). */
export const MAX_PREPARED_TOGETHER = 16;

/** A session planned and waiting to be created (a fresh one: no saved state). */
export interface PlannedStart {
  readonly id: string;
  readonly plan: SessionPlan;
}

interface OutboxEntry {
  readonly mpcSessionId: string;
  readonly recipient: number;
  readonly envelope: Uint8Array;
}

interface LiveSession {
  readonly id: string;
  readonly kind: string;
  readonly plan: SessionPlan;
  readonly machine: SessionMachine<unknown>;
  readonly table: RoundTable;
  readonly timers: Map<string, NodeJS.Timeout>;
  readonly fed: Set<number>;
  readonly createdAt: number;
  lastSendAt: number;
  ended: boolean;
  closing: NodeJS.Timeout | undefined;
}

function metricKind(kind: string): string {
  return isBatchKind(kind) ? 'batch' : kind;
}

/** A planned session waiting for its turn in the task queue (times for the 'session started' log). */
interface Waiting {
  readonly kind: string;
  readonly planned: Planned;
  readonly prepared: boolean;
  readonly planningFrom: number;
  readonly plannedAt: number;
}

export class SessionEngine implements SessionHost, SessionControl {
  readonly #options: EngineOptions;
  readonly #queue: TaskQueue;
  readonly #live = new Map<string, LiveSession>();
  readonly #planning = new Set<string>();
  readonly #retry = new Map<string, NodeJS.Timeout>();
  /** Sessions closed while being planned. */
  readonly #closeRequested = new Set<string>();
  /** Sessions planned whose creation waits in the queue, with their kind and whether they were prepared. */
  readonly #waiting = new Map<string, Waiting>();
  #stopped = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#queue = new TaskQueue(options.logger, PRIORITIES);
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Creates or restores every session the store holds open. */
  resume(): void {
    for (const row of this.#options.store.openSessions()) if (this.#accepts(row.kind)) this.start(row.mpcSessionId);
  }

  #accepts(kind: string): boolean {
    return this.#options.accepts?.(kind) ?? true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#retry.values()) clearTimeout(timer);
    await this.#queue.stop();
    for (const live of this.#live.values()) {
      for (const timer of live.timers.values()) clearTimeout(timer);
      if (live.closing) clearTimeout(live.closing);
    }
    this.#live.clear();
  }

  /** Resolves when no step is queued (tests and graceful stops). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  // ---- queries --------------------------------------------------------------------------------

  isLive(id: string): boolean {
    return this.#live.has(id);
  }

  /** Whether the session is known here and still to run (created, being planned, or live). */
  isPending(id: string): boolean {
    if (this.#live.has(id) || this.#planning.has(id)) return true;
    const row = this.#options.store.session(id);
    return row !== undefined && row.status !== 'closed';
  }

  /** The round table of a live session (for checks at the transport). */
  tableOf(id: string): { protocol: string; table: RoundTable } | undefined {
    const live = this.#live.get(id);
    return live === undefined ? undefined : { protocol: live.machine.protocol, table: live.table };
  }

  inFlight(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const live of this.#live.values()) {
      if (live.ended) continue;
      const kind = metricKind(live.kind);
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  }

  // ---- inputs ---------------------------------------------------------------------------------

  /** Plans and creates (or restores) the session of a stored row, once. */
  start(id: string): void {
    if (this.#stopped || this.#live.has(id) || this.#planning.has(id)) return;
    const row = this.#options.store.session(id);
    if (row === undefined || row.status === 'closed' || !this.#accepts(row.kind)) return;
    this.#planning.add(id);
    const planningFrom = this.#now();
    void this.#options
      .plan(row)
      .then((planned) => {
        this.#waiting.set(id, { kind: row.kind, planned, prepared: false, planningFrom, plannedAt: this.#now() });
        this.#push(priorityOf(row.kind, 'start'), () => this.#materialize(row.mpcSessionId));
      })
      .catch((error: unknown) => {
        this.#planning.delete(id);
        const level = error instanceof ValidatorError || error instanceof DWalletError ? 'warn' : 'error';
        this.#options.logger[level]('cannot plan session; retrying', { session: id, kind: row.kind, error });
        if (this.#stopped) return;
        const timer = setTimeout(() => {
          this.#retry.delete(id);
          this.start(id);
        }, this.#options.retryPlanMs);
        this.#retry.set(id, timer);
      });
  }

  /** An envelope accepted from a peer and stored in the inbox as row `inboxId`. */
  deliver(id: string, inboxId: number, message: AuthenticatedMessage): void {
    const live = this.#live.get(id);
    if (live === undefined) return;
    this.#push(priorityOf(live.kind, 'input'), () => this.#feed(id, inboxId, message));
  }

  /** Fires `timer` of a live session now, if it is armed (a host has news for the machine). */
  nudge(id: string, timer: string): void {
    const live = this.#live.get(id);
    if (live === undefined || !live.timers.has(timer)) return;
    clearTimeout(live.timers.get(timer));
    live.timers.delete(timer);
    this.#push(priorityOf(live.kind, 'input'), () => this.#timeout(id, timer));
  }

  /** Closes a session after the grace period: its requests are on chain. */
  close(id: string): void {
    const live = this.#live.get(id);
    if (live === undefined) {
      if (this.#planning.has(id)) this.#closeRequested.add(id);
      else this.#finishClose(id);
      return;
    }
    if (live.closing !== undefined) return;
    live.closing = setTimeout(() => this.#push(0, () => this.#finishClose(id)), this.#options.closeGraceMs);
  }

  // ---- steps (run in the queue) ---------------------------------------------------------------

  #push(priority: number, task: () => void): void {
    if (!this.#stopped) this.#queue.push(priority, task);
  }

  /** The parameters of a session: its committee is the plan's (an epoch change's union), else the current one. */
  #params(id: string, plan: SessionPlan) {
    const view = plan.view ?? this.#options.view();
    return { sessionId: hexToBytes(id), self: this.#options.identity.party, committee: view.committee };
  }

  /**
   * Runs the `prepareStarts` option for the fresh session `id` and the other fresh sessions of its
   * kind waiting to be created, unless they were prepared already; their plans are replaced by
   * what it returns.
   */
  #prepare(id: string, kind: string): void {
    const prepare = this.#options.prepareStarts;
    const own = this.#waiting.get(id);
    if (prepare === undefined || own === undefined || own.prepared) return;
    const { store } = this.#options;
    const starting: PlannedStart[] = [];
    for (const [other, entry] of [[id, own] as const, ...this.#waiting]) {
      if (starting.length >= (this.#options.maxPreparedTogether ?? MAX_PREPARED_TOGETHER)) break;
      if (entry.prepared || entry.kind !== kind || entry.planned.type !== 'session') continue;
      if (starting.some((s) => s.id === other)) continue;
      const row = store.session(other);
      if (row === undefined || row.state !== null || row.status === 'closed') continue;
      starting.push({ id: other, plan: entry.planned.plan });
    }
    if (starting.length === 0) return;
    let plans: ReadonlyMap<string, SessionPlan> = new Map();
    try {
      plans = prepare(kind, starting);
    } catch (error) {
      // Preparing is an optimisation: the sessions start with their own plans (and do the work themselves).
      this.#options.logger.error('preparing sessions together failed; they start one by one', { kind, sessions: starting.length, error });
    }
    for (const { id: prepared } of starting) {
      const entry = this.#waiting.get(prepared) as Waiting;
      const plan = plans.get(prepared);
      this.#waiting.set(prepared, { ...entry, prepared: true, planned: plan === undefined ? entry.planned : { type: 'session', plan } });
    }
  }

  #materialize(id: string): void {
    this.#planning.delete(id);
    const { store, logger } = this.#options;
    const row = store.session(id);
    const waiting = this.#waiting.get(id);
    if (row === undefined || row.status === 'closed' || this.#live.has(id) || waiting === undefined) {
      this.#waiting.delete(id);
      return;
    }
    const preparingFrom = this.#now();
    if (row.state === null && waiting.planned.type === 'session') this.#prepare(id, row.kind);
    const preparedAt = this.#now();
    const planned = (this.#waiting.get(id) as Waiting).planned;
    this.#waiting.delete(id);
    // A validator catching up may read a request and its result in one pass: nothing to run.
    const done = !isBatchKind(row.kind) && store.requestsOf(id).length > 0 && store.allOnChain(id);
    if (this.#closeRequested.delete(id) || done) {
      this.#finishClose(id);
      return;
    }
    if (planned.type === 'rejected') {
      store.transaction(() => {
        for (const result of planned.results) store.setResult(result.sessionId, result.entry, this.#now());
        store.setStatus(id, 'ended', 'rejected-request');
      });
      logger.info('request rejected before any session', { session: id, kind: row.kind });
      this.#options.onEnded(row, null);
      return;
    }
    const { plan } = planned;
    const params = this.#params(id, plan);
    const identity = { protocol: plan.definition.protocol, sessionId: params.sessionId, self: params.self, committee: params.committee };
    const live = (machine: SessionMachine<unknown>, table: RoundTable): LiveSession => ({
      id,
      kind: row.kind,
      plan,
      machine,
      table,
      timers: new Map(),
      fed: new Set(),
      createdAt: row.createdAt,
      lastSendAt: this.#now(),
      ended: machine.result !== null,
      closing: undefined,
    });
    let session: LiveSession;
    let first: { step: SessionStep<unknown>; sent: OutboxEntry[] } | undefined;
    try {
      const table = new RoundTable(plan.definition.rounds(plan.config, identity));
      if (row.state !== null) {
        session = live(restoreSession(plan.definition, plan.config, params, new Uint8Array(row.state)), table);
      } else {
        const started = this.#now();
        const created = live(createSession(plan.definition, plan.config, params), table);
        const step = created.machine.start();
        session = created;
        first = { step, sent: store.transaction(() => this.#persist(created, step, undefined, true)) };
        // Where the time from the request's record to the session's first step went.
        logger.debug('session started', {
          session: id,
          kind: row.kind,
          startMs: this.#now() - started,
          waitedMs: started - row.createdAt,
          untilPlanMs: waiting.planningFrom - row.createdAt,
          planMs: waiting.plannedAt - waiting.planningFrom,
          queuedMs: preparingFrom - waiting.plannedAt,
          prepareMs: preparedAt - preparingFrom,
        });
      }
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      logger.error('cannot create or restore session', { session: id, kind: row.kind, error });
      store.setStatus(id, 'ended', `failed: ${error.code}`);
      return;
    }
    this.#live.set(id, session);
    if (first !== undefined) {
      this.#apply(session, first.step, first.sent, undefined);
    } else {
      for (const timer of session.machine.activeTimers()) this.#arm(session, timer.id, timer.afterMs);
      // A session that ended before a restart: its handlers are idempotent and may not have run.
      if (session.machine.result !== null) this.#options.onEnded(row, session.machine.result);
    }
    const kind = metricKind(row.kind);
    this.#options.metrics.sessionsInFlight.set(this.inFlight()[kind] ?? 0, { kind });
    for (const inbox of store.inboxOf(id)) {
      this.#push(priorityOf(session.kind, 'input'), () => this.#feedStored(id, inbox.id, inbox.envelope));
    }
  }

  /** An envelope stored before the session was live (or before a restart), opened again. */
  #feedStored(id: string, inboxId: number, envelope: Uint8Array): void {
    const live = this.#live.get(id);
    if (live === undefined || live.fed.has(inboxId)) return;
    let message: AuthenticatedMessage;
    try {
      message = this.#options.open(new Uint8Array(envelope));
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      this.#options.store.markHandled(inboxId);
      this.#options.metrics.peerErrors.inc({ direction: 'in', peer: 'stored', code: error.code });
      return;
    }
    this.#feed(id, inboxId, message);
  }

  #feed(id: string, inboxId: number, message: AuthenticatedMessage): void {
    const live = this.#live.get(id);
    if (live === undefined || live.fed.has(inboxId)) return;
    live.fed.add(inboxId);
    this.#step(live, () => live.machine.handle({ type: 'message', message }), inboxId, message.sender);
  }

  #timeout(id: string, timer: string): void {
    const live = this.#live.get(id);
    if (live === undefined) return;
    live.timers.delete(timer);
    if (!live.machine.activeTimers().some((t) => t.id === timer)) return;
    this.#step(live, () => live.machine.handle({ type: 'timeout', timer }), undefined, undefined);
  }

  /** Runs one input through the machine and persists what it produced, atomically. */
  #step(live: LiveSession, produce: () => SessionStep<unknown>, inboxId: number | undefined, sender: number | undefined): void {
    const { store, metrics, logger } = this.#options;
    const started = this.#now();
    // The step computes outside any transaction (it may take seconds); what it produced is written at once, before anything is sent.
    let step: SessionStep<unknown>;
    try {
      step = produce();
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      if (inboxId !== undefined) store.markHandled(inboxId);
      metrics.peerErrors.inc({ direction: 'in', peer: String(sender ?? 'local'), code: error.code });
      logger.debug('session refused an input', { session: live.id, kind: live.kind, sender, error });
      return;
    }
    const sent = store.transaction(() => this.#persist(live, step, inboxId, false));
    const ms = this.#now() - started;
    if (ms > 100) logger.debug('slow session step', { session: live.id, kind: live.kind, ms, sender });
    this.#apply(live, step, sent, inboxId);
  }

  /** Inside the step's transaction: state, outbox, results. Returns the envelopes queued. */
  #persist(live: LiveSession, step: SessionStep<unknown>, inboxId: number | undefined, first: boolean): OutboxEntry[] {
    const { store } = this.#options;
    const now = this.#now();
    const sent = this.#envelopes(live, step);
    if (inboxId !== undefined) store.markHandled(inboxId);
    if (first || sent.length > 0 || step.result !== null) {
      const ended = live.ended || step.result !== null;
      store.saveState(live.id, live.machine.serialize(), ended ? 'ended' : 'running', step.result?.status, now);
      store.foldHandled(live.id);
      store.addOutbox(sent, now);
    }
    if (step.result !== null) {
      for (const result of live.plan.results(step.result)) store.setResult(result.sessionId, result.entry, now);
    }
    return sent;
  }

  #envelopes(live: LiveSession, step: SessionStep<unknown>): OutboxEntry[] {
    const { identity, faults } = this.#options;
    const view = live.plan.view ?? this.#options.view();
    const rows: OutboxEntry[] = [];
    for (const out of step.outgoing) {
      const recipients = out.to === 'all' ? view.members.map((m) => m.party) : [out.to];
      const envelope =
        out.type === 'send'
          ? sealEnvelope(identity, view.epoch, faults.size === 0 ? out.message : applyFaults(faults, out.message, live.plan.thresholdKey))
          : out.evidence;
      for (const recipient of recipients) if (recipient !== identity.party) rows.push({ mpcSessionId: live.id, recipient, envelope });
    }
    return rows;
  }

  /** After the step's transaction: timers, metrics, notifications. */
  #apply(live: LiveSession, step: SessionStep<unknown>, sent: readonly OutboxEntry[], inboxId: number | undefined): void {
    const { metrics, store, logger } = this.#options;
    const now = this.#now();
    for (const id of step.cancelTimers) {
      clearTimeout(live.timers.get(id));
      live.timers.delete(id);
    }
    for (const timer of step.setTimers) this.#arm(live, timer.id, timer.afterMs);
    const kind = metricKind(live.kind);
    if (inboxId !== undefined) metrics.messages.inc({ direction: 'in' });
    if (sent.length > 0) {
      metrics.roundSeconds.observe((now - live.lastSendAt) / 1000, { kind });
      live.lastSendAt = now;
      this.#options.onSent(new Set(sent.map((e) => e.recipient)));
    }
    if (step.result === null || live.ended) return;
    live.ended = true;
    metrics.sessionsEnded.inc({ kind, outcome: step.result.status });
    logger.debug('session ended', { session: live.id, kind: live.kind, outcome: step.result.status, ms: now - live.createdAt });
    metrics.sessionSeconds.observe((now - live.createdAt) / 1000, { kind });
    metrics.sessionsInFlight.set(this.inFlight()[kind] ?? 0, { kind });
    const blames = step.result.status === 'completed' ? step.result.blame : step.result.culprits;
    for (const blame of blames) metrics.blames.inc({ party: blame.party, reason: blame.reason, kind });
    if (blames.length > 0) {
      logger.warn('validators blamed', {
        session: live.id,
        kind: live.kind,
        blamed: blames.map((b) => ({ party: b.party, reason: b.reason, round: b.round })),
      });
    }
    this.#options.onEnded({ kind: live.kind, mpcSessionId: live.id }, step.result);
    if (!isBatchKind(live.kind) && store.allOnChain(live.id)) this.close(live.id);
  }

  #arm(live: LiveSession, id: string, afterMs: number): void {
    clearTimeout(live.timers.get(id));
    const timer = setTimeout(
      () => {
        live.timers.delete(id);
        this.#push(priorityOf(live.kind, 'input'), () => this.#timeout(live.id, id));
      },
      Math.max(0, afterMs),
    );
    live.timers.set(id, timer);
  }

  #finishClose(id: string): void {
    const { store, metrics } = this.#options;
    const live = this.#live.get(id);
    if (live !== undefined) {
      for (const timer of live.timers.values()) clearTimeout(timer);
      this.#live.delete(id);
      const kind = metricKind(live.kind);
      metrics.sessionsInFlight.set(this.inFlight()[kind] ?? 0, { kind });
    }
    store.transaction(() => {
      store.deleteOutboxOf(id);
      store.deleteInbox(id);
      if (store.session(id) !== undefined) store.setStatus(id, 'closed');
    });
  }
}

/**
 * Certified results in strict sequence. For each result-batch sequence number the validators
 * decide one batch (batch-protocol.ts), one sequence at a time: the agreement on sequence k starts
 * once k − 1 is decided here or recorded on chain, and only when this validator has a finished
 * result to propose or a peer already runs it. Each validator then BLS-signs the decided bytes
 * (`signResultBatch`) and stores the signature, which relayer-push.ts hands to the relayers, so
 * that every relayer submits the same bytes.
 *
 * The chain is the final word: a sequence recorded on chain is done, whatever this validator
 * decided or missed (it was down), and the next agreement starts after it. A restarted validator
 * therefore catches up from the chain's events and joins the next sequence.
 *
 * A decided batch the chain does not take (a limit the caps missed, out of gas) would block every
 * later sequence, since the chain takes them in order. So when the chain's next sequence k was
 * decided here `landMs` ago and is still not on chain, this validator starts agreement attempt
 * a + 1 on k, with halved caps (`batchCaps`), and accepts its proposals only once its own deadline
 * passed (before, they are "unknown"): the verdict rests on each validator's own clock and the
 * chain, never on what a peer or relayer claims, and a new decision needs a quorum of validators
 * whose deadline passed. The proposer offers the results of the previous attempt's batch that are
 * not on chain, then ready ones, up to the new caps; the results left out go back to the ready
 * ones, for later sequences. If the older certificate lands after all, the chain refuses the newer
 * one (EOutOfSequence) and, once k is recorded, whatever was assigned to k and is not on chain is
 * ready again.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { signResultBatch } from '../../chain/certificate.ts';
import { decodeResultBatch, encodeResultBatch, type ResultBatch, resultVariant } from '../../chain/schemas/result-batch.ts';
import { SessionId } from '../../chain/session-id.ts';
import type { AgreementTimeouts } from '../../mpc/session/agreement.ts';
import type { SessionResult } from '../../mpc/session/machine.ts';
import type { Logger } from '../../runtime/log.ts';
import type { CommitteeView } from '../committee-view.ts';
import { decodeEntry, encodeEntry } from '../engine/results.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { ValidatorStore } from '../store/database.ts';
import type { BatchProgress, SessionControl, SessionPlan } from '../types.ts';
import {
  type BatchHost,
  batchCaps,
  batchSessionId,
  type EntryValidity,
  MAX_BATCH_ATTEMPTS,
  MAX_BATCH_BYTES,
  RECHECK_TIMER,
  resultBatchSession,
} from './batch-protocol.ts';

export const CHAIN_NEXT_SEQUENCE = 'chain-next-sequence';
/** Bytes of a batch besides its entries (sequence, vector length). */
const BATCH_OVERHEAD = 16;

export interface DeciderOptions {
  readonly store: ValidatorStore;
  /** The engine that runs the agreements (it is built with this decider, so it is reached late). */
  readonly engine: () => SessionControl;
  readonly view: () => CommitteeView;
  readonly coordinatorId: string;
  readonly blsSecretKey: Uint8Array;
  readonly metrics: ValidatorMetrics;
  readonly logger: Logger;
  readonly timeouts: AgreementTimeouts;
  readonly recheckMs: number;
  /** How long a decided batch may take to land before the validators decide its sequence again, smaller. */
  readonly landMs: number;
  /** A batch was decided and signed. */
  readonly onDecided: (sequence: number) => void;
  /**
   * A proposed batch holds a result for this validator's request session `mpcSessionId`, which has
   * none yet: a sign session standing by steps in (mpc/ecdsa/protocols/sign.ts, SIGN_STANDBY_TIMER).
   */
  readonly onResultLacking?: (mpcSessionId: string) => void;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The session kind of agreement `attempt` on `sequence`: `batch/<sequence>`, then `batch/<sequence>/<attempt>`. */
export function batchKind(sequence: number, attempt = 0): string {
  return attempt === 0 ? `batch/${sequence}` : `batch/${sequence}/${attempt}`;
}

/** The sequence and attempt of a batch session kind. */
export function batchOfKind(kind: string): { sequence: number; attempt: number } | undefined {
  const match = /^batch\/(\d+)(?:\/(\d+))?$/.exec(kind);
  return match === null ? undefined : { sequence: Number(match[1]), attempt: match[2] === undefined ? 0 : Number(match[2]) };
}

export function sequenceOfKind(kind: string): number | undefined {
  return batchOfKind(kind)?.sequence;
}

export class BatchDecider implements BatchProgress {
  #current = 0;
  /** Wakes the decider when the chain's next sequence is due to be decided again. */
  #due: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(private readonly options: DeciderOptions) {}

  /** The sequence being decided. */
  get current(): number {
    return this.#current;
  }

  /** Picks up after the last sequence decided here or seen on chain. */
  init(): void {
    const { store } = this.options;
    const last = store.lastSequence();
    const chainNext = Number(store.getMeta(CHAIN_NEXT_SEQUENCE) ?? '0');
    this.#current = Math.max(last === undefined ? 0 : last + 1, chainNext);
    this.options.metrics.nextSequence.set(this.#current);
  }

  sessionIdFor(sequence: number, attempt = 0): string {
    return bytesToHex(batchSessionId(this.options.coordinatorId, this.options.view().epoch, BigInt(sequence), attempt));
  }

  /** The plan of the agreement session of `kind` (`batchKind`). */
  plan(kind: string): SessionPlan {
    const { sequence, attempt } = batchOfKind(kind) ?? { sequence: Number.NaN, attempt: 0 };
    const host: BatchHost = {
      propose: (s) => this.#propose(Number(s), attempt),
      validate: (s, batch) => this.#validate(Number(s), attempt, batch),
    };
    return {
      definition: resultBatchSession,
      config: { sequence: BigInt(sequence), attempt, host, timeouts: this.options.timeouts, recheckMs: this.options.recheckMs },
      results: () => [],
    };
  }

  /** Stops the deadline timer (the validator is stopping). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#due);
  }

  /** Something changed (a result, a decision, the chain, a deadline): start or wake the current agreements. */
  poke(): void {
    if (this.#stopped) return;
    this.#redecideIfDue();
    const engine = this.options.engine();
    const id = this.sessionIdFor(this.#current);
    if (engine.isPending(id)) {
      engine.nudge(id, RECHECK_TIMER);
      return;
    }
    if (this.options.store.readyResults(1).length > 0) this.#start(this.#current);
  }

  /** A peer sent an envelope for an unknown session: start it if it is the current agreement or a later attempt on the chain's next sequence. */
  claim(mpcSessionId: string): void {
    if (this.options.engine().isPending(mpcSessionId)) return;
    if (mpcSessionId === this.sessionIdFor(this.#current)) {
      this.#start(this.#current);
      return;
    }
    const sequence = this.#chainNext();
    const decided = this.options.store.batch(sequence);
    if (decided?.onChain === true) return;
    for (let attempt = (decided?.batch == null ? 0 : decided.attempt) + 1; attempt < MAX_BATCH_ATTEMPTS; attempt++) {
      if (mpcSessionId === this.sessionIdFor(sequence, attempt)) {
        this.#start(sequence, attempt);
        return;
      }
    }
  }

  /** The agreement of `kind` ended. */
  onEnded(kind: string, result: SessionResult<unknown> | null): void {
    const batch = batchOfKind(kind);
    if (batch === undefined || result === null || result.status !== 'completed') return;
    this.#decide(batch.sequence, batch.attempt, result.output as Uint8Array);
  }

  /** The chain recorded the batch of `sequence`. */
  onChainProcessed(sequence: number): void {
    const { store, metrics } = this.options;
    const epoch = this.options.view().epoch;
    store.transaction(() => {
      store.markBatchOnChain(sequence, epoch);
      // Results of a batch for this sequence that another certified batch beat to the chain.
      store.releaseBatch(sequence);
      const next = Number(store.getMeta(CHAIN_NEXT_SEQUENCE) ?? '0');
      if (sequence + 1 > next) store.setMeta(CHAIN_NEXT_SEQUENCE, String(sequence + 1));
    });
    for (let attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt++) this.options.engine().close(this.sessionIdFor(sequence, attempt));
    if (sequence >= this.#current) {
      for (let s = this.#current; s < sequence; s++) this.options.engine().close(this.sessionIdFor(s));
      this.#current = sequence + 1;
      metrics.nextSequence.set(this.#current);
    }
    this.poke();
  }

  #start(sequence: number, attempt = 0): void {
    const id = this.sessionIdFor(sequence, attempt);
    this.options.store.insertSession(id, batchKind(sequence, attempt), this.options.view().epoch, Date.now());
    this.options.engine().start(id);
  }

  #chainNext(): number {
    return Number(this.options.store.getMeta(CHAIN_NEXT_SEQUENCE) ?? '0');
  }

  /**
   * When agreement `attempt` on `sequence` may decide, by this validator's clock: the sequence is
   * the chain's next and this validator's own batch for it (if any, from an earlier attempt) has
   * had `landMs` to land.
   */
  #dueAt(sequence: number, attempt: number): number | undefined {
    if (sequence !== this.#chainNext()) return undefined;
    const decided = this.options.store.batch(sequence);
    if (decided?.onChain === true) return undefined;
    if (decided?.batch == null || decided.attempt >= attempt) return 0;
    return (decided.decidedAt ?? 0) + this.options.landMs;
  }

  /** Starts the next attempt on the chain's next sequence once its batch is overdue, or arms the timer for then. */
  #redecideIfDue(): void {
    clearTimeout(this.#due);
    const sequence = this.#chainNext();
    const decided = this.options.store.batch(sequence);
    if (decided?.batch == null || decided.onChain || decided.attempt + 1 >= MAX_BATCH_ATTEMPTS) return;
    const attempt = decided.attempt + 1;
    const wait = (this.#dueAt(sequence, attempt) ?? Number.POSITIVE_INFINITY) - Date.now();
    if (!Number.isFinite(wait)) return;
    if (wait > 0) {
      this.#due = setTimeout(() => this.poke(), wait);
      this.#due.unref();
      return;
    }
    const id = this.sessionIdFor(sequence, attempt);
    if (this.options.engine().isPending(id)) return;
    if (this.options.store.session(id) !== undefined) return;
    this.options.logger.warn('a decided result batch has not landed; deciding its sequence again, smaller', {
      sequence,
      attempt,
      results: decodeResultBatch(new Uint8Array(decided.batch)).results.length,
    });
    this.#start(sequence, attempt);
  }

  #decide(sequence: number, attempt: number, bytes: Uint8Array): void {
    const { store, metrics, logger } = this.options;
    const previous = store.batch(sequence);
    if (previous?.onChain === true || (previous?.batch != null && previous.attempt >= attempt)) return;
    const batch = decodeResultBatch(bytes);
    const epoch = this.options.view().epoch;
    const signature = signResultBatch(this.options.blsSecretKey, this.options.coordinatorId, bytes, epoch);
    const sessionIds = batch.results.map((r) => SessionId.fromBytes(resultVariant(r).sessionId));
    store.transaction(() => {
      store.insertDecided(sequence, epoch, bytes, signature, Date.now(), attempt);
      // An earlier attempt's results left out of this batch go to later sequences.
      store.releaseBatch(sequence, sessionIds);
      store.setBatchSequence(sessionIds, sequence);
    });
    metrics.batchesDecided.inc();
    metrics.batchResults.inc(undefined, batch.results.length);
    logger.info('result batch decided', { sequence, attempt, results: batch.results.length, bytes: bytes.length });
    if (sequence >= this.#current) {
      this.#current = sequence + 1;
      metrics.nextSequence.set(this.#current);
    }
    this.options.onDecided(sequence);
    this.poke();
  }

  /**
   * The caps of agreement `attempt` on `sequence` here: `batchCaps`, and in a later attempt at most
   * half the results of this validator's own earlier batch for it (every validator that decided that
   * batch holds the same one, so they apply the same bound).
   */
  #caps(sequence: number, attempt: number): { entries: number; bytes: number } {
    const caps = batchCaps(attempt);
    const previous = attempt === 0 ? undefined : this.options.store.batch(sequence);
    if (previous?.batch == null || previous.attempt >= attempt) return caps;
    const count = decodeResultBatch(new Uint8Array(previous.batch)).results.length;
    return { entries: Math.min(caps.entries, Math.max(1, Math.floor(count / 2))), bytes: caps.bytes };
  }

  /** Entries to propose: the ready results, after (in a later attempt) those of the previous batch not on chain. */
  #candidates(sequence: number, attempt: number, caps: { entries: number }): Uint8Array[] | undefined {
    const { store } = this.options;
    const ready = () => store.readyResults(caps.entries).map((row) => new Uint8Array(row.result as Uint8Array));
    if (attempt === 0) return sequence === this.#current ? ready() : undefined;
    const dueAt = this.#dueAt(sequence, attempt);
    if (dueAt === undefined || dueAt > Date.now()) return undefined;
    const previous = store.batch(sequence)?.batch;
    const earlier =
      previous == null
        ? []
        : decodeResultBatch(new Uint8Array(previous))
            .results.filter((r) => store.request(SessionId.fromBytes(resultVariant(r).sessionId))?.onChain !== true)
            .map(encodeEntry);
    return [...earlier, ...ready()];
  }

  #propose(sequence: number, attempt: number): Uint8Array | undefined {
    const caps = this.#caps(sequence, attempt);
    const candidates = this.#candidates(sequence, attempt, caps);
    if (candidates === undefined) return undefined;
    const results: ResultBatch['results'] = [];
    let size = BATCH_OVERHEAD;
    for (const entry of candidates) {
      if (results.length >= caps.entries) break;
      // One result always fits a batch of its own (the bound every entry was checked against).
      if (results.length > 0 && size + entry.length > caps.bytes) break;
      if (size + entry.length > MAX_BATCH_BYTES) break;
      size += entry.length;
      results.push(decodeEntry(entry));
    }
    if (results.length === 0) return undefined;
    return encodeResultBatch({ sequence: BigInt(sequence), results });
  }

  #validate(sequence: number, attempt: number, batch: ResultBatch): EntryValidity {
    const { store } = this.options;
    // A later attempt is for this validator to decide only once its own batch for the sequence is
    // overdue, and while the sequence is the chain's next as far as it knows (it may lag the chain).
    const dueAt = attempt === 0 ? 0 : this.#dueAt(sequence, attempt);
    let unknown = dueAt === undefined || dueAt > Date.now();
    const caps = this.#caps(sequence, attempt);
    if (batch.results.length > caps.entries) {
      return { status: 'invalid', detail: `${batch.results.length} results, above ${caps.entries} for attempt ${attempt}` };
    }
    for (const result of batch.results) {
      const sessionId = SessionId.fromBytes(resultVariant(result).sessionId);
      const row = store.request(sessionId);
      if (row === undefined) {
        unknown = true;
        continue;
      }
      if (row.onChain) return { status: 'invalid', detail: `session ${sessionId} is already on chain` };
      if (row.batchSequence !== null && row.batchSequence !== Number(sequence)) {
        return { status: 'invalid', detail: `session ${sessionId} is in batch ${row.batchSequence}` };
      }
      if (row.result === null) {
        unknown = true;
        if (row.mpcSessionId !== null) this.options.onResultLacking?.(row.mpcSessionId);
        continue;
      }
      if (!sameBytes(new Uint8Array(row.result), encodeEntry(result))) {
        return { status: 'invalid', detail: `the result for session ${sessionId} differs from this validator's` };
      }
    }
    return unknown ? { status: 'unknown' } : { status: 'valid' };
  }

  /** The decided batch of `sequence`, if any (hex session ids, for tests and the HTTP API). */
  decided(sequence: number): { batch: Uint8Array; signature: Uint8Array } | undefined {
    const row = this.options.store.batch(sequence);
    if (row?.batch == null || row.signature == null) return undefined;
    return { batch: new Uint8Array(row.batch), signature: new Uint8Array(row.signature) };
  }
}

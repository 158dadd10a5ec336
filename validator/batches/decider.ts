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
  batchSessionId,
  type EntryValidity,
  MAX_BATCH_BYTES,
  MAX_BATCH_ENTRIES,
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

export function batchKind(sequence: number): string {
  return `batch/${sequence}`;
}

export function sequenceOfKind(kind: string): number | undefined {
  const match = /^batch\/(\d+)$/.exec(kind);
  return match === null ? undefined : Number(match[1]);
}

export class BatchDecider implements BatchProgress {
  #current = 0;
  readonly #host: BatchHost;

  constructor(private readonly options: DeciderOptions) {
    this.#host = { propose: (sequence) => this.#propose(Number(sequence)), validate: (sequence, batch) => this.#validate(sequence, batch) };
  }

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

  sessionIdFor(sequence: number): string {
    return bytesToHex(batchSessionId(this.options.coordinatorId, this.options.view().epoch, BigInt(sequence)));
  }

  /** The plan of the agreement session `batch/<sequence>`. */
  plan(sequence: number): SessionPlan {
    return {
      definition: resultBatchSession,
      config: { sequence: BigInt(sequence), host: this.#host, timeouts: this.options.timeouts, recheckMs: this.options.recheckMs },
      results: () => [],
    };
  }

  /** Something changed (a result, a decision, the chain): start or wake the current agreement. */
  poke(): void {
    const engine = this.options.engine();
    const id = this.sessionIdFor(this.#current);
    if (engine.isPending(id)) {
      engine.nudge(id, RECHECK_TIMER);
      return;
    }
    if (this.options.store.readyResults(1).length > 0) this.#start(this.#current);
  }

  /** A peer sent an envelope for an unknown session: start the current agreement if it is that one. */
  claim(mpcSessionId: string): void {
    if (mpcSessionId === this.sessionIdFor(this.#current) && !this.options.engine().isPending(mpcSessionId)) this.#start(this.#current);
  }

  /** The agreement of `kind` ended. */
  onEnded(kind: string, result: SessionResult<unknown> | null): void {
    const sequence = sequenceOfKind(kind);
    if (sequence === undefined || result === null || result.status !== 'completed') return;
    this.#decide(sequence, result.output as Uint8Array);
  }

  /** The chain recorded the batch of `sequence`. */
  onChainProcessed(sequence: number): void {
    const { store, metrics } = this.options;
    const epoch = this.options.view().epoch;
    store.markBatchOnChain(sequence, epoch);
    const next = Number(store.getMeta(CHAIN_NEXT_SEQUENCE) ?? '0');
    if (sequence + 1 > next) store.setMeta(CHAIN_NEXT_SEQUENCE, String(sequence + 1));
    this.options.engine().close(this.sessionIdFor(sequence));
    if (sequence >= this.#current) {
      for (let s = this.#current; s < sequence; s++) this.options.engine().close(this.sessionIdFor(s));
      this.#current = sequence + 1;
      metrics.nextSequence.set(this.#current);
    }
    this.poke();
  }

  #start(sequence: number): void {
    const id = this.sessionIdFor(sequence);
    this.options.store.insertSession(id, batchKind(sequence), this.options.view().epoch, Date.now());
    this.options.engine().start(id);
  }

  #decide(sequence: number, bytes: Uint8Array): void {
    const { store, metrics, logger } = this.options;
    if (store.batch(sequence)?.batch != null) return;
    const batch = decodeResultBatch(bytes);
    const epoch = this.options.view().epoch;
    const signature = signResultBatch(this.options.blsSecretKey, this.options.coordinatorId, bytes, epoch);
    const sessionIds = batch.results.map((r) => SessionId.fromBytes(resultVariant(r).sessionId));
    store.transaction(() => {
      store.insertDecided(sequence, epoch, bytes, signature, Date.now());
      store.setBatchSequence(sessionIds, sequence);
    });
    metrics.batchesDecided.inc();
    metrics.batchResults.inc(undefined, batch.results.length);
    logger.info('result batch decided', { sequence, results: batch.results.length, bytes: bytes.length });
    if (sequence >= this.#current) {
      this.#current = sequence + 1;
      metrics.nextSequence.set(this.#current);
    }
    this.options.onDecided(sequence);
    this.poke();
  }

  #propose(sequence: number): Uint8Array | undefined {
    if (sequence !== this.#current) return undefined;
    const ready = this.options.store.readyResults(MAX_BATCH_ENTRIES);
    const results: ResultBatch['results'] = [];
    let size = BATCH_OVERHEAD;
    for (const row of ready) {
      const entry = new Uint8Array(row.result as Uint8Array);
      if (size + entry.length > MAX_BATCH_BYTES) break;
      size += entry.length;
      results.push(decodeEntry(entry));
    }
    if (results.length === 0) return undefined;
    return encodeResultBatch({ sequence: BigInt(sequence), results });
  }

  #validate(sequence: number | bigint, batch: ResultBatch): EntryValidity {
    const { store } = this.options;
    let unknown = false;
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

/**
 * The agreement on the result batch of one sequence number: validators decide ONE batch per
 * sequence with the proposer → echo → commit agreement of mpc/session (agreement.ts), then each
 * BLS-signs exactly the decided bytes, so that every relayer submits the same certified batch.
 *
 * The value is the encoded `ResultBatch` (chain/schemas/result-batch.ts) for this sequence. A
 * validator accepts (echoes, commits) a value only when every entry equals its own result for that
 * session — the DKG output, presign, signature or rejection it computed itself — and the session
 * is neither on chain nor in an earlier decided batch. Entries of sessions it has not finished yet
 * make the value "unknown": it waits instead of refusing, and decides once its own results catch
 * up. A rejection naming blamed validators equals this validator's own rejection only if its own
 * session machine reached the same verdict, from the signed evidence it holds or was passed.
 *
 * The proposer proposes all of its finished results not yet decided (up to the caps). A
 * proposer that stalls or proposes what others refuse is replaced after the attempt timeout, with
 * timeouts growing per attempt, so a sequence never gets stuck while validators of weight ≥ t
 * are up.
 *
 * A decided batch the chain does not take (too big for a limit the caps missed, out of gas) must
 * not block the sequence: after a deadline the validators agree again on the same sequence, in a
 * new session (the attempt is in its id) whose caps are halved (`batchCaps`), and sign that batch
 * too. The chain takes whichever certified batch for the sequence lands first (a certificate binds
 * the coordinator, epoch, sequence and bytes); the other then fails with EOutOfSequence, and its
 * results not on chain go to later sequences (batches/decider.ts).
 *
 * The host's answers change as local sessions finish; the protocol keeps a "recheck" timer armed
 * while it is undecided, which the driver also fires at once when a local result arrives.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeResultBatch, type ResultBatch } from '../../chain/schemas/result-batch.ts';
import { DWalletError } from '../../mpc/errors.ts';
import {
  Agreement,
  type AgreementHost,
  type AgreementTimeouts,
  agreementKinds,
  agreementStateSchema,
  type Validity,
} from '../../mpc/session/agreement.ts';
import type { RoundMessage } from '../../mpc/session/message.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../mpc/session/protocol.ts';
import type { StoredMessage } from '../../mpc/session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../mpc/session/versioned.ts';

export const RESULT_BATCH_PROTOCOL = 'dwallet/validator/result-batch';
export const BATCH_ROUND = { round: 1, name: 'result-batch/agreement' } as const;
export const RECHECK_TIMER = 'batch/recheck';
/**
 * Largest encoded batch: the transaction carries it in 15 KiB pure chunks appended with
 * `0x1::vector::append`; measured (`npm run bench -- batch`), a 96 KiB batch is a 97–98 KiB
 * transaction, inside Sui's 128 KiB `max_tx_size_bytes`, and costs under a fifth of the relayer's
 * gas budget on the local chain.
 */
export const MAX_BATCH_BYTES = 96 * 1024;
/**
 * Most results in one batch. Each result loads four dynamic-field children on chain (the
 * session's table field and object, its target's field and object), and Sui's object runtime
 * holds 1,000 per transaction (`object_runtime_max_num_cached_objects`): measured
 * (`npm run bench -- batch`), 250 results land and 251 are refused with MEMORY_LIMIT_EXCEEDED,
 * whatever their kind and size. 200 keeps a fifth in reserve.
 */
export const MAX_BATCH_ENTRIES = 200;

export type EntryValidity =
  | { readonly status: 'valid' }
  | { readonly status: 'unknown' }
  | { readonly status: 'invalid'; readonly detail: string };

/** What the batch agreement asks of the validator around it. */
export interface BatchHost {
  /** The encoded batch this validator would propose for `sequence`, or undefined when it has nothing. */
  propose(sequence: bigint): Uint8Array | undefined;
  /** Whether every entry of `batch` equals this validator's own result (see the module comment). */
  validate(sequence: bigint, batch: ResultBatch): EntryValidity;
}

export interface BatchConfig {
  readonly sequence: bigint;
  /** The agreement attempt on this sequence (0, then one more each time a decided batch did not land). */
  readonly attempt: number;
  readonly host: BatchHost;
  readonly timeouts: AgreementTimeouts;
  /** Fallback period of the recheck timer. */
  readonly recheckMs: number;
}

/** Most agreements on one sequence: by then a batch holds one result. */
export const MAX_BATCH_ATTEMPTS = 8;

/**
 * The caps of agreement `attempt` on a sequence: halved at each attempt, so that a certified
 * batch the chain did not take is followed by one it can. A batch of one result is always allowed.
 */
export function batchCaps(attempt: number): { readonly entries: number; readonly bytes: number } {
  return { entries: Math.max(1, MAX_BATCH_ENTRIES >> attempt), bytes: MAX_BATCH_BYTES >> attempt };
}

/** The MPC session id of agreement `attempt` on `sequence` of the coordinator `coordinatorId` in `epoch`. */
export function batchSessionId(coordinatorId: string, epoch: bigint, sequence: bigint, attempt = 0): Uint8Array {
  const body = bcs
    .struct('BatchSession', { coordinator: bcs.string(), epoch: bcs.u64(), sequence: bcs.u64(), attempt: bcs.u32() })
    .serialize({ coordinator: coordinatorId, epoch, sequence, attempt })
    .toBytes();
  const domain = utf8ToBytes('dwallet/validator/result-batch-session/v1');
  const data = new Uint8Array(domain.length + body.length);
  data.set(domain, 0);
  data.set(body, domain.length);
  return sha256(data);
}

function checkBatch(sequence: bigint, attempt: number, bytes: Uint8Array): string | undefined {
  const caps = batchCaps(attempt);
  if (bytes.length > MAX_BATCH_BYTES) return `a batch above ${MAX_BATCH_BYTES} bytes`;
  let batch: ResultBatch;
  try {
    batch = decodeResultBatch(bytes);
  } catch (error) {
    if (error instanceof DWalletError) return error.message;
    throw error;
  }
  if (batch.sequence !== sequence) return `a batch for sequence ${batch.sequence}, this agreement is for ${sequence}`;
  if (batch.results.length === 0) return 'an empty batch';
  if (batch.results.length > caps.entries) return `a batch of ${batch.results.length} results, above ${caps.entries} (attempt ${attempt})`;
  if (batch.results.length > 1 && bytes.length > caps.bytes)
    return `a batch of ${bytes.length} bytes, above ${caps.bytes} (attempt ${attempt})`;
  return undefined;
}

const valueSchema = bcs.byteVector() as unknown as BcsType<Uint8Array, Uint8Array>;

function agreementSpec(config: BatchConfig) {
  return {
    round: BATCH_ROUND.round,
    valueSchema,
    checkValue: (value: Uint8Array) => checkBatch(config.sequence, config.attempt, value),
    timeouts: config.timeouts,
  };
}

const STATE_VERSION = 1;

class BatchProtocol implements Protocol<Uint8Array> {
  readonly #config: BatchConfig;
  readonly #agreement: Agreement<Uint8Array>;
  readonly #host: AgreementHost<Uint8Array>;

  constructor(config: BatchConfig, identity: SessionIdentity, state?: Uint8Array) {
    this.#config = config;
    const saved =
      state === undefined
        ? undefined
        : agreementStateSchema.parse(decodeVersioned(bcs.byteVector(), STATE_VERSION, state, 'result-batch state'));
    this.#agreement = new Agreement(agreementSpec(config), identity, saved);
    this.#host = {
      propose: () => config.host.propose(config.sequence),
      validate: (_ctx, value): Validity => {
        const verdict = config.host.validate(config.sequence, decodeResultBatch(value));
        // Evidence is filled in by the agreement (the refused proposal or votes themselves).
        return verdict.status === 'invalid' ? { status: 'invalid', detail: verdict.detail, evidence: [] } : verdict;
      },
    };
  }

  start(ctx: SessionContext): void {
    this.#agreement.start(ctx, this.#host);
    this.#recheck(ctx);
  }

  receive(ctx: SessionContext, _message: StoredMessage): void {
    this.#agreement.evaluate(ctx, this.#host);
    this.#recheck(ctx);
  }

  timeout(ctx: SessionContext, timer: string): void {
    if (timer === RECHECK_TIMER) this.#agreement.evaluate(ctx, this.#host);
    else this.#agreement.timeout(ctx, this.#host, timer);
    this.#recheck(ctx);
  }

  admit(message: RoundMessage): void {
    this.#agreement.admit(message);
  }

  outcome(): ProtocolOutcome<Uint8Array> | undefined {
    const decision = this.#agreement.decision;
    return decision === undefined ? undefined : { status: 'completed', output: decision.value };
  }

  save(): Uint8Array {
    return encodeVersioned(bcs.byteVector(), STATE_VERSION, agreementStateSchema.serialize(this.#agreement.save()).toBytes());
  }

  #recheck(ctx: SessionContext): void {
    if (this.#agreement.decision !== undefined) ctx.cancelTimer(RECHECK_TIMER);
    else if (!ctx.hasTimer(RECHECK_TIMER)) ctx.setTimer(RECHECK_TIMER, this.#config.recheckMs);
  }
}

/** The session definition of the agreement on one result batch. */
export const resultBatchSession: SessionDefinition<BatchConfig, Uint8Array> = {
  protocol: RESULT_BATCH_PROTOCOL,
  rounds: (config) => [{ ...BATCH_ROUND, kinds: agreementKinds(agreementSpec(config)) }],
  create: (config, identity) => new BatchProtocol(config, identity),
  restore: (config, identity, state) => new BatchProtocol(config, identity, state),
};

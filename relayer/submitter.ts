/**
 * Submits certified result batches in strict sequence. For the chain's next sequence it takes the
 * batch whose verified shares reach the threshold weight, aggregates them into the quorum
 * certificate (`aggregateSignatures` + `signersBitmap`), and sends `process_result_batch`, taking
 * the fees to its own address. Then:
 *
 *  - success: the sequence is recorded as landed and the next one is taken;
 *  - `coordinator::EOutOfSequence`: another relayer landed it first (several may run at once);
 *    recorded as a lost race, and the next one is taken;
 *  - any other failure (an abort, a limit, out of gas) or a refusal of the transaction for its size:
 *    recorded as failed; the validators decide that sequence again, smaller, when its batch does not
 *    land (validator/batches/decider.ts), so another certified batch for it is taken at once when
 *    there is one, and the failed one is retried only after a backoff and when there is none;
 *  - no answer (the chain unreachable, a timeout): the outcome is unknown, so before sending
 *    anything again the relayer reads the chain's next sequence — a batch the chain already holds
 *    is detected, never sent twice.
 *
 * The record of each submission is written before the transaction is sent, so a relayer killed
 * mid-submission does the same check after its restart.
 * @module
 */

import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { aggregateSignatures, signersBitmap } from '../chain/certificate.ts';
import { type Chain, isAbort } from '../chain/chain.ts';
import type { CoordinatorClient } from '../chain/coordinator-client.ts';
import { ChainErrorCodes, TransactionRejectedError } from '../chain/errors.ts';
import { decodeResultBatch } from '../chain/schemas/result-batch.ts';
import { signAndExecute } from '../chain/transaction-signer.ts';
import type { Logger } from '../runtime/log.ts';
import { WakeableLoop } from '../runtime/wakeable-loop.ts';
import type { ChainSnapshot, ChainState } from './chain-state.ts';
import { GasPayment } from './gas-payment.ts';
import type { RelayerMetrics } from './metrics.ts';
import type { RelayerStore, SignatureGroup } from './store/database.ts';

/** The event of a new committee (an epoch change result): the relayer's snapshot must be read again. */
const COMMITTEE_SET = '::CommitteeSet';

export interface SubmitterOptions {
  readonly chain: Chain;
  readonly client: CoordinatorClient;
  readonly state: ChainState;
  readonly store: RelayerStore;
  readonly keypair: Ed25519Keypair;
  readonly metrics: RelayerMetrics;
  readonly logger: Logger;
  readonly pollIntervalMs: number;
  readonly retryMs: number;
  /** Submission records kept below the chain's next sequence. */
  readonly submissionsKept: number;
}

export interface Certificate {
  readonly digest: string;
  readonly batch: Uint8Array;
  readonly signature: Uint8Array;
  readonly signersBitmap: Uint8Array;
  readonly signers: readonly number[];
}

/**
 * The certificate of the first group whose signers reach the threshold, or undefined; groups whose
 * digest is in `failed` come last.
 */
export function certify(
  groups: readonly SignatureGroup[],
  snapshot: ChainSnapshot,
  failed: ReadonlySet<string> = new Set(),
): Certificate | undefined {
  const ordered = [...groups.filter((g) => !failed.has(g.digest)), ...groups.filter((g) => failed.has(g.digest))];
  for (const group of ordered) {
    let weight = 0n;
    const chosen: { signer: number; signature: Uint8Array }[] = [];
    for (const share of group.shares) {
      const member = snapshot.members[share.signer];
      if (member === undefined || weight >= snapshot.threshold) continue;
      weight += member.weight;
      chosen.push(share);
    }
    if (weight < snapshot.threshold) continue;
    return {
      digest: group.digest,
      batch: group.batch,
      signature: aggregateSignatures(chosen.map((s) => s.signature)),
      signersBitmap: signersBitmap(
        chosen.map((s) => s.signer),
        snapshot.members.length,
      ),
      signers: chosen.map((s) => s.signer),
    };
  }
  return undefined;
}

export class Submitter {
  readonly #loop: WakeableLoop;
  readonly #firstSeen = new Map<number, number>();
  /** Digests of certified batches the chain refused, per sequence: another batch for the sequence goes first. */
  readonly #failed = new Map<number, Set<string>>();
  readonly #gas: GasPayment;
  /** Whether the chain state's snapshot is known to be current (this relayer's own batch just landed). */
  #current = false;

  constructor(private readonly options: SubmitterOptions) {
    this.#gas = new GasPayment(options.chain);
    this.#loop = new WakeableLoop({
      step: () => this.step(),
      intervalMs: options.pollIntervalMs,
      retryMs: options.retryMs,
      onError: (error) => options.logger.warn('submission step failed; retrying', { error }),
    });
  }

  /** New shares are stored: try the next sequence now. */
  kick(): void {
    this.#loop.kick();
  }

  run(signal: AbortSignal): Promise<void> {
    return this.#loop.run(signal);
  }

  /** One attempt at the chain's next sequence; returns how long to wait before the next (0: at once). */
  async step(): Promise<number> {
    const { store, state, metrics, logger } = this.options;
    // Nothing stored for the chain's next sequence or later: nothing to submit, and no need to ask
    // the chain (a share that arrives kicks the loop). Shares stored while the snapshot is stale
    // (another relayer moved the chain on) are at or above the stale sequence, so they are seen.
    const last = state.last;
    if (last !== undefined && !store.hasSharesFrom(last.nextSequence)) return this.options.pollIntervalMs;
    // Right after a landing the snapshot is current (ChainState.advanced): no read before the next batch.
    const snapshot = this.#current && last !== undefined ? last : await state.read(true);
    this.#current = false;
    metrics.nextSequence.set(snapshot.nextSequence);
    const sequence = snapshot.nextSequence;
    store.prune(sequence, this.options.submissionsKept);
    for (const done of this.#failed.keys()) if (done < sequence) this.#failed.delete(done);
    const previous = store.submission(sequence);
    const groups = store.groups(sequence, snapshot.epoch);
    if (groups.length > 0 && !this.#firstSeen.has(sequence)) this.#firstSeen.set(sequence, Date.now());
    const failed = this.#failed.get(sequence) ?? new Set<string>();
    if (previous?.status === 'failed') failed.add(previous.digest);
    const certificate = certify(groups, snapshot, failed);
    if (certificate === undefined) return this.options.pollIntervalMs;
    const firstSeen = this.#firstSeen.get(sequence);
    if (firstSeen !== undefined) metrics.certifyLagSeconds.observe((Date.now() - firstSeen) / 1000);
    // Only a batch that already failed is left: again after the backoff.
    if (failed.has(certificate.digest) && previous !== undefined && Date.now() - previous.updatedAt < this.options.retryMs) {
      return this.options.retryMs;
    }
    const attempts = (previous?.attempts ?? 0) + 1;
    store.recordSubmission({ sequence, epoch: snapshot.epoch, digest: certificate.digest, status: 'submitting', attempts });
    const tx = new Transaction();
    const payout = this.options.client.processResultBatch(tx, {
      epoch: snapshot.epoch,
      batch: certificate.batch,
      signature: certificate.signature,
      signersBitmap: certificate.signersBitmap,
    });
    // The fees join the gas coin: the relayer keeps one coin instead of a new one per batch.
    tx.mergeCoins(tx.gas, [payout]);
    const started = Date.now();
    let result: Awaited<ReturnType<typeof signAndExecute>>;
    const coin = this.#gas.coin();
    try {
      result = await signAndExecute(this.#gas.chain, tx, this.options.keypair, coin === undefined ? {} : { gasPayment: [coin] });
      this.#gas.executed(result, tx.getData().gasData.payment?.[0]?.objectId);
    } catch (error) {
      this.#gas.forget();
      if (error instanceof TransactionRejectedError && error.code === ChainErrorCodes.TX_TOO_LARGE) {
        // Refused before it ran: nothing executed, the batch can never land as it is.
        return this.#failedBatch(sequence, snapshot.epoch, certificate.digest, attempts, null, error.message);
      }
      // The transaction may or may not have executed: the next step reads the chain before anything is sent again.
      metrics.submissions.inc({ outcome: 'unknown' });
      logger.warn('result batch submission has no answer; checking the chain before any retry', { sequence, attempts, error });
      return this.options.retryMs;
    }
    metrics.submitSeconds.observe((Date.now() - started) / 1000);
    if (result.status.success) {
      store.recordSubmission({
        sequence,
        epoch: snapshot.epoch,
        digest: certificate.digest,
        status: 'landed',
        attempts,
        txDigest: result.digest,
      });
      metrics.submissions.inc({ outcome: 'landed' });
      metrics.landedResults.inc(undefined, decodeResultBatch(certificate.batch).results.length);
      this.#firstSeen.delete(sequence);
      if (!result.events.some((e) => e.type.endsWith(COMMITTEE_SET))) {
        state.advanced(sequence + 1);
        this.#current = state.last?.nextSequence === sequence + 1;
      }
      logger.info('result batch landed', { sequence, tx: result.digest, signers: certificate.signers });
      return 0;
    }
    if (isAbort(result, 'coordinator', 'EOutOfSequence')) {
      store.recordSubmission({
        sequence,
        epoch: snapshot.epoch,
        digest: certificate.digest,
        status: 'lost-race',
        attempts,
        txDigest: result.digest,
      });
      metrics.submissions.inc({ outcome: 'lost-race' });
      logger.info('another relayer landed the batch first', { sequence });
      return 0;
    }
    return this.#failedBatch(sequence, snapshot.epoch, certificate.digest, attempts, result.digest, JSON.stringify(result.status.error));
  }

  /** The chain refused the certified batch `digest` for `sequence`: another one for the sequence goes first. */
  #failedBatch(sequence: number, epoch: bigint, digest: string, attempts: number, txDigest: string | null, detail: string): number {
    const { store, metrics, logger } = this.options;
    store.recordSubmission({ sequence, epoch, digest, status: 'failed', attempts, txDigest, detail });
    const failed = this.#failed.get(sequence) ?? new Set<string>();
    failed.add(digest);
    this.#failed.set(sequence, failed);
    metrics.submissions.inc({ outcome: 'failed' });
    logger.error('the chain refused a certified result batch', { sequence, digest, error: detail });
    const others = store.groups(sequence, epoch).some((g) => !failed.has(g.digest));
    return others ? 0 : this.options.retryMs;
  }
}

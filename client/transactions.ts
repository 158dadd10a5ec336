/**
 * The client's transactions: signed by the user's signer and sent one at a time, and what their
 * results say (the events they emitted, the objects they created).
 *
 * One at a time, because each transaction picks the gas coin the previous one left and reads the
 * versions of the owned objects it uses (a cap, say) when it is built: two built at once would
 * spend one version of an object twice and one of them would fail. A transaction whose answer is
 * lost is sent again as the same bytes by the chain client underneath (client/retrying-chain.ts).
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';
import type { Chain, TransactionResult } from '../chain/chain.ts';
import { type DWalletEvent, decodeEvent, type EventName } from '../chain/schemas/events.ts';
import { REQUEST_KINDS, type SessionKind } from '../chain/schemas/requests.ts';
import { signAndExecute } from '../chain/transaction-signer.ts';
import { ClientError, ClientErrorCodes, TransactionFailedError } from './errors.ts';
import { type RequestedSession, requestOf } from './wait.ts';

/** The fields of an event, by its name. */
export type EventValue<N extends EventName> = Extract<DWalletEvent, { name: N }>['value'];

/** A transaction the client sent, as `onTransaction` reports it. */
export interface SentTransaction {
  /** What it does: `create dWallet`, `claim presign`, `sign`, … */
  readonly what: string;
  /**
   * `sending`: on its way; `executed`: on chain; `failed`: on chain and aborted (nothing recorded
   * but gas); `unknown`: the chain did not answer, it may or may not have executed.
   */
  readonly status: 'sending' | 'executed' | 'failed' | 'unknown';
  readonly digest: string | null;
  /** The sessions it requested (executed transactions only). */
  readonly requests: readonly RequestedSession[];
}

/** The signer, or NO_SIGNER for a client connected without one (read-only). */
export function requireSigner(signer: Signer | null): Signer {
  if (signer === null) {
    throw new ClientError(ClientErrorCodes.NO_SIGNER, 'this client was connected without a signer (read-only): it cannot send requests');
  }
  return signer;
}

export interface TransactionQueueOptions {
  readonly chain: Chain;
  /** The `dwallet` package, whose events the results are read for. */
  readonly packageId: string;
  /** Null for a read-only client: every transaction is then a NO_SIGNER error. */
  readonly signer: Signer | null;
  /** Once it aborts, nothing more is sent (ABORTED); a transaction already on its way is not recalled. */
  readonly signal?: AbortSignal;
  readonly onTransaction?: (transaction: SentTransaction) => void;
}

export class TransactionQueue {
  readonly #options: TransactionQueueOptions;
  /** The end of the last transaction queued. */
  #submitted: Promise<unknown> = Promise.resolve();

  constructor(options: TransactionQueueOptions) {
    this.#options = options;
  }

  /**
   * Signs and executes a transaction after the ones queued before it. `build` runs in the
   * transaction's turn, so the object versions it reads are the ones the previous transactions
   * left. `onTransaction` hears of the transaction as it leaves and of what the chain answered.
   *
   * `options.gasBudget` fixes the budget: the transaction is sent without a simulation first, so
   * one that aborts is executed on chain (its gas spent) rather than stopped by its simulation.
   *
   * Errors: NO_SIGNER (read-only client), ABORTED (the signal aborted before it was sent; nothing
   * was), TRANSACTION_FAILED ({@link TransactionFailedError}: executed and aborted), and the
   * chain's own errors (refused, or no answer: `onTransaction` then says `unknown`).
   */
  async execute(
    what: string,
    build: Transaction | (() => Promise<Transaction>),
    options: { readonly gasBudget?: bigint } = {},
  ): Promise<TransactionResult> {
    const { chain, signal, onTransaction } = this.#options;
    const signer = requireSigner(this.#options.signer);
    const turn = this.#submitted.then(async () => {
      if (signal?.aborted) {
        throw new ClientError(ClientErrorCodes.ABORTED, `stopped before sending the ${what} transaction`, { what });
      }
      const tx = typeof build === 'function' ? await build() : build;
      onTransaction?.({ what, status: 'sending', digest: null, requests: [] });
      try {
        return await signAndExecute(chain, tx, signer, options.gasBudget === undefined ? {} : { gasBudget: options.gasBudget });
      } catch (error) {
        onTransaction?.({ what, status: 'unknown', digest: null, requests: [] });
        throw error;
      }
    });
    this.#submitted = turn.catch(() => {});
    const result = await turn;
    const requests = result.status.success ? decodedEvents(this.#options.packageId, result).flatMap((event) => requestOf(event) ?? []) : [];
    onTransaction?.({ what, status: result.status.success ? 'executed' : 'failed', digest: result.digest, requests });
    if (!result.status.success) throw new TransactionFailedError(what, result.digest, result.status.error);
    return result;
  }
}

/** The package's events a transaction emitted, decoded (others are left out). */
export function decodedEvents(packageId: string, result: TransactionResult): DWalletEvent[] {
  return result.events.flatMap((event) => {
    try {
      return [decodeEvent(packageId, event.type, event.bcs)];
    } catch {
      return [];
    }
  });
}

/** The first `name` event of a transaction; CHAIN_DATA_INVALID when it emitted none. */
export function eventOf<N extends EventName>(packageId: string, result: TransactionResult, name: N): EventValue<N> {
  for (const decoded of decodedEvents(packageId, result)) {
    if (decoded.name === name) return decoded.value as EventValue<N>;
  }
  throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the transaction ${result.digest} emitted no ${name} event`, {
    digest: result.digest,
  });
}

/** The fields of the request event of a `K` request. */
export type RequestEventValue<K extends SessionKind> = EventValue<(typeof REQUEST_KINDS)[K]['requestEvent']>;

/** The request event of a `kind` request a transaction made; CHAIN_DATA_INVALID when it made none. */
export function requestEventOf<K extends SessionKind>(packageId: string, result: TransactionResult, kind: K): RequestEventValue<K> {
  return eventOf(packageId, result, REQUEST_KINDS[kind].requestEvent) as RequestEventValue<K>;
}

/** The id of the `coordinator::<struct>` object a transaction created; CHAIN_DATA_INVALID when it created none. */
export function createdObjectId(packageId: string, result: TransactionResult, struct: string): string {
  const type = `${packageId}::coordinator::${struct}`;
  const change = result.changedObjects.find((c) => c.change === 'created' && c.type === type);
  if (change === undefined) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the transaction ${result.digest} created no ${struct}`, {
      digest: result.digest,
    });
  }
  return change.objectId;
}

/**
 * A `Chain` whose calls are retried on transport failures: an HTTP connection the server closed
 * while idle (a keep-alive race), a timeout while the chain is busy, or a brief outage should not
 * fail a user's request half-way. Reads are idempotent. A transaction is sent again as the same
 * signed bytes: a chain executes a transaction at most once and answers a repeat with the recorded
 * result (the local chain and Sui both key transactions by digest), so a resubmission either
 * executes a transaction that never arrived or learns the outcome of one whose answer was lost.
 * @module
 */
import type {
  Chain,
  ChainObject,
  Deployment,
  EventCursor,
  EventPage,
  ListEventsQuery,
  OwnedObjectsPage,
  SignedTransaction,
  SimulatedTransaction,
  TransactionResult,
} from '../chain/chain.ts';
import { ChainErrorCodes, ChainTransportError } from '../chain/errors.ts';

export class RetryingChain implements Chain {
  /** The inner chain's wait for its next event, when it has one (the local chain's long poll; a wait is idempotent). */
  readonly waitForEvents?: (after: EventCursor | null, timeoutMs: number, signal?: AbortSignal) => Promise<boolean>;
  /** The inner chain's transaction times, when it has them. */
  readonly transactionTime?: (digest: string) => Promise<number | null>;

  constructor(
    readonly inner: Chain,
    private readonly attempts = 4,
    private readonly backoffMs = 100,
  ) {
    const wait = inner.waitForEvents?.bind(inner);
    if (wait !== undefined) this.waitForEvents = (after, timeoutMs, signal) => this.#retry(() => wait(after, timeoutMs, signal));
    const time = inner.transactionTime?.bind(inner);
    if (time !== undefined) this.transactionTime = (digest) => this.#retry(() => time(digest));
  }

  async #retry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const transient = error instanceof ChainTransportError && error.code === ChainErrorCodes.TRANSPORT_FAILED;
        if (!transient || attempt >= this.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * attempt));
      }
    }
  }

  deployment(): Promise<Deployment> {
    return this.#retry(() => this.inner.deployment());
  }

  executeTransaction(transaction: SignedTransaction): Promise<TransactionResult> {
    return this.#retry(() => this.inner.executeTransaction(transaction));
  }

  /** A simulation commits nothing, so it is retried as a read. */
  simulateTransaction(transaction: Uint8Array): Promise<SimulatedTransaction> {
    return this.#retry(() => this.inner.simulateTransaction(transaction));
  }

  listEvents(query?: ListEventsQuery): Promise<EventPage> {
    return this.#retry(() => this.inner.listEvents(query));
  }

  getObject(objectId: string): Promise<ChainObject | null> {
    return this.#retry(() => this.inner.getObject(objectId));
  }

  listOwnedObjects(owner: string, options?: { type?: string; cursor?: string | null; limit?: number }): Promise<OwnedObjectsPage> {
    return this.#retry(() => this.inner.listOwnedObjects(owner, options));
  }

  getReferenceGasPrice(): Promise<bigint> {
    return this.#retry(() => this.inner.getReferenceGasPrice());
  }
}

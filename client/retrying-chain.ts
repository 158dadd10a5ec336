/**
 * A `Chain` whose reads are retried on transport failures: an HTTP connection the server closed
 * while idle (a keep-alive race) or a brief outage should not fail a user's request half-way.
 * Reads are idempotent; `executeTransaction` is passed through once (a failure there is reported
 * as is: the transaction may or may not have executed).
 * @module
 */
import type {
  Chain,
  ChainObject,
  Deployment,
  EventPage,
  ListEventsQuery,
  OwnedObjectsPage,
  SignedTransaction,
  TransactionResult,
} from '../chain/chain.ts';
import { ChainErrorCodes, ChainTransportError } from '../chain/errors.ts';

export class RetryingChain implements Chain {
  constructor(
    readonly inner: Chain,
    private readonly attempts = 4,
    private readonly backoffMs = 100,
  ) {}

  async #read<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        const transient = error instanceof ChainTransportError && error.code === ChainErrorCodes.TRANSPORT_FAILED;
        if (!transient || attempt >= this.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * attempt));
      }
    }
  }

  deployment(): Promise<Deployment> {
    return this.#read(() => this.inner.deployment());
  }

  executeTransaction(transaction: SignedTransaction): Promise<TransactionResult> {
    return this.inner.executeTransaction(transaction);
  }

  listEvents(query?: ListEventsQuery): Promise<EventPage> {
    return this.#read(() => this.inner.listEvents(query));
  }

  getObject(objectId: string): Promise<ChainObject | null> {
    return this.#read(() => this.inner.getObject(objectId));
  }

  listOwnedObjects(owner: string, options?: { type?: string; cursor?: string | null; limit?: number }): Promise<OwnedObjectsPage> {
    return this.#read(() => this.inner.listOwnedObjects(owner, options));
  }

  getReferenceGasPrice(): Promise<bigint> {
    return this.#read(() => this.inner.getReferenceGasPrice());
  }
}

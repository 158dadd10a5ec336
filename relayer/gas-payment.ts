/**
 * The relayer's gas, known without asking the chain before every submission. Building a
 * transaction needs the reference gas price and a gas coin's reference (version and digest);
 * asked afresh each time (chain/transaction-signer.ts) they cost two chain round trips before the
 * submission itself, and listing the owner's coins grows with every coin it holds. Both are kept
 * here instead:
 *
 *  - the reference gas price changes only at a Sui epoch boundary (once a day on Sui), so a price
 *    read is reused for `priceMaxAgeMs`;
 *  - the gas coin is owned by this relayer alone (one submitter per key), so the reference the
 *    chain returns for it in each transaction's effects (`changedObjects`: it is mutated by every
 *    executed transaction, failed ones included, since gas is charged) is the coin's next input;
 *    Sui SDKs' serial executors keep the coin the same way.
 *
 * A submission that was not executed (its simulation failed: chain/transaction-signer.ts) leaves
 * the coin as it was. Anything unexpected — a submission without an answer, a transaction the chain refused before
 * executing it (a stale reference, an insufficient coin), effects that do not name the coin —
 * forgets both, and the next submission reads them from the chain again, as before.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Chain, ObjectRef, TransactionResult } from '../chain/chain.ts';

/** How long a reference gas price read is reused (Sui changes it only between epochs). */
export const GAS_PRICE_MAX_AGE_MS = 60_000;

export class GasPayment {
  #price: { value: bigint; readAt: number } | undefined;
  #coin: ObjectRef | undefined;
  /** The chain as the transaction signer sees it: every call goes through, the gas price comes from {@link price}. */
  readonly chain: Chain;

  constructor(
    inner: Chain,
    private readonly priceMaxAgeMs = GAS_PRICE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.#inner = inner;
    this.chain = {
      deployment: () => inner.deployment(),
      executeTransaction: (transaction) => inner.executeTransaction(transaction),
      simulateTransaction: (transaction) => inner.simulateTransaction(transaction),
      listEvents: (query) => inner.listEvents(query),
      getObject: (objectId) => inner.getObject(objectId),
      listOwnedObjects: (owner, options) => inner.listOwnedObjects(owner, options),
      getReferenceGasPrice: () => this.price(),
    };
  }

  readonly #inner: Chain;

  /** The reference gas price, read again once it is older than the maximum age. */
  async price(): Promise<bigint> {
    const cached = this.#price;
    if (cached !== undefined && this.now() - cached.readAt < this.priceMaxAgeMs) return cached.value;
    const value = await this.#inner.getReferenceGasPrice();
    this.#price = { value, readAt: this.now() };
    return value;
  }

  /** The gas coin to pay with, if its reference is known from the last transaction (else the signer picks one). */
  coin(): ObjectRef | undefined {
    return this.#coin;
  }

  /** Learns the coin's next reference from the effects of a transaction paid with `paidWith` (the coin used). */
  executed(result: TransactionResult, paidWith: string | undefined): void {
    // Not executed (its simulation failed, so it was not sent): the coin is as it was.
    if (!result.status.success && result.changedObjects.length === 0) return;
    const id = paidWith === undefined ? undefined : normalizeSuiAddress(paidWith);
    const change = result.changedObjects.find((c) => normalizeSuiAddress(c.objectId) === id);
    if (change === undefined || change.version === null || change.digest === null || change.change !== 'mutated') {
      this.forget();
      return;
    }
    this.#coin = { objectId: change.objectId, version: change.version, digest: change.digest };
  }

  /** Something unexpected happened: read the price and the coin from the chain next time. */
  forget(): void {
    this.#price = undefined;
    this.#coin = undefined;
  }
}

/**
 * The `Chain` interface: what every other part of the system needs from Sui, implemented by
 * `chain/local` (the embedded ledger, in process or over HTTP) and `chain/sui` (a Sui full node
 * over gRPC). The shapes follow Sui's: objects with ids, versions, digests and owners; events
 * with ids (transaction digest + sequence) in checkpoints; transactions that either succeed or
 * fail with a Move abort and change nothing but gas.
 *
 * Bytes are `Uint8Array`, u64 quantities are `bigint`, addresses and ids are 0x-prefixed 64-hex
 * strings, digests base58.
 * @module
 */

export type ObjectOwner =
  | { kind: 'address'; address: string }
  | { kind: 'shared'; initialSharedVersion: bigint }
  /** A child object (an entry of an `ObjectTable`), readable by id. */
  | { kind: 'object'; parentId: string }
  | { kind: 'immutable' };

export interface ObjectRef {
  objectId: string;
  version: bigint;
  digest: string;
}

export interface ChainObject extends ObjectRef {
  /** Full Move type, e.g. `0x…::coordinator::DWalletCap`. */
  type: string;
  owner: ObjectOwner;
  /** BCS of the Move struct (decode with `chain/schemas/objects.ts`). */
  bcs: Uint8Array;
}

/** Opaque position in the event stream; resume with `listEvents({ after: cursor })`. */
export type EventCursor = string;

export interface ChainEvent {
  id: { txDigest: string; eventSeq: number };
  /** Position just after this event; null on events returned by `executeTransaction`. */
  cursor: EventCursor | null;
  checkpoint: bigint | null;
  timestampMs: number | null;
  packageId: string;
  /** Module of the function the transaction called. */
  module: string;
  sender: string;
  /** Full Move type of the event, `<package>::events::<Name>`. */
  type: string;
  bcs: Uint8Array;
}

export interface EventPage {
  events: ChainEvent[];
  /** Where the next page starts (after the last event returned, or where the scan stopped). */
  nextCursor: EventCursor | null;
  hasNextPage: boolean;
}

export interface ListEventsQuery {
  /** Events strictly after this position; from the first event when absent. */
  after?: EventCursor | null;
  limit?: number;
}

export type ExecutionError =
  | {
      kind: 'MoveAbort';
      packageId: string;
      module: string;
      functionName: string | null;
      code: number;
      /** The abort constant's name when the module is known (`chain/abort-codes.ts`). */
      abortName: string | null;
      command: number | null;
      message: string;
    }
  | { kind: 'CommandArgumentError'; command: number | null; argument: number; reason: string; message: string }
  | { kind: 'UnusedValueWithoutDrop'; command: number | null; message: string }
  | { kind: 'Other'; command: number | null; message: string };

export type ExecutionStatus = { success: true } | { success: false; error: ExecutionError };

export interface ObjectChange {
  objectId: string;
  change: 'created' | 'mutated' | 'deleted' | 'wrapped' | 'unwrapped';
  /** Version and digest after the transaction (null once deleted or wrapped). */
  version: bigint | null;
  digest: string | null;
  type: string | null;
  owner: ObjectOwner | null;
  /**
   * The object before the transaction, when the chain reports it (the local chain does, to answer
   * Sui's effects; absent for an object that did not exist or was wrapped before).
   */
  input?: { version: bigint; digest: string; owner: ObjectOwner };
}

/**
 * What a transaction paid, as Sui's effects report it (`GasCostSummary`): computation, the storage
 * of every object it wrote, and the rebate of the storage it freed or rewrote (the sender's part;
 * the rest, `nonRefundableStorageFee`, stays with the chain). The gas coin pays
 * {@link netGasCost}: computation + storage − rebate, which is negative (a credit) when a
 * transaction frees more storage than it fills.
 */
export interface GasCostSummary {
  computationCost: bigint;
  storageCost: bigint;
  storageRebate: bigint;
  nonRefundableStorageFee: bigint;
}

/** What the gas coin paid: computation + storage − rebate (Sui's `net_gas_usage`); negative is a credit. */
export function netGasCost(gas: GasCostSummary): bigint {
  return gas.computationCost + gas.storageCost - gas.storageRebate;
}

export interface TransactionResult {
  digest: string;
  status: ExecutionStatus;
  checkpoint: bigint | null;
  gasUsed: GasCostSummary;
  /**
   * Every object the transaction changed. An executed transaction always changes its gas coin, so
   * a result without changes was not executed: `signAndExecute` (chain/transaction-signer.ts)
   * returns such a failed result when the transaction's simulation fails.
   */
  changedObjects: ObjectChange[];
  events: ChainEvent[];
}

/**
 * A transaction run without being committed (`Chain.simulateTransaction`): what it would do and
 * pay on the chain's current state. Nothing is recorded and no gas is charged; its events have no
 * cursor, checkpoint or timestamp.
 */
export type SimulatedTransaction = Omit<TransactionResult, 'checkpoint'>;

/** BCS `TransactionData` bytes with the serialized signatures (base64, flag ‖ sig ‖ pk). */
export interface SignedTransaction {
  bytes: Uint8Array;
  signatures: string[];
}

/** Where the `dwallet` package lives on a chain. */
/**
 * Where the dwallet package lives. A Sui package keeps the id it was first published at as the
 * name of its types (and so of its events, and the modules in abort locations), whatever later
 * versions an upgrade publishes; calls go to the version they name. So types and event filters
 * use `packageId`, calls `latestPackageId` (`callPackageId`).
 */
export interface Deployment {
  /** The package's original id: its types, events and abort locations are named by it. */
  packageId: string;
  /** The id of its latest version, when an upgrade published one: calls go there. */
  latestPackageId?: string;
  coordinatorId: string;
  coordinatorInitialSharedVersion: bigint;
}

/** The package version calls go to: the latest, or the original when never upgraded. */
export function callPackageId(deployment: Deployment): string {
  return deployment.latestPackageId ?? deployment.packageId;
}

export interface OwnedObjectsPage {
  objects: ChainObject[];
  nextCursor: string | null;
}

export interface Chain {
  deployment(): Promise<Deployment>;
  /** Executes a signed transaction; a Move abort is a result with a failed status, not an exception. */
  executeTransaction(transaction: SignedTransaction): Promise<TransactionResult>;
  /**
   * Runs a transaction (its BCS `TransactionData`, unsigned) on the chain's current state without
   * committing anything, as Sui's `SimulateTransaction` with its checks enabled: the same
   * refusals as execution (stale references, gas coins below the budget …) are errors, a
   * transaction that runs and fails is a result with a failed status. A transaction without gas
   * payment runs with Sui's mock gas coin (a coin of 10^18 MIST owned by the sender), so its
   * budget can be anything up to the chain's maximum whatever the sender holds.
   */
  simulateTransaction(transaction: Uint8Array): Promise<SimulatedTransaction>;
  /** The package's events in chain order. */
  listEvents(query?: ListEventsQuery): Promise<EventPage>;
  /**
   * Resolves `true` as soon as the chain holds an event after `after` (at once if it already
   * does), `false` after `timeoutMs` without one or once `signal` aborts. A follower that has
   * caught up waits here instead of sleeping its poll interval, so it sees a new event when it is
   * recorded and asks nothing while the chain is quiet. Optional: a chain without it is polled
   * (the local chain serves it as a long poll, chain/local/server.ts; on Sui it would be a
   * subscription to the full node's checkpoint stream, gRPC `SubscribeCheckpoints`, which
   * chain/sui does not use yet).
   */
  waitForEvents?(after: EventCursor | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /**
   * The checkpoint time (ms) of an executed transaction; null when the node does not know it.
   * Events listed by Sui's `ListEvents` carry their checkpoint but no time, so a reader that
   * records when something happened (the indexer) asks here, once per transaction. Optional: a
   * chain whose listed events carry their time needs none.
   */
  transactionTime?(digest: string): Promise<number | null>;
  /** An object by id; null when it does not exist (never did, deleted or wrapped). */
  getObject(objectId: string): Promise<ChainObject | null>;
  listOwnedObjects(owner: string, options?: { type?: string; cursor?: string | null; limit?: number }): Promise<OwnedObjectsPage>;
  getReferenceGasPrice(): Promise<bigint>;
}

/** Whether a result failed with the named abort of `module` of the dwallet package. */
export function isAbort(result: TransactionResult, module: string, abortName: string): boolean {
  return (
    !result.status.success &&
    result.status.error.kind === 'MoveAbort' &&
    result.status.error.module === module &&
    result.status.error.abortName === abortName
  );
}

/**
 * The `Chain` interface on a real Sui full node through `SuiGrpcClient` (`@mysten/sui/grpc`),
 * configured by the node's URL (or an `RpcTransport`) and the published package and coordinator.
 *
 * Events: the package's events are listed with an `eventType` filter on `<package>::events`,
 * ascending, paged by the gRPC `endCursor`. gRPC only gives a cursor per page, so the cursor of
 * an event inside a page is `<page start cursor>#<events to skip>`; resuming from it re-reads that
 * page and skips what was already handed over (events after a cursor never change, so this is
 * exact). The last event of a page gets the page's own `endCursor`. Waiting for the next event
 * (`waitForEvents`) follows the node's live checkpoint stream (SubscriptionService) and looks for
 * events at each new checkpoint, instead of polling.
 * @module
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { type RpcTransport, SuiGrpcClient } from '@mysten/sui/grpc';
import { isValidSuiAddress, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { abortName } from '../abort-codes.ts';
import type {
  Chain,
  ChainEvent,
  ChainObject,
  Deployment,
  EventCursor,
  EventPage,
  ExecutionError,
  GasCostSummary,
  ListEventsQuery,
  ObjectChange,
  ObjectOwner,
  OwnedObjectsPage,
  SignedTransaction,
  SimulatedTransaction,
  TransactionResult,
} from '../chain.ts';
import { ChainDataError, ChainErrorCodes, ChainRequestError, ChainTransportError, TransactionRejectedError } from '../errors.ts';
import { isDigest } from '../wire.ts';
import { cursorRefusal, executionRefusal, grpcCodeOf, transportError } from './refusals.ts';

export interface SuiChainOptions {
  network: 'mainnet' | 'testnet' | 'devnet' | 'localnet';
  /** gRPC(-web) URL of the full node, e.g. `https://fullnode.testnet.sui.io:443`. */
  url?: string;
  /** A transport to use instead of `url` (tests, custom interceptors). */
  transport?: RpcTransport;
  /** The `fetch` the gRPC-web transport of `url` uses (default: the global one). */
  fetch?: typeof fetch;
  /** The package's original id (its types and events are named by it). */
  packageId: string;
  /** The id of its latest version after an upgrade (calls go there); default: `packageId`. */
  latestPackageId?: string;
  coordinatorId: string;
  /** Read from the coordinator object on first use when not given. */
  coordinatorInitialSharedVersion?: bigint;
}

/** gRPC servers cap pages at 50 events. */
const MAX_PAGE = 50;

interface SplitCursor {
  base: string | null;
  skip: number;
}

/** A node's cursors are base64 (gRPC `bytes`, which @mysten/sui decodes before sending). */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

/** Encodes a position inside a page: the page's start cursor and how many of its events to skip. */
export function encodeSuiEventCursor(cursor: SplitCursor): string {
  if (cursor.skip === 0) {
    if (cursor.base === null) throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, 'the start of the event stream has no cursor');
    return cursor.base;
  }
  return `${cursor.base ?? ''}#${cursor.skip}`;
}

export function decodeSuiEventCursor(cursor: string): SplitCursor {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 1024) {
    throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, 'not a Sui event cursor');
  }
  const hash = cursor.lastIndexOf('#');
  if (hash < 0) {
    if (!isBase64(cursor)) throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, `not a Sui event cursor: ${cursor.slice(0, 80)}`);
    return { base: cursor, skip: 0 };
  }
  const skip = cursor.slice(hash + 1);
  if (!/^[1-9][0-9]{0,3}$/.test(skip))
    throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, `bad skip count in Sui event cursor ${cursor}`);
  const base = cursor.slice(0, hash);
  if (base !== '' && !isBase64(base))
    throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, `not a Sui event cursor: ${cursor.slice(0, 80)}`);
  return { base: base === '' ? null : base, skip: Number(skip) };
}

function mapOwner(owner: SuiClientTypes.ObjectOwner | null | undefined): ObjectOwner | null {
  if (!owner) return null;
  switch (owner.$kind) {
    case 'AddressOwner':
      return { kind: 'address', address: normalizeSuiAddress(owner.AddressOwner) };
    case 'ObjectOwner':
      return { kind: 'object', parentId: normalizeSuiAddress(owner.ObjectOwner) };
    case 'Shared':
      return { kind: 'shared', initialSharedVersion: BigInt(owner.Shared.initialSharedVersion) };
    case 'Immutable':
      return { kind: 'immutable' };
    default:
      return null;
  }
}

/**
 * `@mysten/sui` names a command argument error by its protobuf enum in PascalCase
 * (`INVALID_BCS_BYTES` → `InvalidBcsBytes`); errors here carry Sui's own names
 * (`sui-types` `CommandArgumentError`), which differ only where Sui writes an acronym.
 */
const RUST_ARGUMENT_ERROR_NAMES: Readonly<Record<string, string>> = { InvalidBcsBytes: 'InvalidBCSBytes' };

/**
 * `packageIds`: the dwallet package's ids (original, and latest after an upgrade). An abort
 * location names a module by its package's original (runtime) id; the latest is accepted too.
 */
function mapExecutionError(packageIds: readonly string[], error: SuiClientTypes.ExecutionError | null): ExecutionError {
  const command = error?.command ?? null;
  const message = error?.message ?? 'transaction failed';
  if (error?.$kind === 'MoveAbort') {
    const location = error.MoveAbort.location;
    const abortPackage = normalizeSuiAddress(location?.package ?? '0x0');
    const module = location?.module ?? '';
    const code = Number(error.MoveAbort.abortCode);
    const framework = abortPackage === normalizeSuiAddress('0x2');
    return {
      kind: 'MoveAbort',
      packageId: abortPackage,
      module,
      functionName: location?.functionName ?? null,
      code,
      abortName: packageIds.includes(abortPackage) || framework ? (abortName(module, code, framework) ?? null) : null,
      command,
      message,
    };
  }
  if (error?.$kind === 'CommandArgumentError') {
    const name = error.CommandArgumentError.name;
    return {
      kind: 'CommandArgumentError',
      command,
      argument: error.CommandArgumentError.argument,
      reason: RUST_ARGUMENT_ERROR_NAMES[name] ?? name,
      message,
    };
  }
  // A kind without details reaches @mysten/sui as `Unknown` with the node's description: Sui's text for it.
  if (error?.$kind === 'Unknown' && /UnusedValueWithoutDrop|Unused result without the drop ability/.test(message)) {
    return { kind: 'UnusedValueWithoutDrop', command, message };
  }
  return { kind: 'Other', command, message };
}

/** The object before the transaction, when the node reports it (it existed, with its version, digest and owner). */
function inputOf(change: SuiClientTypes.ChangedObject): Pick<ObjectChange, 'input'> {
  const owner = mapOwner(change.inputOwner);
  if (change.inputState !== 'Exists' || change.inputVersion === null || change.inputDigest === null || owner === null) return {};
  return { input: { version: BigInt(change.inputVersion), digest: change.inputDigest, owner } };
}

function mapChange(change: SuiClientTypes.ChangedObject, types: Record<string, string> | undefined): ObjectChange {
  const created = change.idOperation === 'Created';
  const deleted = change.idOperation === 'Deleted';
  const gone = change.outputState === 'DoesNotExist';
  const kind: ObjectChange['change'] = created
    ? 'created'
    : deleted
      ? 'deleted'
      : gone
        ? 'wrapped'
        : change.inputState === 'DoesNotExist'
          ? 'unwrapped'
          : 'mutated';
  return {
    objectId: normalizeSuiAddress(change.objectId),
    change: kind,
    version: change.outputVersion ? BigInt(change.outputVersion) : null,
    digest: change.outputDigest ?? null,
    type: types?.[change.objectId] ?? null,
    owner: mapOwner(change.outputOwner),
    ...inputOf(change),
  };
}

/** The effects' gas summary; a number that is not a u64 is a response we do not understand. */
function gasCostSummary(gas: SuiClientTypes.GasCostSummary | undefined): GasCostSummary {
  const amount = (value: string | undefined, what: string): bigint => {
    if (value === undefined) return 0n;
    if (!/^[0-9]{1,20}$/.test(value) || BigInt(value) >= 1n << 64n)
      throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `gas ${what} ${value} is not a u64`);
    return BigInt(value);
  };
  return {
    computationCost: amount(gas?.computationCost, 'computationCost'),
    storageCost: amount(gas?.storageCost, 'storageCost'),
    storageRebate: amount(gas?.storageRebate, 'storageRebate'),
    nonRefundableStorageFee: amount(gas?.nonRefundableStorageFee, 'nonRefundableStorageFee'),
  };
}

export class SuiChain implements Chain {
  readonly client: SuiGrpcClient;
  private readonly packageId: string;
  private readonly latestPackageId: string | undefined;
  private readonly coordinatorId: string;
  private initialSharedVersion: bigint | undefined;

  constructor(options: SuiChainOptions) {
    for (const [name, value] of [
      ['packageId', options.packageId],
      ['coordinatorId', options.coordinatorId],
      ...(options.latestPackageId === undefined ? [] : [['latestPackageId', options.latestPackageId] as const]),
    ] as const) {
      if (typeof value !== 'string' || !isValidSuiAddress(normalizeSuiAddress(value))) {
        throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `${name} is not a Sui address: ${String(value)}`);
      }
    }
    if (!options.transport && !options.url)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'a Sui chain needs a full node url or a transport');
    this.client = options.transport
      ? new SuiGrpcClient({ network: options.network, transport: options.transport })
      : new SuiGrpcClient({
          network: options.network,
          baseUrl: options.url as string,
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        });
    this.packageId = normalizeSuiAddress(options.packageId);
    const latest = options.latestPackageId === undefined ? undefined : normalizeSuiAddress(options.latestPackageId);
    this.latestPackageId = latest === this.packageId ? undefined : latest;
    this.coordinatorId = normalizeSuiAddress(options.coordinatorId);
    this.initialSharedVersion = options.coordinatorInitialSharedVersion;
  }

  /** The package's ids: original, and latest after an upgrade (a plain method: wrappers made with Object.create keep working). */
  private packageIds(): string[] {
    return this.latestPackageId === undefined ? [this.packageId] : [this.packageId, this.latestPackageId];
  }

  async deployment(): Promise<Deployment> {
    if (this.initialSharedVersion === undefined) {
      const coordinator = await this.getObject(this.coordinatorId);
      if (coordinator?.owner.kind !== 'shared') {
        throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `coordinator ${this.coordinatorId} is not a shared object on this network`);
      }
      this.initialSharedVersion = coordinator.owner.initialSharedVersion;
    }
    return {
      packageId: this.packageId,
      ...(this.latestPackageId === undefined ? {} : { latestPackageId: this.latestPackageId }),
      coordinatorId: this.coordinatorId,
      coordinatorInitialSharedVersion: this.initialSharedVersion,
    };
  }

  async getReferenceGasPrice(): Promise<bigint> {
    let price: string;
    try {
      price = (await this.client.getReferenceGasPrice()).referenceGasPrice;
    } catch (error) {
      throw transportError('getReferenceGasPrice', error);
    }
    if (!/^[0-9]+$/.test(price))
      throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `reference gas price ${price} is not a number`);
    return BigInt(price);
  }

  async executeTransaction(transaction: SignedTransaction): Promise<TransactionResult> {
    // @mysten/sui decodes the signatures before sending: a malformed one is refused here, typed as the node would.
    if (transaction.signatures.length === 0 || !transaction.signatures.every((s) => typeof s === 'string' && isBase64(s))) {
      throw new TransactionRejectedError(
        ChainErrorCodes.TX_BAD_SIGNATURE,
        'a transaction needs its signatures, each a base64 serialized Sui signature',
      );
    }
    let response: SuiClientTypes.TransactionResult<{ effects: true; events: true; objectTypes: true }>;
    try {
      response = await this.client.executeTransaction({
        transaction: transaction.bytes,
        signatures: transaction.signatures,
        include: { effects: true, events: true, objectTypes: true },
      });
    } catch (error) {
      throw executionRefusal('executeTransaction', error);
    }
    const executed = response.$kind === 'Transaction' ? response.Transaction : response.FailedTransaction;
    // A full node answers with the effects before its indexes (owned objects, events) hold them:
    // the caller's next read must see this transaction, so wait until the node serves it.
    try {
      await this.client.waitForTransaction({ digest: executed.digest });
    } catch (error) {
      throw transportError('waitForTransaction', error);
    }
    return this.resultOf(executed);
  }

  /**
   * Sui's `SimulateTransaction` with its checks enabled and without gas selection: a transaction
   * without gas payment runs with the node's mock gas coin, as the TypeScript SDK's own budget
   * estimation does (`@mysten/sui` core-resolver `setGasBudget`).
   */
  async simulateTransaction(transaction: Uint8Array): Promise<SimulatedTransaction> {
    let response: SuiClientTypes.SimulateTransactionResult<{ effects: true; events: true; objectTypes: true }>;
    try {
      response = await this.client.simulateTransaction({
        transaction,
        include: { effects: true, events: true, objectTypes: true },
        doGasSelection: false,
      });
    } catch (error) {
      throw executionRefusal('simulateTransaction', error);
    }
    const { checkpoint: _, ...simulated } = this.resultOf(
      response.$kind === 'Transaction' ? response.Transaction : response.FailedTransaction,
    );
    return simulated;
  }

  private resultOf(executed: SuiClientTypes.Transaction<{ effects: true; events: true; objectTypes: true }>): TransactionResult {
    const effects = executed.effects;
    const gasUsed = gasCostSummary(effects?.gasUsed);
    const events: ChainEvent[] = (executed.events ?? []).map((event, eventSeq) => ({
      id: { txDigest: executed.digest, eventSeq },
      cursor: null,
      checkpoint: executed.checkpoint ? BigInt(executed.checkpoint) : null,
      timestampMs: executed.timestampMs ?? null,
      packageId: normalizeSuiAddress(event.packageId),
      module: event.module,
      sender: normalizeSuiAddress(event.sender),
      type: normalizeStructTag(event.eventType),
      bcs: event.bcs,
    }));
    return {
      digest: executed.digest,
      status: executed.status.success
        ? { success: true }
        : { success: false, error: mapExecutionError(this.packageIds(), executed.status.error) },
      checkpoint: executed.checkpoint ? BigInt(executed.checkpoint) : null,
      gasUsed,
      changedObjects: (effects?.changedObjects ?? []).map((change) => mapChange(change, executed.objectTypes)),
      events,
    };
  }

  async listEvents(query: ListEventsQuery = {}): Promise<EventPage> {
    const limit = Math.min(query.limit ?? MAX_PAGE, MAX_PAGE);
    if (!Number.isInteger(limit) || limit < 1)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'limit must be a positive integer');
    const position = query.after ? decodeSuiEventCursor(query.after) : { base: null, skip: 0 };
    let page: SuiClientTypes.ListEventsResponse;
    try {
      page = await this.client.listEvents({
        filter: { eventType: `${this.packageId}::events` },
        after: position.base,
        limit: Math.min(limit + position.skip, MAX_PAGE),
      });
    } catch (error) {
      throw position.base === null ? transportError('listEvents', error) : cursorRefusal('listEvents', error);
    }
    if (page.events.length < position.skip) {
      // The server scanned less this time than when the cursor was made: every event it
      // returned was handed over already; skip the rest from where this scan stopped.
      const base = page.endCursor ?? position.base;
      const skip = position.skip - (page.endCursor === null ? 0 : page.events.length);
      return { events: [], nextCursor: encodeSuiEventCursor({ base, skip }), hasNextPage: true };
    }
    const kept = page.events.slice(position.skip, position.skip + limit);
    const exhaustedPage = position.skip + kept.length >= page.events.length;
    const events: ChainEvent[] = kept.map((event, index) => {
      const consumed = position.skip + index + 1;
      const last = consumed === page.events.length && page.endCursor !== null;
      return {
        id: { txDigest: event.transactionDigest, eventSeq: event.eventIndex },
        cursor: last ? (page.endCursor as string) : encodeSuiEventCursor({ base: position.base, skip: consumed }),
        checkpoint: event.checkpoint ? BigInt(event.checkpoint) : null,
        timestampMs: null,
        packageId: normalizeSuiAddress(event.packageId),
        module: event.module,
        sender: normalizeSuiAddress(event.sender),
        type: normalizeStructTag(event.eventType),
        bcs: event.bcs,
      };
    });
    const lastEvent = events[events.length - 1];
    const nextCursor = exhaustedPage ? (page.endCursor ?? query.after ?? null) : (lastEvent?.cursor ?? query.after ?? null);
    return { events, nextCursor, hasNextPage: exhaustedPage ? page.hasNextPage : true };
  }

  private toChainObject(object: SuiClientTypes.Object<{ content: true }>): ChainObject {
    const owner = mapOwner(object.owner);
    if (!owner) throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `object ${object.objectId} has no owner we understand`);
    if (!(object.content instanceof Uint8Array))
      throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `object ${object.objectId} came without contents`);
    return {
      objectId: normalizeSuiAddress(object.objectId),
      version: BigInt(object.version),
      digest: object.digest,
      type: object.type,
      owner,
      bcs: object.content,
    };
  }

  /**
   * Resolves `true` once an event of the package after `after` exists, `false` after `timeoutMs`
   * or when `signal` aborts: the node's checkpoint stream is opened first, then the events are
   * looked at on its first frame (the tip when subscribed) and on every new checkpoint, so an event
   * recorded meanwhile is never missed.
   */
  async waitForEvents(after: EventCursor | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'timeoutMs must be a non-negative integer');
    if (signal?.aborted) return false;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop.abort(), timeoutMs);
    const found = async () => (await this.listEvents({ after, limit: 1 })).events.length > 0;
    try {
      const call = this.client.subscriptionService.subscribeCheckpoints(
        { readMask: { paths: ['sequence_number'] } },
        { abort: stop.signal },
      );
      // Subscribed first, then looked: an event recorded in between comes with a new checkpoint.
      if (await found()) return true;
      for await (const _checkpoint of call.responses) if (await found()) return true;
      return false;
    } catch (error) {
      if (error instanceof ChainRequestError) throw error;
      if (stop.signal.aborted) return false;
      throw transportError('subscribeCheckpoints', error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
    }
  }

  /**
   * An executed transaction by digest (Sui's `GetTransaction`), with its effects, events and its
   * checkpoint's time; null when the node does not know the digest. The events of `listEvents`
   * carry no time (Sui's `ListEvents` gives an event's checkpoint, not its timestamp): this is
   * where a transaction's time is read.
   */
  async getTransaction(digest: string): Promise<TransactionResult | null> {
    const transaction = await this.readTransaction(digest, { effects: true, events: true, objectTypes: true });
    return transaction === null ? null : this.resultOf(transaction);
  }

  /** The checkpoint time of an executed transaction (its `getTransaction`); null when unknown or not yet in a checkpoint. */
  async transactionTime(digest: string): Promise<number | null> {
    const transaction = await this.readTransaction(digest, {});
    return transaction?.timestampMs ?? null;
  }

  private async readTransaction<Include extends SuiClientTypes.TransactionInclude>(
    digest: string,
    include: Include,
  ): Promise<SuiClientTypes.Transaction<Include> | null> {
    if (!isDigest(digest)) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `not a transaction digest: ${String(digest).slice(0, 80)}`);
    }
    let response: SuiClientTypes.TransactionResult<Include>;
    try {
      response = await this.client.getTransaction({ digest, include });
    } catch (error) {
      if (grpcCodeOf(error) === 'NOT_FOUND' || /not found/i.test((error as Error)?.message ?? '')) return null;
      throw transportError('getTransaction', error);
    }
    return (response.$kind === 'Transaction' ? response.Transaction : response.FailedTransaction) as SuiClientTypes.Transaction<Include>;
  }

  async getObject(objectId: string): Promise<ChainObject | null> {
    if (typeof objectId !== 'string' || !isValidSuiAddress(normalizeSuiAddress(objectId))) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `not an object id: ${String(objectId)}`);
    }
    let result: SuiClientTypes.GetObjectsResponse<{ content: true }>;
    try {
      result = await this.client.getObjects({ objectIds: [normalizeSuiAddress(objectId)], include: { content: true } });
    } catch (error) {
      throw transportError('getObjects', error);
    }
    const [object] = result.objects;
    if (!object) throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, 'getObjects returned no entry');
    if (object instanceof Error) {
      if ((object as { code?: string }).code === 'notExists' || /not ?found|does not exist|deleted/i.test(object.message)) return null;
      throw transportError('getObjects', object);
    }
    return this.toChainObject(object);
  }

  async listOwnedObjects(
    owner: string,
    options: { type?: string; cursor?: string | null; limit?: number } = {},
  ): Promise<OwnedObjectsPage> {
    if (options.cursor && !isBase64(options.cursor)) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, `not a Sui owned-objects cursor: ${options.cursor.slice(0, 80)}`);
    }
    let page: SuiClientTypes.ListOwnedObjectsResponse<{ content: true }>;
    try {
      page = await this.client.listOwnedObjects({
        owner,
        type: options.type,
        cursor: options.cursor ?? null,
        limit: options.limit,
        include: { content: true },
      });
    } catch (error) {
      throw options.cursor ? cursorRefusal('listOwnedObjects', error) : transportError('listOwnedObjects', error);
    }
    return { objects: page.objects.map((o) => this.toChainObject(o)), nextCursor: page.hasNextPage ? page.cursor : null };
  }
}

/**
 * A `Chain` backed by a local chain served over HTTP (`server.ts`): what every process other
 * than the one hosting the ledger uses. Responses are validated field by field; an error the
 * server reports comes back as the same typed error (same class and code).
 * @module
 */
import { toBase64 } from '@mysten/sui/utils';
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
} from '../chain.ts';
import { ChainErrorCodes, ChainTransportError, chainErrorFromCode, isChainErrorCode } from '../errors.ts';
import {
  big,
  deploymentFromJson,
  digest as digestField,
  eventPageFromJson,
  type Fail,
  field,
  type Json,
  objectFromJson,
  ownedPageFromJson,
  simulatedTransactionFromJson,
  transactionResultFromJson,
} from '../wire.ts';

export interface LocalChainHttpClientOptions {
  /** Per-request timeout; a transaction carrying a certificate takes tens of milliseconds. */
  timeoutMs?: number;
}

export class LocalChainHttpClient implements Chain {
  private cachedDeployment: Deployment | undefined;
  private readonly timeoutMs: number;

  constructor(
    readonly url: string,
    options: LocalChainHttpClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private fail(path: string): Fail {
    return (message: string) => {
      throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `${path}: invalid response: ${message}`, { url: this.url, path });
    };
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: Json,
    allowNotFound = false,
    options: { signal?: AbortSignal | undefined; timeoutMs?: number } = {},
  ): Promise<Json | null> {
    let response: Response;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
      });
    } catch (error) {
      throw new ChainTransportError(
        ChainErrorCodes.TRANSPORT_FAILED,
        `${method} ${this.url}${path} failed: ${(error as Error).message}`,
        { url: this.url },
        { cause: error },
      );
    }
    let json: Json;
    try {
      json = await response.json();
    } catch (error) {
      throw new ChainTransportError(
        ChainErrorCodes.RESPONSE_INVALID,
        `${path}: the response (HTTP ${response.status}) is not JSON`,
        { status: response.status },
        { cause: error },
      );
    }
    if (response.ok) return json;
    const error = typeof json === 'object' && json !== null ? json.error : undefined;
    const code = error?.code;
    if (response.status === 404 && allowNotFound && code === ChainErrorCodes.NOT_FOUND) return null;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
    const details = typeof error?.details === 'object' && error.details !== null ? error.details : {};
    if (isChainErrorCode(code)) throw chainErrorFromCode(code, message, { ...details, status: response.status });
    throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `${path}: HTTP ${response.status} without a known error code`, {
      status: response.status,
    });
  }

  async deployment(): Promise<Deployment> {
    this.cachedDeployment ??= deploymentFromJson(await this.request('GET', '/v1/deployment'), this.fail('/v1/deployment'));
    return { ...this.cachedDeployment };
  }

  async getReferenceGasPrice(): Promise<bigint> {
    const json = await this.request('GET', '/v1/gas-price');
    return big(field(json, 'referenceGasPrice', this.fail('/v1/gas-price')), 'referenceGasPrice', this.fail('/v1/gas-price'));
  }

  async executeTransaction(transaction: SignedTransaction): Promise<TransactionResult> {
    const json = await this.request('POST', '/v1/transactions', {
      transaction: toBase64(transaction.bytes),
      signatures: transaction.signatures,
    });
    return transactionResultFromJson(json, this.fail('/v1/transactions'));
  }

  async simulateTransaction(transaction: Uint8Array): Promise<SimulatedTransaction> {
    const json = await this.request('POST', '/v1/transactions/simulate', { transaction: toBase64(transaction) });
    return simulatedTransactionFromJson(json, this.fail('/v1/transactions/simulate'));
  }

  async listEvents(query: ListEventsQuery = {}): Promise<EventPage> {
    const params = new URLSearchParams();
    if (query.after !== undefined && query.after !== null) params.set('after', query.after);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const json = await this.request('GET', `/v1/events?${params}`);
    return eventPageFromJson(json, this.fail('/v1/events'));
  }

  async waitForEvents(after: EventCursor | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const params = new URLSearchParams({ timeoutMs: String(timeoutMs) });
    if (after !== null) params.set('after', after);
    const path = `/v1/events/wait?${params}`;
    const aborted = () => signal?.aborted === true;
    if (aborted()) return false;
    let json: Json | null;
    try {
      // The request timeout is the wait's plus a margin (a long poll is answered at its own timeout).
      json = await this.request('GET', path, undefined, false, { signal, timeoutMs: timeoutMs + this.timeoutMs });
    } catch (error) {
      // Stopped by the caller: not a failure of the chain.
      if (aborted()) return false;
      throw error;
    }
    const ready = field(json as Json, 'ready', this.fail('/v1/events/wait'));
    if (typeof ready !== 'boolean') return this.fail('/v1/events/wait')('ready is not a boolean');
    return ready;
  }

  async getObject(objectId: string): Promise<ChainObject | null> {
    const json = await this.request('GET', `/v1/objects/${encodeURIComponent(objectId)}`, undefined, true);
    return json === null ? null : objectFromJson(json, this.fail('/v1/objects'));
  }

  async listOwnedObjects(
    owner: string,
    options: { type?: string; cursor?: string | null; limit?: number } = {},
  ): Promise<OwnedObjectsPage> {
    const params = new URLSearchParams();
    if (options.type) params.set('type', options.type);
    if (options.cursor) params.set('cursor', options.cursor);
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const json = await this.request('GET', `/v1/owned/${encodeURIComponent(owner)}?${params}`);
    return ownedPageFromJson(json, this.fail('/v1/owned'));
  }

  /** Mints SUI on the local chain (not part of `Chain`: real networks have their own faucets). */
  async faucet(address: string, amount?: bigint): Promise<{ digest: string; coin: ChainObject }> {
    const json = await this.request('POST', '/v1/faucet', { address, ...(amount === undefined ? {} : { amount: amount.toString() }) });
    const fail = this.fail('/v1/faucet');
    return { digest: digestField(field(json, 'digest', fail), 'digest', fail), coin: objectFromJson(json.coin, fail) };
  }

  async health(): Promise<{ ok: boolean; checkpoint: bigint }> {
    const json = await this.request('GET', '/health');
    const fail = this.fail('/health');
    if (field(json, 'ok', fail) !== true) fail('ok must be true');
    return { ok: true, checkpoint: big(json.checkpoint, 'checkpoint', fail) };
  }
}

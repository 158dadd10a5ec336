/**
 * A typed client of the indexer's HTTP API. The indexer is a convenience (fast queries, a live
 * stream of results), not a source of trust: every response is validated field by field, and the
 * SDK re-reads what it acts on (outputs, signatures) from the chain and verifies signatures itself.
 *
 * API (JSON; u64 quantities as decimal strings, bytes as 0x-hex; errors `{ error: { code, message } }`):
 *   GET /health                     { ok, cursor, caughtUp, lastEventAt }
 *   GET /v1/network                 { packageId, coordinatorId, epoch, committee | null, networkKeys }
 *   GET /v1/dwallets/:id            a dWallet
 *   GET /v1/dwallets?owner=&limit=&cursor=   { dwallets, nextCursor }
 *   GET /v1/sessions/:sessionId     a session
 *   GET /v1/signatures/:signId      a sign request and its signature
 *   GET /v1/partial-signatures/:id  a future-sign (partial user signature)
 *   GET /v1/presigns/pool           { pools }
 *   GET /v1/presigns/:presignId     a presign
 *   GET /v1/stream?session=&dwallet=&kind=   Server-Sent Events (`event: result`, `id: n`, JSON `data:`)
 *
 * Failures: no connection, a timeout or an HTTP 5xx is INDEXER_UNAVAILABLE; a body that is not
 * what the API promises is INDEXER_RESPONSE_INVALID; a 404 is `null` from the `get…` methods; any
 * other 4xx is INDEXER_REQUEST_FAILED with the indexer's code and message.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { hexToBytes } from '@noble/hashes/utils.js';
import { PUBLIC_USER_SHARE_LENGTH } from '../chain/constants.ts';
import { SESSION_KINDS, type SessionKind } from '../chain/schemas/requests.ts';
import { SessionId } from '../chain/session-id.ts';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';
import { ClientError, ClientErrorCodes, type Rejection } from './errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON values are checked field by field
type Json = any;
type Fail = (message: string) => never;

export type { SessionKind };
/** `cancelled`: its requester cancelled it on chain after the session timeout (the fee went back). */
export type SessionStatus = 'pending' | 'completed' | 'rejected' | 'cancelled';

export interface IndexerHealth {
  readonly ok: boolean;
  readonly cursor: string | null;
  readonly caughtUp: boolean;
  readonly lastEventAt: string | number | null;
}

export interface CommitteeMemberInfo {
  readonly suiAddress: string;
  readonly weight: bigint;
  readonly networkAddress: string;
  readonly publicKey: Uint8Array;
}

export interface NetworkInfo {
  readonly packageId: string;
  readonly coordinatorId: string;
  readonly epoch: bigint;
  readonly committee: {
    readonly epoch: bigint;
    readonly threshold: bigint;
    readonly totalWeight: bigint;
    readonly members: readonly CommitteeMemberInfo[];
  } | null;
  readonly networkKeys: readonly { readonly id: string; readonly curves: readonly number[]; readonly epoch: bigint }[];
}

export interface IndexedDWallet {
  readonly id: string;
  readonly capId: string;
  readonly owner: string | null;
  readonly curve: number;
  /** The signature algorithm, by name (fixed at creation). */
  readonly algorithm: SignatureAlgorithmName;
  readonly networkKeyId: string;
  readonly imported: boolean;
  readonly state: 'pending' | 'active' | 'rejected';
  readonly output: Uint8Array | null;
  /** x_A of a shared dWallet (32 bytes); null for a zero-trust dWallet (or an indexer without the field). */
  readonly publicUserShare: Uint8Array | null;
  /** 0x-hex. */
  readonly sessionId: string;
  readonly createdAt: string | number | null;
  readonly rejection: Rejection | null;
}

export interface SessionRecord {
  /** 0x-hex. */
  readonly sessionId: string;
  readonly kind: SessionKind;
  readonly status: SessionStatus;
  /** The dWallet, presign, sign or partial signature the session is about. */
  readonly objectId: string;
  readonly requester: string;
  readonly requestTx: string;
  readonly requestedAt: string | number | null;
  readonly completedAt: string | number | null;
  readonly resultSequence: bigint | null;
  readonly rejection: Rejection | null;
}

export interface SignatureRecord {
  readonly signId: string;
  readonly sessionId: string;
  readonly dwalletId: string;
  /** The dWallet's signature algorithm: the signature is 65 bytes for ECDSA (r ‖ s ‖ v), 64 for Taproot and EdDSA. */
  readonly algorithm: SignatureAlgorithmName;
  readonly hashScheme: number;
  readonly message: Uint8Array;
  readonly status: SessionStatus;
  readonly signature: Uint8Array | null;
  readonly rejection: Rejection | null;
}

export interface PartialSignatureRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly dwalletId: string;
  readonly hashScheme: number;
  readonly message: Uint8Array;
  readonly status: 'pending' | 'verified' | 'rejected';
  readonly rejection: Rejection | null;
}

export interface PresignPoolInfo {
  readonly networkKeyId: string;
  readonly curve: number;
  /** The pool's signature algorithm (pools are per network key, curve and algorithm). */
  readonly algorithm: SignatureAlgorithmName;
  readonly available: number;
  readonly pending: number;
}

export interface PresignRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly networkKeyId: string;
  readonly curve: number;
  readonly dwalletId: string | null;
  readonly state: string;
  readonly output: Uint8Array | null;
}

export interface StreamEvent {
  readonly event: string;
  readonly id: string | null;
  readonly data: unknown;
}

export interface StreamQuery {
  readonly session?: string;
  readonly dwallet?: string;
  readonly kind?: SessionKind;
}

// === validation helpers ===

function obj(value: Json, what: string, fail: Fail): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be an object`);
  return value;
}

function str(value: Json, what: string, fail: Fail): string {
  if (typeof value !== 'string') fail(`${what} must be a string`);
  return value;
}

function bool(value: Json, what: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') fail(`${what} must be a boolean`);
  return value;
}

function nat(value: Json, what: string, fail: Fail): number {
  if (typeof value === 'string' && /^(0|[1-9][0-9]{0,14})$/.test(value)) return Number(value);
  if (!Number.isSafeInteger(value) || value < 0) fail(`${what} must be a non-negative integer`);
  return value;
}

function u32(value: Json, what: string, fail: Fail): number {
  const n = nat(value, what, fail);
  if (n > 0xffffffff) fail(`${what} must be a u32`);
  return n;
}

function u64(value: Json, what: string, fail: Fail): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(value) || BigInt(value) >= 1n << 64n) {
    fail(`${what} must be a u64 decimal string`);
  }
  return BigInt(value);
}

function id(value: Json, what: string, fail: Fail): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) fail(`${what} must be a 0x-hex id`);
  return normalizeSuiAddress(value.toLowerCase());
}

function hex(value: Json, what: string, fail: Fail, length?: number): Uint8Array {
  if (typeof value !== 'string' || !/^(0x)?([0-9a-fA-F]{2})*$/.test(value)) fail(`${what} must be 0x-hex bytes`);
  const bytes = hexToBytes(value.replace(/^0x/, '').toLowerCase());
  if (length !== undefined && bytes.length !== length) fail(`${what} must be ${length} bytes`);
  return bytes;
}

/** A session id as the SDK shows it: 0x + 64 lowercase hex (INVALID_ARGUMENT for anything else). */
export function normalizeSessionId(value: string): string {
  const id = SessionId.tryParse(value);
  if (id === undefined) {
    throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'a session id is 32 bytes of hex', {
      sessionId: typeof value === 'string' ? value.slice(0, 80) : typeof value,
    });
  }
  return SessionId.prefixed(id);
}

function sessionIdField(value: Json, what: string, fail: Fail): string {
  const id = SessionId.tryParse(value);
  if (id === undefined) fail(`${what} must be a 32-byte hex session id`);
  return SessionId.prefixed(id);
}

function time(value: Json, what: string, fail: Fail): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return fail(`${what} must be a time (string or number) or null`);
}

function nullable<T>(value: Json, decode: (v: Json) => T): T | null {
  return value === null ? null : decode(value);
}

function oneOf<T extends string>(value: Json, allowed: readonly T[], what: string, fail: Fail): T {
  if (!allowed.includes(value)) fail(`${what} must be one of ${allowed.join(', ')}`);
  return value;
}

export function rejectionFromJson(value: Json, what: string, fail: Fail): Rejection {
  const r = obj(value, what, fail);
  const blamed = r.blamed;
  if (!Array.isArray(blamed)) fail(`${what}.blamed must be an array`);
  return {
    reasonCode: u32(r.reasonCode, `${what}.reasonCode`, fail),
    reasonName: nullable(r.reasonName ?? null, (v) => str(v, `${what}.reasonName`, fail)),
    reason: str(r.reason, `${what}.reason`, fail),
    blamed: blamed.map((b: Json, i: number) => u32(b, `${what}.blamed[${i}]`, fail)),
  };
}

const SESSION_STATUSES: readonly SessionStatus[] = ['pending', 'completed', 'rejected', 'cancelled'];

export function sessionFromJson(value: Json, fail: Fail, what = 'session'): SessionRecord {
  const s = obj(value, what, fail);
  return {
    sessionId: sessionIdField(s.sessionId, `${what}.sessionId`, fail),
    kind: oneOf(s.kind, SESSION_KINDS, `${what}.kind`, fail),
    status: oneOf(s.status, SESSION_STATUSES, `${what}.status`, fail),
    objectId: id(s.objectId, `${what}.objectId`, fail),
    requester: id(s.requester, `${what}.requester`, fail),
    requestTx: str(s.requestTx, `${what}.requestTx`, fail),
    requestedAt: time(s.requestedAt, `${what}.requestedAt`, fail),
    completedAt: time(s.completedAt, `${what}.completedAt`, fail),
    resultSequence: nullable(s.resultSequence ?? null, (v) => u64(v, `${what}.resultSequence`, fail)),
    rejection: nullable(s.rejection ?? null, (v) => rejectionFromJson(v, `${what}.rejection`, fail)),
  };
}

export function dwalletFromJson(value: Json, fail: Fail, what = 'dwallet'): IndexedDWallet {
  const d = obj(value, what, fail);
  return {
    id: id(d.id, `${what}.id`, fail),
    capId: id(d.capId, `${what}.capId`, fail),
    owner: nullable(d.owner ?? null, (v) => id(v, `${what}.owner`, fail)),
    curve: u32(d.curve, `${what}.curve`, fail),
    algorithm: oneOf(d.algorithm, SIGNATURE_ALGORITHMS, `${what}.algorithm`, fail),
    networkKeyId: id(d.networkKeyId, `${what}.networkKeyId`, fail),
    imported: bool(d.imported, `${what}.imported`, fail),
    state: oneOf(d.state, ['pending', 'active', 'rejected'] as const, `${what}.state`, fail),
    output: nullable(d.output ?? null, (v) => hex(v, `${what}.output`, fail)),
    publicUserShare: nullable(d.publicUserShare ?? null, (v) => hex(v, `${what}.publicUserShare`, fail, PUBLIC_USER_SHARE_LENGTH)),
    sessionId: sessionIdField(d.sessionId, `${what}.sessionId`, fail),
    createdAt: time(d.createdAt, `${what}.createdAt`, fail),
    rejection: nullable(d.rejection ?? null, (v) => rejectionFromJson(v, `${what}.rejection`, fail)),
  };
}

export function signatureFromJson(value: Json, fail: Fail): SignatureRecord {
  const s = obj(value, 'signature record', fail);
  const algorithm = oneOf(s.algorithm, SIGNATURE_ALGORITHMS, 'algorithm', fail);
  return {
    signId: id(s.signId, 'signId', fail),
    sessionId: sessionIdField(s.sessionId, 'sessionId', fail),
    dwalletId: id(s.dwalletId, 'dwalletId', fail),
    algorithm,
    hashScheme: u32(s.hashScheme, 'hashScheme', fail),
    message: hex(s.message, 'message', fail),
    status: oneOf(s.status, SESSION_STATUSES, 'status', fail),
    signature: nullable(s.signature ?? null, (v) => hex(v, 'signature', fail, algorithm === 'ecdsa' ? 65 : 64)),
    rejection: nullable(s.rejection ?? null, (v) => rejectionFromJson(v, 'rejection', fail)),
  };
}

export function partialSignatureFromJson(value: Json, fail: Fail): PartialSignatureRecord {
  const s = obj(value, 'partial signature', fail);
  return {
    id: id(s.id, 'id', fail),
    sessionId: sessionIdField(s.sessionId, 'sessionId', fail),
    dwalletId: id(s.dwalletId, 'dwalletId', fail),
    hashScheme: u32(s.hashScheme, 'hashScheme', fail),
    message: hex(s.message, 'message', fail),
    status: oneOf(s.status, ['pending', 'verified', 'rejected'] as const, 'status', fail),
    rejection: nullable(s.rejection ?? null, (v) => rejectionFromJson(v, 'rejection', fail)),
  };
}

export function networkFromJson(value: Json, fail: Fail): NetworkInfo {
  const n = obj(value, 'network', fail);
  const keys = n.networkKeys;
  if (!Array.isArray(keys)) fail('networkKeys must be an array');
  let committee: NetworkInfo['committee'] = null;
  if (n.committee !== null) {
    const c = obj(n.committee, 'committee', fail);
    if (!Array.isArray(c.members)) fail('committee.members must be an array');
    committee = {
      epoch: u64(c.epoch, 'committee.epoch', fail),
      threshold: u64(c.threshold, 'committee.threshold', fail),
      totalWeight: u64(c.totalWeight, 'committee.totalWeight', fail),
      members: c.members.map((m: Json, i: number) => {
        const member = obj(m, `committee.members[${i}]`, fail);
        return {
          suiAddress: id(member.suiAddress, `committee.members[${i}].suiAddress`, fail),
          weight: u64(member.weight, `committee.members[${i}].weight`, fail),
          networkAddress: str(member.networkAddress, `committee.members[${i}].networkAddress`, fail),
          publicKey: hex(member.publicKey, `committee.members[${i}].publicKey`, fail),
        };
      }),
    };
  }
  return {
    packageId: id(n.packageId, 'packageId', fail),
    coordinatorId: id(n.coordinatorId, 'coordinatorId', fail),
    epoch: u64(n.epoch, 'epoch', fail),
    committee,
    networkKeys: keys.map((k: Json, i: number) => {
      const key = obj(k, `networkKeys[${i}]`, fail);
      if (!Array.isArray(key.curves)) fail(`networkKeys[${i}].curves must be an array`);
      return {
        id: id(key.id, `networkKeys[${i}].id`, fail),
        curves: key.curves.map((c: Json, j: number) => u32(c, `networkKeys[${i}].curves[${j}]`, fail)),
        epoch: u64(key.epoch, `networkKeys[${i}].epoch`, fail),
      };
    }),
  };
}

export function presignFromJson(value: Json, fail: Fail): PresignRecord {
  const p = obj(value, 'presign', fail);
  return {
    id: id(p.id, 'id', fail),
    sessionId: sessionIdField(p.sessionId, 'sessionId', fail),
    networkKeyId: id(p.networkKeyId, 'networkKeyId', fail),
    curve: u32(p.curve, 'curve', fail),
    dwalletId: nullable(p.dwalletId ?? null, (v) => id(v, 'dwalletId', fail)),
    state: str(p.state, 'state', fail),
    output: nullable(p.output ?? null, (v) => hex(v, 'output', fail)),
  };
}

// === the client ===

/**
 * Whether an error says the indexer failed (unreachable, answering nonsense, or refusing the
 * request), as opposed to what it answered: the SDK then asks the chain instead.
 */
export function isIndexerFailure(error: unknown): error is ClientError {
  return (
    error instanceof ClientError &&
    (error.code === ClientErrorCodes.INDEXER_UNAVAILABLE ||
      error.code === ClientErrorCodes.INDEXER_RESPONSE_INVALID ||
      error.code === ClientErrorCodes.INDEXER_REQUEST_FAILED)
  );
}

export interface IndexerClientOptions {
  /** Per-request timeout (default 10 s). */
  readonly requestTimeoutMs?: number;
}

export class IndexerClient {
  readonly url: string;
  readonly #timeoutMs: number;

  constructor(url: string, options: IndexerClientOptions = {}) {
    this.url = url.replace(/\/+$/, '');
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  #fail(path: string): Fail {
    return (message: string) => {
      throw new ClientError(ClientErrorCodes.INDEXER_RESPONSE_INVALID, `indexer ${path}: invalid response: ${message}`, {
        url: this.url,
        path,
      });
    };
  }

  /** GET `path`; null on 404 when `allowNotFound`. */
  async #get(path: string, allowNotFound: boolean, signal?: AbortSignal): Promise<Json | null> {
    let response: Response;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    try {
      response = await fetch(`${this.url}${path}`, {
        headers: { accept: 'application/json' },
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
    } catch (error) {
      throw new ClientError(
        ClientErrorCodes.INDEXER_UNAVAILABLE,
        `the indexer at ${this.url} is unreachable (GET ${path}): ${(error as Error).message}`,
        { url: this.url, path },
        { cause: error },
      );
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new ClientError(ClientErrorCodes.INDEXER_UNAVAILABLE, `the indexer answered GET ${path} with HTTP ${response.status}`, {
        url: this.url,
        path,
        status: response.status,
      });
    }
    let json: Json;
    try {
      json = await response.json();
    } catch (error) {
      throw new ClientError(
        ClientErrorCodes.INDEXER_RESPONSE_INVALID,
        `indexer ${path}: the response (HTTP ${response.status}) is not JSON`,
        { url: this.url, path, status: response.status },
        { cause: error },
      );
    }
    if (response.ok) return json;
    const error = typeof json === 'object' && json !== null ? json.error : undefined;
    const code = typeof error?.code === 'string' ? error.code.slice(0, 100) : null;
    const message = typeof error?.message === 'string' ? error.message.slice(0, 500) : `HTTP ${response.status}`;
    if (response.status === 404 && allowNotFound) return null;
    if (response.status === 404) {
      throw new ClientError(ClientErrorCodes.NOT_FOUND, `indexer ${path}: ${message}`, { path, indexerCode: code });
    }
    throw new ClientError(ClientErrorCodes.INDEXER_REQUEST_FAILED, `indexer ${path}: HTTP ${response.status} ${code ?? ''}: ${message}`, {
      path,
      status: response.status,
      indexerCode: code,
    });
  }

  async health(): Promise<IndexerHealth> {
    const fail = this.#fail('/health');
    const h = obj(await this.#get('/health', false), 'health', fail);
    return {
      ok: bool(h.ok, 'ok', fail),
      cursor: nullable(h.cursor ?? null, (v) => (typeof v === 'number' ? String(v) : str(v, 'cursor', fail))),
      caughtUp: bool(h.caughtUp, 'caughtUp', fail),
      lastEventAt: time(h.lastEventAt, 'lastEventAt', fail),
    };
  }

  async network(): Promise<NetworkInfo> {
    return networkFromJson(await this.#get('/v1/network', false), this.#fail('/v1/network'));
  }

  async getDWallet(dwalletId: string): Promise<IndexedDWallet | null> {
    const path = `/v1/dwallets/${encodeURIComponent(dwalletId)}`;
    const json = await this.#get(path, true);
    return json === null ? null : dwalletFromJson(json, this.#fail(path));
  }

  async listDWallets(query: { owner?: string; limit?: number; cursor?: string | null } = {}): Promise<{
    dwallets: IndexedDWallet[];
    nextCursor: string | null;
  }> {
    const params = new URLSearchParams();
    if (query.owner !== undefined) params.set('owner', query.owner);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    const path = `/v1/dwallets?${params}`;
    const fail = this.#fail('/v1/dwallets');
    const page = obj(await this.#get(path, false), 'page', fail);
    if (!Array.isArray(page.dwallets)) fail('dwallets must be an array');
    return {
      dwallets: page.dwallets.map((d: Json, i: number) => dwalletFromJson(d, fail, `dwallets[${i}]`)),
      nextCursor: nullable(page.nextCursor ?? null, (v) => (typeof v === 'number' ? String(v) : str(v, 'nextCursor', fail))),
    };
  }

  async getSession(sessionId: string, signal?: AbortSignal): Promise<SessionRecord | null> {
    const path = `/v1/sessions/${normalizeSessionId(sessionId)}`;
    const json = await this.#get(path, true, signal);
    if (json === null) return null;
    const record = sessionFromJson(json, this.#fail(path));
    if (record.sessionId !== normalizeSessionId(sessionId)) this.#fail(path)('the session returned is another session');
    return record;
  }

  async getSignature(signId: string): Promise<SignatureRecord | null> {
    const path = `/v1/signatures/${encodeURIComponent(signId)}`;
    const json = await this.#get(path, true);
    return json === null ? null : signatureFromJson(json, this.#fail(path));
  }

  async getPartialSignature(partialSignatureId: string): Promise<PartialSignatureRecord | null> {
    const path = `/v1/partial-signatures/${encodeURIComponent(partialSignatureId)}`;
    const json = await this.#get(path, true);
    return json === null ? null : partialSignatureFromJson(json, this.#fail(path));
  }

  async presignPools(): Promise<PresignPoolInfo[]> {
    const fail = this.#fail('/v1/presigns/pool');
    const body = obj(await this.#get('/v1/presigns/pool', false), 'body', fail);
    if (!Array.isArray(body.pools)) fail('pools must be an array');
    return body.pools.map((p: Json, i: number) => {
      const pool = obj(p, `pools[${i}]`, fail);
      return {
        networkKeyId: id(pool.networkKeyId, `pools[${i}].networkKeyId`, fail),
        curve: u32(pool.curve, `pools[${i}].curve`, fail),
        algorithm: oneOf(pool.algorithm, SIGNATURE_ALGORITHMS, `pools[${i}].algorithm`, fail),
        available: nat(pool.available, `pools[${i}].available`, fail),
        pending: nat(pool.pending, `pools[${i}].pending`, fail),
      };
    });
  }

  async getPresign(presignId: string): Promise<PresignRecord | null> {
    const path = `/v1/presigns/${encodeURIComponent(presignId)}`;
    const json = await this.#get(path, true);
    return json === null ? null : presignFromJson(json, this.#fail(path));
  }

  /**
   * The live stream of results (Server-Sent Events), as an async iterator; ends when `signal`
   * aborts or the server closes the stream. Heartbeat comments are skipped. A `data:` payload
   * that is not JSON is INDEXER_RESPONSE_INVALID. `onOpen` is called once the indexer has accepted
   * the stream: every result from then on will be delivered.
   */
  async *stream(
    query: StreamQuery,
    options: { signal?: AbortSignal; lastEventId?: string; onOpen?: () => void } = {},
  ): AsyncGenerator<StreamEvent> {
    const params = new URLSearchParams();
    if (query.session !== undefined) params.set('session', normalizeSessionId(query.session));
    if (query.dwallet !== undefined) params.set('dwallet', query.dwallet);
    if (query.kind !== undefined) params.set('kind', query.kind);
    const path = `/v1/stream?${params}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        headers: { accept: 'text/event-stream', ...(options.lastEventId === undefined ? {} : { 'last-event-id': options.lastEventId }) },
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) return;
      throw new ClientError(
        ClientErrorCodes.INDEXER_UNAVAILABLE,
        `the indexer's stream at ${this.url} is unreachable: ${(error as Error).message}`,
        { url: this.url },
        { cause: error },
      );
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.startsWith('text/event-stream') || response.body === null) {
      await response.body?.cancel();
      const code = response.status >= 500 ? ClientErrorCodes.INDEXER_UNAVAILABLE : ClientErrorCodes.INDEXER_RESPONSE_INVALID;
      throw new ClientError(code, `the indexer's stream answered HTTP ${response.status} (${type || 'no content type'})`, {
        status: response.status,
      });
    }
    options.onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = 'message';
    let eventId: string | null = null;
    let data: string[] = [];
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (options.signal?.aborted) return;
          throw new ClientError(
            ClientErrorCodes.INDEXER_UNAVAILABLE,
            `the indexer's stream broke: ${(error as Error).message}`,
            {},
            { cause: error },
          );
        }
        if (chunk.done) return;
        buffer += chunk.value;
        if (buffer.length > 4 * 1024 * 1024) this.#fail('/v1/stream')('an event longer than 4 MiB');
        for (;;) {
          const newline = buffer.search(/\r\n|\n|\r/);
          if (newline < 0) break;
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length > 0) {
              let parsed: unknown;
              try {
                parsed = JSON.parse(data.join('\n'));
              } catch {
                this.#fail('/v1/stream')(`the data of a ${event} event is not JSON`);
              }
              yield { event, id: eventId, data: parsed };
            }
            event = 'message';
            data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'event') event = value;
          else if (name === 'data') data.push(value);
          else if (name === 'id') eventId = value;
        }
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }
}

/**
 * The typed messages between the page (BrowserDWalletClient, browser-client.ts) and the worker
 * that runs the SDK (worker-host.ts), SPEC-22 "Architecture decision".
 *
 * page → worker:  `connect` (once), `call` (an allowlisted method with its arguments),
 *                 `wallet-response` / `wallet-error` (the answer to a `wallet-request`);
 * worker → page:  `result` / `error` (the answer to a `connect` or a `call`, by id),
 *                 `progress` (one line of the SDK's onProgress), `wallet-request` (the worker's
 *                 signer needs the wallet: a transaction's bytes or a personal message).
 *
 * Values cross by structured clone (bigint, Uint8Array and plain objects survive; classes and
 * functions do not), so every message is plain data. Each side validates what it receives with the
 * parsers below: a malformed message is answered with (or raised as) a clear INVALID_ARGUMENT
 * naming what is wrong, never acted on. Both sides only need `postMessage` and a `message` event,
 * which a browser Worker, a worker's global scope and a Node MessagePort all have, so the same
 * host runs over a Node `MessageChannel` in the tests.
 * @module
 */
import type { CurveName } from '../../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import type { SecretRecordState } from '../secret-store.ts';
import type { SerializedError } from './remote-error.ts';
import { isSerializedError } from './remote-error.ts';

/** What either end of the channel needs: a Worker, a worker's global scope, a MessagePort. */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  /** A MessagePort needs it before it delivers messages to listeners added with addEventListener. */
  start?(): void;
}

/** The methods the page may call, with the SDK's method each one runs (an explicit allowlist). */
export const WORKER_METHODS = [
  'createDWallet',
  'getDWallet',
  'listDWallets',
  'localDWallets',
  'sign',
  'backupShare',
  'recoverDWallets',
  'registerEncryptionKey',
  'exportSecrets',
  'importSecrets',
] as const;
export type WorkerMethod = (typeof WORKER_METHODS)[number];

/** How the worker's secret store gets its key (client/browser/secret-store: StoreKeySource). */
export type SecretsKeyKind = { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'wallet-signature' };

/** A record of the secret store as the page sees it (`localDWallets`): never the share. */
export interface LocalDWalletRecord {
  readonly key: string;
  readonly dwalletId: string | null;
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  readonly state: SecretRecordState;
  readonly publicKey: Uint8Array;
}

/** The connected wallet account as the worker's signer needs it. */
export interface AccountSummary {
  readonly address: string;
  /** The account's raw public key (wallet-standard `WalletAccount.publicKey`). */
  readonly publicKey: Uint8Array;
}

export interface ConnectMessage {
  readonly type: 'connect';
  readonly id: number;
  /** A NetworkDescription object, validated in the worker. */
  readonly network: unknown;
  readonly account: AccountSummary;
  readonly secrets: SecretsKeyKind;
  readonly databaseName?: string;
  readonly timeoutMs?: number;
}

export interface CallMessage {
  readonly type: 'call';
  readonly id: number;
  readonly method: WorkerMethod;
  readonly args: readonly unknown[];
}

export type WalletMethod = 'signTransaction' | 'signPersonalMessage';

/** The wallet's answer, as the wallet-standard features return it (both base64). */
export interface WalletResponseMessage {
  readonly type: 'wallet-response';
  readonly id: number;
  /** The Sui serialized signature. */
  readonly signature: string;
  /** The bytes the wallet signed (the transaction, or the message). */
  readonly bytes: string;
}

export interface WalletErrorMessage {
  readonly type: 'wallet-error';
  readonly id: number;
  readonly error: SerializedError;
}

export type PageToWorker = ConnectMessage | CallMessage | WalletResponseMessage | WalletErrorMessage;

export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly value: unknown;
}

export interface ErrorMessage {
  readonly type: 'error';
  /** Null for a message the worker could not read an id from. */
  readonly id: number | null;
  readonly error: SerializedError;
}

export interface ProgressMessage {
  readonly type: 'progress';
  readonly line: string;
}

export interface WalletRequestMessage {
  readonly type: 'wallet-request';
  readonly id: number;
  readonly method: WalletMethod;
  readonly bytes: Uint8Array;
}

export type WorkerToPage = ResultMessage | ErrorMessage | ProgressMessage | WalletRequestMessage;

/** What the worker answers to `connect`. */
export interface ConnectedValue {
  readonly address: string;
  /** The validated NetworkDescription. */
  readonly network: unknown;
}

/** Why a message is refused (each parser's error text names the field). */
export class ProtocolViolation extends Error {
  constructor(
    message: string,
    /** The message's id when it had a readable one. */
    readonly id: number | null = null,
  ) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string, id: number | null): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) throw new ProtocolViolation(`${what}: unknown field ${key}`, id);
}

function parseSecrets(value: unknown, id: number): SecretsKeyKind {
  if (!isRecord(value)) throw new ProtocolViolation('connect: secrets must be an object', id);
  if (value.kind === 'passphrase') {
    onlyKeys(value, ['kind', 'passphrase'], 'connect.secrets', id);
    if (typeof value.passphrase !== 'string' || value.passphrase.length === 0)
      throw new ProtocolViolation('connect: secrets.passphrase must be a non-empty string', id);
    return { kind: 'passphrase', passphrase: value.passphrase };
  }
  if (value.kind === 'wallet-signature') {
    onlyKeys(value, ['kind'], 'connect.secrets', id);
    return { kind: 'wallet-signature' };
  }
  throw new ProtocolViolation('connect: secrets.kind must be "passphrase" or "wallet-signature"', id);
}

/** Validates a message the worker received. */
export function parsePageMessage(data: unknown): PageToWorker {
  if (!isRecord(data)) throw new ProtocolViolation('a message must be an object');
  const id = isId(data.id) ? data.id : null;
  if (id === null) throw new ProtocolViolation(`a ${String(data.type)} message needs an id (a non-negative integer)`);
  switch (data.type) {
    case 'connect': {
      onlyKeys(data, ['type', 'id', 'network', 'account', 'secrets', 'databaseName', 'timeoutMs'], 'connect', id);
      const account = data.account;
      if (!isRecord(account) || typeof account.address !== 'string' || !(account.publicKey instanceof Uint8Array))
        throw new ProtocolViolation('connect: account must be { address: string, publicKey: Uint8Array }', id);
      if (data.databaseName !== undefined && (typeof data.databaseName !== 'string' || data.databaseName.length === 0))
        throw new ProtocolViolation('connect: databaseName must be a non-empty string', id);
      if (data.timeoutMs !== undefined && (typeof data.timeoutMs !== 'number' || !Number.isFinite(data.timeoutMs) || data.timeoutMs <= 0))
        throw new ProtocolViolation('connect: timeoutMs must be a positive number', id);
      return {
        type: 'connect',
        id,
        network: data.network,
        account: { address: account.address, publicKey: account.publicKey },
        secrets: parseSecrets(data.secrets, id),
        ...(data.databaseName === undefined ? {} : { databaseName: data.databaseName as string }),
        ...(data.timeoutMs === undefined ? {} : { timeoutMs: data.timeoutMs as number }),
      };
    }
    case 'call': {
      onlyKeys(data, ['type', 'id', 'method', 'args'], 'call', id);
      if (typeof data.method !== 'string' || !(WORKER_METHODS as readonly string[]).includes(data.method))
        throw new ProtocolViolation(`call: unknown method ${JSON.stringify(data.method)} (callable: ${WORKER_METHODS.join(', ')})`, id);
      if (!Array.isArray(data.args)) throw new ProtocolViolation('call: args must be an array', id);
      return { type: 'call', id, method: data.method as WorkerMethod, args: data.args };
    }
    case 'wallet-response':
      onlyKeys(data, ['type', 'id', 'signature', 'bytes'], 'wallet-response', id);
      if (typeof data.signature !== 'string' || typeof data.bytes !== 'string')
        throw new ProtocolViolation('wallet-response: signature and bytes must be base64 strings', id);
      return { type: 'wallet-response', id, signature: data.signature, bytes: data.bytes };
    case 'wallet-error':
      onlyKeys(data, ['type', 'id', 'error'], 'wallet-error', id);
      if (!isSerializedError(data.error)) throw new ProtocolViolation('wallet-error: error must be { name, code, message, details }', id);
      return { type: 'wallet-error', id, error: data.error };
    default:
      throw new ProtocolViolation(`unknown message type ${JSON.stringify(data.type)}`, id);
  }
}

/** Validates a message the page received. */
export function parseWorkerMessage(data: unknown): WorkerToPage {
  if (!isRecord(data)) throw new ProtocolViolation('a message must be an object');
  switch (data.type) {
    case 'result':
      if (!isId(data.id)) throw new ProtocolViolation('result: id must be a non-negative integer');
      return { type: 'result', id: data.id, value: data.value };
    case 'error':
      if (data.id !== null && !isId(data.id)) throw new ProtocolViolation('error: id must be a non-negative integer or null');
      if (!isSerializedError(data.error)) throw new ProtocolViolation('error: error must be { name, code, message, details }');
      return { type: 'error', id: data.id, error: data.error };
    case 'progress':
      if (typeof data.line !== 'string') throw new ProtocolViolation('progress: line must be a string');
      return { type: 'progress', line: data.line };
    case 'wallet-request':
      if (!isId(data.id)) throw new ProtocolViolation('wallet-request: id must be a non-negative integer');
      if (data.method !== 'signTransaction' && data.method !== 'signPersonalMessage')
        throw new ProtocolViolation(`wallet-request: unknown method ${JSON.stringify(data.method)}`, data.id);
      if (!(data.bytes instanceof Uint8Array)) throw new ProtocolViolation('wallet-request: bytes must be a Uint8Array', data.id);
      return { type: 'wallet-request', id: data.id, method: data.method, bytes: data.bytes };
    default:
      throw new ProtocolViolation(`unknown message type ${JSON.stringify(data.type)}`);
  }
}

/**
 * The SDK in a web page: `BrowserDWalletClient` is a thin proxy on the main thread for a
 * DWalletClient that runs in one module Web Worker (worker.ts, SPEC-22 "Architecture decision").
 *
 * ```ts
 * const client = await BrowserDWalletClient.connect({
 *   network: await (await fetch('/network.json')).json(),
 *   wallet: suiWallets()[0], secrets: { passphrase }, worker: new URL('./dwallet-worker.js', import.meta.url),
 *   onProgress: (line) => console.log(line),
 * });
 * const dwallet = await client.createDWallet();
 * const tx = await client.signEthereumTransaction(dwallet.id, fields);
 * ```
 *
 * Every method posts a `call` to the worker and resolves with its result; errors come back as
 * ClientErrors with the worker's code (remote-error.ts). The worker does all chain I/O, the
 * class-group and proof work, the IndexedDB store and WebCrypto, so the main thread never runs the
 * heavy work and cannot be blocked by it. The one thing the worker asks the page for is the
 * wallet's signature: a `wallet-request` is answered here with the wallet's `sui:signTransaction` /
 * `sui:signPersonalMessage` (wallet-account.ts), and the worker checks what the wallet returned.
 *
 * The secret store's key: a passphrase, or the wallet's signature over a fixed message
 * (`{ walletSignature: true }`; client/browser/secret-store). A passphrase crosses to the worker
 * once, in the connect message; the share never crosses back (`localDWallets` lists the records
 * without it).
 * @module
 */
import type { WalletAccount } from '@mysten/wallet-standard';
import type { CurveName } from '../../mpc/curves/curve.ts';
import type {
  CreateDWalletParameters,
  CreateDWalletResult,
  DWalletInfo,
  RecoveredDWallet,
  RegisterEncryptionKeyResult,
  ShareEncryptionResult,
  SignRequest,
  SignResult,
} from '../dwallet-client.ts';
import type { BackupImportReport } from '../encrypted-secret-share-store.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import type { Eip1559TransactionFields, SignedEthereumTransaction } from '../ethereum/transaction.ts';
import type { NetworkDescription } from '../network.ts';
import { signEthereumTransaction } from '../sign-transactions.ts';
import {
  type CallMessage,
  type ConnectedValue,
  type ConnectMessage,
  type LocalDWalletRecord,
  type MessageEndpoint,
  type PageToWorker,
  parseWorkerMessage,
  type WalletRequestMessage,
  type WorkerMethod,
} from './protocol.ts';
import { rebuildError, serializeError } from './remote-error.ts';
import { isSuiWallet, type SuiWallet, signWithWallet, suiChainOf, walletAccount } from './wallet-account.ts';

/** Where the secret store's key comes from. */
export type BrowserSecrets = { readonly passphrase: string } | { readonly walletSignature: true };

/** A module Worker the page made (or any endpoint with the same messaging, e.g. a MessagePort). */
export interface WorkerLike extends MessageEndpoint {
  terminate?(): void;
  close?(): void;
}

export interface BrowserConnectOptions {
  /** A NetworkDescription object (e.g. the fetched network.json), validated in the worker. */
  readonly network: unknown;
  /** A wallet-standard wallet with `sui:signTransaction` and `sui:signPersonalMessage` (`suiWallets()`). */
  readonly wallet: SuiWallet;
  /** Default: the first account after `standard:connect`. */
  readonly account?: WalletAccount;
  readonly secrets: BrowserSecrets;
  /** IndexedDB name of the secret store (default 'dwallet-secret-shares'). */
  readonly databaseName?: string;
  /** A module Worker the page made, or the URL of dist/browser/dwallet-worker.js (started as a module worker). */
  readonly worker: WorkerLike | URL | string;
  /** How long a wait for the network may take (default 180 s). */
  readonly timeoutMs?: number;
  /** One line per step the SDK takes (never a secret). */
  readonly onProgress?: (line: string) => void;
}

/** What importing a backup file did (client/browser/secret-store `importBackup`). */
export type ImportSecretsResult = BackupImportReport;

function workerUnavailable(message: string): ClientError {
  return new ClientError(ClientErrorCodes.WORKER_UNAVAILABLE, message);
}

function startWorker(source: WorkerLike | URL | string): WorkerLike {
  if (typeof source !== 'string' && !(source instanceof URL)) {
    if (typeof source?.postMessage !== 'function' || typeof source?.addEventListener !== 'function')
      throw invalidArgument('worker must be a Worker, a MessagePort, or the URL of dwallet-worker.js');
    return source;
  }
  const WorkerClass = (globalThis as { Worker?: new (url: URL | string, options: { type: 'module'; name?: string }) => WorkerLike }).Worker;
  if (WorkerClass === undefined) throw invalidArgument('there is no Worker here (not a browser): pass a MessagePort served by WorkerHost');
  return new WorkerClass(source, { type: 'module', name: 'dwallet-sdk' });
}

/** The page's end of the channel: requests by id, progress lines, and the wallet's answers. */
class WorkerChannel {
  readonly #endpoint: WorkerLike;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  readonly #onProgress: (line: string) => void;
  readonly #listener: (event: { readonly data: unknown }) => void;
  readonly #onError: (event: { readonly message?: string }) => void;
  #wallet: ((request: WalletRequestMessage) => void) | undefined;
  #nextId = 0;
  #closed: ClientError | undefined;

  constructor(endpoint: WorkerLike, onProgress: (line: string) => void) {
    this.#endpoint = endpoint;
    this.#onProgress = onProgress;
    this.#listener = (event) => this.#receive(event.data);
    this.#onError = (event) => this.close(workerUnavailable(`the worker failed: ${event.message ?? 'it could not start or it crashed'}`));
    endpoint.addEventListener('message', this.#listener);
    // A Worker reports a script that fails to load or throws at top level as an 'error' event.
    (endpoint as unknown as { addEventListener(type: 'error', listener: (event: { message?: string }) => void): void }).addEventListener(
      'error',
      this.#onError,
    );
    endpoint.start?.();
  }

  set walletHandler(handler: (request: WalletRequestMessage) => void) {
    this.#wallet = handler;
  }

  request(message: Omit<ConnectMessage, 'id'> | Omit<CallMessage, 'id'>): Promise<unknown> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#endpoint.postMessage({ ...message, id });
    });
  }

  post(message: PageToWorker): void {
    if (this.#closed === undefined) this.#endpoint.postMessage(message);
  }

  /** Ends the channel: the requests in flight fail with `reason`, the worker is terminated. */
  close(reason: ClientError = workerUnavailable('the client was closed')): void {
    if (this.#closed !== undefined) return;
    this.#closed = reason;
    this.#endpoint.removeEventListener('message', this.#listener);
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
    if (typeof this.#endpoint.terminate === 'function') this.#endpoint.terminate();
    else this.#endpoint.close?.();
  }

  #receive(data: unknown): void {
    let message: ReturnType<typeof parseWorkerMessage>;
    try {
      message = parseWorkerMessage(data);
    } catch (error) {
      this.close(workerUnavailable(`the worker broke the protocol: ${(error as Error).message}`));
      return;
    }
    switch (message.type) {
      case 'progress':
        this.#onProgress(message.line);
        return;
      case 'wallet-request':
        if (this.#wallet === undefined) {
          this.post({ type: 'wallet-error', id: message.id, error: serializeError(workerUnavailable('no wallet is connected')) });
        } else this.#wallet(message);
        return;
      case 'result':
      case 'error': {
        if (message.type === 'error' && message.id === null) {
          // The worker could not read one of our messages: a bug on this side; every request fails.
          this.close(rebuildError(message.error));
          return;
        }
        const pending = this.#pending.get(message.id as number);
        if (pending === undefined) return;
        this.#pending.delete(message.id as number);
        if (message.type === 'result') pending.resolve(message.value);
        else pending.reject(rebuildError(message.error));
      }
    }
  }
}

function secretsOf(secrets: BrowserSecrets): { kind: 'passphrase'; passphrase: string } | { kind: 'wallet-signature' } {
  if (typeof secrets !== 'object' || secrets === null) throw invalidArgument('secrets must be { passphrase } or { walletSignature: true }');
  if ('passphrase' in secrets) {
    if (typeof secrets.passphrase !== 'string' || secrets.passphrase.length === 0)
      throw invalidArgument('secrets.passphrase must be a non-empty string');
    return { kind: 'passphrase', passphrase: secrets.passphrase };
  }
  if ('walletSignature' in secrets && secrets.walletSignature === true) return { kind: 'wallet-signature' };
  throw invalidArgument('secrets must be { passphrase } or { walletSignature: true }');
}

/** The Sui network the description names, read loosely (the worker validates the whole description). */
function suiNetworkName(network: unknown): string | undefined {
  const chain = (network as { chain?: { network?: unknown } } | null)?.chain;
  return typeof chain?.network === 'string' ? chain.network : undefined;
}

export class BrowserDWalletClient {
  /** The connected account's Sui address (it pays gas and owns the caps). */
  readonly address: string;
  /** The network description as the worker validated it. */
  readonly network: NetworkDescription;
  readonly #channel: WorkerChannel;

  private constructor(channel: WorkerChannel, connected: ConnectedValue) {
    this.#channel = channel;
    this.address = connected.address;
    this.network = connected.network as NetworkDescription;
  }

  /**
   * Starts the worker (or takes the one given), connects the wallet, opens the encrypted store and
   * the SDK in the worker. On any failure the worker is terminated and the error thrown: a wrong
   * passphrase is SECRET_STORE_WRONG_PASSPHRASE, a user refusing in the wallet WALLET_REJECTED.
   */
  static async connect(options: BrowserConnectOptions): Promise<BrowserDWalletClient> {
    if (typeof options !== 'object' || options === null) throw invalidArgument('connect takes an options object');
    if (typeof options.wallet !== 'object' || options.wallet === null || !isSuiWallet(options.wallet))
      throw invalidArgument(
        'wallet must be a wallet-standard wallet with standard:connect, sui:signTransaction and sui:signPersonalMessage',
      );
    const secrets = secretsOf(options.secrets);
    const { wallet } = options;
    const account = await walletAccount(wallet, options.account);
    const chain = suiChainOf(suiNetworkName(options.network));
    const channel = new WorkerChannel(startWorker(options.worker), options.onProgress ?? (() => {}));
    channel.walletHandler = (request) => {
      signWithWallet(wallet, account, chain, request.method, request.bytes).then(
        (answer) => channel.post({ type: 'wallet-response', id: request.id, signature: answer.signature, bytes: answer.bytes }),
        (error: unknown) => channel.post({ type: 'wallet-error', id: request.id, error: serializeError(error) }),
      );
    };
    try {
      const connected = (await channel.request({
        type: 'connect',
        network: options.network,
        account: { address: account.address, publicKey: new Uint8Array(account.publicKey) },
        secrets,
        ...(options.databaseName === undefined ? {} : { databaseName: options.databaseName }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      })) as ConnectedValue;
      return new BrowserDWalletClient(channel, connected);
    } catch (error) {
      channel.close(error instanceof ClientError ? error : workerUnavailable(String(error)));
      throw error;
    }
  }

  #call<T>(method: WorkerMethod, ...args: unknown[]): Promise<T> {
    return this.#channel.request({ type: 'call', method, args }) as Promise<T>;
  }

  /** See DWalletClient.createDWallet (curve, algorithm, backup). */
  createDWallet(options: Pick<CreateDWalletParameters, 'curve' | 'algorithm' | 'backup'> = {}): Promise<CreateDWalletResult> {
    return this.#call('createDWallet', options);
  }

  getDWallet(id: string): Promise<DWalletInfo> {
    return this.#call('getDWallet', id);
  }

  listDWallets(owner?: string): Promise<DWalletInfo[]> {
    return owner === undefined ? this.#call('listDWallets') : this.#call('listDWallets', owner);
  }

  /** The secret store's records (never the share). */
  localDWallets(): Promise<LocalDWalletRecord[]> {
    return this.#call('localDWallets');
  }

  sign(request: SignRequest): Promise<SignResult> {
    return this.#call('sign', { dwalletId: request.dwalletId, message: request.message, hashScheme: request.hashScheme });
  }

  /**
   * Signs an EIP-1559 transaction from the dWallet's Ethereum address (client/sign-transactions.ts
   * over this client: the transaction is prepared and assembled here, signed through the worker).
   */
  signEthereumTransaction(
    dwalletId: string,
    fields: Eip1559TransactionFields,
  ): Promise<SignedEthereumTransaction & { readonly signId: string }> {
    return signEthereumTransaction(this, dwalletId, fields);
  }

  backupShare(dwalletId: string): Promise<ShareEncryptionResult> {
    return this.#call('backupShare', dwalletId);
  }

  recoverDWallets(options: { readonly dwalletId?: string } = {}): Promise<RecoveredDWallet[]> {
    return this.#call('recoverDWallets', options);
  }

  registerEncryptionKey(options: { readonly curve?: CurveName } = {}): Promise<RegisterEncryptionKeyResult> {
    return this.#call('registerEncryptionKey', options);
  }

  /** The secret store's backup file (records stay sealed: client/secret-backup-file.ts). */
  exportSecrets(): Promise<string> {
    return this.#call('exportSecrets');
  }

  /** Imports a backup file (`options.passphrase`: the file's, when it differs from this store's). */
  importSecrets(text: string, options: { readonly passphrase?: string } = {}): Promise<ImportSecretsResult> {
    return this.#call('importSecrets', text, options);
  }

  /** Terminates the worker; calls in flight fail with WORKER_UNAVAILABLE. */
  async close(): Promise<void> {
    this.#channel.close();
  }
}

/**
 * The SDK's side of the page↔worker protocol (protocol.ts): one {@link DWalletClient}, unchanged,
 * served over a message endpoint — the worker's global scope in a browser (worker.ts), a Node
 * MessagePort in the tests.
 *
 * What runs here: every chain and indexer request, the class-group and proof work of the user's
 * DKG and sign messages, the encrypted secret store in IndexedDB (client/browser/secret-store)
 * and its WebCrypto, and the setup cache (setup-cache.ts). What does not: the wallet. The SDK's
 * signer is a {@link RemoteWalletSigner}, whose signatures the page gets from the wallet.
 *
 * The page may call only the methods of `WORKER_METHODS`, each with its arguments validated here
 * (count, shape, known option names) before the SDK sees them; the SDK then validates their values
 * as it does for any caller. Every failure goes back as a serialized ClientError
 * (remote-error.ts). Nothing here logs: progress lines (the SDK's, which never hold secrets) go to
 * the page as `progress` messages, and a secret share or passphrase is never in a message the
 * worker sends.
 * @module
 */
import { DWalletClient } from '../dwallet-client.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import { parseNetworkDescription } from '../network.ts';
import {
  type CallMessage,
  type ConnectedValue,
  type ConnectMessage,
  type LocalDWalletRecord,
  type MessageEndpoint,
  ProtocolViolation,
  parsePageMessage,
  type WalletMethod,
  type WorkerMethod,
  type WorkerToPage,
} from './protocol.ts';
import { rebuildError, serializeError } from './remote-error.ts';
import { RemoteWalletSigner, type WalletSignature } from './remote-wallet-signer.ts';
import {
  type BrowserSecretShareStore,
  type IndexedDbFactory,
  openBrowserSecretShareStore,
  type StoreKeySource,
} from './secret-store/index.ts';
import { openSetupCache, type SetupCache } from './setup-cache.ts';

export interface WorkerHostOptions {
  /** The IndexedDB to keep the secret store and the setup cache in (default: the global `indexedDB`). */
  readonly indexedDB?: IndexedDbFactory;
  /** Cache the network key's fixed-base tables in IndexedDB (default true; setup-cache.ts). */
  readonly setupCache?: boolean;
}

interface Connected {
  readonly client: DWalletClient;
  readonly store: BrowserSecretShareStore;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function argumentsOf(method: WorkerMethod, args: readonly unknown[], min: number, max: number): readonly unknown[] {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw invalidArgument(`${method} takes ${expected} argument(s), not ${args.length}`, { method });
  }
  return args;
}

function stringArgument(method: WorkerMethod, value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidArgument(`${method}: ${name} must be a non-empty string`, { method, field: name });
  return value;
}

/** An options object with only `allowed` keys, each of the given type (undefined: an empty object). */
function optionsArgument(
  method: WorkerMethod,
  value: unknown,
  allowed: Readonly<Record<string, 'string' | 'boolean'>>,
): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalidArgument(`${method}: options must be an object`, { method });
  for (const [key, item] of Object.entries(value)) {
    const type = allowed[key];
    if (type === undefined)
      throw invalidArgument(`${method}: unknown option ${key} (allowed: ${Object.keys(allowed).join(', ') || 'none'})`, {
        method,
        field: key,
      });
    if (item !== undefined && typeof item !== type)
      throw invalidArgument(`${method}: option ${key} must be a ${type}`, { method, field: key });
  }
  return value;
}

/** What each callable method does, its arguments validated first. */
const METHODS: Readonly<Record<WorkerMethod, (connected: Connected, args: readonly unknown[]) => Promise<unknown>>> = {
  createDWallet: ({ client }, args) => {
    const [options] = argumentsOf('createDWallet', args, 0, 1);
    return client.createDWallet(optionsArgument('createDWallet', options, { curve: 'string', algorithm: 'string', backup: 'boolean' }));
  },
  getDWallet: ({ client }, args) => client.getDWallet(stringArgument('getDWallet', argumentsOf('getDWallet', args, 1, 1)[0], 'id')),
  listDWallets: ({ client }, args) => {
    const [owner] = argumentsOf('listDWallets', args, 0, 1);
    return client.listDWallets(owner === undefined ? undefined : stringArgument('listDWallets', owner, 'owner'));
  },
  localDWallets: async ({ store }, args) => {
    argumentsOf('localDWallets', args, 0, 0);
    const out: LocalDWalletRecord[] = [];
    for (const key of await store.keys()) {
      const record = await store.get(key);
      if (record === undefined) continue;
      out.push({
        key,
        dwalletId: record.dwalletId,
        curve: record.curve,
        algorithm: record.algorithm,
        state: record.state,
        publicKey: record.publicKey,
      });
    }
    return out;
  },
  sign: ({ client }, args) => {
    const [request] = argumentsOf('sign', args, 1, 1);
    if (!isRecord(request)) throw invalidArgument('sign: the request must be { dwalletId, message, hashScheme }', { method: 'sign' });
    for (const key of Object.keys(request))
      if (!['dwalletId', 'message', 'hashScheme'].includes(key))
        throw invalidArgument(`sign: unknown field ${key}`, { method: 'sign', field: key });
    const dwalletId = stringArgument('sign', request.dwalletId, 'dwalletId');
    if (!(request.message instanceof Uint8Array))
      throw invalidArgument('sign: message must be a Uint8Array', { method: 'sign', field: 'message' });
    const { hashScheme } = request;
    if (typeof hashScheme !== 'string' && typeof hashScheme !== 'number')
      throw invalidArgument('sign: hashScheme must be a name or an id', { method: 'sign', field: 'hashScheme' });
    return client.sign({ dwalletId, message: request.message, hashScheme: hashScheme as never });
  },
  backupShare: ({ client }, args) =>
    client.backupShare(stringArgument('backupShare', argumentsOf('backupShare', args, 1, 1)[0], 'dwalletId')),
  recoverDWallets: ({ client }, args) => {
    const [options] = argumentsOf('recoverDWallets', args, 0, 1);
    return client.recoverDWallets(optionsArgument('recoverDWallets', options, { dwalletId: 'string' }));
  },
  registerEncryptionKey: ({ client }, args) => {
    const [options] = argumentsOf('registerEncryptionKey', args, 0, 1);
    return client.registerEncryptionKey(optionsArgument('registerEncryptionKey', options, { curve: 'string' }));
  },
  exportSecrets: ({ store }, args) => {
    argumentsOf('exportSecrets', args, 0, 0);
    return store.exportBackup();
  },
  importSecrets: ({ store }, args) => {
    const [text, options] = argumentsOf('importSecrets', args, 1, 2);
    if (typeof text !== 'string')
      throw invalidArgument('importSecrets: the backup must be a string (the file text)', { method: 'importSecrets' });
    const parsed = optionsArgument('importSecrets', options, { passphrase: 'string' });
    return store.importBackup(text, parsed.passphrase === undefined ? {} : { passphrase: parsed.passphrase as string });
  },
};

/**
 * Serves one DWalletClient over `endpoint` until {@link WorkerHost.close}. The first message must
 * be `connect`; calls before it, and a second `connect`, are refused.
 */
export class WorkerHost {
  readonly #endpoint: MessageEndpoint;
  readonly #options: WorkerHostOptions;
  readonly #listener: (event: { readonly data: unknown }) => void;
  readonly #walletRequests = new Map<number, { resolve: (value: WalletSignature) => void; reject: (error: unknown) => void }>();
  #nextWalletRequest = 0;
  #connecting: Promise<Connected> | undefined;
  #connected: Connected | undefined;
  #setupCache: SetupCache | undefined;

  constructor(endpoint: MessageEndpoint, options: WorkerHostOptions = {}) {
    this.#endpoint = endpoint;
    this.#options = options;
    this.#listener = (event) => this.#receive(event.data);
    endpoint.addEventListener('message', this.#listener);
    endpoint.start?.();
  }

  /** Stops listening, fails the wallet requests in flight and closes the store. */
  close(): void {
    this.#endpoint.removeEventListener('message', this.#listener);
    for (const pending of this.#walletRequests.values())
      pending.reject(new ClientError(ClientErrorCodes.WORKER_UNAVAILABLE, 'the worker was closed while it waited for the wallet'));
    this.#walletRequests.clear();
    this.#connected?.store.close();
    this.#setupCache?.close();
  }

  #post(message: WorkerToPage): void {
    this.#endpoint.postMessage(message);
  }

  #fail(id: number | null, error: unknown): void {
    const refused = error instanceof ProtocolViolation ? invalidArgument(`protocol: ${error.message}`) : error;
    this.#post({ type: 'error', id, error: serializeError(refused) });
  }

  #receive(data: unknown): void {
    let message: ReturnType<typeof parsePageMessage>;
    try {
      message = parsePageMessage(data);
    } catch (error) {
      this.#fail(error instanceof ProtocolViolation ? error.id : null, error);
      return;
    }
    switch (message.type) {
      case 'connect':
        this.#answer(message.id, () => this.#connect(message));
        return;
      case 'call':
        this.#answer(message.id, () => this.#call(message));
        return;
      case 'wallet-response':
      case 'wallet-error': {
        const pending = this.#walletRequests.get(message.id);
        if (pending === undefined) {
          this.#fail(message.id, invalidArgument(`protocol: no wallet request ${message.id} is waiting`));
          return;
        }
        this.#walletRequests.delete(message.id);
        if (message.type === 'wallet-response') pending.resolve({ signature: message.signature, bytes: message.bytes });
        else pending.reject(rebuildError(message.error));
        return;
      }
    }
  }

  #answer(id: number, run: () => Promise<unknown>): void {
    run().then(
      (value) => this.#post({ type: 'result', id, value }),
      (error: unknown) => this.#fail(id, error),
    );
  }

  #requestWallet = (method: WalletMethod, bytes: Uint8Array): Promise<WalletSignature> => {
    const id = this.#nextWalletRequest++;
    return new Promise<WalletSignature>((resolve, reject) => {
      this.#walletRequests.set(id, { resolve, reject });
      this.#post({ type: 'wallet-request', id, method, bytes: bytes.slice() });
    });
  };

  async #connect(message: ConnectMessage): Promise<ConnectedValue> {
    if (this.#connecting !== undefined) throw invalidArgument('protocol: this worker is already connected (one client per worker)');
    this.#connecting = this.#open(message);
    try {
      this.#connected = await this.#connecting;
    } catch (error) {
      this.#connecting = undefined;
      throw error;
    }
    return { address: this.#connected.client.address, network: this.#connected.client.network };
  }

  async #open(message: ConnectMessage): Promise<Connected> {
    const network = parseNetworkDescription(message.network);
    const signer = new RemoteWalletSigner(message.account, this.#requestWallet);
    const key: StoreKeySource =
      message.secrets.kind === 'passphrase'
        ? { kind: 'passphrase', passphrase: message.secrets.passphrase }
        : {
            kind: 'wallet-signature',
            address: signer.toSuiAddress(),
            signPersonalMessage: async (bytes: Uint8Array) => (await signer.signPersonalMessage(bytes)).signature,
          };
    const indexedDB = this.#options.indexedDB;
    const store = await openBrowserSecretShareStore({
      key,
      ...(message.databaseName === undefined ? {} : { databaseName: message.databaseName }),
      ...(indexedDB === undefined ? {} : { indexedDB }),
    });
    const progress = (line: string) => this.#post({ type: 'progress', line });
    try {
      if (this.#options.setupCache !== false) {
        // Without a cache (no IndexedDB, quota, private browsing) the tables are grown each load.
        this.#setupCache = await openSetupCache({ ...(indexedDB === undefined ? {} : { indexedDB }), onProgress: progress }).catch(
          (error: unknown) => {
            progress(`setup cache unavailable (${(error as Error).message}): the tables are grown on this load`);
            return undefined;
          },
        );
      }
      const client = await DWalletClient.connect({
        network,
        signer,
        secrets: store,
        ...(message.timeoutMs === undefined ? {} : { timeoutMs: message.timeoutMs }),
        onProgress: progress,
        ...(this.#setupCache === undefined ? {} : { tableCache: this.#setupCache }),
      });
      return { client, store };
    } catch (error) {
      store.close();
      throw error;
    }
  }

  async #call(message: CallMessage): Promise<unknown> {
    const connected = this.#connected;
    if (connected === undefined)
      throw invalidArgument(`protocol: ${message.method} before connect (send connect first and wait for its result)`);
    return METHODS[message.method](connected, message.args);
  }
}

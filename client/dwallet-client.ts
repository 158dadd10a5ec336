/**
 * The client SDK: a user's or dApp's side of the dWallet network.
 *
 * ```ts
 * const client = await DWalletClient.connect({ network: 'network.json', signer: keypair, secrets: new FileSecretShareStore(dir) });
 * const dwallet = await client.createDWallet({ curve: 'secp256k1' });
 * const { signature } = await client.sign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' });
 * ```
 *
 * What happens where:
 * - the user's half of the 2PC-MPC protocol runs here (mpc/ecdsa): the DKG or import message, bound
 *   to the session id derived from the request's own preimage before anything is sent, and the
 *   sign message for each signature. The secret share x_A never leaves the process; it is written
 *   to the {@link SecretShareStore} before the creation request is sent;
 * - requests are Sui transactions to the `dwallet` package (chain/coordinator-client.ts), signed by
 *   `signer`; a transaction that aborts is a TRANSACTION_FAILED error naming the Move abort;
 * - results are awaited through the indexer (live stream, polling) with a fallback to the chain's
 *   events (client/wait.ts); a rejection is a {@link RequestRejectedError} with the on-chain reason;
 * - what the SDK acts on is re-read from the chain (dWallet outputs, presigns, signatures), and
 *   every signature is verified with @noble/curves under the dWallet's public key before it is
 *   returned (SIGNATURE_INVALID otherwise).
 *
 * Presigns: a dWallet created by DKG signs with a universal presign claimed from the network's pool
 * (`claim_presign`); when the pool is empty, the client requests one for the pool, waits for it and
 * claims. An imported-key dWallet signs only with presigns made for it (`request_imported_key_presign`).
 * A presign cap the wallet already holds (an earlier sign that did not use it) is taken first.
 *
 * Many operations may run at once on one client: its transactions are sent one at a time (each
 * picks the gas coin the previous one left, so they never conflict), a transaction whose answer is
 * lost is sent again as the same bytes (client/retrying-chain.ts), a presign cap is reserved for
 * one operation at a time, and every wait shares one stream from the indexer (client/wait.ts).
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, equalBytes } from '@noble/curves/utils.js';
import type { Chain, ChainObject, ObjectRef, TransactionResult } from '../chain/chain.ts';
import {
  type Curve as ChainCurve,
  DWalletState,
  type HashScheme,
  MAX_MESSAGE_LENGTH,
  PresignState,
  RequestKind,
  SignState,
} from '../chain/constants.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import { ChainError } from '../chain/errors.ts';
import { LocalChainHttpClient } from '../chain/local/http-client.ts';
import { decodeObject, readCoordinator } from '../chain/object-reader.ts';
import { type DWalletEvent, decodeEvent, type EventName } from '../chain/schemas/events.ts';
import {
  DWalletCap as DWalletCapStruct,
  DWallet as DWalletStruct,
  NetworkKey,
  PartialSignatureCap,
  PartialUserSignature,
  PresignCap as PresignCapStruct,
  Presign as PresignStruct,
  Sign as SignStruct,
} from '../chain/schemas/objects.ts';
import { deriveSessionId, randomSessionPreimage } from '../chain/session-id.ts';
import { SuiChain } from '../chain/sui/sui-chain.ts';
import { signAndExecute } from '../chain/transaction-signer.ts';
import { loadSetup, type SetupSource } from '../mpc/classgroups/setups.ts';
import { curveOrder } from '../mpc/curves/curve.ts';
import { ECDSA_CURVE_IDS, type EcdsaCurveName, isEcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import type { DWalletOutput } from '../mpc/ecdsa/dkg/output.ts';
import {
  createImportedKeyMessage,
  createUserDkgMessage,
  createUserSignMessage,
  decodeDWalletOutput,
  decodeNetworkKey,
  decodePresign,
  digestMessage,
  encodeDWalletOutput,
  encodeImportedKeyMessage,
  encodeUserDkgMessage,
  encodeUserSignMessage,
  HASH_SCHEMES_BY_CURVE,
  HashSchemes,
  InMemoryPresignLedger,
  type NetworkKeyParts,
  networkKeyCommitment,
  type Presign,
} from '../mpc/ecdsa/index.ts';
import { bytesToBigint } from '../mpc/numbers/bytes.ts';
import { ClientError, ClientErrorCodes, invalidArgument, type Rejection, RequestRejectedError, TransactionFailedError } from './errors.ts';
import {
  IndexerClient,
  type NetworkInfo,
  normalizeSessionId,
  type PresignPoolInfo,
  type SessionRecord,
  type SessionStatus,
  type SignatureRecord,
} from './indexer-client.ts';
import { loadNetworkDescription, type NetworkDescription } from './network.ts';
import { RetryingChain } from './retrying-chain.ts';
import { pendingKey, type SecretShareRecord, type SecretShareStore } from './secret-store.ts';
import { ChainSessionFollower, type RequestedSession, requestOf, type SessionOutcome, SessionStream, waitForSession } from './wait.ts';

type EventValue<N extends EventName> = Extract<DWalletEvent, { name: N }>['value'];

export type HashSchemeName = 'keccak256' | 'sha256' | 'double-sha256' | 'prehashed';
/** A scheme by name or by id (0..3; other numbers are refused with INVALID_ARGUMENT). */
export type HashSchemeInput = HashSchemeName | HashScheme | number;

const HASH_SCHEME_NAMES: Readonly<Record<HashSchemeName, HashScheme>> = {
  keccak256: HashSchemes.KECCAK256,
  sha256: HashSchemes.SHA256,
  'double-sha256': HashSchemes.DOUBLE_SHA256,
  prehashed: HashSchemes.PREHASHED,
};

export interface ConnectOptions {
  /** The network description (validated), or the path of its JSON file. */
  readonly network: NetworkDescription | string;
  /**
   * Signs the user's Sui transactions (e.g. an `Ed25519Keypair`); its address owns the caps.
   * Without one the client is read-only: queries and waits work, requests are NO_SIGNER errors.
   */
  readonly signer?: Signer;
  /** Where the user's secret shares are kept. */
  readonly secrets: SecretShareStore;
  /** How long a wait for the network may take (default 180 s). */
  readonly timeoutMs?: number;
  /** One human-readable line per step (never contains secrets). */
  readonly onProgress?: (line: string) => void;
  /** A Chain to use instead of the one the description names (tests, custom transports). */
  readonly chain?: Chain;
  /** An indexer client to use instead of the description's; `null` waits on chain events only. */
  readonly indexer?: IndexerClient | null;
  /** Polling period of waits without a stream (default 500 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Stops the client: every wait ends at once with an ABORTED error, and no transaction is sent
   * after it aborted (one already on its way is not recalled).
   */
  readonly signal?: AbortSignal;
  /** Each transaction the client sends: when it leaves, and what the chain answered (its requests). */
  readonly onTransaction?: (transaction: SentTransaction) => void;
}

/** A transaction the client sent, as {@link ConnectOptions.onTransaction} reports it. */
export interface SentTransaction {
  /** What it does: `create dWallet`, `claim presign`, `sign`, … */
  readonly what: string;
  /**
   * `sending`: on its way; `executed`: on chain; `failed`: on chain and aborted (nothing recorded
   * but gas); `unknown`: the chain did not answer, it may or may not have executed.
   */
  readonly status: 'sending' | 'executed' | 'failed' | 'unknown';
  readonly digest: string | null;
  /** The sessions it requested (executed transactions only). */
  readonly requests: readonly RequestedSession[];
}

/** A dWallet as the SDK returns it after creation or import. */
export interface DWalletRecord {
  readonly id: string;
  readonly capId: string;
  readonly curve: EcdsaCurveName;
  /** X, SEC1 compressed (33 bytes). */
  readonly publicKey: Uint8Array;
  readonly networkKeyId: string;
  /** The creation session's id (0x-hex). */
  readonly sessionId: string;
  readonly imported: boolean;
}

/** A dWallet as the network knows it (any dWallet, not only the user's). */
export interface DWalletInfo {
  readonly id: string;
  readonly capId: string;
  /** The cap's owner when known (the indexer's view, or the chain's for an address-owned cap). */
  readonly owner: string | null;
  readonly curve: EcdsaCurveName;
  readonly networkKeyId: string;
  readonly imported: boolean;
  readonly state: 'pending' | 'active' | 'rejected';
  /** Null until the network accepts the dWallet. */
  readonly publicKey: Uint8Array | null;
  readonly output: Uint8Array | null;
  readonly sessionId: string;
  readonly rejection: Rejection | null;
  /** Whether this client's secret store holds the user's share. */
  readonly hasSecretShare: boolean;
}

export interface SignRequest {
  readonly dwalletId: string;
  /** The message (for `prehashed`: the 32-byte digest itself). */
  readonly message: Uint8Array;
  readonly hashScheme: HashSchemeInput;
}

export interface SignResult {
  readonly signId: string;
  /** The sign session's id (0x-hex). */
  readonly sessionId: string;
  readonly dwalletId: string;
  /** r ‖ s ‖ recovery id, low s, verified under the dWallet's public key. */
  readonly signature: Uint8Array;
  /** The 32-byte digest that was signed. */
  readonly digest: Uint8Array;
  readonly hashScheme: HashScheme;
  readonly message: Uint8Array;
}

/** A signature's user part, computed and bound to a claimed presign, not sent yet. */
export interface PreparedSign {
  readonly dwalletId: string;
  readonly capId: string;
  readonly curve: EcdsaCurveName;
  readonly publicKey: Uint8Array;
  readonly hashScheme: HashScheme;
  readonly message: Uint8Array;
  readonly digest: Uint8Array;
  /** The PresignCap the request consumes. */
  readonly presignCapId: string;
  /** The sign request's session preimage, and the session id it gives for this user (0x-hex). */
  readonly sessionPreimage: Uint8Array;
  readonly sessionId: string;
  /** The chain's `user_sign_message`. */
  readonly userSignMessage: Uint8Array;
}

export interface FutureSignResult {
  readonly partialSignatureId: string;
  readonly partialSignatureCapId: string;
  readonly sessionId: string;
  readonly dwalletId: string;
  readonly hashScheme: HashScheme;
  readonly message: Uint8Array;
  readonly digest: Uint8Array;
}

/** A sign request and its result, as the indexer or the chain knows it. */
export type SignatureInfo = SignatureRecord;

/** The hash scheme id of a name or id; INVALID_ARGUMENT for anything else. */
export function parseHashScheme(value: HashSchemeInput): HashScheme {
  if (typeof value === 'string' && Object.hasOwn(HASH_SCHEME_NAMES, value)) return HASH_SCHEME_NAMES[value as HashSchemeName];
  if (typeof value === 'number' && Object.values(HASH_SCHEME_NAMES).includes(value as HashScheme)) return value as HashScheme;
  throw invalidArgument(`hash scheme must be keccak256, sha256, double-sha256, prehashed or 0..3, not ${String(value)}`, {
    hashScheme: String(value),
  });
}

function curveName(id: number): EcdsaCurveName {
  const name = (Object.keys(ECDSA_CURVE_IDS) as EcdsaCurveName[]).find((n) => ECDSA_CURVE_IDS[n] === id);
  if (name === undefined) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `unknown curve id ${id}`, { curve: id });
  return name;
}

function hexId(bytes: Uint8Array | number[]): string {
  return `0x${bytesToHex(new Uint8Array(bytes))}`;
}

/** Whether `signature` (r ‖ s ‖ v) is a low-s ECDSA signature of `digest` under `publicKey` whose v recovers it. */
export function verifyDWalletSignature(curve: EcdsaCurveName, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 65 || digest.length !== 32) return false;
  const impl = curve === 'secp256k1' ? secp256k1 : p256;
  try {
    if (!impl.verify(signature.subarray(0, 64), digest, publicKey, { prehash: false, lowS: true })) return false;
    const recovered = impl.Signature.fromBytes(signature.subarray(0, 64), 'compact')
      .addRecoveryBit(signature[64] as number)
      .recoverPublicKey(digest);
    return equalBytes(recovered.toBytes(true), publicKey);
  } catch {
    return false;
  }
}

function isIndexerFailure(error: unknown): boolean {
  return (
    error instanceof ClientError &&
    (error.code === ClientErrorCodes.INDEXER_UNAVAILABLE ||
      error.code === ClientErrorCodes.INDEXER_RESPONSE_INVALID ||
      error.code === ClientErrorCodes.INDEXER_REQUEST_FAILED)
  );
}

function bytesOf(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalidArgument(`${what} must be a Uint8Array`);
  return value;
}

function asAddress(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw invalidArgument(`${what} must be a 0x-hex Sui address`);
  return normalizeSuiAddress(value.toLowerCase());
}

interface LoadedDWallet {
  readonly id: string;
  readonly capId: string;
  readonly curve: EcdsaCurveName;
  readonly imported: boolean;
  readonly key: NetworkKeyParts;
  readonly output: DWalletOutput;
  readonly publicKey: Uint8Array;
}

export class DWalletClient {
  readonly network: NetworkDescription;
  readonly chain: Chain;
  readonly coordinator: CoordinatorClient;
  readonly secrets: SecretShareStore;
  readonly timeoutMs: number;
  #indexer: IndexerClient | null;
  readonly #signer: Signer | null;
  readonly #signal: AbortSignal | undefined;
  readonly #onTransaction: (transaction: SentTransaction) => void;
  readonly #follower: ChainSessionFollower;
  readonly #onProgress: (line: string) => void;
  readonly #pollIntervalMs: number;
  #keys: Promise<Map<EcdsaCurveName, NetworkKeyParts>> | undefined;
  /** The indexer's stream, shared by every wait of this client (none without an indexer). */
  #stream: SessionStream | undefined;
  /** The end of the last transaction queued: transactions are sent one at a time. */
  #submitted: Promise<unknown> = Promise.resolve();
  /** Presign caps an operation of this client is using (not to be taken by another). */
  readonly #reservedCaps = new Set<string>();

  private constructor(options: {
    network: NetworkDescription;
    chain: Chain;
    coordinator: CoordinatorClient;
    indexer: IndexerClient | null;
    signer: Signer | null;
    secrets: SecretShareStore;
    timeoutMs: number;
    onProgress: (line: string) => void;
    pollIntervalMs: number;
    signal: AbortSignal | undefined;
    onTransaction: (transaction: SentTransaction) => void;
  }) {
    this.network = options.network;
    this.chain = options.chain;
    this.coordinator = options.coordinator;
    this.#indexer = options.indexer;
    this.#signer = options.signer;
    this.secrets = options.secrets;
    this.timeoutMs = options.timeoutMs;
    this.#onProgress = options.onProgress;
    this.#pollIntervalMs = options.pollIntervalMs;
    this.#signal = options.signal;
    this.#onTransaction = options.onTransaction;
    this.#follower = new ChainSessionFollower(options.chain, options.network.packageId);
    this.#stream = options.indexer === null ? undefined : new SessionStream(options.indexer);
  }

  /**
   * Validates the description, opens the chain, and checks that the chain's deployment and network
   * key are the ones described (NETWORK_MISMATCH otherwise). The network key's class-group setup is
   * loaded on first use.
   */
  static async connect(options: ConnectOptions): Promise<DWalletClient> {
    const network = typeof options.network === 'string' ? loadNetworkDescription(options.network) : loadNetworkDescription(options.network);
    if (options.signer !== undefined && typeof options.signer?.toSuiAddress !== 'function')
      throw invalidArgument('signer must be a Sui Signer');
    if (options.secrets === undefined || typeof options.secrets?.put !== 'function')
      throw invalidArgument('secrets must be a SecretShareStore');
    const timeoutMs = options.timeoutMs ?? 180_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalidArgument('timeoutMs must be positive');
    const chain = new RetryingChain(options.chain ?? DWalletClient.#openChain(network));
    const deployment = await chain.deployment();
    if (
      normalizeSuiAddress(deployment.packageId) !== network.packageId ||
      normalizeSuiAddress(deployment.coordinatorId) !== network.coordinatorId
    ) {
      throw new ClientError(
        ClientErrorCodes.NETWORK_MISMATCH,
        `the chain at ${network.chain.url} runs package ${deployment.packageId} / coordinator ${deployment.coordinatorId}, not the described ${network.packageId} / ${network.coordinatorId}`,
        { packageId: deployment.packageId, coordinatorId: deployment.coordinatorId },
      );
    }
    const indexer = options.indexer === undefined ? new IndexerClient(network.indexer) : options.indexer;
    return new DWalletClient({
      network,
      chain,
      coordinator: new CoordinatorClient(deployment),
      indexer,
      signer: options.signer ?? null,
      secrets: options.secrets,
      timeoutMs,
      onProgress: options.onProgress ?? (() => {}),
      pollIntervalMs: options.pollIntervalMs ?? 500,
      signal: options.signal,
      onTransaction: options.onTransaction ?? (() => {}),
    });
  }

  static #openChain(network: NetworkDescription): Chain {
    if (network.chain.kind === 'local') return new LocalChainHttpClient(network.chain.url);
    const url = network.chain.url;
    const inferred = (['mainnet', 'testnet', 'devnet'] as const).find((name) => url.includes(name)) ?? 'localnet';
    return new SuiChain({
      network: network.chain.network ?? inferred,
      url,
      packageId: network.packageId,
      coordinatorId: network.coordinatorId,
    });
  }

  /** The user's Sui address (the signer's); NO_SIGNER for a read-only client. */
  get address(): string {
    return normalizeSuiAddress(this.#requireSigner().toSuiAddress());
  }

  #requireSigner(): Signer {
    if (this.#signer === null) {
      throw new ClientError(ClientErrorCodes.NO_SIGNER, 'this client was connected without a signer (read-only): it cannot send requests');
    }
    return this.#signer;
  }

  /** The indexer in use (null: none, or it was found unreachable and waits follow the chain). */
  get indexer(): IndexerClient | null {
    return this.#indexer;
  }

  // === network key ===

  /** The network key's parts for every curve (decoded once; the class-group setup is cached on disk). */
  #networkKeys(): Promise<Map<EcdsaCurveName, NetworkKeyParts>> {
    this.#keys ??= this.#loadNetworkKeys().catch((error: unknown) => {
      this.#keys = undefined;
      throw error;
    });
    return this.#keys;
  }

  async #loadNetworkKeys(): Promise<Map<EcdsaCurveName, NetworkKeyParts>> {
    const object = await this.chain.getObject(this.network.networkKeyId);
    if (object === null) {
      throw new ClientError(ClientErrorCodes.NETWORK_MISMATCH, `the network key ${this.network.networkKeyId} does not exist on chain`, {
        networkKeyId: this.network.networkKeyId,
      });
    }
    const value = decodeObject(this.network.packageId, object, NetworkKey);
    const onChainCurves = value.curves.map(curveName);
    for (const curve of this.network.curves) {
      if (!onChainCurves.includes(curve)) {
        throw new ClientError(
          ClientErrorCodes.NETWORK_MISMATCH,
          `the network key does not support ${curve} (it supports ${onChainCurves.join(', ')})`,
        );
      }
    }
    const started = Date.now();
    this.#onProgress(`loading the network key (class-group setup for ${onChainCurves.join(', ')})`);
    const sources: SetupSource[] = [];
    const parts = decodeNetworkKey(new Uint8Array(value.global_key_parts), (curve, level) =>
      loadSetup(curveOrder(curve.name), level as 112, { onSource: (source) => sources.push(source) }),
    );
    if (!equalBytes(networkKeyCommitment(parts), new Uint8Array(value.key_commitment))) {
      throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, 'the network key parts do not match the key commitment on chain');
    }
    this.#onProgress(`network key loaded in ${Date.now() - started} ms (setup: ${sources.join(', ')})`);
    const keys = new Map<EcdsaCurveName, NetworkKeyParts>();
    for (const part of parts) if (isEcdsaCurveName(part.curve.name)) keys.set(part.curve.name, part);
    return keys;
  }

  async #keyFor(curve: EcdsaCurveName): Promise<NetworkKeyParts> {
    if (!this.network.curves.includes(curve)) {
      throw invalidArgument(`the network offers ${this.network.curves.join(', ')}, not ${curve}`, { curve });
    }
    const key = (await this.#networkKeys()).get(curve);
    if (key === undefined) throw new ClientError(ClientErrorCodes.NETWORK_MISMATCH, `the network key has no ${curve} parts`);
    return key;
  }

  // === transactions ===

  /**
   * Signs and executes a transaction after the client's previous ones: each takes the gas coin as
   * the previous one left it, and is built in its turn (`build` reads the versions of the owned
   * objects it uses, a cap say, then), so concurrent operations never send two transactions on one
   * version of an object. Nothing is sent once the client's signal has aborted; `onTransaction`
   * hears of each transaction as it leaves and what the chain answered.
   */
  async #execute(what: string, build: Transaction | (() => Promise<Transaction>)): Promise<TransactionResult> {
    const signer = this.#requireSigner();
    const turn = this.#submitted.then(async () => {
      if (this.#signal?.aborted) {
        throw new ClientError(ClientErrorCodes.ABORTED, `stopped before sending the ${what} transaction`, { what });
      }
      const tx = typeof build === 'function' ? await build() : build;
      this.#onTransaction({ what, status: 'sending', digest: null, requests: [] });
      try {
        return await signAndExecute(this.chain, tx, signer);
      } catch (error) {
        this.#onTransaction({ what, status: 'unknown', digest: null, requests: [] });
        throw error;
      }
    });
    this.#submitted = turn.catch(() => {});
    const result = await turn;
    const requests = result.status.success ? this.#decodedEvents(result).flatMap((event) => requestOf(event) ?? []) : [];
    this.#onTransaction({ what, status: result.status.success ? 'executed' : 'failed', digest: result.digest, requests });
    if (!result.status.success) throw new TransactionFailedError(what, result.digest, result.status.error);
    return result;
  }

  #decodedEvents(result: TransactionResult): DWalletEvent[] {
    return result.events.flatMap((event) => {
      try {
        return [decodeEvent(this.network.packageId, event.type, event.bcs)];
      } catch {
        return [];
      }
    });
  }

  #event<N extends EventName>(result: TransactionResult, name: N): EventValue<N> {
    for (const decoded of this.#decodedEvents(result)) {
      if (decoded.name === name) return decoded.value as EventValue<N>;
    }
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the transaction ${result.digest} emitted no ${name} event`, {
      digest: result.digest,
    });
  }

  #created(result: TransactionResult, struct: string): string {
    const type = `${this.network.packageId}::coordinator::${struct}`;
    const change = result.changedObjects.find((c) => c.change === 'created' && c.type === type);
    if (change === undefined) {
      throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the transaction ${result.digest} created no ${struct}`, {
        digest: result.digest,
      });
    }
    return change.objectId;
  }

  async #ref(objectId: string, what: string): Promise<ObjectRef> {
    const object = await this.chain.getObject(objectId);
    if (object === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `${what} ${objectId} does not exist on chain`, { objectId });
    return { objectId: object.objectId, version: object.version, digest: object.digest };
  }

  async #fees(): Promise<bigint[]> {
    return (await readCoordinator(this.chain)).fees;
  }

  #newSession(): { preimage: Uint8Array; sessionId: Uint8Array; sessionHex: string } {
    const preimage = randomSessionPreimage();
    const sessionId = deriveSessionId(this.address, preimage);
    return { preimage, sessionId, sessionHex: hexId(sessionId) };
  }

  // === waiting ===

  /**
   * Waits until the session is completed or rejected (it does not throw on a rejection: the
   * record's `status` and `rejection` say so); TIMEOUT after `timeoutMs` (default: the client's),
   * ABORTED as soon as `signal` (or the client's) aborts.
   */
  async waitForSession(
    sessionId: string | Uint8Array,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<SessionOutcome> {
    const id = typeof sessionId === 'string' ? sessionId : bytesToHex(sessionId);
    const signals = [...new Set([options.signal, this.#signal])].filter((s): s is AbortSignal => s !== undefined);
    return waitForSession({ indexer: this.#indexer, follower: this.#follower, stream: this.#stream }, id, {
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      ...(signals.length === 0 ? {} : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
      pollIntervalMs: this.#pollIntervalMs,
      onProgress: this.#onProgress,
      onIndexerDown: () => {
        this.#indexer = null;
        this.#stream = undefined;
      },
    });
  }

  /** Waits and throws RequestRejectedError when the network rejected the request. */
  async #awaitCompleted(sessionId: string, what: string): Promise<SessionRecord> {
    this.#onProgress(`waiting for the network: ${what} (session ${sessionId})`);
    const { record } = await this.waitForSession(sessionId);
    if (record.status === 'rejected') {
      throw new RequestRejectedError(
        sessionId,
        record.rejection ?? { reasonCode: 0xffff, reasonName: null, reason: 'rejected (no reason recorded)', blamed: [] },
        what,
      );
    }
    return record;
  }

  // === dWallets ===

  /**
   * Creates a dWallet by DKG: the user's message is made here, the secret share saved in the store
   * (under the session id, then the dWallet id), the request sent, and the network's acceptance
   * awaited; the chain's output must equal the one computed here.
   */
  async createDWallet(options: { curve?: EcdsaCurveName; capRecipient?: string } = {}): Promise<DWalletRecord> {
    const curve = options.curve ?? this.network.curves[0] ?? 'secp256k1';
    if (!isEcdsaCurveName(curve)) throw invalidArgument(`curve must be secp256k1 or p256, not ${String(curve)}`);
    const recipient = options.capRecipient === undefined ? this.address : asAddress(options.capRecipient, 'capRecipient');
    const key = await this.#keyFor(curve);
    const session = this.#newSession();
    this.#onProgress(`computing the user's DKG message (${curve})`);
    const dkg = createUserDkgMessage(key, session.sessionId);
    return this.#createDWallet({
      curve,
      key,
      recipient,
      session,
      imported: false,
      secretShare: dkg.secretShare,
      output: dkg.output,
      buildRequest: (tx, payment) =>
        this.coordinator.requestDWalletDkg(tx, {
          networkKeyId: this.network.networkKeyId,
          curve: ECDSA_CURVE_IDS[curve] as ChainCurve,
          sessionPreimage: session.preimage,
          userDkgMessage: encodeUserDkgMessage(key.curve, dkg.message),
          payment,
        }),
      fee: RequestKind.DWALLET_DKG,
      requestEvent: 'DWalletDkgRequested',
    });
  }

  /** Imports an existing secret key (32 bytes, big-endian) into a dWallet; the key is split here and x_B encrypted to the network. */
  async importKey(options: { secretKey: Uint8Array; curve?: EcdsaCurveName; capRecipient?: string }): Promise<DWalletRecord> {
    const curve = options.curve ?? 'secp256k1';
    if (!isEcdsaCurveName(curve)) throw invalidArgument(`curve must be secp256k1 or p256, not ${String(curve)}`);
    const secretKeyBytes = bytesOf(options.secretKey, 'secretKey');
    if (secretKeyBytes.length !== 32) throw invalidArgument('secretKey must be 32 bytes (big-endian)');
    const secretKey = bytesToBigint(secretKeyBytes);
    if (secretKey <= 0n || secretKey >= curveOrder(curve)) throw invalidArgument(`secretKey must lie in [1, q) of ${curve}`);
    const recipient = options.capRecipient === undefined ? this.address : asAddress(options.capRecipient, 'capRecipient');
    const key = await this.#keyFor(curve);
    const session = this.#newSession();
    this.#onProgress(`computing the imported-key message (${curve})`);
    const imported = createImportedKeyMessage(key, session.sessionId, secretKey);
    return this.#createDWallet({
      curve,
      key,
      recipient,
      session,
      imported: true,
      secretShare: imported.secretShare,
      output: imported.output,
      buildRequest: (tx, payment) =>
        this.coordinator.requestImportedKeyDWallet(tx, {
          networkKeyId: this.network.networkKeyId,
          curve: ECDSA_CURVE_IDS[curve] as ChainCurve,
          sessionPreimage: session.preimage,
          userImportMessage: encodeImportedKeyMessage(key, imported.message),
          payment,
        }),
      fee: RequestKind.IMPORTED_KEY,
      requestEvent: 'ImportedKeyDWalletRequested',
    });
  }

  async #createDWallet(input: {
    curve: EcdsaCurveName;
    key: NetworkKeyParts;
    recipient: string;
    session: { preimage: Uint8Array; sessionId: Uint8Array; sessionHex: string };
    imported: boolean;
    secretShare: bigint;
    output: DWalletOutput;
    buildRequest: (tx: Transaction, payment: ReturnType<CoordinatorClient['payFromGas']>) => ReturnType<CoordinatorClient['call']>;
    fee: RequestKind;
    requestEvent: 'DWalletDkgRequested' | 'ImportedKeyDWalletRequested';
  }): Promise<DWalletRecord> {
    const { curve, key, session } = input;
    const outputBytes = encodeDWalletOutput(input.output, key.encryptionKey.setup);
    const publicKey = key.curve.encodePoint(input.output.publicKey);
    const pending: SecretShareRecord = {
      dwalletId: null,
      capId: null,
      sessionId: session.sessionHex.slice(2),
      curve,
      networkKeyId: this.network.networkKeyId,
      imported: input.imported,
      state: 'pending',
      secretShare: input.secretShare,
      output: outputBytes,
      publicKey,
      createdAt: new Date().toISOString(),
    };
    // The share is on disk before the request exists anywhere else.
    await this.secrets.put(pendingKey(session.sessionHex), pending);

    const fees = await this.#fees();
    const tx = new Transaction();
    const cap = input.buildRequest(tx, this.coordinator.payFromGas(tx, fees[input.fee] ?? 0n));
    tx.transferObjects([cap], input.recipient);
    this.#onProgress(`sending the ${input.imported ? 'imported-key' : 'DKG'} request`);
    let result: TransactionResult;
    try {
      result = await this.#execute(input.imported ? 'import key' : 'create dWallet', tx);
    } catch (error) {
      // A transaction never sent, executed-and-aborted or refused recorded nothing: the share is useless.
      const unsent = error instanceof ClientError && error.code === ClientErrorCodes.ABORTED;
      if (unsent || error instanceof TransactionFailedError || (error instanceof ChainError && error.code.startsWith('CHAIN_TX_'))) {
        await this.secrets.delete(pendingKey(session.sessionHex));
      }
      throw error;
    }
    const requested = this.#event(result, input.requestEvent);
    const dwalletId = normalizeSuiAddress(requested.dwallet_id);
    const capId = normalizeSuiAddress(requested.dwallet_cap_id);
    const saved: SecretShareRecord = { ...pending, dwalletId, capId };
    await this.secrets.put(dwalletId, saved);
    await this.secrets.delete(pendingKey(session.sessionHex));

    try {
      await this.#awaitCompleted(session.sessionHex, input.imported ? 'the imported key' : 'the dWallet creation');
    } catch (error) {
      if (error instanceof RequestRejectedError) await this.secrets.put(dwalletId, { ...saved, state: 'rejected' });
      throw error;
    }
    const object = await this.chain.getObject(dwalletId);
    const onChain = object === null ? null : decodeObject(this.network.packageId, object, DWalletStruct);
    if (onChain === null || onChain.state !== DWalletState.ACTIVE || !equalBytes(new Uint8Array(onChain.output), outputBytes)) {
      throw new ClientError(
        ClientErrorCodes.CHAIN_DATA_INVALID,
        `the dWallet ${dwalletId} on chain is not the active dWallet this client computed (its share is kept, state pending)`,
        { dwalletId },
      );
    }
    await this.secrets.put(dwalletId, { ...saved, state: 'active' });
    this.#onProgress(`dWallet ${dwalletId} is active`);
    return {
      id: dwalletId,
      capId,
      curve,
      publicKey,
      networkKeyId: this.network.networkKeyId,
      sessionId: session.sessionHex,
      imported: input.imported,
    };
  }

  /**
   * Finishes what a crash interrupted: secret shares still stored under a session id (the process
   * stopped between sending a creation request and recording its dWallet id) are moved to their
   * dWallet id when the request is on chain; the ids of dWallets recovered are returned.
   */
  async recoverPending(): Promise<string[]> {
    const recovered: string[] = [];
    for (const key of await this.secrets.keys()) {
      if (!key.startsWith('session-')) continue;
      const record = await this.secrets.get(key);
      if (record === undefined) continue;
      const sessionId = `0x${record.sessionId}`;
      const session = await this.getSession(sessionId);
      if (session === null) continue;
      const object = await this.chain.getObject(session.objectId);
      if (object === null) continue;
      const dwallet = decodeObject(this.network.packageId, object, DWalletStruct);
      const state = dwallet.state === DWalletState.ACTIVE ? 'active' : dwallet.state === DWalletState.REJECTED ? 'rejected' : 'pending';
      await this.secrets.put(session.objectId, {
        ...record,
        dwalletId: session.objectId,
        capId: normalizeSuiAddress(dwallet.cap_id),
        state,
      });
      await this.secrets.delete(key);
      recovered.push(session.objectId);
    }
    return recovered;
  }

  /** The active dWallet, the user's share and its output, checked against each other. */
  async #loadOwnDWallet(dwalletId: string): Promise<LoadedDWallet & { secretShare: bigint; record: SecretShareRecord }> {
    const id = asAddress(dwalletId, 'dwalletId');
    const { value } = await this.#readDWallet(id);
    const record = await this.secrets.get(id);
    if (record === undefined) {
      throw new ClientError(ClientErrorCodes.SECRET_SHARE_MISSING, `the secret store holds no share of dWallet ${id}`, { dwalletId: id });
    }
    if (value.state !== DWalletState.ACTIVE) {
      throw new ClientError(ClientErrorCodes.DWALLET_NOT_ACTIVE, `dWallet ${id} is not active (state ${value.state})`, { dwalletId: id });
    }
    const curve = curveName(value.curve);
    const key = await this.#keyFor(curve);
    const outputBytes = new Uint8Array(value.output);
    if (!equalBytes(outputBytes, record.output) || record.curve !== curve) {
      throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the dWallet ${id} on chain does not match the stored share's dWallet`, {
        dwalletId: id,
      });
    }
    const output = decodeDWalletOutput(key.curve, key.encryptionKey.setup, outputBytes);
    if (record.state !== 'active') await this.secrets.put(id, { ...record, state: 'active', capId: normalizeSuiAddress(value.cap_id) });
    return {
      id,
      capId: normalizeSuiAddress(value.cap_id),
      curve,
      imported: value.imported,
      key,
      output,
      publicKey: key.curve.encodePoint(output.publicKey),
      secretShare: record.secretShare,
      record,
    };
  }

  async #readDWallet(id: string): Promise<{ object: ChainObject; value: ReturnType<typeof decodeObject<typeof DWalletStruct>> }> {
    const object = await this.chain.getObject(id);
    if (object === null) throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `no dWallet ${id} on chain`, { dwalletId: id });
    try {
      return { object, value: decodeObject(this.network.packageId, object, DWalletStruct) };
    } catch (error) {
      throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `${id} is not a dWallet`, { dwalletId: id }, { cause: error });
    }
  }

  // === presigns ===

  /** Requests `count` universal presigns for the pool (1–50 in one transaction); returns their session ids. */
  async requestPresigns(count: number, options: { curve?: EcdsaCurveName } = {}): Promise<string[]> {
    if (!Number.isInteger(count) || count < 1 || count > 50) throw invalidArgument('count must be an integer from 1 to 50', { count });
    const curve = options.curve ?? this.network.curves[0] ?? 'secp256k1';
    if (!this.network.curves.includes(curve)) throw invalidArgument(`the network offers ${this.network.curves.join(', ')}, not ${curve}`);
    const fee = (await this.#fees())[RequestKind.PRESIGN] ?? 0n;
    const tx = new Transaction();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const session = this.#newSession();
      ids.push(session.sessionHex);
      this.coordinator.requestPresign(tx, {
        networkKeyId: this.network.networkKeyId,
        curve: ECDSA_CURVE_IDS[curve] as ChainCurve,
        sessionPreimage: session.preimage,
        payment: this.coordinator.payFromGas(tx, fee),
      });
    }
    await this.#execute('request presigns', tx);
    return ids;
  }

  async #readPresign(presignId: string, key: NetworkKeyParts): Promise<Presign> {
    const object = await this.chain.getObject(presignId);
    if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `presign ${presignId} does not exist`);
    const value = decodeObject(this.network.packageId, object, PresignStruct);
    if (value.state !== PresignState.COMPLETED) {
      throw new ClientError(ClientErrorCodes.NO_PRESIGN_AVAILABLE, `presign ${presignId} is not completed (state ${value.state})`);
    }
    return decodePresign(key.curve, key.encryptionKey.setup, new Uint8Array(value.output));
  }

  /**
   * A presign cap the wallet owns for this dWallet that no operation of this client is using: a
   * completed presign of the dWallet's key and curve, bound to this cap, universal for a DKG
   * dWallet or made for this one for an imported key. It comes back reserved.
   */
  async #ownedPresign(dwallet: LoadedDWallet): Promise<{ capId: string; presign: Presign } | undefined> {
    const type = `${this.network.packageId}::coordinator::PresignCap`;
    const curveId = ECDSA_CURVE_IDS[dwallet.curve];
    let cursor: string | null = null;
    do {
      const page = await this.chain.listOwnedObjects(this.address, { type, cursor, limit: 50 });
      for (const object of page.objects) {
        const capId = normalizeSuiAddress(object.objectId);
        if (this.#reservedCaps.has(capId)) continue;
        const presignObject = await this.chain.getObject(decodeObject(this.network.packageId, object, PresignCapStruct).presign_id);
        if (presignObject === null) continue;
        const presign = decodeObject(this.network.packageId, presignObject, PresignStruct);
        const usable =
          presign.state === PresignState.COMPLETED &&
          presign.cap_id !== null &&
          normalizeSuiAddress(presign.cap_id) === capId &&
          normalizeSuiAddress(presign.network_key_id) === this.network.networkKeyId &&
          presign.curve === curveId &&
          (presign.dwallet_id === null ? !dwallet.imported : normalizeSuiAddress(presign.dwallet_id) === dwallet.id);
        // Checked again after the reads: a concurrent operation may have reserved it meanwhile.
        if (!usable || this.#reservedCaps.has(capId)) continue;
        this.#reservedCaps.add(capId);
        this.#onProgress(`using presign ${normalizeSuiAddress(presignObject.objectId)} the wallet already holds`);
        return { capId, presign: decodePresign(dwallet.key.curve, dwallet.key.encryptionKey.setup, new Uint8Array(presign.output)) };
      }
      cursor = page.nextCursor;
    } while (cursor);
    return undefined;
  }

  /**
   * A presign cap the caller owns for this dWallet, reserved for the operation until it calls
   * {@link #releasePresign}, and the presign it stands for: one the wallet already holds, else (for
   * an imported key) one requested for it, else one claimed from the pool, requesting one for the
   * pool while it is empty — until the client's timeout.
   */
  async #obtainPresign(dwallet: LoadedDWallet): Promise<{ capId: string; presign: Presign }> {
    const owned = await this.#ownedPresign(dwallet);
    if (owned !== undefined) return owned;
    const fee = (await this.#fees())[RequestKind.PRESIGN] ?? 0n;
    if (dwallet.imported) {
      const session = this.#newSession();
      this.#onProgress('requesting a presign for the imported-key dWallet');
      const result = await this.#execute('request imported-key presign', async () => {
        const tx = new Transaction();
        const cap = this.coordinator.requestImportedKeyPresign(tx, {
          dwalletCap: await this.#ref(dwallet.capId, 'dWallet cap'),
          sessionPreimage: session.preimage,
          payment: this.coordinator.payFromGas(tx, fee),
        });
        tx.transferObjects([cap], this.address);
        return tx;
      });
      const presignId = this.#event(result, 'PresignRequested').presign_id;
      const capId = this.#created(result, 'PresignCap');
      this.#reservedCaps.add(capId);
      try {
        await this.#awaitCompleted(session.sessionHex, 'the presign');
        return { capId, presign: await this.#readPresign(presignId, dwallet.key) };
      } catch (error) {
        this.#releasePresign(capId);
        throw error;
      }
    }
    const curveId = ECDSA_CURVE_IDS[dwallet.curve];
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline) {
      const pool = (await readCoordinator(this.chain)).presign_pools.find(
        (p) => normalizeSuiAddress(p.network_key_id) === this.network.networkKeyId && p.curve === curveId,
      );
      if (pool !== undefined && pool.available.length > 0) {
        const tx = new Transaction();
        const cap = this.coordinator.claimPresign(tx, {
          networkKeyId: this.network.networkKeyId,
          curve: curveId as ChainCurve,
          payment: this.coordinator.payFromGas(tx, fee),
        });
        tx.transferObjects([cap], this.address);
        try {
          const result = await this.#execute('claim presign', tx);
          const claimed = this.#event(result, 'PresignClaimed');
          const capId = normalizeSuiAddress(claimed.presign_cap_id);
          this.#onProgress(`claimed presign ${claimed.presign_id} from the pool`);
          const presign = await this.#readPresign(claimed.presign_id, dwallet.key);
          this.#reservedCaps.add(capId);
          return { capId, presign };
        } catch (error) {
          // Someone else emptied the pool first: request one.
          if (!(error instanceof TransactionFailedError && error.abortName === 'EPresignPoolEmpty')) throw error;
        }
      }
      this.#onProgress('the presign pool is empty: requesting a presign');
      const [sessionId] = await this.requestPresigns(1, { curve: dwallet.curve });
      await this.#awaitCompleted(sessionId as string, 'the presign');
    }
    throw new ClientError(ClientErrorCodes.NO_PRESIGN_AVAILABLE, `no presign could be claimed from the pool within ${this.timeoutMs} ms`);
  }

  /** The operation that reserved this presign cap is done with it (it was used, or may be used by the next). */
  #releasePresign(capId: string): void {
    this.#reservedCaps.delete(normalizeSuiAddress(capId));
  }

  // === signing ===

  #digest(
    dwallet: LoadedDWallet,
    request: { message: Uint8Array; hashScheme: HashSchemeInput },
  ): { scheme: HashScheme; digest: Uint8Array } {
    const scheme = parseHashScheme(request.hashScheme);
    const message = bytesOf(request.message, 'message');
    if (!(HASH_SCHEMES_BY_CURVE[dwallet.curve] as readonly number[]).includes(scheme)) {
      throw invalidArgument(`hash scheme ${scheme} is not offered on ${dwallet.curve}`, { hashScheme: scheme, curve: dwallet.curve });
    }
    if (message.length === 0) throw invalidArgument('the message is empty');
    if (message.length > MAX_MESSAGE_LENGTH) {
      throw invalidArgument(`the message is ${message.length} bytes; the coordinator signs at most ${MAX_MESSAGE_LENGTH}`, {
        length: message.length,
      });
    }
    if (scheme === HashSchemes.PREHASHED && message.length !== 32) throw invalidArgument('a prehashed message is exactly 32 bytes');
    return { scheme, digest: digestMessage(dwallet.key.curve, scheme, message).bytes };
  }

  #userSignMessage(dwallet: LoadedDWallet & { secretShare: bigint }, presign: Presign, digest: Uint8Array): Uint8Array {
    this.#onProgress("computing the user's sign message");
    const message = createUserSignMessage({
      key: dwallet.key,
      dwallet: dwallet.output,
      presign,
      digest: { bytes: digest },
      secretShare: dwallet.secretShare,
      ledger: new InMemoryPresignLedger(),
    });
    return encodeUserSignMessage(dwallet.key, message);
  }

  async #signatureOf(signId: string, sessionId: string, dwallet: { curve: EcdsaCurveName; publicKey: Uint8Array }, digest: Uint8Array) {
    await this.#awaitCompleted(sessionId, 'the sign request');
    const object = await this.chain.getObject(signId);
    if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `sign ${signId} does not exist on chain`);
    const value = decodeObject(this.network.packageId, object, SignStruct);
    const signature = new Uint8Array(value.signature);
    if (value.state !== SignState.COMPLETED || !verifyDWalletSignature(dwallet.curve, dwallet.publicKey, digest, signature)) {
      throw new ClientError(ClientErrorCodes.SIGNATURE_INVALID, `the signature of sign ${signId} does not verify under the dWallet's key`, {
        signId,
      });
    }
    return signature;
  }

  /**
   * Signs `message` with the dWallet: obtains a presign, computes the user's sign message here,
   * sends approve_message + request_sign in one transaction, waits, and returns the signature
   * after verifying it under the dWallet's public key. Equivalent to
   * `submitSign(await prepareSign(request))`.
   */
  async sign(request: SignRequest): Promise<SignResult> {
    return this.submitSign(await this.prepareSign(request));
  }

  /**
   * The user's part of a signature, before anything is sent: a presign is obtained (claimed or
   * requested, so this already spends one) and the sign message computed. Submit it once with
   * {@link submitSign}.
   */
  async prepareSign(request: SignRequest): Promise<PreparedSign> {
    const dwallet = await this.#loadOwnDWallet(request.dwalletId);
    const { scheme, digest } = this.#digest(dwallet, request);
    const message = request.message.slice();
    const presign = await this.#obtainPresign(dwallet);
    let userSignMessage: Uint8Array;
    try {
      userSignMessage = this.#userSignMessage(dwallet, presign.presign, digest);
    } catch (error) {
      this.#releasePresign(presign.capId);
      throw error;
    }
    const session = this.#newSession();
    return {
      dwalletId: dwallet.id,
      capId: dwallet.capId,
      curve: dwallet.curve,
      publicKey: dwallet.publicKey,
      hashScheme: scheme,
      message,
      digest,
      presignCapId: presign.capId,
      sessionPreimage: session.preimage,
      sessionId: session.sessionHex,
      userSignMessage,
    };
  }

  /**
   * approve_message + request_sign for a prepared signature; waits for it and verifies it. The
   * prepared presign cap is free for another operation afterwards (if the request did not consume it).
   */
  async submitSign(prepared: PreparedSign): Promise<SignResult> {
    try {
      return await this.#submitSign(prepared);
    } finally {
      this.#releasePresign(prepared.presignCapId);
    }
  }

  async #submitSign(prepared: PreparedSign): Promise<SignResult> {
    const fee = (await this.#fees())[RequestKind.SIGN] ?? 0n;
    this.#onProgress('sending approve_message + request_sign');
    const result = await this.#execute('sign', async () => {
      const tx = new Transaction();
      const approval = this.coordinator.approveMessage(tx, {
        dwalletCap: await this.#ref(prepared.capId, 'dWallet cap'),
        hashScheme: prepared.hashScheme,
        message: prepared.message,
      });
      this.coordinator.requestSign(tx, {
        approval,
        presignCap: await this.#ref(prepared.presignCapId, 'presign cap'),
        sessionPreimage: prepared.sessionPreimage,
        userSignMessage: prepared.userSignMessage,
        payment: this.coordinator.payFromGas(tx, fee),
      });
      return tx;
    });
    const signId = normalizeSuiAddress(this.#event(result, 'SignRequested').sign_id);
    const sessionId = normalizeSessionId(prepared.sessionId);
    const signature = await this.#signatureOf(signId, sessionId, prepared, prepared.digest);
    return {
      signId,
      sessionId,
      dwalletId: prepared.dwalletId,
      signature,
      digest: prepared.digest.slice(),
      hashScheme: prepared.hashScheme,
      message: prepared.message.slice(),
    };
  }

  /**
   * Future sign: stores the user's sign message for `message` on chain (request_future_sign), to
   * be completed later by whoever holds the dWallet cap and the partial signature cap; waits until
   * the network has verified it.
   */
  async futureSign(request: SignRequest & { capRecipient?: string }): Promise<FutureSignResult> {
    const dwallet = await this.#loadOwnDWallet(request.dwalletId);
    const { scheme, digest } = this.#digest(dwallet, request);
    const recipient = request.capRecipient === undefined ? this.address : asAddress(request.capRecipient, 'capRecipient');
    const message = request.message.slice();
    const presign = await this.#obtainPresign(dwallet);
    try {
      return await this.#futureSign(dwallet, presign, { scheme, digest, message, recipient });
    } finally {
      this.#releasePresign(presign.capId);
    }
  }

  async #futureSign(
    dwallet: LoadedDWallet & { secretShare: bigint },
    presign: { capId: string; presign: Presign },
    request: { scheme: HashScheme; digest: Uint8Array; message: Uint8Array; recipient: string },
  ): Promise<FutureSignResult> {
    const { scheme, digest, message, recipient } = request;
    const userSignMessage = this.#userSignMessage(dwallet, presign.presign, digest);
    const session = this.#newSession();
    const fee = (await this.#fees())[RequestKind.FUTURE_SIGN] ?? 0n;
    this.#onProgress('sending request_future_sign');
    const result = await this.#execute('future sign', async () => {
      const tx = new Transaction();
      const cap = this.coordinator.requestFutureSign(tx, {
        dwalletId: dwallet.id,
        presignCap: await this.#ref(presign.capId, 'presign cap'),
        hashScheme: scheme,
        message,
        sessionPreimage: session.preimage,
        userSignMessage,
        payment: this.coordinator.payFromGas(tx, fee),
      });
      tx.transferObjects([cap], recipient);
      return tx;
    });
    const partialSignatureId = normalizeSuiAddress(this.#event(result, 'FutureSignRequested').partial_signature_id);
    const partialSignatureCapId = this.#created(result, 'PartialSignatureCap');
    await this.#awaitCompleted(session.sessionHex, 'the future sign');
    return {
      partialSignatureId,
      partialSignatureCapId,
      sessionId: session.sessionHex,
      dwalletId: dwallet.id,
      hashScheme: scheme,
      message,
      digest,
    };
  }

  /**
   * Completes a verified future sign: approve_message (with the dWallet cap) +
   * request_sign_with_partial_signature, then the signature, verified. The message and scheme are
   * read from the partial signature on chain; when given, they must match it. No secret share is
   * needed: the user's part is already on chain.
   */
  async completeFutureSign(request: {
    partialSignatureCapId: string;
    message?: Uint8Array;
    hashScheme?: HashSchemeInput;
  }): Promise<SignResult> {
    const capId = asAddress(request.partialSignatureCapId, 'partialSignatureCapId');
    const capObject = await this.chain.getObject(capId);
    if (capObject === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `no partial signature cap ${capId} on chain`);
    const cap = decodeObject(this.network.packageId, capObject, PartialSignatureCap);
    const partialObject = await this.chain.getObject(cap.partial_signature_id);
    if (partialObject === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `no partial signature ${cap.partial_signature_id}`);
    const partial = decodeObject(this.network.packageId, partialObject, PartialUserSignature);
    const message = new Uint8Array(partial.message);
    const scheme = partial.hash_scheme as HashScheme;
    if (request.message !== undefined && !equalBytes(bytesOf(request.message, 'message'), message)) {
      throw invalidArgument('the message is not the one of the partial signature');
    }
    if (request.hashScheme !== undefined && parseHashScheme(request.hashScheme) !== scheme) {
      throw invalidArgument('the hash scheme is not the one of the partial signature');
    }
    const { value: dwalletValue } = await this.#readDWallet(normalizeSuiAddress(partial.dwallet_id));
    const curve = curveName(dwalletValue.curve);
    const key = await this.#keyFor(curve);
    const output = decodeDWalletOutput(key.curve, key.encryptionKey.setup, new Uint8Array(dwalletValue.output));
    const publicKey = key.curve.encodePoint(output.publicKey);
    const digest = digestMessage(key.curve, scheme, message).bytes;
    const session = this.#newSession();
    const fee = (await this.#fees())[RequestKind.FUTURE_SIGN_COMPLETION] ?? 0n;
    this.#onProgress('sending approve_message + request_sign_with_partial_signature');
    const result = await this.#execute('complete future sign', async () => {
      const tx = new Transaction();
      const approval = this.coordinator.approveMessage(tx, {
        dwalletCap: await this.#ref(normalizeSuiAddress(dwalletValue.cap_id), 'dWallet cap'),
        hashScheme: scheme,
        message,
      });
      this.coordinator.requestSignWithPartialSignature(tx, {
        partialSignatureCap: await this.#ref(capId, 'partial signature cap'),
        approval,
        sessionPreimage: session.preimage,
        payment: this.coordinator.payFromGas(tx, fee),
      });
      return tx;
    });
    const signId = normalizeSuiAddress(this.#event(result, 'SignRequested').sign_id);
    const dwalletId = normalizeSuiAddress(partial.dwallet_id);
    const signature = await this.#signatureOf(signId, session.sessionHex, { curve, publicKey }, digest);
    return { signId, sessionId: session.sessionHex, dwalletId, signature, digest, hashScheme: scheme, message };
  }

  // === queries (indexer first, chain as fallback) ===

  async #query<T>(viaIndexer: (indexer: IndexerClient) => Promise<T>, viaChain: () => Promise<T>): Promise<T> {
    const indexer = this.#indexer;
    if (indexer !== null) {
      try {
        return await viaIndexer(indexer);
      } catch (error) {
        if (!isIndexerFailure(error)) throw error;
        this.#onProgress(`indexer failed (${(error as ClientError).code}); reading the chain`);
      }
    }
    return viaChain();
  }

  /** A dWallet by id; UNKNOWN_DWALLET when there is none. */
  async getDWallet(dwalletId: string): Promise<DWalletInfo> {
    const info = await this.#findDWallet(dwalletId);
    if (info === null) throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `no dWallet ${dwalletId}`, { dwalletId });
    return info;
  }

  async #findDWallet(dwalletId: string): Promise<DWalletInfo | null> {
    const id = asAddress(dwalletId, 'dwalletId');
    const record = await this.secrets.get(id).catch(() => undefined);
    const publicKeyOf = async (curve: EcdsaCurveName, output: Uint8Array | null): Promise<Uint8Array | null> => {
      if (output === null || output.length === 0) return null;
      if (record !== undefined && equalBytes(record.output, output)) return record.publicKey.slice();
      const key = await this.#keyFor(curve);
      return key.curve.encodePoint(decodeDWalletOutput(key.curve, key.encryptionKey.setup, output).publicKey);
    };
    return this.#query(
      async (indexer) => {
        const d = await indexer.getDWallet(id);
        if (d === null) return null;
        const curve = curveName(d.curve);
        return {
          id: d.id,
          capId: d.capId,
          owner: d.owner,
          curve,
          networkKeyId: d.networkKeyId,
          imported: d.imported,
          state: d.state,
          publicKey: d.state === 'active' ? await publicKeyOf(curve, d.output) : null,
          output: d.output,
          sessionId: d.sessionId,
          rejection: d.rejection,
          hasSecretShare: record !== undefined,
        } satisfies DWalletInfo;
      },
      async () => {
        const read = await this.#readDWallet(id).catch((error: unknown) => {
          if (error instanceof ClientError && error.code === ClientErrorCodes.UNKNOWN_DWALLET) return null;
          throw error;
        });
        if (read === null) return null;
        const { value } = read;
        const curve = curveName(value.curve);
        const state = value.state === DWalletState.ACTIVE ? 'active' : value.state === DWalletState.REJECTED ? 'rejected' : 'pending';
        const sessionId = hexId(value.session_id);
        const capObject = await this.chain.getObject(normalizeSuiAddress(value.cap_id));
        let rejection: Rejection | null = null;
        if (state === 'rejected') {
          await this.#follower.poll();
          rejection = this.#follower.session(sessionId)?.rejection ?? null;
        }
        const output = state === 'active' ? new Uint8Array(value.output) : null;
        return {
          id,
          capId: normalizeSuiAddress(value.cap_id),
          owner: capObject?.owner.kind === 'address' ? capObject.owner.address : null,
          curve,
          networkKeyId: normalizeSuiAddress(value.network_key_id),
          imported: value.imported,
          state,
          publicKey: await publicKeyOf(curve, output),
          output,
          sessionId,
          rejection,
          hasSecretShare: record !== undefined,
        } satisfies DWalletInfo;
      },
    );
  }

  /** The dWallets whose caps `owner` (default: this user) holds. */
  async listDWallets(owner?: string): Promise<DWalletInfo[]> {
    const address = owner === undefined ? this.address : asAddress(owner, 'owner');
    const ids = await this.#query(
      async (indexer) => {
        const found: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 1000; page++) {
          const result = await indexer.listDWallets({ owner: address, limit: 100, cursor });
          found.push(...result.dwallets.map((d) => d.id));
          cursor = result.nextCursor;
          if (cursor === null) break;
        }
        return found;
      },
      async () => {
        const found: string[] = [];
        let cursor: string | null = null;
        const type = `${this.network.packageId}::coordinator::DWalletCap`;
        do {
          const page = await this.chain.listOwnedObjects(address, { type, cursor, limit: 50 });
          for (const object of page.objects) {
            found.push(normalizeSuiAddress(decodeObject(this.network.packageId, object, DWalletCapStruct).dwallet_id));
          }
          cursor = page.nextCursor;
        } while (cursor);
        return found;
      },
    );
    const out: DWalletInfo[] = [];
    for (const id of ids) {
      const info = await this.#findDWallet(id);
      if (info !== null) out.push(info);
    }
    return out;
  }

  /** A sign request and its signature (not re-verified here; `sign` verifies what it returns). */
  async getSignature(signId: string): Promise<SignatureInfo | null> {
    const id = asAddress(signId, 'signId');
    return this.#query(
      (indexer) => indexer.getSignature(id),
      async () => {
        const object = await this.chain.getObject(id);
        if (object === null) return null;
        const value = decodeObject(this.network.packageId, object, SignStruct);
        const sessionId = hexId(value.session_id);
        const status: SessionStatus =
          value.state === SignState.COMPLETED ? 'completed' : value.state === SignState.REJECTED ? 'rejected' : 'pending';
        let rejection: Rejection | null = null;
        if (status === 'rejected') {
          await this.#follower.poll();
          rejection = this.#follower.session(sessionId)?.rejection ?? null;
        }
        return {
          signId: id,
          sessionId,
          dwalletId: normalizeSuiAddress(value.dwallet_id),
          hashScheme: value.hash_scheme,
          message: new Uint8Array(value.message),
          status,
          signature: status === 'completed' ? new Uint8Array(value.signature) : null,
          rejection,
        };
      },
    );
  }

  /** A session by id (0x-hex); null when neither the indexer nor the chain's events know it. */
  async getSession(sessionId: string | Uint8Array): Promise<SessionRecord | null> {
    const id = normalizeSessionId(typeof sessionId === 'string' ? sessionId : bytesToHex(sessionId));
    return this.#query(
      (indexer) => indexer.getSession(id),
      async () => {
        await this.#follower.poll();
        return this.#follower.session(id) ?? null;
      },
    );
  }

  /** The presign pools (available and pending presigns per network key and curve). */
  async presignPool(): Promise<PresignPoolInfo[]> {
    return this.#query(
      (indexer) => indexer.presignPools(),
      async () =>
        (await readCoordinator(this.chain)).presign_pools.map((p) => ({
          networkKeyId: normalizeSuiAddress(p.network_key_id),
          curve: p.curve,
          available: p.available.length,
          pending: Number(p.pending),
        })),
    );
  }

  /** The network: package, coordinator, epoch, committee and network keys. */
  async networkInfo(): Promise<NetworkInfo> {
    return this.#query(
      (indexer) => indexer.network(),
      async () => {
        const coordinator = await readCoordinator(this.chain);
        const keyObject = await this.chain.getObject(this.network.networkKeyId);
        const key = keyObject === null ? null : decodeObject(this.network.packageId, keyObject, NetworkKey);
        return {
          packageId: this.network.packageId,
          coordinatorId: this.network.coordinatorId,
          epoch: coordinator.epoch,
          committee:
            coordinator.committee.members.length === 0
              ? null
              : {
                  epoch: coordinator.epoch,
                  threshold: coordinator.committee.threshold,
                  totalWeight: coordinator.committee.total_weight,
                  members: coordinator.committee.members.map((m) => ({
                    suiAddress: normalizeSuiAddress(m.sui_address),
                    weight: m.weight,
                    networkAddress: m.network_address,
                    publicKey: new Uint8Array(m.public_key),
                  })),
                },
          networkKeys: key === null ? [] : [{ id: this.network.networkKeyId, curves: [...key.curves], epoch: key.registered_at_epoch }],
        };
      },
    );
  }
}

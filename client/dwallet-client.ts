/**
 * The client SDK: a user's or dApp's side of the dWallet network.
 *
 * ```ts
 * const client = await DWalletClient.connect({ network: 'network.json', signer: keypair, secrets: new FileSecretShareStore(dir) });
 * const dwallet = await client.createDWallet({ curve: 'secp256k1' });
 * const { signature } = await client.sign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' });
 * const taproot = await client.createDWallet({ curve: 'secp256k1', algorithm: 'taproot' }); // BIP-340
 * const eddsa = await client.createDWallet({ curve: 'ed25519' }); // Ed25519
 * ```
 *
 * A dWallet's curve and signature algorithm are fixed at creation (mpc/signing/algorithms.ts):
 * ECDSA on secp256k1 and P-256, Taproot (BIP-340 under the BIP-86 output key) on secp256k1, EdDSA
 * on ed25519. The DKG is the same for all; presigns come from the pool of the dWallet's (curve,
 * algorithm); `sign` computes the user's message of the algorithm (mpc/ecdsa or mpc/schnorr).
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
 *   every signature is verified with @noble/curves under the dWallet's public key for its algorithm
 *   before it is returned (SIGNATURE_INVALID otherwise): ECDSA with its recovery id, BIP-340 under
 *   the Taproot output key, Ed25519 strictly (client/verify-signature.ts).
 *
 * Shared dWallets (PROTOCOL-EXTENSIONS.md §7.1): `createSharedDWallet` publishes x_A at creation,
 * `makeDWalletShared` publishes the share of a zero-trust dWallet; `requestSharedSign` then signs
 * with the cap alone, no secret share read — the network computes the user's part. Such a key is
 * as safe as the network's threshold and the rules guarding its cap.
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
 *
 * Where the code is: each operation is an action in `client/actions/` (one file each, with its
 * parameters, result and errors), working on the {@link ActionContext} this class holds; the
 * indexer-or-chain lookup is `client/lookup.ts`, the transaction queue `client/transactions.ts`.
 * This class connects and delegates.
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Chain } from '../chain/chain.ts';
import { openChain } from '../chain/connect.ts';
import type { CoordinatorClient } from '../chain/coordinator-client.ts';
import type { CurveName } from '../mpc/curves/curve.ts';
import type { ActionContext } from './actions/index.ts';
import * as actions from './actions/index.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from './errors.ts';
import { IndexerClient, type NetworkInfo, type PresignPoolInfo, type SessionRecord } from './indexer-client.ts';
import { chainOfNetwork, loadNetworkDescription, type NetworkDescription } from './network.ts';
import type { NetworkKeyTableCache } from './network-keys.ts';
import { RetryingChain } from './retrying-chain.ts';
import type { SecretShareStore } from './secret-store.ts';
import type { SentTransaction } from './transactions.ts';
import { VaultClient } from './vault/vault-client.ts';
import type { SessionOutcome } from './wait.ts';

export type {
  AcceptTransferResult,
  CompleteFutureSignParameters,
  CreateDWalletParameters,
  CreateDWalletResult,
  DWalletInfo,
  DWalletRecord,
  EncryptedShareInfo,
  EncryptionKeyInfo,
  FutureSignRequest,
  FutureSignResult,
  ImportKeyParameters,
  MakeDWalletSharedResult,
  PreparedSign,
  RecoveredDWallet,
  RegisterEncryptionKeyResult,
  ShareEncryptionResult,
  SignatureInfo,
  SignRequest,
  SignResult,
  TransferDWalletParameters,
} from './actions/index.ts';
export { type HashSchemeInput, type HashSchemeName, parseHashScheme } from './hash-schemes.ts';
export type { SentTransaction } from './transactions.ts';
export { verifyDWalletSignature } from './verify-signature.ts';

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
  /**
   * The root seed (32 bytes) of the user's share-encryption keys, which encrypt the share backups
   * and transfers on chain (client/user-share-keys.ts). Default: derived from the signer's
   * signature over a fixed message, so the Sui key alone recovers the shares.
   */
  readonly userShareSeed?: Uint8Array;
  /**
   * Keeps the network key's fixed-base tables across processes (the browser SDK's IndexedDB
   * cache, client/browser/setup-cache.ts). Default: none; they are grown in each process.
   */
  readonly tableCache?: NetworkKeyTableCache;
}

export class DWalletClient {
  readonly network: NetworkDescription;
  readonly chain: Chain;
  readonly coordinator: CoordinatorClient;
  readonly secrets: SecretShareStore;
  readonly timeoutMs: number;
  readonly #context: ActionContext;
  #vault: VaultClient | undefined;

  private constructor(context: ActionContext) {
    this.#context = context;
    this.network = context.network;
    this.chain = context.chain;
    this.coordinator = context.coordinator;
    this.secrets = context.secrets;
    this.timeoutMs = context.timeoutMs;
  }

  /**
   * Validates the description, opens the chain, and checks that the chain's deployment is the one
   * described (NETWORK_MISMATCH otherwise). The network key and its class-group setup are loaded
   * on first use.
   */
  static async connect(options: ConnectOptions): Promise<DWalletClient> {
    const network = loadNetworkDescription(options.network);
    if (options.signer !== undefined && typeof options.signer?.toSuiAddress !== 'function')
      throw invalidArgument('signer must be a Sui Signer');
    if (options.secrets === undefined || typeof options.secrets?.put !== 'function')
      throw invalidArgument('secrets must be a SecretShareStore');
    const timeoutMs = options.timeoutMs ?? 180_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalidArgument('timeoutMs must be positive');
    const chain = new RetryingChain(options.chain ?? openChain(chainOfNetwork(network)));
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
    return new DWalletClient(
      actions.createActionContext({
        network,
        chain,
        deployment,
        indexer: options.indexer === undefined ? new IndexerClient(network.indexer) : options.indexer,
        signer: options.signer ?? null,
        secrets: options.secrets,
        timeoutMs,
        pollIntervalMs: options.pollIntervalMs,
        signal: options.signal,
        onProgress: options.onProgress,
        onTransaction: options.onTransaction,
        userShareSeed: options.userShareSeed,
        tableCache: options.tableCache,
      }),
    );
  }

  /** The user's Sui address (the signer's); NO_SIGNER for a read-only client. */
  get address(): string {
    return actions.userAddress(this.#context);
  }

  /**
   * Policy vaults around shared dWallets (client/vault): create one, change its rules, propose,
   * approve, execute and get the signed Ethereum and Bitcoin transactions.
   */
  get vault(): VaultClient {
    this.#vault ??= new VaultClient(this.#context);
    return this.#vault;
  }

  /** The indexer in use (null: none, or it was found unreachable and waits follow the chain). */
  get indexer(): IndexerClient | null {
    return this.#context.lookup.indexer;
  }

  /** See {@link actions.waitForSession}. */
  waitForSession(sessionId: string | Uint8Array, options: actions.WaitForSessionOptions = {}): Promise<SessionOutcome> {
    return actions.waitForSession(this.#context, sessionId, options);
  }

  /** See {@link actions.createDWallet}. */
  createDWallet(options: actions.CreateDWalletParameters = {}): Promise<actions.CreateDWalletResult> {
    return actions.createDWallet(this.#context, options);
  }

  /** See {@link actions.createSharedDWallet}. */
  createSharedDWallet(options: actions.CreateDWalletParameters = {}): Promise<actions.DWalletRecord> {
    return actions.createSharedDWallet(this.#context, options);
  }

  /** See {@link actions.makeDWalletShared}. */
  makeDWalletShared(dwalletId: string): Promise<actions.MakeDWalletSharedResult> {
    return actions.makeDWalletShared(this.#context, dwalletId);
  }

  /** See {@link actions.registerEncryptionKey}. */
  registerEncryptionKey(options: { readonly curve?: CurveName } = {}): Promise<actions.RegisterEncryptionKeyResult> {
    return actions.registerEncryptionKey(this.#context, options);
  }

  /** The share-encryption key `owner` (default: this user) registered on `curve`, or null. See {@link actions.readEncryptionKey}. */
  getEncryptionKey(curve: CurveName, owner?: string): Promise<actions.EncryptionKeyInfo | null> {
    return actions.readEncryptionKey(this.#context, owner ?? this.address, curve);
  }

  /** See {@link actions.backupShare}. */
  backupShare(dwalletId: string): Promise<actions.ShareEncryptionResult> {
    return actions.backupShare(this.#context, dwalletId);
  }

  /** See {@link actions.recoverDWallets}. */
  recoverDWallets(options: { readonly dwalletId?: string } = {}): Promise<actions.RecoveredDWallet[]> {
    return actions.recoverDWallets(this.#context, options);
  }

  /** See {@link actions.transferDWallet}. */
  transferDWallet(parameters: actions.TransferDWalletParameters): Promise<actions.ShareEncryptionResult> {
    return actions.transferDWallet(this.#context, parameters);
  }

  /** See {@link actions.acceptTransfer}. */
  acceptTransfer(id: string): Promise<actions.AcceptTransferResult> {
    return actions.acceptTransfer(this.#context, id);
  }

  /** See {@link actions.withdrawTransfer}. */
  withdrawTransfer(encryptedShareId: string): Promise<{ dwalletId: string; capId: string }> {
    return actions.withdrawTransfer(this.#context, encryptedShareId);
  }

  /** An encrypted share on chain (a backup or a transfer). See {@link actions.readEncryptedShare}. */
  getEncryptedShare(id: string): Promise<actions.EncryptedShareInfo> {
    return actions.readEncryptedShare(this.#context, id);
  }

  /** See {@link actions.importKey}. */
  importKey(options: actions.ImportKeyParameters): Promise<actions.DWalletRecord> {
    return actions.importKey(this.#context, options);
  }

  /** See {@link actions.recoverPending}. */
  recoverPending(): Promise<string[]> {
    return actions.recoverPending(this.#context);
  }

  /** See {@link actions.cancelSession}. */
  cancelSession(sessionId: string | Uint8Array): Promise<actions.CancelSessionResult> {
    return actions.cancelSession(this.#context, sessionId);
  }

  /** See {@link actions.requestPresigns}. */
  requestPresigns(count: number, options: actions.RequestPresignsParameters = {}): Promise<string[]> {
    return actions.requestPresigns(this.#context, count, options);
  }

  /** See {@link actions.holdPresign}. */
  holdPresign(dwalletId: string): Promise<actions.HeldPresign> {
    return actions.holdPresign(this.#context, dwalletId);
  }

  /** See {@link actions.sign}. */
  sign(request: actions.SignRequest): Promise<actions.SignResult> {
    return actions.sign(this.#context, request);
  }

  /** See {@link actions.requestSharedSign}. */
  requestSharedSign(request: actions.SignRequest): Promise<actions.SignResult> {
    return actions.requestSharedSign(this.#context, request);
  }

  /** See {@link actions.prepareSign}. */
  prepareSign(request: actions.SignRequest): Promise<actions.PreparedSign> {
    return actions.prepareSign(this.#context, request);
  }

  /** See {@link actions.submitSign}. */
  submitSign(prepared: actions.PreparedSign): Promise<actions.SignResult> {
    return actions.submitSign(this.#context, prepared);
  }

  /** See {@link actions.requestFutureSign}. */
  futureSign(request: actions.FutureSignRequest): Promise<actions.FutureSignResult> {
    return actions.requestFutureSign(this.#context, request);
  }

  /** See {@link actions.completeFutureSign}. */
  completeFutureSign(request: actions.CompleteFutureSignParameters): Promise<actions.SignResult> {
    return actions.completeFutureSign(this.#context, request);
  }

  /** See {@link actions.getDWallet}. */
  getDWallet(dwalletId: string): Promise<actions.DWalletInfo> {
    return actions.getDWallet(this.#context, dwalletId);
  }

  /** See {@link actions.listDWallets}. */
  listDWallets(owner?: string): Promise<actions.DWalletInfo[]> {
    return actions.listDWallets(this.#context, owner);
  }

  /** See {@link actions.getSignature}. */
  getSignature(signId: string): Promise<actions.SignatureInfo | null> {
    return actions.getSignature(this.#context, signId);
  }

  /** See {@link actions.getSession}. */
  getSession(sessionId: string | Uint8Array): Promise<SessionRecord | null> {
    return actions.getSession(this.#context, sessionId);
  }

  /** See {@link actions.presignPool}. */
  presignPool(): Promise<PresignPoolInfo[]> {
    return actions.presignPool(this.#context);
  }

  /** See {@link actions.networkInfo}. */
  networkInfo(): Promise<NetworkInfo> {
    return actions.networkInfo(this.#context);
  }
}

/**
 * What every action of the SDK works with: the network it talks to, the chain and the
 * coordinator's transaction builder, where it looks things up (the indexer, else the chain), how
 * it sends (one transaction at a time, signed by the user's signer), the user's secret shares,
 * the network key, and the caller's callbacks and signal.
 *
 * A `DWalletClient` holds one context and passes it to each action (`createDWallet(context, …)`).
 * State that concurrent actions share lives here: the transaction queue, the indexer's stream,
 * the network key once read, and the presign caps an action has reserved.
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Chain, ObjectRef } from '../../chain/chain.ts';
import { feeOf, type RequestKind, type SignatureAlgorithm } from '../../chain/constants.ts';
import { CoordinatorClient } from '../../chain/coordinator-client.ts';
import { readCoordinator } from '../../chain/object-reader.ts';
import { deriveSessionId, randomSessionPreimage, SessionId } from '../../chain/session-id.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import type { IndexerClient } from '../indexer-client.ts';
import { Lookup } from '../lookup.ts';
import type { NetworkDescription } from '../network.ts';
import { NetworkKeys, type NetworkKeyTableCache } from '../network-keys.ts';
import type { SecretShareStore } from '../secret-store.ts';
import { requireSigner, type SentTransaction, TransactionQueue } from '../transactions.ts';
import { UserShareKeys } from '../user-share-keys.ts';
import { ChainSessionFollower } from '../wait.ts';
import type { ReservedPresign } from './reserved-presign.ts';

export interface ActionContext {
  readonly network: NetworkDescription;
  readonly chain: Chain;
  readonly coordinator: CoordinatorClient;
  /** Null for a read-only client (requests are NO_SIGNER errors). */
  readonly signer: Signer | null;
  readonly secrets: SecretShareStore;
  /** The indexer, else the chain: every read and wait. */
  readonly lookup: Lookup;
  /** Every transaction the actions send. */
  readonly transactions: TransactionQueue;
  readonly networkKeys: NetworkKeys;
  /** Presign caps an action is using, not to be taken by another (normalised ids). */
  readonly reservedPresignCaps: Set<string>;
  /** Presigns held for each dWallet's next signatures, their signs prepared ahead (hold-presign.ts); reserved. */
  readonly heldPresigns: Map<string, ReservedPresign[]>;
  /** How long a wait for the network may take. */
  readonly timeoutMs: number;
  /** Polling period of waits without a stream. */
  readonly pollIntervalMs: number;
  /** Stops every wait (ABORTED) and every later transaction. */
  readonly signal: AbortSignal | undefined;
  /** One human-readable line per step (never a secret). */
  readonly onProgress: (line: string) => void;
  /**
   * The user's share-encryption keys (client/user-share-keys.ts): from the root seed the caller
   * gave, else derived from the signer on first use and kept. NO_SIGNER without either.
   */
  readonly userShareKeys: () => Promise<UserShareKeys>;
}

export interface ActionContextOptions {
  readonly network: NetworkDescription;
  /** The chain the network description names, already checked against it. */
  readonly chain: Chain;
  readonly deployment: CoordinatorClient['deployment'];
  readonly indexer: IndexerClient | null;
  readonly signer: Signer | null;
  readonly secrets: SecretShareStore;
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (line: string) => void;
  readonly onTransaction?: (transaction: SentTransaction) => void;
  /** The root seed of the user's share-encryption keys (32 bytes); default: derived from the signer. */
  readonly userShareSeed?: Uint8Array;
  /** Where the network key's fixed-base tables are kept across page loads (the browser's IndexedDB cache). */
  readonly tableCache?: NetworkKeyTableCache;
}

export function createActionContext(options: ActionContextOptions): ActionContext {
  const { network, chain, signer } = options;
  const onProgress = options.onProgress ?? (() => {});
  const seed = options.userShareSeed === undefined ? undefined : UserShareKeys.fromSeed(options.userShareSeed);
  let userShareKeys: Promise<UserShareKeys> | undefined;
  return {
    network,
    chain,
    coordinator: new CoordinatorClient(options.deployment),
    signer,
    secrets: options.secrets,
    lookup: new Lookup({ indexer: options.indexer, follower: new ChainSessionFollower(chain, network.packageId), onProgress }),
    transactions: new TransactionQueue({
      chain,
      packageId: network.packageId,
      signer,
      signal: options.signal,
      onTransaction: options.onTransaction,
    }),
    networkKeys: new NetworkKeys(chain, network, onProgress, {
      prepareUserTables: signer !== null,
      ...(options.tableCache === undefined ? {} : { tableCache: options.tableCache }),
    }),
    reservedPresignCaps: new Set(),
    heldPresigns: new Map(),
    timeoutMs: options.timeoutMs,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    signal: options.signal,
    onProgress,
    userShareKeys: () => {
      if (seed !== undefined) return Promise.resolve(seed);
      userShareKeys ??= UserShareKeys.fromSigner(requireSigner(signer)).catch((error: unknown) => {
        userShareKeys = undefined;
        throw error;
      });
      return userShareKeys;
    },
  };
}

/** The user's Sui address (the signer's); NO_SIGNER for a read-only client. */
export function userAddress(context: ActionContext): string {
  return normalizeSuiAddress(requireSigner(context.signer).toSuiAddress());
}

/** A session a request is about to open: the preimage it sends and the id the chain will derive for this user. */
export interface NewSession {
  readonly preimage: Uint8Array;
  readonly id: SessionId;
  /** The id as the SDK shows it (0x-hex). */
  readonly prefixed: string;
}

export function newSession(context: ActionContext): NewSession {
  const preimage = randomSessionPreimage();
  const id = SessionId.fromBytes(deriveSessionId(userAddress(context), preimage));
  return { preimage, id, prefixed: SessionId.prefixed(id) };
}

/** The fee the coordinator charges now for a request of this kind for dWallets of `algorithm` (0 when it sets none). */
export async function requestFee(context: ActionContext, kind: RequestKind, algorithm: SignatureAlgorithm): Promise<bigint> {
  return feeOf((await readCoordinator(context.chain)).fees, kind, algorithm);
}

/** The current reference of an object a transaction uses; NOT_FOUND when it does not exist. */
export async function objectRefOf(context: ActionContext, objectId: string, what: string): Promise<ObjectRef> {
  const object = await context.chain.getObject(objectId);
  if (object === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `${what} ${objectId} does not exist on chain`, { objectId });
  return { objectId: object.objectId, version: object.version, digest: object.digest };
}

/**
 * The reference of a dWallet's cap for a transaction of this user: the cap must be an object this
 * user's address owns. A cap handed over (a share transfer escrows it, then the recipient holds it)
 * or kept by a contract cannot approve for this user, and saying so before the transaction beats
 * the chain's refusal of an object the sender does not own.
 *
 * Errors: DWALLET_CAP_NOT_OWNED (no such object, or another owner), NO_SIGNER.
 */
export async function dwalletCapRef(context: ActionContext, capId: string, dwalletId: string): Promise<ObjectRef> {
  const address = userAddress(context);
  const object = await context.chain.getObject(capId);
  if (object === null || object.owner.kind !== 'address' || normalizeSuiAddress(object.owner.address) !== address) {
    const holder =
      object === null
        ? 'it no longer exists'
        : object.owner.kind === 'address'
          ? `it is held by ${object.owner.address}`
          : 'it is held by an object';
    throw new ClientError(
      ClientErrorCodes.DWALLET_CAP_NOT_OWNED,
      `this address (${address}) does not hold the DWalletCap ${capId} of dWallet ${dwalletId} (${holder}), so it cannot approve for it`,
      { dwalletId, capId },
    );
  }
  return { objectId: object.objectId, version: object.version, digest: object.digest };
}

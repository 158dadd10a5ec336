/**
 * Typed errors of the client SDK. Every error is a {@link ClientError} (a `DWalletError`) with a
 * stable string code, so the CLI and dApps can branch on `error.code` and print `error.message`.
 *
 * Two errors carry what the network or the chain said:
 * - {@link RequestRejectedError}: the request landed on chain and the validators rejected it
 *   (`SessionRejected`): the reason code and name, the reason text and the blamed validators;
 * - {@link TransactionFailedError}: the transaction executed and aborted (nothing recorded but
 *   gas): the Move module, abort code and abort name (`chain/abort-codes.ts`).
 *
 * Errors never carry secrets (the user's secret share, keys): only ids, sizes and field names.
 * @module
 */
import type { ExecutionError } from '../chain/chain.ts';
import { type CodeOf, DWalletError } from '../mpc/errors.ts';

export const ClientErrorCodes = {
  /** The network description (network.json) is missing a field or has a wrong one. */
  NETWORK_DESCRIPTION_INVALID: 'NETWORK_DESCRIPTION_INVALID',
  /** The chain's deployment, network key or curves are not the ones the description names. */
  NETWORK_MISMATCH: 'NETWORK_MISMATCH',
  /** The indexer could not be reached (connection refused, DNS, timeout of one request, HTTP 5xx). */
  INDEXER_UNAVAILABLE: 'INDEXER_UNAVAILABLE',
  /** The indexer answered something that is not a valid response. */
  INDEXER_RESPONSE_INVALID: 'INDEXER_RESPONSE_INVALID',
  /** The indexer answered with an error (4xx) other than "not found". */
  INDEXER_REQUEST_FAILED: 'INDEXER_REQUEST_FAILED',
  /** Nothing of the kind exists (indexer 404, or no such object on chain). */
  NOT_FOUND: 'NOT_FOUND',
  /** A wait ran out of time; the request may still complete later. */
  TIMEOUT: 'TIMEOUT',
  /** The caller's AbortSignal stopped the operation; what was already sent may still complete. */
  ABORTED: 'ABORTED',
  /** The network rejected the request on chain (see RequestRejectedError). */
  REQUEST_REJECTED: 'REQUEST_REJECTED',
  /** The transaction executed and aborted (see TransactionFailedError). */
  TRANSACTION_FAILED: 'TRANSACTION_FAILED',
  /** The requester cancelled the session on chain before the network completed it. */
  REQUEST_CANCELLED: 'REQUEST_CANCELLED',
  /** The chain refused to cancel a session (see CancelRefusedError: too early, not yours, no longer pending, unknown). */
  CANCEL_REFUSED: 'CANCEL_REFUSED',
  /** No dWallet with this id on chain. */
  UNKNOWN_DWALLET: 'UNKNOWN_DWALLET',
  /** The dWallet exists but is not active (its creation is pending or was rejected). */
  DWALLET_NOT_ACTIVE: 'DWALLET_NOT_ACTIVE',
  /** The dWallet is zero-trust (no public user share on chain): only its user can sign it, not the network alone. */
  DWALLET_NOT_SHARED: 'DWALLET_NOT_SHARED',
  /** The user's secret share of this dWallet is not in the secret store. */
  SECRET_SHARE_MISSING: 'SECRET_SHARE_MISSING',
  /** The secret store holds a record that is not what this SDK wrote (corrupt, tampered, other version). */
  SECRET_STORE_INVALID: 'SECRET_STORE_INVALID',
  /** The passphrase does not open the encrypted secret store (its key-check value differs). */
  SECRET_STORE_WRONG_PASSPHRASE: 'SECRET_STORE_WRONG_PASSPHRASE',
  /** An encrypted record fails authentication (modified, renamed, or not of this store) although the passphrase is right. */
  SECRET_STORE_TAMPERED: 'SECRET_STORE_TAMPERED',
  /** The secret store is encrypted and was opened without a passphrase. */
  SECRET_STORE_PASSPHRASE_REQUIRED: 'SECRET_STORE_PASSPHRASE_REQUIRED',
  /** A passphrase was given for a secret store that holds plaintext records (encrypt it first). */
  SECRET_STORE_NOT_ENCRYPTED: 'SECRET_STORE_NOT_ENCRYPTED',
  /** The wallet's two signatures of the store-key message differ: its signatures cannot key a secret store. */
  SECRET_STORE_KEY_NOT_DETERMINISTIC: 'SECRET_STORE_KEY_NOT_DETERMINISTIC',
  /** The store's storage (IndexedDB) cannot be opened or written: not available, closed, blocked, out of quota. */
  SECRET_STORE_UNAVAILABLE: 'SECRET_STORE_UNAVAILABLE',
  /** No presign could be obtained (the pool is empty and requesting one failed or is not possible). */
  NO_PRESIGN_AVAILABLE: 'NO_PRESIGN_AVAILABLE',
  /** A signature from the network does not verify under the dWallet's public key. */
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** Data read from the chain is not what it should be (an output that does not match the user's, an event missing). */
  CHAIN_DATA_INVALID: 'CHAIN_DATA_INVALID',
  /** A caller's argument is not acceptable. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A request needs a signer and the client was connected without one (read-only). */
  NO_SIGNER: 'NO_SIGNER',
  /** No policy vault with this id on chain (no object, or an object of another type). */
  UNKNOWN_VAULT: 'UNKNOWN_VAULT',
  /** The wallet holds no `VaultAdminCap` of this vault: it cannot change the vault's rules. */
  VAULT_ADMIN_CAP_MISSING: 'VAULT_ADMIN_CAP_MISSING',
  /** The Sui signer's signatures are not deterministic, so they cannot seed the share-encryption keys. */
  USER_SHARE_SEED_NOT_DETERMINISTIC: 'USER_SHARE_SEED_NOT_DETERMINISTIC',
  /** The address has no active share-encryption key on chain for this curve (a transfer's recipient must register one). */
  NO_ENCRYPTION_KEY: 'NO_ENCRYPTION_KEY',
  /** The address's key on chain is not the one this client derives (another seed registered it). */
  ENCRYPTION_KEY_MISMATCH: 'ENCRYPTION_KEY_MISMATCH',
  /** No verified encrypted share of this dWallet is on chain for this address. */
  NO_ENCRYPTED_SHARE: 'NO_ENCRYPTED_SHARE',
  /** An encrypted share on chain does not open to the dWallet's share with this client's key. */
  ENCRYPTED_SHARE_INVALID: 'ENCRYPTED_SHARE_INVALID',
  /** The share transfer is not in a state that allows this (not verified yet, accepted, withdrawn, rejected, or not addressed to this user). */
  SHARE_TRANSFER_UNAVAILABLE: 'SHARE_TRANSFER_UNAVAILABLE',
  /** This address does not hold the dWallet's cap, so it cannot approve or hand over the dWallet. */
  DWALLET_CAP_NOT_OWNED: 'DWALLET_CAP_NOT_OWNED',
  /** The wallet refused to sign (the user declined in the wallet, or the wallet failed); nothing was sent. */
  WALLET_REJECTED: 'WALLET_REJECTED',
  /** The wallet signed other transaction bytes than the SDK built (the SDK's bookkeeping assumes its own transaction). */
  WALLET_CHANGED_TRANSACTION: 'WALLET_CHANGED_TRANSACTION',
  /** The wallet's signature does not verify for the connected account's address. */
  WALLET_SIGNATURE_INVALID: 'WALLET_SIGNATURE_INVALID',
  /** The browser client's worker is gone (closed, crashed, or it broke the page↔worker protocol). */
  WORKER_UNAVAILABLE: 'WORKER_UNAVAILABLE',
} as const;

export type ClientErrorCode = CodeOf<typeof ClientErrorCodes>;

/** Base class of the SDK's errors. */
export class ClientError extends DWalletError<ClientErrorCode> {}

/** How the network rejected a request (the `SessionRejected` event, or the indexer's record of it). */
export interface Rejection {
  /** u32 reason code on chain (1–19: the user's message failed a check; 100: malformed request; 101: session aborted). */
  readonly reasonCode: number;
  /** The code's name (e.g. `ECDSA_INVALID_SIGN_MESSAGE`), when known. */
  readonly reasonName: string | null;
  /** The reason recorded on chain (e.g. `ECDSA_INVALID_SIGN_MESSAGE/proof:ct_A`). */
  readonly reason: string;
  /** Committee indices of the validators blamed (aborted sessions only). */
  readonly blamed: readonly number[];
}

/**
 * The reason codes of on-chain rejections, by name (chain/schemas/rejection-reasons.ts, the one
 * table the validators choose from and the indexer names them by).
 */
export { ReasonCodes as REJECTION_REASONS, reasonName as rejectionReasonName } from '../chain/schemas/rejection-reasons.ts';

/** The network rejected the request on chain. */
export class RequestRejectedError extends ClientError {
  readonly sessionId: string;
  readonly reasonCode: number;
  readonly reasonName: string | null;
  readonly reason: string;
  readonly blamed: readonly number[];

  constructor(sessionId: string, rejection: Rejection, what = 'the request') {
    const name = rejection.reasonName ?? `reason code ${rejection.reasonCode}`;
    const blamed = rejection.blamed.length > 0 ? `; blamed validators ${rejection.blamed.join(', ')}` : '';
    super(ClientErrorCodes.REQUEST_REJECTED, `the network rejected ${what} (session ${sessionId}): ${name}: ${rejection.reason}${blamed}`, {
      sessionId,
      reasonCode: rejection.reasonCode,
      reasonName: rejection.reasonName,
      reason: rejection.reason,
      blamed: [...rejection.blamed],
    });
    this.sessionId = sessionId;
    this.reasonCode = rejection.reasonCode;
    this.reasonName = rejection.reasonName;
    this.reason = rejection.reason;
    this.blamed = [...rejection.blamed];
  }

  get rejection(): Rejection {
    return { reasonCode: this.reasonCode, reasonName: this.reasonName, reason: this.reason, blamed: this.blamed };
  }
}

/** Why the chain refused a cancellation, by the coordinator's abort. */
export type CancelRefusal = 'too-early' | 'not-requester' | 'not-pending' | 'unknown-session' | 'network-session';

/** The chain refused to cancel a session (the `cancel_session` transaction aborted; only gas was spent). */
export class CancelRefusedError extends ClientError {
  constructor(
    readonly sessionId: string,
    readonly refusal: CancelRefusal,
    message: string,
    readonly digest: string,
  ) {
    super(ClientErrorCodes.CANCEL_REFUSED, `cannot cancel session ${sessionId}: ${message}`, { sessionId, refusal, digest });
  }
}

/** The transaction executed and aborted; nothing but gas changed. */
export class TransactionFailedError extends ClientError {
  readonly digest: string;
  /** `MoveAbort`, `CommandArgumentError`, … (the chain's `ExecutionError.kind`). */
  readonly kind: ExecutionError['kind'];
  /** Move module of the abort (MoveAbort only). */
  readonly module: string | null;
  /** Abort code (MoveAbort only). */
  readonly abortCode: number | null;
  /** The abort constant's name, e.g. `EPresignPoolEmpty` (MoveAbort of a known module only). */
  readonly abortName: string | null;

  constructor(what: string, digest: string, error: ExecutionError) {
    const abort = error.kind === 'MoveAbort' ? error : undefined;
    const label = abort ? `${abort.module}::${abort.abortName ?? `abort ${abort.code}`}` : error.kind;
    super(ClientErrorCodes.TRANSACTION_FAILED, `${what}: the transaction ${digest} failed: ${label}: ${error.message}`, {
      digest,
      kind: error.kind,
      module: abort?.module ?? null,
      abortCode: abort?.code ?? null,
      abortName: abort?.abortName ?? null,
      command: error.command,
    });
    this.digest = digest;
    this.kind = error.kind;
    this.module = abort?.module ?? null;
    this.abortCode = abort?.code ?? null;
    this.abortName = abort?.abortName ?? null;
  }
}

export function invalidArgument(message: string, details: Record<string, unknown> = {}): ClientError {
  return new ClientError(ClientErrorCodes.INVALID_ARGUMENT, message, details);
}

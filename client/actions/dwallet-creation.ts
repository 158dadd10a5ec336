/**
 * What creating a dWallet by DKG and importing a key have in common: the user's share is saved
 * before the request exists anywhere else, the request is sent, the network's verdict awaited,
 * and the dWallet the chain records checked against the one computed here.
 * @module
 */
import { type TransactionResult as MoveCallResult, Transaction, type TransactionArgument } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { equalBytes } from '@noble/curves/utils.js';
import type { TransactionResult } from '../../chain/chain.ts';
import { type Curve as ChainCurve, DWalletState, type SignatureAlgorithm } from '../../chain/constants.ts';
import { ChainError } from '../../chain/errors.ts';
import { decodeObject } from '../../chain/object-reader.ts';
import { DWallet } from '../../chain/schemas/objects.ts';
import { REQUEST_KINDS } from '../../chain/schemas/requests.ts';
import { SessionId } from '../../chain/session-id.ts';
import type { CurveName } from '../../mpc/curves/curve.ts';
import type { DWalletOutput } from '../../mpc/ecdsa/dkg/output.ts';
import { encodeDWalletOutput, type NetworkKeyParts } from '../../mpc/ecdsa/index.ts';
import { CURVE_IDS, type SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { chainAlgorithm } from '../chain-values.ts';
import { ClientError, ClientErrorCodes, RequestRejectedError, TransactionFailedError } from '../errors.ts';
import { pendingKey, type SecretShareRecord } from '../secret-store.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, newSession, requestFee } from './context.ts';
import { awaitCompleted } from './wait-for-session.ts';

/** A dWallet as the SDK returns it after creation or import. */
export interface DWalletRecord {
  readonly id: string;
  readonly capId: string;
  readonly curve: CurveName;
  /** The signature algorithm the dWallet signs with (fixed at creation). */
  readonly algorithm: SignatureAlgorithmName;
  /** X: SEC1 compressed (33 bytes) on secp256k1 and P-256, the 32-byte encoding on ed25519. */
  readonly publicKey: Uint8Array;
  readonly networkKeyId: string;
  /** The creation session's id (0x-hex). */
  readonly sessionId: string;
  readonly imported: boolean;
  /**
   * Whether the user share x_A is public, recorded on chain (a shared dWallet: the network signs
   * whatever its `DWalletCap` approves, with no user; PROTOCOL-EXTENSIONS.md §7.1).
   */
  readonly shared: boolean;
}

/** What the user's side of a creation computes for its session. */
export interface UserCreationMessage {
  /** x_A, kept in the secret store. */
  readonly secretShare: bigint;
  /** The dWallet output the network must record. */
  readonly output: DWalletOutput;
  /** The message the request carries, encoded as the chain takes it. */
  readonly message: Uint8Array;
  /** x_A as published on chain (32 bytes big-endian), for a shared dWallet. */
  readonly publicUserShare?: Uint8Array;
}

/** The arguments every creation request takes. */
export interface CreationRequest {
  readonly networkKeyId: string;
  readonly curve: ChainCurve;
  readonly algorithm: SignatureAlgorithm;
  readonly sessionPreimage: Uint8Array;
  readonly payment: TransactionArgument;
}

/** A creation: how its message is computed and its request built. */
export interface DWalletCreation {
  readonly kind: 'dkg' | 'imported-key';
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  /** Who receives the DWalletCap. */
  readonly recipient: string;
  /** The user's side of the protocol, bound to the session id (its 32 bytes). */
  readonly compute: (key: NetworkKeyParts, sessionId: Uint8Array) => UserCreationMessage;
  /** Adds the request carrying the user's message (`user.message`) to `tx`; returns the DWalletCap. */
  readonly buildRequest: (tx: Transaction, request: CreationRequest, user: UserCreationMessage) => MoveCallResult;
  /** Words for progress lines and errors. */
  readonly words: { readonly message: string; readonly transaction: string; readonly request: string; readonly result: string };
}

/**
 * Computes the user's message for a new session, saves the share, sends the request, waits, and
 * checks the outcome. The stored record moves from the session id (`pendingKey`) to the dWallet
 * id once the request is on chain, and is marked rejected or active with the network's verdict; a
 * request that never reached the chain, or aborted there, leaves no record.
 *
 * Errors: INVALID_ARGUMENT (a curve the network does not offer), the network key's
 * (NETWORK_MISMATCH, CHAIN_DATA_INVALID), those of sending (`TransactionQueue.execute`:
 * NO_SIGNER, ABORTED, TRANSACTION_FAILED) and waiting ({@link awaitCompleted}: REQUEST_REJECTED,
 * TIMEOUT, ABORTED), CHAIN_DATA_INVALID (the chain's dWallet is not the one computed here: its
 * share is kept, state pending).
 */
export async function submitDWalletCreation(context: ActionContext, creation: DWalletCreation): Promise<DWalletRecord> {
  const { network, secrets } = context;
  const { curve, algorithm, kind } = creation;
  const imported = kind === 'imported-key';
  const key = await context.networkKeys.forCurve(curve);
  const session = newSession(context);
  context.onProgress(`computing ${creation.words.message} (${curve}, ${algorithm})`);
  const user = creation.compute(key, SessionId.bytes(session.id));
  const outputBytes = encodeDWalletOutput(user.output, key.encryptionKey.setup);
  const publicKey = key.curve.encodePoint(user.output.publicKey);
  const pending: SecretShareRecord = {
    dwalletId: null,
    capId: null,
    sessionId: session.id,
    curve,
    algorithm,
    networkKeyId: network.networkKeyId,
    imported,
    state: 'pending',
    secretShare: user.secretShare,
    output: outputBytes,
    publicKey,
    createdAt: new Date().toISOString(),
  };
  // The share is on disk before the request exists anywhere else.
  await secrets.put(pendingKey(session.id), pending);

  const algorithmId = chainAlgorithm(algorithm);
  const fee = await requestFee(context, REQUEST_KINDS[kind].code, algorithmId);
  const tx = new Transaction();
  const request = {
    networkKeyId: network.networkKeyId,
    curve: CURVE_IDS[curve] as ChainCurve,
    algorithm: algorithmId,
    sessionPreimage: session.preimage,
    payment: context.coordinator.payFromGas(tx, fee),
  };
  const cap = creation.buildRequest(tx, request, user);
  tx.transferObjects([cap], creation.recipient);
  context.onProgress(`sending the ${creation.words.request} request`);
  let result: TransactionResult;
  try {
    result = await context.transactions.execute(creation.words.transaction, tx);
  } catch (error) {
    // A transaction never sent, executed-and-aborted or refused recorded nothing: the share is useless.
    const unsent = error instanceof ClientError && error.code === ClientErrorCodes.ABORTED;
    if (unsent || error instanceof TransactionFailedError || (error instanceof ChainError && error.code.startsWith('CHAIN_TX_'))) {
      await secrets.delete(pendingKey(session.id));
    }
    throw error;
  }
  const requested = requestEventOf(network.packageId, result, kind);
  const dwalletId = normalizeSuiAddress(requested.dwallet_id);
  const capId = normalizeSuiAddress(requested.dwallet_cap_id);
  const saved: SecretShareRecord = { ...pending, dwalletId, capId };
  await secrets.put(dwalletId, saved);
  await secrets.delete(pendingKey(session.id));

  try {
    await awaitCompleted(context, session.prefixed, creation.words.result);
  } catch (error) {
    if (error instanceof RequestRejectedError) await secrets.put(dwalletId, { ...saved, state: 'rejected' });
    throw error;
  }
  const object = await context.chain.getObject(dwalletId);
  const onChain = object === null ? null : decodeObject(network.packageId, object, DWallet);
  const share = onChain?.public_user_share ?? null;
  const sameShare =
    user.publicUserShare === undefined ? share === null : share !== null && equalBytes(new Uint8Array(share), user.publicUserShare);
  if (onChain === null || onChain.state !== DWalletState.ACTIVE || !equalBytes(new Uint8Array(onChain.output), outputBytes) || !sameShare) {
    throw new ClientError(
      ClientErrorCodes.CHAIN_DATA_INVALID,
      `the dWallet ${dwalletId} on chain is not the active dWallet this client computed (its share is kept, state pending)`,
      { dwalletId },
    );
  }
  await secrets.put(dwalletId, { ...saved, state: 'active' });
  context.onProgress(`dWallet ${dwalletId} is active`);
  return {
    id: dwalletId,
    capId,
    curve,
    algorithm,
    publicKey,
    networkKeyId: network.networkKeyId,
    sessionId: session.prefixed,
    imported,
    shared: user.publicUserShare !== undefined,
  };
}

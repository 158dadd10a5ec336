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
import { DWalletState } from '../../chain/constants.ts';
import { ChainError } from '../../chain/errors.ts';
import { decodeObject } from '../../chain/object-reader.ts';
import { DWallet } from '../../chain/schemas/objects.ts';
import { REQUEST_KINDS } from '../../chain/schemas/requests.ts';
import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import type { DWalletOutput } from '../../mpc/ecdsa/dkg/output.ts';
import { encodeDWalletOutput, type NetworkKeyParts } from '../../mpc/ecdsa/index.ts';
import { ClientError, ClientErrorCodes, RequestRejectedError, TransactionFailedError } from '../errors.ts';
import { pendingKey, type SecretShareRecord } from '../secret-store.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, type NewSession, requestFee } from './context.ts';
import { awaitCompleted } from './wait-for-session.ts';

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

/** A creation request computed here, not sent yet. */
export interface DWalletCreation {
  readonly kind: 'dkg' | 'imported-key';
  readonly curve: EcdsaCurveName;
  readonly key: NetworkKeyParts;
  /** Who receives the DWalletCap. */
  readonly recipient: string;
  readonly session: NewSession;
  /** x_A, kept in the secret store. */
  readonly secretShare: bigint;
  /** The dWallet output the network must record. */
  readonly output: DWalletOutput;
  /** Adds the request to `tx`, paying with `payment`; returns the DWalletCap. */
  readonly buildRequest: (tx: Transaction, payment: TransactionArgument) => MoveCallResult;
  /** Words for progress lines and errors. */
  readonly words: { readonly transaction: string; readonly request: string; readonly result: string };
}

/**
 * Saves the share, sends the request, waits, and checks the outcome. The stored record moves from
 * the session id (`pendingKey`) to the dWallet id once the request is on chain, and is marked
 * rejected or active with the network's verdict; a request that never reached the chain, or
 * aborted there, leaves no record.
 *
 * Errors: those of sending ({@link TransactionQueue.execute}) and waiting ({@link awaitCompleted}:
 * REQUEST_REJECTED, TIMEOUT, ABORTED), CHAIN_DATA_INVALID (the chain's dWallet is not the one
 * computed here: its share is kept, state pending).
 */
export async function submitDWalletCreation(context: ActionContext, creation: DWalletCreation): Promise<DWalletRecord> {
  const { network, secrets } = context;
  const { curve, key, session, kind } = creation;
  const imported = kind === 'imported-key';
  const outputBytes = encodeDWalletOutput(creation.output, key.encryptionKey.setup);
  const publicKey = key.curve.encodePoint(creation.output.publicKey);
  const pending: SecretShareRecord = {
    dwalletId: null,
    capId: null,
    sessionId: session.id,
    curve,
    networkKeyId: network.networkKeyId,
    imported,
    state: 'pending',
    secretShare: creation.secretShare,
    output: outputBytes,
    publicKey,
    createdAt: new Date().toISOString(),
  };
  // The share is on disk before the request exists anywhere else.
  await secrets.put(pendingKey(session.id), pending);

  const fee = await requestFee(context, REQUEST_KINDS[kind].code);
  const tx = new Transaction();
  const cap = creation.buildRequest(tx, context.coordinator.payFromGas(tx, fee));
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
  if (onChain === null || onChain.state !== DWalletState.ACTIVE || !equalBytes(new Uint8Array(onChain.output), outputBytes)) {
    throw new ClientError(
      ClientErrorCodes.CHAIN_DATA_INVALID,
      `the dWallet ${dwalletId} on chain is not the active dWallet this client computed (its share is kept, state pending)`,
      { dwalletId },
    );
  }
  await secrets.put(dwalletId, { ...saved, state: 'active' });
  context.onProgress(`dWallet ${dwalletId} is active`);
  return { id: dwalletId, capId, curve, publicKey, networkKeyId: network.networkKeyId, sessionId: session.prefixed, imported };
}

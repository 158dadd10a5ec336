/**
 * Handing a dWallet to another Sui address (PROTOCOL.md §7, encrypted share; README "Transfer"):
 * the sender re-encrypts x_A to the recipient's registered share-encryption key with an EncDL
 * proof that it is the same x_A (bound to the session, the dWallet and X_A) and gives the
 * DWalletCap to the coordinator in the same transaction (`request_share_transfer`). The network
 * verifies the proof; the recipient then checks and stores the share and takes the cap in one
 * transaction (`acceptTransfer`). A rejected or cancelled transfer returns the cap to the sender,
 * who may also take it back (`withdrawTransfer`) as long as the recipient has not accepted.
 *
 * The sender's copy of x_A is no longer needed once the recipient accepts: without the cap it
 * approves nothing (every approval takes the cap, and the network signs nothing unapproved). The
 * sender's secret store keeps its record, since a withdrawn or rejected transfer makes the dWallet
 * the sender's again; signing with it after the hand-over fails with DWALLET_CAP_NOT_OWNED.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { RequestKind } from '../../chain/constants.ts';
import { decodeUserEncryptionKey } from '../../mpc/user-share/index.ts';
import { addressArgument } from '../arguments.ts';
import { chainAlgorithm } from '../chain-values.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { normalizeSessionId } from '../indexer-client.ts';
import { requestEventOf } from '../transactions.ts';
import { encryptShareFor, type ShareEncryptionResult, verifiedShare } from './backup-share.ts';
import { type ActionContext, dwalletCapRef, newSession, requestFee, userAddress } from './context.ts';
import { loadOwnDWallet } from './reads/own-dwallet.ts';
import { type EncryptedShareInfo, readEncryptedShare } from './reads/user-share.ts';
import { requireEncryptionKey } from './register-encryption-key.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface TransferDWalletParameters {
  readonly dwalletId: string;
  /** The Sui address that receives the dWallet; it must have registered a share-encryption key on the dWallet's curve. */
  readonly recipient: string;
}

/**
 * Starts the transfer of one of the user's dWallets to `recipient` and waits until the network has
 * verified the re-encrypted share; the recipient then accepts it (`acceptTransfer`).
 *
 * Errors: INVALID_ARGUMENT (not an address, or the user's own), those of `loadOwnDWallet`,
 * DWALLET_CAP_NOT_OWNED, NO_ENCRYPTION_KEY (the recipient registered none on the curve), those of
 * sending and waiting (REQUEST_REJECTED: the cap is back with the sender).
 */
export async function transferDWallet(context: ActionContext, parameters: TransferDWalletParameters): Promise<ShareEncryptionResult> {
  const recipient = addressArgument(parameters.recipient, 'recipient');
  const sender = userAddress(context);
  if (recipient === sender) {
    throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'a dWallet cannot be transferred to its own holder (back it up instead)', {
      recipient,
    });
  }
  const dwallet = await loadOwnDWallet(context, parameters.dwalletId);
  const recipientKey = await requireEncryptionKey(context, recipient, dwallet.curve);
  const session = newSession(context);
  context.onProgress(`re-encrypting the user share of dWallet ${dwallet.id} to ${recipient}'s key, with its proof`);
  const encryptedShare = encryptShareFor(
    dwallet,
    decodeUserEncryptionKey(dwallet.key.encryptionKey.setup, recipientKey.encryptionKey),
    session.id,
  );
  const fee = await requestFee(context, RequestKind.SHARE_TRANSFER, chainAlgorithm(dwallet.algorithm));
  context.onProgress(`handing the dWallet and its cap to the coordinator for ${recipient} (request_share_transfer)`);
  const result = await context.transactions.execute('transfer dWallet', async () => {
    const tx = new Transaction();
    context.coordinator.requestShareTransfer(tx, {
      dwalletCap: await dwalletCapRef(context, dwallet.capId, dwallet.id),
      recipient,
      encryptedShare,
      sessionPreimage: session.preimage,
      payment: context.coordinator.payFromGas(tx, fee),
    });
    return tx;
  });
  const requested = requestEventOf(context.network.packageId, result, 'share-transfer');
  const encryptedShareId = normalizeSuiAddress(requested.encrypted_share_id);
  await awaitCompleted(context, session.prefixed, 'the verification of the transferred share');
  await verifiedShare(context, encryptedShareId, 'verified');
  context.onProgress(`the transfer of dWallet ${dwallet.id} is verified: ${recipient} can accept it (${encryptedShareId})`);
  return { dwalletId: dwallet.id, encryptedShareId, sessionId: normalizeSessionId(session.prefixed), owner: recipient };
}

/**
 * A transfer this user may act on as `role`, in state verified.
 *
 * Errors: INVALID_ARGUMENT, NOT_FOUND, SHARE_TRANSFER_UNAVAILABLE.
 */
export async function verifiedTransfer(
  context: ActionContext,
  encryptedShareId: string,
  role: 'recipient' | 'sender',
): Promise<EncryptedShareInfo> {
  const id = addressArgument(encryptedShareId, 'encryptedShareId');
  const share = await readEncryptedShare(context, id);
  const address = userAddress(context);
  const party = role === 'recipient' ? share.owner : share.sender;
  const problem = !share.transfer
    ? 'is a backup, not a transfer'
    : party !== address
      ? `is not addressed to this user as its ${role}`
      : share.state !== 'verified'
        ? `is ${share.state === 'pending' ? 'not verified yet' : share.state}`
        : null;
  if (problem !== null) {
    throw new ClientError(ClientErrorCodes.SHARE_TRANSFER_UNAVAILABLE, `the share transfer ${id} ${problem}`, {
      encryptedShareId: id,
      state: share.state,
    });
  }
  return share;
}

/**
 * Takes back the cap of a verified transfer the recipient has not accepted; the dWallet is the
 * sender's again (its share record was kept).
 *
 * Errors: SHARE_TRANSFER_UNAVAILABLE (not this user's transfer, not verified, already accepted
 * or withdrawn), those of sending.
 */
export async function withdrawTransfer(context: ActionContext, encryptedShareId: string): Promise<{ dwalletId: string; capId: string }> {
  const share = await verifiedTransfer(context, encryptedShareId, 'sender');
  const sender = userAddress(context);
  context.onProgress(`withdrawing the transfer ${share.id} (withdraw_share_transfer)`);
  await context.transactions.execute('withdraw share transfer', async () => {
    const tx = new Transaction();
    const cap = context.coordinator.withdrawShareTransfer(tx, { encryptedShareId: share.id });
    tx.transferObjects([cap], sender);
    return tx;
  });
  return { dwalletId: share.dwalletId, capId: share.escrowedCapId as string };
}

/**
 * The recipient's side of a dWallet transfer (transfer-dwallet.ts): check the re-encrypted share
 * with its own key (proof, and x_A·G = X_A), store it, then take the DWalletCap out of escrow in
 * one transaction (`accept_share_transfer`). The share is stored before the transaction, so a
 * crash between the two leaves the share on disk, and accepting again completes.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { type ActionContext, userAddress } from './context.ts';
import { openEncryptedShare } from './open-encrypted-share.ts';
import { findEncryptedShare } from './reads/user-share.ts';
import { verifiedTransfer } from './transfer-dwallet.ts';

export interface AcceptTransferResult {
  readonly dwalletId: string;
  /** The DWalletCap, now owned by this user. */
  readonly capId: string;
  readonly encryptedShareId: string;
  /** The previous holder. */
  readonly sender: string;
}

/**
 * Accepts the verified transfer `id` addressed to this user: an encrypted-share id, or the id of
 * the dWallet (its latest transfer to this user).
 *
 * Errors: INVALID_ARGUMENT, NOT_FOUND, SHARE_TRANSFER_UNAVAILABLE (not addressed to this user, not
 * verified yet, already accepted or withdrawn), those of `openEncryptedShare`
 * (ENCRYPTION_KEY_MISMATCH, ENCRYPTED_SHARE_INVALID …), those of sending.
 */
export async function acceptTransfer(context: ActionContext, id: string): Promise<AcceptTransferResult> {
  const address = userAddress(context);
  const shareId = await transferIdOf(context, normalizeSuiAddress(id), address);
  const share = await verifiedTransfer(context, shareId, 'recipient');
  context.onProgress(`checking the transferred share of dWallet ${share.dwalletId} with this user's key`);
  const record = await openEncryptedShare(context, share);
  const capId = share.escrowedCapId as string;
  await context.secrets.put(share.dwalletId, { ...record, capId });
  context.onProgress(`accepting the transfer: the DWalletCap ${capId} comes to ${address} (accept_share_transfer)`);
  await context.transactions.execute('accept share transfer', async () => {
    const tx = new Transaction();
    const cap = context.coordinator.acceptShareTransfer(tx, { encryptedShareId: share.id });
    tx.transferObjects([cap], address);
    return tx;
  });
  context.onProgress(`dWallet ${share.dwalletId} is this user's`);
  return { dwalletId: share.dwalletId, capId, encryptedShareId: share.id, sender: share.sender };
}

/** An encrypted-share id as given, or the latest share of the dWallet `id` encrypted to `address`. */
async function transferIdOf(context: ActionContext, id: string, address: string): Promise<string> {
  const object = await context.chain.getObject(id);
  if (object !== null && object.type === `${context.network.packageId}::coordinator::EncryptedUserShare`) return id;
  if (object === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `no dWallet or encrypted share ${id} on chain`, { id });
  const share = await findEncryptedShare(context, id, address);
  if (share === null || !share.transfer) {
    throw new ClientError(ClientErrorCodes.SHARE_TRANSFER_UNAVAILABLE, `no transfer of dWallet ${id} to ${address} is on chain`, {
      dwalletId: id,
    });
  }
  return share.id;
}

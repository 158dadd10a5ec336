/**
 * An encrypted backup of a dWallet's user share on chain (PROTOCOL.md §7, encrypted backup): x_A
 * encrypted under the user's own share-encryption key with an EncDL proof bound to the session,
 * the dWallet and X_A, verified by the validators before the chain records it. With it, the Sui
 * key (or the root seed) and the chain alone restore the share on a new machine (`recoverDWallets`).
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { hexToBytes } from '@noble/curves/utils.js';
import { RequestKind } from '../../chain/constants.ts';
import { SessionId } from '../../chain/session-id.ts';
import type { ClPublicKey } from '../../mpc/cl/keys.ts';
import { encryptUserShare } from '../../mpc/user-share/index.ts';
import { chainAlgorithm } from '../chain-values.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { normalizeSessionId } from '../indexer-client.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, dwalletCapRef, newSession, requestFee } from './context.ts';
import { loadOwnDWallet, type OwnDWallet } from './reads/own-dwallet.ts';
import { type EncryptedShareInfo, readEncryptedShare } from './reads/user-share.ts';
import { registerEncryptionKey } from './register-encryption-key.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface ShareEncryptionResult {
  readonly dwalletId: string;
  /** The encrypted share object on chain. */
  readonly encryptedShareId: string;
  /** The session that verified it (0x-hex). */
  readonly sessionId: string;
  /** Whose key encrypts it: the user for a backup, the recipient for a transfer. */
  readonly owner: string;
}

/** The encrypted share of `dwallet` for `recipientKey`'s owner, for the session about to open. */
export function encryptShareFor(dwallet: OwnDWallet, recipientKey: ClPublicKey, sessionId: SessionId): Uint8Array {
  return encryptUserShare({
    curve: dwallet.key.curve,
    recipientKey,
    secretShare: dwallet.secretShare,
    dwalletId: hexToBytes(normalizeSuiAddress(dwallet.id).slice(2)),
    sessionId: SessionId.bytes(sessionId),
  });
}

/** The encrypted share a verified request recorded; CHAIN_DATA_INVALID when the chain says otherwise. */
export async function verifiedShare(
  context: ActionContext,
  id: string,
  expected: EncryptedShareInfo['state'],
): Promise<EncryptedShareInfo> {
  const share = await readEncryptedShare(context, id);
  if (share.state !== expected) {
    throw new ClientError(
      ClientErrorCodes.CHAIN_DATA_INVALID,
      `the encrypted share ${id} is ${share.state}, not ${expected}, after its verification`,
      {
        encryptedShareId: id,
      },
    );
  }
  return share;
}

/**
 * Backs up the user share of one of the user's dWallets on chain, encrypted to the user's own
 * share-encryption key (registered first when it is not yet), and waits for the network to verify it.
 *
 * Errors: those of `loadOwnDWallet` (UNKNOWN_DWALLET, SECRET_SHARE_MISSING, DWALLET_NOT_ACTIVE …),
 * DWALLET_CAP_NOT_OWNED, those of `registerEncryptionKey`, of sending and of waiting
 * (REQUEST_REJECTED with the network's reason, TIMEOUT).
 */
export async function backupShare(context: ActionContext, dwalletId: string): Promise<ShareEncryptionResult> {
  const dwallet = await loadOwnDWallet(context, dwalletId);
  // Registered (or found active) and checked to be this client's key: encrypt to the key pair itself.
  const { key } = await registerEncryptionKey(context, { curve: dwallet.curve });
  const own = (await context.userShareKeys()).keyPair(dwallet.key.encryptionKey.setup).publicKey;
  const session = newSession(context);
  context.onProgress(`encrypting the user share of dWallet ${dwallet.id} to this user's key, with its proof`);
  const encryptedShare = encryptShareFor(dwallet, own, session.id);
  const fee = await requestFee(context, RequestKind.SHARE_BACKUP, chainAlgorithm(dwallet.algorithm));
  context.onProgress(`backing up the user share on chain (request_share_backup)`);
  const result = await context.transactions.execute('back up user share', async () => {
    const tx = new Transaction();
    context.coordinator.requestShareBackup(tx, {
      dwalletCap: await dwalletCapRef(context, dwallet.capId, dwallet.id),
      encryptedShare,
      sessionPreimage: session.preimage,
      payment: context.coordinator.payFromGas(tx, fee),
    });
    return tx;
  });
  const requested = requestEventOf(context.network.packageId, result, 'share-backup');
  const encryptedShareId = normalizeSuiAddress(requested.encrypted_share_id);
  await awaitCompleted(context, session.prefixed, 'the verification of the share backup');
  await verifiedShare(context, encryptedShareId, 'verified');
  context.onProgress(`the user share of dWallet ${dwallet.id} is backed up on chain (${encryptedShareId})`);
  return { dwalletId: dwallet.id, encryptedShareId, sessionId: normalizeSessionId(session.prefixed), owner: key.owner };
}

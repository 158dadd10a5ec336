/**
 * Recovery on a new machine from the seed and the chain alone (PROTOCOL.md §7, encrypted backup;
 * README "Recovery"): for each dWallet whose cap this address holds, the latest encrypted share the
 * network verified for this address (its backup, or the transfer it accepted) is opened with the
 * key derived from the seed, checked (openEncryptedShare) and written to the secret store.
 * @module
 */
import { readCoordinator } from '../../chain/object-reader.ts';
import { addressArgument } from '../arguments.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { type ActionContext, userAddress } from './context.ts';
import { openEncryptedShare } from './open-encrypted-share.ts';
import { dwalletIdsOfCapsOnChain } from './reads/list-dwallets.ts';
import { findEncryptedShare } from './reads/user-share.ts';

/** What recovery did for one dWallet. */
export interface RecoveredDWallet {
  readonly dwalletId: string;
  /**
   * `recovered`: the share was restored from chain; `present`: the store already held it;
   * `no-backup`: no verified encrypted share for this address is on chain; `failed`: it did not open (see `reason`).
   */
  readonly status: 'recovered' | 'present' | 'no-backup' | 'failed';
  readonly encryptedShareId: string | null;
  /** Why a share could not be recovered (an error's message; never a secret). */
  readonly reason: string | null;
}

/**
 * Restores the shares of this user's dWallets (`dwalletId`: that one only) from their encrypted
 * copies on chain. Shares already in the store are left as they are. One dWallet that cannot be
 * recovered does not stop the others: its entry says why; with `dwalletId` given, its failure is
 * thrown instead.
 *
 * Errors: NO_SIGNER, USER_SHARE_SEED_NOT_DETERMINISTIC, and with `dwalletId`: DWALLET_CAP_NOT_OWNED
 * (this address does not hold its cap), NO_ENCRYPTED_SHARE, those of `openEncryptedShare`.
 */
export async function recoverDWallets(context: ActionContext, options: { readonly dwalletId?: string } = {}): Promise<RecoveredDWallet[]> {
  const owner = userAddress(context);
  const held = await dwalletIdsOfCapsOnChain(context, owner);
  const only = options.dwalletId === undefined ? undefined : addressArgument(options.dwalletId, 'dwalletId');
  if (only !== undefined && !held.includes(only)) {
    throw new ClientError(ClientErrorCodes.DWALLET_CAP_NOT_OWNED, `this address (${owner}) does not hold the cap of dWallet ${only}`, {
      dwalletId: only,
    });
  }
  const ids = only === undefined ? held : [only];
  context.onProgress(`recovering the shares of ${ids.length} dWallet(s) held by ${owner}`);
  const shareIndex = (await readCoordinator(context.chain)).encrypted_share_ids.id;
  const out: RecoveredDWallet[] = [];
  for (const dwalletId of ids) {
    const existing = await context.secrets.get(dwalletId);
    if (existing !== undefined && existing.state === 'active') {
      out.push({ dwalletId, status: 'present', encryptedShareId: null, reason: null });
      continue;
    }
    const share = await findEncryptedShare(context, dwalletId, owner, shareIndex);
    if (share === null || (share.state !== 'verified' && share.state !== 'accepted')) {
      if (only !== undefined) {
        throw new ClientError(
          ClientErrorCodes.NO_ENCRYPTED_SHARE,
          `no verified encrypted share of dWallet ${dwalletId} for ${owner} is on chain`,
          {
            dwalletId,
          },
        );
      }
      out.push({ dwalletId, status: 'no-backup', encryptedShareId: null, reason: null });
      continue;
    }
    try {
      const record = await openEncryptedShare(context, share);
      await context.secrets.put(dwalletId, record);
      context.onProgress(`recovered the share of dWallet ${dwalletId} from ${share.id}`);
      out.push({ dwalletId, status: 'recovered', encryptedShareId: share.id, reason: null });
    } catch (error) {
      if (only !== undefined || !(error instanceof ClientError)) throw error;
      out.push({ dwalletId, status: 'failed', encryptedShareId: share.id, reason: `${error.code}: ${error.message}` });
    }
  }
  return out;
}

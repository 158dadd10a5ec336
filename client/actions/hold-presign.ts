/**
 * A presign held for a dWallet's next signature, with the user's part of that signature prepared
 * before the message is known.
 *
 * The user's sign message splits at the digest (mpc/ecdsa/sign/user.ts): step 1 and the bases of
 * the presign's ciphertexts do not depend on it. A dApp that expects to sign — a wallet page that
 * is open, a bot between trades — holds a presign: it is obtained now (claimed or requested, so it
 * is spent), and that first part is computed in idle time. The next `sign`, `prepareSign` or
 * `futureSign` of the dWallet takes it and computes only the part after the digest, about half
 * the work (`npm run bench -- ecdsa --parts user`).
 *
 * A Taproot or EdDSA dWallet's held presign is only reserved: its user message (one scalar
 * multiplication, mpc/schnorr/sign/user.ts) has nothing worth preparing.
 *
 * A held presign lives in this client's memory with its secrets (the user's nonce share among
 * them) and serves one signature; about 0.3 MB of prepared forms. If the process ends first, the
 * presign cap stays in the wallet and a later operation takes it and prepares it afresh: nothing
 * computed here was ever sent.
 * @module
 */
import { InMemoryPresignLedger, prepareUserSignSteps } from '../../mpc/ecdsa/index.ts';
import { IdleWork } from '../idle-work.ts';
import { type ActionContext, dwalletCapRef } from './context.ts';
import { obtainFreshPresign } from './obtain-presign.ts';
import { loadOwnDWallet } from './reads/own-dwallet.ts';

export interface HeldPresign {
  readonly dwalletId: string;
  /** The PresignCap the dWallet's next signature consumes. */
  readonly presignCapId: string;
}

/**
 * Obtains a presign for `dwalletId` and prepares its sign in idle time; the dWallet's next
 * signature from this client uses it. Several may be held for one dWallet (first held, first used).
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_DWALLET, SECRET_SHARE_MISSING, DWALLET_NOT_ACTIVE, DWALLET_CAP_NOT_OWNED, and those of
 * obtaining a presign (NO_SIGNER, NO_PRESIGN_AVAILABLE, TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT, ABORTED).
 */
export async function holdPresign(context: ActionContext, dwalletId: string): Promise<HeldPresign> {
  const dwallet = await loadOwnDWallet(context, dwalletId);
  // A presign held for a dWallet whose cap is gone could never be used for it.
  await dwalletCapRef(context, dwallet.capId, dwallet.id);
  const reserved = await obtainFreshPresign(context, dwallet);
  const held = context.heldPresigns.get(dwallet.id) ?? [];
  if (reserved.algorithm === 'ecdsa') {
    const preparation = IdleWork.start(
      prepareUserSignSteps({
        key: dwallet.key,
        dwallet: dwallet.output,
        presign: reserved.presign,
        secretShare: dwallet.secretShare,
        ledger: new InMemoryPresignLedger(),
      }),
    );
    held.push({ ...reserved, preparation });
    context.onProgress(`holding presign cap ${reserved.capId} for dWallet ${dwallet.id}; its sign is prepared in idle time`);
  } else {
    // A Schnorr user message is a scalar multiplication and a challenge: nothing worth preparing.
    held.push(reserved);
    context.onProgress(`holding presign cap ${reserved.capId} for dWallet ${dwallet.id}`);
  }
  context.heldPresigns.set(dwallet.id, held);
  return { dwalletId: dwallet.id, presignCapId: reserved.capId };
}

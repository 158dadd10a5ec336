import { Transaction } from '@mysten/sui/transactions';
import { equalBytes } from '@noble/curves/utils.js';
import { RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { normalizeSessionId } from '../indexer-client.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, dwalletCapRef, newSession, requestFee } from './context.ts';
import { readDWalletObject } from './reads/dwallet-object.ts';
import { loadOwnDWallet } from './reads/own-dwallet.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface MakeDWalletSharedResult {
  readonly dwalletId: string;
  /** The conversion session's id (0x-hex). */
  readonly sessionId: string;
  /** x_A as now recorded on chain (32 bytes big-endian): public. */
  readonly publicUserShare: Uint8Array;
}

/**
 * Converts one of the user's zero-trust dWallets into a shared one (PROTOCOL-EXTENSIONS.md §7.1):
 * publishes its user share x_A with `request_make_dwallet_shared`, waits for the validators to
 * check x_A·G = X_A against the dWallet's output, and checks that the chain records the share.
 * Irreversible: from then on the network signs whatever the dWallet's cap approves, with no user
 * (`requestSharedSign`); the key is as safe as the network's threshold and the rules guarding the
 * cap. The secret store's record is kept (its share is now public, and the same).
 *
 * Errors: INVALID_ARGUMENT (not an id), UNKNOWN_DWALLET, SECRET_SHARE_MISSING, DWALLET_NOT_ACTIVE,
 * CHAIN_DATA_INVALID, NOT_FOUND (the cap is gone), NO_SIGNER, ABORTED, TRANSACTION_FAILED (e.g.
 * `EDWalletAlreadyShared`, or a cap this signer does not own), REQUEST_REJECTED, TIMEOUT.
 */
export async function makeDWalletShared(context: ActionContext, dwalletId: string): Promise<MakeDWalletSharedResult> {
  const dwallet = await loadOwnDWallet(context, dwalletId);
  const publicUserShare = dwallet.key.curve.encodeScalar(dwallet.secretShare);
  const fee = await requestFee(context, RequestKind.MAKE_DWALLET_SHARED, SignatureAlgorithm.ECDSA);
  const session = newSession(context);
  context.onProgress(`publishing the user share of dWallet ${dwallet.id} (request_make_dwallet_shared)`);
  const result = await context.transactions.execute('make dWallet shared', async () => {
    const tx = new Transaction();
    context.coordinator.requestMakeDWalletShared(tx, {
      dwalletCap: await dwalletCapRef(context, dwallet.capId, dwallet.id),
      publicUserShare,
      sessionPreimage: session.preimage,
      payment: context.coordinator.payFromGas(tx, fee),
    });
    return tx;
  });
  requestEventOf(context.network.packageId, result, 'make-shared');
  await awaitCompleted(context, session.prefixed, 'the conversion to a shared dWallet');
  const { value } = await readDWalletObject(context, dwallet.id);
  const recorded = value.public_user_share;
  if (recorded === null || !equalBytes(new Uint8Array(recorded), publicUserShare)) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the dWallet ${dwallet.id} on chain does not record the published share`, {
      dwalletId: dwallet.id,
    });
  }
  context.onProgress(`dWallet ${dwallet.id} is shared: its user share is public`);
  return { dwalletId: dwallet.id, sessionId: normalizeSessionId(session.prefixed), publicUserShare };
}

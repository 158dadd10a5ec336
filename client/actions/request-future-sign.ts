/**
 * A future sign: the user's sign message stored on chain now, the signature made later by whoever
 * holds the dWallet cap and the partial signature cap.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { type HashScheme, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { addressArgument } from '../arguments.ts';
import { invalidArgument } from '../errors.ts';
import { createdObjectId, requestEventOf } from '../transactions.ts';
import { type ActionContext, newSession, objectRefOf, requestFee, userAddress } from './context.ts';
import { obtainPresign, releasePresign } from './obtain-presign.ts';
import type { SignRequest } from './prepare-sign.ts';
import { loadOwnDWallet, type OwnDWallet } from './reads/own-dwallet.ts';
import type { ReservedPresign } from './reserved-presign.ts';
import { type SignDigest, signDigest, userSignMessage } from './signing.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface FutureSignRequest extends SignRequest {
  /** Who receives the PartialSignatureCap (default: the user). */
  readonly capRecipient?: string;
}

export interface FutureSignResult {
  readonly partialSignatureId: string;
  readonly partialSignatureCapId: string;
  readonly sessionId: string;
  readonly dwalletId: string;
  readonly hashScheme: HashScheme;
  readonly message: Uint8Array;
  readonly digest: Uint8Array;
}

/**
 * Stores the user's sign message for `message` on chain (`request_future_sign`) and waits until
 * the network has verified it; `completeFutureSign` turns it into a signature later.
 *
 * Future signs exist for ECDSA dWallets only (the chain refuses the others: EFutureSignNeedsEcdsa).
 *
 * Errors: as `prepareSign` (INVALID_ARGUMENT also for a bad capRecipient or a Taproot or EdDSA
 * dWallet), and TRANSACTION_FAILED,
 * REQUEST_REJECTED, TIMEOUT, ABORTED, CHAIN_DATA_INVALID.
 */
export async function requestFutureSign(context: ActionContext, request: FutureSignRequest): Promise<FutureSignResult> {
  const dwallet = await loadOwnDWallet(context, request.dwalletId);
  if (dwallet.algorithm !== 'ecdsa') {
    throw invalidArgument(`future sign is offered for ECDSA dWallets only; dWallet ${dwallet.id} signs with ${dwallet.algorithm}`, {
      dwalletId: dwallet.id,
      algorithm: dwallet.algorithm,
    });
  }
  const digest = signDigest(dwallet, request);
  const recipient = request.capRecipient === undefined ? userAddress(context) : addressArgument(request.capRecipient, 'capRecipient');
  const message = request.message.slice();
  const presign = await obtainPresign(context, dwallet);
  try {
    return await send(context, dwallet, presign, { ...digest, message, recipient });
  } finally {
    releasePresign(context, presign.capId);
  }
}

async function send(
  context: ActionContext,
  dwallet: OwnDWallet,
  presign: ReservedPresign,
  request: SignDigest & { message: Uint8Array; recipient: string },
): Promise<FutureSignResult> {
  const { coordinator, network } = context;
  const { scheme, digest, message, recipient } = request;
  const signMessage = userSignMessage(context, dwallet, presign, request);
  const session = newSession(context);
  const fee = await requestFee(context, RequestKind.FUTURE_SIGN, SignatureAlgorithm.ECDSA);
  context.onProgress('sending request_future_sign');
  const result = await context.transactions.execute('future sign', async () => {
    const tx = new Transaction();
    const cap = coordinator.requestFutureSign(tx, {
      dwalletId: dwallet.id,
      presignCap: await objectRefOf(context, presign.capId, 'presign cap'),
      hashScheme: scheme,
      message,
      sessionPreimage: session.preimage,
      userSignMessage: signMessage,
      payment: coordinator.payFromGas(tx, fee),
    });
    tx.transferObjects([cap], recipient);
    return tx;
  });
  const partialSignatureId = normalizeSuiAddress(requestEventOf(network.packageId, result, 'future-sign').partial_signature_id);
  const partialSignatureCapId = createdObjectId(network.packageId, result, 'PartialSignatureCap');
  await awaitCompleted(context, session.prefixed, 'the future sign');
  return {
    partialSignatureId,
    partialSignatureCapId,
    sessionId: session.prefixed,
    dwalletId: dwallet.id,
    hashScheme: scheme,
    message,
    digest,
  };
}

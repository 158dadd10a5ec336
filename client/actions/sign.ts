/**
 * Signing a message with a dWallet, start to end.
 * @module
 */
import type { ActionContext } from './context.ts';
import { prepareSign, type SignRequest } from './prepare-sign.ts';
import { type SignResult, submitSign } from './submit-sign.ts';

/**
 * Signs `message` with the dWallet: obtains a presign, computes the user's sign message here,
 * sends approve_message + request_sign in one transaction, waits, and returns the signature after
 * verifying it under the dWallet's public key. Equivalent to `submitSign(prepareSign(request))`.
 *
 * Errors: those of {@link prepareSign} and {@link submitSign}.
 */
export async function sign(context: ActionContext, request: SignRequest): Promise<SignResult> {
  return submitSign(context, await prepareSign(context, request));
}

/**
 * The user's part of a signature, computed before anything about it is sent.
 * @module
 */
import type { HashScheme } from '../../chain/constants.ts';
import type { CurveName } from '../../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import type { HashSchemeInput } from '../hash-schemes.ts';
import { type ActionContext, dwalletCapRef, newSession } from './context.ts';
import { obtainPresign, releasePresign } from './obtain-presign.ts';
import { loadOwnDWallet } from './reads/own-dwallet.ts';
import { signDigest, userSignMessage } from './signing.ts';

export interface SignRequest {
  readonly dwalletId: string;
  /** The message (for `prehashed`: the 32-byte digest itself). */
  readonly message: Uint8Array;
  readonly hashScheme: HashSchemeInput;
}

/** A signature's user part, computed and bound to a claimed presign, not sent yet. */
export interface PreparedSign {
  readonly dwalletId: string;
  readonly capId: string;
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  readonly publicKey: Uint8Array;
  readonly hashScheme: HashScheme;
  readonly message: Uint8Array;
  readonly digest: Uint8Array;
  /** The PresignCap the request consumes. */
  readonly presignCapId: string;
  /** The sign request's session preimage, and the session id it gives for this user (0x-hex). */
  readonly sessionPreimage: Uint8Array;
  readonly sessionId: string;
  /** The chain's `user_sign_message`. */
  readonly userSignMessage: Uint8Array;
}

/**
 * The user's part of a signature of `message`: a presign is obtained (claimed or requested, so
 * this already spends one, and it stays reserved until the prepared sign is submitted) and the
 * sign message computed with the user's share. Submit it once with `submitSign`.
 *
 * Errors: INVALID_ARGUMENT (a bad id, scheme or message: see {@link signDigest}), UNKNOWN_DWALLET,
 * SECRET_SHARE_MISSING, DWALLET_NOT_ACTIVE, CHAIN_DATA_INVALID, DWALLET_CAP_NOT_OWNED (this user no
 * longer holds the dWallet's cap: checked before a presign is spent), and those of
 * {@link obtainPresign} (NO_SIGNER, NO_PRESIGN_AVAILABLE, TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT, ABORTED).
 */
export async function prepareSign(context: ActionContext, request: SignRequest): Promise<PreparedSign> {
  const dwallet = await loadOwnDWallet(context, request.dwalletId);
  const { scheme, digest } = signDigest(dwallet, request);
  const message = request.message.slice();
  // Before a presign is spent: without the cap (handed over, say) the approval cannot be made.
  await dwalletCapRef(context, dwallet.capId, dwallet.id);
  const presign = await obtainPresign(context, dwallet);
  let signMessage: Uint8Array;
  try {
    signMessage = userSignMessage(context, dwallet, presign, { scheme, digest, message });
  } catch (error) {
    releasePresign(context, presign.capId);
    throw error;
  }
  const session = newSession(context);
  return {
    dwalletId: dwallet.id,
    capId: dwallet.capId,
    curve: dwallet.curve,
    algorithm: dwallet.algorithm,
    publicKey: dwallet.publicKey,
    hashScheme: scheme,
    message,
    digest,
    presignCapId: presign.capId,
    sessionPreimage: session.preimage,
    sessionId: session.prefixed,
    userSignMessage: signMessage,
  };
}

/**
 * What signing, future signing and completing a future sign share: the digest of a message under
 * a hash scheme the dWallet's curve offers, the user's sign message, and the signature the network
 * returns, awaited and verified.
 * @module
 */
import { type HashScheme, MAX_MESSAGE_LENGTH, SignState } from '../../chain/constants.ts';
import { decodeObject } from '../../chain/object-reader.ts';
import { Sign } from '../../chain/schemas/objects.ts';
import { getCurve } from '../../mpc/curves/curve.ts';
import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import {
  completeUserSignMessage,
  createUserSignMessage,
  digestMessage,
  encodeUserSignMessage,
  HASH_SCHEMES_BY_CURVE,
  HashSchemes,
  InMemoryPresignLedger,
} from '../../mpc/ecdsa/index.ts';
import { bytesArgument } from '../arguments.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import { type HashSchemeInput, parseHashScheme } from '../hash-schemes.ts';
import { verifyDWalletSignature } from '../verify-signature.ts';
import type { ActionContext } from './context.ts';
import type { OwnDWallet } from './reads/own-dwallet.ts';
import type { ReservedPresign } from './reserved-presign.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface SignDigest {
  readonly scheme: HashScheme;
  /** The 32 bytes that are signed. */
  readonly digest: Uint8Array;
}

/**
 * The scheme and digest of a message to sign on `curve`.
 *
 * Errors: INVALID_ARGUMENT (an unknown scheme or one the curve does not offer, a message that is
 * not bytes, empty, longer than the coordinator accepts, or a prehashed message that is not 32 bytes).
 */
export function signDigest(curve: EcdsaCurveName, request: { message: Uint8Array; hashScheme: HashSchemeInput }): SignDigest {
  const scheme = parseHashScheme(request.hashScheme);
  const message = bytesArgument(request.message, 'message');
  if (!(HASH_SCHEMES_BY_CURVE[curve] as readonly number[]).includes(scheme)) {
    throw invalidArgument(`hash scheme ${scheme} is not offered on ${curve}`, { hashScheme: scheme, curve });
  }
  if (message.length === 0) throw invalidArgument('the message is empty');
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw invalidArgument(`the message is ${message.length} bytes; the coordinator signs at most ${MAX_MESSAGE_LENGTH}`, {
      length: message.length,
    });
  }
  if (scheme === HashSchemes.PREHASHED && message.length !== 32) throw invalidArgument('a prehashed message is exactly 32 bytes');
  return { scheme, digest: digestMessage(getCurve(curve), scheme, message).bytes };
}

/**
 * The user's sign message for `digest` with this presign, encoded as the chain takes it: only the
 * part after the digest when the presign was held and its sign prepared ahead.
 */
export function userSignMessage(context: ActionContext, dwallet: OwnDWallet, presign: ReservedPresign, digest: Uint8Array): Uint8Array {
  context.onProgress("computing the user's sign message");
  const message =
    presign.preparation === undefined
      ? createUserSignMessage({
          key: dwallet.key,
          dwallet: dwallet.output,
          presign: presign.presign,
          digest: { bytes: digest },
          secretShare: dwallet.secretShare,
          ledger: new InMemoryPresignLedger(),
        })
      : completeUserSignMessage(presign.preparation.finish(), { bytes: digest });
  return encodeUserSignMessage(dwallet.key, message);
}

/**
 * Waits for sign request `signId` and returns its signature, verified under the dWallet's key.
 *
 * Errors: those of waiting (REQUEST_REJECTED, TIMEOUT, ABORTED), CHAIN_DATA_INVALID (no such sign
 * on chain), SIGNATURE_INVALID.
 */
export async function awaitSignature(
  context: ActionContext,
  sign: { signId: string; sessionId: string },
  dwallet: { curve: EcdsaCurveName; publicKey: Uint8Array },
  digest: Uint8Array,
): Promise<Uint8Array> {
  const { signId } = sign;
  await awaitCompleted(context, sign.sessionId, 'the sign request');
  const object = await context.chain.getObject(signId);
  if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `sign ${signId} does not exist on chain`);
  const value = decodeObject(context.network.packageId, object, Sign);
  const signature = new Uint8Array(value.signature);
  if (value.state !== SignState.COMPLETED || !verifyDWalletSignature(dwallet.curve, dwallet.publicKey, digest, signature)) {
    throw new ClientError(ClientErrorCodes.SIGNATURE_INVALID, `the signature of sign ${signId} does not verify under the dWallet's key`, {
      signId,
    });
  }
  return signature;
}

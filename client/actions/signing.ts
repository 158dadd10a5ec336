/**
 * What signing, future signing and completing a future sign share: what is signed for a message
 * under a hash scheme the dWallet's curve and algorithm offer, the user's sign message, and the
 * signature the network returns, awaited and verified.
 * @module
 */
import { type HashScheme, MAX_MESSAGE_LENGTH, SignState } from '../../chain/constants.ts';
import { decodeObject } from '../../chain/object-reader.ts';
import { Sign } from '../../chain/schemas/objects.ts';
import { type CurveName, getCurve } from '../../mpc/curves/curve.ts';
import type { HashScheme as EcdsaHashScheme } from '../../mpc/ecdsa/hash-schemes.ts';
import {
  completeUserSignMessage,
  createUserSignMessage,
  digestMessage,
  encodeUserSignMessage,
  HashSchemes,
  InMemoryPresignLedger,
} from '../../mpc/ecdsa/index.ts';
import {
  createSchnorrUserSignMessage,
  encodeSchnorrUserSignMessage,
  schnorrScheme,
  schnorrSignedMessage,
} from '../../mpc/schnorr/index.ts';
import { findSigningScheme, isHashSchemeOf, type SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { bytesArgument } from '../arguments.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import { type HashSchemeInput, hashSchemeName, parseHashScheme } from '../hash-schemes.ts';
import { verifyDWalletSignature } from '../verify-signature.ts';
import type { ActionContext } from './context.ts';
import type { OwnDWallet } from './reads/own-dwallet.ts';
import type { ReservedPresign } from './reserved-presign.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface SignDigest {
  readonly scheme: HashScheme;
  /**
   * What the signature is over: the 32-byte digest (ECDSA), the 32-byte BIP-340 message (Taproot:
   * SHA-256 of the message, or the message itself when prehashed), the message itself (EdDSA).
   */
  readonly digest: Uint8Array;
}

/**
 * The scheme and what is signed (see {@link SignDigest}) for a message to sign with a dWallet of
 * this curve and algorithm.
 *
 * Errors: INVALID_ARGUMENT (an unknown scheme or one the dWallet's algorithm does not offer, a
 * message that is not bytes, empty, longer than the coordinator accepts, or a prehashed message
 * that is not 32 bytes).
 */
export function signDigest(
  dwallet: { readonly curve: CurveName; readonly algorithm: SignatureAlgorithmName },
  request: { message: Uint8Array; hashScheme: HashSchemeInput },
): SignDigest {
  const scheme = parseHashScheme(request.hashScheme);
  const message = bytesArgument(request.message, 'message');
  const { curve, algorithm } = dwallet;
  const signing = findSigningScheme(curve, algorithm);
  if (signing === undefined) throw invalidArgument(`no signature algorithm ${algorithm} on ${curve}`, { curve, algorithm });
  if (!isHashSchemeOf(signing, scheme)) {
    const offered = signing.hashSchemes.map((id) => hashSchemeName(id) ?? id).join(', ');
    throw invalidArgument(
      `hash scheme ${hashSchemeName(scheme) ?? scheme} is not offered for ${curve} ${algorithm} dWallets (${offered})`,
      {
        hashScheme: scheme,
        curve,
        algorithm,
      },
    );
  }
  if (message.length === 0) throw invalidArgument('the message is empty');
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw invalidArgument(`the message is ${message.length} bytes; the coordinator signs at most ${MAX_MESSAGE_LENGTH}`, {
      length: message.length,
    });
  }
  if (scheme === HashSchemes.PREHASHED && message.length !== 32) throw invalidArgument('a prehashed message is exactly 32 bytes');
  const digest =
    algorithm === 'ecdsa'
      ? digestMessage(getCurve(curve), scheme as EcdsaHashScheme, message).bytes
      : schnorrSignedMessage(schnorrScheme(algorithm), scheme, message);
  return { scheme, digest };
}

/**
 * The user's sign message for a request with this presign, encoded as the chain takes it: ECDSA's
 * for the digest (only the part after the digest when the presign was held and its sign prepared
 * ahead), or the Schnorr one (K_A, z_A) for the approved message under its hash scheme
 * (mpc/schnorr/sign/user.ts).
 */
export function userSignMessage(
  context: ActionContext,
  dwallet: OwnDWallet,
  presign: ReservedPresign,
  request: SignDigest & { readonly message: Uint8Array },
): Uint8Array {
  context.onProgress("computing the user's sign message");
  if (presign.algorithm !== 'ecdsa') {
    const message = createSchnorrUserSignMessage({
      key: dwallet.key,
      dwallet: dwallet.output,
      presign: presign.presign,
      algorithm: presign.algorithm,
      hashScheme: request.scheme,
      message: request.message,
      secretShare: dwallet.secretShare,
    });
    return encodeSchnorrUserSignMessage(dwallet.key.curve, message);
  }
  const digest = { bytes: request.digest };
  const message =
    presign.preparation === undefined
      ? createUserSignMessage({
          key: dwallet.key,
          dwallet: dwallet.output,
          presign: presign.presign,
          digest,
          secretShare: dwallet.secretShare,
          ledger: new InMemoryPresignLedger(),
        })
      : completeUserSignMessage(presign.preparation.finish(), digest);
  return encodeUserSignMessage(dwallet.key, message);
}

/**
 * Waits for sign request `signId` and returns its signature, verified under the dWallet's key
 * with @noble/curves for its algorithm (client/verify-signature.ts): `digest` is what
 * {@link signDigest} says is signed.
 *
 * Errors: those of waiting (REQUEST_REJECTED, TIMEOUT, ABORTED), CHAIN_DATA_INVALID (no such sign
 * on chain), SIGNATURE_INVALID.
 */
export async function awaitSignature(
  context: ActionContext,
  sign: { signId: string; sessionId: string },
  dwallet: { curve: CurveName; algorithm: SignatureAlgorithmName; publicKey: Uint8Array },
  digest: Uint8Array,
): Promise<Uint8Array> {
  const { signId } = sign;
  await awaitCompleted(context, sign.sessionId, 'the sign request');
  const object = await context.chain.getObject(signId);
  if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `sign ${signId} does not exist on chain`);
  const value = decodeObject(context.network.packageId, object, Sign);
  const signature = new Uint8Array(value.signature);
  if (
    value.state !== SignState.COMPLETED ||
    !verifyDWalletSignature(dwallet.curve, dwallet.publicKey, digest, signature, dwallet.algorithm)
  ) {
    throw new ClientError(ClientErrorCodes.SIGNATURE_INVALID, `the signature of sign ${signId} does not verify under the dWallet's key`, {
      signId,
    });
  }
  return signature;
}

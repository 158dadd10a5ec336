/**
 * 2PC-MPC Schnorr signatures (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1): Taproot (BIP-340 on
 * secp256k1 under the BIP-86 output key) and EdDSA (Ed25519, raw-scalar key). The network key and
 * the dWallets are the ones of mpc/ecdsa (the DKG is the same protocol on every curve); this is
 * what differs: universal presigns and one user message per signature. Every function is pure;
 * sessions are explicit state machines on mpc/session.
 *
 * Schemes: schnorrScheme('taproot' | 'eddsa') → SchnorrScheme; scheme.signingKey(X) is the key
 *   signatures verify under (x(Q), p2tr(x(X))'s output key; enc(X)); schnorrSignedMessage(scheme,
 *   hashScheme, message) what is signed; verifySchnorrSignature checks with @noble/curves.
 *
 * Presign (validators): schnorrPresignSession over schnorrPresignBatchSessionId({ key, algorithm,
 *   presignIds }) → SchnorrPresign[] (encodeSchnorrPresign), universal: any dWallet of the curve and
 *   algorithm under the key, imported keys included.
 *
 * Sign:
 *   user       createSchnorrUserSignMessage({ key, dwallet, presign, algorithm, hashScheme,
 *              message, secretShare }) → encodeSchnorrUserSignMessage (the chain's
 *              `user_sign_message`: K_A and z_A)
 *   validators verifySchnorrUserSignMessage(context, bytes) → VerifiedSchnorrSignRequest (holds
 *              ct_s) or a UserMessageRejection; threshold-decrypt schnorrSignCiphertexts(request);
 *              schnorrSignatureFromPlaintext(request, s) → the 64 bytes, verified, or undefined;
 *              checkReceivedSchnorrSignature(request, bytes) for a signature another validator sent;
 *              all of it as a session: schnorrSignSession (mpc/signing/session.ts's machinery:
 *              optimistic decryption, proven shares and blame, combiner, standbys, resume)
 *   shared     sharedSchnorrUserSignMessage({ ...context, sessionId, publicUserShare }): the
 *              deterministic message every validator computes for a shared dWallet
 * @module
 */
export { eddsaScheme } from './eddsa.ts';
export { SchnorrError, type SchnorrErrorCode, SchnorrErrorCodes } from './errors.ts';
export { assertSchnorrHashScheme, BIP340_MESSAGE_BYTES, MAX_SIGNED_MESSAGE_BYTES, schnorrSignedMessage } from './message.ts';
export { decodeSchnorrPresign, encodeSchnorrPresign } from './presign/encoding.ts';
export { assertSchnorrPresignFor, type SchnorrPresign } from './presign/presign.ts';
export {
  type SchnorrPresignSessionConfig,
  type SchnorrPresignSessionOutput,
  schnorrPresignBatchSessionId,
  schnorrPresignSession,
} from './protocols/presign.ts';
export {
  SCHNORR_SIGN_SESSION_PROTOCOL,
  type SchnorrSignSessionConfig,
  type SchnorrSignSessionOutput,
  schnorrSignSession,
  schnorrSignShareSchemas,
  schnorrThresholdSignScheme,
} from './protocols/sign.ts';
export { SCHNORR_ALGORITHMS, type SchnorrAlgorithm, type SchnorrScheme, type SchnorrSigningKey, type Sign } from './scheme.ts';
export { isSchnorrAlgorithm, schnorrScheme } from './schemes.ts';
export { decodeSchnorrUserSignMessage, encodeSchnorrUserSignMessage } from './sign/encoding.ts';
export { SCHNORR_SIGN_PROTOCOL, type SchnorrSignContext, type SchnorrUserSignMessage } from './sign/message.ts';
export {
  checkReceivedSchnorrSignature,
  SCHNORR_SIGN_DECRYPTION_ROUND,
  schnorrSignatureFromPlaintext,
  schnorrSignCiphertexts,
  schnorrSignDecryptionSession,
} from './sign/network.ts';
export { type SharedSchnorrUserSignInput, sharedSchnorrSignSeed, sharedSchnorrUserSignMessage } from './sign/shared.ts';
export { createSchnorrUserSignMessage, type SchnorrUserSignInput } from './sign/user.ts';
export {
  SchnorrSignChecks,
  schnorrSignRequestOf,
  type VerifiedSchnorrSignRequest,
  verifyDecodedSchnorrUserSignMessage,
  verifySchnorrUserSignMessage,
} from './sign/verify.ts';
export { assertSchnorrSignature, verifySchnorrSignature } from './signature.ts';
export { evenYSign, taggedHash, taprootScheme, tapTweak, xOnly } from './taproot.ts';

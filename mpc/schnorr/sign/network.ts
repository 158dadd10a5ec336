/**
 * Signing, the network's side after verification (PROTOCOL-EXTENSIONS.md §9.1): threshold
 * decryption of ct_s (mpc/threshold; optimistic first, then EDL proofs and blame, as in ECDSA's
 * sign session), then the signature (K, s) in the scheme's encoding, output only if it verifies
 * with @noble/curves under the dWallet's key (signature.ts). The check is the public predicate of
 * the optimistic decryption: a wrong decryption share gives an s that does not verify.
 *
 * For fixed (key, message, K) exactly one s < q verifies, so a signature another validator sends
 * is the one every honest combination gives iff it verifies and carries this request's nonce.
 * @module
 */

import { equalBytes } from '@noble/curves/utils.js';
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import { DecryptionSession } from '../../threshold/session.ts';
import { verifySchnorrSignature } from '../signature.ts';
import { SCHNORR_SIGN_PROTOCOL } from './message.ts';
import type { VerifiedSchnorrSignRequest } from './verify.ts';

/** The round name bound into the proofs of decryption shares. */
export const SCHNORR_SIGN_DECRYPTION_ROUND = 'schnorr-sign/decryption-proofs';

/** The ciphertexts the network decrypts for the request: [ct_s]. */
export function schnorrSignCiphertexts(request: VerifiedSchnorrSignRequest): readonly ClCiphertext[] {
  return [request.encryptedResponse];
}

/** The threshold decryption of ct_s in the sign session `sessionId` (the chain's sign session id). */
export function schnorrSignDecryptionSession(
  key: ThresholdPublicKey,
  request: VerifiedSchnorrSignRequest,
  sessionId: Uint8Array,
): DecryptionSession {
  return new DecryptionSession(key, schnorrSignCiphertexts(request), {
    protocol: SCHNORR_SIGN_PROTOCOL,
    sessionId,
    round: SCHNORR_SIGN_DECRYPTION_ROUND,
  });
}

/** The 64-byte signature from the decrypted s, or undefined when it does not verify (a faulty decryption share). */
export function schnorrSignatureFromPlaintext(request: VerifiedSchnorrSignRequest, s: bigint): Uint8Array | undefined {
  const { scheme, signingKey, signedMessage, nonce } = request;
  if (typeof s !== 'bigint' || s < 0n || s >= scheme.curve.order) return undefined;
  const signature = scheme.encodeSignature(nonce, s);
  return verifySchnorrSignature(scheme, signingKey, signedMessage, signature) ? signature : undefined;
}

/**
 * A signature another validator sent: a copy when it is this request's signature (the nonce's
 * encoding, then an s that verifies), else undefined. Reads only public values.
 */
export function checkReceivedSchnorrSignature(request: VerifiedSchnorrSignRequest, bytes: Uint8Array): Uint8Array | undefined {
  const { scheme, signingKey, signedMessage, nonce } = request;
  if (!(bytes instanceof Uint8Array) || bytes.length !== scheme.signatureBytes) return undefined;
  const expectedNonce = scheme.encodeSignature(nonce, 0n).subarray(0, 32);
  if (!equalBytes(bytes.subarray(0, 32), expectedNonce)) return undefined;
  return verifySchnorrSignature(scheme, signingKey, signedMessage, bytes) ? bytes.slice() : undefined;
}

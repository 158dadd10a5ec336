/**
 * Signing, the network's side after verification (PROTOCOL.md §8, "Network"): threshold
 * decryption of ct_A and ct_αβ (mpc/threshold), then
 *     s = pt_αβ⁻¹·pt_A mod q = (k_A/k_B)·(m + r·x),   s ← min(s, q − s),
 * and the signature is verified under X — with its recovery id checked to recover X — before
 * anything is published. The check is the public predicate of the optimistic decryption: when it
 * fails, the validators prove their decryption shares (EDL) and the faulty ones are named
 * (protocols/sign.ts).
 *
 * The decryption context binds the sign session's own id (fixed by the chain request), so shares
 * and their proofs cannot be replayed into another session, even for the same message.
 * @module
 */

import { DWalletError } from '../../errors.ts';
import { modInverse } from '../../numbers/modular.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import { DecryptionSession } from '../../threshold/session.ts';
import { decodeSignature, type EcdsaSignature, encodeSignature, finalizeSignature } from '../signature.ts';
import { SIGN_PROTOCOL } from './message.ts';
import type { VerifiedSignRequest } from './verify.ts';

/** The round name bound into the proofs of decryption shares. */
export const SIGN_DECRYPTION_ROUND = 'sign/decryption-proofs';

/** The threshold decryption of (ct_A, ct_αβ) in the sign session `sessionId`. */
export function signDecryptionSession(key: ThresholdPublicKey, request: VerifiedSignRequest, sessionId: Uint8Array): DecryptionSession {
  return new DecryptionSession(key, [request.encryptedPartialSignature, request.encryptedDisplacedMask], {
    protocol: SIGN_PROTOCOL,
    sessionId,
    round: SIGN_DECRYPTION_ROUND,
  });
}

/**
 * The signature from the plaintexts (pt_A, pt_αβ), or undefined when they do not give a signature
 * that verifies under X and recovers it (a faulty decryption share, or pt_αβ = 0).
 */
export function signatureFromPlaintexts(request: VerifiedSignRequest, plaintexts: readonly bigint[]): EcdsaSignature | undefined {
  const { curve } = request;
  const q = curve.order;
  const [partial, mask] = plaintexts;
  if (partial === undefined || mask === undefined || mask % q === 0n) return undefined;
  const s = (modInverse(mask, q) * partial) % q;
  try {
    return finalizeSignature(curve, request.publicKey, request.digest, request.nonce, s);
  } catch (error) {
    if (error instanceof DWalletError) return undefined;
    throw error;
  }
}

/**
 * A signature another validator sent: the verified request's signature when `bytes` are exactly
 * its encoding (r of the presign's nonce R, the low s that verifies under X, the recovery id that
 * recovers X), else undefined. For fixed (X, m, R) exactly one such encoding exists, so a
 * signature that passes is the one every honest combination gives; the check reads only public
 * values every honest validator holds alike.
 */
export function checkReceivedSignature(request: VerifiedSignRequest, bytes: Uint8Array): EcdsaSignature | undefined {
  const { curve } = request;
  let received: EcdsaSignature;
  try {
    received = decodeSignature(curve, bytes);
  } catch (error) {
    if (error instanceof DWalletError) return undefined;
    throw error;
  }
  // The combination's s is either the low s received or q − s (normalising flips the recovery
  // id's parity with it): finalizeSignature of the right one gives exactly the received encoding.
  for (const s of [received.s, curve.order - received.s]) {
    try {
      const expected = finalizeSignature(curve, request.publicKey, request.digest, request.nonce, s);
      if (encodeSignature(expected).every((byte, i) => byte === bytes[i])) return expected;
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
    }
  }
  return undefined;
}

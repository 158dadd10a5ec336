/**
 * Schnorr signatures checked by an independent implementation, @noble/curves: BIP-340
 * `schnorr.verify(sig, m, x(Q))` for Taproot and RFC 8032 `ed25519.verify(sig, M, A)` for EdDSA
 * (strict: `zip215: false`, so a signature accepted here is accepted by every Ed25519 verifier,
 * ZIP-215 ones included). Every signature the network outputs passes this check first.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { SchnorrError, SchnorrErrorCodes } from './errors.ts';
import type { SchnorrScheme, SchnorrSigningKey } from './scheme.ts';

/** Whether the 64 bytes are a valid signature of the signed message under the key's verification key. */
export function verifySchnorrSignature(scheme: SchnorrScheme, key: SchnorrSigningKey, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== scheme.signatureBytes) return false;
  try {
    return scheme.algorithm === 'taproot'
      ? schnorr.verify(signature, message, key.verificationKey)
      : ed25519.verify(signature, message, key.verificationKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Throws SCHNORR_INVALID_SIGNATURE unless {@link verifySchnorrSignature} holds. */
export function assertSchnorrSignature(scheme: SchnorrScheme, key: SchnorrSigningKey, message: Uint8Array, signature: Uint8Array): void {
  if (!verifySchnorrSignature(scheme, key, message, signature)) {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_SIGNATURE, `the ${scheme.algorithm} signature does not verify`);
  }
}

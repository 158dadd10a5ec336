/**
 * What a Schnorr signature signs, per hash scheme (SPEC-19 decision 3; mpc/signing/algorithms.ts):
 *   Taproot  sha256     m = SHA-256(message), the 32-byte BIP-340 message
 *            prehashed  m = message, exactly 32 bytes (e.g. a BIP-341 sighash)
 *   EdDSA    sha512     M = message itself, 1 to MAX_SIGNED_MESSAGE_BYTES bytes; SHA-512 is the
 *                       hash inside the challenge (eddsa.ts)
 * Every message the chain approves is non-empty and at most MAX_SIGNED_MESSAGE_BYTES long.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HASH_SCHEME_IDS, isHashSchemeOf, signingScheme } from '../signing/algorithms.ts';
import { SchnorrError, SchnorrErrorCodes } from './errors.ts';
import type { SchnorrScheme } from './scheme.ts';

/** The chain's longest message (move/sources/coordinator.move MAX_MESSAGE_LENGTH; a test checks they agree). */
export const MAX_SIGNED_MESSAGE_BYTES = 65_536;
/** A BIP-340 message under the prehashed scheme. */
export const BIP340_MESSAGE_BYTES = 32;

function invalid(message: string, details: Record<string, unknown> = {}): SchnorrError {
  return new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_MESSAGE, message, details);
}

/** Throws unless the scheme offers the hash scheme id. */
export function assertSchnorrHashScheme(scheme: SchnorrScheme, hashScheme: unknown): void {
  if (!isHashSchemeOf(signingScheme(scheme.curve.name, scheme.algorithm), hashScheme)) {
    throw new SchnorrError(
      SchnorrErrorCodes.SCHNORR_UNSUPPORTED_HASH_SCHEME,
      `hash scheme ${String(hashScheme)} is not offered for ${scheme.algorithm}; offered: ${scheme.hashSchemes.join(', ')}`,
      { algorithm: scheme.algorithm, hashScheme },
    );
  }
}

/** The bytes the scheme signs for `message` under `hashScheme` (a copy). */
export function schnorrSignedMessage(scheme: SchnorrScheme, hashScheme: number, message: Uint8Array): Uint8Array {
  assertSchnorrHashScheme(scheme, hashScheme);
  if (!(message instanceof Uint8Array) || message.length === 0)
    throw invalid('the message to sign is empty (the chain refuses empty messages)');
  if (message.length > MAX_SIGNED_MESSAGE_BYTES) {
    throw invalid(`the message is longer than ${MAX_SIGNED_MESSAGE_BYTES} bytes`, { length: message.length });
  }
  switch (hashScheme) {
    case HASH_SCHEME_IDS.SHA256:
      return sha256(message);
    case HASH_SCHEME_IDS.PREHASHED:
      if (message.length !== BIP340_MESSAGE_BYTES) {
        throw invalid(`a prehashed BIP-340 message is exactly ${BIP340_MESSAGE_BYTES} bytes`, { length: message.length });
      }
      return message.slice();
    case HASH_SCHEME_IDS.SHA512:
      // EdDSA signs the message itself; SHA-512 is the hash inside its challenge.
      return message.slice();
    default:
      throw invalid(`hash scheme ${hashScheme} has no Schnorr message`, { hashScheme });
  }
}

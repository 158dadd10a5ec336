/**
 * An EdDSA dWallet's Ed25519 public key A = x·G (PROTOCOL-EXTENSIONS.md §9.1: x is a raw scalar,
 * not an RFC 8032 seed), as the chain records it: the 32-byte encoding of RFC 8032 §5.1.2,
 * parsed strictly (canonical y, a point of the curve) and refused when of small order (such a key
 * would let anyone forge signatures; no dWallet can have one).
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ChainHelperError, ChainHelperErrorCodes } from './errors.ts';

export const ED25519_PUBLIC_KEY_BYTES = 32;

/** A copy of a valid 32-byte Ed25519 public key; throws CLIENT_PUBLIC_KEY_INVALID otherwise. */
export function parseEd25519PublicKey(publicKey: unknown): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new ChainHelperError(ChainHelperErrorCodes.PUBLIC_KEY_INVALID, `an Ed25519 public key is ${ED25519_PUBLIC_KEY_BYTES} bytes`, {
      length: publicKey instanceof Uint8Array ? publicKey.length : null,
    });
  }
  let point: ReturnType<typeof ed25519.Point.fromBytes>;
  try {
    // zip215 = false: only the canonical encoding (y < p) of RFC 8032 §5.1.3
    point = ed25519.Point.fromBytes(publicKey, false);
  } catch (cause) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.PUBLIC_KEY_INVALID,
      'the public key is not the encoding of an Ed25519 point',
      {},
      { cause },
    );
  }
  if (point.isSmallOrder()) {
    throw new ChainHelperError(ChainHelperErrorCodes.PUBLIC_KEY_INVALID, 'the public key is a point of small order');
  }
  return publicKey.slice();
}

/**
 * A dWallet's secp256k1 public key, as the chain records it (33-byte SEC1 compressed) or
 * uncompressed (65 bytes, 0x04 ‖ x ‖ y), parsed and checked to be a point of the curve.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ChainHelperError, ChainHelperErrorCodes } from './errors.ts';

export interface Secp256k1PublicKey {
  /** 33 bytes, 0x02/0x03 ‖ x. */
  readonly compressed: Uint8Array;
  /** 65 bytes, 0x04 ‖ x ‖ y. */
  readonly uncompressed: Uint8Array;
}

/** Parses a 33- or 65-byte SEC1 secp256k1 public key; throws CLIENT_PUBLIC_KEY_INVALID otherwise. */
export function parseSecp256k1PublicKey(publicKey: unknown): Secp256k1PublicKey {
  if (!(publicKey instanceof Uint8Array) || (publicKey.length !== 33 && publicKey.length !== 65)) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.PUBLIC_KEY_INVALID,
      'a secp256k1 public key is 33 (compressed) or 65 (uncompressed) bytes',
      {
        length: publicKey instanceof Uint8Array ? publicKey.length : null,
      },
    );
  }
  let point: ReturnType<typeof secp256k1.Point.fromBytes>;
  try {
    point = secp256k1.Point.fromBytes(publicKey);
    point.assertValidity();
  } catch (cause) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.PUBLIC_KEY_INVALID,
      'the public key is not a point of secp256k1',
      { length: publicKey.length },
      { cause },
    );
  }
  return { compressed: point.toBytes(true), uncompressed: point.toBytes(false) };
}

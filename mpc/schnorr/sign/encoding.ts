/**
 * BCS encoding of the user's Schnorr sign message (PROTOCOL.md §2):
 *
 *     SchnorrUserSignMessage { nonce: Point, response: Scalar }
 *
 * A point of the curve's prime-order group, never the identity (K_A, 33 or 32 bytes), and a scalar
 * below q (z_A, 32 bytes big-endian). Decoding is strict (encoding/decode.ts).
 * @module
 */
import { bcs } from '@mysten/bcs';
import type { Curve } from '../../curves/curve.ts';
import { pointSchema, scalarSchema } from '../../curves/encoding.ts';
import { perCurve } from '../../ecdsa/encoding.ts';
import { decodeExact } from '../../encoding/decode.ts';
import type { SchnorrUserSignMessage } from './message.ts';

const messageSchema = perCurve((curve: Curve) =>
  bcs.struct('SchnorrUserSignMessage', { nonce: pointSchema(curve), response: scalarSchema(curve) }),
);

export function encodeSchnorrUserSignMessage(curve: Curve, message: SchnorrUserSignMessage): Uint8Array {
  return messageSchema(curve).serialize({ nonce: message.nonce, response: message.response }).toBytes();
}

export function decodeSchnorrUserSignMessage(curve: Curve, bytes: Uint8Array): SchnorrUserSignMessage {
  const raw = decodeExact(messageSchema(curve), bytes, 'Schnorr user sign message');
  return Object.freeze({ nonce: raw.nonce, response: raw.response });
}

/**
 * BCS encoding of a Schnorr presign (PROTOCOL.md §2):
 *
 *     SchnorrPresign { curve: u32, algorithm: u32, key_commitment: [u8; 32], session_id: [u8; 32],
 *                      encrypted_nonce_parts: [ClCiphertext; 2], nonce_public_parts: [Point; 2] }
 *
 * Ids are the chain's (mpc/signing/algorithms.ts). Decoding is strict (encoding/decode.ts): the
 * curve and algorithm must be the expected ones and a valid pair, points are in the prime-order
 * group and not the identity, ciphertexts are elements of the key's class group.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../../cl/encoding.ts';
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { pointSchema } from '../../curves/encoding.ts';
import { type AnySchema, bytes32, checkCurve, invalid, pair, perSetup } from '../../ecdsa/encoding.ts';
import { decodeExact } from '../../encoding/decode.ts';
import { curveIdOf, SIGNATURE_ALGORITHM_IDS } from '../../signing/algorithms.ts';
import type { SchnorrAlgorithm } from '../scheme.ts';
import type { SchnorrPresign } from './presign.ts';

const presignSchema = perSetup((curve: Curve, setup: ClassGroupSetup): AnySchema => {
  const ciphertext = ciphertextSchema(setup);
  return bcs.struct('SchnorrPresign', {
    curve: bcs.u32(),
    algorithm: bcs.u32(),
    key_commitment: bytes32,
    session_id: bytes32,
    encrypted_nonce_parts: bcs.fixedArray(2, ciphertext),
    nonce_public_parts: bcs.fixedArray(2, pointSchema(curve)),
  });
});

export function encodeSchnorrPresign(presign: SchnorrPresign, setup: ClassGroupSetup): Uint8Array {
  return presignSchema(presign.curve, setup)
    .serialize({
      curve: curveIdOf(presign.curve),
      algorithm: SIGNATURE_ALGORITHM_IDS[presign.algorithm],
      key_commitment: presign.keyCommitment,
      session_id: presign.sessionId,
      encrypted_nonce_parts: [...presign.encryptedNonceParts],
      nonce_public_parts: [...presign.noncePublicParts],
    })
    .toBytes();
}

/** Decodes a presign of `algorithm` on `curve` under the setup's class group. */
export function decodeSchnorrPresign(curve: Curve, algorithm: SchnorrAlgorithm, setup: ClassGroupSetup, bytes: Uint8Array): SchnorrPresign {
  const what = 'Schnorr presign';
  const raw = decodeExact(presignSchema(curve, setup), bytes, what);
  checkCurve(curve, raw.curve, what);
  if (raw.algorithm !== SIGNATURE_ALGORITHM_IDS[algorithm])
    throw invalid(what, `made for algorithm ${raw.algorithm}, expected ${algorithm}`);
  return Object.freeze({
    curve,
    algorithm,
    keyCommitment: new Uint8Array(raw.key_commitment),
    sessionId: new Uint8Array(raw.session_id),
    encryptedNonceParts: pair<ClCiphertext>(raw.encrypted_nonce_parts, what),
    noncePublicParts: pair<CurvePoint>(raw.nonce_public_parts, what),
  });
}

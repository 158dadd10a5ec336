/**
 * BCS encoding of a presign (PROTOCOL.md §7), universal or targeted at one dWallet. Layout:
 * mpc/ecdsa/messages.ts.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../../cl/encoding.ts';
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { pointSchema } from '../../curves/encoding.ts';
import { decodeExact } from '../../encoding/decode.ts';
import { curveIdOf } from '../../signing/algorithms.ts';
import { type AnySchema, bytes32, checkCurve, pair, perSetup } from '../encoding.ts';
import type { Presign } from './presign.ts';

const presignSchema = perSetup((curve: Curve, setup: ClassGroupSetup): AnySchema => {
  const point = pointSchema(curve);
  const ciphertext = ciphertextSchema(setup);
  return bcs.struct('Presign', {
    curve: bcs.u32(),
    key_commitment: bytes32,
    session_id: bytes32,
    encrypted_mask: ciphertext,
    encrypted_masked_nonce_parts: bcs.fixedArray(2, ciphertext),
    nonce_public_parts: bcs.fixedArray(2, point),
    kind: bcs.enum('PresignKind', {
      Universal: bcs.struct('UniversalPresign', { encrypted_masked_key_parts: bcs.fixedArray(2, ciphertext) }),
      Targeted: bcs.struct('TargetedPresign', { dwallet_public_key: point, target: bytes32, encrypted_masked_key_share: ciphertext }),
    }),
  });
});

export function encodePresign(presign: Presign, setup: ClassGroupSetup): Uint8Array {
  return presignSchema(presign.curve, setup)
    .serialize({
      curve: curveIdOf(presign.curve),
      key_commitment: presign.keyCommitment,
      session_id: presign.sessionId,
      encrypted_mask: presign.encryptedMask,
      encrypted_masked_nonce_parts: [...presign.encryptedMaskedNonceParts],
      nonce_public_parts: [...presign.noncePublicParts],
      kind:
        presign.kind === 'universal'
          ? { Universal: { encrypted_masked_key_parts: [...presign.encryptedMaskedKeyParts] } }
          : {
              Targeted: {
                dwallet_public_key: presign.dwalletPublicKey,
                target: presign.target,
                encrypted_masked_key_share: presign.encryptedMaskedKeyShare,
              },
            },
    })
    .toBytes();
}

export function decodePresign(curve: Curve, setup: ClassGroupSetup, bytes: Uint8Array): Presign {
  const what = 'presign';
  const raw = decodeExact(presignSchema(curve, setup), bytes, what);
  checkCurve(curve, raw.curve, what);
  const base = {
    curve,
    keyCommitment: new Uint8Array(raw.key_commitment),
    sessionId: new Uint8Array(raw.session_id),
    encryptedMask: raw.encrypted_mask as ClCiphertext,
    encryptedMaskedNonceParts: pair<ClCiphertext>(raw.encrypted_masked_nonce_parts, what),
    noncePublicParts: pair<CurvePoint>(raw.nonce_public_parts, what),
  };
  if (raw.kind.$kind === 'Universal') {
    return Object.freeze({
      ...base,
      kind: 'universal',
      encryptedMaskedKeyParts: pair<ClCiphertext>(raw.kind.Universal.encrypted_masked_key_parts, what),
    });
  }
  return Object.freeze({
    ...base,
    kind: 'targeted',
    dwalletPublicKey: raw.kind.Targeted.dwallet_public_key,
    target: new Uint8Array(raw.kind.Targeted.target),
    encryptedMaskedKeyShare: raw.kind.Targeted.encrypted_masked_key_share,
  });
}

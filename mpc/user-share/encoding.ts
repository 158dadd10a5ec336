/**
 * BCS encodings of the user share's on-chain values (PROTOCOL.md §2): the proof of knowledge of a
 * user's CL secret key (registration) and an encrypted user share, {ciphertext, EncDL proof}
 * (backup and transfer). The chain stores both as opaque bytes; these schemas are the only reading
 * of them. Every decoder takes exactly one canonical value (encoding/decode.ts decodeExact:
 * truncated input, trailing bytes and non-canonical bytes are refused), and every decoded form is
 * an element of the setup's group (reduced, primitive, of Δ_q, a square class), every point a
 * point of the curve's prime-order subgroup other than the identity, every response within the
 * bound an honest prover respects (proofs/encoding.ts).
 *
 *   EncryptionKeyProof   = CLKeyDL::MaurerProof { mask: (Form), responses: (BigInt) }
 *   EncryptedUserShare   = { ciphertext: ClCiphertext { c1: Form, c2: Form },
 *                            proof: EncDL::MaurerProof { mask: (Form, Form, Point), responses: (Scalar, BigInt) } }
 * @module
 */
import { bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../cl/encoding.ts';
import { clPublicKey } from '../cl/keys.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import type { Curve } from '../curves/curve.ts';
import { type AnySchema, perSetup } from '../ecdsa/encoding.ts';
import { decodeExact } from '../encoding/decode.ts';
import { maurerProofSchema } from '../proofs/encoding.ts';
import { encDlLanguage } from '../proofs/languages/enc-dl.ts';
import type { MaurerProof } from '../proofs/maurer.ts';
import type { EncryptedUserShare } from './encrypted-share.ts';
import { clKeyLanguage } from './encryption-key.ts';

const keyProofSchemas = new WeakMap<ClassGroupSetup, AnySchema>();

/** The schema of a registration's proof in `setup` (memoised). */
function keyProofSchema(setup: ClassGroupSetup): AnySchema {
  let schema = keyProofSchemas.get(setup);
  if (schema === undefined) {
    schema = maurerProofSchema(clKeyLanguage(setup), 1);
    keyProofSchemas.set(setup, schema);
  }
  return schema;
}

export function encodeEncryptionKeyProof(setup: ClassGroupSetup, proof: MaurerProof): Uint8Array {
  return keyProofSchema(setup).serialize(proof).toBytes();
}

export function decodeEncryptionKeyProof(setup: ClassGroupSetup, bytes: Uint8Array): MaurerProof {
  return decodeExact(keyProofSchema(setup), bytes, 'user encryption key proof') as MaurerProof;
}

/**
 * The schema of an encrypted share on (curve, setup). The proof's shape depends on the curve and
 * the setup only, not on the recipient's key, so the EncDL language it is built from takes h as a
 * stand-in key (as ecdsa/dkg/encoding.ts does); the setup must be the curve's (q equal), or
 * building the language throws.
 */
const encryptedShareSchema = perSetup(
  (curve: Curve, setup: ClassGroupSetup) =>
    bcs.struct('EncryptedUserShare', {
      ciphertext: ciphertextSchema(setup),
      proof: maurerProofSchema(encDlLanguage(curve, clPublicKey(setup, setup.h)), 1),
    }) as AnySchema,
);

export function encodeEncryptedUserShare(curve: Curve, setup: ClassGroupSetup, share: EncryptedUserShare): Uint8Array {
  return encryptedShareSchema(curve, setup).serialize({ ciphertext: share.ciphertext, proof: share.proof }).toBytes();
}

export function decodeEncryptedUserShare(curve: Curve, setup: ClassGroupSetup, bytes: Uint8Array): EncryptedUserShare {
  const raw = decodeExact(encryptedShareSchema(curve, setup), bytes, 'encrypted user share') as EncryptedUserShare;
  return Object.freeze({ ciphertext: raw.ciphertext, proof: raw.proof });
}

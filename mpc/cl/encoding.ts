/**
 * BCS encodings of CL public keys (one form) and ciphertexts (two forms), bound to a setup:
 * a decoded value is always a valid element of that setup's class group.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { formSchema } from '../classgroups/encoding.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { decodeExact } from '../encoding/decode.ts';
import type { ClCiphertext } from './encryption.ts';
import { type ClPublicKey, clPublicKey, clPublicKeyForOneUse } from './keys.ts';

const cache = new WeakMap<ClassGroupSetup, BcsType<ClCiphertext, ClCiphertext>>();

/** The schema of ciphertexts of `setup` (memoised). */
export function ciphertextSchema(setup: ClassGroupSetup): BcsType<ClCiphertext, ClCiphertext> {
  const known = cache.get(setup);
  if (known !== undefined) return known;
  const form = formSchema(setup.group);
  const schema = bcs.struct('ClCiphertext', { c1: form, c2: form });
  cache.set(setup, schema);
  return schema;
}

export function encodeClPublicKey(publicKey: ClPublicKey): Uint8Array {
  return formSchema(publicKey.setup.group).serialize(publicKey.form).toBytes();
}

export function decodeClPublicKey(setup: ClassGroupSetup, bytes: Uint8Array): ClPublicKey {
  return clPublicKey(setup, decodeExact(formSchema(setup.group), bytes, 'CL public key'));
}

/** As {@link decodeClPublicKey}, for a key used once (keys.ts clPublicKeyForOneUse: no table, not memoised). */
export function decodeClPublicKeyForOneUse(setup: ClassGroupSetup, bytes: Uint8Array): ClPublicKey {
  return clPublicKeyForOneUse(setup, decodeExact(formSchema(setup.group), bytes, 'CL public key'));
}

export function encodeClCiphertext(setup: ClassGroupSetup, ciphertext: ClCiphertext): Uint8Array {
  return ciphertextSchema(setup).serialize(ciphertext).toBytes();
}

export function decodeClCiphertext(setup: ClassGroupSetup, bytes: Uint8Array): ClCiphertext {
  return decodeExact(ciphertextSchema(setup), bytes, 'CL ciphertext');
}

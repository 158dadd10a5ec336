/**
 * Ed25519 for envelopes, through Node's native implementation (OpenSSL) where it gives the same
 * answer as @noble/curves, which decides otherwise. Signing and verifying every envelope with
 * @noble/curves took about a tenth of a validator's main thread on the devnet (profile of
 * `npm run bench -- network`); OpenSSL does each in tens of microseconds.
 *
 *  - Signing: Ed25519 signatures are deterministic (RFC 8032 §5.1.6), so OpenSSL's signature is
 *    byte for byte the one @noble/curves makes (test/validator/envelope.test.ts checks it).
 *  - Verifying: the verdict stays @noble/curves' (ZIP-215 rules, its default), which every
 *    validator must share for the same envelope. OpenSSL verifies by RFC 8032's strict rules
 *    (canonical encodings, the cofactorless equation [S]B = R + [k]A), and every signature valid
 *    under them is valid under ZIP-215 (ZIP-215 §"Specification": the criteria accept a superset),
 *    so an OpenSSL "valid" is final; only an OpenSSL "invalid" — forged or malformed envelopes,
 *    never an honest peer's — is judged again by @noble/curves. The verdict is therefore exactly
 *    @noble/curves', at OpenSSL's cost for every honest envelope.
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** DER prefixes of an Ed25519 key (RFC 8410 §7): SubjectPublicKeyInfo and PKCS #8 around the 32 raw bytes. */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const KEY_LENGTH = 32;
/** Public keys kept as key objects (peers' keys; forged envelopes bring new ones, so the map is bounded). */
const CACHED_KEYS = 1024;

const publicKeys = new Map<string, KeyObject | null>();
const secretKeys = new WeakMap<Uint8Array, KeyObject>();

function der(prefix: Uint8Array, key: Uint8Array): Buffer {
  const out = Buffer.alloc(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

/** The key object of a raw public key, or null when OpenSSL refuses the bytes (not a point encoding it takes). */
function publicKeyObject(key: Uint8Array): KeyObject | null {
  const id = bytesToHex(key);
  const cached = publicKeys.get(id);
  if (cached !== undefined) return cached;
  let object: KeyObject | null;
  try {
    object = createPublicKey({ key: der(SPKI_PREFIX, key), format: 'der', type: 'spki' });
  } catch {
    object = null;
  }
  if (publicKeys.size >= CACHED_KEYS) publicKeys.delete(publicKeys.keys().next().value as string);
  publicKeys.set(id, object);
  return object;
}

/** The Ed25519 signature of `message` by the 32-byte secret key (seed) `secretKey` (RFC 8032 §5.1.6). */
export function ed25519Sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  let key = secretKeys.get(secretKey);
  if (key === undefined) {
    key = createPrivateKey({ key: der(PKCS8_PREFIX, secretKey), format: 'der', type: 'pkcs8' });
    secretKeys.set(secretKey, key);
  }
  return new Uint8Array(sign(null, message, key));
}

/** Whether `signature` verifies over `message` under `publicKey`, by @noble/curves' rules (see the module comment). */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKey.length === KEY_LENGTH && signature.length === 2 * KEY_LENGTH) {
    const key = publicKeyObject(publicKey);
    if (key !== null && verify(null, message, key, signature)) return true;
  }
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

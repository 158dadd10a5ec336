/**
 * A wallet's signature used as key material (the user-share root seed, client/user-share-keys.ts;
 * a wallet-keyed secret store, client/secret-store-key-source.ts) must be the same every time it is
 * asked for, or the keys it derives change from one session to the next and lock the user out. So
 * the message is signed twice and the two raw signatures compared: a signer with randomised
 * signatures is caught at once, before anything is encrypted under a key no later session can derive.
 * @module
 */
import { parseSerializedSignature } from '@mysten/sui/cryptography';
import { equalBytes } from '@noble/curves/utils.js';

/** The raw signature bytes of a Sui serialized signature (base64: flag ‖ signature ‖ public key). */
export function rawSuiSignature(serialized: string): Uint8Array {
  return parseSerializedSignature(serialized).signature as Uint8Array;
}

/**
 * `message` signed twice by `sign`: the first serialized signature and its raw bytes (read by
 * `raw`, which may refuse a signature), or undefined when the two raw signatures differ.
 */
export async function signTwiceAlike(
  sign: (message: Uint8Array) => Promise<string>,
  message: Uint8Array,
  raw: (serialized: string) => Uint8Array = rawSuiSignature,
): Promise<{ readonly serialized: string; readonly raw: Uint8Array } | undefined> {
  const first = await sign(message);
  const second = await sign(message);
  const a = raw(first);
  return equalBytes(a, raw(second)) ? { serialized: first, raw: a } : undefined;
}

/**
 * The user's share-encryption keys (PROTOCOL.md §7, encrypted backup; README "Backup, recovery and
 * transfer"): one class-group key pair per curve, derived from a 32-byte root seed, so that a new
 * machine with the same seed and the chain alone recovers every backed-up share.
 *
 * The root seed comes from the user's Sui key unless the caller gives one: the Sui signer signs the
 * fixed personal message {@link USER_SHARE_SEED_MESSAGE}, and
 *   seed = cSHAKE256(signature, personalization "dwallet/user-share/root-seed/v1", 32 bytes).
 * Sui's signatures are deterministic (Ed25519 by RFC 8032; Sui's secp256k1 and secp256r1 signers use
 * RFC 6979 nonces), so the same key gives the same seed on every machine, and a browser wallet that
 * signs personal messages gives it too without handing out its key. The signature is made twice and
 * compared: a signer whose signatures are randomised cannot be a seed (its keys would change on every
 * run), and is refused with USER_SHARE_SEED_NOT_DETERMINISTIC rather than producing a key that
 * encrypts backups nobody can open later. Anyone who obtains that one signature can derive the keys:
 * the message says so to the person asked to sign it.
 *
 * The seed and the secret keys are secrets: kept in memory only, never logged. Deriving a key draws
 * its exponent from a DRBG over the seed (mpc/cl/keys.ts `clKeyGenFromSeed`); the class-group
 * exponentiation that makes the public key is variable time (mpc/classgroups/exponentiation.ts),
 * observable only on the user's own machine.
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ClKeyPair } from '../mpc/cl/keys.ts';
import type { ClassGroupSetup } from '../mpc/classgroups/setup.ts';
import { userEncryptionKeyPair } from '../mpc/user-share/index.ts';
import { signTwiceAlike } from './deterministic-signature.ts';
import { ClientError, ClientErrorCodes } from './errors.ts';

/** The personal message whose signature by the user's Sui key is the root seed's input. */
export const USER_SHARE_SEED_MESSAGE = 'dWallet user-share encryption key, version 1. Sign only in a dWallet app.';

const ROOT_SEED_LABEL = 'dwallet/user-share/root-seed/v1';
export const ROOT_SEED_LENGTH = 32;

/** The root seed of a signature over {@link USER_SHARE_SEED_MESSAGE}. */
export function rootSeedOfSignature(signature: Uint8Array): Uint8Array {
  return cshake256(signature, { personalization: utf8ToBytes(ROOT_SEED_LABEL), dkLen: ROOT_SEED_LENGTH });
}

/** The user's key pairs, one per class-group setup (curve), derived on first use and kept. */
export class UserShareKeys {
  readonly #seed: Uint8Array;
  readonly #pairs = new WeakMap<ClassGroupSetup, ClKeyPair>();

  private constructor(seed: Uint8Array) {
    this.#seed = seed;
  }

  /** Keys from a root seed the caller keeps (32 bytes). */
  static fromSeed(seed: Uint8Array): UserShareKeys {
    if (!(seed instanceof Uint8Array) || seed.length !== ROOT_SEED_LENGTH) {
      throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, `a user-share root seed is ${ROOT_SEED_LENGTH} bytes`);
    }
    return new UserShareKeys(seed.slice());
  }

  /**
   * Keys from the Sui signer's signature over {@link USER_SHARE_SEED_MESSAGE}.
   *
   * Errors: USER_SHARE_SEED_NOT_DETERMINISTIC (two signatures of the message differ).
   */
  static async fromSigner(signer: Signer): Promise<UserShareKeys> {
    const signature = await signTwiceAlike(
      async (message) => (await signer.signPersonalMessage(message)).signature,
      utf8ToBytes(USER_SHARE_SEED_MESSAGE),
    );
    if (signature === undefined) {
      throw new ClientError(
        ClientErrorCodes.USER_SHARE_SEED_NOT_DETERMINISTIC,
        'the Sui signer signs the same message differently each time, so its signature cannot seed the share-encryption keys; give a root seed instead',
      );
    }
    return new UserShareKeys(rootSeedOfSignature(signature.raw));
  }

  /** The key pair on the curve of `setup` (its class-group setup). */
  keyPair(setup: ClassGroupSetup): ClKeyPair {
    let pair = this.#pairs.get(setup);
    if (pair === undefined) {
      pair = userEncryptionKeyPair(setup, this.#seed);
      this.#pairs.set(setup, pair);
    }
    return pair;
  }
}

/**
 * A deterministic random bit generator: cSHAKE256 (NIST SP 800-185) absorbing a domain label and
 * a seed, then squeezed as an extendable-output function.
 *
 * Used where every party must derive the same values from public inputs (class-group setup from
 * the curve order) and where a key is derived from a 32-byte seed. The label separates uses, so
 * one seed never yields the same stream for two purposes.
 * @module
 */
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { RandomSource } from './random.ts';

type Xof = ReturnType<typeof cshake256.create>;

export class Drbg implements RandomSource {
  readonly #xof: Xof;

  /**
   * @param label domain separation, e.g. `"dwallet/classgroups/setup/v1"`
   * @param seed the seed bytes (public or secret; a secret seed must have ≥ 256 bits of entropy)
   */
  constructor(label: string, seed: Uint8Array) {
    this.#xof = cshake256.create({ personalization: utf8ToBytes(label) });
    // Length-prefix the seed so that (label, seed) pairs never collide by concatenation.
    const length = new Uint8Array(8);
    new DataView(length.buffer).setBigUint64(0, BigInt(seed.length), false);
    this.#xof.update(length);
    this.#xof.update(seed);
  }

  bytes(length: number): Uint8Array {
    return this.#xof.xof(length);
  }
}

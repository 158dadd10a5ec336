/**
 * The Fiat–Shamir transcript every proof and derived randomizer uses (PROTOCOL.md §2).
 *
 * A running cSHAKE256 (NIST SP 800-185) state, customised with `dwallet/transcript/v1` and the
 * protocol label. Every absorbed item is framed as (label length ‖ label ‖ data length ‖ data), so
 * no two different sequences of items hash alike. A challenge is squeezed from a copy of the state
 * after absorbing its own label; the challenge bytes are then absorbed, so every later challenge
 * depends on every earlier one.
 * @module
 */
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ErrorCodes, ParameterError } from './errors.ts';
import { bytesToBigint } from './numbers/bytes.ts';

type Xof = ReturnType<typeof cshake256.create>;

/** κ: bits of a proof challenge. */
export const CHALLENGE_BITS = 128;
/** Extra bits squeezed before reducing mod q, so that the reduction's bias is ≤ 2^−192. */
export const REDUCTION_EXTRA_BITS = 192;

function lengthPrefix(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), false);
  return out;
}

/**
 * The bytes {@link Transcript.append} absorbs for (label, data): label length ‖ label ‖ data
 * length ‖ data, lengths as 8-byte big-endian. Items framed here and concatenated can be absorbed
 * with one {@link Transcript.appendFramed} call: the sponge sees the same byte stream either way.
 */
export function framedItem(label: string, data: Uint8Array): Uint8Array {
  const labelBytes = utf8ToBytes(label);
  const out = new Uint8Array(16 + labelBytes.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(4, labelBytes.length, false);
  out.set(labelBytes, 8);
  view.setUint32(12 + labelBytes.length, data.length, false);
  out.set(data, 16 + labelBytes.length);
  return out;
}

export class Transcript {
  #state: Xof;

  /** A transcript for `protocol` (or, internally, a copy of an existing state). */
  constructor(protocol: string, state?: Xof) {
    if (state !== undefined) {
      this.#state = state;
      return;
    }
    this.#state = cshake256.create({ personalization: utf8ToBytes('dwallet/transcript/v1') });
    this.append('protocol', utf8ToBytes(protocol));
  }

  /** Absorb a labelled byte string. */
  append(label: string, data: Uint8Array): this {
    const labelBytes = utf8ToBytes(label);
    this.#state.update(lengthPrefix(labelBytes.length));
    this.#state.update(labelBytes);
    this.#state.update(lengthPrefix(data.length));
    this.#state.update(data);
    return this;
  }

  /**
   * Absorb items already framed by {@link framedItem} (concatenated): the same state as appending
   * each item. For hot loops that hash many variants of a few items (Fischlin's search).
   */
  appendFramed(items: Uint8Array): this {
    this.#state.update(items);
    return this;
  }

  /** Absorb a labelled unsigned integer < 2^53 (party ids, counts, indices). */
  appendNumber(label: string, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `transcript: ${label} must be a non-negative integer`);
    return this.append(label, lengthPrefix(value));
  }

  /** `length` pseudo-random bytes bound to everything absorbed so far and to `label`. */
  challengeBytes(label: string, length: number): Uint8Array {
    this.append('challenge', utf8ToBytes(label));
    const out = this.#state.clone().xof(length);
    this.append('challenge-output', out);
    return out;
  }

  /** A challenge integer in [0, 2^bits). */
  challengeInteger(label: string, bits: number = CHALLENGE_BITS): bigint {
    const bytes = this.challengeBytes(label, Math.ceil(bits / 8));
    const excess = bytes.length * 8 - bits;
    bytes[0] = (bytes[0] as number) & (0xff >> excess);
    return bytesToBigint(bytes);
  }

  /** A challenge uniform mod q up to 2^−192: |q| + 192 bits reduced mod q. */
  challengeScalar(label: string, q: bigint): bigint {
    const bits = q.toString(2).length + REDUCTION_EXTRA_BITS;
    return this.challengeInteger(label, bits) % q;
  }

  /** An independent copy (for Fischlin's per-repetition hashes). */
  fork(): Transcript {
    return new Transcript('', this.#state.clone());
  }
}

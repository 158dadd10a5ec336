/**
 * Languages for Maurer proofs (PROTOCOL.md §5): a language is a group homomorphism
 * φ: witness group → statement group, here between products of simple factors.
 *
 * Witness factors are scalars mod q (curve exponents) or bounded integers (class-group exponents,
 * |w| < 2^bits). Statement factors are curve points or class-group forms. A scalar witness may
 * also act on forms of the message subgroup F (order q), which is why EncDL can take x mod q.
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import type { ClassGroup } from '../classgroups/group.ts';
import type { Curve, CurvePoint, Secrecy } from '../curves/curve.ts';

export type WitnessFactor = { readonly kind: 'scalar' } | { readonly kind: 'integer'; readonly bits: number };

export type StatementFactor = { readonly kind: 'point'; readonly curve: Curve } | { readonly kind: 'form'; readonly group: ClassGroup };

export type GroupValue = CurvePoint | Form;

/** One witness: a bigint per witness factor (scalars in [0, q), integers with |w| < 2^bits). */
export type Witness = readonly bigint[];

/** One statement: a group value per statement factor. */
export type Statement = readonly GroupValue[];

export interface Language {
  /** The language's name, bound into every transcript (e.g. "EncDL"). */
  readonly name: string;
  readonly witness: readonly WitnessFactor[];
  readonly statement: readonly StatementFactor[];
  /** q, the modulus of scalar witness factors. */
  readonly scalarOrder: bigint;
  /** Canonical bytes of the public parameters (bases, keys, ciphertexts), bound into transcripts. */
  readonly publicParameters: Uint8Array;
  /**
   * φ(w). Must be a homomorphism: φ(Σ cᵢ·wᵢ) = Σ cᵢ·φ(wᵢ) for integer cᵢ, with scalar factors
   * taken mod q and integer factors over ℤ. Evaluated on secrets by provers (`secrecy` 'secret',
   * the default: constant-time curve multiplication; class-group exponentiation is variable time
   * either way, see classgroups/exponentiation.ts) and on public responses by verifiers
   * ('public': variable-time curve multiplication). Both give the same values.
   */
  map(witness: Witness, secrecy?: Secrecy): GroupValue[];
}

/** The scalar factor. */
export const SCALAR: WitnessFactor = Object.freeze({ kind: 'scalar' });

/** An integer factor with |w| < 2^bits. */
export function integerFactor(bits: number): WitnessFactor {
  return Object.freeze({ kind: 'integer', bits });
}

export function pointFactor(curve: Curve): StatementFactor {
  return Object.freeze({ kind: 'point', curve });
}

export function formFactor(group: ClassGroup): StatementFactor {
  return Object.freeze({ kind: 'form', group });
}

/** Canonical public-parameter bytes: each part length-prefixed (8 bytes, big-endian), then concatenated. */
export function encodePublicParameters(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + 8 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setBigUint64(offset, BigInt(part.length), false);
    out.set(part, offset + 8);
    offset += 8 + part.length;
  }
  return out;
}

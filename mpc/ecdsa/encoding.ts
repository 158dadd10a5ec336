/**
 * What the ECDSA codecs (dkg/encoding.ts, presign/encoding.ts, sign/encoding.ts) share: schemas
 * built once per curve or per (class-group setup, curve), and the checks every decoder makes of
 * what the bytes claim about themselves. Errors are EncodingErrors (ENCODING_*).
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import type { Curve } from '../curves/curve.ts';
import { EncodingError, ErrorCodes } from '../errors.ts';
import { curveIdOf } from '../signing/algorithms.ts';

// biome-ignore lint/suspicious/noExplicitAny: schemas of heterogeneous structs are cached together
export type AnySchema = BcsType<any, any>;

export const bytes32 = bcs.bytes(32);

export function invalid(what: string, message: string): EncodingError {
  return new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${what}: ${message}`);
}

/** Schemas that depend on the curve only, built on first use. */
export function perCurve<T>(build: (curve: Curve) => T): (curve: Curve) => T {
  const cache = new Map<string, T>();
  return (curve) => {
    let known = cache.get(curve.name);
    if (known === undefined) {
      known = build(curve);
      cache.set(curve.name, known);
    }
    return known;
  };
}

/** Schemas that depend on the curve and the class-group setup, built on first use. */
export function perSetup<T>(build: (curve: Curve, setup: ClassGroupSetup) => T): (curve: Curve, setup: ClassGroupSetup) => T {
  const cache = new WeakMap<ClassGroupSetup, Map<string, T>>();
  return (curve, setup) => {
    let byCurve = cache.get(setup);
    if (byCurve === undefined) {
      byCurve = new Map();
      cache.set(setup, byCurve);
    }
    let known = byCurve.get(curve.name);
    if (known === undefined) {
      known = build(curve, setup);
      byCurve.set(curve.name, known);
    }
    return known;
  };
}

export function checkCurve(curve: Curve, id: number, what: string): void {
  if (id !== curveIdOf(curve)) throw invalid(what, `made for curve ${id}, expected ${curve.name}`);
}

export function optional<T>(value: T | null | undefined): T | undefined {
  return value === null || value === undefined ? undefined : value;
}

export function pair<T>(values: readonly T[], what: string): readonly [T, T] {
  const [first, second] = values;
  if (first === undefined || second === undefined || values.length !== 2) throw invalid(what, 'two values expected');
  return [first, second];
}

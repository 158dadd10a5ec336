/**
 * BCS schemas of curve points (compressed SEC1, 33 bytes; ed25519, 32 bytes) and scalars
 * (32 bytes big-endian, < q). Decoding is strict (see curves/curve.ts): a decoded point is on the
 * curve, in the prime-order subgroup and not the identity; a decoded scalar is below q.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import type { Curve, CurvePoint } from './curve.ts';

const points = new WeakMap<Curve, BcsType<CurvePoint, CurvePoint>>();
const scalars = new WeakMap<Curve, BcsType<bigint, bigint>>();

export function pointSchema(curve: Curve): BcsType<CurvePoint, CurvePoint> {
  let schema = points.get(curve);
  if (schema === undefined) {
    schema = bcs.bytes(curve.pointBytes).transform<CurvePoint, CurvePoint>({
      input: (point) => curve.encodePoint(point),
      output: (bytes) => curve.decodePoint(new Uint8Array(bytes)),
    });
    points.set(curve, schema);
  }
  return schema;
}

export function scalarSchema(curve: Curve): BcsType<bigint, bigint> {
  let schema = scalars.get(curve);
  if (schema === undefined) {
    schema = bcs.bytes(curve.scalarBytes).transform<bigint, bigint>({
      input: (k) => curve.encodeScalar(k),
      output: (bytes) => curve.decodeScalar(new Uint8Array(bytes)),
    });
    scalars.set(curve, schema);
  }
  return schema;
}

/**
 * The elliptic curves this project signs on, behind one small interface so that every protocol is
 * written once and instantiated per curve (as `@noble/curves` does with `abstract/weierstrass`).
 *
 * Arithmetic, encodings and hash-to-curve come from `@noble/curves`; this module adds what the
 * protocols need uniformly: strict decoding of points and scalars with typed errors, a constant-
 * time multiplication that accepts 0, variable-time multiplication for public values, and
 * multi-scalar multiplication.
 * @module
 */
import { interleavedMSMUnsafe, pippenger } from '@noble/curves/abstract/curve.js';
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import { p256, p256_hasher } from '@noble/curves/nist.js';
import { secp256k1, secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { EncodingError, ErrorCodes, ParameterError } from '../errors.ts';

export const CURVE_NAMES = ['secp256k1', 'p256', 'ed25519'] as const;
export type CurveName = (typeof CURVE_NAMES)[number];

/** A point of a prime-order group (the curve's prime-order subgroup for ed25519). */
export interface CurvePoint {
  add(other: CurvePoint): CurvePoint;
  subtract(other: CurvePoint): CurvePoint;
  negate(): CurvePoint;
  equals(other: CurvePoint): boolean;
  is0(): boolean;
  toBytes(): Uint8Array;
}

/**
 * Whether a scalar is a secret (multiplied in constant time) or public (variable time, faster): a
 * prover evaluates a language on its secret witness and masks, a verifier on public responses.
 */
export type Secrecy = 'secret' | 'public';

/** `curve.multiply` for secret scalars, `curve.multiplyPublic` for public ones. */
export function multiplyAs(curve: Curve, secrecy: Secrecy = 'secret'): (point: CurvePoint, k: bigint) => CurvePoint {
  return secrecy === 'public' ? (point, k) => curve.multiplyPublic(point, k) : (point, k) => curve.multiply(point, k);
}

export interface Curve {
  readonly name: CurveName;
  /** q, the prime order of the group. */
  readonly order: bigint;
  /** Bytes of an encoded point: 33 (compressed SEC1) or 32 (ed25519). */
  readonly pointBytes: number;
  /** Bytes of an encoded scalar (32, big-endian). */
  readonly scalarBytes: number;
  readonly generator: CurvePoint;
  readonly identity: CurvePoint;
  /** k·P, constant time in k (k any integer, reduced mod q; 0 gives the identity). For secrets. */
  multiply(point: CurvePoint, k: bigint): CurvePoint;
  /** k·P, variable time. For public scalars only. */
  multiplyPublic(point: CurvePoint, k: bigint): CurvePoint;
  /** Σ kᵢ·Pᵢ, variable time (interleaved windows; Pippenger for very many points). For public scalars only. */
  multiScalarMultiply(points: readonly CurvePoint[], scalars: readonly bigint[]): CurvePoint;
  /** A point nobody knows the discrete logarithm of, from a label (RFC 9380 hash-to-curve). */
  hashToCurve(label: string): CurvePoint;
  encodePoint(point: CurvePoint): Uint8Array;
  /** Strict decoding: on the curve, in the prime-order subgroup, not the identity. */
  decodePoint(bytes: Uint8Array): CurvePoint;
  encodeScalar(k: bigint): Uint8Array;
  /** Strict decoding: exactly 32 bytes, big-endian, < q. */
  decodeScalar(bytes: Uint8Array): bigint;
}

/** The noble point constructor shape this module relies on (shared by Weierstrass and Edwards points). */
interface NoblePointCons {
  readonly BASE: NoblePoint;
  readonly ZERO: NoblePoint;
  readonly Fn: { readonly ORDER: bigint };
  fromBytes(bytes: Uint8Array): NoblePoint;
}
interface NoblePoint extends CurvePoint {
  multiply(k: bigint): NoblePoint;
  multiplyUnsafe(k: bigint): NoblePoint;
  isTorsionFree(): boolean;
  precompute(windowSize?: number, isLazy?: boolean): NoblePoint;
  assertValidity(): void;
}
interface NobleHasher {
  hashToCurve(msg: Uint8Array, options?: { DST: Uint8Array | string }): unknown;
}

/** Up to this many points, multi-scalar multiplication uses interleaved windows, then Pippenger. */
const INTERLEAVED_MSM_MAX_POINTS = 1024;
/** Window of the interleaved multi-scalar multiplication (measured best for 128- to 256-bit scalars). */
const INTERLEAVED_MSM_WINDOW = 5;
/** Window of the precomputed tables of hashed generators (noble's default for G). */
const HASHED_POINT_WINDOW = 8;

function makeCurve(name: CurveName, Point: NoblePointCons, hasher: NobleHasher, pointBytes: number): Curve {
  const order = Point.Fn.ORDER;
  const reduce = (k: bigint) => {
    const r = k % order;
    return r < 0n ? r + order : r;
  };
  const asNoble = (p: CurvePoint) => p as NoblePoint;
  const hashed = new Map<string, CurvePoint>();
  const curve: Curve = {
    name,
    order,
    pointBytes,
    scalarBytes: 32,
    generator: Point.BASE,
    identity: Point.ZERO,
    multiply(point, k) {
      const r = reduce(k);
      return r === 0n ? Point.ZERO : asNoble(point).multiply(r);
    },
    multiplyPublic(point, k) {
      return asNoble(point).multiplyUnsafe(reduce(k));
    },
    multiScalarMultiply(points, scalars) {
      if (points.length !== scalars.length)
        throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'MSM: points and scalars differ in number');
      if (points.length === 0) return Point.ZERO;
      // noble's types are generic over the point class; ours are the same objects.
      const reduced = scalars.map(reduce);
      // Straus' interleaved signed windows (one shared doubling chain, 8 odd multiples per point)
      // beat noble's unsigned bucket method (Pippenger) up to about a thousand points: 2–3× for
      // one to eight points, 1.5× for the 128 of a batch verification of 64 proofs.
      if (points.length <= INTERLEAVED_MSM_MAX_POINTS) {
        return interleavedMSMUnsafe(Point as never, points as never[], INTERLEAVED_MSM_WINDOW)(reduced) as unknown as CurvePoint;
      }
      return pippenger(Point as never, points as never[], reduced) as unknown as CurvePoint;
    },
    hashToCurve(label) {
      let point = hashed.get(label);
      if (point === undefined) {
        const hashedPoint = hasher.hashToCurve(utf8ToBytes(label), { DST: `dwallet/${name}/hash-to-curve/v1` }) as NoblePoint;
        // Hashed points are fixed generators (Pedersen's H, message generators), multiplied by a
        // fresh secret in every commitment: an 8-bit window table, built on first use, makes
        // that 5× faster (as noble does for G).
        point = hashedPoint.precompute(HASHED_POINT_WINDOW);
        hashed.set(label, point);
      }
      return point;
    },
    encodePoint(point) {
      if (point.is0()) throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: the identity has no point encoding`);
      return point.toBytes();
    },
    decodePoint(bytes) {
      if (!(bytes instanceof Uint8Array) || bytes.length !== pointBytes) {
        throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: a point is ${pointBytes} bytes`);
      }
      let point: NoblePoint;
      try {
        point = Point.fromBytes(bytes);
        point.assertValidity();
      } catch (error) {
        throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: not a point of the curve`, {}, { cause: error });
      }
      if (point.is0() || !point.isTorsionFree()) {
        throw new EncodingError(
          ErrorCodes.ENCODING_INVALID_VALUE,
          `${name}: the point is the identity or outside the prime-order subgroup`,
        );
      }
      return point;
    },
    encodeScalar(k) {
      if (k < 0n || k >= order) throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: scalar out of range [0, q)`);
      return numberToBytesBE(k, 32);
    },
    decodeScalar(bytes) {
      if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
        throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: a scalar is 32 bytes`);
      }
      const k = bytesToNumberBE(bytes);
      if (k >= order) throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: scalar is not below the group order`);
      return k;
    },
  };
  return Object.freeze(curve);
}

const CURVES: Readonly<Record<CurveName, Curve>> = {
  secp256k1: makeCurve('secp256k1', secp256k1.Point as unknown as NoblePointCons, secp256k1_hasher, 33),
  p256: makeCurve('p256', p256.Point as unknown as NoblePointCons, p256_hasher, 33),
  ed25519: makeCurve('ed25519', ed25519.Point as unknown as NoblePointCons, ed25519_hasher, 32),
};

export function isCurveName(value: unknown): value is CurveName {
  return typeof value === 'string' && (CURVE_NAMES as readonly string[]).includes(value);
}

/** The curve called `name`. */
export function getCurve(name: CurveName): Curve {
  if (!isCurveName(name)) {
    throw new ParameterError(
      ErrorCodes.INVALID_PARAMETER,
      `unknown curve ${JSON.stringify(name)}; expected one of ${CURVE_NAMES.join(', ')}`,
    );
  }
  return CURVES[name];
}

/** The prime order q of the curve's group (the plaintext modulus of its CL encryption). */
export function curveOrder(name: CurveName): bigint {
  return getCurve(name).order;
}

/**
 * ECDSA signatures as the network outputs them (PROTOCOL.md §8): (r, s) with low s, and a
 * recovery id, encoded in 65 bytes r ‖ s ‖ recovery id (chain/constants.ts SIGNATURE_LENGTH).
 *
 * Verification, recovery-id computation and public-key recovery are written over the Curve
 * abstraction (SEC 1 v2 §4.1.4 and §4.1.6), so the same code serves secp256k1 and P-256; tests
 * check every signature with @noble/curves and viem, which share none of it.
 *
 * Recovery id (the pitfall the reference implementation fixed last, see the reference notes §8):
 * it describes the nonce point R as signed, so it is computed from R before low-s normalisation
 * — bit 0 the parity of R.y, bit 1 set when R.x ≥ q (so r = R.x − q) — and bit 0 is flipped when
 * s is replaced by q − s, since (r, q − s) is the signature of −R. {@link finalizeSignature}
 * checks that the id recovers the public key before anything is published.
 *
 * All values here are public; the variable-time multiplications are deliberate.
 * @module
 */
import type { Curve, CurvePoint } from '../curves/curve.ts';
import { bigintToBytes, bytesToBigint } from '../numbers/bytes.ts';
import { mod, modInverse } from '../numbers/modular.ts';
import { EcdsaError, EcdsaErrorCodes } from './errors.ts';

export const SIGNATURE_BYTES = 65;
export const MAX_RECOVERY_ID = 3;

export interface EcdsaSignature {
  readonly r: bigint;
  /** Low: s ≤ (q − 1)/2. */
  readonly s: bigint;
  /** 0..3 (see the module comment). */
  readonly recoveryId: number;
}

/** The affine x-coordinate and the parity of y of a point that is not the identity. */
export function pointCoordinates(curve: Curve, point: CurvePoint): { x: bigint; yOdd: boolean } {
  const bytes = curve.encodePoint(point);
  if (bytes.length !== 33) throw new EcdsaError(EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE, `${curve.name} has no SEC1 point encoding`);
  return { x: bytesToBigint(bytes.subarray(1)), yOdd: (bytes[0] as number) === 3 };
}

/** r = R.x mod q */
export function nonceScalar(curve: Curve, nonce: CurvePoint): bigint {
  return pointCoordinates(curve, nonce).x % curve.order;
}

/** Whether s is in the upper half (q − s would be the low form). */
export function isHighS(curve: Curve, s: bigint): boolean {
  return s > curve.order >> 1n;
}

/**
 * The signature for nonce point R and the combined s: low s, and the recovery id of R, flipped
 * when s was negated.
 */
export function normaliseSignature(curve: Curve, nonce: CurvePoint, s: bigint): EcdsaSignature {
  const q = curve.order;
  const { x, yOdd } = pointCoordinates(curve, nonce);
  let recoveryId = (yOdd ? 1 : 0) | (x >= q ? 2 : 0);
  let low = mod(s, q);
  if (isHighS(curve, low)) {
    low = q - low;
    recoveryId ^= 1;
  }
  return { r: x % q, s: low, recoveryId };
}

/** Standard ECDSA verification of (r, s) for the digest scalar m under `publicKey` (any s, high or low). */
export function verifyEcdsa(curve: Curve, publicKey: CurvePoint, m: bigint, r: bigint, s: bigint): boolean {
  const q = curve.order;
  if (r <= 0n || r >= q || s <= 0n || s >= q || publicKey.is0()) return false;
  const w = modInverse(s, q);
  const point = curve.multiScalarMultiply([curve.generator, publicKey], [mod(m * w, q), mod(r * w, q)]);
  if (point.is0()) return false;
  return nonceScalar(curve, point) === r;
}

/** The public key that (r, s, recoveryId) recovers for m, or undefined when the id names no point. */
export function recoverPublicKey(curve: Curve, m: bigint, signature: EcdsaSignature): CurvePoint | undefined {
  const q = curve.order;
  const { r, s, recoveryId } = signature;
  if (r <= 0n || r >= q || s <= 0n || s >= q || !Number.isInteger(recoveryId) || recoveryId < 0 || recoveryId > MAX_RECOVERY_ID) {
    return undefined;
  }
  const x = recoveryId & 2 ? r + q : r;
  if (x >= 1n << 256n) return undefined;
  const encoded = new Uint8Array(33);
  encoded[0] = recoveryId & 1 ? 3 : 2;
  encoded.set(bigintToBytes(x, 32), 1);
  let nonce: CurvePoint;
  try {
    nonce = curve.decodePoint(encoded);
  } catch {
    return undefined;
  }
  const rInverse = modInverse(r, q);
  const key = curve.multiScalarMultiply([nonce, curve.generator], [mod(s * rInverse, q), mod(-m * rInverse, q)]);
  return key.is0() ? undefined : key;
}

/**
 * The signature the network publishes: normalised, verified under the public key, and with a
 * recovery id checked to recover it. Throws ECDSA_INVALID_SIGNATURE otherwise.
 */
export function finalizeSignature(curve: Curve, publicKey: CurvePoint, m: bigint, nonce: CurvePoint, s: bigint): EcdsaSignature {
  const signature = normaliseSignature(curve, nonce, s);
  if (!verifyEcdsa(curve, publicKey, m, signature.r, signature.s)) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE, 'the combined signature does not verify under the public key');
  }
  const recovered = recoverPublicKey(curve, m, signature);
  if (recovered === undefined || !recovered.equals(publicKey)) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE, 'the recovery id does not recover the public key');
  }
  return signature;
}

/** r ‖ s ‖ recovery id, 65 bytes. */
export function encodeSignature(signature: EcdsaSignature): Uint8Array {
  const { r, s, recoveryId } = signature;
  if (r <= 0n || s <= 0n || r >= 1n << 256n || s >= 1n << 256n || !Number.isInteger(recoveryId) || recoveryId < 0 || recoveryId > 3) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE, 'not an encodable signature');
  }
  const out = new Uint8Array(SIGNATURE_BYTES);
  out.set(bigintToBytes(r, 32), 0);
  out.set(bigintToBytes(s, 32), 32);
  out[64] = recoveryId;
  return out;
}

/** Strict decoding: 65 bytes, 0 < r, s < q, s low, recovery id ≤ 3. */
export function decodeSignature(curve: Curve, bytes: Uint8Array): EcdsaSignature {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SIGNATURE_BYTES) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_MALFORMED, `a signature is ${SIGNATURE_BYTES} bytes`);
  }
  const r = bytesToBigint(bytes.subarray(0, 32));
  const s = bytesToBigint(bytes.subarray(32, 64));
  const recoveryId = bytes[64] as number;
  const q = curve.order;
  if (r <= 0n || r >= q || s <= 0n || s >= q || isHighS(curve, s) || recoveryId > MAX_RECOVERY_ID) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_MALFORMED, 'the signature has r or s out of range, a high s or a recovery id above 3');
  }
  return { r, s, recoveryId };
}

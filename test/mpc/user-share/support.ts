/** Helpers of the user-share tests: the curves, @noble/curves' x·G on each, and the check a rejection names. */
import assert from 'node:assert/strict';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type CurveName, type CurvePoint, getCurve } from '../../../mpc/curves/curve.ts';
import { UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import { DWalletError } from '../../../mpc/errors.ts';

export const CURVES = ['secp256k1', 'p256', 'ed25519'] as const satisfies readonly CurveName[];

/** x·G as @noble/curves computes it, in the curve's point encoding (compressed SEC1 / 32-byte ed25519). */
export function nobleTimesG(name: CurveName, x: bigint): Uint8Array {
  if (name === 'ed25519') return ed25519.Point.BASE.multiply(x).toBytes();
  return (name === 'secp256k1' ? secp256k1 : p256).Point.BASE.multiply(x).toBytes(true);
}

/** X_A = x·G computed by @noble/curves and decoded by our curve (so no value comes from our own multiplication). */
export function noblePublicShare(name: CurveName, x: bigint): CurvePoint {
  return getCurve(name).decodePoint(nobleTimesG(name, x));
}

/** The (code, check) of the UserMessageRejection `f` throws; fails on anything else. */
export function rejectionOf(f: () => unknown): { code: string; check: string } {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof UserMessageRejection, `a UserMessageRejection, got ${String(error)}`);
    return { code: error.code, check: error.check };
  }
  assert.fail('expected a rejection');
}

/** The code of the DWalletError `f` throws; fails on anything else. */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof DWalletError, `a DWalletError, got ${String(error)}`);
    return error.code;
  }
  assert.fail('expected an error');
}

/** `bytes` with one byte xor-ed with `mask` at `index`. */
export function flipped(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] as number) ^ mask;
  return copy;
}

export function withTrailing(bytes: Uint8Array, extra: Uint8Array = new Uint8Array([0])): Uint8Array {
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes, 0);
  out.set(extra, bytes.length);
  return out;
}

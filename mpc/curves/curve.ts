/**
 * The curves this project signs on, identified by name. Their group orders q come from
 * `@noble/curves`, never retyped here.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ErrorCodes, ParameterError } from '../errors.ts';

export const CURVE_NAMES = ['secp256k1', 'p256', 'ed25519'] as const;
export type CurveName = (typeof CURVE_NAMES)[number];

const ORDERS: Readonly<Record<CurveName, bigint>> = {
  secp256k1: secp256k1.Point.Fn.ORDER,
  p256: p256.Point.Fn.ORDER,
  ed25519: ed25519.Point.Fn.ORDER,
};

export function isCurveName(value: unknown): value is CurveName {
  return typeof value === 'string' && (CURVE_NAMES as readonly string[]).includes(value);
}

/** The prime order q of the curve's group (the plaintext modulus of its CL encryption). */
export function curveOrder(name: CurveName): bigint {
  if (!isCurveName(name)) {
    throw new ParameterError(
      ErrorCodes.INVALID_PARAMETER,
      `unknown curve ${JSON.stringify(name)}; expected one of ${CURVE_NAMES.join(', ')}`,
    );
  }
  return ORDERS[name];
}

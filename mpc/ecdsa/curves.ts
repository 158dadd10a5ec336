/**
 * The curves ECDSA is offered on (PROTOCOL.md §1, §8): secp256k1 and P-256, with the u32 ids the
 * chain layer uses for them (chain/constants.ts `Curve`; a test checks the two tables agree).
 * Everything in mpc/ecdsa is written once over the {@link Curve} abstraction; this module is the
 * one place that says which instances exist.
 * @module
 */
import { type Curve, type CurveName, getCurve } from '../curves/curve.ts';
import { EcdsaError, EcdsaErrorCodes } from './errors.ts';

export const ECDSA_CURVES = ['secp256k1', 'p256'] as const;
export type EcdsaCurveName = (typeof ECDSA_CURVES)[number];

/** Curve ids on chain (u32): secp256k1 0, P-256 1. */
export const ECDSA_CURVE_IDS: Readonly<Record<EcdsaCurveName, number>> = Object.freeze({ secp256k1: 0, p256: 1 });

export function isEcdsaCurveName(name: unknown): name is EcdsaCurveName {
  return typeof name === 'string' && (ECDSA_CURVES as readonly string[]).includes(name);
}

/** The curve, refusing curves ECDSA is not offered on. */
export function ecdsaCurve(name: CurveName | string): Curve {
  if (!isEcdsaCurveName(name)) {
    throw new EcdsaError(
      EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE,
      `ECDSA is offered on ${ECDSA_CURVES.join(' and ')}, not ${String(name)}`,
      {
        curve: name,
      },
    );
  }
  return getCurve(name);
}

export function curveId(curve: Curve): number {
  const id = isEcdsaCurveName(curve.name) ? ECDSA_CURVE_IDS[curve.name] : undefined;
  if (id === undefined) throw new EcdsaError(EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE, `no ECDSA curve id for ${curve.name}`);
  return id;
}

export function curveFromId(id: number): Curve {
  const name = ECDSA_CURVES.find((candidate) => ECDSA_CURVE_IDS[candidate] === id);
  if (name === undefined) throw new EcdsaError(EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE, `unknown ECDSA curve id ${id}`, { id });
  return getCurve(name);
}

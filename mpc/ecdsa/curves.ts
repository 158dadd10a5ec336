/**
 * The curves ECDSA is offered on (PROTOCOL.md §1, §8): secp256k1 and P-256. The DKG and the
 * network key (dkg/, network-key/) serve every curve, ed25519 included, and take curve ids from
 * mpc/signing/algorithms.ts; {@link ecdsaCurve} guards the places that are ECDSA only (presigns,
 * signing, the 65-byte signature).
 * @module
 */
import { type Curve, type CurveName, getCurve } from '../curves/curve.ts';
import { CURVE_IDS } from '../signing/algorithms.ts';
import { EcdsaError, EcdsaErrorCodes } from './errors.ts';

export const ECDSA_CURVES = ['secp256k1', 'p256'] as const;
export type EcdsaCurveName = (typeof ECDSA_CURVES)[number];

/** The chain ids of the ECDSA curves (mpc/signing/algorithms.ts CURVE_IDS, the one id table). */
export const ECDSA_CURVE_IDS: Readonly<Record<EcdsaCurveName, number>> = Object.freeze({
  secp256k1: CURVE_IDS.secp256k1,
  p256: CURVE_IDS.p256,
});

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

/**
 * The Schnorr schemes by algorithm name (mpc/signing/algorithms.ts): taproot on secp256k1, eddsa on
 * ed25519.
 * @module
 */
import { isSignatureAlgorithmName } from '../signing/algorithms.ts';
import { eddsaScheme } from './eddsa.ts';
import { SchnorrError, SchnorrErrorCodes } from './errors.ts';
import { SCHNORR_ALGORITHMS, type SchnorrAlgorithm, type SchnorrScheme } from './scheme.ts';
import { taprootScheme } from './taproot.ts';

const SCHEMES: Readonly<Record<SchnorrAlgorithm, SchnorrScheme>> = Object.freeze({ taproot: taprootScheme, eddsa: eddsaScheme });

export function isSchnorrAlgorithm(value: unknown): value is SchnorrAlgorithm {
  return isSignatureAlgorithmName(value) && (SCHNORR_ALGORITHMS as readonly string[]).includes(value);
}

/** The scheme of a Schnorr algorithm; refuses 'ecdsa' and unknown names. */
export function schnorrScheme(algorithm: SchnorrAlgorithm | string): SchnorrScheme {
  if (!isSchnorrAlgorithm(algorithm)) {
    throw new SchnorrError(
      SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM,
      `${String(algorithm)} is not a Schnorr algorithm; expected ${SCHNORR_ALGORITHMS.join(' or ')}`,
      { algorithm },
    );
  }
  return SCHEMES[algorithm];
}

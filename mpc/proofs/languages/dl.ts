/**
 * L_DL: knowledge of a discrete logarithm, X = x·B for a public base B (Schnorr).
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { type Curve, type CurvePoint, multiplyAs } from '../../curves/curve.ts';
import { encodePublicParameters, type Language, pointFactor, SCALAR } from '../language.ts';

export function dlLanguage(curve: Curve, base: CurvePoint = curve.generator): Language {
  return {
    name: 'DL',
    witness: [SCALAR],
    statement: [pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters: encodePublicParameters(utf8ToBytes(curve.name), curve.encodePoint(base)),
    map: ([x], secrecy) => [multiplyAs(curve, secrecy)(base, x as bigint)],
  };
}

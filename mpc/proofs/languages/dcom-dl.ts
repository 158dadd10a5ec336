/**
 * L_DComDL[R]: a Pedersen commitment to the discrete logarithm of a point with respect to the
 * public base R (PROTOCOL.md §5), φ(k, ρ) = (k·G + ρ·H, k·R). In signing (§8) it ties the user's
 * nonce commitment C_k to R_B = k_A·R.
 *
 * Both witness factors are scalars: every base has prime order q.
 * @module
 */
import { pedersen } from '../../commitments/pedersen.ts';
import { type Curve, type CurvePoint, multiplyAs } from '../../curves/curve.ts';
import { encodePublicParameters, type Language, pointFactor, SCALAR } from '../language.ts';
import { pedersenParameter, pointParameter } from './parameters.ts';

/** DComDL over the public base R. Witness (k, ρ), statement (Com(k; ρ), k·R). */
export function dcomDlLanguage(curve: Curve, base: CurvePoint): Language {
  const commitment = pedersen(curve);
  return {
    name: 'DComDL',
    witness: [SCALAR, SCALAR],
    statement: [pointFactor(curve), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters: encodePublicParameters(pedersenParameter(commitment), pointParameter(curve, base, 'DComDL: the base R')),
    map: ([k, rho], secrecy) => [commitment.commit(k as bigint, rho as bigint, secrecy), multiplyAs(curve, secrecy)(base, k as bigint)],
  };
}

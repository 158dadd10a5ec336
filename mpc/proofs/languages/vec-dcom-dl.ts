/**
 * L_VecDComDL[B₁, B₂]: commitments to two values and a linear combination of public bases with
 * them as coefficients (PROTOCOL.md §5),
 * φ((m₁, m₂), (ρ₁, ρ₂)) = (Com(m₁; ρ₁), Com(m₂; ρ₂), m₁·B₁ + m₂·B₂).
 * In signing (§8), with (B₁, B₂) = (R'_B, G), it ties C_α and C_β to R_B = α·R'_B + β·G.
 *
 * All witness factors are scalars: every base has prime order q. The witness is laid out
 * (m₁, m₂, ρ₁, ρ₂).
 * @module
 */
import { pedersen } from '../../commitments/pedersen.ts';
import { type Curve, type CurvePoint, multiplyAs } from '../../curves/curve.ts';
import { encodePublicParameters, type Language, pointFactor, SCALAR } from '../language.ts';
import { pedersenParameter, pointParameter } from './parameters.ts';

/** VecDComDL over the bases (B₁, B₂). Witness (m₁, m₂, ρ₁, ρ₂), statement (Com(m₁; ρ₁), Com(m₂; ρ₂), m₁·B₁ + m₂·B₂). */
export function vecDcomDlLanguage(curve: Curve, firstBase: CurvePoint, secondBase: CurvePoint): Language {
  const commitment = pedersen(curve);
  return {
    name: 'VecDComDL',
    witness: [SCALAR, SCALAR, SCALAR, SCALAR],
    statement: [pointFactor(curve), pointFactor(curve), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters: encodePublicParameters(
      pedersenParameter(commitment),
      pointParameter(curve, firstBase, 'VecDComDL: the base B₁'),
      pointParameter(curve, secondBase, 'VecDComDL: the base B₂'),
    ),
    map: ([m1, m2, rho1, rho2], secrecy) => {
      const multiply = multiplyAs(curve, secrecy);
      return [
        commitment.commit(m1 as bigint, rho1 as bigint, secrecy),
        commitment.commit(m2 as bigint, rho2 as bigint, secrecy),
        multiply(firstBase, m1 as bigint).add(multiply(secondBase, m2 as bigint)),
      ];
    },
  };
}

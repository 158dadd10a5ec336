/**
 * L_DComEq: two Pedersen commitments to one value under different message generators
 * (PROTOCOL.md §5), φ(m, ρ₀, ρ₁) = (Com_{G,H}(m; ρ₀), Com_{X_A,H}(m; ρ₁)) = (m·G + ρ₀·H,
 * m·X_A + ρ₁·H). In signing (§8) it shows that C_kx = Com_{X_A,H}(k_A; ρ₃) commits to k_A·x_A,
 * the same k_A as C_k.
 *
 * All witness factors are scalars: every base has prime order q.
 * @module
 */
import { pedersen } from '../../commitments/pedersen.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { encodePublicParameters, type Language, pointFactor, SCALAR } from '../language.ts';
import { pedersenParameter } from './parameters.ts';

/** DComEq with second message generator X_A. Witness (m, ρ₀, ρ₁), statement (Com_{G,H}(m; ρ₀), Com_{X_A,H}(m; ρ₁)). */
export function dcomEqLanguage(curve: Curve, secondGenerator: CurvePoint): Language {
  const first = pedersen(curve);
  const second = pedersen(curve, secondGenerator);
  return {
    name: 'DComEq',
    witness: [SCALAR, SCALAR, SCALAR],
    statement: [pointFactor(curve), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters: encodePublicParameters(pedersenParameter(first), pedersenParameter(second)),
    map: ([m, rho0, rho1], secrecy) => [
      first.commit(m as bigint, rho0 as bigint, secrecy),
      second.commit(m as bigint, rho1 as bigint, secrecy),
    ],
  };
}

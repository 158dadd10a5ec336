/**
 * L_DCom: knowledge of an opening of a Pedersen commitment (PROTOCOL.md §5),
 * φ(m, ρ) = m·M + ρ·H, with message generator M (G by default) and H hashed to the curve.
 *
 * Both witness factors are scalars: M and H have prime order q, so φ is a homomorphism from
 * Z_q × Z_q. With M = C_k this is also the "commits to a non-zero value" proof of §8 (see
 * nonzero-commitment.ts).
 * @module
 */
import { pedersen } from '../../commitments/pedersen.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { encodePublicParameters, type Language, pointFactor, SCALAR } from '../language.ts';
import { pedersenParameter } from './parameters.ts';

/** DCom for commitments m·M + ρ·H on `curve` (M = G unless given). Witness (m, ρ), statement C. */
export function dcomLanguage(curve: Curve, messageGenerator: CurvePoint = curve.generator): Language {
  const commitment = pedersen(curve, messageGenerator);
  return {
    name: 'DCom',
    witness: [SCALAR, SCALAR],
    statement: [pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters: encodePublicParameters(pedersenParameter(commitment)),
    // Constant time in (m, ρ): provers evaluate φ on the secret opening.
    map: ([m, rho], secrecy) => [commitment.commit(m as bigint, rho as bigint, secrecy)],
  };
}

/**
 * Pedersen commitments over a curve: Com_{G,H}(m; ρ) = m·G + ρ·H, where H comes from hashing a
 * fixed label to the curve, so nobody knows log_G H (PROTOCOL.md §5). Perfectly hiding,
 * computationally binding under the discrete-logarithm assumption.
 * @module
 */
import { type Curve, type CurvePoint, multiplyAs, type Secrecy } from '../curves/curve.ts';

/** The label hashed to the curve to obtain H. */
export const PEDERSEN_RANDOMNESS_LABEL = 'commitment/pedersen: randomness generator';

export interface Pedersen {
  readonly curve: Curve;
  /** The message generator (G unless a protocol says otherwise, e.g. X_A or C_k). */
  readonly messageGenerator: CurvePoint;
  readonly randomnessGenerator: CurvePoint;
  /**
   * m·M + ρ·H: constant time in m and ρ, or variable time for public m and ρ (a verifier's
   * responses). Two multiplications rather than one multi-scalar multiplication, so that H's
   * precomputed table (curve.ts `hashToCurve`) serves both.
   */
  commit(m: bigint, rho: bigint, secrecy?: Secrecy): CurvePoint;
}

/** Pedersen commitments on `curve` with message generator `messageGenerator` (default G). */
export function pedersen(curve: Curve, messageGenerator: CurvePoint = curve.generator): Pedersen {
  const H = curve.hashToCurve(PEDERSEN_RANDOMNESS_LABEL);
  return {
    curve,
    messageGenerator,
    randomnessGenerator: H,
    commit: (m, rho, secrecy = 'secret') => {
      const multiply = multiplyAs(curve, secrecy);
      return multiply(messageGenerator, m).add(multiply(H, rho));
    },
  };
}

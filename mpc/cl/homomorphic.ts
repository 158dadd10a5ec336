/**
 * The additive homomorphism of CL ciphertexts (PROTOCOL.md §3):
 * ct ⊕ ct' = (c1·c1', c2·c2') encrypts m + m'; a ⊙ ct = (c1^a, c2^a) encrypts a·m (mod q).
 *
 * When the inputs come from someone else, the result of a plain linear combination reveals more
 * than its plaintext (its randomness is a known combination of theirs). {@link clEvaluate} gives
 * circuit privacy: each coefficient aᵢ is replaced by aᵢ + ρᵢ·q with ρᵢ ← [0, S) (the same
 * plaintext, since f has order q) and a fresh Enc(0; η) is added.
 * @module
 */
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { ErrorCodes, ParameterError } from '../errors.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { type ClCiphertext, clEncryptWith, clRandomness } from './encryption.ts';
import type { ClPublicKey } from './keys.ts';

/** ct ⊕ ct' */
export function clAdd(setup: ClassGroupSetup, x: ClCiphertext, y: ClCiphertext): ClCiphertext {
  return { c1: setup.group.compose(x.c1, y.c1), c2: setup.group.compose(x.c2, y.c2) };
}

/** ct ⊖ ct' (encrypts m − m') */
export function clSubtract(setup: ClassGroupSetup, x: ClCiphertext, y: ClCiphertext): ClCiphertext {
  const { group } = setup;
  return { c1: group.compose(x.c1, group.inverse(y.c1)), c2: group.compose(x.c2, group.inverse(y.c2)) };
}

/** a ⊙ ct for any integer a */
export function clScale(setup: ClassGroupSetup, ct: ClCiphertext, a: bigint): ClCiphertext {
  return { c1: setup.group.pow(ct.c1, a), c2: setup.group.pow(ct.c2, a) };
}

/** Σ aᵢ ⊙ ctᵢ with the exponents exactly as given (no re-randomisation). */
export function clLinearCombination(
  setup: ClassGroupSetup,
  coefficients: readonly bigint[],
  ciphertexts: readonly ClCiphertext[],
): ClCiphertext {
  if (coefficients.length !== ciphertexts.length || coefficients.length === 0) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'linear combination: need as many coefficients as ciphertexts, at least one');
  }
  const { group } = setup;
  return {
    c1: group.multiPow(
      ciphertexts.map((ct) => ct.c1),
      coefficients,
    ),
    c2: group.multiPow(
      ciphertexts.map((ct) => ct.c2),
      coefficients,
    ),
  };
}

/** The integers a circuit-private evaluation used: keep them to prove the evaluation. */
export interface EvaluationRandomness {
  /** ρᵢ ∈ [0, S), one per coefficient. */
  readonly rho: readonly bigint[];
  /** η ∈ [0, S), the randomness of the added Enc(0; η). */
  readonly eta: bigint;
}

/**
 * Circuit-private Σ aᵢ ⊙ ctᵢ ⊕ Enc(0; η) with exponents eᵢ = aᵢ + ρᵢ·q. The randomness is drawn
 * from `rng` unless given (to recompute an evaluation for a proof).
 */
export function clEvaluate(
  publicKey: ClPublicKey,
  coefficients: readonly bigint[],
  ciphertexts: readonly ClCiphertext[],
  options: { rng?: RandomSource; randomness?: EvaluationRandomness } = {},
): { ciphertext: ClCiphertext; exponents: bigint[]; randomness: EvaluationRandomness } {
  const { setup } = publicKey;
  const rng = options.rng ?? systemRandom;
  const randomness = options.randomness ?? {
    rho: coefficients.map(() => clRandomness(setup, rng)),
    eta: clRandomness(setup, rng),
  };
  if (randomness.rho.length !== coefficients.length) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'evaluation: need one ρ per coefficient');
  }
  const exponents = coefficients.map((a, i) => a + (randomness.rho[i] as bigint) * setup.q);
  const combined = clLinearCombination(setup, exponents, ciphertexts);
  const ciphertext = clAdd(setup, combined, clEncryptWith(publicKey, 0n, randomness.eta));
  return { ciphertext, exponents, randomness };
}

/** ct ⊕ Enc(0; r) with fresh r: the same plaintext, unlinkable to ct. */
export function clRerandomize(publicKey: ClPublicKey, ct: ClCiphertext, rng: RandomSource = systemRandom): ClCiphertext {
  return clAdd(publicKey.setup, ct, clEncryptWith(publicKey, 0n, clRandomness(publicKey.setup, rng)));
}

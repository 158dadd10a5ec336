/**
 * Signing, the user's side (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1): one message whose cost
 * does not depend on the network — two curve multiplications and a transcript hash.
 *
 *   k_A ← Z_q*, K_A = k_A·G; μ_k, K = K_A + K_B0 + μ_k·K_B1, σ_K, e (randomizers.ts);
 *   z_A = σ_K·k_A + e·(a·x_A + b) mod q   (Taproot: a = σ_Q·σ_X, b = σ_Q·t; EdDSA: a = 1, b = 0)
 *
 * The network adds σ_K·(k₀ + μ_k·k₁) + e·a·x_B under encryption and decrypts
 * s = σ_K·k + e·d, the signature's response for the nonce σ_K·K and the signing secret d.
 *
 * A fresh k_A per message: reusing one presign with a second message would give another K (μ_k
 * hashes K_A and the message) and so never reuse the user's nonce, but the presign is consumed
 * in `ledger` anyway when one is given (the chain consumes it with the request).
 *
 * Secrets: x_A and k_A. K_A = k_A·G is noble's constant-time multiplication; z_A is computed with
 * variable-time BigInt arithmetic mod q on the user's own machine (the only place its timing is
 * observable). Neither is logged.
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import type { PresignLedger } from '../../ecdsa/presign/ledger.ts';
import { mod } from '../../numbers/modular.ts';
import { type RandomSource, randomBelow, systemRandom } from '../../numbers/random.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import type { SchnorrSignContext, SchnorrUserSignMessage } from './message.ts';
import { schnorrSignSetting, schnorrSignTerms } from './randomizers.ts';

export interface SchnorrUserSignInput extends SchnorrSignContext {
  /** x_A (for a shared dWallet, its published share). */
  readonly secretShare: bigint;
  /** Where the presign is recorded as consumed (optional: the chain consumes it with the request). */
  readonly ledger?: PresignLedger;
  readonly rng?: RandomSource;
}

/**
 * The user's sign message. Throws typed errors for a context that does not fit together
 * (randomizers.ts schnorrSignSetting), a share that is not the dWallet's, a consumed presign.
 */
export function createSchnorrUserSignMessage(input: SchnorrUserSignInput): SchnorrUserSignMessage {
  const setting = schnorrSignSetting(input);
  const { curve } = input.key;
  const q = curve.order;
  const { secretShare } = input;
  if (typeof secretShare !== 'bigint' || secretShare <= 0n || secretShare >= q) {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_SECRET_MISMATCH, 'the secret share must lie in [1, q)');
  }
  if (!curve.multiply(curve.generator, secretShare).equals(input.dwallet.userPublicShare)) {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_SECRET_MISMATCH, "the secret share is not the dWallet's (x_A·G ≠ X_A)");
  }
  input.ledger?.consume(input.presign);
  const rng = input.rng ?? systemRandom;
  const { keySign, keyOffset } = setting.signingKey;
  for (;;) {
    const k = 1n + randomBelow(rng, q - 1n);
    const nonce: CurvePoint = curve.multiply(curve.generator, k);
    const terms = schnorrSignTerms(input, setting, nonce);
    // K = identity happens with probability 1/q; a fresh k_A is the only way forward.
    if (terms === undefined) continue;
    return Object.freeze({ nonce, response: mod(terms.nonceSign * k + terms.challenge * (keySign * secretShare + keyOffset), q) });
  }
}

/**
 * Signing, the user's side (PROTOCOL.md §8, "Sign", steps 1–5): one message, whose cost does not
 * depend on the network.
 *
 * 1. k_A, α, β ← Z_q*; C_k = Com(k_A; ρ₀), C_α = Com(α; ρ₁), C_β = Com(β; ρ₂),
 *    C_kx = Com_{X_A,H}(k_A; ρ₃) = Com(k_A·x_A; ρ₃); proofs that C_k and C_α commit to non-zero
 *    values, and a UC proof of an opening of C_β.
 * 2. μ_k from a transcript of all of that (randomizers.ts); ct_γk' and R'_B.
 * 3. R_B = α·R'_B + β·G, R = k_A⁻¹·R_B, r = R.x mod q ≠ 0; ct_γx_B with the dWallet's μ's;
 *    a₁ = r·k_A·x_A + m·k_A, a₂ = r·k_A;
 *    ct_A = Eval(a₁, a₂; ct_γ, ct_γx_B) = Enc(γ·k_A·(m + r·x)),
 *    ct_αβ = Eval(β, α; ct_γ, ct_γk') = Enc(γ·(α·k' + β)) = Enc(γ·k_B).
 * 4. Proofs: DComEq(C_k, C_kx), DComDL[R](C_k, R_B), VecDComDL[R'_B, G](C_α, C_β, R_B),
 *    DComEval for ct_αβ against (C_β, C_α), DComEval for ct_A against C₁ = r·C_kx + m·C_k and
 *    C₂ = r·C_k (which commit to a₁ and a₂ with randomness r·ρ₃ + m·ρ₀ and r·ρ₀).
 * The network decrypts pt_A = γ·k_A·(m + r·x) and pt_αβ = γ·k_B and outputs
 * s = pt_A/pt_αβ = (k_A/k_B)·(m + r·x), the ECDSA s for the nonce R = (k_B/k_A)·G.
 *
 * Both evaluations are circuit-private (PROTOCOL.md §3): the exponents are aᵢ + ρᵢ·q with
 * ρᵢ ← [0, S), plus Enc(0; η), because the presign's ciphertexts come from the network. Each
 * evaluation is computed once, as the statement of its DComEval proof (the proof's φ is exactly
 * the evaluation), so the two DComEval proofs — four two-base class-group multi-exponentiations
 * per ciphertext component, two for the statements and two for the masks — are the user's cost;
 * evaluations.ts computes all four over bases prepared once (their squarings shared), and the
 * proofs take those values (`proveMaurer` options `statements` and `mask`). The fixed-base tables
 * of h and pk they use are grown ahead by the SDK (user-tables.ts).
 *
 * The presign is consumed in the caller's ledger before anything is computed: a presign signs
 * once, even if this call fails half-way.
 *
 * Secrets: x_A, k_A, α, β, ρ₀..ρ₃ and the evaluation randomness. Curve multiplications by them are
 * noble's constant-time ladder; the commitments' openings pass through variable-time BigInt
 * arithmetic mod q (responses, a₁, a₂), and the evaluation exponents through variable-time
 * class-group exponentiation (classgroups/exponentiation.ts) — the user's own machine is the only
 * place that timing is observable.
 * @module
 */

import { pedersen } from '../../commitments/pedersen.ts';
import type { CurvePoint } from '../../curves/curve.ts';
import { mod, modInverse } from '../../numbers/modular.ts';
import { type RandomSource, randomBelow, randomBits, systemRandom } from '../../numbers/random.ts';
import { sampleMask } from '../../proofs/factors.ts';
import { proveFischlin } from '../../proofs/fischlin.ts';
import type { Statement } from '../../proofs/language.ts';
import { dcomLanguage } from '../../proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../proofs/languages/dcom-eq.ts';
import { dcomEvalCombinationLanguage, dcomEvalStatementParts } from '../../proofs/languages/dcom-eval.ts';
import { proveNonZeroCommitment } from '../../proofs/languages/nonzero-commitment.ts';
import { vecDcomDlLanguage } from '../../proofs/languages/vec-dcom-dl.ts';
import { proveMaurer } from '../../proofs/maurer.ts';
import { assertDWalletOfKey } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { digestScalar } from '../hash-schemes.ts';
import type { PresignLedger } from '../presign/ledger.ts';
import { assertPresignFor } from '../presign/presign.ts';
import { nonceScalar } from '../signature.ts';
import { evaluateDComEvalsTogether } from './evaluations.ts';
import { type SignContext, SignProofs, signProofContext, type UserSignMessage } from './message.ts';
import { combinedNetworkNonce, combinedNonceParts, maskedKeyParts, nonceRandomizers } from './randomizers.ts';

export interface UserSignInput extends SignContext {
  /** x_A (for a shared dWallet, its published share). */
  readonly secretShare: bigint;
  /** Where the presign is recorded as consumed. */
  readonly ledger: PresignLedger;
  readonly rng?: RandomSource;
}

/** The user's sign message for the digest (see the module comment). Consumes the presign. */
export function createUserSignMessage(input: UserSignInput): UserSignMessage {
  const { key, dwallet, presign, secretShare } = input;
  const { curve, encryptionKey } = key;
  const q = curve.order;
  const G = curve.generator;
  const rng = input.rng ?? systemRandom;
  assertDWalletOfKey(key, dwallet);
  assertPresignFor(key, dwallet, presign);
  if (typeof secretShare !== 'bigint' || secretShare <= 0n || secretShare >= q) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_SECRET_MISMATCH, 'the user share must lie in [1, q)');
  }
  if (!curve.multiply(G, secretShare).equals(dwallet.userPublicShare)) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_SECRET_MISMATCH, 'the user share does not belong to the dWallet (x_A·G ≠ X_A)');
  }
  const m = digestScalar(curve, input.digest);
  input.ledger.consume(presign);

  const scalar = () => randomBelow(rng, q);
  const nonZero = () => 1n + randomBelow(rng, q - 1n);
  const kA = nonZero();
  const alpha = nonZero();
  const beta = nonZero();
  const [rho0, rho1, rho2, rho3] = [scalar(), scalar(), scalar(), scalar()];
  const commit = pedersen(curve);
  const nonceCommitment = commit.commit(kA, rho0);
  const alphaCommitment = commit.commit(alpha, rho1);
  const betaCommitment = commit.commit(beta, rho2);
  const nonceKeyCommitment = pedersen(curve, dwallet.userPublicShare).commit(kA, rho3);
  const context = (name: (typeof SignProofs)[keyof typeof SignProofs]) => signProofContext(presign, name);

  // Step 1: the proofs about the committed values, before the randomizers.
  const nonceNonZero = proveNonZeroCommitment(
    curve,
    context(SignProofs.NONCE_NON_ZERO),
    nonceCommitment,
    { value: kA, randomness: rho0 },
    rng,
  );
  const alphaNonZero = proveNonZeroCommitment(
    curve,
    context(SignProofs.ALPHA_NON_ZERO),
    alphaCommitment,
    { value: alpha, randomness: rho1 },
    rng,
  );
  const betaProof = proveFischlin(dcomLanguage(curve), context(SignProofs.BETA), [beta, rho2], rng).proof;

  // Step 2: μ_k, the combined network nonce and its encryption.
  const mus = nonceRandomizers(input, {
    nonceCommitment,
    alphaCommitment,
    betaCommitment,
    nonceKeyCommitment,
    nonceNonZero,
    alphaNonZero,
    beta: betaProof,
  });
  const maskedNonce = combinedNonceParts(input, mus);
  const networkNonce = combinedNetworkNonce(input, mus);
  if (networkNonce.is0()) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE, "the presign's combined nonce is the identity");

  // Step 3: the displaced nonce, R and r, and the coefficients.
  const displacedNonce = curve.multiply(networkNonce, alpha).add(curve.multiply(G, beta));
  if (displacedNonce.is0()) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE, 'R_B is the identity');
  const nonce: CurvePoint = curve.multiply(displacedNonce, modInverse(kA, q));
  const r = nonceScalar(curve, nonce);
  if (r === 0n) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE, 'r = 0: this presign cannot sign this message');
  const a1 = mod(r * kA * secretShare + m * kA, q);
  const a2 = mod(r * kA, q);
  const maskedKey = maskedKeyParts(input);
  const { setup } = encryptionKey;
  const exponent = (coefficient: bigint) => coefficient + randomBits(rng, setup.randomnessBits) * q;

  // Step 4: the proofs. Each DComEval proof computes its evaluation as its statement.
  const nonceKey = proveMaurer(dcomEqLanguage(curve, dwallet.userPublicShare), context(SignProofs.NONCE_KEY), [[kA, rho0, rho3]], rng);
  const nonceProof = proveMaurer(dcomDlLanguage(curve, nonce), context(SignProofs.NONCE), [[kA, rho0]], rng);
  const displacement = proveMaurer(
    vecDcomDlLanguage(curve, networkNonce, G),
    context(SignProofs.DISPLACEMENT),
    [[alpha, beta, rho1, rho2]],
    rng,
  );
  // The two DComEval proofs: statements and masks evaluated together over their shared bases
  // (evaluations.ts), then proven with those values.
  const evaluations = [
    {
      language: dcomEvalCombinationLanguage(curve, encryptionKey, presign.encryptedMask, maskedNonce),
      witness: [exponent(beta), exponent(alpha), rho2, rho1, randomBits(rng, setup.randomnessBits)],
      proof: SignProofs.DISPLACED_MASK,
    },
    {
      language: dcomEvalCombinationLanguage(curve, encryptionKey, presign.encryptedMask, maskedKey),
      witness: [exponent(a1), exponent(a2), mod(r * rho3 + m * rho0, q), mod(r * rho0, q), randomBits(rng, setup.randomnessBits)],
      proof: SignProofs.PARTIAL_SIGNATURE,
    },
  ].map((e) => ({ ...e, mask: sampleMask(e.language, 1, rng) }));
  const evaluated = evaluateDComEvalsTogether(curve, evaluations);
  const [displacedMask, partialSignature] = evaluations.map((e, i) => {
    const { statement, mask } = evaluated[i] as (typeof evaluated)[number];
    return proveMaurer(e.language, context(e.proof), [e.witness], rng, {
      statements: [statement],
      mask: { randomness: e.mask, statement: mask },
    });
  }) as [ReturnType<typeof proveMaurer>, ReturnType<typeof proveMaurer>];
  const displacedMaskParts = dcomEvalStatementParts(displacedMask.statements[0] as Statement);
  const partialSignatureParts = dcomEvalStatementParts(partialSignature.statements[0] as Statement);
  return {
    nonce,
    displacedNetworkNonce: displacedNonce,
    nonceCommitment,
    alphaCommitment,
    betaCommitment,
    nonceKeyCommitment,
    encryptedPartialSignature: partialSignatureParts.ciphertext,
    encryptedDisplacedMask: displacedMaskParts.ciphertext,
    proofs: {
      nonceNonZero,
      alphaNonZero,
      beta: betaProof,
      nonceKey: nonceKey.proof,
      nonce: nonceProof.proof,
      displacement: displacement.proof,
      displacedMask: displacedMask.proof,
      partialSignature: partialSignature.proof,
    },
  };
}

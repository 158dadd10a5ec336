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
 * Two parts (`createUserSignMessage` runs both): {@link prepareUserSign} computes what does not
 * depend on the digest — step 1 with its three proofs, ct_γx_B (the dWallet's μ's) and the
 * prepared bases of ct_γ and ct_γx_B for the evaluation of ct_A — and
 * {@link completeUserSignMessage} the rest once the digest is known: μ_k hashes the digest
 * (randomizers.ts), so ct_γk', R and everything after them wait for it. A wallet that holds a
 * presign prepares it ahead and pays about half the work after the user asks to sign
 * (`npm run bench -- ecdsa --parts user`). The message is the same either way.
 *
 * The presign is consumed in the caller's ledger before anything is computed: a presign signs
 * once, even if this call fails half-way. A preparation likewise completes once.
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
import type { PreparedBases } from '../../proofs/dcom-eval-combined.ts';
import { sampleMask } from '../../proofs/factors.ts';
import { proveFischlin } from '../../proofs/fischlin.ts';
import type { Statement } from '../../proofs/language.ts';
import { dcomLanguage } from '../../proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../proofs/languages/dcom-eq.ts';
import { type DComEvalCombinationLanguage, dcomEvalCombinationLanguage, dcomEvalStatementParts } from '../../proofs/languages/dcom-eval.ts';
import { proveNonZeroCommitment } from '../../proofs/languages/nonzero-commitment.ts';
import { vecDcomDlLanguage } from '../../proofs/languages/vec-dcom-dl.ts';
import { proveMaurer } from '../../proofs/maurer.ts';
import { runSteps } from '../../steps.ts';
import { assertDWalletOfKey } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { digestScalar, type SignDigest } from '../hash-schemes.ts';
import type { PresignLedger } from '../presign/ledger.ts';
import { assertPresignFor } from '../presign/presign.ts';
import { nonceScalar } from '../signature.ts';
import { evaluateDComEvalsTogether, evaluationBasesSteps } from './evaluations.ts';
import { type SignContext, SignProofs, signProofContext, type UserSignMessage } from './message.ts';
import { combinedNetworkNonce, combinedNonceParts, maskedKeyParts, type NonceCommitments, nonceRandomizers } from './randomizers.ts';

/** What the user's sign message needs besides the digest. */
export interface UserSignPreparationInput extends Omit<SignContext, 'digest'> {
  /** x_A (for a shared dWallet, its published share). */
  readonly secretShare: bigint;
  /** Where the presign is recorded as consumed. */
  readonly ledger: PresignLedger;
  readonly rng?: RandomSource;
}

export interface UserSignInput extends UserSignPreparationInput {
  readonly digest: SignDigest;
}

/**
 * The part of a sign message that does not depend on the digest (step 1, and the bases of the
 * evaluations that do not depend on μ_k), computed once a presign is held and completed by
 * {@link completeUserSignMessage} when the message is known. It holds secrets (k_A, α, β, ρ₀..ρ₃
 * and x_A) and signs exactly once: two digests under one k_A would give the network
 * (m + r·x)/(m' + r·x) and so x. The presign is consumed when it is made.
 */
export interface UserSignPreparation {
  /** The session id of the presign it consumed. */
  readonly presignSessionId: Uint8Array;
  /** Whether its sign message was computed (a preparation serves one digest). */
  readonly used: boolean;
}

/** The secret state of each preparation not used yet; taken out, once, by the sign message. */
const preparedStates = new WeakMap<UserSignPreparation, PreparedState>();

function takePreparedState(preparation: UserSignPreparation): PreparedState {
  const state = preparedStates.get(preparation);
  if (state === undefined) {
    throw new EcdsaError(
      EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
      'this sign preparation was used for a digest already, or was not made by prepareUserSign: prepare another presign',
    );
  }
  preparedStates.delete(preparation);
  return state;
}

interface PreparedState {
  readonly input: UserSignPreparationInput;
  readonly rng: RandomSource;
  readonly secrets: {
    readonly kA: bigint;
    readonly alpha: bigint;
    readonly beta: bigint;
    readonly rho: readonly [bigint, bigint, bigint, bigint];
  };
  readonly commitments: NonceCommitments;
  /** The DComEval language of ct_A (its ct₂, ct_γx_B, computed here) and the prepared bases of ct_γ and ct_γx_B. */
  readonly partialSignatureLanguage: DComEvalCombinationLanguage;
  readonly bases: PreparedBases;
}

/**
 * Step 1 of the sign message and everything else that does not depend on the digest (see the
 * module comment): the commitments and their three proofs, ct_γx_B and the prepared bases of ct_γ
 * and ct_γx_B. Consumes the presign. A wallet that holds a presign runs it before the user asks
 * to sign, so that only the digest's part is left: {@link completeUserSignMessage}.
 */
export function prepareUserSign(input: UserSignPreparationInput): UserSignPreparation {
  return runSteps(prepareUserSignSteps(input));
}

/**
 * {@link prepareUserSign} in steps (mpc/steps.ts) of a few tens of milliseconds: step 1, ct_γx_B,
 * then one chunk of one prepared base per step. The checks and the presign's consumption happen
 * on the first `next()`.
 */
export function* prepareUserSignSteps(input: UserSignPreparationInput): Generator<void, UserSignPreparation, void> {
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
  input.ledger.consume(presign);

  const scalar = () => randomBelow(rng, q);
  const nonZero = () => 1n + randomBelow(rng, q - 1n);
  const kA = nonZero();
  const alpha = nonZero();
  const beta = nonZero();
  const rho = [scalar(), scalar(), scalar(), scalar()] as const;
  const [rho0, rho1, rho2, rho3] = rho;
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
  yield;

  // ct_γx_B and the bases of ct_A's evaluation; ct_γk' waits for μ_k, which hashes the digest.
  const partialSignatureLanguage = dcomEvalCombinationLanguage(curve, encryptionKey, presign.encryptedMask, maskedKeyParts(input));
  const maskedKey = partialSignatureLanguage.secondCiphertext();
  yield;
  const bases = yield* evaluationBasesSteps(partialSignatureLanguage, [partialSignatureLanguage.first, maskedKey]);
  const preparation: UserSignPreparation = {
    presignSessionId: presign.sessionId,
    get used() {
      return !preparedStates.has(preparation);
    },
  };
  preparedStates.set(preparation, {
    input,
    rng,
    secrets: { kA, alpha, beta, rho },
    commitments: {
      nonceCommitment,
      alphaCommitment,
      betaCommitment,
      nonceKeyCommitment,
      nonceNonZero,
      alphaNonZero,
      beta: betaProof,
    },
    partialSignatureLanguage,
    bases,
  });
  return preparation;
}

/** The user's sign message for the digest (see the module comment). Consumes the presign. */
export function createUserSignMessage(input: UserSignInput): UserSignMessage {
  // A digest that is not one is refused before the presign is consumed.
  digestScalar(input.key.curve, input.digest);
  return completeUserSignMessage(prepareUserSign(input), input.digest);
}

/**
 * Steps 2–4 for `digest`: the sign message of a preparation, which it uses up (a second call
 * throws ECDSA_PRESIGN_CONSUMED).
 */
export function completeUserSignMessage(preparation: UserSignPreparation, digest: SignDigest): UserSignMessage {
  const { input: prepared, rng, secrets, commitments, partialSignatureLanguage, bases } = takePreparedState(preparation);
  const input: SignContext = { key: prepared.key, dwallet: prepared.dwallet, presign: prepared.presign, digest };
  const { key, dwallet, presign } = input;
  const { curve, encryptionKey } = key;
  const q = curve.order;
  const G = curve.generator;
  const { kA, alpha, beta } = secrets;
  const [rho0, rho1, rho2, rho3] = secrets.rho;
  const secretShare = prepared.secretShare;
  const m = digestScalar(curve, digest);
  const context = (name: (typeof SignProofs)[keyof typeof SignProofs]) => signProofContext(presign, name);

  // Step 2: μ_k, the combined network nonce and its encryption.
  const mus = nonceRandomizers(input, commitments);
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
      language: partialSignatureLanguage,
      witness: [exponent(a1), exponent(a2), mod(r * rho3 + m * rho0, q), mod(r * rho0, q), randomBits(rng, setup.randomnessBits)],
      proof: SignProofs.PARTIAL_SIGNATURE,
    },
  ].map((e) => ({ ...e, mask: sampleMask(e.language, 1, rng) }));
  const evaluated = evaluateDComEvalsTogether(curve, evaluations, bases);
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
    nonceCommitment: commitments.nonceCommitment,
    alphaCommitment: commitments.alphaCommitment,
    betaCommitment: commitments.betaCommitment,
    nonceKeyCommitment: commitments.nonceKeyCommitment,
    encryptedPartialSignature: partialSignatureParts.ciphertext,
    encryptedDisplacedMask: displacedMaskParts.ciphertext,
    proofs: {
      nonceNonZero: commitments.nonceNonZero,
      alphaNonZero: commitments.alphaNonZero,
      beta: commitments.beta,
      nonceKey: nonceKey.proof,
      nonce: nonceProof.proof,
      displacement: displacement.proof,
      displacedMask: displacedMask.proof,
      partialSignature: partialSignature.proof,
    },
  };
}

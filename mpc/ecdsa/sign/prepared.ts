/**
 * What a validator can compute for a presign while it waits in the pool, so that verifying the
 * sign message that later uses it costs less: the presign's ciphertexts as prepared bases
 * (classgroups/prepared-base.ts). Every sign message's two DComEval proofs raise exactly these
 * forms — ct_γ, ct_γk⁰, ct_γk¹ and ct_γx⁰, ct_γx¹ (or a targeted presign's ct_γx), both
 * components — to exponents of up to ≈ 1,590 bits (128-bit weight · 256-bit μ · 1,200-bit
 * response), because the μ-combinations are pushed into the exponents
 * (proofs/languages/dcom-eval.ts `dcomEvalCombinationLanguage`). Prepared, they leave the combined
 * check with a chain of 257 squarings instead of ≈ 1,590.
 *
 * Use (validator): when a presign enters the pool, in idle time,
 *     const prepared = prepareSignVerification(key, presign);
 * or, to keep the event loop free, drive `prepareSignVerificationSteps(key, presign)` one `next()`
 * at a time (each a few tens of milliseconds) until it is done;
 * keep it with the presign (drop it when the presign is consumed), and pass it on:
 *     verifyUserSignMessage(context, message, { prepared })      // or verifyUserSignMessageBytes
 *     verifyUserSignMessages([{ context, message, prepared }, …]) // batch.ts
 * Without it, or with one made for another presign, the verdict is the same (a prepared base is
 * used only for the form it was made from); only the time differs.
 *
 * Cost and memory (112-bit setup, 1,860-bit Δ_q, default width 6; `npm run bench -- ecdsa --parts
 * verify` prints the measured figures): 10 bases (universal; 6 targeted) × 7 chunks of 256 bits,
 * each chunk with 2^(w−2) = 16 odd powers: 1,120 forms, ≈ 0.47 MiB
 * ({@link PreparedSignVerification.approximateBytes}), built with 15,430 squarings and 1,050
 * compositions (about 1.8 one-by-one verifications, ≈ 1.3 s here). A pool of 50 presigns per
 * curve then holds ≈ 24 MiB; width 5 halves that (560 forms) for ≈ 12 % more compositions per
 * verification. Verifying one message prepared: ≈ 2,950 compositions and 264 squarings, against
 * ≈ 2,960 and 1,600 unprepared and 2,790 and 6,330 one proof at a time. In a batch the chain of
 * squarings is shared anyway, and prepared bases gain little (batch.ts).
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { Form } from '../../classgroups/form.ts';
import { PreparedBase } from '../../classgroups/prepared-base.ts';
import { bitLength } from '../../numbers/bytes.ts';
import { BATCH_WEIGHT_BITS } from '../../proofs/batch.ts';
import { type PreparedBases, preparedBasesOf } from '../../proofs/dcom-eval-combined.ts';
import { responseBits } from '../../proofs/factors.ts';
import { integerFactor } from '../../proofs/language.ts';
import { evaluationExponentBits } from '../../proofs/languages/dcom-eval.ts';
import { runSteps } from '../../steps.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { Presign } from '../presign/presign.ts';

/** Chunk size: the chain is at least as long as the 256-bit exponents ρ·e of masks and statements. */
export const PREPARED_CHUNK_BITS = 256;
/** Default window width of the stored odd powers (one above Straus' choice for 256-bit chunks: the tables are paid once). */
export const PREPARED_WIDTH = 6;

export interface PreparedSignVerification {
  /** The presign it was made for. */
  readonly presignSessionId: Uint8Array;
  readonly bases: readonly PreparedBase[];
  /** Forms held in all. */
  readonly formCount: number;
  /** An estimate of the memory held: the forms' integers (8-byte words plus a 16-byte header each) and objects. */
  readonly approximateBytes: number;
}

/** The presign's ciphertexts that sign messages raise to long exponents. */
export function presignBaseCiphertexts(presign: Presign): ClCiphertext[] {
  const own = presign.kind === 'universal' ? [...presign.encryptedMaskedKeyParts] : [presign.encryptedMaskedKeyShare];
  return [presign.encryptedMask, ...presign.encryptedMaskedNonceParts, ...own];
}

/** Build the prepared bases of `presign` (see the module comment for use, time and memory). */
export function prepareSignVerification(
  key: NetworkKeyParts,
  presign: Presign,
  options: { width?: number } = {},
): PreparedSignVerification {
  return runSteps(prepareSignVerificationSteps(key, presign, options));
}

/**
 * {@link prepareSignVerification} in steps of one chunk of one base (256 squarings and the chunk's
 * odd powers, a few tens of milliseconds): a validator drives it from its idle loop, e.g. one
 * `next()` per turn of the event loop, and keeps the returned value when `done`.
 */
export function* prepareSignVerificationSteps(
  key: NetworkKeyParts,
  presign: Presign,
  options: { width?: number } = {},
): Generator<void, PreparedSignVerification, void> {
  const { group, q } = key.encryptionKey.setup;
  const exponentBits = evaluationExponentBits(key.encryptionKey);
  // ρ·μ·z₂ (+ ρ·z₁ on ct_γ, and a few such terms in a batch): weight, μ < q, the response bound.
  const maxBits = BATCH_WEIGHT_BITS + bitLength(q) + responseBits(integerFactor(exponentBits), q, 1) + 4;
  const width = options.width ?? PREPARED_WIDTH;
  const bases: PreparedBase[] = [];
  for (const ct of presignBaseCiphertexts(presign)) {
    for (const form of [ct.c1, ct.c2]) {
      bases.push(yield* PreparedBase.build(group, form, { chunkBits: PREPARED_CHUNK_BITS, maxBits, width }));
      yield;
    }
  }
  const formCount = bases.reduce((n, b) => n + b.formCount, 0);
  return {
    presignSessionId: presign.sessionId,
    bases,
    formCount,
    approximateBytes: formCount * formBytes(presign.encryptedMask.c1),
  };
}

/** Bytes of one form: three BigInts of |a|, |b|, |c| bits and the object holding them. */
function formBytes(form: Form): number {
  const integer = (x: bigint) => 16 + 8 * Math.ceil(bitLength(x) / 64);
  return 32 + integer(form.a) + integer(form.b) + integer(form.c);
}

/**
 * The lookup the combined check uses: the prepared base of a form, matched by value (a, b), only
 * if `prepared` was made for this presign. A miss costs time, never a different result.
 */
export function preparedBasesFor(prepared: PreparedSignVerification | undefined, presign: Presign): PreparedBases {
  if (prepared === undefined || !sameBytes(prepared.presignSessionId, presign.sessionId)) return () => undefined;
  return preparedBasesOf(prepared.bases);
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

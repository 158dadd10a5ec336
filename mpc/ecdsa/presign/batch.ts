/**
 * Presign batches: m presigns made in one MPC session (PROTOCOL.md §8: one batched proof per
 * statement batch), each keeping the chain session id of its own request. The batch's MPC session
 * id is derived from the list, so every validator that builds the same batch runs the same
 * session, and a presign id cannot be run in two different batches under one session id.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { CurveName } from '../../curves/curve.ts';
import { CURVE_IDS, SIGNATURE_ALGORITHM_IDS, type SignatureAlgorithmName, signingScheme } from '../../signing/algorithms.ts';
import { Transcript } from '../../transcript.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { MAX_PRESIGN_BATCH } from './contribution.ts';
import { PRESIGN_TARGET_BYTES } from './target.ts';

export const PRESIGN_BATCH_LABEL = 'dwallet/ecdsa/presign-batch/v1';

/** Throws unless the list has 1..MAX_PRESIGN_BATCH distinct 32-byte ids. */
export function assertPresignIds(presignIds: readonly Uint8Array[]): void {
  if (!Array.isArray(presignIds) || presignIds.length === 0 || presignIds.length > MAX_PRESIGN_BATCH) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, `a presign batch has 1 to ${MAX_PRESIGN_BATCH} presigns`);
  }
  const seen = new Set<string>();
  for (const id of presignIds) {
    if (!(id instanceof Uint8Array) || id.length !== 32)
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a presign id is 32 bytes');
    const key = bytesToHex(id);
    if (seen.has(key)) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a presign id appears twice in the batch');
    seen.add(key);
  }
}

/** The signing scheme a batch's presigns are for (SPEC decision 7: presigns are per curve and algorithm). */
export interface PresignBatchScheme {
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
}

/**
 * The MPC session id of a batch: a digest of its presign ids, in order, and — for targeted presigns
 * — of the dWallet they are made for (target.ts), so that the whole session, every proof included,
 * is bound to that dWallet. A batch of Schnorr presigns (mpc/schnorr) passes its `scheme`, whose
 * chain ids (mpc/signing/algorithms.ts) are bound too; an ECDSA batch passes none and keeps the id
 * it always had, so validators agree with the sessions they stored before algorithms existed.
 */
export function presignBatchSessionId(presignIds: readonly Uint8Array[], target?: Uint8Array, scheme?: PresignBatchScheme): Uint8Array {
  assertPresignIds(presignIds);
  if (target !== undefined && (!(target instanceof Uint8Array) || target.length !== PRESIGN_TARGET_BYTES)) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, `a presign target is ${PRESIGN_TARGET_BYTES} bytes`);
  }
  const transcript = new Transcript(PRESIGN_BATCH_LABEL);
  transcript.appendNumber('count', presignIds.length);
  presignIds.forEach((id, j) => {
    transcript.append(`presign/${j}`, id);
  });
  transcript.append('target', target ?? new Uint8Array(0));
  if (scheme !== undefined && scheme.algorithm !== 'ecdsa') {
    const known = signingScheme(scheme.curve, scheme.algorithm);
    transcript.appendNumber('curve', CURVE_IDS[known.curve]);
    transcript.appendNumber('algorithm', SIGNATURE_ALGORITHM_IDS[known.algorithm]);
  }
  return transcript.challengeBytes('session-id', 32);
}

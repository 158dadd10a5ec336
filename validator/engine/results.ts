/**
 * What a session's end becomes on chain: one `SessionResult` entry per request (the DKG output,
 * presign, signature, accepted future sign, or a rejection), encoded exactly as it goes into a
 * result batch. Validators compare these bytes when they agree on a batch, so everything here is
 * a deterministic function of the session's result: a rejection carries a stable reason code and
 * a reason made of stable codes only, never free text.
 *
 * Reason codes (u32 on chain): the user's message failed a check (1–19, by the ECDSA error code),
 * the request's data on chain cannot start a session (100), the session aborted because validators
 * misbehaved (101, `blamed` names them by committee index), anything else (0xffff).
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { type SessionResult as ChainResult, SessionResultSchema } from '../../chain/schemas/result-batch.ts';
import { EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';

export const ReasonCodes: Readonly<Record<string, number>> = Object.freeze({
  [EcdsaErrorCodes.ECDSA_INVALID_DKG_MESSAGE]: 1,
  [EcdsaErrorCodes.ECDSA_INVALID_IMPORT_MESSAGE]: 2,
  [EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE]: 3,
  [EcdsaErrorCodes.ECDSA_MALFORMED]: 4,
  [EcdsaErrorCodes.ECDSA_KEY_MISMATCH]: 5,
  [EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH]: 6,
  [EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED]: 7,
  [EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME]: 8,
  [EcdsaErrorCodes.ECDSA_INVALID_DIGEST]: 9,
  [EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE]: 10,
  [EcdsaErrorCodes.ECDSA_SECRET_MISMATCH]: 11,
  [EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE]: 12,
  [EcdsaErrorCodes.ECDSA_INVALID_CONFIG]: 13,
  REQUEST_MALFORMED: 100,
  SESSION_ABORTED: 101,
});
export const OTHER_REASON = 0xffff;

export function reasonCode(code: string): number {
  return ReasonCodes[code] ?? OTHER_REASON;
}

/** A rejection entry: reason `code` or `code/check`, blamed committee indices sorted. */
export function rejection(sessionId: Uint8Array, code: string, check: string | null, blamed: readonly number[] = []): ChainResult {
  return {
    Rejected: {
      session_id: sessionId,
      reason_code: reasonCode(code),
      reason: utf8ToBytes(check === null ? code : `${code}/${check}`),
      blamed: [...blamed].sort((a, b) => a - b),
    },
  };
}

export function encodeEntry(result: ChainResult): Uint8Array {
  return SessionResultSchema.serialize(result).toBytes();
}

export function decodeEntry(bytes: Uint8Array): ChainResult {
  return SessionResultSchema.parse(bytes) as ChainResult;
}

/**
 * What a session's end becomes on chain: one `SessionResult` entry per request (the DKG output,
 * presign, signature, accepted future sign, or a rejection), encoded exactly as it goes into a
 * result batch. Validators compare these bytes when they agree on a batch, so everything here is
 * a deterministic function of the session's result: a rejection carries a stable reason code and
 * a reason made of stable codes only, never free text.
 *
 * Reason codes (u32 on chain) are named once, in chain/schemas/rejection-reasons.ts: the user's
 * message failed a check (1–19, by the ECDSA error code), the request's data on chain cannot start
 * a session (100), the session aborted because validators misbehaved (101, `blamed` names them by
 * committee index), anything else (0xffff).
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { reasonCode } from '../../chain/schemas/rejection-reasons.ts';
import { type SessionResult as ChainResult, SessionResultSchema } from '../../chain/schemas/result-batch.ts';

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

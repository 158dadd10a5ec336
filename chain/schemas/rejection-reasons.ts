/**
 * The reason codes of on-chain rejections (`SessionRejected.reason_code`, u32), named once for
 * every layer: the validators choose them (validator/engine/results.ts), the indexer and the SDK
 * name them. The codes are part of the chain's record, so a code is never reused or renumbered.
 *
 * - 1–19: the user's message failed a check, by the ECDSA error code that failed;
 * - 100: the request's data on chain cannot start a session;
 * - 101: the session aborted because validators misbehaved (`blamed` names them);
 * - 0xffff: anything else (the reason text still says what).
 * @module
 */
import { EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';

export const OTHER_REASON = 0xffff;

/** Reason name → code. */
export const ReasonCodes = Object.freeze({
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
  [EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE]: 14,
  [EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY]: 15,
  [EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION]: 16,
  [EcdsaErrorCodes.USER_SHARE_MISMATCH]: 17,
  REQUEST_MALFORMED: 100,
  SESSION_ABORTED: 101,
  OTHER: OTHER_REASON,
} as const satisfies Record<string, number>);

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(ReasonCodes).map(([name, code]) => [code, name]));

/** The code of a reason name; OTHER_REASON for a name without one. */
export function reasonCode(name: string): number {
  return Object.hasOwn(ReasonCodes, name) ? ReasonCodes[name as keyof typeof ReasonCodes] : OTHER_REASON;
}

/** The name of a reason code, or null for a code no validator uses. */
export function reasonName(code: number): string | null {
  return NAMES.get(code) ?? null;
}

/**
 * Names of the reason codes validators put in on-chain rejections (the table is the validator's,
 * validator/engine/results.ts; a test checks this copy against it — the indexer sits below the
 * validator and cannot import it). An unknown code has no name: the reason text still says why.
 * @module
 */
import { EcdsaErrorCodes } from '../mpc/ecdsa/errors.ts';

const NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: EcdsaErrorCodes.ECDSA_INVALID_DKG_MESSAGE,
  2: EcdsaErrorCodes.ECDSA_INVALID_IMPORT_MESSAGE,
  3: EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE,
  4: EcdsaErrorCodes.ECDSA_MALFORMED,
  5: EcdsaErrorCodes.ECDSA_KEY_MISMATCH,
  6: EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH,
  7: EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
  8: EcdsaErrorCodes.ECDSA_UNSUPPORTED_HASH_SCHEME,
  9: EcdsaErrorCodes.ECDSA_INVALID_DIGEST,
  10: EcdsaErrorCodes.ECDSA_UNSUPPORTED_CURVE,
  11: EcdsaErrorCodes.ECDSA_SECRET_MISMATCH,
  12: EcdsaErrorCodes.ECDSA_INVALID_SIGNATURE,
  13: EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
  100: 'REQUEST_MALFORMED',
  101: 'SESSION_ABORTED',
  65535: 'OTHER',
});

export function reasonName(code: number): string | null {
  return NAMES[code] ?? null;
}

/** The whole table, for the parity test. */
export function reasonNames(): Readonly<Record<number, string>> {
  return NAMES;
}

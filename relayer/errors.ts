/**
 * Typed errors of the relayer, with stable codes: its own files (key file, store), and the
 * signatures validators hand it (answered with an HTTP 4xx carrying the code).
 * @module
 */
import { type CodeOf, DWalletError } from '../mpc/errors.ts';
import { HttpError } from '../runtime/http.ts';

export const RelayerErrorCodes = {
  RELAYER_KEY_FILE_UNREADABLE: 'RELAYER_KEY_FILE_UNREADABLE',
  RELAYER_KEY_FILE_PERMISSIONS: 'RELAYER_KEY_FILE_PERMISSIONS',
  RELAYER_KEY_FILE_INVALID: 'RELAYER_KEY_FILE_INVALID',
  RELAYER_STORE_INVALID: 'RELAYER_STORE_INVALID',
  RELAYER_BAD_REQUEST: 'RELAYER_BAD_REQUEST',
  RELAYER_BATCH_INVALID: 'RELAYER_BATCH_INVALID',
  RELAYER_WRONG_EPOCH: 'RELAYER_WRONG_EPOCH',
  RELAYER_SEQUENCE_AHEAD: 'RELAYER_SEQUENCE_AHEAD',
  RELAYER_UNKNOWN_SIGNER: 'RELAYER_UNKNOWN_SIGNER',
  RELAYER_BAD_SIGNATURE: 'RELAYER_BAD_SIGNATURE',
} as const;

export type RelayerErrorCode = CodeOf<typeof RelayerErrorCodes>;

export class RelayerError extends DWalletError<RelayerErrorCode> {}

/** A signature submission refused; `status` is the HTTP answer. */
export class IntakeError extends HttpError<RelayerErrorCode> {}

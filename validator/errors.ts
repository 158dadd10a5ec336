/**
 * Typed errors of the validator, with stable codes. Four families, by where the bad input comes
 * from: the validator's own files (key file, configuration, store), a peer (an envelope or round
 * message refused at the transport, answered with an HTTP 4xx and this code), the chain (an event
 * whose data cannot start a session), and the validator's relation to the committee.
 * @module
 */
import { type CodeOf, DWalletError } from '../mpc/errors.ts';
import { HttpError } from '../runtime/http.ts';

export const ValidatorErrorCodes = {
  // files
  VALIDATOR_KEY_FILE_UNREADABLE: 'VALIDATOR_KEY_FILE_UNREADABLE',
  VALIDATOR_KEY_FILE_PERMISSIONS: 'VALIDATOR_KEY_FILE_PERMISSIONS',
  VALIDATOR_KEY_FILE_INVALID: 'VALIDATOR_KEY_FILE_INVALID',
  VALIDATOR_STORE_INVALID: 'VALIDATOR_STORE_INVALID',
  // the process itself
  VALIDATOR_WORKER_NOT_READY: 'VALIDATOR_WORKER_NOT_READY',
  // committee and keys
  VALIDATOR_NOT_IN_COMMITTEE: 'VALIDATOR_NOT_IN_COMMITTEE',
  VALIDATOR_NETWORK_KEY_UNKNOWN: 'VALIDATOR_NETWORK_KEY_UNKNOWN',
  // chain data
  VALIDATOR_REQUEST_INVALID: 'VALIDATOR_REQUEST_INVALID',
  // peers
  PEER_UNSIGNED: 'PEER_UNSIGNED',
  PEER_MALFORMED: 'PEER_MALFORMED',
  PEER_BAD_SIGNATURE: 'PEER_BAD_SIGNATURE',
  PEER_BAD_IDENTITY: 'PEER_BAD_IDENTITY',
  PEER_UNKNOWN_SENDER: 'PEER_UNKNOWN_SENDER',
  PEER_SENDER_MISMATCH: 'PEER_SENDER_MISMATCH',
  PEER_WRONG_EPOCH: 'PEER_WRONG_EPOCH',
  PEER_WRONG_RECIPIENT: 'PEER_WRONG_RECIPIENT',
  PEER_UNKNOWN_PROTOCOL: 'PEER_UNKNOWN_PROTOCOL',
  PEER_MESSAGE_REFUSED: 'PEER_MESSAGE_REFUSED',
  PEER_QUEUE_FULL: 'PEER_QUEUE_FULL',
  PEER_BODY_TOO_LARGE: 'PEER_BODY_TOO_LARGE',
  PEER_CONTENT_TYPE: 'PEER_CONTENT_TYPE',
  PEER_RATE_LIMITED: 'PEER_RATE_LIMITED',
} as const;

export type ValidatorErrorCode = CodeOf<typeof ValidatorErrorCodes>;

export class ValidatorError extends DWalletError<ValidatorErrorCode> {}

/** An envelope or round message a peer sent that the transport refuses; `status` is the HTTP answer. */
export class PeerInputError extends HttpError<ValidatorErrorCode> {}

/**
 * Typed errors of the session layer and the stable names of blame reasons.
 *
 * A {@link SessionError} is thrown when a session machine refuses an input (a message of another
 * session, round, sender or shape; a timer it did not ask for; a state it cannot restore). A
 * refused input leaves the machine exactly as it was, so the driver may log the error and go on.
 * Misbehaviour that a signed message proves (a bad proof, two different messages for one slot) is
 * not an error: the message is accepted and the sender is blamed with the message as evidence.
 * @module
 */
import { type CodeOf, DWalletError } from '../errors.ts';

/** The stable error codes of the session layer. */
export const SessionErrorCodes = {
  // the message is not for this machine
  SESSION_WRONG_PROTOCOL: 'SESSION_WRONG_PROTOCOL',
  SESSION_WRONG_SESSION: 'SESSION_WRONG_SESSION',
  SESSION_UNKNOWN_ROUND: 'SESSION_UNKNOWN_ROUND',
  SESSION_UNKNOWN_KIND: 'SESSION_UNKNOWN_KIND',
  SESSION_WRONG_RECIPIENT: 'SESSION_WRONG_RECIPIENT',
  SESSION_ATTEMPT_OUT_OF_RANGE: 'SESSION_ATTEMPT_OUT_OF_RANGE',
  // the sender is not acceptable
  SESSION_UNKNOWN_SENDER: 'SESSION_UNKNOWN_SENDER',
  SESSION_OWN_MESSAGE: 'SESSION_OWN_MESSAGE',
  SESSION_SENDER_MISMATCH: 'SESSION_SENDER_MISMATCH',
  SESSION_UNEXPECTED_SENDER: 'SESSION_UNEXPECTED_SENDER',
  SESSION_MISSING_EVIDENCE: 'SESSION_MISSING_EVIDENCE',
  // the bytes do not have the expected shape
  SESSION_MALFORMED_MESSAGE: 'SESSION_MALFORMED_MESSAGE',
  SESSION_MALFORMED_PAYLOAD: 'SESSION_MALFORMED_PAYLOAD',
  // driver mistakes
  SESSION_UNKNOWN_TIMER: 'SESSION_UNKNOWN_TIMER',
  SESSION_ALREADY_STARTED: 'SESSION_ALREADY_STARTED',
  SESSION_NOT_STARTED: 'SESSION_NOT_STARTED',
  // configuration and persisted state
  SESSION_INVALID_COMMITTEE: 'SESSION_INVALID_COMMITTEE',
  SESSION_INVALID_CONFIG: 'SESSION_INVALID_CONFIG',
  SESSION_STATE_VERSION: 'SESSION_STATE_VERSION',
  SESSION_STATE_MISMATCH: 'SESSION_STATE_MISMATCH',
  SESSION_STATE_CORRUPT: 'SESSION_STATE_CORRUPT',
  // a protocol tried to send two different messages for one slot (a bug, never a peer's fault)
  SESSION_SELF_EQUIVOCATION: 'SESSION_SELF_EQUIVOCATION',
} as const;

export type SessionErrorCode = CodeOf<typeof SessionErrorCodes>;

/** An input or a configuration the session layer refuses. */
export class SessionError extends DWalletError<SessionErrorCode> {}

/**
 * Why a party is blamed: the reasons the session layer itself finds. Each comes with signed
 * messages that prove it to anyone holding the committee's keys (the evidence of a Blame).
 * Protocols add their own reasons (e.g. a decryption share that does not match the proven ones)
 * as further stable UPPER_SNAKE_CASE strings.
 */
export const BlameReasons = {
  /** Two different signed messages for one (round, kind, attempt) slot. Evidence: both. */
  EQUIVOCATION: 'EQUIVOCATION',
  /** A contribution whose proof (or statements) does not verify. Evidence: the contribution. */
  INVALID_CONTRIBUTION: 'INVALID_CONTRIBUTION',
  /**
   * A proposal that cannot be valid: it lists an invalid contribution, or contributors of weight
   * below the threshold, or a justification from a later attempt. Evidence: the proposal, and the
   * invalid contribution where there is one.
   */
  INVALID_PROPOSAL: 'INVALID_PROPOSAL',
  /** A vote for a value that lists an invalid contribution. Evidence: the vote and the contribution. */
  INVALID_VOTE: 'INVALID_VOTE',
  /**
   * A decryption share that is malformed, whose proof does not verify, that differs from the same
   * party's proven share, or that the proven shares of others contradict (PROTOCOL.md §4
   * identifiable abort). Evidence: the party's share messages, and the proven shares it contradicts.
   */
  INVALID_DECRYPTION_SHARE: 'INVALID_DECRYPTION_SHARE',
} as const;

/** A blame reason: one of {@link BlameReasons} or a protocol's own, UPPER_SNAKE_CASE. */
export type BlameReason = string;

export const BLAME_REASON_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

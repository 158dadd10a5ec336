/**
 * The interface between a session state machine and the process that drives it (the validator's
 * session engine, or the in-process test network).
 *
 * The machine never does I/O and never reads a clock. The driver feeds it inputs — messages whose
 * signature the transport has verified, and the expiry of timers the machine asked for — and
 * carries out what each step returns: messages to sign and send, envelopes to pass on unchanged,
 * timers to set or cancel, and at the end the session's result.
 *
 * Driver duties, for safety:
 *  - Persist {@link SessionMachine.serialize} together with the step's outgoing messages, in one
 *    transaction, before sending any of them. A validator that crashed and re-ran an input with
 *    fresh randomness would otherwise send a second, different message for the same slot, which
 *    its peers treat as equivocation.
 *    The state holds every message received, so it grows with the round's traffic; a driver may
 *    persist it only after steps that send something or end the session, provided it keeps the
 *    messages received since in its inbox and feeds them again after a restart (the other steps
 *    have no effect outside the machine, so processing their inputs twice is harmless).
 *  - After a restart, restore the machine from its last persisted state, re-arm
 *    {@link SessionMachine.activeTimers}, and never call `start()` again.
 *  - The serialized state may contain secrets (a protocol's witnesses between rounds): store it
 *    with the same protection as key shares (file mode 0600, an encrypted column), never log it.
 * @module
 */
import type { Blame } from './blame.ts';
import type { Committee, PartyId } from './committee.ts';
import type { RoundMessage } from './message.ts';

/** A message whose envelope signature the transport has verified. */
export interface AuthenticatedMessage {
  /** The party whose key signed the envelope. */
  readonly sender: PartyId;
  readonly message: RoundMessage;
  /** The signed envelope as received (kept as evidence for blame). Never empty. */
  readonly evidence: Uint8Array;
}

export type SessionInput =
  | { readonly type: 'message'; readonly message: AuthenticatedMessage }
  | { readonly type: 'timeout'; readonly timer: string };

/** Every other member of the committee, or one party. */
export type Recipient = PartyId | 'all';

export type Outgoing =
  /** Sign `message` and send it. */
  | { readonly type: 'send'; readonly to: Recipient; readonly message: RoundMessage }
  /**
   * Pass on another party's signed envelope, unchanged (the recipient verifies the original
   * signature). 'all' may include the envelope's signer, which takes it as a duplicate.
   */
  | { readonly type: 'relay'; readonly to: Recipient; readonly evidence: Uint8Array };

export interface TimerRequest {
  /** Unique within the machine; a request with an active id replaces that timer (and a cancel of an id the driver does not know is a no-op). */
  readonly id: string;
  readonly afterMs: number;
}

export type SessionResult<Output> =
  | { readonly status: 'completed'; readonly output: Output; readonly blame: readonly Blame[] }
  | { readonly status: 'aborted'; readonly reason: string; readonly culprits: readonly Blame[] };

export interface SessionStep<Output> {
  readonly outgoing: readonly Outgoing[];
  readonly setTimers: readonly TimerRequest[];
  readonly cancelTimers: readonly string[];
  /** Set in the one step that ends the session. */
  readonly result: SessionResult<Output> | null;
}

export type SessionStatus = 'created' | 'running' | 'completed' | 'aborted';

export interface SessionMachine<Output> {
  readonly protocol: string;
  readonly sessionId: Uint8Array;
  readonly self: PartyId;
  readonly committee: Committee;
  readonly status: SessionStatus;
  /** The result once the session has ended (also after a restore). */
  readonly result: SessionResult<Output> | null;
  /** Every blame found so far, including after the end. */
  readonly blames: readonly Blame[];
  /** Sends the machine's first messages. Messages may be fed before it; they wait. */
  start(): SessionStep<Output>;
  /**
   * Processes one input. A refused input throws a SessionError and leaves the machine unchanged.
   * The machine keeps answering peers after its result (they may still need its messages).
   */
  handle(input: SessionInput): SessionStep<Output>;
  /** The timers currently set (to re-arm after a restore). */
  activeTimers(): readonly TimerRequest[];
  /** The whole state, versioned; see the module comment on where to keep it. */
  serialize(): Uint8Array;
}

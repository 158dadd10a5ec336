/**
 * The session runtime: turns a {@link SessionDefinition} into a {@link SessionMachine}.
 *
 * For every message it checks, before changing anything, that the message belongs here: the
 * transport's sender is the message's sender, the protocol and session id match, the round and
 * kind exist, the recipient is right for the kind, the attempt is in range, the sender is another
 * member of the committee, the envelope is present and the payload decodes strictly. A refused
 * message throws a SessionError and leaves the machine unchanged.
 *
 * An accepted message is filed by slot. An identical copy is dropped; a different message for an
 * occupied slot is equivocation and its sender is blamed with both signed envelopes (PROTOCOL.md
 * §10). The protocol then reacts to the message. The runtime also enforces that the machine never
 * equivocates itself, even across restarts, because its own messages are filed and persisted too.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { type Blame, BlameLedger } from './blame.ts';
import { type Committee, isMember, type PartyId } from './committee.ts';
import { BLAME_REASON_PATTERN, BlameReasons, SessionError, SessionErrorCodes } from './errors.ts';
import type {
  AuthenticatedMessage,
  Outgoing,
  Recipient,
  SessionInput,
  SessionMachine,
  SessionResult,
  SessionStatus,
  SessionStep,
  TimerRequest,
} from './machine.ts';
import {
  assertRoundMessage,
  decodeRoundMessage,
  digestKey,
  encodeRoundMessage,
  messageDigest,
  type RoundMessage,
  sameBytes,
} from './message.ts';
import type { BlameInput, Protocol, SessionContext, SessionDefinition, SessionIdentity } from './protocol.ts';
import { RoundTable } from './rounds.ts';
import { MessageStore, type StoredMessage } from './store.ts';
import { decodeVersioned, encodeVersioned } from './versioned.ts';

export interface SessionParams {
  /** 32 bytes, fixed by the chain request. */
  readonly sessionId: Uint8Array;
  /** This validator's party id. */
  readonly self: PartyId;
  readonly committee: Committee;
  /** Randomness for proofs (default: the operating system's CSPRNG). */
  readonly rng?: RandomSource;
}

const STATE_VERSION = 1;
const STATUSES: readonly SessionStatus[] = ['created', 'running', 'completed', 'aborted'];

const sessionStateSchema = bcs.struct('SessionState', {
  protocol: bcs.string(),
  session_id: bcs.bytes(32),
  self: bcs.u16(),
  committee: bcs.bytes(32),
  status: bcs.u8(),
  messages: bcs.vector(bcs.struct('StoredMessageState', { message: bcs.byteVector(), evidence: bcs.byteVector() })),
  blames: bcs.vector(
    bcs.struct('BlameState', {
      party: bcs.u16(),
      reason: bcs.string(),
      round: bcs.u16(),
      detail: bcs.string(),
      evidence: bcs.vector(bcs.byteVector()),
    }),
  ),
  timers: bcs.vector(bcs.struct('TimerState', { id: bcs.string(), after_ms: bcs.u64() })),
  protocol_state: bcs.byteVector(),
});

const EMPTY = new Uint8Array(0);

type TimerOp = { readonly op: 'set'; readonly afterMs: number } | { readonly op: 'cancel' };

class Session<Config, Output> implements SessionMachine<Output> {
  readonly #identity: SessionIdentity;
  readonly #table: RoundTable;
  readonly #rng: RandomSource;
  readonly #store = new MessageStore();
  readonly #blames = new BlameLedger();
  readonly #timers = new Map<string, number>();
  #protocol!: Protocol<Output>;
  #status: SessionStatus = 'created';
  #result: SessionResult<Output> | null = null;
  // Effects of the input being processed.
  #outgoing: Outgoing[] = [];
  #timerOps = new Map<string, TimerOp>();
  readonly #ctx: SessionContext;

  constructor(definition: SessionDefinition<Config, Output>, config: Config, params: SessionParams) {
    if (!(params.sessionId instanceof Uint8Array) || params.sessionId.length !== 32) {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'session: the session id must be 32 bytes');
    }
    if (!isMember(params.committee, params.self)) {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `session: party ${params.self} is not a member of the committee`);
    }
    this.#identity = Object.freeze({
      protocol: definition.protocol,
      sessionId: params.sessionId.slice(),
      self: params.self,
      committee: params.committee,
    });
    this.#table = new RoundTable(definition.rounds(config, this.#identity));
    this.#rng = params.rng ?? systemRandom;
    this.#ctx = this.#context();
  }

  // ---- SessionMachine -------------------------------------------------------------------------

  get protocol(): string {
    return this.#identity.protocol;
  }
  get sessionId(): Uint8Array {
    return this.#identity.sessionId.slice();
  }
  get self(): PartyId {
    return this.#identity.self;
  }
  get committee(): Committee {
    return this.#identity.committee;
  }
  get status(): SessionStatus {
    return this.#status;
  }
  get result(): SessionResult<Output> | null {
    return this.#result;
  }
  get blames(): readonly Blame[] {
    return this.#blames.list();
  }

  start(): SessionStep<Output> {
    if (this.#status !== 'created') {
      throw new SessionError(SessionErrorCodes.SESSION_ALREADY_STARTED, 'session: start() was already called');
    }
    this.#begin();
    this.#status = 'running';
    this.#protocol.start(this.#ctx);
    return this.#finish();
  }

  handle(input: SessionInput): SessionStep<Output> {
    if (input?.type === 'message') return this.#receive(input.message);
    if (input?.type === 'timeout') return this.#timeout(input.timer);
    throw new SessionError(SessionErrorCodes.SESSION_MALFORMED_MESSAGE, 'session: an input is a message or a timeout');
  }

  activeTimers(): readonly TimerRequest[] {
    return [...this.#timers].map(([id, afterMs]) => ({ id, afterMs }));
  }

  serialize(): Uint8Array {
    return encodeVersioned(sessionStateSchema, STATE_VERSION, {
      protocol: this.#identity.protocol,
      session_id: this.#identity.sessionId,
      self: this.#identity.self,
      committee: this.#identity.committee.fingerprint,
      status: STATUSES.indexOf(this.#status),
      messages: this.#store.all().map((stored) => ({ message: stored.bytes, evidence: stored.evidence })),
      blames: this.#blames.list().map((blame) => ({
        party: blame.party,
        reason: blame.reason,
        round: blame.round,
        detail: blame.detail,
        evidence: [...blame.evidence],
      })),
      timers: [...this.#timers].map(([id, afterMs]) => ({ id, after_ms: BigInt(afterMs) })),
      protocol_state: this.#protocol.save(),
    });
  }

  // ---- construction -------------------------------------------------------------------------

  /** Called once by createSession / restoreSession. */
  init(definition: SessionDefinition<Config, Output>, config: Config, state?: Uint8Array): void {
    if (state === undefined) {
      this.#protocol = definition.create(config, this.#identity);
      return;
    }
    const saved = decodeVersioned(sessionStateSchema, STATE_VERSION, state, 'session state');
    const mismatch = (what: string) =>
      new SessionError(SessionErrorCodes.SESSION_STATE_MISMATCH, `session state: saved for another ${what}`, { field: what });
    if (saved.protocol !== this.#identity.protocol) throw mismatch('protocol');
    if (!sameBytes(new Uint8Array(saved.session_id), this.#identity.sessionId)) throw mismatch('session id');
    if (saved.self !== this.#identity.self) throw mismatch('party');
    if (!sameBytes(new Uint8Array(saved.committee), this.#identity.committee.fingerprint)) throw mismatch('committee');
    const status = STATUSES[saved.status];
    if (status === undefined) throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, 'session state: unknown status');
    for (const entry of saved.messages) {
      let stored: StoredMessage;
      try {
        stored = this.#stored(decodeRoundMessage(new Uint8Array(entry.message)), new Uint8Array(entry.evidence));
      } catch (error) {
        if (error instanceof SessionError) {
          throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, `session state: ${error.message}`, {}, { cause: error });
        }
        throw error;
      }
      const filed = this.#store.add(stored);
      if (filed === 'duplicate' || filed === 'full') {
        throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, 'session state: a message is filed twice');
      }
    }
    for (const blame of saved.blames) {
      if (!BLAME_REASON_PATTERN.test(blame.reason)) {
        throw new SessionError(SessionErrorCodes.SESSION_STATE_CORRUPT, 'session state: a blame reason is not a stable code');
      }
      this.#blames.add({
        party: blame.party,
        reason: blame.reason,
        round: blame.round,
        detail: blame.detail,
        evidence: blame.evidence.map((item) => new Uint8Array(item)),
      });
    }
    for (const timer of saved.timers) this.#timers.set(timer.id, Number(timer.after_ms));
    this.#protocol = definition.restore(config, this.#identity, new Uint8Array(saved.protocol_state));
    this.#begin();
    this.#protocol.resume?.(this.#ctx);
    if (this.#outgoing.length > 0 || this.#timerOps.size > 0) {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'session: a protocol sent messages or set timers while resuming');
    }
    this.#status = status;
    if (status === 'completed' || status === 'aborted') this.#result = this.#resultOf();
  }

  // ---- inputs -------------------------------------------------------------------------------

  #receive(input: AuthenticatedMessage): SessionStep<Output> {
    const stored = this.#admit(input);
    if (stored === undefined) return this.#empty();
    const verdict = this.#store.classify(stored);
    if (verdict === 'duplicate' || verdict === 'full') return this.#empty();
    this.#begin();
    const earlier = this.#store.slotOf(stored.message)[0];
    this.#store.add(stored);
    if (verdict === 'version' && earlier !== undefined) {
      const { round, kind, attempt } = stored.message;
      this.#ctx.blame({
        party: stored.message.sender,
        reason: BlameReasons.EQUIVOCATION,
        round,
        detail: `two different signed ${kind} messages for round ${round}, attempt ${attempt}`,
        evidence: [earlier, stored],
      });
    }
    if (this.#status !== 'created') this.#protocol.receive(this.#ctx, stored);
    return this.#finish();
  }

  /**
   * Every check that can refuse a message; nothing is changed before they all pass. Undefined for a
   * copy of a message already held or a slot already full: those are dropped before their payload
   * is decoded, so that resending one (or a variant of one, to a full slot) costs only a digest.
   */
  #admit(input: AuthenticatedMessage): StoredMessage | undefined {
    const refuse = (
      code: (typeof SessionErrorCodes)[keyof typeof SessionErrorCodes],
      message: string,
      details: Record<string, unknown> = {},
    ) => new SessionError(code, message, details);
    if (typeof input !== 'object' || input === null) throw refuse(SessionErrorCodes.SESSION_MALFORMED_MESSAGE, 'session: not a message');
    const { sender, message, evidence } = input;
    assertRoundMessage(message);
    if (!(evidence instanceof Uint8Array) || evidence.length === 0) {
      throw refuse(SessionErrorCodes.SESSION_MISSING_EVIDENCE, 'session: a message needs the signed envelope it came in');
    }
    if (sender !== message.sender) {
      throw refuse(SessionErrorCodes.SESSION_SENDER_MISMATCH, `session: signed by party ${sender} but claims party ${message.sender}`, {
        signer: sender,
        claimed: message.sender,
      });
    }
    if (message.protocol !== this.#identity.protocol) {
      throw refuse(
        SessionErrorCodes.SESSION_WRONG_PROTOCOL,
        `session: message of protocol ${message.protocol}, this session runs ${this.#identity.protocol}`,
      );
    }
    if (!sameBytes(message.sessionId, this.#identity.sessionId)) {
      throw refuse(SessionErrorCodes.SESSION_WRONG_SESSION, 'session: message of another session');
    }
    if (!isMember(this.#identity.committee, sender)) {
      throw refuse(SessionErrorCodes.SESSION_UNKNOWN_SENDER, `session: party ${sender} is not a member of the committee`, { sender });
    }
    if (sender === this.#identity.self) {
      // A copy of one of its own messages, passed back by a relaying party, is a harmless duplicate.
      const own = this.#store.byDigest(digestKey(messageDigest(message)));
      if (own?.own) return undefined;
      throw refuse(SessionErrorCodes.SESSION_OWN_MESSAGE, 'session: a message claiming to come from this party itself');
    }
    const { kind } = this.#table.lookup(message.round, message.kind);
    if (kind.delivery === 'broadcast' ? message.recipient !== null : message.recipient !== this.#identity.self) {
      throw refuse(
        SessionErrorCodes.SESSION_WRONG_RECIPIENT,
        kind.delivery === 'broadcast'
          ? `session: ${message.kind} is a broadcast and names no recipient`
          : `session: ${message.kind} is addressed to party ${message.recipient}`,
        { recipient: message.recipient },
      );
    }
    if (message.attempt > kind.maxAttempt) {
      throw refuse(
        SessionErrorCodes.SESSION_ATTEMPT_OUT_OF_RANGE,
        `session: ${message.kind} attempt ${message.attempt} exceeds ${kind.maxAttempt}`,
        {
          attempt: message.attempt,
          max: kind.maxAttempt,
        },
      );
    }
    const bytes = encodeRoundMessage(message);
    const digest = messageDigest(bytes);
    const held = this.#store.classifyKey(message, digestKey(digest));
    if (held === 'duplicate' || held === 'full') return undefined;
    const stored = this.#stored(message, evidence.slice(), bytes, digest);
    this.#protocol.admit?.(message, stored.payload);
    return stored;
  }

  #timeout(timer: string): SessionStep<Output> {
    if (typeof timer !== 'string' || !this.#timers.has(timer)) {
      throw new SessionError(SessionErrorCodes.SESSION_UNKNOWN_TIMER, `session: no timer ${JSON.stringify(timer)} is set`, { timer });
    }
    this.#begin();
    this.#timers.delete(timer);
    this.#protocol.timeout(this.#ctx, timer);
    return this.#finish();
  }

  // ---- helpers ------------------------------------------------------------------------------

  #stored(
    message: RoundMessage,
    evidence: Uint8Array,
    bytes: Uint8Array = encodeRoundMessage(message),
    digest: Uint8Array = messageDigest(bytes),
  ): StoredMessage {
    const payload = this.#table.decodePayload(message);
    return Object.freeze({
      message,
      bytes,
      payload,
      evidence,
      digest,
      key: digestKey(digest),
      own: message.sender === this.#identity.self,
    });
  }

  #begin(): void {
    this.#outgoing = [];
    this.#timerOps = new Map();
  }

  #empty(): SessionStep<Output> {
    return { outgoing: [], setTimers: [], cancelTimers: [], result: null };
  }

  #resultOf(): SessionResult<Output> | null {
    const outcome = this.#protocol.outcome();
    if (outcome === undefined) return null;
    return outcome.status === 'completed'
      ? { status: 'completed', output: outcome.output, blame: this.#blames.list() }
      : { status: 'aborted', reason: outcome.reason, culprits: this.#blames.list() };
  }

  #finish(): SessionStep<Output> {
    let result: SessionResult<Output> | null = null;
    if (this.#status === 'running') {
      result = this.#resultOf();
      if (result !== null) {
        this.#status = result.status;
        this.#result = result;
      }
    }
    const setTimers: TimerRequest[] = [];
    const cancelTimers: string[] = [];
    for (const [id, op] of this.#timerOps) {
      if (op.op === 'set') setTimers.push({ id, afterMs: op.afterMs });
      else cancelTimers.push(id);
    }
    const step = { outgoing: this.#outgoing, setTimers, cancelTimers, result };
    this.#begin();
    return step;
  }

  #context(): SessionContext {
    const session = this;
    const identity = this.#identity;
    const recipients = (to: Recipient): Recipient => {
      if (to !== 'all' && (!isMember(identity.committee, to) || to === identity.self)) {
        throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `session: cannot send to party ${to}`);
      }
      return to;
    };
    return {
      identity,
      table: this.#table,
      get rng() {
        return session.#rng;
      },
      store: this.#store,
      send<P>(round: number, kind: string, attempt: number, payload: P, to?: PartyId): StoredMessage<P> {
        const spec = session.#table.lookup(round, kind).kind;
        if ((spec.delivery === 'direct') !== (to !== undefined)) {
          throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `session: ${kind} is a ${spec.delivery} kind`);
        }
        const message: RoundMessage = {
          protocol: identity.protocol,
          sessionId: identity.sessionId,
          round,
          attempt,
          sender: identity.self,
          recipient: to ?? null,
          kind,
          payload: session.#table.encodePayload(round, kind, payload),
        };
        const stored = session.#stored(message, EMPTY) as StoredMessage<P>;
        const verdict = session.#store.classify(stored);
        if (verdict === 'version' || verdict === 'full') {
          throw new SessionError(
            SessionErrorCodes.SESSION_SELF_EQUIVOCATION,
            `session: a second, different ${kind} message for round ${round}, attempt ${attempt}`,
          );
        }
        session.#store.add(stored);
        session.#outgoing.push({ type: 'send', to: recipients(to ?? 'all'), message });
        return (session.#store.byDigest(stored.key) ?? stored) as StoredMessage<P>;
      },
      relay(stored: StoredMessage, to: Recipient): void {
        if (to === stored.message.sender) return;
        if (stored.message.recipient !== null) {
          throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'session: only broadcast messages are passed on');
        }
        session.#outgoing.push(
          stored.own
            ? { type: 'send', to: recipients(to), message: stored.message }
            : { type: 'relay', to: recipients(to), evidence: stored.evidence },
        );
      },
      relayEvidence(evidence: Uint8Array, to: Recipient): void {
        session.#outgoing.push({ type: 'relay', to: recipients(to), evidence });
      },
      setTimer(id: string, afterMs: number): void {
        if (typeof id !== 'string' || id.length === 0 || !Number.isFinite(afterMs) || afterMs < 0) {
          throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'session: a timer needs an id and a non-negative delay');
        }
        session.#timers.set(id, afterMs);
        session.#timerOps.set(id, { op: 'set', afterMs });
      },
      cancelTimer(id: string): void {
        if (session.#timers.delete(id)) session.#timerOps.set(id, { op: 'cancel' });
      },
      hasTimer(id: string): boolean {
        return session.#timers.has(id);
      },
      blame(blame: BlameInput): void {
        if (!BLAME_REASON_PATTERN.test(blame.reason) || !isMember(identity.committee, blame.party) || blame.party === identity.self) {
          throw new SessionError(
            SessionErrorCodes.SESSION_INVALID_CONFIG,
            'session: a blame names another member with an UPPER_SNAKE_CASE reason',
          );
        }
        if (blame.evidence.length === 0 || blame.evidence.some((stored) => stored.own)) {
          throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'session: a blame needs evidence from peers');
        }
        session.#blames.add({
          party: blame.party,
          reason: blame.reason,
          round: blame.round,
          detail: blame.detail,
          evidence: blame.evidence.map((stored) => stored.evidence),
        });
      },
      get blames() {
        return session.#blames.list();
      },
      blamedWeight(): number {
        return session.#blames.weight(identity.committee);
      },
    };
  }
}

/** A new session machine for `definition`; call `start()` to send its first messages. */
export function createSession<Config, Output>(
  definition: SessionDefinition<Config, Output>,
  config: Config,
  params: SessionParams,
): SessionMachine<Output> {
  const session = new Session(definition, config, params);
  session.init(definition, config);
  return session;
}

/** A session machine restored from {@link SessionMachine.serialize}; it continues where it stopped. */
export function restoreSession<Config, Output>(
  definition: SessionDefinition<Config, Output>,
  config: Config,
  params: SessionParams,
  state: Uint8Array,
): SessionMachine<Output> {
  const session = new Session(definition, config, params);
  session.init(definition, config, state);
  return session;
}

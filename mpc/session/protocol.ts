/**
 * What a protocol (network-key parts, presign, sign, …) implements to run as a session, and what
 * the session runtime offers it.
 *
 * A protocol is an object with explicit, serializable state. The runtime validates every message
 * against the protocol's round table, files it, detects equivocation, and only then calls
 * `receive`. The protocol reacts through the {@link SessionContext}: it sends messages, passes on
 * envelopes, sets timers and blames parties. Its result is a query, `outcome()`, which the runtime
 * reads after every input.
 *
 * Composing rounds (presign: an EncDH⟨2⟩ aggregation, then a ScaleDL aggregation over its ct_γ):
 *  - `rounds()` declares every round up front, from the languages' shapes, so that any message of
 *    any round is checked and decoded on arrival (aggregationRound in aggregation.ts);
 *  - the protocol creates a later round's component once the earlier output it depends on
 *    exists, and starts it; messages of that round that came early are already in the store and
 *    are taken into account when it starts;
 *  - `receive`, `timeout` and `admit` are passed to the component owning the message's round or
 *    the timer (admitAggregationMessage stands in for a component not created yet);
 *  - `save` concatenates the components' states; `restore` keeps a later component's state until
 *    `resume`, where the earlier output it depends on has been rebuilt.
 * test/mpc/session/two-rounds.ts is a complete example.
 * @module
 */
import type { RandomSource } from '../numbers/random.ts';
import type { Blame } from './blame.ts';
import type { Committee, PartyId } from './committee.ts';
import type { BlameReason } from './errors.ts';
import type { Recipient } from './machine.ts';
import type { RoundMessage } from './message.ts';
import type { RoundSpec, RoundTable } from './rounds.ts';
import type { MessageReader, StoredMessage } from './store.ts';

export interface SessionIdentity {
  readonly protocol: string;
  readonly sessionId: Uint8Array;
  readonly self: PartyId;
  readonly committee: Committee;
}

export interface BlameInput {
  readonly party: PartyId;
  readonly reason: BlameReason;
  readonly round: number;
  readonly detail: string;
  /** Messages from peers proving the misbehaviour (their envelopes become the evidence). */
  readonly evidence: readonly StoredMessage[];
}

export interface SessionContext {
  readonly identity: SessionIdentity;
  readonly table: RoundTable;
  /** Randomness for proofs and batch-verification weights. */
  readonly rng: RandomSource;
  readonly store: MessageReader;
  /**
   * Sends a message (to every other party, or to `to` for a direct kind) and files it as the
   * machine's own. Sending the same message again is a re-send; sending a different one for the
   * same slot throws SESSION_SELF_EQUIVOCATION (a protocol bug, never a peer's fault).
   */
  send<P>(round: number, kind: string, attempt: number, payload: P, to?: PartyId): StoredMessage<P>;
  /** Passes a stored broadcast message on: a peer's envelope unchanged, or the machine's own message again. */
  relay(message: StoredMessage, to: Recipient): void;
  /** Passes on an envelope kept as blame evidence. */
  relayEvidence(evidence: Uint8Array, to: Recipient): void;
  setTimer(id: string, afterMs: number): void;
  cancelTimer(id: string): void;
  hasTimer(id: string): boolean;
  /** Records a blame (once per party, reason, round and evidence). */
  blame(blame: BlameInput): void;
  readonly blames: readonly Blame[];
  /** The weight of the parties blamed so far. */
  blamedWeight(): number;
}

export type ProtocolOutcome<Output> =
  | { readonly status: 'completed'; readonly output: Output }
  | { readonly status: 'aborted'; readonly reason: string };

export interface Protocol<Output> {
  /** Called once. Messages that arrived before are already in the store. */
  start(ctx: SessionContext): void;
  /** A message was filed (a new slot, or another version of one). */
  receive(ctx: SessionContext, message: StoredMessage): void;
  /** A timer the protocol set expired. */
  timeout(ctx: SessionContext, timer: string): void;
  /** Refusals that depend on the protocol's state (e.g. an attempt too far ahead); throw a SessionError. */
  admit?(message: RoundMessage, payload: unknown): void;
  /**
   * After a restore, rebuilds whatever the protocol derives from held messages rather than
   * storing (e.g. an aggregate). It must not send messages or set timers.
   */
  resume?(ctx: SessionContext): void;
  /** Undefined while the session runs. */
  outcome(): ProtocolOutcome<Output> | undefined;
  /** The protocol's own state, restored by its definition's `restore`. */
  save(): Uint8Array;
}

/** A protocol as the session runtime instantiates it. `Config` is everything that is not state. */
export interface SessionDefinition<Config, Output> {
  readonly protocol: string;
  rounds(config: Config, identity: SessionIdentity): readonly RoundSpec[];
  create(config: Config, identity: SessionIdentity): Protocol<Output>;
  restore(config: Config, identity: SessionIdentity, state: Uint8Array): Protocol<Output>;
}

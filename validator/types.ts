/**
 * The interfaces the validator's folders share. Each folder implements or uses these, never
 * another folder's classes, so the imports between folders run one way:
 *
 * ```
 * node.ts, chain-events.ts, http.ts  →  batches/  →  engine/  →  peer/  →  store/
 * ```
 *
 * (and every folder may use the leaf modules beside this one: committee view, errors, metrics,
 * faults, keys). The session engine (engine/) runs what the peer inbound path (peer/) hands it
 * through {@link SessionHost}; the session workers are the {@link SessionRunner} the chain follower
 * starts and closes sessions on and the {@link EnvelopeReceiver} the inbound path forwards to; the
 * batch decider (batches/) plans its agreements as {@link SessionPlan}s and drives them through
 * {@link SessionControl}, and hears from the chain follower through {@link BatchProgress}.
 * @module
 */
import type { SessionId } from '../chain/session-id.ts';
import type { AuthenticatedMessage, SessionResult } from '../mpc/session/machine.ts';
import type { SessionDefinition } from '../mpc/session/protocol.ts';
import type { RoundTable } from '../mpc/session/rounds.ts';
import type { ThresholdPublicKey } from '../mpc/threshold/keys.ts';
import type { CommitteeView } from './committee-view.ts';

/** How an envelope from a peer was taken (peer/inbound.ts). */
export type Acceptance = 'accepted' | 'queued' | 'duplicate' | 'closed';

/** Where the sessions of requests run (the session workers): started once recorded, closed once on chain. */
export interface SessionRunner {
  start(mpcSessionId: string): void;
  close(mpcSessionId: string): void;
}

/** Takes an envelope the main thread authenticated (a session worker); rejects with a PeerInputError for a refusal. */
export interface EnvelopeReceiver {
  receive(envelope: Uint8Array): Promise<Acceptance>;
}

/** What the inbound path asks of the session engine that runs an envelope's session. */
export interface SessionHost {
  isLive(mpcSessionId: string): boolean;
  /** Known here and still to run (created, being planned, or live). */
  isPending(mpcSessionId: string): boolean;
  /** The protocol and round table of a live session, for the checks at the transport. */
  tableOf(mpcSessionId: string): { protocol: string; table: RoundTable } | undefined;
  /** An envelope accepted and stored in the inbox as row `inboxId`. */
  deliver(mpcSessionId: string, inboxId: number, message: AuthenticatedMessage): void;
}

/** How the batch decider drives the agreements it plans. */
export interface SessionControl {
  isPending(mpcSessionId: string): boolean;
  start(mpcSessionId: string): void;
  close(mpcSessionId: string): void;
  /** Fires `timer` of a live session now, if it is armed. */
  nudge(mpcSessionId: string, timer: string): void;
}

/** What the chain follower tells the batch decider. */
export interface BatchProgress {
  /** The chain recorded the result batch of `sequence`. */
  onChainProcessed(sequence: number): void;
}

/** One request's result as it goes into a result batch. */
export interface ChainEntry {
  /** The request's chain session id. */
  readonly sessionId: SessionId;
  /** Its `SessionResult`, encoded. */
  readonly entry: Uint8Array;
}

/** The session that serves a row of the store: what it runs, and what its end puts on chain. */
export interface SessionPlan {
  // biome-ignore lint/suspicious/noExplicitAny: plans of every protocol share one engine
  readonly definition: SessionDefinition<any, any>;
  readonly config: unknown;
  /** The chain results of the session's requests. */
  results(result: SessionResult<unknown>): ChainEntry[];
  /** The threshold key of a sign session (for fault injection in tests). */
  readonly thresholdKey?: ThresholdPublicKey;
  /**
   * The committee the session runs under, when it is not the current one: an epoch change runs
   * under the union of the current and the next committee, for the next epoch (its envelopes carry
   * that epoch and the union's party ids).
   */
  readonly view?: CommitteeView;
}

/** A session to run, or the rejections of requests whose data on chain cannot start one. */
export type Planned =
  | { readonly type: 'session'; readonly plan: SessionPlan }
  | { readonly type: 'rejected'; readonly results: ChainEntry[] };

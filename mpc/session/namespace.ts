/**
 * Running a whole protocol as one part of a larger session: the network key's DKG runs, per
 * curve, the class-group DKG (three rounds) and then the key-parts aggregation (one round), all in
 * one session whose id the chain request fixed. Each part keeps its own round numbers, timers and
 * proof bindings; a {@link Namespace} places it in the outer session:
 *
 *  - its rounds r = 1..span − 1 become base + r on the wire (so two parts never share a slot,
 *    and a message signed for one part can never be filed under another: the round is in the
 *    signed bytes);
 *  - its timers are prefixed by the namespace's name;
 *  - its identity has the protocol `outer#name` and the session id
 *    cSHAKE256("dwallet/session/namespace/v1", sessionId ‖ name), so every proof, keystream
 *    and transcript of the part is bound to the part (domain separation), not only to the session.
 *
 * The part sees its own round numbers everywhere (messages it receives, the store, blames it
 * records); {@link NamespacedContext} translates at the boundary. Evidence keeps the signed
 * envelopes unchanged, so a blame is checkable by anyone exactly as if the part ran alone.
 * @module
 */
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Blame } from './blame.ts';
import type { PartyId } from './committee.ts';
import { SessionError, SessionErrorCodes } from './errors.ts';
import type { Recipient } from './machine.ts';
import type { RoundMessage } from './message.ts';
import type { BlameInput, SessionContext, SessionIdentity } from './protocol.ts';
import { type RoundSpec, RoundTable } from './rounds.ts';
import type { MessageReader, StoredMessage } from './store.ts';

export interface Namespace {
  /** Names the part, e.g. "secp256k1/dkg"; bound into its identity and timers. */
  readonly name: string;
  /** The part's round r is base + r in the outer session. */
  readonly base: number;
  /** The part's rounds are 1..span − 1. */
  readonly span: number;
}

/** Whether an outer round belongs to the namespace. */
export function inNamespace(ns: Namespace, round: number): boolean {
  return round > ns.base && round < ns.base + ns.span;
}

/** The part's identity: protocol `outer#name`, session id bound to the name (module comment). */
export function namespacedIdentity(identity: SessionIdentity, ns: Namespace): SessionIdentity {
  const hash = cshake256.create({ personalization: utf8ToBytes('dwallet/session/namespace/v1'), dkLen: 32 });
  hash.update(identity.sessionId);
  hash.update(utf8ToBytes(ns.name));
  return { ...identity, protocol: `${identity.protocol}#${ns.name}`, sessionId: hash.digest() };
}

/** The part's round specs placed in the outer session (rounds shifted, names prefixed). */
export function namespacedRounds(specs: readonly RoundSpec[], ns: Namespace): RoundSpec[] {
  return specs.map((spec) => {
    if (!Number.isInteger(spec.round) || spec.round < 1 || spec.round >= ns.span) {
      throw new SessionError(
        SessionErrorCodes.SESSION_INVALID_CONFIG,
        `namespace ${ns.name}: round ${spec.round} is outside 1..${ns.span - 1}`,
      );
    }
    return { ...spec, round: ns.base + spec.round, name: `${ns.name}/${spec.name}` };
  });
}

/** A round message with the part's round number. */
export function localMessage(ns: Namespace, message: RoundMessage): RoundMessage {
  return { ...message, round: message.round - ns.base };
}

/**
 * The context a part runs in: the outer context seen through the namespace. Stored messages are
 * translated once each (the same object every time, so identity comparisons in the part hold) and
 * translated back when the part relays them or cites them as evidence.
 */
export class NamespacedContext implements SessionContext {
  readonly identity: SessionIdentity;
  readonly table: RoundTable;
  readonly store: MessageReader;
  readonly #outer: SessionContext;
  readonly #ns: Namespace;
  readonly #local = new WeakMap<StoredMessage, StoredMessage>();
  readonly #outerOf = new WeakMap<StoredMessage, StoredMessage>();

  constructor(outer: SessionContext, ns: Namespace, identity: SessionIdentity, localRounds: readonly RoundSpec[]) {
    this.#outer = outer;
    this.#ns = ns;
    this.identity = identity;
    this.table = new RoundTable(localRounds);
    const base = ns.base;
    const local = (stored: StoredMessage | undefined) => (stored === undefined ? undefined : this.local(stored));
    this.store = {
      slot: (round, kind, attempt, sender, recipient) =>
        outer.store.slot(round + base, kind, attempt, sender, recipient).map((stored) => this.local(stored)),
      versions: (round, kind, attempt) => outer.store.versions(round + base, kind, attempt).map((stored) => this.local(stored)),
      attempts: (round, kind) => outer.store.attempts(round + base, kind),
      byDigest: (key) => {
        const stored = outer.store.byDigest(key);
        return stored !== undefined && inNamespace(ns, stored.message.round) ? local(stored) : undefined;
      },
    };
  }

  get rng() {
    return this.#outer.rng;
  }

  get blames(): readonly Blame[] {
    return this.#outer.blames
      .filter((blame) => inNamespace(this.#ns, blame.round))
      .map((blame) => ({ ...blame, round: blame.round - this.#ns.base }));
  }

  /** The part's view of an outer stored message. */
  local<P>(stored: StoredMessage<P>): StoredMessage<P> {
    let view = this.#local.get(stored);
    if (view === undefined) {
      view = { ...stored, message: localMessage(this.#ns, stored.message) };
      this.#local.set(stored, view);
      this.#outerOf.set(view, stored);
    }
    return view as StoredMessage<P>;
  }

  #outerMessage(stored: StoredMessage): StoredMessage {
    const outer = this.#outerOf.get(stored);
    if (outer === undefined) {
      throw new SessionError(
        SessionErrorCodes.SESSION_INVALID_CONFIG,
        `namespace ${this.#ns.name}: a message that did not come from the store`,
      );
    }
    return outer;
  }

  send<P>(round: number, kind: string, attempt: number, payload: P, to?: PartyId): StoredMessage<P> {
    return this.local(this.#outer.send(round + this.#ns.base, kind, attempt, payload, to));
  }

  relay(message: StoredMessage, to: Recipient): void {
    this.#outer.relay(this.#outerMessage(message), to);
  }

  relayEvidence(evidence: Uint8Array, to: Recipient): void {
    this.#outer.relayEvidence(evidence, to);
  }

  #timer(id: string): string {
    return `${this.#ns.name}/${id}`;
  }

  /** The part's id of an outer timer, or undefined when the timer is not the part's. */
  localTimer(timer: string): string | undefined {
    const prefix = `${this.#ns.name}/`;
    return timer.startsWith(prefix) ? timer.slice(prefix.length) : undefined;
  }

  setTimer(id: string, afterMs: number): void {
    this.#outer.setTimer(this.#timer(id), afterMs);
  }

  cancelTimer(id: string): void {
    this.#outer.cancelTimer(this.#timer(id));
  }

  hasTimer(id: string): boolean {
    return this.#outer.hasTimer(this.#timer(id));
  }

  blame(blame: BlameInput): void {
    this.#outer.blame({ ...blame, round: blame.round + this.#ns.base, evidence: blame.evidence.map((m) => this.#outerMessage(m)) });
  }

  blamedWeight(): number {
    return this.#outer.blamedWeight();
  }
}

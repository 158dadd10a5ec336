/**
 * The messages a session machine holds: every accepted message from peers, with the signed
 * envelope it came in, and every message the machine itself sent.
 *
 * Messages are filed by slot, (round, kind, attempt, sender, recipient). The first message of a
 * slot is its primary; a later, different one is another version (equivocation by its sender,
 * which the runtime blames). Up to {@link MAX_VERSIONS_PER_SLOT} versions are kept, so that a
 * version that a proposal refers to can still be found when it arrives second, while a sender
 * cannot fill memory with versions. Identical copies are recognised and dropped.
 * @module
 */
import type { PartyId } from './committee.ts';
import type { RoundMessage } from './message.ts';

export interface StoredMessage<P = unknown> {
  readonly message: RoundMessage;
  /** The BCS encoding of `message` (what the sender signed). */
  readonly bytes: Uint8Array;
  readonly payload: P;
  /** The signed envelope it arrived in; empty for the machine's own messages. */
  readonly evidence: Uint8Array;
  readonly digest: Uint8Array;
  /** Hex of `digest`. */
  readonly key: string;
  readonly own: boolean;
}

export const MAX_VERSIONS_PER_SLOT = 4;

export type AddResult = 'new' | 'duplicate' | 'version' | 'full';

export function slotKey(message: RoundMessage): string {
  return `${message.round}/${message.kind}/${message.attempt}/${message.sender}/${message.recipient ?? '*'}`;
}

/** Read access for protocols. */
export interface MessageReader {
  /** Versions of one slot, primary first. */
  slot(round: number, kind: string, attempt: number, sender: PartyId, recipient?: PartyId | null): readonly StoredMessage[];
  /** All versions of all senders for (round, kind, attempt), in arrival order. */
  versions(round: number, kind: string, attempt: number): readonly StoredMessage[];
  /** The attempts at which (round, kind) messages are held, ascending. */
  attempts(round: number, kind: string): readonly number[];
  byDigest(key: string): StoredMessage | undefined;
}

export class MessageStore implements MessageReader {
  readonly #slots = new Map<string, StoredMessage[]>();
  readonly #byAttempt = new Map<string, StoredMessage[]>();
  readonly #attempts = new Map<string, Set<number>>();
  readonly #byDigest = new Map<string, StoredMessage>();
  readonly #all: StoredMessage[] = [];

  /** What adding `stored` would do, without doing it. */
  classify(stored: StoredMessage): AddResult {
    return this.classifyKey(stored.message, stored.key);
  }

  /** What adding a message with digest key `key` would do: needs no decoded payload. */
  classifyKey(message: RoundMessage, key: string): AddResult {
    if (this.#byDigest.has(key)) return 'duplicate';
    const versions = this.#slots.get(slotKey(message));
    if (versions === undefined) return 'new';
    return versions.length >= MAX_VERSIONS_PER_SLOT ? 'full' : 'version';
  }

  add(stored: StoredMessage): AddResult {
    const result = this.classify(stored);
    if (result === 'duplicate' || result === 'full') return result;
    const key = slotKey(stored.message);
    const versions = this.#slots.get(key) ?? [];
    versions.push(stored);
    this.#slots.set(key, versions);
    const { round, kind, attempt } = stored.message;
    const attemptKey = `${round}/${kind}/${attempt}`;
    const list = this.#byAttempt.get(attemptKey) ?? [];
    list.push(stored);
    this.#byAttempt.set(attemptKey, list);
    const attempts = this.#attempts.get(`${round}/${kind}`) ?? new Set<number>();
    attempts.add(attempt);
    this.#attempts.set(`${round}/${kind}`, attempts);
    this.#byDigest.set(stored.key, stored);
    this.#all.push(stored);
    return result;
  }

  slot(round: number, kind: string, attempt: number, sender: PartyId, recipient: PartyId | null = null): readonly StoredMessage[] {
    return this.#slots.get(`${round}/${kind}/${attempt}/${sender}/${recipient ?? '*'}`) ?? [];
  }

  /** The versions already filed in the slot `message` belongs to. */
  slotOf(message: RoundMessage): readonly StoredMessage[] {
    return this.#slots.get(slotKey(message)) ?? [];
  }

  versions(round: number, kind: string, attempt: number): readonly StoredMessage[] {
    return this.#byAttempt.get(`${round}/${kind}/${attempt}`) ?? [];
  }

  attempts(round: number, kind: string): readonly number[] {
    return [...(this.#attempts.get(`${round}/${kind}`) ?? [])].sort((a, b) => a - b);
  }

  byDigest(key: string): StoredMessage | undefined {
    return this.#byDigest.get(key);
  }

  /** Every stored message in the order it was added (the order state serialization keeps). */
  all(): readonly StoredMessage[] {
    return this.#all;
  }
}

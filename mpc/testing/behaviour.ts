/**
 * Misbehaviour of a validator in the test network. A behaviour sees each message the party's
 * machine sends, once per recipient, and decides what that recipient gets instead: the message
 * unchanged, another message (still signed by the party, so a changed payload is a bad proof or
 * share, and different messages to different recipients are equivocation), or nothing (silence).
 * It also decides whether the party passes on other parties' envelopes.
 *
 * Behaviours know nothing of any protocol: rewriting a payload takes a function from the test,
 * which knows the payload's schema.
 * @module
 */
import type { PartyId } from '../session/committee.ts';
import type { RoundMessage } from '../session/message.ts';

export interface Behaviour {
  /** The message `to` receives in place of `message`, or null for none. */
  readonly outgoing?: (message: RoundMessage, to: PartyId) => RoundMessage | null;
  /** Whether the party passes on envelopes it was asked to relay (default true). */
  readonly relays?: boolean;
}

export const honest: Behaviour = Object.freeze({});

/** Sends nothing and relays nothing. */
export function silent(): Behaviour {
  return { outgoing: () => null, relays: false };
}

/** Sends nothing matching `which` (e.g. its proposals) and behaves otherwise. */
export function silentOn(which: (message: RoundMessage) => boolean): Behaviour {
  return { outgoing: (message) => (which(message) ? null : message) };
}

/** Replaces the payload of its `kind` messages (a bad proof, a bad contribution or decryption share). */
export function rewritePayloads(kind: string, rewrite: (payload: Uint8Array, message: RoundMessage) => Uint8Array): Behaviour {
  return { outgoing: (message) => (message.kind === kind ? { ...message, payload: rewrite(message.payload, message) } : message) };
}

/**
 * Sends different `kind` messages to different recipients: `variant` returns the payload each
 * recipient gets (returning the original payload for some recipients keeps them on the honest one).
 */
export function equivocate(kind: string, variant: (payload: Uint8Array, to: PartyId, message: RoundMessage) => Uint8Array): Behaviour {
  return { outgoing: (message, to) => (message.kind === kind ? { ...message, payload: variant(message.payload, to, message) } : message) };
}

/** Applies behaviours in order (the first null wins); relays only if all of them do. */
export function combine(...behaviours: readonly Behaviour[]): Behaviour {
  return {
    outgoing: (message, to) => {
      let current: RoundMessage | null = message;
      for (const behaviour of behaviours) {
        if (current === null) return null;
        current = behaviour.outgoing ? behaviour.outgoing(current, to) : current;
      }
      return current;
    },
    relays: behaviours.every((behaviour) => behaviour.relays !== false),
  };
}

/**
 * The round table of a protocol: which (round, kind) pairs exist, how each payload is encoded, to
 * whom it goes and which attempts it may carry. A session machine refuses every message outside
 * its table before looking at it further, and decodes every payload strictly, so protocol code
 * only ever sees well-formed payloads.
 *
 * Payload schemas are fixed when the session is defined: a round whose languages depend on an
 * earlier round's output (presign round 3 proves ScaleDL on the aggregated ct_γ) declares the
 * shapes of those languages, which do not depend on their public values.
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import { decodeExact } from '../encoding/decode.ts';
import { DWalletError } from '../errors.ts';
import { SessionError, SessionErrorCodes } from './errors.ts';
import type { RoundMessage } from './message.ts';
import { MAX_ROUND } from './message.ts';

export type Delivery = 'broadcast' | 'direct';

export interface KindSpec<P = unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: schemas may take a wider input type than they output
  readonly schema: BcsType<P, any>;
  /** A broadcast carries no recipient; a direct message names its recipient. */
  readonly delivery: Delivery;
  /** The largest attempt accepted (0 for kinds sent once per round). */
  readonly maxAttempt: number;
  /**
   * Structural checks beyond the encoding (sorted lists, known party ids): returns why the payload
   * is malformed, or undefined. It sees only the message, never the session's state.
   */
  readonly check?: (payload: P, message: RoundMessage) => string | undefined;
}

export interface RoundSpec {
  readonly round: number;
  /** The round's name, bound into proofs (ProofContext.round), e.g. "presign/round-1". */
  readonly name: string;
  readonly kinds: Readonly<Record<string, KindSpec<never>>>;
}

/** Widens a typed kind for a round's table. */
export function kind<P>(spec: KindSpec<P>): KindSpec<never> {
  return spec as unknown as KindSpec<never>;
}

export class RoundTable {
  readonly #rounds = new Map<number, RoundSpec>();

  constructor(rounds: readonly RoundSpec[]) {
    for (const spec of rounds) {
      if (!Number.isInteger(spec.round) || spec.round < 0 || spec.round > MAX_ROUND) {
        throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `round table: round ${spec.round} out of range`);
      }
      if (this.#rounds.has(spec.round)) {
        throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `round table: round ${spec.round} is defined twice`);
      }
      this.#rounds.set(spec.round, spec);
    }
  }

  round(round: number): RoundSpec | undefined {
    return this.#rounds.get(round);
  }

  /** The kind's spec, or a typed refusal naming what is unknown. */
  lookup(round: number, kind: string): { round: RoundSpec; kind: KindSpec<unknown> } {
    const spec = this.#rounds.get(round);
    if (spec === undefined) {
      throw new SessionError(SessionErrorCodes.SESSION_UNKNOWN_ROUND, `round ${round} is not a round of this protocol`, { round });
    }
    const kindSpec = Object.hasOwn(spec.kinds, kind) ? (spec.kinds[kind] as unknown as KindSpec<unknown>) : undefined;
    if (kindSpec === undefined) {
      throw new SessionError(SessionErrorCodes.SESSION_UNKNOWN_KIND, `round ${round} (${spec.name}) has no message kind "${kind}"`, {
        round,
        kind,
      });
    }
    return { round: spec, kind: kindSpec };
  }

  /** Decodes and checks a payload; throws SESSION_MALFORMED_PAYLOAD. */
  decodePayload(message: RoundMessage): unknown {
    const { kind } = this.lookup(message.round, message.kind);
    let payload: unknown;
    try {
      payload = decodeExact(kind.schema, message.payload, `${message.kind} payload`);
    } catch (error) {
      if (error instanceof DWalletError) {
        throw new SessionError(
          SessionErrorCodes.SESSION_MALFORMED_PAYLOAD,
          `round ${message.round} ${message.kind} from party ${message.sender}: ${error.message}`,
          { round: message.round, kind: message.kind, sender: message.sender, cause: error.code },
          { cause: error },
        );
      }
      throw error;
    }
    const problem = kind.check?.(payload, message);
    if (problem !== undefined) {
      throw new SessionError(
        SessionErrorCodes.SESSION_MALFORMED_PAYLOAD,
        `round ${message.round} ${message.kind} from party ${message.sender}: ${problem}`,
        { round: message.round, kind: message.kind, sender: message.sender },
      );
    }
    return payload;
  }

  encodePayload(round: number, kind: string, payload: unknown): Uint8Array {
    return this.lookup(round, kind).kind.schema.serialize(payload).toBytes();
  }
}

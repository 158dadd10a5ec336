/**
 * The messages an agreed value names by (party, digest), shared by the DKG (session.ts) and the
 * resharing (../reshare/session.ts): finding them in the store, asking for the missing ones with
 * a `request` message (each party sends at most MAX_DKG_REQUESTS, on a timer doubled per request
 * up to 16×), and passing on, once per requester, any held message another party asks for. Any
 * holder can answer: a message is its sender's signed envelope, relayed unchanged.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { SessionContext } from '../../session/protocol.ts';
import type { StoredMessage } from '../../session/store.ts';
import { MAX_DKG_REQUESTS, type MessageRef } from './rounds.ts';

/** The persisted part (fields of the owning session's state). */
export const namedMessagesFields = {
  request_seq: bcs.u32(),
  served: bcs.vector(bcs.struct('DkgServed', { party: bcs.u16(), digest: bcs.bytes(32) })),
};

export interface NamedMessagesState {
  readonly request_seq: number;
  readonly served: readonly { party: number; digest: Uint8Array | number[] }[];
}

/** One list of references a value names: what each must be. */
export interface NamedList {
  readonly refs: readonly MessageRef[];
  readonly round: number;
  readonly kind: string;
}

export interface Collected {
  /** found[k]: the held messages of list k, in the list's order (missing ones left out). */
  readonly found: StoredMessage[][];
  readonly missing: boolean;
  /** The first reference whose message is held but is not what the list says. */
  readonly mismatch?: { readonly ref: MessageRef; readonly kind: string };
}

export class NamedMessages {
  readonly #round: number;
  readonly #requestKind: string;
  readonly #timer: string;
  readonly #fetchMs: number;
  /** What the last pass lacked, by digest (cleared before each pass). */
  readonly needs = new Map<string, MessageRef>();
  #requestSeq = 0;
  readonly #served = new Map<string, MessageRef>();

  constructor(spec: { round: number; requestKind: string; timer: string; fetchMs: number }, saved?: NamedMessagesState) {
    this.#round = spec.round;
    this.#requestKind = spec.requestKind;
    this.#timer = spec.timer;
    this.#fetchMs = spec.fetchMs;
    if (saved !== undefined) {
      this.#requestSeq = saved.request_seq;
      for (const { party, digest } of saved.served) {
        const bytes = new Uint8Array(digest);
        this.#served.set(`${party}/${bytesToHex(bytes)}`, { party, digest: bytes });
      }
    }
  }

  save(): NamedMessagesState {
    return { request_seq: this.#requestSeq, served: [...this.#served.values()] };
  }

  find(ctx: SessionContext, ref: MessageRef, round: number, kindName: string): StoredMessage | 'missing' | 'mismatch' {
    const stored = ctx.store.byDigest(bytesToHex(ref.digest));
    if (stored === undefined) return 'missing';
    const m = stored.message;
    return m.round === round && m.kind === kindName && m.sender === ref.party ? stored : 'mismatch';
  }

  /** The named messages as held, the missing ones recorded as needs, or the first that is not what it claims. */
  collect(ctx: SessionContext, lists: readonly NamedList[]): Collected {
    const found: StoredMessage[][] = lists.map(() => []);
    let missing = false;
    for (const [k, { refs, round, kind }] of lists.entries()) {
      for (const ref of refs) {
        const held = this.find(ctx, ref, round, kind);
        if (held === 'mismatch') return { found, missing, mismatch: { ref, kind } };
        if (held === 'missing') {
          this.needs.set(bytesToHex(ref.digest), ref);
          missing = true;
        } else {
          (found[k] as StoredMessage[]).push(held);
        }
      }
    }
    return { found, missing };
  }

  /** Passes on each requested message held, once per requester (never the agreement's own messages). */
  serve(ctx: SessionContext, request: StoredMessage<{ items: readonly MessageRef[] }>): void {
    const requester = request.message.sender;
    for (const item of request.payload.items) {
      const key = `${requester}/${bytesToHex(item.digest)}`;
      if (this.#served.has(key)) continue;
      const stored = ctx.store.byDigest(bytesToHex(item.digest));
      if (stored === undefined || stored.message.sender !== item.party || stored.message.round === this.#round) continue;
      ctx.relay(stored, requester);
      this.#served.set(key, { party: requester, digest: new Uint8Array(item.digest) });
    }
  }

  /** After a pass: asks for the needs when the fetch timer is due, and arms or cancels that timer. */
  flush(ctx: SessionContext, fetchDue: boolean): void {
    if (fetchDue && this.needs.size > 0 && this.#requestSeq < MAX_DKG_REQUESTS) {
      ctx.send(this.#round, this.#requestKind, this.#requestSeq, { items: [...this.needs.values()] });
      this.#requestSeq += 1;
    }
    if (this.needs.size > 0 && this.#requestSeq < MAX_DKG_REQUESTS) {
      if (fetchDue || !ctx.hasTimer(this.#timer)) ctx.setTimer(this.#timer, this.#fetchMs * 2 ** Math.min(this.#requestSeq, 4));
    } else {
      ctx.cancelTimer(this.#timer);
    }
  }
}

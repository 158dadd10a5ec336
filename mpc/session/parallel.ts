/**
 * Several independent protocols run side by side as one session, each in its own namespace
 * (namespace.ts): the epoch change reshares every curve of every network key at once. The session
 * completes when every part has its output (in the parts' order) and aborts as soon as one part
 * aborts, naming that part. The state is the parts' states, in order.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { SessionError, SessionErrorCodes } from './errors.ts';
import type { RoundMessage } from './message.ts';
import { inNamespace, localMessage, type Namespace, NamespacedContext, namespacedIdentity, namespacedRounds } from './namespace.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from './protocol.ts';
import type { RoundSpec } from './rounds.ts';
import type { StoredMessage } from './store.ts';
import { decodeVersioned, encodeVersioned } from './versioned.ts';

/** One part: a namespace and the session it runs there. */
export interface ParallelPart<Config, Output> {
  readonly namespace: Namespace;
  readonly definition: SessionDefinition<Config, Output>;
  readonly config: Config;
}

const STATE_VERSION = 1;
const stateSchema = bcs.struct('ParallelState', { parts: bcs.vector(bcs.byteVector()) });

/** The round specs of every part, placed in the outer session; throws when two namespaces overlap. */
export function parallelRounds(parts: readonly ParallelPart<unknown, unknown>[], identity: SessionIdentity): RoundSpec[] {
  parts.forEach((a, i) => {
    for (const b of parts.slice(i + 1)) {
      if (a.namespace.base < b.namespace.base + b.namespace.span && b.namespace.base < a.namespace.base + a.namespace.span) {
        throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `namespaces ${a.namespace.name} and ${b.namespace.name} overlap`);
      }
    }
  });
  return parts.flatMap((part) =>
    namespacedRounds(part.definition.rounds(part.config, namespacedIdentity(identity, part.namespace)), part.namespace),
  );
}

interface Running {
  readonly part: ParallelPart<unknown, unknown>;
  readonly identity: SessionIdentity;
  readonly protocol: Protocol<unknown>;
  readonly contexts: WeakMap<SessionContext, NamespacedContext>;
}

export class ParallelProtocol<Output> implements Protocol<Output[]> {
  readonly #running: Running[];

  constructor(parts: readonly ParallelPart<unknown, unknown>[], identity: SessionIdentity, state?: Uint8Array) {
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, STATE_VERSION, state, 'parallel session state');
    if (saved !== undefined && saved.parts.length !== parts.length) {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'the saved state has another number of parts');
    }
    this.#running = parts.map((part, i) => {
      const partIdentity = namespacedIdentity(identity, part.namespace);
      const partState = saved?.parts[i];
      const protocol =
        partState === undefined
          ? part.definition.create(part.config, partIdentity)
          : part.definition.restore(part.config, partIdentity, new Uint8Array(partState));
      return { part, identity: partIdentity, protocol, contexts: new WeakMap() };
    });
  }

  #context(running: Running, outer: SessionContext): NamespacedContext {
    let ctx = running.contexts.get(outer);
    if (ctx === undefined) {
      const { definition, config, namespace } = running.part;
      ctx = new NamespacedContext(outer, namespace, running.identity, definition.rounds(config, running.identity));
      running.contexts.set(outer, ctx);
    }
    return ctx;
  }

  #route(round: number): Running | undefined {
    return this.#running.find((running) => inNamespace(running.part.namespace, round));
  }

  start(ctx: SessionContext): void {
    for (const running of this.#running) running.protocol.start(this.#context(running, ctx));
  }

  receive(ctx: SessionContext, message: StoredMessage): void {
    const running = this.#route(message.message.round);
    if (running === undefined) return;
    const local = this.#context(running, ctx);
    running.protocol.receive(local, local.local(message));
  }

  timeout(ctx: SessionContext, timer: string): void {
    for (const running of this.#running) {
      const local = this.#context(running, ctx);
      const id = local.localTimer(timer);
      if (id !== undefined) running.protocol.timeout(local, id);
    }
  }

  admit(message: RoundMessage, payload: unknown): void {
    const running = this.#route(message.round);
    running?.protocol.admit?.(localMessage(running.part.namespace, message), payload);
  }

  resume(ctx: SessionContext): void {
    for (const running of this.#running) running.protocol.resume?.(this.#context(running, ctx));
  }

  outcome(): ProtocolOutcome<Output[]> | undefined {
    const outcomes = this.#running.map((running) => running.protocol.outcome());
    const aborted = outcomes.findIndex((outcome) => outcome?.status === 'aborted');
    if (aborted >= 0) {
      const outcome = outcomes[aborted] as { reason: string };
      return { status: 'aborted', reason: `${(this.#running[aborted] as Running).part.namespace.name}: ${outcome.reason}` };
    }
    if (outcomes.some((outcome) => outcome === undefined)) return undefined;
    return { status: 'completed', output: outcomes.map((outcome) => (outcome as { output: Output }).output) };
  }

  save(): Uint8Array {
    return encodeVersioned(stateSchema, STATE_VERSION, { parts: this.#running.map((running) => running.protocol.save()) });
  }
}

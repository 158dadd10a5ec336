/**
 * A session that is one aggregation round, e.g. the network key's global parts (PROTOCOL.md §6:
 * each validator proves EncDL for its two parts; the sums over the agreed validators are the
 * parts). Protocols with several rounds compose {@link Aggregation}s in their own Protocol the
 * same way (see the module comment of protocol.ts).
 * @module
 */
import { Aggregation, type AggregationConfig, type AggregationOutput, aggregationRound } from './aggregation.ts';
import type { RoundMessage } from './message.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from './protocol.ts';
import type { StoredMessage } from './store.ts';

class SingleAggregation<A> implements Protocol<AggregationOutput<A>> {
  readonly #aggregation: Aggregation<A>;

  constructor(aggregation: Aggregation<A>) {
    this.#aggregation = aggregation;
  }

  start(ctx: SessionContext): void {
    this.#aggregation.start(ctx);
  }
  receive(ctx: SessionContext, message: StoredMessage): void {
    this.#aggregation.receive(ctx, message);
  }
  timeout(ctx: SessionContext, timer: string): void {
    this.#aggregation.timeout(ctx, timer);
  }
  admit(message: RoundMessage): void {
    this.#aggregation.admit(message);
  }
  resume(ctx: SessionContext): void {
    this.#aggregation.resume(ctx);
  }
  outcome(): ProtocolOutcome<AggregationOutput<A>> | undefined {
    return this.#aggregation.outcome();
  }
  save(): Uint8Array {
    return this.#aggregation.save();
  }
}

/** The definition of a one-round aggregation session run under the protocol name `protocol`. */
export function aggregationSession<A>(protocol: string): SessionDefinition<AggregationConfig<A>, AggregationOutput<A>> {
  return {
    protocol,
    rounds: (config, identity: SessionIdentity) => [
      aggregationRound({ round: config.round, name: config.name, parts: config.shapes ?? config.parts }, identity.committee),
    ],
    create: (config, identity) => new SingleAggregation(new Aggregation(config, identity)),
    restore: (config, identity, state) => new SingleAggregation(new Aggregation(config, identity, state)),
  };
}

/**
 * A session that is one aggregation round, e.g. the network key's global parts (PROTOCOL.md §6:
 * each validator proves EncDL for its two parts; the sums over the agreed validators are the
 * parts). Protocols with several rounds compose {@link Aggregation}s in their own Protocol the
 * same way (see the module comment of protocol.ts).
 * @module
 */
import { Aggregation, type AggregationConfig, type AggregationOutput, aggregationRound } from './aggregation.ts';
import type { RoundMessage } from './message.ts';
import { ProofAggregation, type ProofAggregationConfig, proofAggregationRounds } from './proof-aggregation.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from './protocol.ts';
import type { StoredMessage } from './store.ts';

/**
 * A Protocol that is one {@link Aggregation}; `toOutput` turns the aggregation's output into the
 * session's (by default the aggregation output itself).
 */
/** What a single-aggregation session drives: an Aggregation or a ProofAggregation. */
type AggregationComponent<A> = Pick<Aggregation<A>, 'start' | 'receive' | 'timeout' | 'admit' | 'resume' | 'outcome' | 'save'>;

export class SingleAggregation<A, O = AggregationOutput<A>> implements Protocol<O> {
  readonly #aggregation: AggregationComponent<A>;
  readonly #toOutput: (output: AggregationOutput<A>) => O;

  constructor(aggregation: AggregationComponent<A>, toOutput: (output: AggregationOutput<A>) => O = (output) => output as O) {
    this.#aggregation = aggregation;
    this.#toOutput = toOutput;
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
  outcome(): ProtocolOutcome<O> | undefined {
    const outcome = this.#aggregation.outcome();
    if (outcome === undefined || outcome.status === 'aborted') return outcome;
    return { status: 'completed', output: this.#toOutput(outcome.output) };
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

/** The definition of a one-round committed proof aggregation (proof-aggregation.ts: its commit and reveal rounds). */
export function proofAggregationSession<A>(protocol: string): SessionDefinition<ProofAggregationConfig<A>, AggregationOutput<A>> {
  return {
    protocol,
    rounds: (config, identity: SessionIdentity) =>
      proofAggregationRounds({ ...config, parts: config.shapes ?? config.parts }, identity.committee),
    create: (config, identity) => new SingleAggregation(new ProofAggregation(config, identity)),
    restore: (config, identity, state) => new SingleAggregation(new ProofAggregation(config, identity, state)),
  };
}

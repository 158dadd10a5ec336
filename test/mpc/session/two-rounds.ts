/**
 * A two-round protocol composed of aggregations, shaped like presign: round 1 aggregates
 * X₁ = Σ xᵢ·G; round 2 proves DL with the base X₁ (known only once round 1 is agreed), and
 * aggregates X₂ = Σ yᵢ·X₁. It shows how a protocol composes rounds: static round table from
 * shapes, the second round created from the first's output, messages of round 2 that arrive early
 * waiting in the store, state saved per round and the second round rebuilt after a restore.
 */
import { bcs } from '@mysten/bcs';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import type { Statement, Witness } from '../../../mpc/proofs/language.ts';
import { dlLanguage } from '../../../mpc/proofs/languages/dl.ts';
import { Aggregation, type AggregationConfig, admitAggregationMessage, aggregationRound } from '../../../mpc/session/aggregation.ts';
import type { PartyId } from '../../../mpc/session/committee.ts';
import type { Part } from '../../../mpc/session/contribution.ts';
import type { RoundMessage } from '../../../mpc/session/message.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../../mpc/session/protocol.ts';
import type { StoredMessage } from '../../../mpc/session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../../mpc/session/versioned.ts';
import { curve, TIMEOUTS } from './fixtures.ts';

export interface TwoRoundOutput {
  readonly first: CurvePoint;
  readonly second: CurvePoint;
  readonly contributors: readonly (readonly PartyId[])[];
}

export function secretOf(party: PartyId, round: number): bigint {
  return randomBelow(new Drbg('dwallet/test/two-rounds', utf8ToBytes(`${party}/${round}`)), curve.order);
}

const shape: Part[] = [{ name: 'dl', language: dlLanguage(curve), count: 1 }];
const stateSchema = bcs.struct('TwoRoundState', { first: bcs.byteVector(), second: bcs.option(bcs.byteVector()) });

function roundConfig(party: PartyId, round: number, base: CurvePoint): AggregationConfig<Statement[][]> {
  const parts: Part[] = [{ name: 'dl', language: dlLanguage(curve, base), count: 1 }];
  const witness: Witness = [secretOf(party, round)];
  return { round, name: `two-rounds/round-${round}`, parts, shapes: shape, witnesses: () => [[witness]], timeouts: TIMEOUTS };
}

const sum = (output: { aggregate: Statement[][] }) => ((output.aggregate[0] as Statement[])[0] as Statement)[0] as CurvePoint;

class TwoRounds implements Protocol<TwoRoundOutput> {
  readonly #identity: SessionIdentity;
  readonly #first: Aggregation<Statement[][]>;
  #second: Aggregation<Statement[][]> | undefined;
  #pendingSecond: Uint8Array | undefined;

  constructor(identity: SessionIdentity, state?: Uint8Array) {
    this.#identity = identity;
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, 1, state, 'two-round state');
    this.#first = new Aggregation(
      roundConfig(identity.self, 1, curve.generator),
      identity,
      saved?.first ? new Uint8Array(saved.first) : undefined,
    );
    this.#pendingSecond = saved?.second ? new Uint8Array(saved.second) : undefined;
  }

  start(ctx: SessionContext): void {
    this.#first.start(ctx);
    this.#advance(ctx);
  }
  receive(ctx: SessionContext, message: StoredMessage): void {
    if (message.message.round === 1) this.#first.receive(ctx, message);
    else this.#second?.receive(ctx, message);
    this.#advance(ctx);
  }
  timeout(ctx: SessionContext, timer: string): void {
    if (!this.#first.timeout(ctx, timer)) this.#second?.timeout(ctx, timer);
    this.#advance(ctx);
  }
  admit(message: RoundMessage): void {
    if (message.round === 1) this.#first.admit(message);
    else if (this.#second !== undefined) this.#second.admit(message);
    else admitAggregationMessage(this.#identity, message);
  }
  resume(ctx: SessionContext): void {
    this.#first.resume(ctx);
    const first = this.#first.outcome();
    if (this.#pendingSecond !== undefined && first?.status === 'completed') {
      this.#second = new Aggregation(roundConfig(this.#identity.self, 2, sum(first.output)), this.#identity, this.#pendingSecond);
      this.#second.resume(ctx);
      this.#pendingSecond = undefined;
    }
  }
  outcome(): ProtocolOutcome<TwoRoundOutput> | undefined {
    const first = this.#first.outcome();
    if (first?.status === 'aborted') return first;
    const second = this.#second?.outcome();
    if (second === undefined || first === undefined) return undefined;
    if (second.status === 'aborted') return second;
    return {
      status: 'completed',
      output: {
        first: sum(first.output),
        second: sum(second.output),
        contributors: [first.output.contributors, second.output.contributors],
      },
    };
  }
  save(): Uint8Array {
    return encodeVersioned(stateSchema, 1, { first: this.#first.save(), second: this.#second?.save() ?? null });
  }

  /** Round 2 starts once round 1 is agreed: its base is round 1's aggregate. */
  #advance(ctx: SessionContext): void {
    const first = this.#first.outcome();
    if (this.#second !== undefined || first?.status !== 'completed') return;
    this.#second = new Aggregation(roundConfig(this.#identity.self, 2, sum(first.output)), this.#identity);
    this.#second.start(ctx);
  }
}

export const twoRounds: SessionDefinition<null, TwoRoundOutput> = {
  protocol: 'test/two-rounds',
  rounds: (_config, identity) => [
    aggregationRound({ round: 1, name: 'two-rounds/round-1', parts: shape }, identity.committee),
    aggregationRound({ round: 2, name: 'two-rounds/round-2', parts: shape }, identity.committee),
  ],
  create: (_config, identity) => new TwoRounds(identity),
  restore: (_config, identity, state) => new TwoRounds(identity, state),
};

/**
 * What an aggregation round (aggregation.ts) sends as its contribution, how it judges one, and
 * how it judges a whole contributor list. The default rule is a contribution with one batched
 * Maurer proof per part (contribution.ts); the committed proof aggregation
 * (proof-aggregation.ts) uses two others: a commitment, then a reveal whose proofs are only
 * checked together over a list.
 *
 * Determinism (PROTOCOL.md §5, §10): `verify` judges each message by itself and `checkList` judges
 * a list by its messages alone, with no randomness and no other state, so every honest party
 * reaches the same verdict on the same messages; the agreement's validity rests on that.
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import type { PartyId } from './committee.ts';
import type { Contribution } from './contribution.ts';
import type { SessionContext } from './protocol.ts';
import type { StoredMessage } from './store.ts';

export interface RuleVerdict<P> {
  readonly message: StoredMessage<P>;
  readonly valid: boolean;
  readonly reason?: string;
  /**
   * Whether an invalid message proves its sender faulty by itself (its signed envelope is the
   * evidence). False for what only local knowledge makes invalid.
   */
  readonly blame?: boolean;
}

export type ListCheck<P> =
  | { readonly valid: true }
  /** The list's messages fail together; `culprits` are the ones that fail alone (at least one). */
  | { readonly valid: false; readonly culprits: readonly { readonly message: StoredMessage<P>; readonly reason: string }[] };

export interface ContributionRule<P> {
  /** The contribution's schema in the round table. */
  readonly schema: BcsType<P, P>;
  /** This party's contribution, or undefined when it has none to send (it still votes). */
  produce(ctx: SessionContext): P | undefined;
  /** Per-message verdicts (possibly several versions of one sender), each from that message alone. */
  verify(ctx: SessionContext, messages: readonly StoredMessage<P>[]): RuleVerdict<P>[];
  /** A verdict on a list of individually valid messages (one per party, by increasing party), from those messages alone. */
  checkList?(messages: readonly StoredMessage<P>[]): ListCheck<P>;
  /** Who can contribute at all, when not every member (a proposer's grace period waits for these only). */
  readonly contributors?: readonly PartyId[];
  /**
   * The weight a valid contributor list must reach (default: the committee's threshold t). Less
   * than t only where the aggregate needs just one honest contributor, and never at most the
   * tolerated faulty weight W − t.
   */
  readonly minimumWeight?: number;
  /** What the aggregate sees of a valid contribution. */
  contribution(message: StoredMessage<P>): Contribution;
}

/**
 * The committed proof aggregation (PROTOCOL.md §5 "Aggregation"; 2PC-MPC, eprint 2022/1437, proof
 * aggregation; the math is in proofs/aggregation.ts): an aggregation whose verification does not
 * grow with the number of contributors beyond group additions. Two aggregation rounds of
 * aggregation.ts, each with its own agreement:
 *
 *   commit round  every party draws its witnesses w and masks r, and sends a salted hash
 *                 commitment to its statements X = φ(w) and masks T = φ(r); the committee agrees
 *                 on a committed set S of weight ≥ t (the agreement's value lists (party, digest
 *                 of its commitment message)). The proposer waits a grace period for every
 *                 member's commitment before proposing fewer, so that S has room for parties that
 *                 fall silent later.
 *   reveal round  the challenges e come from S (all its commitments); every party of S sends, in
 *                 one message, X, T, the salt and z = r + Σ eᵢ·wᵢ. The committee agrees on
 *                 S' ⊆ S of weight > W − t (see Liveness). A list is valid when each reveal opens its commitment in S
 *                 and has its responses in the per-party range, and the list passes the aggregate
 *                 equation φ(Σ z) = Σ T + Σ eᵢ·Σ Xᵢ — a deterministic function of its messages,
 *                 so every honest party judges it alike. When the aggregate fails, the per-party
 *                 equations, deterministic too, name exactly the parties whose own response is
 *                 wrong; they are blamed with their signed reveal, and honest proposers leave them
 *                 out.
 *
 * Because honest parties reveal only after S is decided, no statement in S can depend on an honest
 * one (the rogue-statement attack the commitment exists for). Parties of S that stay silent are
 * dropped, never blamed. A party that restarts between the rounds keeps its witnesses and masks in
 * its saved state until it has sent its reveal, and drops them then.
 *
 * Liveness and the weight of S': S has weight ≥ t, so its honest members weigh ≥ t − (W − t) =
 * 2t − W when faulty parties weigh at most W − t. If S' had to weigh t, a faulty proposer could get
 * a minimal S decided whose faulty members then withhold their reveals, and the round would wait
 * for ever. So S' must weigh more than W − t instead ({@link revealWeight}): that is what the
 * aggregate needs — at least one honest contributor, whose uniformly drawn, never revealed
 * witnesses make the sums uniform and hidden (the simulation argument of the presign's
 * aggregation extracts every other contributor through its proof) — and S's honest members
 * always reach it, since the chain requires t > 2W/3, hence 2t − W ≥ W − t + 1. The commitment to
 * S, and the challenges from it, are unchanged: every revealed proof is still bound to a
 * commitment made before any honest reveal.
 *
 * Cost per party: one commitment, one reveal, four small votes; verification is one φ evaluation
 * and an (m+1)-base multi-exponentiation per part, plus |S'|·(m+1) group additions, plus one hash
 * per reveal — against one multi-exponentiation over |S'|·(m+1) bases with 256-bit exponents in
 * the batch verification of aggregation.ts's default rule.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { RandomSource } from '../numbers/random.ts';
import {
  type AggregationContext,
  aggregateHolds,
  aggregationChallenges,
  COMMITMENT_BYTES,
  type CommittedEntry,
  commitProofShare,
  type ProofShare,
  SALT_BYTES,
  shareHolds,
  shareWellFormed,
} from '../proofs/aggregation.ts';
import { response, sampleMask } from '../proofs/factors.ts';
import type { Statement, Witness } from '../proofs/language.ts';
import {
  Aggregation,
  type AggregationOutput,
  type AggregationTimeouts,
  admitAggregationMessage,
  aggregationRound,
  DEFAULT_AGGREGATION_TIMEOUTS,
} from './aggregation.ts';
import type { Committee } from './committee.ts';
import {
  assertPartsMatch,
  type Contribution,
  type ContributionPayload,
  contributionSchema,
  type Part,
  type PartShape,
} from './contribution.ts';
import type { ContributionRule, ListCheck, RuleVerdict } from './contribution-rule.ts';
import { SessionError, SessionErrorCodes } from './errors.ts';
import type { RoundMessage } from './message.ts';
import type { ProtocolOutcome, SessionContext, SessionIdentity } from './protocol.ts';
import type { RoundSpec } from './rounds.ts';
import type { StoredMessage } from './store.ts';
import { decodeVersioned, encodeVersioned } from './versioned.ts';

export interface CommitPayload {
  readonly commitment: Uint8Array;
}

export interface RevealPayload {
  readonly salt: Uint8Array;
  /** Per part: the statements, and the mask T with the response z as a proof's fields. */
  readonly contribution: ContributionPayload;
}

const commitSchema = bcs.struct('AggregationCommitment', { commitment: bcs.bytes(COMMITMENT_BYTES) }) as unknown as BcsType<
  CommitPayload,
  CommitPayload
>;

/** The reveal's schema: the response ranges are the per-party ones (a proof over `count` statements). */
export function revealSchema(parts: readonly PartShape[]): BcsType<RevealPayload, RevealPayload> {
  return bcs.struct('AggregationReveal', { salt: bcs.bytes(SALT_BYTES), contribution: contributionSchema(parts) }) as unknown as BcsType<
    RevealPayload,
    RevealPayload
  >;
}

export interface ProofAggregationShape {
  readonly commitRound: number;
  readonly revealRound: number;
  /** The reveal round's name; the commit round is `${name}/commit`. */
  readonly name: string;
  readonly parts: readonly PartShape[];
}

export function commitRoundName(name: string): string {
  return `${name}/commit`;
}

/** The round-table entries of a committed proof aggregation (its two rounds). */
export function proofAggregationRounds(shape: ProofAggregationShape, committee: Committee): RoundSpec[] {
  return [
    aggregationRound(
      { round: shape.commitRound, name: commitRoundName(shape.name), parts: shape.parts, contributionSchema: commitSchema },
      committee,
    ),
    aggregationRound(
      { round: shape.revealRound, name: shape.name, parts: shape.parts, contributionSchema: revealSchema(shape.parts) },
      committee,
    ),
  ];
}

export interface ProofAggregationConfig<A> extends ProofAggregationShape {
  /** The languages proven (matching the shapes the round table was built with). */
  readonly parts: readonly Part[];
  readonly shapes?: readonly PartShape[];
  /** This party's witnesses, one list of `count` per part, drawn when the round starts. */
  readonly witnesses: (rng: RandomSource) => readonly (readonly Witness[])[];
  /** Combines the agreed contributions; without it, the sum per part and statement (Statement[][]). */
  readonly aggregate?: (contributions: readonly Contribution[]) => A;
  readonly timeouts?: Partial<AggregationTimeouts>;
  /** How long the commit round's proposer waits for every member's commitment (default: fetchMs). */
  readonly proposeGraceMs?: number;
}

/** This party's opening between the rounds (secret: the witnesses and masks). */
interface Secrets {
  readonly salt: Uint8Array;
  readonly witnesses: readonly (readonly Witness[])[];
  readonly masks: readonly (readonly bigint[])[];
  /** φ(w) and φ(r), recomputed from the above after a restore. */
  statements?: readonly (readonly Statement[])[];
  maskValues?: readonly Statement[];
}

const secretsSchema = bcs.struct('AggregationSecrets', {
  salt: bcs.bytes(SALT_BYTES),
  witnesses: bcs.vector(bcs.vector(bcs.vector(bcs.string()))),
  masks: bcs.vector(bcs.vector(bcs.string())),
});

const STATE_VERSION = 1;
const stateSchema = bcs.struct('ProofAggregationState', {
  commit: bcs.byteVector(),
  secrets: bcs.option(bcs.byteVector()),
  reveal: bcs.option(bcs.byteVector()),
});

const toHex = (value: bigint) => value.toString(16);
const fromHex = (text: string) => (text.startsWith('-') ? -BigInt(`0x${text.slice(1)}`) : BigInt(`0x${text}`));

export class ProofAggregation<A> {
  readonly #config: ProofAggregationConfig<A>;
  readonly #identity: SessionIdentity;
  readonly #context: AggregationContext;
  readonly #commit: Aggregation<CommittedEntry[]>;
  #reveal: Aggregation<A> | undefined;
  #pendingReveal: Uint8Array | undefined;
  #secrets: Secrets | undefined;

  constructor(config: ProofAggregationConfig<A>, identity: SessionIdentity, state?: Uint8Array) {
    assertPartsMatch(config.parts, config.shapes ?? config.parts);
    this.#config = config;
    this.#identity = identity;
    this.#context = { protocol: identity.protocol, sessionId: identity.sessionId, round: config.name };
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, STATE_VERSION, state, 'proof aggregation state');
    if (saved?.secrets) {
      const secrets = decodeVersioned(secretsSchema, STATE_VERSION, new Uint8Array(saved.secrets), 'proof aggregation secrets');
      this.#secrets = {
        salt: new Uint8Array(secrets.salt),
        witnesses: secrets.witnesses.map((part) => part.map((w) => w.map(fromHex))),
        masks: secrets.masks.map((part) => part.map(fromHex)),
      };
    }
    this.#pendingReveal = saved?.reveal ? new Uint8Array(saved.reveal) : undefined;
    const timeouts = { ...DEFAULT_AGGREGATION_TIMEOUTS, ...config.timeouts };
    this.#commit = new Aggregation<CommittedEntry[]>(
      {
        round: config.commitRound,
        name: commitRoundName(config.name),
        parts: config.parts,
        ...(config.shapes === undefined ? {} : { shapes: config.shapes }),
        witnesses: () => [],
        aggregate: (contributions) => contributions.map((c) => ({ party: c.party, commitment: c.data as Uint8Array })),
        rule: this.#commitRule(),
        timeouts,
        proposeGraceMs: config.proposeGraceMs ?? timeouts.fetchMs,
      },
      identity,
      saved === undefined ? undefined : new Uint8Array(saved.commit),
    );
  }

  start(ctx: SessionContext): void {
    this.#commit.start(ctx);
    this.#advance(ctx);
  }

  receive(ctx: SessionContext, message: StoredMessage): void {
    if (message.message.round === this.#config.commitRound) this.#commit.receive(ctx, message);
    else if (message.message.round === this.#config.revealRound) this.#reveal?.receive(ctx, message);
    this.#advance(ctx);
  }

  /** Handles this aggregation's timers; returns false for any other timer. */
  timeout(ctx: SessionContext, timer: string): boolean {
    const handled = this.#commit.timeout(ctx, timer) || (this.#reveal?.timeout(ctx, timer) ?? false);
    this.#advance(ctx);
    return handled;
  }

  admit(message: RoundMessage): void {
    if (message.round === this.#config.commitRound) this.#commit.admit(message);
    else if (message.round === this.#config.revealRound) {
      if (this.#reveal !== undefined) this.#reveal.admit(message);
      else admitAggregationMessage(this.#identity, message);
    }
  }

  outcome(): ProtocolOutcome<AggregationOutput<A>> | undefined {
    const committed = this.#commit.outcome();
    if (committed?.status === 'aborted') return committed;
    return this.#reveal?.outcome();
  }

  save(): Uint8Array {
    const secrets = this.#secrets;
    return encodeVersioned(stateSchema, STATE_VERSION, {
      commit: this.#commit.save(),
      secrets:
        secrets === undefined
          ? null
          : encodeVersioned(secretsSchema, STATE_VERSION, {
              salt: secrets.salt,
              witnesses: secrets.witnesses.map((part) => part.map((w) => w.map(toHex))),
              masks: secrets.masks.map((part) => part.map(toHex)),
            }),
      reveal: this.#reveal?.save() ?? this.#pendingReveal ?? null,
    });
  }

  resume(ctx: SessionContext): void {
    this.#commit.resume(ctx);
    const committed = this.#commit.outcome();
    if (this.#pendingReveal !== undefined && committed?.status === 'completed') {
      this.#reveal = this.#revealAggregation(committed.output.aggregate, this.#pendingReveal);
      this.#reveal.resume(ctx);
      this.#pendingReveal = undefined;
    }
  }

  /** The reveal round starts once S is decided: the challenges depend on it. */
  #advance(ctx: SessionContext): void {
    const committed = this.#commit.outcome();
    if (this.#reveal !== undefined || committed?.status !== 'completed') return;
    this.#reveal = this.#revealAggregation(committed.output.aggregate);
    this.#reveal.start(ctx);
    // The reveal is sent (and kept in the store for re-sends): the opening is no longer needed.
    this.#secrets = undefined;
  }

  #revealAggregation(committed: readonly CommittedEntry[], state?: Uint8Array): Aggregation<A> {
    const config = this.#config;
    const timeouts = { ...DEFAULT_AGGREGATION_TIMEOUTS, ...config.timeouts };
    return new Aggregation<A>(
      {
        round: config.revealRound,
        name: config.name,
        parts: config.parts,
        ...(config.shapes === undefined ? {} : { shapes: config.shapes }),
        witnesses: () => [],
        ...(config.aggregate === undefined ? {} : { aggregate: config.aggregate }),
        rule: this.#revealRule(committed),
        timeouts,
        // Waiting for every reveal of S before proposing fewer has each wrong response checked,
        // and its sender named, by the proposer at least (blame excludes it from later sessions).
        proposeGraceMs: config.proposeGraceMs ?? timeouts.fetchMs,
      },
      this.#identity,
      state,
    );
  }

  // ---- the commit round ----------------------------------------------------------------------

  #commitRule(): ContributionRule<CommitPayload> {
    const { parts } = this.#config;
    return {
      schema: commitSchema,
      produce: (ctx) => {
        const witnesses = this.#config.witnesses(ctx.rng);
        if (witnesses.length !== parts.length)
          throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'proof aggregation: one list of witnesses per part');
        const secrets: Secrets = {
          salt: ctx.rng.bytes(SALT_BYTES),
          witnesses,
          masks: parts.map((part) => sampleMask(part.language, part.count, ctx.rng)),
        };
        this.#secrets = secrets;
        return { commitment: this.#commitment(secrets) };
      },
      // The schema fixes a commitment's 32 bytes; there is nothing else to judge before S.
      verify: (_ctx, messages) => messages.map((message) => ({ message, valid: true })),
      contribution: (m) => ({ party: m.message.sender, statements: [], data: m.payload.commitment }),
    };
  }

  /** φ(w) and φ(r) of this party's opening (computed once). */
  #opening(secrets: Secrets): { statements: readonly (readonly Statement[])[]; masks: readonly Statement[] } {
    const { parts } = this.#config;
    secrets.statements ??= parts.map((part, p) => (secrets.witnesses[p] as readonly Witness[]).map((w) => part.language.map(w)));
    secrets.maskValues ??= parts.map((part, p) => part.language.map(secrets.masks[p] as readonly bigint[]));
    return { statements: secrets.statements, masks: secrets.maskValues };
  }

  #commitment(secrets: Secrets): Uint8Array {
    const { statements, masks } = this.#opening(secrets);
    return commitProofShare(
      this.#context,
      this.#identity.self,
      this.#config.parts.map((part, p) => ({
        name: part.name,
        language: part.language,
        statements: statements[p] as readonly Statement[],
        mask: masks[p] as Statement,
      })),
      secrets.salt,
    );
  }

  // ---- the reveal round ----------------------------------------------------------------------

  #revealRule(committed: readonly CommittedEntry[]): ContributionRule<RevealPayload> {
    const { parts } = this.#config;
    const context = this.#context;
    const commitments = new Map(committed.map((entry) => [entry.party, bytesToHex(entry.commitment)]));
    const challenges = parts.map((part) => aggregationChallenges(context, committed, part.name, part.language, part.count));
    return {
      schema: revealSchema(parts),
      contributors: committed.map((entry) => entry.party),
      minimumWeight: revealWeight(this.#identity.committee),
      produce: () => {
        const secrets = this.#secrets;
        // Not in S (nothing to reveal), or the opening was lost: this party only votes.
        if (secrets === undefined || !commitments.has(this.#identity.self)) return undefined;
        const { statements, masks } = this.#opening(secrets);
        return {
          salt: secrets.salt,
          contribution: {
            parts: parts.map((part, p) => ({
              statements: statements[p] as readonly Statement[],
              proof: {
                mask: masks[p] as Statement,
                responses: response(
                  part.language,
                  secrets.masks[p] as readonly bigint[],
                  challenges[p] as bigint[],
                  secrets.witnesses[p] as readonly Witness[],
                ),
              },
            })),
          },
        };
      },
      verify: (_ctx, messages) =>
        messages.map((message): RuleVerdict<RevealPayload> => {
          const party = message.message.sender;
          const expected = commitments.get(party);
          // Outside S, a reveal has no commitment to open; only the agreed S makes it so, which is not evidence by itself.
          if (expected === undefined) return { message, valid: false, reason: 'the party is not in the committed set', blame: false };
          const problem = revealProblem(context, parts, party, message.payload, expected);
          return problem === undefined ? { message, valid: true } : { message, valid: false, reason: problem };
        }),
      checkList: (messages): ListCheck<RevealPayload> => {
        const all = messages.map((m) => revealShares(m.payload));
        const holds = parts.every((part, p) =>
          aggregateHolds(
            part.language,
            all.map((s) => s[p] as ProofShare),
            challenges[p] as bigint[],
          ),
        );
        if (holds) return { valid: true };
        const culprits: { message: StoredMessage<RevealPayload>; reason: string }[] = [];
        messages.forEach((message, k) => {
          const failing = parts.find(
            (part, p) => !shareHolds(part.language, (all[k] as ProofShare[])[p] as ProofShare, challenges[p] as bigint[]),
          );
          if (failing !== undefined) culprits.push({ message, reason: `${failing.name}: φ(z) ≠ T + Σ eᵢ·Xᵢ` });
        });
        return { valid: false, culprits };
      },
      contribution: (m) => ({ party: m.message.sender, statements: m.payload.contribution.parts.map((part) => part.statements) }),
    };
  }
}

/**
 * The weight the reveal round's contributor list S' must reach: more than the faulty weight the
 * committee tolerates (W − t), so that it holds an honest contributor; at most 2t − W, the weight of
 * S's honest members, whenever t > 2W/3 (module comment, "Liveness").
 */
export function revealWeight(committee: Committee): number {
  return committee.totalWeight - committee.threshold + 1;
}

/** A reveal's proof shares, one per part. */
export function revealShares(payload: RevealPayload): ProofShare[] {
  return payload.contribution.parts.map((part) => ({
    statements: part.statements,
    mask: part.proof.mask,
    responses: part.proof.responses,
  }));
}

/**
 * Why `party`'s reveal is invalid by itself, or undefined: a response out of its per-party range,
 * or an opening that is not its commitment (hex) in S. Reads only the message and S, so every
 * honest party judges it alike.
 */
export function revealProblem(
  context: AggregationContext,
  parts: readonly Part[],
  party: number,
  payload: RevealPayload,
  commitment: string,
): string | undefined {
  const own = revealShares(payload);
  for (const [p, part] of parts.entries()) {
    const problem = shareWellFormed(part.language, own[p] as ProofShare, part.count);
    if (problem !== undefined) return `${part.name}: ${problem}`;
  }
  const opened = commitProofShare(
    context,
    party,
    parts.map((part, p) => ({
      name: part.name,
      language: part.language,
      statements: (own[p] as ProofShare).statements,
      mask: (own[p] as ProofShare).mask,
    })),
    payload.salt,
  );
  return bytesToHex(opened) === commitment ? undefined : 'the reveal does not open its commitment';
}

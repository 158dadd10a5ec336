/**
 * Contributions to an aggregation round (PROTOCOL.md §5 "Aggregation"): each party proves, with
 * one batched Maurer proof per part, statements of one or more languages, e.g. two EncDL
 * statements for the network key's global parts, m EncDH⟨2⟩ statements in presign round 1.
 *
 * The schemas depend only on the languages' shapes (factors, scalar order), which are known when
 * the session is defined even where the public values (a ct_γ aggregated in an earlier round) are
 * not. Verification binds each proof to (protocol, session id, round name, part name, sender), so
 * a proof cannot be replayed by another party, in another round or session.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import type { RandomSource } from '../numbers/random.ts';
import { verifyMaurerBatch } from '../proofs/batch.ts';
import type { ProofContext } from '../proofs/context.ts';
import { maurerProofSchema, statementSchema } from '../proofs/encoding.ts';
import type { Language, Statement, Witness } from '../proofs/language.ts';
import { type MaurerProof, proveMaurer } from '../proofs/maurer.ts';
import type { PartyId } from './committee.ts';
import type { ContributionRule } from './contribution-rule.ts';
import { SessionError, SessionErrorCodes } from './errors.ts';
import type { StoredMessage } from './store.ts';

/** What a contribution's encoding depends on: a language's factors, not its public values. */
export type LanguageShape = Pick<Language, 'name' | 'witness' | 'statement' | 'scalarOrder'>;

export interface PartShape {
  /** The proof's name within the round (ProofContext.proof), e.g. "global key parts". */
  readonly name: string;
  readonly language: LanguageShape;
  /** Statements per party in this part (m for a batch of m presigns). */
  readonly count: number;
}

export interface Part extends PartShape {
  readonly language: Language;
}

export interface ContributionPart {
  readonly statements: readonly Statement[];
  readonly proof: MaurerProof;
}

export interface ContributionPayload {
  readonly parts: readonly ContributionPart[];
}

/** A verified contribution, as the aggregate function sees it. */
export interface Contribution {
  readonly party: PartyId;
  /** Statements per part, `count` of them each. */
  readonly statements: readonly (readonly Statement[])[];
  /** What a rule contributes besides statements (a commitment, proof-aggregation.ts). */
  readonly data?: Uint8Array;
}

function schemaLanguage(shape: LanguageShape): Language {
  return {
    ...shape,
    publicParameters: new Uint8Array(0),
    map: () => {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `${shape.name}: a shape only describes encodings`);
    },
  };
}

function checkShapes(parts: readonly PartShape[]): void {
  if (parts.length === 0) throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'contribution: at least one part');
  const names = new Set<string>();
  for (const part of parts) {
    if (!Number.isSafeInteger(part.count) || part.count < 1) {
      throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `contribution part ${part.name}: at least one statement`);
    }
    if (names.has(part.name)) throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, `contribution: part ${part.name} twice`);
    names.add(part.name);
  }
}

/** The BCS schema of a contribution with these parts (fixed statement counts, bounded responses). */
export function contributionSchema(parts: readonly PartShape[]): BcsType<ContributionPayload, ContributionPayload> {
  checkShapes(parts);
  const partSchemas = parts.map((part) => {
    const language = schemaLanguage(part.language);
    return bcs.struct(`ContributionPart<${part.language.name}>`, {
      statements: bcs.fixedArray(part.count, statementSchema(language)),
      proof: maurerProofSchema(language, part.count),
    });
  });
  return bcs.struct('Contribution', { parts: bcs.tuple(partSchemas) }) as unknown as BcsType<ContributionPayload, ContributionPayload>;
}

/** Checks that the actual languages match the shapes the round was defined with. */
export function assertPartsMatch(parts: readonly Part[], shapes: readonly PartShape[]): void {
  const same = (a: LanguageShape, b: LanguageShape) =>
    a.name === b.name &&
    a.scalarOrder === b.scalarOrder &&
    a.witness.length === b.witness.length &&
    a.witness.every((f, i) => {
      const g = b.witness[i];
      return g !== undefined && f.kind === g.kind && (f.kind !== 'integer' || (g.kind === 'integer' && f.bits === g.bits));
    }) &&
    a.statement.length === b.statement.length &&
    a.statement.every((f, i) => {
      const g = b.statement[i];
      return (
        g !== undefined &&
        f.kind === g.kind &&
        (f.kind === 'point'
          ? g.kind === 'point' && f.curve.name === g.curve.name
          : g.kind === 'form' && f.group.discriminant === g.group.discriminant)
      );
    });
  const ok =
    parts.length === shapes.length &&
    parts.every((part, i) => {
      const shape = shapes[i] as PartShape;
      return part.name === shape.name && part.count === shape.count && same(part.language, shape.language);
    });
  if (!ok) throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'contribution: the languages do not match the round’s shapes');
}

export function proofContext(protocol: string, sessionId: Uint8Array, roundName: string, part: string, party: PartyId): ProofContext {
  return { protocol, sessionId, round: roundName, proof: part, partyId: party };
}

/** The party's contribution: one batched proof per part over its witnesses. */
export function proveContribution(
  parts: readonly Part[],
  witnesses: readonly (readonly Witness[])[],
  context: (part: string) => ProofContext,
  rng: RandomSource,
): ContributionPayload {
  if (witnesses.length !== parts.length) {
    throw new SessionError(SessionErrorCodes.SESSION_INVALID_CONFIG, 'contribution: one list of witnesses per part');
  }
  return {
    parts: parts.map((part, i) => {
      const own = witnesses[i] as readonly Witness[];
      if (own.length !== part.count) {
        throw new SessionError(
          SessionErrorCodes.SESSION_INVALID_CONFIG,
          `contribution part ${part.name}: ${part.count} witnesses expected`,
        );
      }
      const { proof, statements } = proveMaurer(part.language, context(part.name), own, rng);
      return { statements, proof };
    }),
  };
}

export type ContributionCheck = (party: PartyId, statements: readonly (readonly Statement[])[]) => string | undefined;

export interface ContributionVerdict {
  readonly message: StoredMessage<ContributionPayload>;
  readonly valid: boolean;
  readonly reason?: string;
}

/**
 * Verifies contributions (possibly several versions from one sender) with one batch per part;
 * only a failing batch falls back to checking proofs one by one (proofs/batch.ts).
 */
export function verifyContributions(
  parts: readonly Part[],
  messages: readonly StoredMessage<ContributionPayload>[],
  context: (part: string, party: PartyId) => ProofContext,
  check: ContributionCheck | undefined,
  rng: RandomSource,
): ContributionVerdict[] {
  const reasons = new Map<string, string>();
  parts.forEach((part, p) => {
    const items = messages
      .filter((m) => !reasons.has(m.key))
      .map((m) => {
        const contribution = m.payload.parts[p] as ContributionPart;
        return {
          prover: m.key,
          context: context(part.name, m.message.sender),
          statements: contribution.statements,
          proof: contribution.proof,
        };
      });
    if (items.length === 0) return;
    for (const { prover, reason } of verifyMaurerBatch(part.language, items, rng).invalid) reasons.set(prover, `${part.name}: ${reason}`);
  });
  return messages.map((message) => {
    let reason = reasons.get(message.key);
    if (reason === undefined && check !== undefined) {
      reason = check(
        message.message.sender,
        message.payload.parts.map((part) => part.statements),
      );
    }
    return reason === undefined ? { message, valid: true } : { message, valid: false, reason };
  });
}

/** The default rule of an aggregation round: one batched Maurer proof per part, verified in batch. */
export function proofContributionRule(
  parts: readonly Part[],
  witnesses: (rng: RandomSource) => readonly (readonly Witness[])[],
  context: (part: string, party: PartyId) => ProofContext,
  self: PartyId,
  check: ContributionCheck | undefined,
): ContributionRule<ContributionPayload> {
  return {
    schema: contributionSchema(parts),
    produce: (ctx) => proveContribution(parts, witnesses(ctx.rng), (part) => context(part, self), ctx.rng),
    verify: (ctx, messages) => verifyContributions(parts, messages, context, check, ctx.rng),
    contribution: (m) => ({ party: m.message.sender, statements: m.payload.parts.map((part) => part.statements) }),
  };
}

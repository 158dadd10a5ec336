/**
 * One committed proof aggregation round (mpc/session/proof-aggregation.ts) as the benches measure
 * it: the other parties' commitments and reveals are prepared beforehand and encoded; validator
 * 1's work — its statements, masks, commitment and responses, decoding the n − 1 reveals, each
 * reveal's opening and ranges, and one aggregate equation per part — is what the caller times.
 *
 * Preparing n parties within minutes at n = 1024: a few provers draw witnesses and masks and
 * evaluate φ; every other party reuses one of them (the same statements and T, its own salt and
 * commitment). The challenges are common to the committed set, so a reused opening's responses
 * are the same too. A real prover never reuses a mask; the bench owns every witness. The
 * verifier's work does not depend on the repetition: it hashes every reveal's opening, checks
 * every response's range and adds every statement into the sums.
 * @module
 */

import { bytesToHex } from '@noble/hashes/utils.js';
import type { RandomSource } from '../../mpc/numbers/random.ts';
import {
  type AggregationContext,
  aggregateHolds,
  aggregationChallenges,
  type CommittedEntry,
  type CommittedPart,
  commitProofShare,
  type ProofShare,
  sumStatements,
} from '../../mpc/proofs/aggregation.ts';
import { response, sampleMask } from '../../mpc/proofs/factors.ts';
import type { Statement, Witness } from '../../mpc/proofs/language.ts';
import type { Part } from '../../mpc/session/contribution.ts';
import { revealProblem, revealSchema, revealShares } from '../../mpc/session/proof-aggregation.ts';

/** Per part, the witnesses of one party. */
export type RoundWitnesses = (rng: RandomSource) => readonly (readonly Witness[])[];

interface Opening {
  readonly witnesses: readonly (readonly Witness[])[];
  readonly masks: readonly bigint[][];
  readonly publics: readonly CommittedPart[];
}

export interface AggregatedRound {
  readonly context: AggregationContext;
  readonly parts: Part[];
  readonly witnesses: RoundWitnesses;
  /** Party 1's salt (its commitment is in `committed`, recomputed in the measured work). */
  readonly ownSalt: Uint8Array;
  readonly committed: CommittedEntry[];
  readonly challenges: bigint[][];
  /** Parties 2..n's reveals, encoded as the round sends them. */
  readonly encoded: { party: number; bytes: Uint8Array }[];
  /** Party 1's opening (drawn here so that its commitment can be in S; the measured work evaluates φ again). */
  readonly own: Opening;
}

function open(parts: readonly Part[], witnesses: RoundWitnesses, rng: RandomSource): Opening {
  const drawn = witnesses(rng);
  const masks = parts.map((part) => sampleMask(part.language, part.count, rng));
  const publics = parts.map((part, p) => ({
    name: part.name,
    language: part.language,
    statements: (drawn[p] as readonly Witness[]).map((w) => part.language.map(w)),
    mask: part.language.map(masks[p] as bigint[]),
  }));
  return { witnesses: drawn, masks, publics };
}

export function prepareAggregatedRound(
  context: AggregationContext,
  parts: Part[],
  witnesses: RoundWitnesses,
  n: number,
  distinctProvers: number,
  rng: RandomSource,
): AggregatedRound {
  const own = open(parts, witnesses, rng);
  const provers = Array.from({ length: Math.min(distinctProvers, n - 1) }, () => open(parts, witnesses, rng));
  const openingOf = (party: number) => (party === 1 ? own : (provers[(party - 2) % provers.length] as Opening));
  const salts = Array.from({ length: n }, () => rng.bytes(32));
  const committed = salts.map((salt, i) => ({
    party: i + 1,
    commitment: commitProofShare(context, i + 1, openingOf(i + 1).publics, salt),
  }));
  const challenges = parts.map((part) => aggregationChallenges(context, committed, part.name, part.language, part.count));
  const responsesOf = new Map<Opening, bigint[][]>();
  const schema = revealSchema(parts);
  const encoded = [];
  for (let party = 2; party <= n; party++) {
    const opening = openingOf(party);
    let responses = responsesOf.get(opening);
    if (responses === undefined) {
      responses = parts.map((part, p) =>
        response(part.language, opening.masks[p] as bigint[], challenges[p] as bigint[], opening.witnesses[p] as Witness[]),
      );
      responsesOf.set(opening, responses);
    }
    const payload = {
      salt: salts[party - 1] as Uint8Array,
      contribution: {
        parts: parts.map((_, p) => ({
          statements: opening.publics[p]?.statements as Statement[],
          proof: { mask: opening.publics[p]?.mask as Statement, responses: responses[p] as bigint[] },
        })),
      },
    };
    encoded.push({ party, bytes: schema.serialize(payload).toBytes() });
  }
  return { context, parts, witnesses, ownSalt: salts[0] as Uint8Array, committed, challenges, encoded, own };
}

/**
 * Validator 1's work in the round: its statements and masks (φ), commitment and responses; the
 * others' reveals decoded, opened against their commitments and range-checked; one aggregate
 * equation per part over the sums, which are the round's output.
 */
export function aggregatedValidatorRound(round: AggregatedRound): Statement[][] {
  const { context, parts, own } = round;
  const publics = parts.map((part, p) => ({
    name: part.name,
    language: part.language,
    statements: (own.witnesses[p] as readonly Witness[]).map((w) => part.language.map(w)),
    mask: part.language.map(own.masks[p] as bigint[]),
  }));
  commitProofShare(context, 1, publics, round.ownSalt);
  const ownShares: ProofShare[] = parts.map((part, p) => ({
    statements: publics[p]?.statements as Statement[],
    mask: publics[p]?.mask as Statement,
    responses: response(part.language, own.masks[p] as bigint[], round.challenges[p] as bigint[], own.witnesses[p] as Witness[]),
  }));
  const schema = revealSchema(parts);
  const reveals = round.encoded.map(({ party, bytes }) => {
    const payload = schema.parse(bytes);
    const problem = revealProblem(context, parts, party, payload, bytesToHex(round.committed[party - 1]?.commitment as Uint8Array));
    if (problem !== undefined) throw new Error(`bench: party ${party}'s reveal is invalid (${problem})`);
    return revealShares(payload);
  });
  return parts.map((part, p) => {
    const shares = [ownShares[p] as ProofShare, ...reveals.map((r) => r[p] as ProofShare)];
    const sums = sumStatements(part.language, shares, part.count);
    if (!aggregateHolds(part.language, shares, round.challenges[p] as bigint[], sums))
      throw new Error('bench: the aggregate equation fails');
    return sums;
  });
}

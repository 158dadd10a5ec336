/**
 * Aggregated Maurer proofs (2PC-MPC, eprint 2022/1437, "proof aggregation"; PROTOCOL.md §5
 * "Aggregation"): many provers of one language, each with its own statements X_{k,1..m}, prove
 * together the sums Σ_k X_{k,i}, and the verifier's work does not grow with the number of provers
 * beyond group additions.
 *
 *  1. commit: prover k draws a mask r_k, T_k = φ(r_k), and sends a hiding, binding commitment to
 *     (X_k, T_k) with a 32-byte salt ({@link commitProofShare});
 *  2. the committed set S is fixed (by agreement, outside this module); the challenges
 *     e_1…e_m ∈ [0, 2^128) come from a transcript of S — every party and its commitment
 *     ({@link aggregationChallenges});
 *  3. prover k reveals (X_k, T_k, salt) and its response z_k = r_k + Σ_i e_i·w_{k,i};
 *  4. the verifier checks each reveal against its commitment and each z_k against the per-prover
 *     range (factors.ts `responsesInRange`), then once, for any S' ⊆ S,
 *         φ(Σ_k z_k) = Σ_k T_k + Σ_i e_i·(Σ_k X_{k,i})                       ({@link aggregateHolds})
 *     — one φ evaluation, an (m+1)-base multi-exponentiation and |S'|·(m+1) group additions. The
 *     sums Σ_k X_{k,i} are the aggregate the round outputs anyway.
 *
 * Why the commitment: with X_k sent in the clear before the challenge, a last prover could choose
 * X_k = φ(w') − Σ_{j≠k} X_j after seeing the others, and make the aggregate any value it knows a
 * witness for (a rogue statement). Committed before any reveal, and with S fixed before anyone
 * reveals, its statement and mask cannot depend on the honest ones; and since e is a function of
 * every commitment in S, the aggregate equation is a Maurer proof of Σ_k X_k with mask Σ_k T_k and
 * a challenge fixed after that mask: special soundness gives a witness of the sum.
 *
 * Blame: the aggregate equation holding is exactly what the output needs (the presign uses only
 * the sums). When it fails, the per-prover equation φ(z_k) = T_k + Σ_i e_i·X_{k,i}
 * ({@link shareHolds}) — deterministic, no randomness — names exactly the provers whose own
 * equation fails; at least one does, since the per-prover equations sum to the aggregate one (on
 * class-group factors up to order 2, which `equationHolds` ignores on both sides alike).
 *
 * Hiding: the masks of integer factors are sized for m terms of a 128-bit challenge as in a single
 * batched proof (factors.ts `integerMaskBits`), so z_k hides w_k up to 2^−σ as there.
 * @module
 */

import { mod } from '../numbers/modular.ts';
import { CHALLENGE_BITS, Transcript } from '../transcript.ts';
import { appendStatements } from './context.ts';
import { addFactor, combineFactor, equationHolds, hasFactorShape, responsesInRange } from './factors.ts';
import type { GroupValue, Language, Statement } from './language.ts';
import { maskPlusCombination } from './maurer.ts';

/** Bytes of a commitment and of its salt. */
export const COMMITMENT_BYTES = 32;
export const SALT_BYTES = 32;

const COMMITMENT_LABEL = 'dwallet/proof-aggregation/commitment/v1';
const CHALLENGE_LABEL = 'dwallet/proof-aggregation/challenge/v1';

/** Who commits, where: the commitment and the challenges are bound to all of it. */
export interface AggregationContext {
  readonly protocol: string;
  /** 32 bytes. */
  readonly sessionId: Uint8Array;
  /** The round's name, e.g. "presign/mask-shares". */
  readonly round: string;
}

/** One prover's share of one part (one language): its statements, mask and response. */
export interface ProofShare {
  readonly statements: readonly Statement[];
  /** T = φ(r). */
  readonly mask: Statement;
  /** z = r + Σ eᵢ·wᵢ. */
  readonly responses: readonly bigint[];
}

/** A part as committed to: its name in the round, its language and the prover's statements and mask. */
export interface CommittedPart {
  readonly name: string;
  readonly language: Language;
  readonly statements: readonly Statement[];
  readonly mask: Statement;
}

function contextTranscript(label: string, context: AggregationContext): Transcript {
  const transcript = new Transcript(label);
  transcript.append('protocol', new TextEncoder().encode(context.protocol));
  transcript.append('session-id', context.sessionId);
  transcript.append('round', new TextEncoder().encode(context.round));
  return transcript;
}

function appendLanguage(transcript: Transcript, name: string, language: Language): void {
  transcript.append('part', new TextEncoder().encode(name));
  transcript.append('language', new TextEncoder().encode(language.name));
  transcript.append('public-parameters', language.publicParameters);
}

/**
 * H(context, party, salt, every part's language, statements and mask): binding by the hash's
 * collision resistance, hiding by the uniform 32-byte salt (random oracle).
 */
export function commitProofShare(
  context: AggregationContext,
  party: number,
  parts: readonly CommittedPart[],
  salt: Uint8Array,
): Uint8Array {
  const transcript = contextTranscript(COMMITMENT_LABEL, context);
  transcript.appendNumber('party-id', party);
  transcript.append('salt', salt);
  transcript.appendNumber('parts', parts.length);
  for (const part of parts) {
    appendLanguage(transcript, part.name, part.language);
    appendStatements(transcript, 'statement', part.language, part.statements);
    appendStatements(transcript, 'mask', part.language, [part.mask]);
  }
  return transcript.challengeBytes('commitment', COMMITMENT_BYTES);
}

/** The committed set S: parties strictly increasing, each with its commitment. */
export interface CommittedEntry {
  readonly party: number;
  readonly commitment: Uint8Array;
}

/** e₁…e_count for one part, from the whole committed set S (every prover of S uses the same). */
export function aggregationChallenges(
  context: AggregationContext,
  committed: readonly CommittedEntry[],
  part: string,
  language: Language,
  count: number,
): bigint[] {
  const transcript = contextTranscript(CHALLENGE_LABEL, context);
  transcript.appendNumber('committed', committed.length);
  for (const entry of committed) {
    transcript.appendNumber('party-id', entry.party);
    transcript.append('commitment', entry.commitment);
  }
  appendLanguage(transcript, part, language);
  transcript.appendNumber('count', count);
  return Array.from({ length: count }, (_, i) => transcript.challengeInteger(`challenge/${i}`, CHALLENGE_BITS));
}

/** Structure and per-prover range of one share (before it enters any equation). */
export function shareWellFormed(language: Language, share: ProofShare, count: number): string | undefined {
  const shaped = (s: Statement) => s.length === language.statement.length && language.statement.every((f, i) => hasFactorShape(f, s[i]));
  if (share.statements.length !== count || !share.statements.every(shaped)) return 'a statement does not have the language’s shape';
  if (!shaped(share.mask)) return 'the mask does not have the language’s shape';
  if (!responsesInRange(language, share.responses, count)) return 'a response is out of range';
  return undefined;
}

/** φ(z_k) = T_k + Σ eᵢ·X_{k,i} for one prover (deterministic: it names culprits). */
export function shareHolds(language: Language, share: ProofShare, challenges: readonly bigint[]): boolean {
  const left = language.map(share.responses);
  const right = maskPlusCombination(language, share.mask, share.statements, challenges);
  return language.statement.every((factor, f) => equationHolds(factor, left[f] as GroupValue, right[f] as GroupValue));
}

/** Σ_k X_{k,i} per statement index i (the aggregate statements). */
export function sumStatements(language: Language, shares: readonly ProofShare[], count: number): Statement[] {
  return Array.from({ length: count }, (_, i) =>
    language.statement.map((factor, f) => {
      let sum: GroupValue | undefined;
      for (const share of shares) {
        const value = (share.statements[i] as Statement)[f] as GroupValue;
        sum = sum === undefined ? value : addFactor(factor, sum, value);
      }
      return sum as GroupValue;
    }),
  );
}

/**
 * φ(Σ_k z_k) = Σ_k T_k + Σ_i eᵢ·(Σ_k X_{k,i}) over well-formed shares (at least one). `sums`, when
 * given, are the Σ_k X_{k,i} already computed.
 */
export function aggregateHolds(
  language: Language,
  shares: readonly ProofShare[],
  challenges: readonly bigint[],
  sums: readonly Statement[] = sumStatements(language, shares, challenges.length),
): boolean {
  const responses = language.witness.map((factor, f) => {
    let z = 0n;
    for (const share of shares) z += share.responses[f] as bigint;
    return factor.kind === 'scalar' ? mod(z, language.scalarOrder) : z;
  });
  const left = language.map(responses, 'public');
  return language.statement.every((factor, f) => {
    let masks: GroupValue | undefined;
    for (const share of shares)
      masks = masks === undefined ? (share.mask[f] as GroupValue) : addFactor(factor, masks, share.mask[f] as GroupValue);
    const combined = combineFactor(
      factor,
      sums.map((s) => s[f] as GroupValue),
      challenges,
    );
    return equationHolds(factor, left[f] as GroupValue, addFactor(factor, masks as GroupValue, combined));
  });
}

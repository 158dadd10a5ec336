/**
 * UC-secure non-interactive proofs with Fischlin's transform (Fischlin, CRYPTO 2005; parameters
 * and the straight-line search of Chen and Lindell, eprint 2024/526), used for the user's proof of
 * knowledge of x_A and of β (PROTOCOL.md §5): unlike Fiat–Shamir, a witness can be extracted
 * without rewinding, from the prover's queries.
 *
 * ρ = 16 repetitions with masks Tᵢ = φ(rᵢ), all committed first. For each repetition the prover
 * searches the smallest challenge eᵢ ∈ [0, 2^16) such that the hash of (everything, i, eᵢ, zᵢ =
 * rᵢ + eᵢ·w) starts with b = 8 zero bits; soundness error ≈ 2^−(ρ·b) = 2^−128. If no challenge
 * works for some repetition (probability ≈ e^−256) the prover starts again with fresh masks.
 * @module
 */

import { concatBytes } from '@noble/hashes/utils.js';
import { bcsBigIntBytes } from '../encoding/bigint.ts';
import { mod } from '../numbers/modular.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { framedItem, type Transcript } from '../transcript.ts';
import { appendStatements, languageTranscript, type ProofContext } from './context.ts';
import { addFactor, assertWitnessInRange, combineFactor, equationHolds, hasFactorShape, responsesInRange, sampleMask } from './factors.ts';
import type { GroupValue, Language, Statement, Witness } from './language.ts';
import type { VerificationResult } from './maurer.ts';

export const FISCHLIN_REPETITIONS = 16;
export const FISCHLIN_ZERO_BITS = 8;
/** Challenges of one repetition lie in [0, 2^FISCHLIN_CHALLENGE_BITS). */
export const FISCHLIN_CHALLENGE_BITS = 16;

export interface FischlinRepetition {
  readonly mask: Statement;
  readonly challenge: number;
  readonly responses: readonly bigint[];
}

export interface FischlinProof {
  readonly repetitions: readonly FischlinRepetition[];
}

function commonTranscript(language: Language, context: ProofContext, statement: Statement, masks: readonly Statement[]): Transcript {
  const transcript = languageTranscript('fischlin', language, context);
  appendStatements(transcript, 'statement', language, [statement]);
  appendStatements(transcript, 'mask', language, masks);
  return transcript;
}

/**
 * The hash test of one repetition i: whether H(common, i, e, z) starts with FISCHLIN_ZERO_BITS
 * zero bits, where H absorbs, after the common transcript, the items repetition = i,
 * challenge = e, response/f = BCS(z_f) for each factor f, then squeezes the challenge
 * `fischlin`. The prover tries ≈ 2^8 challenges per repetition (4,096 hashes a proof), so the
 * part before e is absorbed once per repetition and the varying items are framed into one buffer
 * (transcript.ts `framedItem`): the same bytes reach the sponge as when each item is appended
 * in turn (test/mpc/proofs/framework.test.ts checks the two against each other).
 */
class RepetitionHash {
  readonly #prefix: Transcript;

  constructor(common: Transcript, repetition: number) {
    this.#prefix = common.fork().appendNumber('repetition', repetition);
  }

  hits(challenge: number, responses: readonly bigint[]): boolean {
    const items = [
      framedItem('challenge', challengeBytes(challenge)),
      ...responses.map((z, f) => framedItem(`response/${f}`, bcsBigIntBytes(z))),
    ];
    const transcript = this.#prefix.fork().appendFramed(concatBytes(...items));
    const [first] = transcript.challengeBytes('fischlin', 1);
    return (first as number) >> (8 - FISCHLIN_ZERO_BITS) === 0;
  }
}

/** A challenge as `appendNumber` frames it: 8 bytes big-endian. */
function challengeBytes(challenge: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setUint32(4, challenge, false);
  return out;
}

/** A UC proof of knowledge of w for the statement φ(w). */
export function proveFischlin(
  language: Language,
  context: ProofContext,
  witness: Witness,
  rng: RandomSource = systemRandom,
): { proof: FischlinProof; statement: Statement } {
  assertWitnessInRange(language, witness);
  const statement = language.map(witness);
  for (;;) {
    const masks = Array.from({ length: FISCHLIN_REPETITIONS }, () => sampleMask(language, 1, rng, FISCHLIN_CHALLENGE_BITS));
    const maskStatements = masks.map((r) => language.map(r));
    const common = commonTranscript(language, context, statement, maskStatements);
    const repetitions: FischlinRepetition[] = [];
    for (let i = 0; i < FISCHLIN_REPETITIONS; i++) {
      const hash = new RepetitionHash(common, i);
      // z = r + e·w, advanced by w per candidate challenge.
      const z = [...(masks[i] as bigint[])];
      let found = false;
      for (let e = 0; e < 1 << FISCHLIN_CHALLENGE_BITS; e++) {
        const reduced = language.witness.map((factor, f) =>
          factor.kind === 'scalar' ? mod(z[f] as bigint, language.scalarOrder) : (z[f] as bigint),
        );
        if (hash.hits(e, reduced)) {
          repetitions.push({ mask: maskStatements[i] as Statement, challenge: e, responses: reduced });
          found = true;
          break;
        }
        for (let f = 0; f < z.length; f++) z[f] = (z[f] as bigint) + (witness[f] as bigint);
      }
      if (!found) break;
    }
    if (repetitions.length === FISCHLIN_REPETITIONS) return { proof: { repetitions }, statement };
  }
}

/** Verify a UC proof for `statement` in `context`. */
export function verifyFischlin(language: Language, context: ProofContext, statement: Statement, proof: FischlinProof): VerificationResult {
  const shaped = (s: Statement) =>
    s.length === language.statement.length && language.statement.every((factor, f) => hasFactorShape(factor, s[f]));
  if (!shaped(statement)) return { valid: false, reason: 'the statement does not have the language’s shape' };
  if (!Array.isArray(proof.repetitions) || proof.repetitions.length !== FISCHLIN_REPETITIONS) {
    return { valid: false, reason: `a UC proof has ${FISCHLIN_REPETITIONS} repetitions` };
  }
  for (const rep of proof.repetitions) {
    if (!shaped(rep.mask)) return { valid: false, reason: 'a mask does not have the language’s shape' };
    if (!Number.isInteger(rep.challenge) || rep.challenge < 0 || rep.challenge >= 1 << FISCHLIN_CHALLENGE_BITS) {
      return { valid: false, reason: 'a challenge is out of range' };
    }
    if (!responsesInRange(language, rep.responses, 1, FISCHLIN_CHALLENGE_BITS))
      return { valid: false, reason: 'a response is out of range' };
  }
  const common = commonTranscript(
    language,
    context,
    statement,
    proof.repetitions.map((r) => r.mask),
  );
  for (let i = 0; i < FISCHLIN_REPETITIONS; i++) {
    const rep = proof.repetitions[i] as FischlinRepetition;
    if (!new RepetitionHash(common, i).hits(rep.challenge, rep.responses))
      return { valid: false, reason: `repetition ${i} misses the hash target` };
    const left = language.map(rep.responses, 'public');
    const ok = language.statement.every((factor, f) => {
      const right = addFactor(
        factor,
        rep.mask[f] as GroupValue,
        combineFactor(factor, [statement[f] as GroupValue], [BigInt(rep.challenge)]),
      );
      return equationHolds(factor, left[f] as GroupValue, right);
    });
    if (!ok) return { valid: false, reason: `repetition ${i}: φ(z) ≠ T + e·X` };
  }
  return { valid: true };
}

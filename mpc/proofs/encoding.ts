/**
 * BCS schemas of statements and proofs, derived from a language's factors, so that every language
 * gets strict encodings without writing them by hand: points and forms are validated as group
 * elements, scalar responses must be below q and integer responses within the bound an honest
 * prover respects (a larger one is rejected at decoding, before any exponentiation).
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { bcsBigInt } from '../encoding/bigint.ts';
import { formSchema } from '../encoding/classgroups.ts';
import { pointSchema } from '../encoding/curves.ts';
import { ErrorCodes, ParameterError } from '../errors.ts';
import { CHALLENGE_BITS } from '../transcript.ts';
import { responseBits } from './factors.ts';
import { FISCHLIN_CHALLENGE_BITS, FISCHLIN_REPETITIONS, type FischlinProof } from './fischlin.ts';
import type { GroupValue, Language, Statement, StatementFactor } from './language.ts';
import type { MaurerProof } from './maurer.ts';

// biome-ignore lint/suspicious/noExplicitAny: heterogeneous factor schemas are combined in a tuple
type AnySchema = BcsType<any, any>;

function factorSchema(factor: StatementFactor): AnySchema {
  return factor.kind === 'point' ? pointSchema(factor.curve) : formSchema(factor.group);
}

/** The schema of one statement (or statement mask) of `language`. */
export function statementSchema(language: Language): BcsType<Statement, Statement> {
  return bcs.tuple(language.statement.map(factorSchema)).transform<Statement, Statement>({
    input: (s) => [...s] as GroupValue[],
    output: (s) => s as GroupValue[],
  }) as unknown as BcsType<Statement, Statement>;
}

function responsesSchema(language: Language, terms: number, challengeBits: number): BcsType<bigint[], bigint[]> {
  const fields = language.witness.map((factor, f) => {
    const bits = responseBits(factor, language.scalarOrder, terms, challengeBits);
    return bcsBigInt(`${language.name}.z${f}`, { maxBits: bits, signed: factor.kind === 'integer' });
  });
  return bcs.tuple(fields).transform<bigint[], bigint[]>({
    input: (z) => {
      if (z.length !== fields.length) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `${language.name}: wrong number of responses`);
      return z;
    },
    output: (z) => [...z] as bigint[],
  }) as unknown as BcsType<bigint[], bigint[]>;
}

/** The schema of a Maurer proof of `language` over `statementCount` statements. */
export function maurerProofSchema(language: Language, statementCount: number): BcsType<MaurerProof, MaurerProof> {
  return bcs.struct(`${language.name}::MaurerProof`, {
    mask: statementSchema(language),
    responses: responsesSchema(language, statementCount, CHALLENGE_BITS),
  }) as unknown as BcsType<MaurerProof, MaurerProof>;
}

/** The schema of a Fischlin (UC) proof of `language`. */
export function fischlinProofSchema(language: Language): BcsType<FischlinProof, FischlinProof> {
  const repetition = bcs.struct(`${language.name}::FischlinRepetition`, {
    mask: statementSchema(language),
    challenge: bcs.u16(),
    responses: responsesSchema(language, 1, FISCHLIN_CHALLENGE_BITS),
  });
  return bcs.struct(`${language.name}::FischlinProof`, {
    repetitions: bcs.fixedArray(FISCHLIN_REPETITIONS, repetition),
  }) as unknown as BcsType<FischlinProof, FischlinProof>;
}

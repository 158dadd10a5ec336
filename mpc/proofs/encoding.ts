/**
 * BCS schemas of statements and proofs, derived from a language's factors, so that every language
 * gets strict encodings without writing them by hand: points and forms are validated as group
 * elements, scalar responses are 32-byte scalars below q and integer responses lie within the
 * bound an honest prover respects (a larger one is rejected at decoding, before any
 * exponentiation).
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { formSchema } from '../classgroups/encoding.ts';
import { pointSchema } from '../curves/encoding.ts';
import { bcsBigInt } from '../encoding/bigint.ts';
import { EncodingError, ErrorCodes, ParameterError } from '../errors.ts';
import { bigintToBytes, bitLength, bytesToBigint } from '../numbers/bytes.ts';
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

/**
 * A scalar response as PROTOCOL.md §2 encodes scalars: fixed-width big-endian (32 bytes on every
 * curve here), rejected unless below q.
 */
function scalarResponseSchema(name: string, order: bigint): BcsType<bigint, bigint> {
  const width = Math.ceil(bitLength(order - 1n) / 8);
  const check = (z: bigint) => {
    if (typeof z !== 'bigint' || z < 0n || z >= order) {
      throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${name}: a scalar response must lie in [0, q)`);
    }
  };
  return bcs.bytes(width).transform<bigint, bigint>({
    input: (z) => {
      check(z);
      return bigintToBytes(z, width);
    },
    output: (bytes) => {
      const z = bytesToBigint(new Uint8Array(bytes));
      check(z);
      return z;
    },
  });
}

function responsesSchema(language: Language, terms: number, challengeBits: number): BcsType<bigint[], bigint[]> {
  const fields = language.witness.map((factor, f) => {
    const name = `${language.name}.z${f}`;
    if (factor.kind === 'scalar') return scalarResponseSchema(name, language.scalarOrder);
    return bcsBigInt(name, { maxBits: responseBits(factor, language.scalarOrder, terms, challengeBits), signed: true });
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

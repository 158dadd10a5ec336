/**
 * What every proof's transcript binds besides the language and the statements (PROTOCOL.md §2):
 * the protocol, the session id, the round, the proof's name within the round, and the prover's
 * party id. A proof made for one context does not verify in any other.
 * @module
 */
import { ErrorCodes, ParameterError } from '../errors.ts';
import { Transcript } from '../transcript.ts';
import { transcriptBytes } from './factors.ts';
import type { Language, Statement } from './language.ts';

export interface ProofContext {
  /** e.g. "2pc-mpc/ecdsa/sign" */
  readonly protocol: string;
  /** 32 bytes, fixed by the chain request. */
  readonly sessionId: Uint8Array;
  /** e.g. "presign/round-1" */
  readonly round: string;
  /** The proof's name within the round, e.g. "encryption of mask". */
  readonly proof: string;
  /** The prover's party id (validators 1..n; the user is 0). */
  readonly partyId: number;
}

/** The party id of the user (the "centralized party"). */
export const USER_PARTY_ID = 0;

export function assertProofContext(context: ProofContext): void {
  if (!(context.sessionId instanceof Uint8Array) || context.sessionId.length !== 32) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'proof context: the session id must be 32 bytes');
  }
  if (!Number.isSafeInteger(context.partyId) || context.partyId < 0) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'proof context: the party id must be a non-negative integer');
  }
}

/** A transcript bound to the context, the language and its public parameters. */
export function languageTranscript(kind: string, language: Language, context: ProofContext): Transcript {
  assertProofContext(context);
  const transcript = new Transcript(context.protocol);
  transcript.append('session-id', context.sessionId);
  transcript.append('round', new TextEncoder().encode(context.round));
  transcript.append('proof', new TextEncoder().encode(context.proof));
  transcript.appendNumber('party-id', context.partyId);
  transcript.append('proof-system', new TextEncoder().encode(kind));
  transcript.append('language', new TextEncoder().encode(language.name));
  transcript.append('public-parameters', language.publicParameters);
  return transcript;
}

/** Absorb statement-shaped values (statements or masks) under `label`. */
export function appendStatements(transcript: Transcript, label: string, language: Language, values: readonly Statement[]): void {
  transcript.appendNumber(`${label}/count`, values.length);
  values.forEach((statement, i) => {
    language.statement.forEach((factor, f) => {
      transcript.append(`${label}/${i}/${f}`, transcriptBytes(factor, statement[f] as never));
    });
  });
}

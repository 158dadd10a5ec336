/**
 * Typed errors of the proof layer (its own code table, next to the cryptography's in
 * mpc/errors.ts). Verification never throws for a bad proof — it returns a reason — so these are
 * the errors of provers and of language constructors: a witness a proof must not be made for, or
 * public parameters that do not define a language.
 * @module
 */
import { type CodeOf, DWalletError } from '../errors.ts';

/** Stable codes of the proof layer. */
export const ProofErrorCodes = {
  /** A witness factor lies outside its group: a scalar not in [0, q), an integer not below its bound. */
  PROOF_WITNESS_OUT_OF_RANGE: 'PROOF_WITNESS_OUT_OF_RANGE',
  /** The witness does not map to the statement the caller asked to prove. */
  PROOF_WITNESS_MISMATCH: 'PROOF_WITNESS_MISMATCH',
  /** Public parameters that do not define a language (an identity base, a curve and a CL key of different q, …). */
  PROOF_INVALID_PUBLIC_PARAMETERS: 'PROOF_INVALID_PUBLIC_PARAMETERS',
} as const;

export type ProofErrorCode = CodeOf<typeof ProofErrorCodes>;

/** A prover was given a witness that it must not (or cannot) prove anything with. */
export class WitnessError extends DWalletError<ProofErrorCode> {}

/** A language was asked for with public parameters that do not define one. */
export class LanguageParameterError extends DWalletError<ProofErrorCode> {}

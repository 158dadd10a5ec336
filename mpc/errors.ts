/**
 * Typed errors shared by every layer of the project.
 *
 * Each error carries a stable machine-readable `code` (never reworded once released) so that the
 * CLI, the HTTP APIs and on-chain rejections can report the same failure the same way. The
 * human-readable message says what was wrong and, where it helps, what was expected.
 *
 * `mpc/` is the bottom of the dependency graph, so the base class lives here; each layer defines
 * its own code table (this file holds the cryptography's) and a subclass typed by it, in two lines:
 *
 * ```ts
 * export type ChainErrorCode = CodeOf<typeof ChainErrorCodes>;
 * export class ChainError extends DWalletError<ChainErrorCode> {}
 * ```
 * @module
 */

/** The stable error codes of the cryptographic layer. */
export const ErrorCodes = {
  // encoding (BCS and byte-level decoding)
  ENCODING_TRAILING_BYTES: 'ENCODING_TRAILING_BYTES',
  ENCODING_TRUNCATED: 'ENCODING_TRUNCATED',
  ENCODING_NON_CANONICAL: 'ENCODING_NON_CANONICAL',
  ENCODING_INTEGER_TOO_LARGE: 'ENCODING_INTEGER_TOO_LARGE',
  ENCODING_INVALID_VALUE: 'ENCODING_INVALID_VALUE',
  ENCODING_TOO_LONG: 'ENCODING_TOO_LONG',
  // class groups
  FORM_WRONG_DISCRIMINANT: 'FORM_WRONG_DISCRIMINANT',
  FORM_NOT_REDUCED: 'FORM_NOT_REDUCED',
  FORM_NOT_PRIMITIVE: 'FORM_NOT_PRIMITIVE',
  FORM_NOT_POSITIVE_DEFINITE: 'FORM_NOT_POSITIVE_DEFINITE',
  FORM_NOT_IN_MESSAGE_SUBGROUP: 'FORM_NOT_IN_MESSAGE_SUBGROUP',
  FORM_NOT_A_SQUARE: 'FORM_NOT_A_SQUARE',
  FORM_SMALL_ORDER_KEY: 'FORM_SMALL_ORDER_KEY',
  // parameters and setup
  INVALID_PARAMETER: 'INVALID_PARAMETER',
  // arithmetic
  NOT_INVERTIBLE: 'NOT_INVERTIBLE',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
} as const;

/** The codes of a code table (`{ NAME: 'CODE', … }`). */
export type CodeOf<Table extends Readonly<Record<string, string>>> = Table[keyof Table];

export type MpcErrorCode = CodeOf<typeof ErrorCodes>;

/**
 * Base class of every error this project throws on purpose; `Code` is the layer's code table, so a
 * layer's errors take only its own codes.
 */
export class DWalletError<Code extends string = string> extends Error {
  /** Stable identifier, UPPER_SNAKE_CASE, unique across the project. */
  readonly code: Code;
  /** Structured, non-secret context (field names, sizes, expected values). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toJSON(): { name: string; code: string; message: string; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** Bytes that do not decode to a valid value of the expected schema. */
export class EncodingError extends DWalletError<MpcErrorCode> {}

/** A binary quadratic form that is not a valid element of the expected class group. */
export class InvalidFormError extends DWalletError<MpcErrorCode> {}

/** A public parameter (discriminant, bound, curve, security level) that is not acceptable. */
export class ParameterError extends DWalletError<MpcErrorCode> {}

/** An arithmetic precondition failed (no inverse, value outside its range). */
export class ArithmeticError extends DWalletError<MpcErrorCode> {}

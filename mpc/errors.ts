/**
 * Typed errors shared by every layer of the project.
 *
 * Each error carries a stable machine-readable `code` (never reworded once released) so that the
 * CLI, the HTTP APIs and on-chain rejections can report the same failure the same way. The
 * human-readable message says what was wrong and, where it helps, what was expected.
 *
 * `mpc/` is the bottom of the dependency graph, so the base class lives here; each layer defines
 * its own code table (this file holds the cryptography's) and its own subclasses.
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
  SETUP_CACHE_CORRUPT: 'SETUP_CACHE_CORRUPT',
  // arithmetic
  NOT_INVERTIBLE: 'NOT_INVERTIBLE',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
} as const;

export type MpcErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Base class of every error this project throws on purpose. */
export class DWalletError extends Error {
  /** Stable identifier, UPPER_SNAKE_CASE, unique across the project. */
  readonly code: string;
  /** Structured, non-secret context (field names, sizes, expected values). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
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
export class EncodingError extends DWalletError {}

/** A binary quadratic form that is not a valid element of the expected class group. */
export class InvalidFormError extends DWalletError {}

/** A public parameter (discriminant, bound, curve, security level) that is not acceptable. */
export class ParameterError extends DWalletError {}

/** An arithmetic precondition failed (no inverse, value outside its range). */
export class ArithmeticError extends DWalletError {}

/** A cached artefact failed its integrity check. */
export class CacheError extends DWalletError {}

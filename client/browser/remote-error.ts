/**
 * Errors across the page↔worker boundary. `postMessage` copies values by structured clone, which
 * keeps an Error's message but drops its class, `code` and `details`; so the worker sends every
 * error as a plain {@link SerializedError} and the page rebuilds a {@link ClientError} with the same
 * code, message and details (a {@link RequestRejectedError} with its rejection), so a dApp branches
 * on `error.code` exactly as with the Node SDK.
 *
 * Errors of other layers (the chain's `NO_GAS_COIN`, an MPC `FORM_*`) keep their own code: the
 * rebuilt ClientError carries it as is and `details.errorName` says which class it was. An error
 * that is not a DWalletError (a TypeError, a wallet's own Error) crosses as INTERNAL with its
 * message. Details are copied through JSON-like cloning: only data crosses (strings, numbers,
 * bigints, booleans, null, arrays, plain objects, byte arrays), never functions or class instances;
 * errors never carry secrets (client/errors.ts), so nothing secret crosses either.
 * @module
 */
import { DWalletError } from '../../mpc/errors.ts';
import { ClientError, type ClientErrorCode, ClientErrorCodes, RequestRejectedError } from '../errors.ts';

/** An error as it crosses the boundary. */
export interface SerializedError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** The code of an error that was not one of the project's typed errors. */
export const UNTYPED_ERROR_CODE = 'INTERNAL';

const MAX_DEPTH = 6;

/** A copy of `value` holding data only (see the module comment); anything else becomes its String(). */
function plainData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value;
  if (value === undefined) return undefined;
  if (depth >= MAX_DEPTH) return String(value);
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map((item) => plainData(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = plainData(item, depth + 1);
    return out;
  }
  return String(value);
}

/** The error as it crosses to the page. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof DWalletError) {
    const json = error.toJSON();
    return { ...json, details: plainData(json.details) as Record<string, unknown> };
  }
  if (error instanceof Error) return { name: error.name, code: UNTYPED_ERROR_CODE, message: error.message, details: {} };
  return { name: 'Error', code: UNTYPED_ERROR_CODE, message: String(error), details: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` has the shape of a {@link SerializedError}. */
export function isSerializedError(value: unknown): value is SerializedError {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.code === 'string' &&
    typeof value.message === 'string' &&
    isRecord(value.details)
  );
}

function rejectionOf(details: Record<string, unknown>): ConstructorParameters<typeof RequestRejectedError>[1] | undefined {
  const { reasonCode, reasonName, reason, blamed } = details;
  if (typeof reasonCode !== 'number' || typeof reason !== 'string') return undefined;
  if (reasonName !== null && typeof reasonName !== 'string') return undefined;
  if (!Array.isArray(blamed) || !blamed.every((b) => typeof b === 'number')) return undefined;
  return { reasonCode, reasonName, reason, blamed };
}

/**
 * The error the page throws for a {@link SerializedError}: a RequestRejectedError for a rejection
 * (its fields rebuilt from the details), else a ClientError with the worker's code, message and
 * details. `details.errorName` keeps the original class name when it was not a ClientError.
 */
export function rebuildError(serialized: SerializedError): ClientError {
  const { code, message, details, name } = serialized;
  if (code === ClientErrorCodes.REQUEST_REJECTED && typeof details.sessionId === 'string') {
    const rejection = rejectionOf(details);
    if (rejection !== undefined) {
      const error = new RequestRejectedError(details.sessionId, rejection);
      // The worker's message names what was rejected ("the sign request"); keep it.
      Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true, enumerable: false });
      return error;
    }
  }
  const error = new ClientError(code as ClientErrorCode, message, name === 'ClientError' ? details : { ...details, errorName: name });
  return error;
}

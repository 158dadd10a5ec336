/**
 * Typed errors of the chain layer.
 *
 * Three families, by who is at fault:
 * - a transaction refused before it executes (bad signature, stale object reference, a command
 *   the local chain does not run …) — nothing is recorded on chain;
 * - a bad request to a chain (malformed cursor, address, HTTP body) or data from a chain that does
 *   not decode;
 * - a transport failure (HTTP or gRPC unreachable, unexpected response).
 *
 * A transaction that executes and aborts is not an error here: it is a result with a failed
 * status carrying the Move abort (see `ExecutionError` in `chain.ts`), as on Sui.
 * @module
 */
import { type CodeOf, DWalletError } from '../mpc/errors.ts';

/** The stable error codes of the chain layer. */
export const ChainErrorCodes = {
  // transactions refused before execution
  TX_MALFORMED: 'CHAIN_TX_MALFORMED',
  TX_TOO_LARGE: 'CHAIN_TX_TOO_LARGE',
  TX_BAD_SIGNATURE: 'CHAIN_TX_BAD_SIGNATURE',
  TX_UNSUPPORTED: 'CHAIN_TX_UNSUPPORTED',
  TX_OBJECT_NOT_FOUND: 'CHAIN_TX_OBJECT_NOT_FOUND',
  TX_OBJECT_VERSION_MISMATCH: 'CHAIN_TX_OBJECT_VERSION_MISMATCH',
  TX_OBJECT_NOT_OWNED: 'CHAIN_TX_OBJECT_NOT_OWNED',
  TX_INSUFFICIENT_GAS: 'CHAIN_TX_INSUFFICIENT_GAS',
  // requests and data
  INVALID_REQUEST: 'CHAIN_INVALID_REQUEST',
  INVALID_CURSOR: 'CHAIN_INVALID_CURSOR',
  DATA_INVALID: 'CHAIN_DATA_INVALID',
  NOT_FOUND: 'CHAIN_NOT_FOUND',
  NO_GAS_COIN: 'CHAIN_NO_GAS_COIN',
  INSUFFICIENT_GAS_BALANCE: 'CHAIN_INSUFFICIENT_GAS_BALANCE',
  // transports and storage
  TRANSPORT_FAILED: 'CHAIN_TRANSPORT_FAILED',
  RESPONSE_INVALID: 'CHAIN_RESPONSE_INVALID',
  STORE_INVALID: 'CHAIN_STORE_INVALID',
  INTERNAL: 'CHAIN_INTERNAL',
} as const;

export type ChainErrorCode = CodeOf<typeof ChainErrorCodes>;

/** Base class of the chain layer's errors. */
export class ChainError extends DWalletError<ChainErrorCode> {}

/** A transaction the chain refused before executing it; nothing was recorded. */
export class TransactionRejectedError extends ChainError {}

/** A request to a chain that is malformed (bad cursor, address, body), or asks for nothing that exists. */
export class ChainRequestError extends ChainError {}

/** Bytes or values read from a chain that do not decode to what the schema says. */
export class ChainDataError extends ChainError {}

/** The chain could not be reached, or answered something that is not a valid response. */
export class ChainTransportError extends ChainError {}

/** A local chain database that is not what this code wrote. */
export class ChainStoreError extends ChainError {}

const knownCodes = new Set<string>(Object.values(ChainErrorCodes));

export function isChainErrorCode(code: unknown): code is ChainErrorCode {
  return typeof code === 'string' && knownCodes.has(code);
}

/** Rebuilds the error a remote chain reported (used by HTTP clients), keeping its class. */
export function chainErrorFromCode(code: ChainErrorCode, message: string, details: Record<string, unknown> = {}): ChainError {
  if (code.startsWith('CHAIN_TX_')) return new TransactionRejectedError(code, message, details);
  switch (code) {
    case ChainErrorCodes.INVALID_REQUEST:
    case ChainErrorCodes.INVALID_CURSOR:
    case ChainErrorCodes.NOT_FOUND:
    case ChainErrorCodes.NO_GAS_COIN:
    case ChainErrorCodes.INSUFFICIENT_GAS_BALANCE:
      return new ChainRequestError(code, message, details);
    case ChainErrorCodes.DATA_INVALID:
      return new ChainDataError(code, message, details);
    case ChainErrorCodes.STORE_INVALID:
      return new ChainStoreError(code, message, details);
    default:
      return new ChainTransportError(code, message, details);
  }
}

/**
 * Typed errors of the indexer, with stable codes: bad input to its HTTP API (a parameter that is
 * malformed, an object it has not seen) and a database it cannot open or reach. HTTP answers carry the
 * code; `status` says which HTTP status it maps to.
 * @module
 */

import { type CodeOf, DWalletError } from '../mpc/errors.ts';
import { HttpError } from '../runtime/http.ts';

export const IndexerErrorCodes = {
  /** A path or query parameter is malformed; the message names it and says what was expected. */
  INDEXER_INVALID_PARAMETER: 'INDEXER_INVALID_PARAMETER',
  /** No such dWallet, session, signature, partial signature or presign has been indexed. */
  INDEXER_NOT_FOUND: 'INDEXER_NOT_FOUND',
  /** The database cannot be opened or migrated (a bad path or URL, refused credentials, a failed migration, a value out of range). */
  INDEXER_STORE_INVALID: 'INDEXER_STORE_INVALID',
  /** The PostgreSQL server does not answer; the message names host:port and the driver's reason. */
  INDEXER_STORE_UNREACHABLE: 'INDEXER_STORE_UNREACHABLE',
  /** Extensions run synchronously inside a SQLite transaction: an indexer on PostgreSQL takes none. */
  INDEXER_EXTENSIONS_UNSUPPORTED: 'INDEXER_EXTENSIONS_UNSUPPORTED',
  /** `readOnly` names a reader of a PostgreSQL database a writer fills; a SQLite file has one process, its writer. */
  INDEXER_READ_ONLY_UNSUPPORTED: 'INDEXER_READ_ONLY_UNSUPPORTED',
} as const;

export type IndexerErrorCode = CodeOf<typeof IndexerErrorCodes>;

/** A request the client got wrong: 400 with the parameter's name and what it should be. */
export class InvalidParameterError extends HttpError {
  constructor(parameter: string, expected: string, got: string | undefined) {
    super(400, IndexerErrorCodes.INDEXER_INVALID_PARAMETER, `${parameter}: expected ${expected}, got ${JSON.stringify(got ?? null)}`, {
      parameter,
      expected,
    });
  }
}

/** An object the indexer has not seen on chain: 404. */
export class NotFoundError extends HttpError {
  constructor(what: string, id: string) {
    super(404, IndexerErrorCodes.INDEXER_NOT_FOUND, `no ${what} ${id} has been indexed`, { what, id });
  }
}

export class IndexerStoreError extends DWalletError<IndexerErrorCode> {}

/** Whether `error` says the database cannot be reached (a retry later may succeed). */
export function isStoreUnreachable(error: unknown): boolean {
  return error instanceof IndexerStoreError && error.code === IndexerErrorCodes.INDEXER_STORE_UNREACHABLE;
}

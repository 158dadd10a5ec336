/**
 * The typed error of a request a Sui full node refused. gRPC gives a status code and a message:
 * the status tells who is at fault (the request, or the way to the node), the message which rule
 * the transaction broke. A refusal keeps its class and a stable code whether the node is Sui's
 * or the local chain, so callers (the relayer's retry rules, the CLI's messages) do not depend on
 * the node's wording beyond the rule's name.
 *
 * Statuses (grpc/grpc doc/statuscodes.md): INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND,
 * OUT_OF_RANGE, RESOURCE_EXHAUSTED (a size limit) and ALREADY_EXISTS are the request's fault
 * (retrying the same bytes gets the same answer); UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL and
 * anything without a status (the connection failed) are the transport's, and may be retried.
 *
 * The rule is read from the message: Sui's `UserInputError` texts (`sui-types/src/error.rs`, e.g.
 * "Gas budget: … is lower than min", "Balance of gas object … is lower than the needed amount",
 * "… is not available for consumption", "Size limit exceeded") and the local chain's own
 * (`chain/local/ledger.ts`), which name the same rules.
 * @module
 */
import {
  type ChainError,
  type ChainErrorCode,
  ChainErrorCodes,
  ChainRequestError,
  ChainTransportError,
  TransactionRejectedError,
} from '../errors.ts';

const REFUSAL_STATUSES = new Set([
  'INVALID_ARGUMENT',
  'FAILED_PRECONDITION',
  'NOT_FOUND',
  'OUT_OF_RANGE',
  'RESOURCE_EXHAUSTED',
  'ALREADY_EXISTS',
]);

/** First match wins: the more specific rules come first. */
const RULES: readonly (readonly [RegExp, ChainErrorCode])[] = [
  [/more than a u64|given twice|must be given as a shared input/i, ChainErrorCodes.TX_MALFORMED],
  [/not available for consumption|is at version \d+, not \d+|version mismatch/i, ChainErrorCodes.TX_OBJECT_VERSION_MISMATCH],
  [
    /gas (budget|price|object|coin)|gas coins? hold \d+, below|insufficient ?gas|GasBalanceTooLow|GasBudgetToo|not a SUI coin/i,
    ChainErrorCodes.TX_INSUFFICIENT_GAS,
  ],
  [/size limit exceeded|SizeLimitExceeded|exceeds \d+|above Sui's max_|too large/i, ChainErrorCodes.TX_TOO_LARGE],
  [/not supported|unsupported|cannot run on the local chain|UNIMPLEMENTED/i, ChainErrorCodes.TX_UNSUPPORTED],
  [/signature/i, ChainErrorCodes.TX_BAD_SIGNATURE],
  [/not owned by|IncorrectUserSignature|owned by another|object owner/i, ChainErrorCodes.TX_OBJECT_NOT_OWNED],
  [/not found|does not exist|not a shared object|ObjectNotFound|deleted/i, ChainErrorCodes.TX_OBJECT_NOT_FOUND],
];

/** The gRPC status name a failed call carries (`NOT_FOUND`, ...); none when the connection failed. */
export function grpcCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error for a failed call that is the transport's (or the node's own) fault: it may be retried. */
export function transportError(what: string, error: unknown): ChainTransportError {
  return new ChainTransportError(
    ChainErrorCodes.TRANSPORT_FAILED,
    `${what} failed: ${(error as Error)?.message ?? String(error)}`,
    {},
    { cause: error },
  );
}

/**
 * The error for a failed read that was given a cursor: a node refuses a cursor it did not give
 * with INVALID_ARGUMENT; anything else is the transport's.
 */
export function cursorRefusal(what: string, error: unknown): ChainError {
  if (grpcCodeOf(error) === 'INVALID_ARGUMENT') {
    return new ChainRequestError(
      ChainErrorCodes.INVALID_CURSOR,
      `the node refused the cursor: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  return transportError(what, error);
}

/**
 * The error for a failed `ExecuteTransaction` (or simulation): a {@link TransactionRejectedError}
 * with the rule's code when the node refused the transaction, else a transport failure.
 */
export function executionRefusal(what: string, error: unknown): ChainError {
  const message = (error as Error)?.message ?? String(error);
  const status = grpcCodeOf(error);
  if (status !== undefined && REFUSAL_STATUSES.has(status)) {
    const code = RULES.find(([pattern]) => pattern.test(message))?.[1] ?? ChainErrorCodes.TX_MALFORMED;
    return new TransactionRejectedError(code, `the node refused the transaction: ${message}`, { grpcStatus: status }, { cause: error });
  }
  return new ChainTransportError(
    ChainErrorCodes.TRANSPORT_FAILED,
    `${what} failed: ${message}`,
    status === undefined ? {} : { grpcStatus: status },
    { cause: error },
  );
}

/**
 * `sui.rpc.v2.TransactionExecutionService/ExecuteTransaction` on the local chain: the signed
 * transaction's BCS and its signatures, run by the ledger as its HTTP API runs them, answered as
 * Sui's `ExecutedTransaction` (effects.ts). A transaction the chain refuses before running it (a
 * bad signature, a stale object reference, a budget the gas coins cannot cover) is
 * INVALID_ARGUMENT with the chain's reason, as a full node refuses it before execution; one that
 * runs and fails is an answer with a failed status, its gas charged.
 *
 * Read mask: `digest`, `transaction` (`digest`, `bcs`), `signatures`, `effects` (and any path under
 * it), `events`, `checkpoint`, `timestamp`, `balance_changes` (always empty: fees are gas, no coin
 * moves). Others answer UNIMPLEMENTED: `transaction.sender`, `transaction.kind` and the rest of the
 * decoded transaction, `objects`.
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import { toBase64 } from '@mysten/sui/utils';
import type { Logger } from '../../../runtime/log.ts';
import type { LocalLedger } from '../ledger.ts';
import { executedTransaction } from './effects.ts';
import { readMaskPaths } from './read-mask.ts';
import { GrpcError, GrpcStatus, invalidArgument } from './status.ts';

const SERVED_ROOTS = new Set(['digest', 'signatures', 'effects', 'events', 'checkpoint', 'timestamp', 'balance_changes']);
const SERVED_TRANSACTION = new Set(['transaction', 'transaction.digest', 'transaction.bcs']);

function checkReadMask(mask: { paths: string[] } | undefined): void {
  for (const path of readMaskPaths(mask) ?? []) {
    const root = path.split('.')[0] ?? '';
    if (SERVED_TRANSACTION.has(path) || SERVED_ROOTS.has(root)) continue;
    if (root === 'transaction' || root === 'objects') {
      throw new GrpcError(GrpcStatus.UNIMPLEMENTED, `the local chain does not serve the executed transaction's ${path}`);
    }
    invalidArgument(`invalid read_mask path: ${path}`);
  }
}

/** Transactions slower than this are logged (the chain executes one at a time). */
const SLOW_TRANSACTION_MS = 1000;

export function transactionExecutionService(ledger: LocalLedger, logger: Logger) {
  return {
    ExecuteTransaction: async (request: GrpcTypes.ExecuteTransactionRequest): Promise<GrpcTypes.ExecuteTransactionResponse> => {
      checkReadMask(request.readMask);
      const bytes = request.transaction?.bcs?.value;
      if (bytes === undefined || bytes.length === 0) invalidArgument('the transaction is not given as BCS');
      if (request.signatures.length === 0) invalidArgument('the transaction has no signature');
      const signatures = request.signatures.map((signature, i) => {
        const value = signature.bcs?.value;
        if (value === undefined || value.length === 0) invalidArgument(`signature ${i} is not given as BCS`);
        return toBase64(value);
      });
      // Refusals before execution are ChainErrors: the router answers them INVALID_ARGUMENT.
      const started = Date.now();
      const result = await ledger.executeTransaction({ bytes, signatures });
      const ms = Date.now() - started;
      const fields = { digest: result.digest, success: result.status.success, gasUsed: result.gasUsed, bytes: bytes.length, ms };
      if (ms > SLOW_TRANSACTION_MS) logger.warn('slow transaction', fields);
      else logger.debug('transaction executed', fields);
      return { transaction: executedTransaction(result, bytes, request.signatures) };
    },
  };
}

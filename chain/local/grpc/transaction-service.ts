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
 *
 * `SimulateTransaction`: the transaction's BCS run by the ledger without committing anything
 * (`LocalLedger.simulateTransaction`), answered as the `ExecutedTransaction` it would be, without
 * signatures, checkpoint or timestamp; refusals before execution are INVALID_ARGUMENT as for
 * execution. A transaction without gas payment runs with Sui's mock gas coin. Its read mask is
 * the one above under `transaction.`. UNIMPLEMENTED: a transaction not given as BCS (Sui resolves
 * those), `checks` DISABLED (dev-inspect), `do_gas_selection` for a transaction without gas
 * payment (that is paying from the address balance, which the local chain does not support; with
 * gas coins given, Sui ignores it too), and `command_outputs`.
 * @module
 */
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { toBase64 } from '@mysten/sui/utils';
import type { Logger } from '../../../runtime/log.ts';
import { netGasCost } from '../../chain.ts';
import type { LocalLedger } from '../ledger.ts';
import { executedTransaction } from './effects.ts';
import { readMaskPaths } from './read-mask.ts';
import { GrpcError, GrpcStatus, invalidArgument } from './status.ts';

const SERVED_ROOTS = new Set(['digest', 'signatures', 'effects', 'events', 'checkpoint', 'timestamp', 'balance_changes']);
const SERVED_TRANSACTION = new Set(['transaction', 'transaction.digest', 'transaction.bcs']);

function checkReadMask(mask: { paths: string[] } | undefined): void {
  for (const path of readMaskPaths(mask) ?? []) checkExecutedPath(path);
}

/** Whether `bytes` are a transaction that names no gas coin (bytes that do not decode are the ledger's to refuse). */
function withoutGasPayment(bytes: Uint8Array): boolean {
  try {
    return bcs.TransactionData.parse(bytes).V1?.gasData.payment.length === 0;
  } catch {
    return false;
  }
}

/** A read-mask path of an `ExecutedTransaction`: served, UNIMPLEMENTED, or invalid (LedgerService/GetTransaction too). */
export function checkExecutedPath(path: string): void {
  const root = path.split('.')[0] ?? '';
  if (SERVED_TRANSACTION.has(path) || SERVED_ROOTS.has(root)) return;
  if (root === 'transaction' || root === 'objects') {
    throw new GrpcError(GrpcStatus.UNIMPLEMENTED, `the local chain does not serve the executed transaction's ${path}`);
  }
  invalidArgument(`invalid read_mask path: ${path}`);
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
      const fields = {
        digest: result.digest,
        success: result.status.success,
        gasUsed: netGasCost(result.gasUsed),
        bytes: bytes.length,
        ms,
      };
      if (ms > SLOW_TRANSACTION_MS) logger.warn('slow transaction', fields);
      else logger.debug('transaction executed', fields);
      return { transaction: executedTransaction(result, bytes, request.signatures) };
    },

    SimulateTransaction: async (request: GrpcTypes.SimulateTransactionRequest): Promise<GrpcTypes.SimulateTransactionResponse> => {
      for (const path of readMaskPaths(request.readMask) ?? []) {
        if (path === 'command_outputs' || path.startsWith('command_outputs.')) {
          throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'the local chain does not report command outputs');
        }
        if (path === 'transaction') continue;
        if (!path.startsWith('transaction.')) invalidArgument(`invalid read_mask path: ${path}`);
        checkExecutedPath(path.slice('transaction.'.length));
      }
      if (request.checks === GrpcTypes.SimulateTransactionRequest_TransactionChecks.DISABLED) {
        throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'the local chain simulates with checks enabled only');
      }
      const bytes = request.transaction?.bcs?.value;
      if (bytes === undefined || bytes.length === 0) {
        throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'the local chain simulates transactions given as BCS only');
      }
      if (request.doGasSelection === true && withoutGasPayment(bytes)) {
        throw new GrpcError(
          GrpcStatus.UNIMPLEMENTED,
          'gas selection (payment from the address balance) is not supported by the local chain',
        );
      }
      // Refusals before execution (a malformed transaction among them) are ChainErrors: INVALID_ARGUMENT.
      const simulated = await ledger.simulateTransaction(bytes);
      return { transaction: executedTransaction({ ...simulated, checkpoint: null }, bytes, []), commandOutputs: [] };
    },
  };
}

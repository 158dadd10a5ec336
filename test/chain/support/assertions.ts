/** Assertions about transaction outcomes shared by the chain tests. */
import assert from 'node:assert/strict';
import {
  ABORT_CODES,
  type AbortModule,
  type AbortName,
  type FRAMEWORK_ABORT_CODES,
  type FrameworkAbortModule,
} from '../../../chain/abort-codes.ts';
import type { ExecutionError, TransactionResult } from '../../../chain/chain.ts';
import { ChainError, type ChainErrorCode } from '../../../chain/errors.ts';

function failure(result: TransactionResult): ExecutionError {
  assert.equal(result.status.success, false, 'the transaction should have failed');
  if (result.status.success) throw new Error('unreachable');
  return result.status.error;
}

/** The transaction aborted with `module::name` of the dwallet package (same code as the Move constant). */
export function assertAbort<M extends AbortModule>(result: TransactionResult, module: M, name: AbortName<M>): void {
  const error = failure(result);
  assert.equal(error.kind, 'MoveAbort', `expected a Move abort, got ${JSON.stringify(error)}`);
  if (error.kind !== 'MoveAbort') return;
  assert.equal(`${error.module}::${error.abortName}`, `${module}::${name}`, error.message);
  assert.equal(error.code, (ABORT_CODES[module] as Record<string, number>)[name]);
}

export function assertFrameworkAbort<M extends FrameworkAbortModule>(
  result: TransactionResult,
  module: M,
  name: keyof (typeof FRAMEWORK_ABORT_CODES)[M] & string,
): void {
  const error = failure(result);
  assert.equal(error.kind, 'MoveAbort', `expected a Move abort, got ${JSON.stringify(error)}`);
  if (error.kind !== 'MoveAbort') return;
  assert.equal(error.packageId, '0x0000000000000000000000000000000000000000000000000000000000000002');
  assert.equal(`${error.module}::${error.abortName}`, `${module}::${name}`);
}

export function assertArgumentError(result: TransactionResult, reason: string): void {
  const error = failure(result);
  assert.equal(error.kind, 'CommandArgumentError', `expected a command argument error, got ${JSON.stringify(error)}`);
  if (error.kind === 'CommandArgumentError') assert.equal(error.reason, reason, error.message);
}

/** The promise rejects with a chain error of `code`. */
export async function assertRejects(promise: Promise<unknown>, code: ChainErrorCode): Promise<ChainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChainError, `expected a ChainError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a rejection with ${code}`);
}

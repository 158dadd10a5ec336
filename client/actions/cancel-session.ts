/**
 * Cancelling one of the user's own sessions that the network has not completed within the
 * coordinator's session timeout: the fee it escrowed comes back to the user.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { hexToBytes } from '@noble/hashes/utils.js';
import { readCoordinator } from '../../chain/object-reader.ts';
import { decodeEvent } from '../../chain/schemas/events.ts';
import { sessionIdArgument } from '../arguments.ts';
import { type CancelRefusal, CancelRefusedError, ClientError, ClientErrorCodes, TransactionFailedError } from '../errors.ts';
import type { ActionContext } from './context.ts';

export interface CancelSessionResult {
  /** 0x-hex session id. */
  readonly sessionId: string;
  /** MIST returned to the requester (the session's whole escrowed fee; 0: no coin was created). */
  readonly refund: bigint;
  readonly digest: string;
}

/** The coordinator's aborts of `cancel_session`, as refusals. */
const REFUSALS: Readonly<Record<string, CancelRefusal>> = {
  ESessionTimeoutNotReached: 'too-early',
  ENotRequester: 'not-requester',
  ESessionNotPending: 'not-pending',
  ESessionNotFound: 'unknown-session',
  ESessionNotCancellable: 'network-session',
};

async function refusalMessage(context: ActionContext, refusal: CancelRefusal): Promise<string> {
  switch (refusal) {
    case 'too-early': {
      const timeoutMs = (await readCoordinator(context.chain)).session_timeout_ms;
      return `too early: a session can be cancelled ${Number(timeoutMs) / 1000} s after its request, and this one is more recent`;
    }
    case 'not-requester':
      return 'not yours: only the account that requested it can cancel it';
    case 'not-pending':
      return 'it is no longer pending (the network completed or rejected it, or it was cancelled already)';
    case 'unknown-session':
      return 'no session has this id on chain';
    case 'network-session':
      return "it is one of the network's own sessions (network key DKG, epoch change), which cannot be cancelled";
  }
}

/**
 * Cancels the session `sessionId` (hex or 32 bytes) that this client's signer requested, once it
 * has been pending for the coordinator's session timeout, and returns the refund. The session
 * ends `cancelled`; a result the network lands for it later is skipped by the chain. A presign the
 * session consumed (a sign, a future sign) stays consumed.
 *
 * Errors: INVALID_ARGUMENT (not a session id), NO_SIGNER, ABORTED, CANCEL_REFUSED
 * ({@link CancelRefusedError}: too early, not the requester, not pending, unknown, a network
 * session), TRANSACTION_FAILED (any other failure).
 */
export async function cancelSession(context: ActionContext, sessionId: string | Uint8Array): Promise<CancelSessionResult> {
  const id = sessionIdArgument(sessionId);
  const tx = new Transaction();
  context.coordinator.cancelSession(tx, { sessionId: hexToBytes(id.slice(2)) });
  let result: Awaited<ReturnType<ActionContext['transactions']['execute']>>;
  try {
    result = await context.transactions.execute('cancel session', tx);
  } catch (error) {
    const refusal = error instanceof TransactionFailedError && error.module === 'coordinator' ? REFUSALS[error.abortName ?? ''] : undefined;
    if (refusal === undefined) throw error;
    throw new CancelRefusedError(id, refusal, await refusalMessage(context, refusal), (error as TransactionFailedError).digest);
  }
  const { packageId } = context.coordinator.deployment;
  const cancelled = result.events.map((event) => decodeEvent(packageId, event.type, event.bcs)).find((e) => e.name === 'SessionCancelled');
  if (cancelled?.name !== 'SessionCancelled') {
    throw new ClientError(
      ClientErrorCodes.CHAIN_DATA_INVALID,
      `the cancel transaction ${result.digest} emitted no SessionCancelled event`,
      {
        digest: result.digest,
      },
    );
  }
  return { sessionId: id, refund: cancelled.value.refund, digest: result.digest };
}

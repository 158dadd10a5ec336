/**
 * Waiting for the network to complete or reject a request's session.
 * @module
 */
import { sessionIdArgument } from '../arguments.ts';
import { ClientError, ClientErrorCodes, RequestRejectedError } from '../errors.ts';
import type { SessionRecord } from '../indexer-client.ts';
import type { SessionOutcome } from '../wait.ts';
import type { ActionContext } from './context.ts';

export interface WaitForSessionOptions {
  /** Default: the client's. */
  readonly timeoutMs?: number;
  /** Stops this wait (ABORTED); the client's signal stops it too. */
  readonly signal?: AbortSignal;
}

/**
 * Waits until the session is completed or rejected (a rejection is not thrown: the record's
 * `status` and `rejection` say so), through the indexer, else the chain's events.
 *
 * Errors: INVALID_ARGUMENT (not a session id, or a timeout that is not positive), TIMEOUT,
 * ABORTED (either signal). After either the request may still complete: wait again.
 */
export async function waitForSession(
  context: ActionContext,
  sessionId: string | Uint8Array,
  options: WaitForSessionOptions = {},
): Promise<SessionOutcome> {
  const id = sessionIdArgument(sessionId);
  const signals = [...new Set([options.signal, context.signal])].filter((s): s is AbortSignal => s !== undefined);
  return context.lookup.wait(id, {
    timeoutMs: options.timeoutMs ?? context.timeoutMs,
    pollIntervalMs: context.pollIntervalMs,
    ...(signals.length === 0 ? {} : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
  });
}

/**
 * Waits for a session the client's own request opened, and throws {@link RequestRejectedError}
 * when the network rejected it (REQUEST_CANCELLED when it was cancelled); `what` names the request
 * in messages.
 *
 * Errors: those of {@link waitForSession}, REQUEST_REJECTED, REQUEST_CANCELLED.
 */
export async function awaitCompleted(context: ActionContext, sessionId: string, what: string): Promise<SessionRecord> {
  context.onProgress(`waiting for the network: ${what} (session ${sessionId})`);
  const { record } = await waitForSession(context, sessionId);
  if (record.status === 'rejected') throw rejectionError(record, what);
  if (record.status === 'cancelled') throw cancelledError(record, what);
  return record;
}

/** The error of a session its requester cancelled; `what` names the request. */
export function cancelledError(record: SessionRecord, what: string): ClientError {
  return new ClientError(ClientErrorCodes.REQUEST_CANCELLED, `${what} (session ${record.sessionId}) was cancelled by its requester`, {
    sessionId: record.sessionId,
  });
}

/** The error of a rejected session (a reason code 0xffff when none was recorded); `what` names the request. */
export function rejectionError(record: SessionRecord, what: string): RequestRejectedError {
  return new RequestRejectedError(
    record.sessionId,
    record.rejection ?? { reasonCode: 0xffff, reasonName: null, reason: 'rejected (no reason recorded)', blamed: [] },
    what,
  );
}

/**
 * A session by its id: what was requested, by whom, and how it ended.
 * @module
 */
import { sessionIdArgument } from '../../arguments.ts';
import type { SessionRecord } from '../../indexer-client.ts';
import type { ActionContext } from '../context.ts';

/**
 * The session `sessionId` (hex, 0x optional, or its 32 bytes); null when neither the indexer nor
 * the chain's events know it.
 *
 * Errors: INVALID_ARGUMENT (not a session id).
 */
export async function getSession(context: ActionContext, sessionId: string | Uint8Array): Promise<SessionRecord | null> {
  const id = sessionIdArgument(sessionId);
  return context.lookup.readFound(
    (indexer) => indexer.getSession(id),
    async () => (await context.lookup.sessionOnChain(id)) ?? null,
  );
}

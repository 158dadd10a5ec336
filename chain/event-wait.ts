/**
 * What a chain follower does once it has caught up: wait for the chain's next event. On a chain
 * that can say when it records one (`Chain.waitForEvents`: the local chain's long poll) the wait
 * ends as soon as the event is recorded — no poll interval between a request's inclusion and the
 * follower seeing it, and no requests while the chain is quiet. On any other chain it is a sleep
 * of the follower's poll interval, as before.
 * @module
 */
import type { Chain, EventCursor } from './chain.ts';
import { sleep } from './retry.ts';

/** One long poll at most: a follower asks again after this (and so notices a chain that went away). */
export const EVENT_WAIT_MS = 10_000;

/** Resolves when the chain holds an event after `cursor` (or after `EVENT_WAIT_MS`), or after `pollIntervalMs` on a chain that cannot wait. */
export async function waitForNextEvent(
  chain: Chain,
  cursor: EventCursor | null,
  pollIntervalMs: number,
  signal?: AbortSignal,
): Promise<void> {
  if (chain.waitForEvents === undefined) {
    await sleep(pollIntervalMs, signal);
    return;
  }
  await chain.waitForEvents(cursor, EVENT_WAIT_MS, signal);
}

/** Counting what a long-running loop leaves on the signal it runs under. */
import { getEventListeners } from 'node:events';

/**
 * Runs `loop` under a fresh signal until `enough()` holds (checked between event-loop turns), then
 * stops it; returns the most abort listeners the signal had at once, and how many it has after.
 */
export async function abortListenersOver(
  loop: (signal: AbortSignal) => Promise<void>,
  enough: () => boolean,
): Promise<{ most: number; after: number }> {
  const controller = new AbortController();
  const running = loop(controller.signal);
  let most = 0;
  try {
    while (!enough()) {
      most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    controller.abort();
    await running;
  }
  return { most, after: getEventListeners(controller.signal, 'abort').length };
}

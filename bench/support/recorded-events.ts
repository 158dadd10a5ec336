/**
 * A chain's event stream recorded once and served again from memory, as a load generator for the
 * indexer bench: `recordEvents` reads every event of a chain with its checkpoint time (one read
 * per transaction, as the indexer would), and `replayEvents` is that chain with its event listing
 * answered from a list — the recording, or one made from it (the bench splices generated activity
 * in before the chain's last event) — with the events' own cursors and pages of whatever size is
 * asked, so that indexing it measures the indexer and its store, not the chain's reads.
 * Everything else (deployment, objects, transactions) is the chain's own.
 * @module
 */
import type { Chain, ChainEvent, EventCursor, EventPage, ListEventsQuery } from '../../chain/chain.ts';
import { ChainErrorCodes, ChainRequestError } from '../../chain/errors.ts';

/** Every event of `chain` in order, each with its checkpoint time. */
export async function recordEvents(chain: Chain): Promise<ChainEvent[]> {
  const events: ChainEvent[] = [];
  for (let page = await chain.listEvents(); ; page = await chain.listEvents({ after: page.nextCursor })) {
    events.push(...page.events);
    if (!page.hasNextPage) break;
  }
  const times = new Map<string, number | null>();
  for (const event of events) {
    if (event.timestampMs !== null || times.has(event.id.txDigest)) continue;
    times.set(event.id.txDigest, (await chain.transactionTime?.(event.id.txDigest)) ?? null);
  }
  return events.map((event) => (event.timestampMs !== null ? event : { ...event, timestampMs: times.get(event.id.txDigest) ?? null }));
}

/** `chain` with its events listed from `events` (in order, each with a cursor of its own; see {@link recordEvents}). */
export function replayEvents(chain: Chain, events: readonly ChainEvent[]): Chain {
  const positions = new Map<EventCursor, number>();
  events.forEach((event, at) => {
    if (event.cursor !== null) positions.set(event.cursor, at);
  });
  const start = (after: EventCursor | null | undefined): number => {
    if (after === null || after === undefined) return 0;
    const at = positions.get(after);
    if (at === undefined)
      throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, `not a cursor of the recording: ${after.slice(0, 80)}`);
    return at + 1;
  };
  return Object.create(chain, {
    listEvents: {
      value: async (query: ListEventsQuery = {}): Promise<EventPage> => {
        const from = start(query.after);
        const page = events.slice(from, from + (query.limit ?? 50));
        return {
          events: page,
          nextCursor: page[page.length - 1]?.cursor ?? query.after ?? null,
          hasNextPage: from + page.length < events.length,
        };
      },
    },
    waitForEvents: { value: async (after: EventCursor | null) => start(after) < events.length },
  });
}

/**
 * A `Chain` that serves a list of the package's events and nothing else: enough for the SDK's
 * chain follower (waits and lookups without an indexer) in unit tests.
 */
import type { Chain, ChainEvent, EventPage } from '../../../chain/chain.ts';
import { type EventName, eventType } from '../../../chain/schemas/events.ts';

/** The package whose events {@link chainEvent} makes. */
export const EVENTS_PACKAGE = `0x${'99'.repeat(32)}`;

/** A Chain that serves `events` (read again at each page) and refuses everything else. */
export function eventsChain(events: () => ChainEvent[]): Chain {
  const unsupported = () => Promise.reject(new Error('not in this test'));
  return {
    deployment: unsupported,
    executeTransaction: unsupported,
    simulateTransaction: unsupported,
    getObject: unsupported,
    listOwnedObjects: unsupported,
    getReferenceGasPrice: unsupported,
    async listEvents(query): Promise<EventPage> {
      const all = events();
      const start = query?.after ? Number(query.after) : 0;
      const page = all.slice(start, start + (query?.limit ?? 50));
      return { events: page, nextCursor: String(start + page.length), hasNextPage: start + page.length < all.length };
    },
  };
}

/** The `seq`-th event of {@link EVENTS_PACKAGE}: a `name` event with BCS contents `bcs`. */
export function chainEvent(name: EventName, bcs: Uint8Array, seq: number): ChainEvent {
  return {
    id: { txDigest: `tx${seq}`, eventSeq: 0 },
    cursor: String(seq + 1),
    checkpoint: BigInt(seq),
    timestampMs: 1000 + seq,
    packageId: EVENTS_PACKAGE,
    module: 'coordinator',
    sender: `0x${'02'.repeat(32)}`,
    type: eventType(EVENTS_PACKAGE, name),
    bcs,
  };
}

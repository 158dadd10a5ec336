/** `EventFollower.run`: follows new events as they come, rides out an unreachable chain, stops on abort. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChainEvent } from '../../../chain/chain.ts';
import { SqliteCursorStore } from '../../../chain/cursors/sqlite-cursor-store.ts';
import { ChainError, ChainErrorCodes } from '../../../chain/errors.ts';
import { EventFollower } from '../../../chain/event-follower.ts';
import { type RunningServer, startLocalChainServer } from '../../../chain/local/server.ts';
import { allEvents, Flows, LocalHarness, remoteLocalChain } from '../support/local-harness.ts';

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('event follower: run', () => {
  let h: LocalHarness;
  let flows: Flows;
  let server: RunningServer;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
    server = await startLocalChainServer(h.local);
  });
  after(async () => {
    await server.close();
    h.close();
  });

  it('delivers new events, retries while the chain is unreachable, and stops on abort', async () => {
    const port = Number(new URL(server.url).port);
    const chain = await remoteLocalChain(server.url);
    const store = SqliteCursorStore.open(':memory:');
    const seen: ChainEvent[] = [];
    const retries: unknown[] = [];
    const stop = new AbortController();
    const follower = new EventFollower({ chain, store, name: 'live', pollIntervalMs: 20, onRetry: (error) => retries.push(error) });
    const running = follower.run((event) => {
      seen.push(event);
    }, stop.signal);

    const initial = (await allEvents(h.chain)).length;
    await until(() => seen.length === initial);
    const user = await h.user();
    h.ok(await flows.requestDWallet(user));
    await until(() => seen.length === initial + 1);

    await server.close();
    await until(() => retries.length > 0);
    assert.ok(retries.every((e) => e instanceof ChainError && e.code === ChainErrorCodes.TRANSPORT_FAILED));
    h.ok(await flows.requestDWallet(user));
    server = await startLocalChainServer(h.local, { port });
    await until(() => seen.length === initial + 2);

    stop.abort();
    await running;
    const all = await allEvents(h.chain);
    assert.deepEqual(
      seen.map((e) => e.id),
      all.map((e) => e.id),
    );
    store.close();
  });

  it('stops with the error when the saved cursor is not one this chain gave', async () => {
    const store = SqliteCursorStore.open(':memory:');
    await store.save('broken', 'not-a-cursor');
    const follower = new EventFollower({ chain: h.chain, store, name: 'broken' });
    await assert.rejects(
      follower.run(() => undefined, new AbortController().signal),
      (error: unknown) => error instanceof ChainError && error.code === ChainErrorCodes.INVALID_CURSOR,
    );
    store.close();
  });
});

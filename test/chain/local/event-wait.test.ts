/**
 * `waitForEvents` on the local chain, on the ledger itself and through `chain/sui` over its gRPC
 * API (the live checkpoint stream, SubscribeCheckpoints): a wait is held while the chain is quiet and answered when a transaction
 * records an event after the cursor; it answers at once when such an event exists, `false` at its
 * timeout or when its caller aborts, and refuses a bad cursor or timeout. Followers that have
 * caught up wait there instead of sleeping their poll interval.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Chain, ChainEvent } from '../../../chain/chain.ts';
import { SqliteCursorStore } from '../../../chain/cursors/sqlite-cursor-store.ts';
import { ChainError, ChainErrorCodes } from '../../../chain/errors.ts';
import { EventFollower } from '../../../chain/event-follower.ts';
import { EventWaiters, MAX_EVENT_WAIT_MS } from '../../../chain/local/event-waiters.ts';
import { type RunningServer, startLocalChainServer } from '../../../chain/local/server.ts';
import type { SuiChain } from '../../../chain/sui/sui-chain.ts';
import { allEvents, Flows, type LocalChain, LocalHarness, remoteLocalChain } from '../support/local-harness.ts';

describe('local chain: waiting for events', () => {
  let h: LocalHarness;
  let flows: Flows;
  let server: RunningServer;
  let grpc: SuiChain & LocalChain;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
    server = await startLocalChainServer(h.local);
    grpc = await remoteLocalChain(server.url);
  });
  after(async () => {
    await server.close();
    h.close();
  });

  for (const via of ['ledger', 'grpc'] as const) {
    const chain = (): Required<Pick<Chain, 'waitForEvents'>> & Chain => (via === 'ledger' ? h.local : grpc);
    // Each API has its own cursors (the ledger's, and chain/sui's over gRPC pages).
    const lastCursor = async () => {
      let page = await chain().listEvents({ limit: 50 });
      while (page.hasNextPage) page = await chain().listEvents({ after: page.nextCursor, limit: 50 });
      return page.nextCursor;
    };

    it(`${via}: a wait is held while the chain is quiet and answered by the next event`, async () => {
      const cursor = await lastCursor();
      let answer: boolean | undefined;
      const waiting = chain()
        .waitForEvents(cursor, 15_000)
        .then((ready) => {
          answer = ready;
        });
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(answer, undefined, 'no event after the cursor yet: the wait is still held');
      h.ok(await flows.requestDWallet(await h.user()));
      await waiting;
      assert.equal(answer, true);
      const page = await chain().listEvents({ after: cursor });
      assert.ok(page.events.length > 0, 'the event that ended the wait is there to read');
    });

    it(`${via}: answers at once when an event after the cursor exists, false at the timeout`, async () => {
      assert.equal(await chain().waitForEvents(null, 0), true);
      const first = (await chain().listEvents({ limit: 1 })).events[0] as ChainEvent;
      assert.equal(await chain().waitForEvents(first.cursor, 10_000), true);
      assert.equal(await chain().waitForEvents(await lastCursor(), 0), false);
      assert.equal(await chain().waitForEvents(await lastCursor(), 30), false);
    });

    it(`${via}: an aborted wait answers false`, async () => {
      const stop = new AbortController();
      const waiting = chain().waitForEvents(await lastCursor(), 15_000, stop.signal);
      setTimeout(() => stop.abort(), 50);
      assert.equal(await waiting, false);
    });

    it(`${via}: refuses a cursor this chain did not give and a timeout out of range`, async () => {
      await assert.rejects(
        chain().waitForEvents('not-a-cursor', 10),
        (e: unknown) => e instanceof ChainError && e.code === ChainErrorCodes.INVALID_CURSOR,
      );
      // The ledger holds a wait for its callers and bounds it; chain/sui's wait is its own timer.
      if (via === 'ledger') {
        await assert.rejects(
          chain().waitForEvents(null, MAX_EVENT_WAIT_MS + 1),
          (e: unknown) => e instanceof ChainError && e.code === ChainErrorCodes.INVALID_REQUEST,
        );
      }
      await assert.rejects(
        chain().waitForEvents(null, -1),
        (e: unknown) => e instanceof ChainError && e.code === ChainErrorCodes.INVALID_REQUEST,
      );
    });
  }

  it('a follower that caught up sees a new event without waiting its poll interval', async () => {
    const store = SqliteCursorStore.open(':memory:');
    const seen: ChainEvent[] = [];
    const stop = new AbortController();
    // A poll interval far longer than the test: only the wait can deliver the new event in time.
    const follower = new EventFollower({ chain: grpc, store, name: 'waiting', pollIntervalMs: 10 * 60_000 });
    const running = follower.run((event) => {
      seen.push(event);
    }, stop.signal);
    const initial = (await allEvents(grpc)).length;
    const deadline = Date.now() + 20_000;
    while (seen.length < initial && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    h.ok(await flows.requestDWallet(await h.user()));
    while (seen.length < initial + 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen.length, initial + 1);
    stop.abort();
    await running;
    store.close();
  });

  it('EventWaiters: a finished wait leaves no waiter behind, a notify wakes only waits whose event is there', async () => {
    const waiters = new EventWaiters();
    let recorded = false;
    const stop = new AbortController();
    const aborted = waiters.wait(() => false, 10_000, stop.signal);
    const timedOut = waiters.wait(() => false, 20);
    const woken = waiters.wait(() => recorded, 10_000);
    assert.equal(waiters.size, 3);
    waiters.notify();
    assert.equal(waiters.size, 3, 'nothing recorded yet: every wait is still held');
    stop.abort();
    assert.equal(await aborted, false);
    assert.equal(await timedOut, false);
    recorded = true;
    waiters.notify();
    assert.equal(await woken, true);
    assert.equal(waiters.size, 0);
  });
});

/**
 * The validator's chain follower (validator/chain-events.ts) on an in-process local chain: request
 * events become requests and sessions; the presign requests of one transaction become one batch
 * session, another transaction's another; result events mark requests as recorded and close their
 * sessions; the batch sequence moves with ResultBatchProcessed; an event that does not decode is
 * skipped without stopping the rest.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import type { Chain, EventPage, ListEventsQuery } from '../../chain/chain.ts';
import { Curve, SignatureAlgorithm } from '../../chain/constants.ts';
import { randomSessionPreimage, SessionId } from '../../chain/session-id.ts';
import { createLogger } from '../../runtime/log.ts';
import { ChainEvents } from '../../validator/chain-events.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { until } from './core.ts';
import { tempDir } from './support.ts';

/** `count` presign requests of `user` in one transaction; their PresignRequested events. */
async function presignsInOneTransaction(harness: LocalHarness, user: Parameters<LocalHarness['exec']>[1], count: number) {
  const tx = new Transaction();
  for (let i = 0; i < count; i++) {
    harness.client.requestPresign(tx, {
      networkKeyId: harness.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      payment: harness.client.payFromGas(tx, 0n),
    });
  }
  return harness.events(harness.ok(await harness.exec(tx, user)), 'PresignRequested');
}

describe('validator chain follower', () => {
  test('records requests, groups presigns by transaction, follows results, skips an event that does not decode', async () => {
    const harness = await LocalHarness.create();
    const dir = tempDir('chain-events');
    const store = ValidatorStore.open(join(dir, 'v.sqlite'));
    const started: string[] = [];
    const closed: string[] = [];
    const processed: number[] = [];
    let injected = false;
    const logged: string[] = [];
    // The chain as the follower sees it, with one undecodable event of the package before the rest.
    const chain: Chain = Object.create(harness.chain, {
      listEvents: {
        value: async (query?: ListEventsQuery): Promise<EventPage> => {
          const page = await harness.chain.listEvents(query);
          if (injected || page.events.length === 0) return page;
          injected = true;
          const [first] = page.events;
          const bogus = {
            ...(first as (typeof page.events)[0]),
            type: `${harness.packageId}::events::SignRequested`,
            bcs: new Uint8Array([1, 2, 3]),
          };
          return { ...page, events: [bogus, ...page.events] };
        },
      },
    });
    const follower = new ChainEvents({
      chain,
      store,
      sessions: { start: (id) => started.push(id), close: (id) => closed.push(id) },
      decider: { onChainProcessed: (sequence: number) => processed.push(sequence) },
      logger: createLogger('validator', { level: 'error', sink: (line) => logged.push(line) }),
      pollIntervalMs: 20,
      onCommittee: () => {},
      epoch: () => 1n,
    });
    const controller = new AbortController();
    const running = follower.run(controller.signal);
    try {
      const flows = new Flows(harness);
      const user = await harness.user();
      const dkg = harness.event(harness.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
      const three = await presignsInOneTransaction(harness, user, 3);
      const one = harness.event(harness.ok(await flows.requestPresign(user)), 'PresignRequested');
      const dkgId = SessionId.fromBytes(dkg.session_id);
      await until(() => started.length >= 3 && follower.caughtUp, 10_000, 'the sessions to start');

      assert.ok(started.includes(dkgId), 'the DKG session started under its chain session id');
      const groupOf = (sid: Uint8Array) => store.request(SessionId.fromBytes(sid))?.mpcSessionId;
      const batchOfThree = groupOf(three[0]?.session_id as Uint8Array);
      assert.ok(batchOfThree);
      for (const p of three) assert.equal(groupOf(p.session_id), batchOfThree, 'the presigns of one transaction share a session');
      assert.equal(store.requestsOf(batchOfThree as string).length, 3);
      assert.notEqual(groupOf(one.session_id), batchOfThree);
      assert.deepEqual(new Set(started), new Set([dkgId, batchOfThree, groupOf(one.session_id)]));
      assert.equal(store.networkKey(0), harness.networkKeyId);

      await harness.submitResults([{ DWalletDkg: { session_id: dkg.session_id, output: new Uint8Array([1]) } }]);
      await until(() => closed.includes(dkgId), 10_000, 'the DKG session to close');
      assert.equal(store.request(dkgId)?.onChain, true);
      assert.equal(processed.length, 1);
      assert.ok(injected, 'the undecodable event was served');
      assert.ok(logged.some((line) => line.includes('skipping an event that does not decode')));
    } finally {
      controller.abort();
      await running;
      store.close();
      harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a cancelled request is settled: its result is never proposed, its session closes, a presign batch goes on', async () => {
    let now = 1_700_000_000_000;
    const harness = await LocalHarness.create({ now: () => now });
    const dir = tempDir('chain-events-cancel');
    const store = ValidatorStore.open(join(dir, 'v.sqlite'));
    const started: string[] = [];
    const closed: string[] = [];
    const follower = new ChainEvents({
      chain: harness.chain,
      store,
      sessions: { start: (id) => started.push(id), close: (id) => closed.push(id) },
      decider: { onChainProcessed: () => {} },
      logger: createLogger('validator', { level: 'error', sink: () => {} }),
      pollIntervalMs: 20,
      onCommittee: () => {},
      epoch: () => 1n,
    });
    const controller = new AbortController();
    const running = follower.run(controller.signal);
    const cancel = async (user: Parameters<LocalHarness['exec']>[1], sessionId: Uint8Array) => {
      const tx = new Transaction();
      harness.client.cancelSession(tx, { sessionId });
      harness.ok(await harness.exec(tx, user), 'cancel');
    };
    try {
      const flows = new Flows(harness);
      const user = await harness.user();
      const dkg = harness.event(harness.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
      const [first, second] = await presignsInOneTransaction(harness, user, 2);
      const dkgId = SessionId.fromBytes(dkg.session_id);
      const firstId = SessionId.fromBytes((first as { session_id: Uint8Array }).session_id);
      const secondId = SessionId.fromBytes((second as { session_id: Uint8Array }).session_id);
      await until(() => started.length >= 2 && follower.caughtUp, 10_000, 'the sessions to start');
      store.setResult(dkgId, new Uint8Array([9]), 1);
      assert.deepEqual(
        store.readyResults(10).map((r) => r.sessionId),
        [dkgId],
      );
      now += 3_600_000;
      await cancel(user, dkg.session_id);
      await cancel(user, (first as { session_id: Uint8Array }).session_id);
      await until(() => closed.includes(dkgId), 10_000, 'the cancelled DKG session to close');
      assert.equal(store.request(dkgId)?.onChain, true);
      assert.deepEqual(store.readyResults(10), [], 'a cancelled request is never proposed');
      await until(() => store.request(firstId)?.onChain === true, 10_000, 'the cancelled presign to be settled');
      const batch = store.request(firstId)?.mpcSessionId as string;
      assert.ok(batch, 'the two presigns share a batch session');
      assert.equal(store.request(secondId)?.mpcSessionId, batch);
      assert.equal(store.request(secondId)?.onChain, false);
      assert.ok(!closed.includes(batch), 'the presign batch goes on for its other presign');
    } finally {
      controller.abort();
      await running;
      store.close();
      harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Cancelling a pending session after the session timeout (`cancel_session`) on the local chain,
 * with the chain's wall clock under the test's control: the refund of the exact fee, each refusal,
 * a later result for the cancelled session skipped inside a batch that otherwise lands, and the
 * Clock object (0x6) the timeout is measured with.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { netGasCost } from '../../../chain/chain.ts';
import {
  Curve,
  DEFAULT_SESSION_TIMEOUT_MS,
  MAX_SESSION_TIMEOUT_MS,
  PresignState,
  RequestKind,
  SessionStatus,
  SUI_CLOCK_OBJECT_ID,
  SUI_CLOCK_TYPE,
  SUI_COIN_TYPE,
} from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { ClockSui } from '../../../chain/schemas/move-type.ts';
import { Presign, Session } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { coinBalance } from '../../../chain/transaction-signer.ts';
import { assertAbort, assertRejects } from '../support/assertions.ts';
import { Flows, LocalHarness } from '../support/local-harness.ts';

describe('local chain: cancelling a pending session', () => {
  let h: LocalHarness;
  let flows: Flows;
  let now = 1_700_000_000_000;
  const timeout = Number(DEFAULT_SESSION_TIMEOUT_MS);
  before(async () => {
    h = await LocalHarness.create({ now: () => now });
    flows = new Flows(h);
  });
  after(() => h.close());

  const balance = async (user: Ed25519Keypair) =>
    (await h.chain.listOwnedObjects(user.toSuiAddress(), { type: SUI_COIN_TYPE })).objects.reduce((n, o) => n + coinBalance(o.bcs), 0n);

  function cancel(user: Ed25519Keypair, sessionId: Uint8Array) {
    const tx = new Transaction();
    h.client.cancelSession(tx, { sessionId });
    return h.exec(tx, user);
  }

  /** A pending DKG session of `user` paying `fee`: its session id, dWallet id and Session object id. */
  async function pendingDkg(user: Ed25519Keypair, fee = 0n) {
    const result = h.ok(await flows.requestDWallet(user, { fee }), 'dWallet request');
    const requested = h.event(result, 'DWalletDkgRequested');
    return { sessionId: requested.session_id, dwalletId: requested.dwallet_id, sessionObject: h.created(result, 'Session')[0] as string };
  }

  it('refunds the exact fee to the requester once the timeout has passed', async () => {
    await h.setFee(RequestKind.DWALLET_DKG, 12_345n);
    const user = await h.user();
    const { sessionId, dwalletId, sessionObject } = await pendingDkg(user, 12_345n);
    const requestedAt = now;
    assert.equal((await readObject(h.chain, sessionObject, Session)).value.created_at_ms, BigInt(requestedAt));
    now += timeout;
    const before = await balance(user);
    const result = h.ok(await cancel(user, sessionId), 'cancel');
    assert.equal(await balance(user), before - netGasCost(result.gasUsed) + 12_345n);
    const refund = result.changedObjects.filter((c) => c.change === 'created' && c.type === SUI_COIN_TYPE);
    assert.equal(refund.length, 1);
    assert.deepEqual(refund[0]?.owner, { kind: 'address', address: user.toSuiAddress() });
    const event = h.event(result, 'SessionCancelled');
    assert.deepEqual(event.session_id, sessionId);
    assert.equal(event.request_kind, RequestKind.DWALLET_DKG);
    assert.equal(event.target_id, dwalletId);
    assert.equal(event.requester, user.toSuiAddress());
    assert.equal(event.refund, 12_345n);
    const session = (await readObject(h.chain, sessionObject, Session)).value;
    assert.equal(session.status, SessionStatus.CANCELLED);
    assert.equal(session.fee.value, 0n);
    await h.setFee(RequestKind.DWALLET_DKG, 0n);
  });

  it('refuses a cancel before the timeout, by another sender, of a finished or unknown session', async () => {
    const user = await h.user();
    const { sessionId } = await pendingDkg(user);
    now += timeout - 1;
    assertAbort(await cancel(user, sessionId), 'coordinator', 'ESessionTimeoutNotReached');
    now += 1;
    assertAbort(await cancel(await h.user(), sessionId), 'coordinator', 'ENotRequester');
    assertAbort(await cancel(user, randomSessionPreimage()), 'coordinator', 'ESessionNotFound');
    h.ok(await cancel(user, sessionId), 'cancel');
    assertAbort(await cancel(user, sessionId), 'coordinator', 'ESessionNotPending');
    const done = await flows.activeDWallet(user);
    now += timeout;
    assertAbort(await cancel(user, done.sessionId), 'coordinator', 'ESessionNotPending');
  });

  it("refuses to cancel the network's own sessions", async () => {
    const tx = new Transaction();
    const preimage = randomSessionPreimage();
    h.client.requestNetworkKeyDkg(tx, { adminCap: await h.adminCap(), curves: [Curve.SECP256K1], sessionPreimage: preimage });
    const requested = h.event(h.ok(await h.exec(tx, h.admin), 'network key DKG'), 'NetworkKeyDkgRequested');
    now += timeout;
    assertAbort(await cancel(h.admin, requested.session_id), 'coordinator', 'ESessionNotCancellable');
    await h.submitResults([{ Rejected: { session_id: requested.session_id, reason_code: 1, reason: new Uint8Array([1]), blamed: [] } }]);
  });

  it('skips a later result for a cancelled session and lands the rest of the batch, paying only for it', async () => {
    await h.setFee(RequestKind.DWALLET_DKG, 500n);
    const user = await h.user();
    const cancelled = await pendingDkg(user, 500n);
    const other = await pendingDkg(user, 500n);
    now += timeout;
    h.ok(await cancel(user, cancelled.sessionId), 'cancel');
    const sequence = (await readCoordinator(h.chain)).next_result_sequence;
    const result = await h.submitResults([
      { DWalletDkg: { session_id: cancelled.sessionId, output: new Uint8Array([0xd0, 1]) } },
      { DWalletDkg: { session_id: other.sessionId, output: new Uint8Array([0xd0, 2]) } },
    ]);
    const completed = h.events(result, 'DWalletDkgCompleted');
    assert.deepEqual(
      completed.map((e) => e.dwallet_id),
      [other.dwalletId],
    );
    const processed = h.event(result, 'ResultBatchProcessed');
    assert.equal(processed.sequence, sequence);
    assert.equal(processed.result_count, 2n);
    assert.equal(processed.fees_paid, 500n);
    assert.equal((await readObject(h.chain, cancelled.sessionObject, Session)).value.status, SessionStatus.CANCELLED);
    assert.equal((await readObject(h.chain, other.sessionObject, Session)).value.status, SessionStatus.COMPLETED);
    assert.equal((await readCoordinator(h.chain)).next_result_sequence, sequence + 1n);
    await h.setFee(RequestKind.DWALLET_DKG, 0n);
  });

  it('takes a cancelled pool presign out of the pool: rejected, and its later result adds nothing', async () => {
    const user = await h.user();
    const result = h.ok(await flows.requestPresign(user), 'presign request');
    const requested = h.event(result, 'PresignRequested');
    const poolBefore = (await readCoordinator(h.chain)).presign_pools.find((p) => p.curve === Curve.SECP256K1);
    now += timeout;
    h.ok(await cancel(user, requested.session_id), 'cancel');
    const poolAfter = (await readCoordinator(h.chain)).presign_pools.find((p) => p.curve === Curve.SECP256K1);
    assert.equal(poolAfter?.pending, (poolBefore?.pending ?? 0n) - 1n);
    const presign = await readObject(h.chain, h.created(result, 'Presign')[0] as string, Presign);
    assert.equal(presign.value.state, PresignState.REJECTED);
    await h.submitResults([{ Presign: { session_id: requested.session_id, output: new Uint8Array([0xb0]) } }]);
    const poolLast = (await readCoordinator(h.chain)).presign_pools.find((p) => p.curve === Curve.SECP256K1);
    assert.deepEqual(poolLast?.available, poolAfter?.available);
  });

  it('takes the timeout the admin sets, within 1 ms to 30 days', async () => {
    const set = async (timeoutMs: bigint) => {
      const tx = new Transaction();
      h.client.setSessionTimeout(tx, { adminCap: await h.adminCap(), timeoutMs });
      return h.exec(tx, h.admin);
    };
    assertAbort(await set(0n), 'coordinator', 'EInvalidSessionTimeout');
    assertAbort(await set(MAX_SESSION_TIMEOUT_MS + 1n), 'coordinator', 'EInvalidSessionTimeout');
    assert.equal(h.event(h.ok(await set(10n)), 'SessionTimeoutSet').timeout_ms, 10n);
    assert.equal((await readCoordinator(h.chain)).session_timeout_ms, 10n);
    const user = await h.user();
    const { sessionId } = await pendingDkg(user);
    now += 10;
    h.ok(await cancel(user, sessionId), 'cancel after the new timeout');
    h.ok(await set(DEFAULT_SESSION_TIMEOUT_MS));
  });

  it("keeps Sui's Clock at 0x6: shared from version 1, set to each checkpoint's time, never going back, never a mutable input", async () => {
    const clock = await h.chain.getObject(SUI_CLOCK_OBJECT_ID);
    assert.equal(clock?.type, SUI_CLOCK_TYPE);
    assert.deepEqual(clock?.owner, { kind: 'shared', initialSharedVersion: 1n });
    const user = await h.user();
    const readClock = async () => {
      const object = await h.chain.getObject(SUI_CLOCK_OBJECT_ID);
      assert.ok(object);
      return ClockSui.bcs.parse(object.bcs).timestamp_ms;
    };
    now += 5;
    const { sessionObject } = await pendingDkg(user);
    assert.equal(await readClock(), BigInt(now));
    assert.equal((await readObject(h.chain, sessionObject, Session)).value.created_at_ms, BigInt(now));
    const later = now;
    now -= 1_000;
    const { sessionObject: second } = await pendingDkg(user);
    assert.equal((await readObject(h.chain, second, Session)).value.created_at_ms, BigInt(later));
    now = later + 1;
    const tx = new Transaction();
    tx.moveCall({
      target: `${h.packageId}::coordinator::cancel_session`,
      arguments: [
        h.client.coordinator(tx),
        tx.pure.vector('u8', Array.from(randomSessionPreimage())),
        tx.sharedObjectRef({ objectId: SUI_CLOCK_OBJECT_ID, initialSharedVersion: '1', mutable: true }),
      ],
    });
    await assertRejects(h.exec(tx, user), ChainErrorCodes.TX_MALFORMED);
  });
});

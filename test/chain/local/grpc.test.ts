/**
 * The local chain answers Sui's full-node gRPC API (chain/local/grpc): `SuiGrpcClient` and the
 * project's `chain/sui` adapter read it over gRPC-web as they read a Sui full node, and get what
 * the local chain's own API gives — objects with their owners and contents, owned objects by
 * type and page, the reference gas price, the chain's identifier. What it does not serve yet
 * answers UNIMPLEMENTED; malformed requests INVALID_ARGUMENT.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GrpcTypes, RpcError, SuiGrpcClient } from '@mysten/sui/grpc';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { type ChainEvent, netGasCost } from '../../../chain/chain.ts';
import { Curve, SignatureAlgorithm, SUI_COIN_TYPE } from '../../../chain/constants.ts';
import { ChainErrorCodes, TransactionRejectedError } from '../../../chain/errors.ts';
import type { LocalLedger } from '../../../chain/local/ledger.ts';
import { type RunningServer, startLocalChainServer } from '../../../chain/local/server.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { SuiChain } from '../../../chain/sui/sui-chain.ts';
import { coinBalance, signAndExecute, signTransaction } from '../../../chain/transaction-signer.ts';
import { createLogger } from '../../../runtime/log.ts';
import { Flows, keypair, LocalHarness } from '../support/local-harness.ts';

describe('local chain: Sui gRPC API', () => {
  let h: LocalHarness;
  let flows: Flows;
  let server: RunningServer;
  let ledger: LocalLedger;
  let sui: SuiChain;
  let grpc: SuiGrpcClient;

  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
    ledger = h.local;
    server = await startLocalChainServer(ledger, { logger: createLogger('chain', { level: 'error' }) });
    const deployment = await ledger.deployment();
    sui = new SuiChain({ network: 'localnet', url: server.url, packageId: deployment.packageId, coordinatorId: deployment.coordinatorId });
    grpc = new SuiGrpcClient({ network: 'localnet', baseUrl: server.url });
  });
  after(async () => {
    await server?.close();
    h?.close();
  });

  it('chain/sui reads objects, owned objects and the gas price as the local chain gives them', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const presigns = [await flows.presignCap(user), await flows.presignCap(user)];
    const deployment = await ledger.deployment();

    assert.deepEqual(await sui.deployment(), deployment, 'the coordinator is shared, at its initial version');
    for (const id of [deployment.coordinatorId, wallet.dwalletId, wallet.capId, presigns[0]?.capId as string]) {
      assert.deepEqual(await sui.getObject(id), await ledger.getObject(id), id);
    }
    assert.equal(await sui.getObject(`0x${'7'.repeat(64)}`), null, 'a missing object');
    assert.equal(await sui.getReferenceGasPrice(), await ledger.getReferenceGasPrice());

    const type = `${deployment.packageId}::coordinator::PresignCap`;
    const first = await sui.listOwnedObjects(user.toSuiAddress(), { type, limit: 1 });
    assert.equal(first.objects.length, 1);
    assert.notEqual(first.nextCursor, null);
    const second = await sui.listOwnedObjects(user.toSuiAddress(), { type, cursor: first.nextCursor, limit: 1 });
    const local = await ledger.listOwnedObjects(user.toSuiAddress(), { type });
    assert.deepEqual([...first.objects, ...second.objects], local.objects);
    assert.deepEqual(local.objects.map((o) => o.objectId).sort(), presigns.map((p) => normalizeSuiAddress(p.capId)).sort());
  });

  it("chain/sui follows the chain's events over gRPC, page by page, as the local chain records them", async () => {
    const all: ChainEvent[] = [];
    for (let after: string | null = null; ; ) {
      const page = await ledger.listEvents({ after, limit: 1000 });
      all.push(...page.events);
      if (!page.hasNextPage) break;
      after = page.nextCursor;
    }
    assert.ok(all.length > 10, `events on chain: ${all.length}`);
    const followed: ChainEvent[] = [];
    let pages = 0;
    for (let after: string | null = null; ; ) {
      pages += 1;
      const page = await sui.listEvents({ after, limit: 7 });
      followed.push(...page.events);
      after = page.nextCursor;
      if (!page.hasNextPage) break;
    }
    assert.ok(pages > 1, 'several pages');
    const comparable = (e: ChainEvent) => ({ ...e, cursor: null, timestampMs: null });
    assert.deepEqual(followed.map(comparable), all.map(comparable));
    // Nothing new after the last cursor; a new event is found from it.
    const last = await sui.listEvents({ after: null, limit: 50 });
    let tail = last.nextCursor;
    for (let page = last; page.hasNextPage; ) {
      page = await sui.listEvents({ after: tail, limit: 50 });
      tail = page.nextCursor;
    }
    assert.deepEqual((await sui.listEvents({ after: tail })).events, []);
    await flows.activeDWallet(await h.user());
    const fresh = await sui.listEvents({ after: tail });
    assert.ok(fresh.events.length > 0, 'the events of a new dWallet');
  });

  it("chain/sui waits for the next event on the node's live checkpoint stream", async () => {
    let tail: string | null = null;
    for (let page = await sui.listEvents({ after: null, limit: 50 }); ; page = await sui.listEvents({ after: tail, limit: 50 })) {
      tail = page.nextCursor;
      if (!page.hasNextPage) break;
    }
    assert.equal(await sui.waitForEvents(tail, 300), false, 'nothing new: the wait times out');
    const aborted = new AbortController();
    setTimeout(() => aborted.abort(), 100);
    assert.equal(await sui.waitForEvents(tail, 10_000, aborted.signal), false, 'an aborted wait ends');
    const started = Date.now();
    const waiting = sui.waitForEvents(tail, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await flows.requestDWallet(await h.user());
    assert.equal(await waiting, true);
    assert.ok(Date.now() - started < 5_000, `woken by the new checkpoint, not by the timeout (${Date.now() - started} ms)`);
    assert.equal(await sui.waitForEvents(null, 1_000), true, 'events before the cursor answer at once');

    // The stream itself: the tip first, then each new checkpoint.
    const stop = new AbortController();
    const call = grpc.subscriptionService.subscribeCheckpoints({ readMask: { paths: ['sequence_number'] } }, { abort: stop.signal });
    const seen: bigint[] = [];
    const tip = ledger.latestCheckpoint();
    setTimeout(() => void flows.requestDWallet(h.admin), 100);
    try {
      for await (const frame of call.responses) {
        seen.push(frame.cursor as bigint);
        if (seen.length === 2) break;
      }
    } finally {
      stop.abort();
    }
    assert.deepEqual(seen, [tip, tip + 1n]);
  });

  it('SuiGrpcClient.listEvents: filters by event type, module and sender', async () => {
    const { packageId } = await ledger.deployment();
    const type = `${packageId}::events::DWalletDkgRequested`;
    const byType = await grpc.listEvents({ filter: { eventType: type }, limit: 1000 });
    assert.ok(byType.events.length >= 2, `${byType.events.length} DKG requests`);
    assert.deepEqual(new Set(byType.events.map((e) => e.eventType)), new Set([type]));
    const sender = byType.events[0]?.sender as string;
    const bySender = await grpc.listEvents({ filter: { sender }, limit: 1000 });
    assert.ok(bySender.events.length > 0, 'events of the sender');
    assert.deepEqual(new Set(bySender.events.map((e) => e.sender)), new Set([sender]));
    const byModule = await grpc.listEvents({ filter: { eventType: `${packageId}::events` }, limit: 1000 });
    const none = await grpc.listEvents({ filter: { eventType: `${packageId}::coordinator` }, limit: 1000 });
    assert.ok(byModule.events.length >= byType.events.length, `${byModule.events.length} events of the module`);
    assert.deepEqual(none.events, []);
  });

  it('chain/sui reads an executed transaction with its checkpoint time, which listed events do not carry', async () => {
    const user = await h.user();
    const tx = new Transaction();
    h.client.requestPresign(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    const executed = await signAndExecute(sui, tx, user);
    const read = await sui.getTransaction(executed.digest);
    assert.ok(read !== null);
    assert.equal(read.digest, executed.digest);
    assert.deepEqual(read.status, { success: true });
    assert.deepEqual(read.gasUsed, executed.gasUsed);
    assert.deepEqual(
      read.events.map((e) => [e.type, e.id.eventSeq]),
      executed.events.map((e) => [e.type, e.id.eventSeq]),
    );
    const { events } = await ledger.listEvents({ limit: 1000 });
    const recorded = events.find((e) => e.id.txDigest === executed.digest);
    assert.ok(recorded?.timestampMs != null);
    assert.equal(read.events[0]?.timestampMs, recorded.timestampMs, 'the time the ledger recorded');
    const listed = (await sui.listEvents({ after: null, limit: 1000 })).events.find((e) => e.id.txDigest === executed.digest);
    assert.equal(listed?.timestampMs, null, "Sui's ListEvents gives no time");
    // A digest the node never saw: null; something that is not a digest: refused before asking.
    assert.equal(await sui.getTransaction('11111111111111111111111111111111'), null);
    await assert.rejects(
      sui.getTransaction('not a digest'),
      (error: unknown) => (error as { code?: string }).code === ChainErrorCodes.INVALID_REQUEST,
    );
  });

  it('chain/sui executes signed transactions over gRPC: effects, events and gas as the local chain records them', async () => {
    const user = await h.user();
    const { packageId, coordinatorId } = await ledger.deployment();
    const balance = async () =>
      (await ledger.listOwnedObjects(user.toSuiAddress(), { type: SUI_COIN_TYPE })).objects.reduce((n, o) => n + coinBalance(o.bcs), 0n);
    const before = await balance();
    const tx = new Transaction();
    h.client.requestPresign(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    // Signed with object references and the gas price read over gRPC, executed over gRPC.
    const result = await signAndExecute(sui, tx, user);
    assert.deepEqual(result.status, { success: true });
    assert.deepEqual(
      result.events.map((e) => e.type),
      [`${packageId}::events::PresignRequested`],
    );
    assert.ok(result.gasUsed.computationCost > 0n && result.gasUsed.storageCost > 0n && result.gasUsed.storageRebate > 0n);
    assert.equal(before - (await balance()), netGasCost(result.gasUsed), 'the gas coin paid exactly the gas the effects report');
    for (const change of result.changedObjects.filter((c) => c.version !== null)) {
      const object = await ledger.getObject(change.objectId);
      assert.ok(object !== null || change.owner?.kind === 'object', change.objectId);
      if (object === null) continue;
      assert.deepEqual(
        { version: change.version, digest: change.digest, owner: change.owner, type: change.type },
        {
          version: object.version,
          digest: object.digest,
          owner: object.owner,
          type: object.type,
        },
      );
    }
    const coordinator = result.changedObjects.find((c) => c.objectId === coordinatorId);
    assert.equal(coordinator?.change, 'mutated');
    assert.ok(result.changedObjects.some((c) => c.change === 'created'));
    const recorded = (await sui.listEvents({ after: null, limit: 50 })).events;
    const { events } = await ledger.listEvents({ limit: 1000 });
    assert.equal(events.find((e) => e.id.txDigest === result.digest)?.type, `${packageId}::events::PresignRequested`);
    assert.ok(recorded.length > 0);

    // A transaction that runs and aborts: a failed status with the abort's name, its gas charged.
    const failing = new Transaction();
    h.client.call(failing, 'session_status', { session_id: new Uint8Array(32) });
    const aborted = await sui.executeTransaction(await signTransaction(sui, failing, user));
    assert.equal(aborted.status.success, false);
    const error = aborted.status.success ? null : aborted.status.error;
    assert.equal(error?.kind, 'MoveAbort');
    assert.equal(error?.kind === 'MoveAbort' ? error.abortName : null, 'ESessionNotFound');
    assert.ok(netGasCost(aborted.gasUsed) > 0n);

    // A signature of another key: refused before it runs, with the chain's reason, nothing charged.
    const signed = await signTransaction(sui, failing, user);
    const forged = { ...signed, signatures: [(await keypair(99).signTransaction(signed.bytes)).signature] };
    const paid = await balance();
    await assert.rejects(
      sui.executeTransaction(forged),
      (e: unknown) => e instanceof TransactionRejectedError && e.code === ChainErrorCodes.TX_BAD_SIGNATURE && /signature/i.test(e.message),
    );
    assert.equal(await balance(), paid);
  });

  it('chain/sui simulates over gRPC as the ledger does: same status, gas and events, nothing recorded; a failure is a result', async () => {
    const user = await h.user();
    const tx = new Transaction();
    h.client.requestPresign(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.setSender(user.toSuiAddress());
    tx.setGasPrice(1000n);
    tx.setGasBudget(50_000_000n);
    tx.setExpiration({ None: true });
    tx.setGasPayment([]);
    const bytes = await tx.build();
    const checkpoint = ledger.latestCheckpoint();
    const overGrpc = await sui.simulateTransaction(bytes);
    const local = await ledger.simulateTransaction(bytes);
    assert.deepEqual(overGrpc.status, { success: true });
    assert.deepEqual(overGrpc.gasUsed, local.gasUsed);
    assert.equal(overGrpc.digest, local.digest);
    assert.deepEqual(
      overGrpc.events.map((e) => [e.type, e.cursor, e.checkpoint]),
      local.events.map((e) => [e.type, null, null]),
    );
    assert.deepEqual(
      overGrpc.changedObjects.map((c) => [c.objectId, c.change, c.version]),
      local.changedObjects.map((c) => [c.objectId, c.change, c.version]),
    );
    assert.equal(ledger.latestCheckpoint(), checkpoint, 'nothing recorded');

    const failing = new Transaction();
    h.client.call(failing, 'session_status', { session_id: new Uint8Array(32) });
    failing.setSender(user.toSuiAddress());
    failing.setGasPrice(1000n);
    failing.setGasBudget(50_000_000n);
    failing.setExpiration({ None: true });
    failing.setGasPayment([]);
    const aborted = await sui.simulateTransaction(await failing.build());
    assert.equal(
      aborted.status.success ? null : aborted.status.error.kind === 'MoveAbort' && aborted.status.error.abortName,
      'ESessionNotFound',
    );
    assert.ok(aborted.gasUsed.computationCost > 0n);
    // signAndExecute over gRPC: the failing simulation is the result, nothing sent.
    const balanceBefore = coinBalance(
      (await ledger.listOwnedObjects(user.toSuiAddress(), { type: SUI_COIN_TYPE })).objects[0]?.bcs ?? new Uint8Array(),
    );
    const notSent = await signAndExecute(sui, failing, user);
    assert.equal(notSent.status.success, false);
    assert.deepEqual(notSent.changedObjects, []);
    assert.equal(ledger.latestCheckpoint(), checkpoint);
    assert.equal(
      coinBalance((await ledger.listOwnedObjects(user.toSuiAddress(), { type: SUI_COIN_TYPE })).objects[0]?.bcs ?? new Uint8Array()),
      balanceBefore,
    );

    // A stale or foreign gas coin is refused before it runs, as execution refuses it: INVALID_ARGUMENT.
    const stale = Transaction.from(bytes);
    stale.setGasPayment([{ objectId: `0x${'5'.repeat(64)}`, version: '1', digest: local.digest }]);
    await assert.rejects(
      sui.simulateTransaction(await stale.build()),
      (e: unknown) =>
        e instanceof TransactionRejectedError && e.code === ChainErrorCodes.TX_OBJECT_NOT_FOUND && /does not exist/.test(e.message),
    );
  });

  it('SimulateTransaction: checks DISABLED, a transaction not given as BCS, gas selection without coins and command outputs are UNIMPLEMENTED', async () => {
    const user = await h.user();
    const tx = new Transaction();
    h.client.call(tx, 'session_status', { session_id: new Uint8Array(32) });
    tx.setSender(user.toSuiAddress());
    tx.setGasPrice(1000n);
    tx.setGasBudget(50_000_000n);
    tx.setExpiration({ None: true });
    tx.setGasPayment([]);
    const bcs = { value: await tx.build() };
    const status = async (request: Partial<GrpcTypes.SimulateTransactionRequest>) => {
      try {
        await grpc.transactionExecutionService.simulateTransaction(request as GrpcTypes.SimulateTransactionRequest);
      } catch (error) {
        assert.ok(error instanceof RpcError, String(error));
        return error.code;
      }
      return 'OK';
    };
    assert.equal(await status({ transaction: { bcs } }), 'OK');
    assert.equal(await status({ transaction: { bcs }, doGasSelection: false, readMask: { paths: ['transaction.effects'] } }), 'OK');
    assert.equal(
      await status({ transaction: { bcs }, checks: GrpcTypes.SimulateTransactionRequest_TransactionChecks.DISABLED }),
      'UNIMPLEMENTED',
    );
    assert.equal(await status({ transaction: { sender: user.toSuiAddress() } }), 'UNIMPLEMENTED');
    assert.equal(await status({ transaction: { bcs }, doGasSelection: true }), 'UNIMPLEMENTED');
    assert.equal(await status({ transaction: { bcs }, readMask: { paths: ['command_outputs'] } }), 'UNIMPLEMENTED');
    assert.equal(await status({ transaction: { bcs }, readMask: { paths: ['transaction.objects'] } }), 'UNIMPLEMENTED');
    assert.equal(await status({ transaction: { bcs }, readMask: { paths: ['effects'] } }), 'INVALID_ARGUMENT');
    assert.equal(await status({ transaction: { bcs: { value: new Uint8Array([1, 2, 3]) } } }), 'INVALID_ARGUMENT');
  });

  it('SuiGrpcClient: the chain identifier, a batch with a missing object, owners', async () => {
    assert.equal((await grpc.getChainIdentifier()).chainIdentifier, ledger.chainIdentifier());
    const deployment = await ledger.deployment();
    const missing = `0x${'8'.repeat(64)}`;
    const { objects } = await grpc.getObjects({ objectIds: [deployment.coordinatorId, missing] });
    const [coordinator, absent] = objects;
    assert.ok(!(coordinator instanceof Error) && coordinator !== undefined);
    assert.equal(coordinator.owner?.$kind, 'Shared');
    assert.ok(absent instanceof Error, 'the missing object is an error entry of the batch');
  });

  it('fields it does not serve are UNIMPLEMENTED, unknown ones INVALID_ARGUMENT; so are methods it does not serve', async () => {
    const deployment = await ledger.deployment();
    const status = async (call: () => PromiseLike<unknown>) => {
      try {
        await call();
      } catch (error) {
        assert.ok(error instanceof RpcError, String(error));
        return error.code;
      }
      return 'OK';
    };
    const objectId = deployment.coordinatorId;
    assert.equal(await status(() => grpc.ledgerService.getObject({ objectId, readMask: { paths: ['json'] } })), 'UNIMPLEMENTED');
    assert.equal(
      await status(() => grpc.ledgerService.getObject({ objectId, readMask: { paths: ['no_such_field'] } })),
      'INVALID_ARGUMENT',
    );
    assert.equal(await status(() => grpc.ledgerService.getObject({ objectId: 'not an id' })), 'INVALID_ARGUMENT');
    assert.equal(await status(() => grpc.ledgerService.getObject({ objectId: `0x${'9'.repeat(64)}` })), 'NOT_FOUND');
    assert.equal(await status(() => grpc.ledgerService.getTransaction({ digest: 'x' })), 'INVALID_ARGUMENT');
    assert.equal(await status(() => grpc.ledgerService.getTransaction({ digest: '1'.repeat(44) })), 'NOT_FOUND');
    assert.equal(await status(() => grpc.ledgerService.getCheckpoint({ checkpointId: { oneofKind: undefined } })), 'UNIMPLEMENTED');
    assert.equal(await status(() => grpc.stateService.listOwnedObjects({ owner: 'nobody' })), 'INVALID_ARGUMENT');
    const token = { owner: deployment.coordinatorId, pageToken: new Uint8Array(5) };
    assert.equal(await status(() => grpc.stateService.listOwnedObjects(token)), 'INVALID_ARGUMENT');
  });

  it("GetTransaction: a transaction by digest with its effects, events, data and signatures; the chain's own with none", async () => {
    const user = await h.user();
    const result = h.ok(await flows.requestDWallet(user), 'dWallet request');
    const got = await grpc.core.getTransaction({ digest: result.digest, include: { effects: true, events: true, bcs: true } });
    const tx = got.$kind === 'Transaction' ? got.Transaction : got.FailedTransaction;
    assert.equal(tx.digest, result.digest);
    assert.equal(tx.status.success, true);
    assert.equal(tx.signatures.length, 1);
    assert.deepEqual(
      (tx.events ?? []).map((e) => e.eventType),
      result.events.map((e) => e.type),
    );
    assert.ok(tx.bcs !== undefined && tx.bcs.length > 0, 'the signed TransactionData');
    // The faucet's coin came from a transaction of the chain itself: no data, no signature.
    const coins = await sui.listOwnedObjects(user.toSuiAddress());
    const faucetDigest = (await ledger.faucet(user.toSuiAddress(), 1n)).digest;
    const faucet = await grpc.core.getTransaction({ digest: faucetDigest });
    const system = faucet.$kind === 'Transaction' ? faucet.Transaction : faucet.FailedTransaction;
    assert.deepEqual([system.digest, system.signatures], [faucetDigest, []]);
    assert.ok(coins.objects.length > 0);
  });

  it('a body that is not one gRPC-web frame of the request type is INVALID_ARGUMENT', async () => {
    const path = `${server.url}/${GrpcTypes.LedgerService.typeName}/GetObject`;
    const post = async (body: Uint8Array, contentType = 'application/grpc-web+proto') => {
      const response = await fetch(path, { method: 'POST', headers: { 'content-type': contentType }, body });
      assert.equal(response.status, 200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.equal(bytes[0], 0x80, 'a trailer frame only');
      return new TextDecoder().decode(bytes.subarray(5));
    };
    const message = GrpcTypes.GetObjectRequest.toBinary({ objectId: (await ledger.deployment()).coordinatorId });
    const framed = new Uint8Array(5 + message.length);
    framed.set(message, 5);
    new DataView(framed.buffer).setUint32(1, message.length + 1, false);
    assert.match(await post(framed), /grpc-status:3\r\n/, 'a frame longer than the body');
    assert.match(await post(new Uint8Array([0x80, 0, 0, 0, 0])), /grpc-status:3\r\n/, 'a trailer frame as request');
    assert.match(await post(new Uint8Array([0, 0, 0, 0, 2, 0xff, 0xff])), /grpc-status:3\r\n/, 'bytes that are no GetObjectRequest');
    assert.match(await post(new Uint8Array(5), 'application/json'), /grpc-status:3\r\n/, 'another content type');
  });
});

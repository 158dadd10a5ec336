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
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { LocalLedger } from '../../../chain/local/ledger.ts';
import { type RunningServer, startLocalChainServer } from '../../../chain/local/server.ts';
import { SuiChain } from '../../../chain/sui/sui-chain.ts';
import { createLogger } from '../../../runtime/log.ts';
import { Flows, LocalHarness } from '../support/local-harness.ts';

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
    assert.ok(h.ledger instanceof LocalLedger);
    ledger = h.ledger;
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
    assert.equal(await status(() => grpc.ledgerService.getTransaction({ digest: 'x' })), 'UNIMPLEMENTED');
    assert.equal(await status(() => grpc.stateService.listOwnedObjects({ owner: 'nobody' })), 'INVALID_ARGUMENT');
    const token = { owner: deployment.coordinatorId, pageToken: new Uint8Array(5) };
    assert.equal(await status(() => grpc.stateService.listOwnedObjects(token)), 'INVALID_ARGUMENT');
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

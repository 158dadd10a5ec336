/**
 * `chain/sui` against a scripted gRPC transport: the requests `SuiGrpcClient` sends for each
 * `Chain` method, and how full-node answers (events pages and watermarks, objects, effects,
 * aborts, errors) map to the `Chain` types.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { RpcError } from '@protobuf-ts/runtime-rpc';
import type { ChainEvent } from '../../../chain/chain.ts';
import { SqliteCursorStore } from '../../../chain/cursors/sqlite-cursor-store.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { EventFollower } from '../../../chain/event-follower.ts';
import { decodeEvent, FeeSet } from '../../../chain/schemas/events.ts';
import { DWalletCap } from '../../../chain/schemas/objects.ts';
import { decodeSuiEventCursor, SuiChain } from '../../../chain/sui/sui-chain.ts';
import { assertRejects } from '../support/assertions.ts';
import { ScriptedTransport } from '../support/scripted-transport.ts';

const PACKAGE = normalizeSuiAddress('0xd1');
const COORDINATOR = normalizeSuiAddress('0xc0');
const SENDER = normalizeSuiAddress('0xa11ce');
const DIGEST = 'HdfFNRXCUSpgmH7RSfVEKoF8vgA8ac5NRkcjhL3wDPMq';

function chain(transport: ScriptedTransport): SuiChain {
  return new SuiChain({ network: 'testnet', transport, packageId: PACKAGE, coordinatorId: COORDINATOR });
}

/** A FeeSet event frame carrying its watermark cursor. */
function eventFrame(index: number, cursor: number) {
  return {
    event: {
      packageId: PACKAGE,
      module: 'coordinator',
      sender: SENDER,
      eventType: `${PACKAGE}::events::FeeSet`,
      contents: {
        name: `${PACKAGE}::events::FeeSet`,
        value: FeeSet.bcs.serialize({ request_kind: index % 6, algorithm: index % 3, amount: BigInt(index) }).toBytes(),
      },
      checkpoint: BigInt(100 + index),
      transactionDigest: DIGEST,
      eventIndex: index,
    },
    watermark: { cursor: new Uint8Array([cursor]), checkpoint: BigInt(100 + index) },
  };
}

function page(first: number, count: number, more: boolean) {
  const frames: object[] = [];
  for (let i = first; i < first + count; i++) frames.push(eventFrame(i, i + 1));
  frames.push({ end: { reason: more ? GrpcTypes.QueryEndReason.ITEM_LIMIT : GrpcTypes.QueryEndReason.LEDGER_TIP } });
  return frames;
}

function object(id: string, type: string, contents: Uint8Array, owner: object) {
  return {
    result: {
      oneofKind: 'object',
      object: { objectId: id, version: 12n, digest: DIGEST, owner, objectType: type, contents: { value: contents } },
    },
  };
}

describe('chain/sui over a scripted gRPC transport', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dwallet-sui-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the package events with an event-type filter and maps them', async () => {
    const transport = new ScriptedTransport().respond('ListEvents', page(0, 3, false));
    const result = await chain(transport).listEvents({ limit: 10 });
    const request = transport.calls[0]?.input as {
      filter: { terms: Array<{ literals: Array<{ predicate: { eventType?: { eventType: string } } }> }> };
      options: { limit: number };
    };
    assert.equal(request.filter.terms[0]?.literals[0]?.predicate.eventType?.eventType, `${PACKAGE}::events`);
    assert.equal(result.events.length, 3);
    assert.equal(result.hasNextPage, false);
    const first = result.events[0] as ChainEvent;
    assert.deepEqual(first.id, { txDigest: DIGEST, eventSeq: 0 });
    assert.equal(first.checkpoint, 100n);
    assert.equal(first.type, `${PACKAGE}::events::FeeSet`);
    const decoded = decodeEvent(PACKAGE, first.type, first.bcs);
    assert.equal(decoded.name, 'FeeSet');
    assert.equal(result.events[2]?.cursor, result.nextCursor, 'the last event carries the page end cursor');
  });

  it('gives events inside a page their own cursors and resumes from one exactly', async () => {
    const transport = new ScriptedTransport().respond('ListEvents', page(0, 5, true)).respond('ListEvents', page(0, 5, true));
    const sui = chain(transport);
    const first = await sui.listEvents({ limit: 2 });
    assert.deepEqual(
      first.events.map((e) => e.id.eventSeq),
      [0, 1],
    );
    assert.equal(first.hasNextPage, true);
    assert.equal(first.events[1]?.cursor, first.nextCursor, 'the page end cursor');
    const inside = first.events[0]?.cursor as string;
    assert.deepEqual(decodeSuiEventCursor(inside), { base: null, skip: 1 });
    const resumed = await sui.listEvents({ after: inside, limit: 2 });
    assert.deepEqual(
      resumed.events.map((e) => e.id.eventSeq),
      [1, 2],
    );
    const resumeRequest = transport.calls[1]?.input as { options: { limit: number; after?: Uint8Array } };
    assert.equal(resumeRequest.options.after, undefined, 'the page is re-read from its start');
    assert.equal(resumeRequest.options.limit, 4, 'with room for the skipped event (and the client look-ahead)');
    assert.deepEqual(decodeSuiEventCursor(resumed.nextCursor as string), { base: 'Aw==', skip: 0 });
    await assertRejects(sui.listEvents({ after: 'AQ==#x' }), ChainErrorCodes.INVALID_CURSOR);
  });

  it('a follower over Sui resumes across a restart with nothing lost or repeated', async () => {
    const store = SqliteCursorStore.open(join(dir, 'cursor.sqlite'));
    const transport = new ScriptedTransport().respond('ListEvents', page(0, 3, true));
    const seen: number[] = [];
    const stop = new AbortController();
    await new EventFollower({ chain: chain(transport), store, name: 'validator', pageSize: 3 }).catchUp((event) => {
      seen.push(event.id.eventSeq);
      if (seen.length === 2) stop.abort();
    }, stop.signal);
    assert.deepEqual(seen, [0, 1]);
    store.close();

    const reopened = SqliteCursorStore.open(join(dir, 'cursor.sqlite'));
    const restarted = new ScriptedTransport().respond('ListEvents', page(0, 3, true)).respond('ListEvents', page(3, 2, false));
    await new EventFollower({ chain: chain(restarted), store: reopened, name: 'validator', pageSize: 3 }).catchUp((event) => {
      seen.push(event.id.eventSeq);
    });
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    const resumeRequest = restarted.calls[1]?.input as { options: { after?: Uint8Array } };
    assert.deepEqual(resumeRequest.options.after, new Uint8Array([3]), 'the next page starts after the first page end cursor');
    reopened.close();
  });

  it('reads objects and resolves the coordinator shared version', async () => {
    const cap = DWalletCap.bcs.serialize({ id: normalizeSuiAddress('0xca'), dwallet_id: normalizeSuiAddress('0xdd') }).toBytes();
    const transport = new ScriptedTransport()
      .respond('BatchGetObjects', {
        objects: [
          object(normalizeSuiAddress('0xca'), `${PACKAGE}::coordinator::DWalletCap`, cap, {
            kind: GrpcTypes.Owner_OwnerKind.ADDRESS,
            address: SENDER,
          }),
        ],
      })
      .respond('BatchGetObjects', { objects: [{ result: { oneofKind: 'error', error: { code: 5, message: 'not found', details: [] } } }] })
      .respond('BatchGetObjects', {
        objects: [
          object(COORDINATOR, `${PACKAGE}::coordinator::Coordinator`, new Uint8Array([1]), {
            kind: GrpcTypes.Owner_OwnerKind.SHARED,
            version: 7n,
          }),
        ],
      })
      .respond('BatchGetObjects', {
        objects: [{ result: { oneofKind: 'object', object: { objectId: COORDINATOR, version: 1n, digest: DIGEST, objectType: 'x' } } }],
      });
    const sui = chain(transport);
    const read = await sui.getObject('0xca');
    assert.deepEqual(read?.owner, { kind: 'address', address: SENDER });
    assert.equal(read?.version, 12n);
    assert.deepEqual(read?.bcs, cap);
    assert.equal(await sui.getObject('0xcb'), null);
    assert.deepEqual(await sui.deployment(), { packageId: PACKAGE, coordinatorId: COORDINATOR, coordinatorInitialSharedVersion: 7n });
    await assertRejects(sui.getObject('0xcc'), ChainErrorCodes.RESPONSE_INVALID);
    await assertRejects(sui.getObject('nope'), ChainErrorCodes.INVALID_REQUEST);
  });

  it('executes transactions and maps effects, events and Move aborts', async () => {
    const effects = (success: boolean) => ({
      status: success
        ? { success: true }
        : {
            success: false,
            error: {
              description: 'abort',
              command: 1n,
              errorDetails: {
                oneofKind: 'abort',
                abort: { abortCode: 28n, location: { package: PACKAGE, module: 'coordinator', functionName: 'process_result_batch' } },
              },
            },
          },
      gasUsed: { computationCost: 1000n, storageCost: 500n, storageRebate: 200n, nonRefundableStorageFee: 0n },
      changedObjects: [
        {
          objectId: normalizeSuiAddress('0x1c'),
          idOperation: GrpcTypes.ChangedObject_IdOperation.CREATED,
          outputState: GrpcTypes.ChangedObject_OutputObjectState.OBJECT_WRITE,
          outputVersion: 9n,
          outputDigest: DIGEST,
          outputOwner: { kind: GrpcTypes.Owner_OwnerKind.ADDRESS, address: SENDER },
        },
        {
          objectId: normalizeSuiAddress('0x1d'),
          idOperation: GrpcTypes.ChangedObject_IdOperation.NONE,
          inputState: GrpcTypes.ChangedObject_InputObjectState.EXISTS,
          outputState: GrpcTypes.ChangedObject_OutputObjectState.DOES_NOT_EXIST,
        },
      ],
      dependencies: [],
      unchangedConsensusObjects: [],
      unchangedLoadedRuntimeObjects: [],
    });
    const transport = new ScriptedTransport()
      .respond('ExecuteTransaction', {
        transaction: {
          digest: DIGEST,
          signatures: [],
          balanceChanges: [],
          checkpoint: 55n,
          effects: effects(true),
          events: { events: [eventFrame(4, 5).event] },
        },
      })
      .respond('ExecuteTransaction', { transaction: { digest: DIGEST, signatures: [], balanceChanges: [], effects: effects(false) } })
      .respond('ExecuteTransaction', new RpcError('node down', 'UNAVAILABLE'))
      // The node serves each executed transaction (waitForTransaction) before it is returned.
      .respond('GetTransaction', { transaction: { digest: DIGEST, signatures: [], balanceChanges: [], effects: effects(true) } })
      .respond('GetTransaction', { transaction: { digest: DIGEST, signatures: [], balanceChanges: [], effects: effects(false) } });
    const sui = chain(transport);
    const bytes = new Uint8Array([1, 2, 3]);
    const ok = await sui.executeTransaction({ bytes, signatures: ['AAAA'] });
    const request = transport.calls[0]?.input as { transaction: { bcs: { value: Uint8Array } } };
    assert.deepEqual(
      transport.calls.slice(0, 2).map((c) => [c.method, c.method === 'GetTransaction' ? c.input.digest : null]),
      [
        ['ExecuteTransaction', null],
        ['GetTransaction', DIGEST],
      ],
    );
    assert.deepEqual(request.transaction.bcs.value, bytes);
    assert.equal(ok.status.success, true);
    assert.deepEqual(ok.gasUsed, { computationCost: 1000n, storageCost: 500n, storageRebate: 200n, nonRefundableStorageFee: 0n });
    assert.equal(ok.checkpoint, 55n);
    assert.deepEqual(
      ok.changedObjects.map((c) => c.change),
      ['created', 'wrapped'],
    );
    assert.equal(ok.events[0]?.type, `${PACKAGE}::events::FeeSet`);
    const failed = await sui.executeTransaction({ bytes, signatures: ['AAAA'] });
    assert.equal(failed.status.success, false);
    if (!failed.status.success) {
      assert.equal(failed.status.error.kind, 'MoveAbort');
      if (failed.status.error.kind === 'MoveAbort') {
        assert.equal(failed.status.error.code, 28);
        assert.equal(failed.status.error.abortName, 'EOutOfSequence');
      }
    }
    await assertRejects(sui.executeTransaction({ bytes, signatures: ['AAAA'] }), ChainErrorCodes.TRANSPORT_FAILED);

    // Simulation: the same mapping, asked with checks enabled and no gas selection (the mock gas coin pays).
    const simulating = new ScriptedTransport()
      .respond('SimulateTransaction', {
        transaction: { digest: DIGEST, signatures: [], balanceChanges: [], effects: effects(false), events: { events: [] } },
        commandOutputs: [],
      })
      .respond('SimulateTransaction', {
        transaction: {
          digest: DIGEST,
          signatures: [],
          balanceChanges: [],
          effects: { ...effects(true), gasUsed: { computationCost: 1n, storageCost: 18446744073709551616n } },
        },
        commandOutputs: [],
      });
    const simulator = chain(simulating);
    const simulated = await simulator.simulateTransaction(bytes);
    const simulateRequest = simulating.calls[0]?.input as {
      transaction: { bcs: { value: Uint8Array } };
      doGasSelection?: boolean;
      checks?: number;
    };
    assert.deepEqual(simulateRequest.transaction.bcs.value, bytes);
    assert.equal(simulateRequest.doGasSelection, false);
    assert.equal(simulateRequest.checks, GrpcTypes.SimulateTransactionRequest_TransactionChecks.ENABLED);
    assert.ok(!('checkpoint' in simulated));
    assert.equal(
      simulated.status.success ? null : simulated.status.error.kind === 'MoveAbort' && simulated.status.error.abortName,
      'EOutOfSequence',
    );
    assert.deepEqual(simulated.gasUsed, { computationCost: 1000n, storageCost: 500n, storageRebate: 200n, nonRefundableStorageFee: 0n });
    await assertRejects(simulator.simulateTransaction(bytes), ChainErrorCodes.RESPONSE_INVALID);
  });

  it('reads the reference gas price and owned objects', async () => {
    const cap = DWalletCap.bcs.serialize({ id: normalizeSuiAddress('0xca'), dwallet_id: normalizeSuiAddress('0xdd') }).toBytes();
    const transport = new ScriptedTransport().respond('GetEpoch', { epoch: { referenceGasPrice: 750n } }).respond('ListOwnedObjects', {
      objects: [
        {
          objectId: normalizeSuiAddress('0xca'),
          version: 3n,
          digest: DIGEST,
          owner: { kind: GrpcTypes.Owner_OwnerKind.ADDRESS, address: SENDER },
          objectType: `${PACKAGE}::coordinator::DWalletCap`,
          contents: { value: cap },
        },
      ],
      nextPageToken: new Uint8Array([9]),
    });
    const sui = chain(transport);
    assert.equal(await sui.getReferenceGasPrice(), 750n);
    const owned = await sui.listOwnedObjects(SENDER, { type: `${PACKAGE}::coordinator::DWalletCap` });
    assert.equal(owned.objects.length, 1);
    assert.equal(owned.nextCursor, 'CQ==');
    const request = transport.calls[1]?.input as { objectType?: string } | undefined;
    assert.equal(request?.objectType, `${PACKAGE}::coordinator::DWalletCap`);
  });

  it('refuses a configuration without a node', () => {
    assert.throws(() => new SuiChain({ network: 'testnet', packageId: PACKAGE, coordinatorId: COORDINATOR }), /full node url/);
    assert.throws(() => new SuiChain({ network: 'testnet', url: 'http://x', packageId: 'nope', coordinatorId: COORDINATOR }), /packageId/);
  });
});

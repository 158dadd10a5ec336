/**
 * Sui's size limits on what one transaction emits and writes, as the local chain enforces them
 * (the coordinator's own bounds keep its events and objects far below them, so these are driven
 * through the transaction state directly): an event above max_event_emit_size, more events than
 * max_num_event_emit, an object above max_move_object_size — each fails the transaction before
 * anything is written — and the gas meter stops a transaction at its budget. Sui's object runtime
 * bounds the dynamic-field children one transaction loads: a result batch at the batch decider's
 * cap (four children per result) lands, one of 251 results is refused with MEMORY_LIMIT_EXCEEDED
 * and changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { Curve, SignatureAlgorithm, SUI_COIN_TYPE } from '../../../chain/constants.ts';
import { openLocalDatabase } from '../../../chain/local/db/open.ts';
import { ExecutionFailure } from '../../../chain/local/execution-failure.ts';
import {
  BASE_COMPUTATION_UNITS,
  GAS_ROUNDING_STEP,
  GasMeter,
  MAX_GAS_COMPUTATION_BUCKET,
  objectStorageSize,
  senderRebate,
  storageCost,
} from '../../../chain/local/gas.ts';
import { ObjectStore } from '../../../chain/local/object-store.ts';
import { TransactionState, TypeRegistry } from '../../../chain/local/transaction-state.ts';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { MoveTypes as M } from '../../../chain/schemas/move-type.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import {
  MAX_CACHED_CHILD_OBJECTS,
  MAX_EVENT_SIZE,
  MAX_EVENTS_PER_TRANSACTION,
  MAX_GAS_BUDGET,
  MAX_MOVE_OBJECT_SIZE,
} from '../../../chain/sui-limits.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from '../../../validator/batches/batch-protocol.ts';
import { LocalHarness } from '../support/local-harness.ts';

const PACKAGE = `0x${'ab'.repeat(32)}`;
const DIGEST = '11111111111111111111111111111111';

function state(meter: GasMeter | null = null) {
  const database = openLocalDatabase(':memory:');
  return {
    st: new TransactionState(new ObjectStore(database.db), new TypeRegistry(PACKAGE), DIGEST, `0x${'01'.repeat(32)}`, meter),
    database,
  };
}

function failure(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExecutionFailure) return error.error.message;
    throw error;
  }
  return 'no failure';
}

function registered(parts: number) {
  return {
    network_key_id: `0x${'cd'.repeat(32)}`,
    curves: [0],
    key_commitment: new Uint8Array(32),
    global_key_parts: new Uint8Array(parts),
    epoch: 1n,
  };
}

describe("local chain: Sui's limits on events and objects, and the gas meter", () => {
  it('an event above max_event_emit_size fails the transaction; one just below is emitted', () => {
    const { st, database } = state();
    st.emit('NetworkKeyRegistered', registered(MAX_EVENT_SIZE - 200));
    assert.match(
      failure(() => st.emit('NetworkKeyRegistered', registered(MAX_EVENT_SIZE))),
      /^EventLimitExceeded: .*max_event_emit_size/,
    );
    assert.equal(st.events.length, 1);
    database.close();
  });

  it('more than max_num_event_emit events fail the transaction', () => {
    const { st, database } = state();
    for (let i = 0; i < MAX_EVENTS_PER_TRANSACTION; i++) st.emit('FeeSet', { request_kind: 0, amount: 1n });
    assert.match(
      failure(() => st.emit('FeeSet', { request_kind: 0, amount: 1n })),
      /max_num_event_emit/,
    );
    database.close();
  });

  it('an object above max_move_object_size fails the transaction before anything is written', () => {
    const { st, database } = state();
    const types = new TypeRegistry(PACKAGE);
    const key = st.create(types.coordinatorType('NetworkKey'), {
      id: st.newId(),
      curves: [0],
      key_commitment: new Uint8Array(32),
      global_key_parts: new Uint8Array(MAX_MOVE_OBJECT_SIZE),
      registered_at_epoch: 1n,
      state: 1,
      session_id: new Uint8Array(),
      versions: [],
    });
    st.transfer(key, `0x${'02'.repeat(32)}`);
    assert.match(
      failure(() => st.checkWrites()),
      /^MoveObjectTooBig: .*max_move_object_size/,
    );
    key.value.global_key_parts = new Uint8Array(MAX_MOVE_OBJECT_SIZE - 200);
    st.checkWrites();
    database.close();
  });

  it('the gas meter rounds up to whole steps and stops the transaction past its budget, which is then charged in full', () => {
    const meter = new GasMeter(1000n, 3_500_000n);
    assert.equal(meter.units, BASE_COMPUTATION_UNITS);
    meter.chargeBytes(1, 0);
    assert.equal(meter.units, BASE_COMPUTATION_UNITS + GAS_ROUNDING_STEP);
    meter.charge(900n, 1);
    assert.equal(meter.computationCost, 2_000_000n);
    meter.charge(1_000n, 2);
    assert.equal(meter.computationCost, 3_000_000n, 'within the budget');
    assert.match(
      failure(() => meter.charge(600n, 3)),
      /^InsufficientGas/,
    );
    assert.equal(meter.computationCost, 3_500_000n, 'out of gas: the whole budget');
    assert.equal(meter.exhausted, 'computation');
  });

  it("the gas meter fails a rounded computation cost that reaches the budget (Sui's bucketize_computation) and caps computation at max_gas_computation_bucket", () => {
    const meter = new GasMeter(1000n, 2_000_000n);
    meter.charge(500n, 0);
    assert.equal(meter.computationCost, 2_000_000n, '1,500 units round up to 2,000: the whole budget, not more');
    assert.match(
      failure(() => meter.finishComputation()),
      /^InsufficientGas/,
    );
    const capped = new GasMeter(1000n, MAX_GAS_BUDGET);
    assert.equal(capped.computationBudget, MAX_GAS_COMPUTATION_BUCKET * 1000n);
    assert.match(
      failure(() => capped.charge(MAX_GAS_COMPUTATION_BUCKET, 0)),
      /^InsufficientGas/,
    );
    assert.equal(capped.computationCost, MAX_GAS_BUDGET, 'out of gas: the whole budget, as on Sui');
  });

  it("the gas meter charges Sui's storage: 7,600 MIST a byte, 99 % of a rebate back (rounded half up), out of gas when the rest of the budget cannot pay storage net of rebates", () => {
    // A SUI coin is 130 bytes for gas metering (80 of metadata, 1 of type, 40 of contents, 9): the 988,000 MIST Sui charges for one.
    assert.equal(objectStorageSize(SUI_COIN_TYPE, 40), 130);
    assert.equal(storageCost(130), 988_000n);
    assert.equal(senderRebate(988_000n), 978_120n);
    assert.equal(senderRebate(50n), 50n, '49.5 rounds up');
    assert.equal(senderRebate(149n), 148n, '147.51 rounds up');
    const meter = new GasMeter(1000n, 3_000_000n);
    meter.finishComputation();
    assert.equal(meter.trackStorage(130, 988_000n), 988_000n, 'a rewritten coin carries its new storage cost');
    assert.equal(meter.trackStorage(null, 500_000n), 0n, 'a deleted object carries nothing');
    meter.chargeStorage();
    assert.deepEqual(meter.summary(), {
      computationCost: 1_000_000n,
      storageCost: 988_000n,
      storageRebate: 1_473_120n,
      nonRefundableStorageFee: 14_880n,
    });
    const short = new GasMeter(1000n, 2_000_000n);
    short.finishComputation();
    short.trackStorage(200, 0n);
    assert.match(
      failure(() => short.chargeStorage()),
      /^InsufficientGas/,
    );
    assert.equal(short.exhausted, 'storage');
    assert.deepEqual(short.summary(), {
      computationCost: 2_000_000n,
      storageCost: 0n,
      storageRebate: 0n,
      nonRefundableStorageFee: 0n,
    });
  });

  it('a table entry loads two children; more than the object runtime holds fail the transaction', () => {
    const { st, database } = state();
    const table = { id: `0x${'0d'.repeat(32)}`, size: 0n };
    const key = (i: number) => `0x${i.toString(16).padStart(64, '0')}`;
    for (let i = 0; i < MAX_CACHED_CHILD_OBJECTS; i++) assert.equal(st.tableContains(table, M.ID, key(i)), false);
    assert.equal(st.tableContains(table, M.ID, key(0)), false, 'a child looked up again is not counted twice');
    assert.match(
      failure(() => st.tableContains(table, M.ID, key(MAX_CACHED_CHILD_OBJECTS))),
      /^MEMORY_LIMIT_EXCEEDED: .*object_runtime_max_num_cached_objects/,
    );
    database.close();
  });

  it('a result batch at the cap lands; one past the object runtime limit is refused and changes nothing', async () => {
    const harness = await LocalHarness.create();
    try {
      const user = await harness.user();
      const sessions: Uint8Array[] = [];
      const refusedCount = MAX_CACHED_CHILD_OBJECTS / 4 + 1;
      while (sessions.length < refusedCount) {
        const tx = new Transaction();
        for (let i = 0; i < 50 && sessions.length + i < refusedCount; i++) {
          const cap = harness.client.requestDWalletDkg(tx, {
            networkKeyId: harness.networkKeyId,
            curve: Curve.SECP256K1,
            algorithm: SignatureAlgorithm.ECDSA,
            sessionPreimage: randomSessionPreimage(),
            payment: harness.client.payFromGas(tx, 0n),
            userDkgMessage: new Uint8Array([1]),
          });
          tx.transferObjects([cap], user.toSuiAddress());
        }
        const result = harness.ok(await harness.exec(tx, user), 'DKG requests');
        for (const requested of harness.events(result, 'DWalletDkgRequested')) sessions.push(requested.session_id);
      }
      // Outputs sized so that the batch at the cap is as large as the decider lets it be.
      const output = new Uint8Array(Math.floor((MAX_BATCH_BYTES - 16) / MAX_BATCH_ENTRIES) - 40).fill(0xd0);
      const results = sessions.map((session_id) => ({ DWalletDkg: { session_id, output } }));
      const refused = await harness.submit(await harness.certify(results));
      assert.equal(refused.status.success, false);
      assert.match(refused.status.success ? '' : refused.status.error.message, /^MEMORY_LIMIT_EXCEEDED/);
      assert.equal((await readCoordinator(harness.chain)).next_result_sequence, 0n, 'nothing changed');
      const full = await harness.certify(results.slice(0, MAX_BATCH_ENTRIES));
      assert.ok(full.batch.length <= MAX_BATCH_BYTES && full.batch.length > MAX_BATCH_BYTES - 1024);
      const landed = harness.ok(await harness.submit(full), 'the batch at the cap');
      assert.equal(harness.events(landed, 'DWalletDkgCompleted').length, MAX_BATCH_ENTRIES);
      harness.ok(await harness.submit(await harness.certify(results.slice(MAX_BATCH_ENTRIES))), 'the rest');
      assert.equal((await readCoordinator(harness.chain)).next_result_sequence, 2n);
    } finally {
      harness.close();
    }
  });
});

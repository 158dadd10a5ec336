/**
 * Sui's size limits on what one transaction emits and writes, as the local chain enforces them
 * (the coordinator's own bounds keep its events and objects far below them, so these are driven
 * through the transaction state directly): an event above max_event_emit_size, more events than
 * max_num_event_emit, an object above max_move_object_size — each fails the transaction before
 * anything is written — and the gas meter stops a transaction at its budget.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUI_COIN_TYPE } from '../../../chain/constants.ts';
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
import { MAX_EVENT_SIZE, MAX_EVENTS_PER_TRANSACTION, MAX_GAS_BUDGET, MAX_MOVE_OBJECT_SIZE } from '../../../chain/sui-limits.ts';

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
});

/**
 * The local chain takes real Sui transaction bytes: signatures are verified, object references
 * checked, only the dwallet package runs, coins split / merge / transfer as on Sui (a merge past a
 * u64 fails and pays gas), and bad transactions are refused with typed errors before anything is
 * recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { type Chain, type ChainObject, netGasCost } from '../../../chain/chain.ts';
import { Curve, MAX_USER_MESSAGE_LENGTH, SignatureAlgorithm, SUI_COIN_TYPE } from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { BASE_COMPUTATION_UNITS, GAS_ROUNDING_STEP } from '../../../chain/local/gas.ts';
import { DEFAULT_FAUCET_AMOUNT, type LocalLedger, MAX_FAUCET_AMOUNT, REFERENCE_GAS_PRICE } from '../../../chain/local/ledger.ts';
import { readObject } from '../../../chain/object-reader.ts';
import { DWallet } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import {
  MAX_COMMAND_ARGUMENTS,
  MAX_GAS_BUDGET,
  MAX_MOVE_VECTOR_LENGTH,
  MAX_PROGRAMMABLE_TX_COMMANDS,
  MAX_PURE_ARGUMENT_SIZE,
} from '../../../chain/sui-limits.ts';
import { coinBalance, gasBudgetFor, signAndExecute, signTransaction } from '../../../chain/transaction-signer.ts';
import { assertArgumentError, assertRejects } from '../support/assertions.ts';
import { allEvents, appendsTx, Flows, keypair, LocalHarness } from '../support/local-harness.ts';

describe('local chain: transactions', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  /** The in-process ledger under the harness (its checkpoints and waits are not part of `Chain`). */
  function ledger(): LocalLedger {
    return h.local;
  }

  async function balanceOf(address: string): Promise<bigint> {
    const page = await h.chain.listOwnedObjects(address, { type: SUI_COIN_TYPE });
    return page.objects.reduce((sum, coin) => sum + coinBalance(coin.bcs), 0n);
  }

  function dkgTx(sender: string, userDkgMessage: Uint8Array = new Uint8Array([1])): Transaction {
    const tx = new Transaction();
    const cap = h.client.requestDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage,
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], sender);
    return tx;
  }

  it('refuses a signature by another key, a tampered transaction and garbage', async () => {
    const user = await h.user();
    const signed = await signTransaction(h.chain, dkgTx(user.toSuiAddress()), user);
    const intruder = keypair(99);
    const { signature } = await intruder.signTransaction(signed.bytes);
    await assertRejects(h.chain.executeTransaction({ bytes: signed.bytes, signatures: [signature] }), ChainErrorCodes.TX_BAD_SIGNATURE);
    const data = bcs.TransactionData.parse(signed.bytes);
    if (!data.V1) throw new Error('expected V1');
    data.V1.gasData.budget = String(BigInt(data.V1.gasData.budget) + 1n);
    const tampered = bcs.TransactionData.serialize(data).toBytes();
    await assertRejects(h.chain.executeTransaction({ bytes: tampered, signatures: signed.signatures }), ChainErrorCodes.TX_BAD_SIGNATURE);
    await assertRejects(h.chain.executeTransaction({ bytes: signed.bytes, signatures: ['not base64!'] }), ChainErrorCodes.TX_BAD_SIGNATURE);
    await assertRejects(h.chain.executeTransaction({ bytes: signed.bytes, signatures: [] }), ChainErrorCodes.TX_BAD_SIGNATURE);
    await assertRejects(
      h.chain.executeTransaction({ bytes: new Uint8Array([0, 1, 2]), signatures: signed.signatures }),
      ChainErrorCodes.TX_MALFORMED,
    );
    await assertRejects(
      h.chain.executeTransaction({ bytes: new Uint8Array([...signed.bytes, 0]), signatures: signed.signatures }),
      ChainErrorCodes.TX_MALFORMED,
    );
    await assertRejects(
      h.chain.executeTransaction({ bytes: new Uint8Array(200 * 1024), signatures: signed.signatures }),
      ChainErrorCodes.TX_TOO_LARGE,
    );
    h.ok(await h.chain.executeTransaction(signed), 'the genuine transaction still executes');
  });

  it('executing the same signed bytes twice returns the recorded result', async () => {
    const user = await h.user();
    const signed = await signTransaction(h.chain, dkgTx(user.toSuiAddress()), user);
    const first = h.ok(await h.chain.executeTransaction(signed));
    const recorded = (await allEvents(h.chain)).length;
    const second = await h.chain.executeTransaction(signed);
    assert.deepEqual(second, first);
    assert.equal((await allEvents(h.chain)).length, recorded, 'no second set of events');
  });

  it('refuses stale and unknown object references', async () => {
    const user = await h.user();
    const staleGas = await signTransaction(h.chain, dkgTx(user.toSuiAddress()), user);
    h.ok(await h.exec(dkgTx(user.toSuiAddress()), user));
    await assertRejects(h.chain.executeTransaction(staleGas), ChainErrorCodes.TX_OBJECT_VERSION_MISMATCH);
    const tx = new Transaction();
    tx.transferObjects(
      [tx.objectRef({ objectId: `0x${'77'.repeat(32)}`, version: '1', digest: 'HdfFNRXCUSpgmH7RSfVEKoF8vgA8ac5NRkcjhL3wDPMq' })],
      user.toSuiAddress(),
    );
    await assertRejects(h.exec(tx, user), ChainErrorCodes.TX_OBJECT_NOT_FOUND);
    const wallet = await flows.activeDWallet(user);
    const child = new Transaction();
    child.transferObjects(
      [child.objectRef({ ...(await h.ref(wallet.dwalletId)), version: (await h.ref(wallet.dwalletId)).version.toString() })],
      user.toSuiAddress(),
    );
    await assertRejects(h.exec(child, user), ChainErrorCodes.TX_OBJECT_NOT_OWNED);
  });

  it('runs only the dwallet package', async () => {
    const user = await h.user();
    const foreign = new Transaction();
    foreign.moveCall({ target: '0x2::coin::zero', typeArguments: ['0x2::sui::SUI'] });
    await assertRejects(h.exec(foreign, user), ChainErrorCodes.TX_UNSUPPORTED);
    const unknown = new Transaction();
    unknown.moveCall({ target: `${h.packageId}::coordinator::init`, arguments: [] });
    await assertRejects(h.exec(unknown, user), ChainErrorCodes.TX_UNSUPPORTED);
    const helper = new Transaction();
    helper.moveCall({ target: `${h.packageId}::committee::empty`, arguments: [] });
    await assertRejects(h.exec(helper, user), ChainErrorCodes.TX_UNSUPPORTED);
    const vector = new Transaction();
    vector.makeMoveVec({ elements: [vector.pure.u8(1)], type: 'u8' });
    await assertRejects(h.exec(vector, user), ChainErrorCodes.TX_UNSUPPORTED);
  });

  it('checks gas: price, budget and balance', async () => {
    const user = await h.user();
    const build = async (price: bigint, budget: bigint) => {
      const tx = dkgTx(user.toSuiAddress());
      tx.setSender(user.toSuiAddress());
      tx.setGasPrice(price);
      tx.setGasBudget(budget);
      const coin = (await h.chain.listOwnedObjects(user.toSuiAddress(), { type: SUI_COIN_TYPE })).objects[0];
      assert.ok(coin);
      tx.setGasPayment([{ objectId: coin.objectId, version: coin.version.toString(), digest: coin.digest }]);
      const bytes = await tx.build();
      return { bytes, signatures: [(await user.signTransaction(bytes)).signature] };
    };
    await assertRejects(h.chain.executeTransaction(await build(1n, 50_000_000n)), ChainErrorCodes.TX_INSUFFICIENT_GAS);
    await assertRejects(h.chain.executeTransaction(await build(1000n, 999_999n)), ChainErrorCodes.TX_INSUFFICIENT_GAS);
    await assertRejects(h.chain.executeTransaction(await build(1000n, 10n ** 15n)), ChainErrorCodes.TX_INSUFFICIENT_GAS);
    // The minimum budget lets a transaction run; a DKG request needs more than the base units, so it runs out of gas and pays the budget.
    const before = await balanceOf(user.toSuiAddress());
    const outOfGas = await h.chain.executeTransaction(await build(1000n, 1_000_000n));
    assert.equal(outOfGas.status.success, false);
    assert.match(outOfGas.status.success ? '' : outOfGas.status.error.message, /^InsufficientGas/);
    assert.deepEqual(outOfGas.gasUsed, { computationCost: 1_000_000n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n });
    assert.equal(await balanceOf(user.toSuiAddress()), before - 1_000_000n);
    h.ok(await h.chain.executeTransaction(await build(1000n, 50_000_000n)));
    const poor = keypair(98);
    await h.ledger.faucet(poor.toSuiAddress(), 1000n);
    const short = await assertRejects(
      signTransaction(h.chain, dkgTx(poor.toSuiAddress()), poor, { gasBudget: 1_000_000n }),
      ChainErrorCodes.INSUFFICIENT_GAS_BALANCE,
    );
    assert.deepEqual([short.details.needed, short.details.available], ['1000000', '1000']);
    const penniless = keypair(88);
    await assertRejects(signTransaction(h.chain, dkgTx(penniless.toSuiAddress()), penniless), ChainErrorCodes.NO_GAS_COIN);
    // Sui's GasBalanceTooLow: the chain refuses a budget the gas coins do not hold, with both amounts.
    const refused = await assertRejects(
      h.chain.executeTransaction(await build(1000n, DEFAULT_FAUCET_AMOUNT * 2n)),
      ChainErrorCodes.TX_INSUFFICIENT_GAS,
    );
    // Over gRPC a refusal is a status and Sui's message, which names both amounts.
    assert.match(refused.message, /GasBalanceTooLow/);
    assert.match(refused.message, new RegExp(`${DEFAULT_FAUCET_AMOUNT * 2n}`));
  });

  it('simulates a transaction without recording anything: same status, gas and events as its execution; no checkpoint, no event, no follower woken', async () => {
    const user = await h.user();
    const address = user.toSuiAddress();
    const [coin] = (await h.chain.listOwnedObjects(address, { type: SUI_COIN_TYPE })).objects as [ChainObject];
    const tx = dkgTx(address);
    tx.setSender(address);
    tx.setGasPrice(REFERENCE_GAS_PRICE);
    tx.setGasBudget(50_000_000n);
    tx.setGasPayment([{ objectId: coin.objectId, version: coin.version.toString(), digest: coin.digest }]);
    const bytes = await tx.build();
    const checkpoint = ledger().latestCheckpoint();
    // The ledger's own cursors (its waits take them), not chain/sui's.
    const { nextCursor } = await ledger().listEvents({ limit: 1000 });
    const woken = ledger().waitForEvents(nextCursor, 300);
    const simulated = await h.ledger.simulateTransaction(bytes);
    assert.equal(await woken, false, 'no follower woken');
    assert.equal(ledger().latestCheckpoint(), checkpoint, 'no checkpoint');
    assert.equal((await ledger().listEvents({ after: nextCursor })).events.length, 0, 'no event recorded');
    assert.deepEqual(await h.chain.getObject(coin.objectId), coin, 'the gas coin is untouched');
    for (const change of simulated.changedObjects.filter((c) => c.change === 'created'))
      assert.equal(await h.chain.getObject(change.objectId), null);
    assert.deepEqual(simulated.status, { success: true });
    assert.deepEqual(
      simulated.events.map((e) => [e.type, e.cursor, e.checkpoint, e.timestampMs]),
      [[`${h.packageId}::events::DWalletDkgRequested`, null, null, null]],
    );
    const executed = h.ok(await h.chain.executeTransaction({ bytes, signatures: [(await user.signTransaction(bytes)).signature] }));
    assert.equal(executed.digest, simulated.digest);
    assert.deepEqual(executed.gasUsed, simulated.gasUsed);
    // The same objects, versions and owners; a digest may differ where the content holds the time
    // (a session records the Clock's timestamp, which moved on between the two).
    const shape = (changes: typeof executed.changedObjects) => changes.map(({ digest: _, ...rest }) => rest);
    assert.deepEqual(shape(executed.changedObjects), shape(simulated.changedObjects));
    assert.deepEqual(
      executed.events.map((e) => e.bcs),
      simulated.events.map((e) => e.bcs),
    );
    // Now its gas coin is stale: the simulation refuses it as execution would.
    await assertRejects(h.ledger.simulateTransaction(bytes), ChainErrorCodes.TX_OBJECT_VERSION_MISMATCH);
    await assertRejects(h.ledger.simulateTransaction(new Uint8Array([1, 2, 3])), ChainErrorCodes.TX_MALFORMED);
  });

  it("simulates a transaction without gas payment with Sui's mock gas coin, whatever the sender holds", async () => {
    const nobody = keypair(87).toSuiAddress();
    const tx = new Transaction();
    const [part] = tx.splitCoins(tx.gas, [tx.pure.u64(1_000_000n)]);
    tx.transferObjects([part as never], nobody);
    tx.setSender(nobody);
    tx.setGasPrice(REFERENCE_GAS_PRICE);
    tx.setGasBudget(MAX_GAS_BUDGET);
    tx.setExpiration({ None: true });
    tx.setGasPayment([]);
    const simulated = await h.ledger.simulateTransaction(await tx.build());
    assert.deepEqual(simulated.status, { success: true });
    const mock = simulated.changedObjects.find((c) => c.change === 'mutated');
    assert.equal(mock?.objectId, `0x${'f'.repeat(64)}`);
    assert.deepEqual(mock?.input?.owner, { kind: 'address', address: nobody });
    // The mock coin carries no rebate: both coins written are charged in full, nothing comes back.
    assert.equal(simulated.gasUsed.storageCost, 2n * 130n * 7_600n);
    assert.equal(simulated.gasUsed.storageRebate, 0n);
    assert.equal(await h.chain.getObject(`0x${'f'.repeat(64)}`), null, 'the mock coin is gone with the simulation');
    assert.deepEqual((await h.chain.listOwnedObjects(nobody)).objects, []);
    // Execution takes no such transaction: a gas coin is needed.
    const signed = await tx.build();
    await assertRejects(
      h.chain.executeTransaction({ bytes: signed, signatures: [(await keypair(87).signTransaction(signed)).signature] }),
      ChainErrorCodes.TX_INSUFFICIENT_GAS,
    );
  });

  it('budgets a transaction from its simulation, executes it within that budget, and does not send one whose simulation fails', async () => {
    const user = await h.user();
    const address = user.toSuiAddress();
    const signed = await signTransaction(h.chain, dkgTx(address), user);
    const data = bcs.TransactionData.parse(signed.bytes).V1;
    const budget = BigInt(data?.gasData.budget ?? 0);
    const simulated = await h.ledger.simulateTransaction(signed.bytes);
    assert.equal(budget, gasBudgetFor(simulated.gasUsed, REFERENCE_GAS_PRICE));
    assert.ok(budget > simulated.gasUsed.computationCost + simulated.gasUsed.storageCost, 'a margin above the gross cost');
    assert.equal(budget % (GAS_ROUNDING_STEP * REFERENCE_GAS_PRICE), 0n, 'whole rounding steps');
    const executed = h.ok(await h.chain.executeTransaction(signed));
    assert.ok(netGasCost(executed.gasUsed) < budget);

    // A Move abort in the simulation: signAndExecute returns it and sends nothing; signTransaction still signs.
    const failing = new Transaction();
    h.client.call(failing, 'session_status', { session_id: new Uint8Array(32) });
    const checkpoint = ledger().latestCheckpoint();
    const before = await balanceOf(address);
    const result = await signAndExecute(h.chain, failing, user);
    assert.equal(
      result.status.success ? null : result.status.error.kind === 'MoveAbort' && result.status.error.abortName,
      'ESessionNotFound',
    );
    assert.deepEqual(result.changedObjects, []);
    assert.deepEqual(result.gasUsed, { computationCost: 0n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n });
    assert.equal(ledger().latestCheckpoint(), checkpoint, 'nothing executed');
    assert.equal(await balanceOf(address), before, 'nothing paid');
    const aborting = await signTransaction(h.chain, failing, user);
    const onChain = await h.chain.executeTransaction(aborting);
    assert.equal(onChain.status.success, false, 'executed when sent anyway: it fails there too, its gas charged');
    assert.ok(netGasCost(onChain.gasUsed) > 0n);

    // An explicit budget wins: no simulation.
    let simulations = 0;
    const counting: Chain = Object.assign(Object.create(ledger()) as LocalLedger, {
      simulateTransaction: (bytes: Uint8Array) => {
        simulations++;
        return h.ledger.simulateTransaction(bytes);
      },
    });
    const fixed = await signTransaction(counting, dkgTx(address), user, { gasBudget: 7_000_000n });
    assert.equal(bcs.TransactionData.parse(fixed.bytes).V1?.gasData.budget, '7000000');
    assert.equal(simulations, 0);
    await signTransaction(counting, dkgTx(address), user);
    assert.equal(simulations, 1);
  });

  it('a sender whose largest coin cannot hold the simulated budget gets INSUFFICIENT_GAS_BALANCE with the needed and available amounts', async () => {
    const poor = keypair(86);
    await h.ledger.faucet(poor.toSuiAddress(), 2_000_000n);
    const error = await assertRejects(signAndExecute(h.chain, dkgTx(poor.toSuiAddress()), poor), ChainErrorCodes.INSUFFICIENT_GAS_BALANCE);
    assert.equal(error.details.available, '2000000');
    assert.ok(BigInt(error.details.needed as string) > 2_000_000n);
    assert.equal(error.details.sender, poor.toSuiAddress());
  });

  it("charges Sui's storage: a new object pays 7,600 MIST a byte, a rewritten one too but 99 % of its old rebate comes back, and the coin pays exactly what the effects say", async () => {
    const sender = keypair(93);
    const address = sender.toSuiAddress();
    const { coin } = (await h.ledger.faucet(address, DEFAULT_FAUCET_AMOUNT)) as { coin: ChainObject };
    const coinCost = 130n * 7_600n;
    const tx = new Transaction();
    const [part] = tx.splitCoins(tx.gas, [tx.pure.u64(1_000n)]);
    tx.transferObjects([part as never], keypair(92).toSuiAddress());
    const result = h.ok(await signAndExecute(h.chain, tx, sender, { gasPayment: [coin] }));
    // Two coins written (the new one, and the gas coin with its new balance); the gas coin's rebate (a faucet coin carries one, as on Sui) comes back at 99 %.
    assert.deepEqual(
      { storageCost: result.gasUsed.storageCost, storageRebate: result.gasUsed.storageRebate, fee: result.gasUsed.nonRefundableStorageFee },
      { storageCost: 2n * coinCost, storageRebate: 978_120n, fee: 9_880n },
    );
    assert.equal(
      coinBalance((await h.chain.getObject(coin.objectId))?.bcs as Uint8Array),
      DEFAULT_FAUCET_AMOUNT - 1_000n - netGasCost(result.gasUsed),
    );
  });

  it('deleting objects gives back 99 % of their rebate: merging coins into the gas coin can credit it', async () => {
    const sender = keypair(91);
    const address = sender.toSuiAddress();
    const coins = [];
    for (let i = 0; i < 4; i++) coins.push(((await h.ledger.faucet(address, 1_000_000_000n)) as { coin: ChainObject }).coin);
    const [gas, ...merged] = coins as [ChainObject, ...ChainObject[]];
    const tx = new Transaction();
    tx.mergeCoins(
      tx.gas,
      merged.map((c) => tx.objectRef({ objectId: c.objectId, version: c.version.toString(), digest: c.digest })),
    );
    const result = h.ok(await signAndExecute(h.chain, tx, sender, { gasPayment: [gas] }));
    const coinCost = 130n * 7_600n;
    // One coin written, four rebates (the gas coin's and the three deleted coins').
    assert.deepEqual(result.gasUsed, {
      computationCost: result.gasUsed.computationCost,
      storageCost: coinCost,
      storageRebate: (4n * coinCost * 99n) / 100n,
      nonRefundableStorageFee: (4n * coinCost) / 100n,
    });
    assert.ok(netGasCost(result.gasUsed) < 0n, 'more storage freed than filled: a credit');
    assert.equal(coinBalance((await h.chain.getObject(gas.objectId))?.bcs as Uint8Array), 4_000_000_000n - netGasCost(result.gasUsed));
    assert.deepEqual(
      result.changedObjects
        .filter((c) => c.change === 'deleted')
        .map((c) => c.objectId)
        .sort(),
      merged.map((c) => c.objectId).sort(),
    );
  });

  it('a budget that covers the computation but not the storage fails with InsufficientGas and is charged in full, nothing written', async () => {
    const sender = keypair(90);
    const address = sender.toSuiAddress();
    await h.ledger.faucet(address, DEFAULT_FAUCET_AMOUNT);
    const receiver = keypair(89).toSuiAddress();
    const split = () => {
      const tx = new Transaction();
      const [part] = tx.splitCoins(tx.gas, [tx.pure.u64(1_000n)]);
      tx.transferObjects([part as never], receiver);
      return tx;
    };
    const paid = h.ok(await signAndExecute(h.chain, split(), sender, { gasBudget: 50_000_000n }));
    const budget = paid.gasUsed.computationCost + 1_000n;
    assert.ok(budget < paid.gasUsed.computationCost + paid.gasUsed.storageCost - paid.gasUsed.storageRebate);
    const before = await balanceOf(address);
    const failed = await signAndExecute(h.chain, split(), sender, { gasBudget: budget });
    assert.equal(failed.status.success, false);
    assert.match(failed.status.success ? '' : failed.status.error.message, /^InsufficientGas/);
    assert.deepEqual(failed.gasUsed, { computationCost: budget, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n });
    assert.equal(await balanceOf(address), before - budget);
    assert.equal(await balanceOf(receiver), 1_000n, 'the second split was not written');
    assert.deepEqual(
      failed.changedObjects.map((c) => c.change),
      ['mutated'],
    );
  });

  it('charges gas by work, in whole rounding steps of the base', async () => {
    const user = await h.user();
    const dkg = async (message: Uint8Array) => h.ok(await h.exec(dkgTx(user.toSuiAddress(), message), user));
    const small = await dkg(new Uint8Array([1]));
    const large = await dkg(new Uint8Array(MAX_USER_MESSAGE_LENGTH).fill(3));
    const step = GAS_ROUNDING_STEP * REFERENCE_GAS_PRICE;
    assert.equal(small.gasUsed.computationCost % step, 0n);
    assert.equal(large.gasUsed.computationCost % step, 0n);
    assert.ok(small.gasUsed.computationCost >= BASE_COMPUTATION_UNITS * REFERENCE_GAS_PRICE);
    // The large message is decoded, appended and emitted in an event: several units per KiB more.
    const [smallCost, largeCost] = [small.gasUsed.computationCost, large.gasUsed.computationCost];
    assert.ok(largeCost >= smallCost + 3n * step, `${largeCost} vs ${smallCost}`);
    // Events are not stored objects: no storage is charged for them, on Sui either.
    assert.equal(large.gasUsed.storageCost, small.gasUsed.storageCost);
  });

  it("refuses more commands than Sui's max_programmable_tx_commands and more arguments than its max_arguments", async () => {
    const user = await h.user();
    const appends = (count: number) => appendsTx(count);
    const refused = await assertRejects(h.exec(appends(MAX_PROGRAMMABLE_TX_COMMANDS + 1), user), ChainErrorCodes.TX_TOO_LARGE);
    // Over gRPC a refusal is a status and a message: the limit is named in it.
    assert.match(refused.message, new RegExp(`${MAX_PROGRAMMABLE_TX_COMMANDS}`));
    h.ok(await signAndExecute(h.chain, appends(MAX_PROGRAMMABLE_TX_COMMANDS), user, { gasBudget: 100_000_000n }), 'exactly the limit runs');
    const split = new Transaction();
    const amounts = Array.from({ length: MAX_COMMAND_ARGUMENTS }, () => split.pure.u64(1n));
    const coins = split.splitCoins(split.gas, amounts);
    split.transferObjects([coins[0] as never], user.toSuiAddress());
    await assertRejects(h.exec(split, user), ChainErrorCodes.TX_TOO_LARGE);
  });

  it('appends are linear and stop at max_move_vector_len: repeating one 15 KiB input a thousand times fails fast, with gas charged', async () => {
    const user = await h.user();
    const before = await balanceOf(user.toSuiAddress());
    const tx = appendsTx(1000, new Uint8Array(15 * 1024).fill(9));
    const started = Date.now();
    const result = await h.exec(tx, user);
    const ms = Date.now() - started;
    assert.equal(result.status.success, false);
    assert.match(result.status.success ? '' : result.status.error.message, /^VectorOperationError: .*max_move_vector_len \(262144\)/);
    assert.equal(result.status.success ? null : result.status.error.command, Math.floor(MAX_MOVE_VECTOR_LENGTH / (15 * 1024)));
    assert.ok(result.gasUsed.computationCost > BASE_COMPUTATION_UNITS * REFERENCE_GAS_PRICE, 'the work done is paid for');
    assert.equal(await balanceOf(user.toSuiAddress()), before - netGasCost(result.gasUsed));
    assert.ok(ms < 5_000, `${ms} ms`);
  });

  it('splits, merges and transfers SUI; a failed transaction only costs gas', async () => {
    const sender = await h.user();
    const receiver = keypair(97).toSuiAddress();
    const before = await balanceOf(sender.toSuiAddress());
    const tx = new Transaction();
    const [a, b] = tx.splitCoins(tx.gas, [tx.pure.u64(1_000n), tx.pure.u64(2_000n)]);
    tx.mergeCoins(a as never, [b as never]);
    tx.transferObjects([a as never], receiver);
    const result = h.ok(await h.exec(tx, sender));
    assert.equal(await balanceOf(receiver), 3_000n);
    assert.equal(await balanceOf(sender.toSuiAddress()), before - 3_000n - netGasCost(result.gasUsed));
    const failing = new Transaction();
    const [big] = failing.splitCoins(failing.gas, [failing.pure.u64(10n ** 15n)]);
    failing.transferObjects([big as never], receiver);
    const failed = await h.exec(failing, sender);
    assert.equal(failed.status.success, false);
    assert.equal(await balanceOf(sender.toSuiAddress()), before - 3_000n - netGasCost(result.gasUsed) - netGasCost(failed.gasUsed));
    assert.equal(await balanceOf(receiver), 3_000n);
  });

  it('merging coins past a u64 fails the transaction with CoinBalanceOverflow and charges gas, as on Sui; gas coins past a u64 are refused', async () => {
    const user = keypair(96);
    const address = user.toSuiAddress();
    await h.ledger.faucet(address, DEFAULT_FAUCET_AMOUNT);
    const mint = () => h.ledger.faucet(address, MAX_FAUCET_AMOUNT) as Promise<{ coin: ChainObject }>;
    const [a, b] = [await mint(), await mint()];
    const gas = (await h.chain.listOwnedObjects(address, { type: SUI_COIN_TYPE })).objects.find(
      (coin) => coinBalance(coin.bcs) === DEFAULT_FAUCET_AMOUNT,
    );
    assert.ok(gas);
    const ref = (coin: { coin: ChainObject }) => ({
      objectId: coin.coin.objectId,
      version: coin.coin.version,
      digest: coin.coin.digest,
    });
    const tx = new Transaction();
    tx.mergeCoins(tx.objectRef({ ...ref(a), version: a.coin.version.toString() }), [
      tx.objectRef({ ...ref(b), version: b.coin.version.toString() }),
    ]);
    // Its simulation fails, so signAndExecute would not send it: signed and sent anyway, to see it fail on chain.
    const result = await h.chain.executeTransaction(await signTransaction(h.chain, tx, user, { gasPayment: [gas] }));
    assert.equal(result.status.success, false);
    assert.ok(!result.status.success && result.status.error.kind === 'Other');
    assert.match(result.status.success ? '' : result.status.error.message, /^CoinBalanceOverflow/);
    assert.ok(netGasCost(result.gasUsed) > 0n);
    assert.equal(
      coinBalance((await h.chain.getObject(gas.objectId))?.bcs as Uint8Array),
      DEFAULT_FAUCET_AMOUNT - netGasCost(result.gasUsed),
    );
    for (const coin of [a, b])
      assert.equal(coinBalance((await h.chain.getObject(coin.coin.objectId))?.bcs as Uint8Array), MAX_FAUCET_AMOUNT);
    const smash = new Transaction();
    smash.transferObjects([smash.gas], address);
    await assertRejects(signAndExecute(h.chain, smash, user, { gasPayment: [ref(a), ref(b)] }), ChainErrorCodes.TX_MALFORMED);
  });

  it('fees that sum past a u64 in one result batch fail it with an arithmetic error (gas charged); each alone lands', async () => {
    const fee = MAX_FAUCET_AMOUNT - 1_000_000_000n;
    const requested = [];
    for (const seed of [95, 94]) {
      const rich = keypair(seed);
      await h.ledger.faucet(rich.toSuiAddress(), MAX_FAUCET_AMOUNT);
      // A fee this large is more than Sui's mock gas coin (10^18 MIST) holds, so its simulation fails, as on Sui: a fixed budget.
      requested.push(h.event(h.ok(await flows.requestDWallet(rich, { fee, gasBudget: 50_000_000n })), 'DWalletDkgRequested'));
    }
    const results = requested.map((r) => ({ DWalletDkg: { session_id: r.session_id, output: new Uint8Array([1]) } }));
    const relayerBefore = await balanceOf(h.relayer.toSuiAddress());
    const failed = await h.submit(await h.certify(results));
    assert.equal(failed.status.success, false);
    assert.match(failed.status.success ? '' : failed.status.error.message, /^MovePrimitiveRuntimeError: .*u64 overflow.*balance::join/);
    assert.equal(
      await balanceOf(h.relayer.toSuiAddress()),
      relayerBefore - netGasCost(failed.gasUsed),
      'the relayer paid gas, nothing else changed',
    );
    for (const result of results) h.ok(await h.submit(await h.certify([result])));
  });

  it('refuses a split coin left unused and shared objects passed by value', async () => {
    const user = await h.user();
    const unused = new Transaction();
    unused.splitCoins(unused.gas, [unused.pure.u64(5n)]);
    const result = await h.exec(unused, user);
    assert.equal(result.status.success ? '' : result.status.error.kind, 'UnusedValueWithoutDrop');
    const shared = new Transaction();
    shared.transferObjects([h.client.coordinator(shared)], user.toSuiAddress());
    assertArgumentError(await h.exec(shared, user), 'InvalidObjectByValue');
    const gasByValue = new Transaction();
    gasByValue.moveCall({
      target: `${h.packageId}::coordinator::request_presign`,
      arguments: [
        h.client.coordinator(gasByValue),
        gasByValue.pure.id(h.networkKeyId),
        gasByValue.pure.u32(0),
        gasByValue.pure.u32(SignatureAlgorithm.ECDSA),
        gasByValue.pure.vector('u8', Array.from(randomSessionPreimage())),
        gasByValue.gas,
        h.client.clock(gasByValue),
      ],
    });
    assertArgumentError(await h.exec(gasByValue, user), 'InvalidGasCoinUsage');
  });

  it('refuses a pure argument above 16 KiB, and the client assembles long bytes with 0x1::vector::append<u8>', async () => {
    const user = await h.user();
    const message = new Uint8Array(3 * MAX_PURE_ARGUMENT_SIZE + 5000).map((_, i) => i & 0xff);
    const raw = new Transaction();
    const cap = raw.moveCall({
      target: `${h.packageId}::coordinator::request_dwallet_dkg`,
      arguments: [
        h.client.coordinator(raw),
        raw.pure.id(h.networkKeyId),
        raw.pure.u32(0),
        raw.pure.u32(SignatureAlgorithm.ECDSA),
        raw.pure.vector('u8', Array.from(randomSessionPreimage())),
        raw.pure(bcs.byteVector().serialize(message).toBytes()),
        h.client.payFromGas(raw, 0n),
      ],
    });
    raw.transferObjects([cap], user.toSuiAddress());
    await assertRejects(h.exec(raw, user), ChainErrorCodes.TX_TOO_LARGE);
    const tx = new Transaction();
    const built = h.client.requestDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage: message,
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([built], user.toSuiAddress());
    assert.equal(tx.getData().commands.filter((c) => c.MoveCall?.function === 'append').length, 3);
    const requested = h.event(h.ok(await h.exec(tx, user)), 'DWalletDkgRequested');
    assert.deepEqual(requested.user_dkg_message, message);
    assert.equal((await readObject(h.chain, requested.dwallet_id, DWallet)).value.state, 0);
  });
});

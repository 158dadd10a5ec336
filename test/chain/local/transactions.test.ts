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
import type { ChainObject } from '../../../chain/chain.ts';
import { Curve, MAX_USER_MESSAGE_LENGTH, SUI_COIN_TYPE } from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { BASE_COMPUTATION_UNITS, GAS_ROUNDING_STEP } from '../../../chain/local/gas.ts';
import { DEFAULT_FAUCET_AMOUNT, MAX_FAUCET_AMOUNT, REFERENCE_GAS_PRICE } from '../../../chain/local/ledger.ts';
import { readObject } from '../../../chain/object-reader.ts';
import { DWallet } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import {
  MAX_COMMAND_ARGUMENTS,
  MAX_MOVE_VECTOR_LENGTH,
  MAX_PROGRAMMABLE_TX_COMMANDS,
  MAX_PURE_ARGUMENT_SIZE,
} from '../../../chain/sui-limits.ts';
import { coinBalance, signAndExecute, signTransaction } from '../../../chain/transaction-signer.ts';
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

  async function balanceOf(address: string): Promise<bigint> {
    const page = await h.chain.listOwnedObjects(address, { type: SUI_COIN_TYPE });
    return page.objects.reduce((sum, coin) => sum + coinBalance(coin.bcs), 0n);
  }

  function dkgTx(sender: string, userDkgMessage: Uint8Array = new Uint8Array([1])): Transaction {
    const tx = new Transaction();
    const cap = h.client.requestDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
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
    assert.equal(outOfGas.gasUsed, 1_000_000n);
    assert.equal(await balanceOf(user.toSuiAddress()), before - 1_000_000n);
    h.ok(await h.chain.executeTransaction(await build(1000n, 5_000_000n)));
    const poor = keypair(98);
    await h.ledger.faucet(poor.toSuiAddress(), 1000n);
    await assertRejects(signTransaction(h.chain, dkgTx(poor.toSuiAddress()), poor, { gasBudget: 1_000_000n }), ChainErrorCodes.NO_GAS_COIN);
  });

  it('charges gas by work, in whole rounding steps of the base', async () => {
    const user = await h.user();
    const dkg = async (message: Uint8Array) => h.ok(await h.exec(dkgTx(user.toSuiAddress(), message), user));
    const small = await dkg(new Uint8Array([1]));
    const large = await dkg(new Uint8Array(MAX_USER_MESSAGE_LENGTH).fill(3));
    const step = GAS_ROUNDING_STEP * REFERENCE_GAS_PRICE;
    assert.equal(small.gasUsed % step, 0n);
    assert.equal(large.gasUsed % step, 0n);
    assert.ok(small.gasUsed >= BASE_COMPUTATION_UNITS * REFERENCE_GAS_PRICE);
    // The large message is decoded, appended, stored in an event and an object: several units per KiB more.
    assert.ok(large.gasUsed >= small.gasUsed + 3n * step, `${large.gasUsed} vs ${small.gasUsed}`);
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
    assert.ok(result.gasUsed > BASE_COMPUTATION_UNITS * REFERENCE_GAS_PRICE, 'the work done is paid for');
    assert.equal(await balanceOf(user.toSuiAddress()), before - result.gasUsed);
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
    assert.equal(await balanceOf(sender.toSuiAddress()), before - 3_000n - result.gasUsed);
    const failing = new Transaction();
    const [big] = failing.splitCoins(failing.gas, [failing.pure.u64(10n ** 15n)]);
    failing.transferObjects([big as never], receiver);
    const failed = await h.exec(failing, sender);
    assert.equal(failed.status.success, false);
    assert.equal(await balanceOf(sender.toSuiAddress()), before - 3_000n - result.gasUsed - failed.gasUsed);
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
    const result = await signAndExecute(h.chain, tx, user, { gasPayment: [gas] });
    assert.equal(result.status.success, false);
    assert.ok(!result.status.success && result.status.error.kind === 'Other');
    assert.match(result.status.success ? '' : result.status.error.message, /^CoinBalanceOverflow/);
    assert.ok(result.gasUsed > 0n);
    assert.equal(coinBalance((await h.chain.getObject(gas.objectId))?.bcs as Uint8Array), DEFAULT_FAUCET_AMOUNT - result.gasUsed);
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
      requested.push(h.event(h.ok(await flows.requestDWallet(rich, { fee })), 'DWalletDkgRequested'));
    }
    const results = requested.map((r) => ({ DWalletDkg: { session_id: r.session_id, output: new Uint8Array([1]) } }));
    const relayerBefore = await balanceOf(h.relayer.toSuiAddress());
    const failed = await h.submit(await h.certify(results));
    assert.equal(failed.status.success, false);
    assert.match(failed.status.success ? '' : failed.status.error.message, /^MovePrimitiveRuntimeError: .*u64 overflow.*balance::join/);
    assert.equal(await balanceOf(h.relayer.toSuiAddress()), relayerBefore - failed.gasUsed, 'the relayer paid gas, nothing else changed');
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

/** Presigns through the local chain: the global pool per curve, claims, presigns bound to imported-key dWallets. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID } from '@mysten/sui/utils';
import { Curve, HashScheme, PresignState, RequestKind, SUI_COIN_TYPE } from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { availablePresignCount, readCoordinator, readObject, readTableVec } from '../../../chain/object-reader.ts';
import { Presign, PresignCap, PresignPoolEntry } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { coinBalance } from '../../../chain/transaction-signer.ts';
import { assertAbort, assertRejects } from '../support/assertions.ts';
import { Flows, fakeSignature, LocalHarness } from '../support/local-harness.ts';

describe('local chain: presigns', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  it('request_presign fills the pool of its curve once the network completes it', async () => {
    const payer = await h.user();
    const requested = h.event(h.ok(await flows.requestPresign(payer, { curve: Curve.P256 })), 'PresignRequested');
    assert.equal(requested.dwallet_id, null);
    assert.equal(requested.curve, Curve.P256);
    let pool = (await readCoordinator(h.chain)).presign_pools.find((p) => p.curve === Curve.P256);
    assert.equal(pool?.pending, 1n);
    assert.ok(pool);
    assert.equal(availablePresignCount(pool), 0);
    const result = await h.submitResults([{ Presign: { session_id: requested.session_id, output: new Uint8Array([4, 4]) } }]);
    assert.equal(h.event(result, 'PresignCompleted').presign_id, requested.presign_id);
    pool = (await readCoordinator(h.chain)).presign_pools.find((p) => p.curve === Curve.P256);
    assert.equal(pool?.pending, 0n);
    assert.ok(pool);
    // The pool's presigns are dynamic fields (a TableVec), each a Field<u64, ID> object owned by its table.
    assert.deepEqual(await readTableVec(h.chain, pool.available, PresignPoolEntry), [requested.presign_id]);
    const entry = await h.chain.getObject(deriveDynamicFieldID(pool.available.contents.id, 'u64', bcs.u64().serialize(0).toBytes()));
    assert.equal(entry?.type, PresignPoolEntry.type);
    assert.deepEqual(entry?.owner, { kind: 'object', parentId: pool.available.contents.id });
  });

  it('claim_presign binds a pooled presign to a cap and pays the presign fee to whoever paid for it', async () => {
    const payer = await h.user();
    const claimer = await h.user();
    await h.setFee(RequestKind.PRESIGN, 2_500n);
    const requested = h.event(h.ok(await flows.requestPresign(payer, { fee: 2_500n })), 'PresignRequested');
    await h.submitResults([{ Presign: { session_id: requested.session_id, output: new Uint8Array([1]) } }]);
    assertAbort(await flows.claim(claimer, { fee: 2_499n }), 'coordinator', 'EInsufficientFee');
    const result = h.ok(await flows.claim(claimer, { fee: 2_500n }));
    const claimed = h.event(result, 'PresignClaimed');
    assert.equal(claimed.presign_id, requested.presign_id);
    assert.equal(claimed.requester, payer.toSuiAddress());
    assert.equal(claimed.claimer, claimer.toSuiAddress());
    const cap = await readObject(h.chain, claimed.presign_cap_id, PresignCap);
    assert.deepEqual(cap.object.owner, { kind: 'address', address: claimer.toSuiAddress() });
    const presign = await readObject(h.chain, requested.presign_id, Presign);
    assert.equal(presign.value.cap_id, claimed.presign_cap_id);
    const refund = result.changedObjects.find(
      (c) => c.type === SUI_COIN_TYPE && c.owner?.kind === 'address' && c.owner.address === payer.toSuiAddress(),
    );
    assert.ok(refund, 'the payment went to the payer of the presign');
    const coin = await h.chain.getObject(refund.objectId);
    assert.equal(coinBalance(coin?.bcs ?? new Uint8Array()), 2_500n);
    await h.setFee(RequestKind.PRESIGN, 0n);
  });

  it('an empty pool cannot be claimed from', async () => {
    const user = await h.user();
    while ((await readCoordinator(h.chain)).presign_pools.some((p) => p.curve === Curve.SECP256K1 && availablePresignCount(p) > 0)) {
      h.ok(await flows.claim(user));
    }
    assertAbort(await flows.claim(user), 'coordinator', 'EPresignPoolEmpty');
  });

  it('a rejected presign leaves the pool and is never claimable', async () => {
    const payer = await h.user();
    const requested = h.event(h.ok(await flows.requestPresign(payer)), 'PresignRequested');
    await h.submitResults([{ Rejected: { session_id: requested.session_id, reason_code: 1, reason: new Uint8Array(), blamed: [] } }]);
    const presign = await readObject(h.chain, requested.presign_id, Presign);
    assert.equal(presign.value.state, PresignState.REJECTED);
    const pool = (await readCoordinator(h.chain)).presign_pools.find((p) => p.curve === Curve.SECP256K1);
    assert.equal(pool?.pending, 0n);
    assert.ok(pool);
    assert.ok(!(await readTableVec(h.chain, pool.available, PresignPoolEntry)).includes(requested.presign_id));
  });

  it('a presign is consumed exactly once: its cap is destroyed by the sign that uses it', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { capId, presignId } = await flows.presignCap(user);
    const capRef = await h.ref(capId);
    const signed = h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId }));
    assert.equal(h.event(signed, 'SignRequested').presign_id, presignId);
    assert.ok(signed.changedObjects.some((c) => c.objectId === capId && c.change === 'deleted'));
    assert.equal((await readObject(h.chain, presignId, Presign)).value.state, PresignState.CONSUMED);
    assert.equal(await h.chain.getObject(capId), null);
    const again = new Transaction();
    const approval = h.client.approveMessage(again, {
      dwalletCap: await h.ref(wallet.capId),
      hashScheme: HashScheme.SHA256,
      message: new Uint8Array([1]),
    });
    h.client.requestSign(again, {
      approval,
      presignCap: capRef,
      sessionPreimage: randomSessionPreimage(),
      userSignMessage: new Uint8Array([1]),
      payment: h.client.payFromGas(again, 0n),
    });
    await assertRejects(h.exec(again, user), ChainErrorCodes.TX_OBJECT_NOT_FOUND);
  });

  async function boundPresign(user: Awaited<ReturnType<LocalHarness['user']>>, dwalletCapId: string) {
    const tx = new Transaction();
    const cap = h.client.requestImportedKeyPresign(tx, {
      dwalletCap: await h.ref(dwalletCapId),
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], user.toSuiAddress());
    const result = await h.exec(tx, user);
    return { result, capId: h.created(result, 'PresignCap')[0] as string };
  }

  it('request_imported_key_presign returns a cap bound to the imported-key dWallet; it signs once completed', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user, { imported: true });
    const { result, capId } = await boundPresign(user, wallet.capId);
    const requested = h.event(h.ok(result), 'PresignRequested');
    assert.equal(requested.dwallet_id, wallet.dwalletId);
    assert.deepEqual(requested.dwallet_output, wallet.output);
    assert.equal((await readObject(h.chain, requested.presign_id, Presign)).value.cap_id, capId);
    assertAbort(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId }), 'coordinator', 'EPresignNotCompleted');
    await h.submitResults([{ Presign: { session_id: requested.session_id, output: new Uint8Array([2]) } }]);
    const signed = h.event(h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId })), 'SignRequested');
    assert.equal(signed.presign_id, requested.presign_id);
    assert.deepEqual(signed.presign, new Uint8Array([2]));
    await h.submitResults([{ Signature: { session_id: signed.session_id, signature: fakeSignature() } }]);
  });

  it('refuses a bound presign for a dWallet made by DKG', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    assertAbort((await boundPresign(user, wallet.capId)).result, 'coordinator', 'ENotImportedKeyDWallet');
  });

  it('a presign bound to one dWallet cannot sign for another, and imported keys cannot use the pool', async () => {
    const user = await h.user();
    const imported = await flows.activeDWallet(user, { imported: true });
    const { result, capId } = await boundPresign(user, imported.capId);
    await h.submitResults([{ Presign: { session_id: h.event(result, 'PresignRequested').session_id, output: new Uint8Array([3]) } }]);
    const other = await flows.activeDWallet(user);
    assertAbort(await flows.sign(user, { dwalletCapId: other.capId, presignCapId: capId }), 'coordinator', 'EPresignBoundToOtherDWallet');
    const pooled = await flows.presignCap(user);
    assertAbort(
      await flows.sign(user, { dwalletCapId: imported.capId, presignCapId: pooled.capId }),
      'coordinator',
      'EImportedKeyDWalletNeedsBoundPresign',
    );
  });

  it('a presign of another curve cannot sign', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user, { curve: Curve.SECP256K1 });
    const p256 = await flows.presignCap(user, Curve.P256);
    assertAbort(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: p256.capId }), 'coordinator', 'EPresignMismatch');
  });
});

/** Future sign through the local chain: a stored partial user signature, verified, then completed by a later approval. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import type { TransactionResult } from '../../../chain/chain.ts';
import {
  Curve,
  HashScheme,
  MAX_MESSAGE_LENGTH,
  PartialSignatureState,
  PresignState,
  SignatureAlgorithm,
} from '../../../chain/constants.ts';
import { readObject } from '../../../chain/object-reader.ts';
import { PartialUserSignature, Presign } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { assertAbort } from '../support/assertions.ts';
import { Flows, fakeSignature, LocalHarness } from '../support/local-harness.ts';

describe('local chain: future sign', () => {
  let h: LocalHarness;
  let flows: Flows;
  const message = new TextEncoder().encode('withdraw when the DAO approves');
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  async function futureSign(
    user: Ed25519Keypair,
    dwalletId: string,
    presignCapId: string,
    options: { message?: Uint8Array; hashScheme?: number } = {},
  ) {
    const tx = new Transaction();
    const cap = h.client.requestFutureSign(tx, {
      dwalletId,
      presignCap: await h.ref(presignCapId),
      hashScheme: (options.hashScheme ?? HashScheme.KECCAK256) as HashScheme,
      message: options.message ?? message,
      sessionPreimage: randomSessionPreimage(),
      userSignMessage: new Uint8Array([0xf5, 0x01]),
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], user.toSuiAddress());
    return h.exec(tx, user);
  }

  async function complete(
    user: Ed25519Keypair,
    partialCapId: string,
    dwalletCapId: string,
    approvedMessage = message,
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    const approval = h.client.approveMessage(tx, {
      dwalletCap: await h.ref(dwalletCapId),
      hashScheme: HashScheme.KECCAK256,
      message: approvedMessage,
    });
    h.client.requestSignWithPartialSignature(tx, {
      partialSignatureCap: await h.ref(partialCapId),
      approval,
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    return h.exec(tx, user);
  }

  async function verifiedPartial(user: Ed25519Keypair) {
    const wallet = await flows.activeDWallet(user);
    const presign = await flows.presignCap(user);
    const result = h.ok(await futureSign(user, wallet.dwalletId, presign.capId));
    const requested = h.event(result, 'FutureSignRequested');
    await h.submitResults([{ FutureSignVerified: { session_id: requested.session_id } }]);
    return { wallet, presign, requested, partialCapId: h.created(result, 'PartialSignatureCap')[0] as string };
  }

  it('stores the partial user signature, wrapping the presign cap, and emits what validators verify', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const presign = await flows.presignCap(user);
    const result = h.ok(await futureSign(user, wallet.dwalletId, presign.capId));
    const requested = h.event(result, 'FutureSignRequested');
    assert.equal(requested.dwallet_id, wallet.dwalletId);
    assert.deepEqual(requested.message, message);
    assert.deepEqual(requested.user_sign_message, new Uint8Array([0xf5, 0x01]));
    assert.equal(requested.presign_id, presign.presignId);
    assert.deepEqual(requested.dwallet_output, wallet.output);
    assert.ok(result.changedObjects.some((c) => c.objectId === presign.capId && c.change === 'wrapped'));
    assert.equal(await h.chain.getObject(presign.capId), null, 'a wrapped object is not readable');
    assert.equal((await readObject(h.chain, presign.presignId, Presign)).value.state, PresignState.CONSUMED);
    const partial = await readObject(h.chain, requested.partial_signature_id, PartialUserSignature);
    assert.equal(partial.value.state, PartialSignatureState.AWAITING_VERIFICATION);
    assert.equal(partial.value.presign_cap?.id, presign.capId);
  });

  it('a presign claimed and wrapped into a future sign in one transaction signs later (its cap was never stored)', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { presignId } = await flows.pooledPresign(user);
    const tx = new Transaction();
    const claimed = h.client.claimPresign(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      payment: h.client.payFromGas(tx, 0n),
    });
    const cap = h.client.requestFutureSign(tx, {
      dwalletId: wallet.dwalletId,
      presignCap: claimed,
      hashScheme: HashScheme.KECCAK256,
      message,
      sessionPreimage: randomSessionPreimage(),
      userSignMessage: new Uint8Array([0xf5, 0x02]),
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], user.toSuiAddress());
    const result = h.ok(await h.exec(tx, user), 'claim + future sign');
    const presignCapId = h.event(result, 'PresignClaimed').presign_cap_id;
    const requested = h.event(result, 'FutureSignRequested');
    assert.equal(requested.presign_id, presignId);
    // Created and wrapped by one transaction: not in the effects, as on Sui.
    assert.ok(!result.changedObjects.some((c) => c.objectId === presignCapId));
    await h.submitResults([{ FutureSignVerified: { session_id: requested.session_id } }]);
    const partialCapId = h.created(result, 'PartialSignatureCap')[0] as string;
    const completed = h.ok(await complete(user, partialCapId, wallet.capId), 'complete');
    assert.equal(h.event(completed, 'SignRequested').presign_id, presignId);
    assert.ok(
      completed.changedObjects.some((c) => c.objectId === presignCapId && c.change === 'deleted'),
      'the presign cap, never stored, is reported deleted',
    );
  });

  it('cannot be completed before the network verified it, nor after it rejected it', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const presign = await flows.presignCap(user);
    const result = h.ok(await futureSign(user, wallet.dwalletId, presign.capId));
    const partialCapId = h.created(result, 'PartialSignatureCap')[0] as string;
    assertAbort(await complete(user, partialCapId, wallet.capId), 'coordinator', 'EPartialSignatureNotVerified');
    const requested = h.event(result, 'FutureSignRequested');
    await h.submitResults([{ Rejected: { session_id: requested.session_id, reason_code: 3, reason: new Uint8Array(), blamed: [] } }]);
    assert.equal(
      (await readObject(h.chain, requested.partial_signature_id, PartialUserSignature)).value.state,
      PartialSignatureState.REJECTED,
    );
    assertAbort(await complete(user, partialCapId, wallet.capId), 'coordinator', 'EPartialSignatureNotVerified');
  });

  it('completes with a matching approval into a sign session that carries the stored user message', async () => {
    const user = await h.user();
    const { wallet, presign, requested, partialCapId } = await verifiedPartial(user);
    const result = h.ok(await complete(user, partialCapId, wallet.capId));
    const sign = h.event(result, 'SignRequested');
    assert.equal(sign.partial_signature_id, requested.partial_signature_id);
    assert.deepEqual(sign.user_sign_message, new Uint8Array([0xf5, 0x01]));
    assert.equal(sign.presign_id, presign.presignId);
    assert.deepEqual(sign.message, message);
    assert.ok(result.changedObjects.some((c) => c.objectId === partialCapId && c.change === 'deleted'));
    assert.ok(
      result.changedObjects.some((c) => c.objectId === presign.capId && c.change === 'deleted'),
      'the wrapped presign cap is destroyed',
    );
    assert.equal((await readObject(h.chain, requested.partial_signature_id, PartialUserSignature)).value.state, PartialSignatureState.USED);
    const completed = h.event(
      await h.submitResults([{ Signature: { session_id: sign.session_id, signature: fakeSignature(3, 1) } }]),
      'SignCompleted',
    );
    assert.equal(completed.partial_signature_id, requested.partial_signature_id);
  });

  it('refuses an approval of another message or of another dWallet (a wrong DWalletCap)', async () => {
    const user = await h.user();
    const { partialCapId, wallet } = await verifiedPartial(user);
    assertAbort(
      await complete(user, partialCapId, wallet.capId, new TextEncoder().encode('something else')),
      'coordinator',
      'EApprovalMismatch',
    );
    const other = await flows.activeDWallet(user);
    assertAbort(await complete(user, partialCapId, other.capId), 'coordinator', 'EApprovalMismatch');
    h.ok(await complete(user, partialCapId, wallet.capId));
  });

  it('refuses unknown or inactive dWallets and bad hash schemes', async () => {
    const user = await h.user();
    const presign = await flows.presignCap(user);
    assertAbort(await futureSign(user, `0x${'12'.repeat(32)}`, presign.capId), 'coordinator', 'EDWalletNotFound');
    const pending = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    assertAbort(await futureSign(user, pending.dwallet_id, presign.capId), 'coordinator', 'EDWalletNotActive');
    const wallet = await flows.activeDWallet(user);
    assertAbort(await futureSign(user, wallet.dwalletId, presign.capId, { hashScheme: 9 }), 'coordinator', 'EUnsupportedHashScheme');
    assertAbort(await futureSign(user, wallet.dwalletId, presign.capId, { message: new Uint8Array() }), 'coordinator', 'EEmptyMessage');
    assertAbort(
      await futureSign(user, wallet.dwalletId, presign.capId, { message: new Uint8Array(MAX_MESSAGE_LENGTH + 1) }),
      'coordinator',
      'EMessageTooLong',
    );
  });
});

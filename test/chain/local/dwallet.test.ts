/** dWallet creation through the local chain: DKG and imported keys, and every way a request fails. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import {
  Curve,
  DWalletState,
  MAX_USER_MESSAGE_LENGTH,
  RequestKind,
  SessionStatus,
  SignatureAlgorithm,
  SUI_COIN_TYPE,
} from '../../../chain/constants.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { DWallet, DWalletCap, Session } from '../../../chain/schemas/objects.ts';
import { deriveSessionId, randomSessionPreimage } from '../../../chain/session-id.ts';
import { coinBalance } from '../../../chain/transaction-signer.ts';
import { assertAbort, assertArgumentError } from '../support/assertions.ts';
import { allEvents, Flows, LocalHarness } from '../support/local-harness.ts';

describe('local chain: dWallet creation', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  it('request_dwallet_dkg returns a DWalletCap to the user and emits everything a validator needs', async () => {
    const user = await h.user();
    const preimage = randomSessionPreimage();
    const message = new Uint8Array([9, 8, 7]);
    const result = h.ok(await flows.requestDWallet(user, { preimage, message, curve: Curve.P256 }));
    const event = h.event(result, 'DWalletDkgRequested');
    assert.deepEqual(event.session_id, deriveSessionId(user.toSuiAddress(), preimage));
    assert.deepEqual(event.user_dkg_message, message);
    assert.equal(event.curve, Curve.P256);
    assert.equal(event.network_key_id, h.networkKeyId);
    assert.equal(event.requester, user.toSuiAddress());
    assert.equal(event.epoch, 1n);
    const cap = await readObject(h.chain, event.dwallet_cap_id, DWalletCap);
    assert.deepEqual(cap.object.owner, { kind: 'address', address: user.toSuiAddress() });
    assert.equal(cap.value.dwallet_id, event.dwallet_id);
    const dwallet = await readObject(h.chain, event.dwallet_id, DWallet);
    assert.equal(dwallet.value.state, DWalletState.AWAITING_NETWORK);
    assert.equal(dwallet.value.cap_id, event.dwallet_cap_id);
    assert.equal(dwallet.object.owner.kind, 'object');
    assert.equal(result.events[0]?.id.txDigest, result.digest);
  });

  it('a certified DKG output activates the dWallet and pays the escrowed fee to the submitter', async () => {
    await h.setFee(RequestKind.DWALLET_DKG, 5_000n);
    const user = await h.user();
    const requested = h.event(h.ok(await flows.requestDWallet(user, { fee: 7_000n })), 'DWalletDkgRequested');
    assert.equal(requested.fee, 7_000n);
    const output = new Uint8Array([1, 1, 2, 3, 5, 8]);
    const result = await h.submitResults([{ DWalletDkg: { session_id: requested.session_id, output } }]);
    const completed = h.event(result, 'DWalletDkgCompleted');
    assert.equal(completed.dwallet_id, requested.dwallet_id);
    assert.deepEqual(completed.output, output);
    assert.equal(completed.fee, 7_000n);
    const coin = result.changedObjects.find((c) => c.change === 'created' && c.type === SUI_COIN_TYPE);
    assert.ok(coin, 'a payout coin was created');
    const paid = await h.chain.getObject(coin.objectId);
    assert.ok(paid);
    assert.equal(coinBalance(paid.bcs), 7_000n);
    assert.deepEqual(paid.owner, { kind: 'address', address: h.relayer.toSuiAddress() });
    const dwallet = await readObject(h.chain, requested.dwallet_id, DWallet);
    assert.equal(dwallet.value.state, DWalletState.ACTIVE);
    assert.deepEqual(dwallet.value.output, output);
    const coordinator = await readCoordinator(h.chain);
    assert.equal(coordinator.fees[RequestKind.DWALLET_DKG], 5_000n);
    await h.setFee(RequestKind.DWALLET_DKG, 0n);
  });

  it('a certified rejection records reason and blame on the session and rejects the dWallet', async () => {
    const user = await h.user();
    const requested = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    const reject = await h.submitResults([
      { Rejected: { session_id: requested.session_id, reason_code: 4, reason: new Uint8Array([1]), blamed: [3] } },
    ]);
    const rejected = h.event(reject, 'SessionRejected');
    assert.equal(rejected.request_kind, RequestKind.DWALLET_DKG);
    assert.equal(rejected.target_id, requested.dwallet_id);
    assert.deepEqual(rejected.blamed, [3]);
    const dwallet = await readObject(h.chain, requested.dwallet_id, DWallet);
    assert.equal(dwallet.value.state, DWalletState.REJECTED);
    const sessionId = reject.changedObjects.find((c) => c.type?.endsWith('::coordinator::Session'))?.objectId;
    assert.ok(sessionId);
    const session = await readObject(h.chain, sessionId, Session);
    assert.equal(session.value.status, SessionStatus.REJECTED);
    assert.equal(session.value.reason_code, 4);
    assert.deepEqual(session.value.blamed, [3]);
    assert.equal(session.value.fee.value, 0n);
  });

  it('request_imported_key_dwallet creates an imported-key dWallet verified by the network', async () => {
    const user = await h.user();
    const { dwalletId } = await flows.activeDWallet(user, { imported: true });
    const dwallet = await readObject(h.chain, dwalletId, DWallet);
    assert.equal(dwallet.value.imported, true);
    assert.equal(dwallet.value.state, DWalletState.ACTIVE);
  });

  it('refuses an unpaid request (fee below the table)', async () => {
    await h.setFee(RequestKind.DWALLET_DKG, 1_000n);
    const user = await h.user();
    assertAbort(await flows.requestDWallet(user, { fee: 999n }), 'coordinator', 'EInsufficientFee');
    h.ok(await flows.requestDWallet(user, { fee: 1_000n }));
    await h.setFee(RequestKind.DWALLET_DKG, 0n);
  });

  it('refuses a reused session id, also across request kinds', async () => {
    const user = await h.user();
    const preimage = randomSessionPreimage();
    h.ok(await flows.requestDWallet(user, { preimage }));
    assertAbort(await flows.requestDWallet(user, { preimage }), 'coordinator', 'ESessionIdReused');
    assertAbort(await flows.requestPresign(user, { preimage }), 'coordinator', 'ESessionIdReused');
    const other = await h.user();
    h.ok(await flows.requestDWallet(other, { preimage }), 'the same preimage from another sender is another id');
  });

  it('refuses bad parameters with their abort codes', async () => {
    const user = await h.user();
    assertAbort(await flows.requestDWallet(user, { preimage: new Uint8Array(31) }), 'coordinator', 'EInvalidSessionPreimage');
    assertAbort(await flows.requestDWallet(user, { curve: 3 }), 'coordinator', 'EUnsupportedCurve');
    assertAbort(await flows.requestDWallet(user, { networkKeyId: `0x${'ab'.repeat(32)}` }), 'coordinator', 'ENetworkKeyNotFound');
    assertAbort(await flows.requestDWallet(user, { message: new Uint8Array() }), 'coordinator', 'EEmptyUserMessage');
    assertAbort(
      await flows.requestDWallet(user, { message: new Uint8Array(MAX_USER_MESSAGE_LENGTH + 1) }),
      'coordinator',
      'EUserMessageTooLong',
    );
    assertAbort(
      await flows.requestDWallet(user, { message: new Uint8Array(MAX_USER_MESSAGE_LENGTH + 1), imported: true }),
      'coordinator',
      'EUserMessageTooLong',
    );
  });

  it('refuses a curve the network key does not serve', async () => {
    const tx = new Transaction();
    h.client.registerNetworkKey(tx, {
      adminCap: await h.adminCap(),
      curves: [Curve.P256],
      keyCommitment: new Uint8Array(32),
      globalKeyParts: new Uint8Array([1]),
    });
    const keyId = h.event(h.ok(await h.exec(tx, h.admin)), 'NetworkKeyRegistered').network_key_id;
    const user = await h.user();
    assertAbort(
      await flows.requestDWallet(user, { networkKeyId: keyId, curve: Curve.SECP256K1 }),
      'coordinator',
      'ECurveNotSupportedByKey',
    );
    h.ok(await flows.requestDWallet(user, { networkKeyId: keyId, curve: Curve.P256 }));
  });

  it('fails malformed BCS arguments with InvalidBCSBytes and changes nothing but gas', async () => {
    const user = await h.user();
    const before = (await allEvents(h.chain)).length;
    const build = (curveBytes: Uint8Array, preimageBytes: Uint8Array) => {
      const tx = new Transaction();
      const cap = tx.moveCall({
        target: `${h.packageId}::coordinator::request_dwallet_dkg`,
        arguments: [
          h.client.coordinator(tx),
          tx.pure.id(h.networkKeyId),
          tx.pure(curveBytes),
          tx.pure.u32(SignatureAlgorithm.ECDSA),
          tx.pure(preimageBytes),
          tx.pure.vector('u8', [1]),
          h.client.payFromGas(tx, 0n),
          h.client.clock(tx),
        ],
      });
      tx.transferObjects([cap], user.toSuiAddress());
      return tx;
    };
    const good = new Uint8Array([32, ...new Uint8Array(32).fill(3)]);
    assertArgumentError(await h.exec(build(new Uint8Array([0, 0, 0]), good), user), 'InvalidBCSBytes');
    assertArgumentError(await h.exec(build(new Uint8Array([0, 0, 0, 0, 0]), good), user), 'InvalidBCSBytes');
    assertArgumentError(await h.exec(build(new Uint8Array(4), new Uint8Array([33, 1, 2])), user), 'InvalidBCSBytes');
    assertArgumentError(await h.exec(build(new Uint8Array(4), new Uint8Array([0x80, 0x00])), user), 'InvalidBCSBytes');
    const after = (await allEvents(h.chain)).length;
    assert.equal(after, before, 'no event from failed transactions');
  });
});

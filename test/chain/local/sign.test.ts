/** Message approval and signing through the local chain, and the ways caps and approvals are misused. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import {
  Curve,
  HashScheme,
  MAX_MESSAGE_LENGTH,
  MAX_USER_MESSAGE_LENGTH,
  PresignState,
  SignatureAlgorithm,
  SignState,
} from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { readObject } from '../../../chain/object-reader.ts';
import { Presign, Sign } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { assertAbort, assertArgumentError, assertRejects } from '../support/assertions.ts';
import { Flows, fakeSignature, keypair, LocalHarness } from '../support/local-harness.ts';

describe('local chain: approve_message and request_sign', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  it('approves and requests a signature in one transaction; the certified signature completes it', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { capId, presignId } = await flows.presignCap(user);
    const message = new TextEncoder().encode('pay 0.1 BTC');
    const result = h.ok(
      await flows.sign(user, {
        dwalletCapId: wallet.capId,
        presignCapId: capId,
        hashScheme: HashScheme.DOUBLE_SHA256,
        message,
        userSignMessage: new Uint8Array([7, 7]),
      }),
    );
    const requested = h.event(result, 'SignRequested');
    assert.equal(requested.dwallet_id, wallet.dwalletId);
    assert.equal(requested.hash_scheme, HashScheme.DOUBLE_SHA256);
    assert.deepEqual(requested.message, message);
    assert.deepEqual(requested.user_sign_message, new Uint8Array([7, 7]));
    assert.deepEqual(requested.dwallet_output, wallet.output);
    assert.equal(requested.presign_id, presignId);
    assert.deepEqual(requested.presign, (await readObject(h.chain, presignId, Presign)).value.output);
    assert.equal(requested.network_key_id, h.networkKeyId);
    assert.equal(requested.curve, Curve.SECP256K1);
    assert.equal(requested.partial_signature_id, null);
    const signature = fakeSignature(9, 0);
    const completed = h.event(await h.submitResults([{ Signature: { session_id: requested.session_id, signature } }]), 'SignCompleted');
    assert.equal(completed.sign_id, requested.sign_id);
    assert.deepEqual(completed.signature, signature);
    const sign = await readObject(h.chain, requested.sign_id, Sign);
    assert.equal(sign.value.state, SignState.COMPLETED);
    assert.deepEqual(sign.value.signature, signature);
  });

  it('a rejected sign keeps its presign consumed', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { capId, presignId } = await flows.presignCap(user);
    const requested = h.event(h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId })), 'SignRequested');
    await h.submitResults([
      { Rejected: { session_id: requested.session_id, reason_code: 2, reason: new TextEncoder().encode('bad proof'), blamed: [] } },
    ]);
    assert.equal((await readObject(h.chain, requested.sign_id, Sign)).value.state, SignState.REJECTED);
    assert.equal((await readObject(h.chain, presignId, Presign)).value.state, PresignState.CONSUMED);
  });

  it('validates the hash scheme against the curve', async () => {
    const user = await h.user();
    const k1 = await flows.activeDWallet(user, { curve: Curve.SECP256K1 });
    const r1 = await flows.activeDWallet(user, { curve: Curve.P256 });
    const k1Presign = await flows.presignCap(user, Curve.SECP256K1);
    const r1Presign = await flows.presignCap(user, Curve.P256);
    assertAbort(
      await flows.sign(user, { dwalletCapId: k1.capId, presignCapId: k1Presign.capId, hashScheme: 4 }),
      'coordinator',
      'EUnsupportedHashScheme',
    );
    assertAbort(
      await flows.sign(user, { dwalletCapId: r1.capId, presignCapId: r1Presign.capId, hashScheme: HashScheme.KECCAK256 }),
      'coordinator',
      'EUnsupportedHashScheme',
    );
    h.ok(await flows.sign(user, { dwalletCapId: r1.capId, presignCapId: r1Presign.capId, hashScheme: HashScheme.SHA256 }));
    h.ok(await flows.sign(user, { dwalletCapId: k1.capId, presignCapId: k1Presign.capId, hashScheme: HashScheme.KECCAK256 }));
  });

  it('signs a prehashed message only when it is exactly one 32-byte digest', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const first = await flows.presignCap(user);
    for (const length of [31, 33, 64]) {
      assertAbort(
        await flows.sign(user, {
          dwalletCapId: wallet.capId,
          presignCapId: first.capId,
          hashScheme: HashScheme.PREHASHED,
          message: new Uint8Array(length).fill(7),
        }),
        'coordinator',
        'EInvalidPrehashedMessage',
      );
    }
    const requested = h.event(
      h.ok(
        await flows.sign(user, {
          dwalletCapId: wallet.capId,
          presignCapId: first.capId,
          hashScheme: HashScheme.PREHASHED,
          message: new Uint8Array(32).fill(7),
        }),
      ),
      'SignRequested',
    );
    assert.equal(requested.hash_scheme, HashScheme.PREHASHED);
  });

  it('refuses empty messages and messages above the limits', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { capId } = await flows.presignCap(user);
    assertAbort(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId, message: new Uint8Array() }),
      'coordinator',
      'EEmptyMessage',
    );
    assertAbort(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId, userSignMessage: new Uint8Array() }),
      'coordinator',
      'EEmptyUserMessage',
    );
    assertAbort(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId, message: new Uint8Array(MAX_MESSAGE_LENGTH + 1) }),
      'coordinator',
      'EMessageTooLong',
    );
    assertAbort(
      await flows.sign(user, {
        dwalletCapId: wallet.capId,
        presignCapId: capId,
        userSignMessage: new Uint8Array(MAX_USER_MESSAGE_LENGTH + 1),
      }),
      'coordinator',
      'EUserMessageTooLong',
    );
    h.ok(
      await flows.sign(user, {
        dwalletCapId: wallet.capId,
        presignCapId: capId,
        message: new Uint8Array(MAX_MESSAGE_LENGTH).fill(1),
        userSignMessage: new Uint8Array(32_000).fill(2),
      }),
      'a message of the largest length',
    );
  });

  it('a cap of a dWallet the network has not activated (or rejected) approves nothing', async () => {
    const user = await h.user();
    const pending = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    const { capId } = await flows.presignCap(user);
    assertAbort(await flows.sign(user, { dwalletCapId: pending.dwallet_cap_id, presignCapId: capId }), 'coordinator', 'EDWalletNotActive');
    await h.submitResults([{ Rejected: { session_id: pending.session_id, reason_code: 1, reason: new Uint8Array(), blamed: [0, 1] } }]);
    assertAbort(await flows.sign(user, { dwalletCapId: pending.dwallet_cap_id, presignCapId: capId }), 'coordinator', 'EDWalletNotActive');
  });

  it('refuses a DWalletCap owned by someone else before executing anything', async () => {
    const owner = await h.user();
    const thief = await h.user();
    const wallet = await flows.activeDWallet(owner);
    const { capId } = await flows.presignCap(thief);
    await assertRejects(flows.sign(thief, { dwalletCapId: wallet.capId, presignCapId: capId }), ChainErrorCodes.TX_OBJECT_NOT_OWNED);
  });

  it('refuses a DWalletCap of another deployment: no such object on this chain', async () => {
    const elsewhere = await LocalHarness.create();
    try {
      const owner = keypair(60);
      await elsewhere.ledger.faucet(owner.toSuiAddress());
      await h.ledger.faucet(owner.toSuiAddress());
      const foreign = await new Flows(elsewhere).activeDWallet(owner);
      const tx = new Transaction();
      h.client.approveMessage(tx, {
        dwalletCap: await elsewhere.ref(foreign.capId),
        hashScheme: HashScheme.SHA256,
        message: new Uint8Array([1]),
      });
      await assertRejects(h.exec(tx, owner), ChainErrorCodes.TX_OBJECT_NOT_FOUND);
    } finally {
      elsewhere.close();
    }
  });

  it('refuses another object in place of a DWalletCap', async () => {
    const user = await h.user();
    const { capId } = await flows.presignCap(user);
    const tx = new Transaction();
    const approval = h.client.approveMessage(tx, {
      dwalletCap: await h.ref(capId),
      hashScheme: HashScheme.SHA256,
      message: new Uint8Array([1]),
    });
    void approval;
    assertArgumentError(await h.exec(tx, user), 'TypeMismatch');
  });

  it('an approval cannot be kept: it has no key to transfer and drops if unused', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const keep = new Transaction();
    const approval = h.client.approveMessage(keep, {
      dwalletCap: await h.ref(wallet.capId),
      hashScheme: HashScheme.SHA256,
      message: new Uint8Array([1]),
    });
    keep.transferObjects([approval], user.toSuiAddress());
    assertArgumentError(await h.exec(keep, user), 'TypeMismatch');
    const drop = new Transaction();
    h.client.approveMessage(drop, { dwalletCap: await h.ref(wallet.capId), hashScheme: HashScheme.SHA256, message: new Uint8Array([1]) });
    h.ok(await h.exec(drop, user), 'an unused approval is dropped');
  });

  it('an approval is used once: a second request_sign with it fails', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const first = await flows.presignCap(user);
    const second = await flows.presignCap(user);
    const tx = new Transaction();
    const approval = h.client.approveMessage(tx, {
      dwalletCap: await h.ref(wallet.capId),
      hashScheme: HashScheme.SHA256,
      message: new Uint8Array([1]),
    });
    for (const presign of [first, second]) {
      h.client.requestSign(tx, {
        approval,
        presignCap: await h.ref(presign.capId),
        sessionPreimage: randomSessionPreimage(),
        userSignMessage: new Uint8Array([1]),
        payment: h.client.payFromGas(tx, 0n),
      });
    }
    assertArgumentError(await h.exec(tx, user), 'ArgumentWithoutValue');
  });

  it('a DWalletCap left unused in the transaction fails it (no drop)', async () => {
    const user = await h.user();
    const tx = new Transaction();
    h.client.requestDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage: new Uint8Array([1]),
      payment: h.client.payFromGas(tx, 0n),
    });
    const result = await h.exec(tx, user);
    assert.equal(result.status.success ? 'success' : result.status.error.kind, 'UnusedValueWithoutDrop');
  });

  it('request_sign needs the coordinator as a mutable input', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { capId } = await flows.presignCap(user);
    const capRef = await h.ref(capId);
    const tx = new Transaction();
    const approval = h.client.approveMessage(tx, {
      dwalletCap: await h.ref(wallet.capId),
      hashScheme: HashScheme.SHA256,
      message: new Uint8Array([1]),
    });
    tx.moveCall({
      target: `${h.packageId}::coordinator::request_sign`,
      arguments: [
        h.client.coordinator(tx, false),
        approval,
        tx.objectRef({ objectId: capId, version: capRef.version.toString(), digest: capRef.digest }),
        tx.pure.vector('u8', Array.from(randomSessionPreimage())),
        tx.pure.vector('u8', [1]),
        h.client.payFromGas(tx, 0n),
        h.client.clock(tx),
      ],
    });
    assertArgumentError(await h.exec(tx, user), 'InvalidObjectByMutRef');
  });

  it('read accessors run in a transaction', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const tx = new Transaction();
    h.client.call(tx, 'is_dwallet_active', { dwallet_id: wallet.dwalletId });
    h.client.call(tx, 'dwallet_output', { dwallet_id: wallet.dwalletId });
    h.client.call(tx, 'session_status', { session_id: wallet.sessionId });
    h.client.call(tx, 'dwallet_cap_dwallet_id', { dwallet_cap: await h.ref(wallet.capId) });
    h.client.call(tx, 'dwallet_state', { dwallet_id: wallet.dwalletId });
    const presign = await flows.presignCap(user);
    h.client.call(tx, 'presign_state', { presign_id: presign.presignId });
    h.client.call(tx, 'available_presigns', {
      network_key_id: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
    });
    h.client.call(tx, 'available_presigns', {
      network_key_id: `0x${'9'.repeat(64)}`,
      curve: Curve.P256,
      algorithm: SignatureAlgorithm.ECDSA,
    });
    h.client.call(tx, 'dwallet_algorithm', { dwallet_id: wallet.dwalletId });
    h.ok(await h.exec(tx, user));
    const absent = `0x${'5'.repeat(64)}`;
    for (const [name, args, abort] of [
      ['session_status', { session_id: new Uint8Array(32) }, 'ESessionNotFound'],
      ['dwallet_state', { dwallet_id: absent }, 'EDWalletNotFound'],
      ['presign_state', { presign_id: absent }, 'EPresignNotFound'],
      ['partial_signature_state', { partial_signature_id: absent }, 'EPartialSignatureNotFound'],
    ] as const) {
      const missing = new Transaction();
      h.client.call(missing, name, args);
      assertAbort(await h.exec(missing, user), 'coordinator', abort);
    }
  });
});

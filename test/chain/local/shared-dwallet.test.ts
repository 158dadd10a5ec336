/**
 * Shared dWallets on the local chain (coordinator.move: `request_shared_dwallet_dkg`,
 * `request_make_dwallet_shared`, `request_sign_shared`, the `DWalletShared` result): the share
 * recorded at creation or by a certified conversion, the conversion's fee slot, its rejection and
 * cancellation leaving the dWallet ACTIVE and zero-trust, the sign with no user message, the read
 * accessors, and every abort these paths add (EDWalletNotShared, EDWalletAlreadyShared,
 * EInvalidPublicUserShare) in the order the Move code checks them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { aggregateSignatures, signersBitmap, signResultBatch } from '../../../chain/certificate.ts';
import {
  ALGORITHM_COUNT,
  Curve,
  DEFAULT_SESSION_TIMEOUT_MS,
  DWalletState,
  FEE_SLOT_MAKE_DWALLET_SHARED,
  feeOf,
  HashScheme,
  PresignState,
  PUBLIC_USER_SHARE_LENGTH,
  REQUEST_KIND_COUNT,
  RequestKind,
  SessionStatus,
  SignatureAlgorithm,
  SignState,
} from '../../../chain/constants.ts';
import { openLocalDatabase } from '../../../chain/local/db/open.ts';
import * as mirror from '../../../chain/local/move/coordinator.ts';
import { ObjectStore } from '../../../chain/local/object-store.ts';
import { TransactionState, TypeRegistry } from '../../../chain/local/transaction-state.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { type CoordinatorValue, DWallet, Presign, Session, Sign } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { assertAbort } from '../support/assertions.ts';
import { Flows, fakeSignature, LocalHarness } from '../support/local-harness.ts';

/** A 32-byte share (its value is the validators' to check; the chain checks the length). */
function share(fill: number): Uint8Array {
  const bytes = new Uint8Array(PUBLIC_USER_SHARE_LENGTH).fill(fill);
  bytes[0] = 0x01;
  return bytes;
}

describe('local chain: shared dWallets', () => {
  let h: LocalHarness;
  let flows: Flows;
  let now = 1_700_000_000_000;
  before(async () => {
    h = await LocalHarness.create({ now: () => now });
    flows = new Flows(h);
  });
  after(() => h.close());

  /** The coordinator's read accessors, run by the mirror over the chain's stored state. */
  function accessors() {
    const database = openLocalDatabase(join(h.dir, 'chain.sqlite'));
    const st = new TransactionState(new ObjectStore(database.db), new TypeRegistry(h.packageId), '11111111111111111111111111111111', '0x0');
    const coordinator = st.load(h.client.deployment.coordinatorId)?.value as CoordinatorValue;
    return {
      isShared: (dwalletId: string) => mirror.is_dwallet_shared(st, coordinator, { dwallet_id: dwalletId }),
      share: (dwalletId: string) => mirror.dwallet_public_user_share(st, coordinator, { dwallet_id: dwalletId }),
      fee: (requestKind: number, algorithm: number) => mirror.fee(st, coordinator, { request_kind: requestKind, algorithm }),
      close: () => database.sqlite.close(),
    };
  }

  async function requestShared(
    user: Ed25519Keypair,
    options: { publicUserShare?: Uint8Array; message?: Uint8Array; curve?: number; fee?: bigint } = {},
  ) {
    const tx = new Transaction();
    const cap = h.client.requestSharedDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: (options.curve ?? Curve.SECP256K1) as Curve,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage: options.message ?? new Uint8Array([1, 2, 3]),
      publicUserShare: options.publicUserShare ?? share(0x11),
      payment: h.client.payFromGas(tx, options.fee ?? 0n),
    });
    tx.transferObjects([cap], user.toSuiAddress());
    return h.exec(tx, user);
  }

  /** An ACTIVE shared dWallet created by DKG. */
  async function activeShared(user: Ed25519Keypair, publicUserShare = share(0x22)) {
    const requested = h.event(h.ok(await requestShared(user, { publicUserShare }), 'shared DKG'), 'DWalletDkgRequested');
    const output = new Uint8Array([0xd1, 2, 3]);
    await h.submitResults([{ DWalletDkg: { session_id: requested.session_id, output } }]);
    return { dwalletId: requested.dwallet_id, capId: requested.dwallet_cap_id, output, share: publicUserShare };
  }

  async function makeShared(
    user: Ed25519Keypair,
    args: { capId: string; publicUserShare?: Uint8Array; fee?: bigint; preimage?: Uint8Array },
  ) {
    const tx = new Transaction();
    h.client.requestMakeDWalletShared(tx, {
      dwalletCap: await h.ref(args.capId),
      publicUserShare: args.publicUserShare ?? share(0x33),
      sessionPreimage: args.preimage ?? randomSessionPreimage(),
      payment: h.client.payFromGas(tx, args.fee ?? 0n),
    });
    return h.exec(tx, user);
  }

  async function signShared(user: Ed25519Keypair, args: { dwalletCapId: string; presignCapId: string; message?: Uint8Array }) {
    const tx = new Transaction();
    const approval = h.client.approveMessage(tx, {
      dwalletCap: await h.ref(args.dwalletCapId),
      hashScheme: HashScheme.KECCAK256,
      message: args.message ?? new TextEncoder().encode('vault transfer'),
    });
    h.client.requestSignShared(tx, {
      approval,
      presignCap: await h.ref(args.presignCapId),
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    return h.exec(tx, user);
  }

  /** Signs a raw (unvalidated) batch with a quorum, for payloads the TS encoder refuses. */
  function certifyBytes(batch: Uint8Array) {
    const signers = [0, 1, 2];
    const signature = aggregateSignatures(
      signers.map((i) => signResultBatch(h.validators[i]?.secretKey as Uint8Array, h.client.deployment.coordinatorId, batch, h.epoch)),
    );
    return { epoch: h.epoch, batch, signature, signersBitmap: signersBitmap(signers, h.validators.length) };
  }

  it('request_shared_dwallet_dkg records the share at once; its DKG result activates a shared dWallet', async () => {
    const user = await h.user();
    const publicUserShare = share(0x44);
    const result = h.ok(await requestShared(user, { publicUserShare }));
    const requested = h.event(result, 'DWalletDkgRequested');
    assert.deepEqual(requested.public_user_share, publicUserShare);
    assert.deepEqual(requested.user_dkg_message, new Uint8Array([1, 2, 3]));
    const pending = await readObject(h.chain, requested.dwallet_id, DWallet);
    assert.equal(pending.value.state, DWalletState.AWAITING_NETWORK);
    assert.deepEqual(pending.value.public_user_share, publicUserShare);
    const session = await readObject(h.chain, h.created(result, 'Session')[0] as string, Session);
    assert.equal(session.value.request_kind, RequestKind.DWALLET_DKG, 'a shared DKG is a DKG request (same kind and fee)');
    let view = accessors();
    assert.equal(view.isShared(requested.dwallet_id), false, 'not shared until ACTIVE');
    assert.equal(view.share(requested.dwallet_id), null);
    view.close();
    await h.submitResults([{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([9]) } }]);
    const active = await readObject(h.chain, requested.dwallet_id, DWallet);
    assert.equal(active.value.state, DWalletState.ACTIVE);
    assert.deepEqual(active.value.public_user_share, publicUserShare);
    view = accessors();
    assert.equal(view.isShared(requested.dwallet_id), true);
    assert.deepEqual(view.share(requested.dwallet_id), publicUserShare);
    assert.equal(view.isShared(`0x${'5'.repeat(64)}`), false, 'an unknown id is not shared');
    assert.equal(view.share(`0x${'5'.repeat(64)}`), null);
    view.close();
    // Other contracts call them in transactions: they run, and never abort.
    const tx = new Transaction();
    for (const dwallet_id of [requested.dwallet_id, `0x${'5'.repeat(64)}`]) {
      h.client.call(tx, 'is_dwallet_shared', { dwallet_id });
      h.client.call(tx, 'dwallet_public_user_share', { dwallet_id });
    }
    h.ok(await h.exec(tx, user));
  });

  it('a zero-trust DKG records no share, in its event and its object', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const result = h.ok(await flows.requestDWallet(user));
    assert.equal(h.event(result, 'DWalletDkgRequested').public_user_share, null);
    assert.equal((await readObject(h.chain, wallet.dwalletId, DWallet)).value.public_user_share, null);
    const view = accessors();
    assert.equal(view.isShared(wallet.dwalletId), false);
    assert.equal(view.share(wallet.dwalletId), null);
    view.close();
  });

  it('request_shared_dwallet_dkg refuses a share that is not 32 bytes, after the key and user-message checks', async () => {
    const user = await h.user();
    for (const length of [0, 31, 33, 64]) {
      assertAbort(await requestShared(user, { publicUserShare: new Uint8Array(length).fill(3) }), 'coordinator', 'EInvalidPublicUserShare');
    }
    assertAbort(
      await requestShared(user, { publicUserShare: new Uint8Array(31), message: new Uint8Array() }),
      'coordinator',
      'EEmptyUserMessage',
    );
    assertAbort(await requestShared(user, { publicUserShare: new Uint8Array(31), curve: 7 }), 'coordinator', 'EUnsupportedCurve');
  });

  it('the conversion has its own fee slot (6): set_fee and fee by request kind 8 and algorithm, the network kinds have none', async () => {
    const before = await readCoordinator(h.chain);
    assert.equal(before.fees.length, REQUEST_KIND_COUNT * ALGORITHM_COUNT);
    await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 4_321n);
    const fees = (await readCoordinator(h.chain)).fees;
    const index = FEE_SLOT_MAKE_DWALLET_SHARED * ALGORITHM_COUNT + SignatureAlgorithm.ECDSA;
    assert.equal(fees[index], 4_321n);
    assert.equal(feeOf(fees, RequestKind.MAKE_DWALLET_SHARED, SignatureAlgorithm.ECDSA), 4_321n);
    assert.equal(feeOf(fees, RequestKind.MAKE_DWALLET_SHARED, SignatureAlgorithm.EDDSA), 0n, 'the fee is per algorithm');
    assert.deepEqual(
      fees.filter((_, i) => i !== index),
      before.fees.filter((_, i) => i !== index),
      'no other entry moved',
    );
    const view = accessors();
    assert.equal(view.fee(RequestKind.MAKE_DWALLET_SHARED, SignatureAlgorithm.ECDSA), 4_321n);
    view.close();
    for (const kind of [RequestKind.NETWORK_KEY_DKG, RequestKind.RECONFIGURATION, 12]) {
      const tx = new Transaction();
      h.client.setFee(tx, {
        adminCap: await h.adminCap(),
        requestKind: kind as RequestKind,
        algorithm: SignatureAlgorithm.ECDSA,
        amount: 1n,
      });
      assertAbort(await h.exec(tx, h.admin), 'coordinator', 'EInvalidRequestKind');
      const read = new Transaction();
      h.client.call(read, 'fee', { request_kind: kind, algorithm: SignatureAlgorithm.ECDSA });
      assertAbort(await h.exec(read, h.admin), 'coordinator', 'EInvalidRequestKind');
    }
    await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 0n);
  });

  it('request_make_dwallet_shared: the request event, its fee, and the certified share making the dWallet shared', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 5_000n);
    assertAbort(await makeShared(user, { capId: wallet.capId, fee: 4_999n }), 'coordinator', 'EInsufficientFee');
    const publicUserShare = share(0x55);
    const result = h.ok(await makeShared(user, { capId: wallet.capId, publicUserShare, fee: 5_000n }));
    await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 0n);
    const requested = h.event(result, 'MakeDWalletSharedRequested');
    assert.equal(requested.dwallet_id, wallet.dwalletId);
    assert.equal(requested.network_key_id, h.networkKeyId);
    assert.equal(requested.curve, Curve.SECP256K1);
    assert.deepEqual(requested.dwallet_output, wallet.output);
    assert.deepEqual(requested.public_user_share, publicUserShare);
    assert.equal(requested.fee, 5_000n);
    assert.equal(requested.requester, user.toSuiAddress());
    assert.deepEqual(h.created(result, 'DWallet'), [], 'no new dWallet');
    const session = await readObject(h.chain, h.created(result, 'Session')[0] as string, Session);
    assert.equal(session.value.request_kind, RequestKind.MAKE_DWALLET_SHARED);
    assert.equal(session.value.target_id, wallet.dwalletId);
    assert.equal((await readObject(h.chain, wallet.dwalletId, DWallet)).value.public_user_share, null, 'zero-trust until certified');

    const landed = await h.submitResults([{ DWalletShared: { session_id: requested.session_id, public_user_share: publicUserShare } }]);
    const made = h.event(landed, 'DWalletMadeShared');
    assert.deepEqual(made.session_id, requested.session_id);
    assert.equal(made.dwallet_id, wallet.dwalletId);
    assert.deepEqual(made.public_user_share, publicUserShare);
    assert.equal(made.fee, 5_000n);
    assert.equal(h.event(landed, 'ResultBatchProcessed').fees_paid, 5_000n, 'the relayer is paid the escrowed fee');
    const dwallet = await readObject(h.chain, wallet.dwalletId, DWallet);
    assert.equal(dwallet.value.state, DWalletState.ACTIVE);
    assert.deepEqual(dwallet.value.public_user_share, publicUserShare);
    assert.equal((await readObject(h.chain, session.ref.objectId, Session)).value.status, SessionStatus.COMPLETED);
    const view = accessors();
    assert.equal(view.isShared(wallet.dwalletId), true);
    assert.deepEqual(view.share(wallet.dwalletId), publicUserShare);
    view.close();
    assertAbort(await makeShared(user, { capId: wallet.capId }), 'coordinator', 'EDWalletAlreadyShared');
  });

  it('a rejected conversion leaves the dWallet ACTIVE and zero-trust; it still signs with its user and may try again', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const requested = h.event(h.ok(await makeShared(user, { capId: wallet.capId })), 'MakeDWalletSharedRequested');
    const landed = await h.submitResults([
      { Rejected: { session_id: requested.session_id, reason_code: 14, reason: new TextEncoder().encode('x_A·G ≠ X_A'), blamed: [] } },
    ]);
    const rejected = h.event(landed, 'SessionRejected');
    assert.equal(rejected.request_kind, RequestKind.MAKE_DWALLET_SHARED);
    assert.equal(rejected.target_id, wallet.dwalletId);
    const dwallet = await readObject(h.chain, wallet.dwalletId, DWallet);
    assert.equal(dwallet.value.state, DWalletState.ACTIVE);
    assert.equal(dwallet.value.public_user_share, null);
    const presign = await flows.presignCap(user);
    assertAbort(await signShared(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId }), 'coordinator', 'EDWalletNotShared');
    h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId }), 'a zero-trust sign with the user');
    h.ok(await makeShared(user, { capId: wallet.capId }), 'a second conversion');
  });

  it('a cancelled conversion refunds the fee and leaves the dWallet ACTIVE and zero-trust; a late share is skipped', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 700n);
    const requested = h.event(h.ok(await makeShared(user, { capId: wallet.capId, fee: 700n })), 'MakeDWalletSharedRequested');
    await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 0n);
    now += Number(DEFAULT_SESSION_TIMEOUT_MS);
    const tx = new Transaction();
    h.client.cancelSession(tx, { sessionId: requested.session_id });
    const cancelled = h.event(h.ok(await h.exec(tx, user)), 'SessionCancelled');
    assert.equal(cancelled.request_kind, RequestKind.MAKE_DWALLET_SHARED);
    assert.equal(cancelled.refund, 700n);
    const late = await h.submitResults([
      { DWalletShared: { session_id: requested.session_id, public_user_share: requested.public_user_share } },
    ]);
    assert.deepEqual(h.events(late, 'DWalletMadeShared'), []);
    const dwallet = await readObject(h.chain, wallet.dwalletId, DWallet);
    assert.equal(dwallet.value.state, DWalletState.ACTIVE);
    assert.equal(dwallet.value.public_user_share, null);
  });

  it('request_make_dwallet_shared refuses a shared, pending or foreign dWallet and a share that is not 32 bytes, in order', async () => {
    const user = await h.user();
    const shared = await activeShared(user);
    assertAbort(await makeShared(user, { capId: shared.capId }), 'coordinator', 'EDWalletAlreadyShared');
    assertAbort(
      await makeShared(user, { capId: shared.capId, publicUserShare: new Uint8Array(5) }),
      'coordinator',
      'EDWalletAlreadyShared',
    );
    const wallet = await flows.activeDWallet(user);
    for (const length of [0, 31, 33]) {
      assertAbort(
        await makeShared(user, { capId: wallet.capId, publicUserShare: new Uint8Array(length).fill(1) }),
        'coordinator',
        'EInvalidPublicUserShare',
      );
    }
    const pending = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    assertAbort(
      await makeShared(user, { capId: pending.dwallet_cap_id, publicUserShare: new Uint8Array(5) }),
      'coordinator',
      'EDWalletNotActive',
    );
    assertAbort(await makeShared(user, { capId: wallet.capId, preimage: new Uint8Array(3) }), 'coordinator', 'EInvalidSessionPreimage');
  });

  it('an imported-key dWallet can be converted too', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user, { imported: true });
    const publicUserShare = share(0x66);
    const requested = h.event(h.ok(await makeShared(user, { capId: wallet.capId, publicUserShare })), 'MakeDWalletSharedRequested');
    await h.submitResults([{ DWalletShared: { session_id: requested.session_id, public_user_share: publicUserShare } }]);
    assert.deepEqual((await readObject(h.chain, wallet.dwalletId, DWallet)).value.public_user_share, publicUserShare);
  });

  it('request_sign_shared: a whole signature of an approved message with no user message', async () => {
    const user = await h.user();
    const wallet = await activeShared(user);
    const { capId, presignId } = await flows.presignCap(user);
    const message = new TextEncoder().encode('pay 1 ETH to the allowlisted address');
    const result = h.ok(await signShared(user, { dwalletCapId: wallet.capId, presignCapId: capId, message }));
    const requested = h.event(result, 'SignRequested');
    assert.equal(requested.dwallet_id, wallet.dwalletId);
    assert.deepEqual(requested.message, message);
    assert.equal(requested.hash_scheme, HashScheme.KECCAK256);
    assert.deepEqual(requested.user_sign_message, new Uint8Array(), 'no user message');
    assert.deepEqual(requested.public_user_share, wallet.share);
    assert.equal(requested.partial_signature_id, null);
    assert.equal(requested.presign_id, presignId);
    assert.deepEqual(requested.dwallet_output, wallet.output);
    const session = await readObject(h.chain, h.created(result, 'Session')[0] as string, Session);
    assert.equal(session.value.request_kind, RequestKind.SIGN, 'a shared sign is a sign request (same kind and fee)');
    assert.equal((await readObject(h.chain, presignId, Presign)).value.state, PresignState.CONSUMED);
    assert.deepEqual(h.created(result, 'PresignCap'), []);
    const signature = fakeSignature(3, 1);
    const completed = h.event(await h.submitResults([{ Signature: { session_id: requested.session_id, signature } }]), 'SignCompleted');
    assert.equal(completed.sign_id, requested.sign_id);
    const sign = await readObject(h.chain, requested.sign_id, Sign);
    assert.equal(sign.value.state, SignState.COMPLETED);
    assert.deepEqual(sign.value.signature, signature);
  });

  it('request_sign on a shared dWallet still takes the user message, and names no share', async () => {
    const user = await h.user();
    const wallet = await activeShared(user);
    const presign = await flows.presignCap(user);
    const requested = h.event(
      h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId, userSignMessage: new Uint8Array([4]) })),
      'SignRequested',
    );
    assert.equal(requested.public_user_share, null);
    assert.deepEqual(requested.user_sign_message, new Uint8Array([4]));
    const other = await flows.presignCap(user);
    assertAbort(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: other.capId, userSignMessage: new Uint8Array() }),
      'coordinator',
      'EEmptyUserMessage',
    );
  });

  it('a zero-trust dWallet is never signed without its user: request_sign_shared aborts EDWalletNotShared before the presign checks', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const { capId, presignId } = await flows.presignCap(user);
    assertAbort(await signShared(user, { dwalletCapId: wallet.capId, presignCapId: capId }), 'coordinator', 'EDWalletNotShared');
    assert.equal((await readObject(h.chain, presignId, Presign)).value.state, PresignState.COMPLETED, 'the presign is untouched');
    assertAbort(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: capId, userSignMessage: new Uint8Array() }),
      'coordinator',
      'EEmptyUserMessage',
    );
    // A presign of the other curve: the share check still comes first.
    const p256 = await flows.presignCap(user, Curve.P256);
    assertAbort(await signShared(user, { dwalletCapId: wallet.capId, presignCapId: p256.capId }), 'coordinator', 'EDWalletNotShared');
    const shared = await activeShared(user);
    assertAbort(await signShared(user, { dwalletCapId: shared.capId, presignCapId: p256.capId }), 'coordinator', 'EPresignMismatch');
    h.ok(await signShared(user, { dwalletCapId: shared.capId, presignCapId: capId }));
    assert.equal((await readObject(h.chain, presignId, Presign)).value.state, PresignState.CONSUMED);
  });

  it('the DWalletShared result: only for a conversion, exactly 32 bytes', async () => {
    const user = await h.user();
    const dkg = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    assertAbort(
      await h.submit(await h.certify([{ DWalletShared: { session_id: dkg.session_id, public_user_share: share(1) } }])),
      'coordinator',
      'EResultKindMismatch',
    );
    const wallet = await flows.activeDWallet(user);
    const requested = h.event(h.ok(await makeShared(user, { capId: wallet.capId })), 'MakeDWalletSharedRequested');
    assertAbort(
      await h.submit(await h.certify([{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }])),
      'coordinator',
      'EResultKindMismatch',
    );
    const sequence = (await readCoordinator(h.chain)).next_result_sequence;
    const head = new Uint8Array(8);
    new DataView(head.buffer).setBigUint64(0, sequence, true);
    for (const length of [0, 31, 33]) {
      const bytes = new Uint8Array([...head, 1, 8, 32, ...requested.session_id, length, ...new Uint8Array(length).fill(2)]);
      assertAbort(await h.submit(certifyBytes(bytes)), 'coordinator', 'EInvalidPublicUserShare');
    }
    const good = new Uint8Array([...head, 1, 8, 32, ...requested.session_id, 32, ...share(0x77)]);
    h.event(h.ok(await h.submit(certifyBytes(good))), 'DWalletMadeShared');
  });
});

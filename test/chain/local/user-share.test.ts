/**
 * The user's share on the local chain (coordinator.move: `request_register_encryption_key`,
 * `request_share_backup`, `request_share_transfer`, `accept_share_transfer`,
 * `withdraw_share_transfer`, the `EncryptionKeyVerified`, `ShareBackupVerified` and
 * `ShareTransferVerified` results): each request's event, object and session, its fee slot, the
 * certified result, rejection and cancellation (a transfer's escrowed cap back to its sender), the
 * accessors, and every abort these paths add (63–72), in the order the Move code checks them. The
 * key and share bytes are opaque to the chain (the validators verify them), so any bytes do here.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { TransactionResult } from '../../../chain/chain.ts';
import {
  ALGORITHM_COUNT,
  Curve,
  DEFAULT_SESSION_TIMEOUT_MS,
  defaultAlgorithm,
  EncryptedShareState,
  EncryptionKeyState,
  FEE_SLOT_REGISTER_ENCRYPTION_KEY,
  FEE_SLOT_SHARE_BACKUP,
  FEE_SLOT_SHARE_TRANSFER,
  feeOf,
  MAX_ENCRYPTION_KEY_LENGTH,
  MAX_USER_MESSAGE_LENGTH,
  NO_ENCRYPTION_KEY,
  RequestKind,
  SessionStatus,
  SignatureAlgorithm,
} from '../../../chain/constants.ts';
import { openLocalDatabase } from '../../../chain/local/db/open.ts';
import * as mirror from '../../../chain/local/move/coordinator.ts';
import { ObjectStore } from '../../../chain/local/object-store.ts';
import { TransactionState, TypeRegistry } from '../../../chain/local/transaction-state.ts';
import { readCoordinator, readObject, readTableEntry, readUserEncryptionKey } from '../../../chain/object-reader.ts';
import {
  type CoordinatorValue,
  DWalletCap,
  EncryptedUserShare,
  encryptedShareIdFieldOf,
  Session,
  UserEncryptionKey,
} from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { assertAbort } from '../support/assertions.ts';
import { Flows, LocalHarness } from '../support/local-harness.ts';

/** Stand-ins for a CL public key, its proof, and an encrypted share (the chain checks lengths only). */
const key = (fill: number, length = 300) => new Uint8Array(length).fill(fill);
const proof = (fill: number, length = 500) => new Uint8Array(length).fill(fill);
const encrypted = (fill: number, length = 2_000) => new Uint8Array(length).fill(fill);

describe('local chain: the user share (encryption keys, backups, transfers)', () => {
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
      keyState: (owner: string, curve: number) => mirror.encryption_key_state(st, coordinator, { owner, curve }),
      key: (owner: string, curve: number) => mirror.user_encryption_key(st, coordinator, { owner, curve }),
      shareState: (id: string) => mirror.encrypted_share_state(st, coordinator, { encrypted_share_id: id }),
      fee: (requestKind: number, algorithm: number) => mirror.fee(st, coordinator, { request_kind: requestKind, algorithm }),
      close: () => database.sqlite.close(),
    };
  }

  async function register(
    user: Ed25519Keypair,
    options: { curve?: number; encryptionKey?: Uint8Array; proof?: Uint8Array; fee?: bigint; preimage?: Uint8Array } = {},
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    h.client.requestRegisterEncryptionKey(tx, {
      curve: (options.curve ?? Curve.SECP256K1) as Curve,
      encryptionKey: options.encryptionKey ?? key(0x41),
      proof: options.proof ?? proof(0x51),
      sessionPreimage: options.preimage ?? randomSessionPreimage(),
      payment: h.client.payFromGas(tx, options.fee ?? 0n),
    });
    return h.exec(tx, user);
  }

  /** An ACTIVE encryption key of `user` for `curve`. */
  async function activeKey(user: Ed25519Keypair, curve: number = Curve.SECP256K1, encryptionKey = key(0x42)) {
    const requested = h.event(h.ok(await register(user, { curve, encryptionKey }), 'registration'), 'EncryptionKeyRegistrationRequested');
    await h.submitResults([{ EncryptionKeyVerified: { session_id: requested.session_id } }]);
    return { keyId: requested.encryption_key_id, encryptionKey };
  }

  async function backup(
    user: Ed25519Keypair,
    args: { capId: string; encryptedShare?: Uint8Array; fee?: bigint; preimage?: Uint8Array },
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    h.client.requestShareBackup(tx, {
      dwalletCap: await h.ref(args.capId),
      encryptedShare: args.encryptedShare ?? encrypted(0x61),
      sessionPreimage: args.preimage ?? randomSessionPreimage(),
      payment: h.client.payFromGas(tx, args.fee ?? 0n),
    });
    return h.exec(tx, user);
  }

  async function transfer(
    user: Ed25519Keypair,
    args: { capId: string; recipient: string; encryptedShare?: Uint8Array; fee?: bigint },
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    h.client.requestShareTransfer(tx, {
      dwalletCap: await h.ref(args.capId),
      recipient: args.recipient,
      encryptedShare: args.encryptedShare ?? encrypted(0x71),
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, args.fee ?? 0n),
    });
    return h.exec(tx, user);
  }

  /** `accept_share_transfer` or `withdraw_share_transfer`, the returned cap kept by the signer. */
  async function takeCap(user: Ed25519Keypair, action: 'accept' | 'withdraw', encryptedShareId: string): Promise<TransactionResult> {
    const tx = new Transaction();
    const cap =
      action === 'accept'
        ? h.client.acceptShareTransfer(tx, { encryptedShareId })
        : h.client.withdrawShareTransfer(tx, { encryptedShareId });
    tx.transferObjects([cap], user.toSuiAddress());
    return h.exec(tx, user);
  }

  async function capOwner(capId: string): Promise<string | null> {
    const object = await h.chain.getObject(capId);
    return object?.owner.kind === 'address' ? object.owner.address : null;
  }

  /** A VERIFIED transfer of a fresh dWallet of `sender` to `recipient` (both with ACTIVE keys). */
  async function verifiedTransfer(sender: Ed25519Keypair, recipient: Ed25519Keypair) {
    const wallet = await flows.activeDWallet(sender);
    const requested = h.event(
      h.ok(await transfer(sender, { capId: wallet.capId, recipient: recipient.toSuiAddress() }), 'transfer'),
      'ShareTransferRequested',
    );
    await h.submitResults([{ ShareTransferVerified: { session_id: requested.session_id } }]);
    return { ...wallet, shareId: requested.encrypted_share_id, sessionId: requested.session_id };
  }

  function rejection(sessionId: Uint8Array) {
    return { Rejected: { session_id: sessionId, reason_code: 15, reason: new TextEncoder().encode('invalid proof'), blamed: [] } };
  }

  it('request_register_encryption_key: its event, object and session; the certified result makes the key ACTIVE', async () => {
    const user = await h.user();
    const owner = user.toSuiAddress();
    let view = accessors();
    assert.equal(view.keyState(owner, Curve.SECP256K1), NO_ENCRYPTION_KEY);
    assert.equal(view.key(owner, Curve.SECP256K1), null);
    view.close();
    assert.equal(await readUserEncryptionKey(h.chain, owner, Curve.SECP256K1), null);

    const encryptionKey = key(0x11, 777);
    const result = h.ok(await register(user, { encryptionKey, proof: proof(0x12, 900) }));
    const requested = h.event(result, 'EncryptionKeyRegistrationRequested');
    assert.equal(requested.requester, owner);
    assert.equal(requested.owner, owner);
    assert.equal(requested.curve, Curve.SECP256K1);
    assert.deepEqual(requested.encryption_key, encryptionKey);
    assert.deepEqual(requested.proof, proof(0x12, 900));
    assert.equal(requested.fee, 0n);
    assert.deepEqual(h.created(result, 'UserEncryptionKey'), [requested.encryption_key_id]);
    const session = await readObject(h.chain, h.created(result, 'Session')[0] as string, Session);
    assert.equal(session.value.request_kind, RequestKind.REGISTER_ENCRYPTION_KEY);
    assert.equal(session.value.target_id, requested.encryption_key_id);
    const pending = await readObject(h.chain, requested.encryption_key_id, UserEncryptionKey);
    assert.deepEqual(pending.value, {
      id: requested.encryption_key_id,
      owner,
      curve: Curve.SECP256K1,
      encryption_key: encryptionKey,
      session_id: requested.session_id,
      state: EncryptionKeyState.AWAITING_NETWORK,
    });
    view = accessors();
    assert.equal(view.keyState(owner, Curve.SECP256K1), EncryptionKeyState.AWAITING_NETWORK);
    assert.equal(view.key(owner, Curve.SECP256K1), null, 'not usable until ACTIVE');
    view.close();

    const landed = await h.submitResults([{ EncryptionKeyVerified: { session_id: requested.session_id } }]);
    const registered = h.event(landed, 'EncryptionKeyRegistered');
    assert.deepEqual(registered, {
      session_id: requested.session_id,
      result_sequence: registered.result_sequence,
      encryption_key_id: requested.encryption_key_id,
      owner,
      curve: Curve.SECP256K1,
      encryption_key: encryptionKey,
      fee: 0n,
    });
    assert.equal((await readObject(h.chain, session.ref.objectId, Session)).value.status, SessionStatus.COMPLETED);
    const read = await readUserEncryptionKey(h.chain, owner, Curve.SECP256K1);
    assert.equal(read?.id, requested.encryption_key_id);
    assert.equal(read?.value.state, EncryptionKeyState.ACTIVE);
    view = accessors();
    assert.equal(view.keyState(owner, Curve.SECP256K1), EncryptionKeyState.ACTIVE);
    assert.deepEqual(view.key(owner, Curve.SECP256K1), encryptionKey);
    assert.equal(view.keyState(owner, Curve.P256), NO_ENCRYPTION_KEY, 'one key per curve');
    view.close();
    // Other contracts call the accessors in transactions: they run, and the two keyed by owner never abort.
    const tx = new Transaction();
    for (const curve of [Curve.SECP256K1, Curve.ED25519]) {
      h.client.encryptionKeyState(tx, { owner, curve });
      h.client.userEncryptionKey(tx, { owner, curve });
    }
    h.ok(await h.exec(tx, user));
  });

  it('registration checks the curve, the key, the proof, then the slot, then the session, in that order', async () => {
    const user = await h.user();
    assertAbort(await register(user, { curve: 3, encryptionKey: new Uint8Array() }), 'coordinator', 'EUnsupportedCurve');
    for (const encryptionKey of [new Uint8Array(), key(1, MAX_ENCRYPTION_KEY_LENGTH + 1)]) {
      assertAbort(await register(user, { encryptionKey, proof: new Uint8Array() }), 'coordinator', 'EInvalidEncryptionKey');
    }
    h.ok(await register(user, { curve: Curve.P256, encryptionKey: key(1, MAX_ENCRYPTION_KEY_LENGTH) }), 'the longest key');
    assertAbort(await register(user, { proof: new Uint8Array() }), 'coordinator', 'EEmptyUserMessage');
    assertAbort(await register(user, { proof: proof(1, MAX_USER_MESSAGE_LENGTH + 1) }), 'coordinator', 'EUserMessageTooLong');
    // P-256's key awaits the network: the slot is taken, before any session check.
    assertAbort(await register(user, { curve: Curve.P256, preimage: new Uint8Array(3) }), 'coordinator', 'EEncryptionKeyAlreadyRegistered');
    assertAbort(await register(user, { preimage: new Uint8Array(3) }), 'coordinator', 'EInvalidSessionPreimage');
    const preimage = randomSessionPreimage();
    h.ok(await register(user, { curve: Curve.ED25519, preimage }));
    const other = await h.user();
    h.ok(await register(other, { preimage }), 'the same preimage from another sender is another session');
    assertAbort(await register(user, { preimage }), 'coordinator', 'ESessionIdReused');
    await activeKey(user);
    assertAbort(await register(user), 'coordinator', 'EEncryptionKeyAlreadyRegistered');
  });

  it('a rejected registration is REJECTED and replaced in place by the next; a cancelled one refunds the fee', async () => {
    const user = await h.user();
    const owner = user.toSuiAddress();
    const first = h.event(h.ok(await register(user, { encryptionKey: key(0x21) })), 'EncryptionKeyRegistrationRequested');
    const rejected = h.event(await h.submitResults([rejection(first.session_id)]), 'SessionRejected');
    assert.equal(rejected.request_kind, RequestKind.REGISTER_ENCRYPTION_KEY);
    assert.equal(rejected.target_id, first.encryption_key_id);
    let view = accessors();
    assert.equal(view.keyState(owner, Curve.SECP256K1), EncryptionKeyState.REJECTED);
    assert.equal(view.key(owner, Curve.SECP256K1), null);
    view.close();

    const secondResult = h.ok(await register(user, { encryptionKey: key(0x22) }), 'registration again');
    const second = h.event(secondResult, 'EncryptionKeyRegistrationRequested');
    assert.equal(second.encryption_key_id, first.encryption_key_id, 'the same object');
    assert.deepEqual(h.created(secondResult, 'UserEncryptionKey'), []);
    const replaced = await readObject(h.chain, first.encryption_key_id, UserEncryptionKey);
    assert.deepEqual(replaced.value.encryption_key, key(0x22));
    assert.deepEqual(replaced.value.session_id, second.session_id);
    assert.equal(replaced.value.state, EncryptionKeyState.AWAITING_NETWORK);
    // The rejected session's late result is refused; the new one activates the new key.
    assertAbort(
      await h.submit(await h.certify([{ EncryptionKeyVerified: { session_id: first.session_id } }])),
      'coordinator',
      'ESessionNotPending',
    );
    await h.submitResults([{ EncryptionKeyVerified: { session_id: second.session_id } }]);
    view = accessors();
    assert.deepEqual(view.key(owner, Curve.SECP256K1), key(0x22));
    view.close();

    await h.setFee(RequestKind.REGISTER_ENCRYPTION_KEY, 900n, SignatureAlgorithm.EDDSA);
    const pending = h.event(h.ok(await register(user, { curve: Curve.ED25519, fee: 900n })), 'EncryptionKeyRegistrationRequested');
    await h.setFee(RequestKind.REGISTER_ENCRYPTION_KEY, 0n, SignatureAlgorithm.EDDSA);
    now += Number(DEFAULT_SESSION_TIMEOUT_MS);
    const tx = new Transaction();
    h.client.cancelSession(tx, { sessionId: pending.session_id });
    const cancelled = h.event(h.ok(await h.exec(tx, user)), 'SessionCancelled');
    assert.equal(cancelled.request_kind, RequestKind.REGISTER_ENCRYPTION_KEY);
    assert.equal(cancelled.refund, 900n);
    view = accessors();
    assert.equal(view.keyState(owner, Curve.ED25519), EncryptionKeyState.REJECTED);
    view.close();
  });

  it('fee slots 7, 8, 9: set_fee and fee by kinds 9–11; registration pays at the curve default algorithm', async () => {
    const before = (await readCoordinator(h.chain)).fees;
    const slots: Array<[number, number]> = [
      [RequestKind.REGISTER_ENCRYPTION_KEY, FEE_SLOT_REGISTER_ENCRYPTION_KEY],
      [RequestKind.SHARE_BACKUP, FEE_SLOT_SHARE_BACKUP],
      [RequestKind.SHARE_TRANSFER, FEE_SLOT_SHARE_TRANSFER],
    ];
    for (const [kind, slot] of slots) await h.setFee(kind as RequestKind, BigInt(100 + slot), SignatureAlgorithm.TAPROOT);
    const fees = (await readCoordinator(h.chain)).fees;
    const view = accessors();
    for (const [kind, slot] of slots) {
      assert.equal(fees[slot * ALGORITHM_COUNT + SignatureAlgorithm.TAPROOT], BigInt(100 + slot));
      assert.equal(feeOf(fees, kind, SignatureAlgorithm.TAPROOT), BigInt(100 + slot));
      assert.equal(view.fee(kind, SignatureAlgorithm.TAPROOT), BigInt(100 + slot));
      assert.equal(feeOf(fees, kind, SignatureAlgorithm.ECDSA), 0n, 'the fee is per algorithm');
    }
    view.close();
    const changed = new Set(slots.map(([, slot]) => slot * ALGORITHM_COUNT + SignatureAlgorithm.TAPROOT));
    assert.deepEqual(
      fees.filter((_, i) => !changed.has(i)),
      before.filter((_, i) => !changed.has(i)),
    );
    for (const [kind] of slots) await h.setFee(kind as RequestKind, 0n, SignatureAlgorithm.TAPROOT);

    assert.equal(defaultAlgorithm(Curve.SECP256K1), SignatureAlgorithm.ECDSA);
    assert.equal(defaultAlgorithm(Curve.P256), SignatureAlgorithm.ECDSA);
    assert.equal(defaultAlgorithm(Curve.ED25519), SignatureAlgorithm.EDDSA);
    await h.setFee(RequestKind.REGISTER_ENCRYPTION_KEY, 300n, SignatureAlgorithm.EDDSA);
    await h.setFee(RequestKind.REGISTER_ENCRYPTION_KEY, 200n, SignatureAlgorithm.ECDSA);
    const user = await h.user();
    assertAbort(await register(user, { curve: Curve.ED25519, fee: 299n }), 'coordinator', 'EInsufficientFee');
    assert.equal(h.event(h.ok(await register(user, { curve: Curve.ED25519, fee: 300n })), 'EncryptionKeyRegistrationRequested').fee, 300n);
    assertAbort(await register(user, { curve: Curve.P256, fee: 199n }), 'coordinator', 'EInsufficientFee');
    const paid = h.event(h.ok(await register(user, { curve: Curve.P256, fee: 250n })), 'EncryptionKeyRegistrationRequested');
    assert.equal(paid.fee, 250n, 'overpayment is a tip');
    const landed = await h.submitResults([{ EncryptionKeyVerified: { session_id: paid.session_id } }]);
    assert.equal(h.event(landed, 'EncryptionKeyRegistered').fee, 250n);
    assert.equal(h.event(landed, 'ResultBatchProcessed').fees_paid, 250n, 'the relayer is paid the escrowed fee');
    await h.setFee(RequestKind.REGISTER_ENCRYPTION_KEY, 0n, SignatureAlgorithm.EDDSA);
    await h.setFee(RequestKind.REGISTER_ENCRYPTION_KEY, 0n, SignatureAlgorithm.ECDSA);
  });

  it('request_share_backup: its event, object and session at the dWallet algorithm fee; the certified result makes it VERIFIED', async () => {
    const user = await h.user();
    const owner = user.toSuiAddress();
    const { keyId, encryptionKey } = await activeKey(user);
    const wallet = await flows.activeDWallet(user);
    await h.setFee(RequestKind.SHARE_BACKUP, 4_000n);
    assertAbort(await backup(user, { capId: wallet.capId, fee: 3_999n }), 'coordinator', 'EInsufficientFee');
    const result = h.ok(await backup(user, { capId: wallet.capId, encryptedShare: encrypted(0x62, 5_000), fee: 4_000n }));
    await h.setFee(RequestKind.SHARE_BACKUP, 0n);
    const requested = h.event(result, 'ShareBackupRequested');
    assert.deepEqual(requested, {
      session_id: requested.session_id,
      session_sequence: requested.session_sequence,
      epoch: h.epoch,
      requester: owner,
      encrypted_share_id: requested.encrypted_share_id,
      dwallet_id: wallet.dwalletId,
      network_key_id: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      dwallet_output: wallet.output,
      owner,
      encryption_key: encryptionKey,
      encrypted_share: encrypted(0x62, 5_000),
      fee: 4_000n,
    });
    assert.deepEqual(h.created(result, 'EncryptedUserShare'), [requested.encrypted_share_id]);
    const session = await readObject(h.chain, h.created(result, 'Session')[0] as string, Session);
    assert.equal(session.value.request_kind, RequestKind.SHARE_BACKUP);
    assert.equal(session.value.target_id, requested.encrypted_share_id);
    const share = await readObject(h.chain, requested.encrypted_share_id, EncryptedUserShare);
    assert.deepEqual(share.value, {
      id: requested.encrypted_share_id,
      dwallet_id: wallet.dwalletId,
      owner,
      sender: owner,
      encryption_key_id: keyId,
      encrypted_share: encrypted(0x62, 5_000),
      session_id: requested.session_id,
      transfer: false,
      state: EncryptedShareState.AWAITING_NETWORK,
      escrowed_cap: null,
      previous_share_id: null,
    });
    assert.equal(await capOwner(wallet.capId), normalizeSuiAddress(owner), 'a backup leaves the cap with its holder');

    const landed = await h.submitResults([{ ShareBackupVerified: { session_id: requested.session_id } }]);
    const verified = h.event(landed, 'ShareBackupVerified');
    assert.deepEqual(verified, {
      session_id: requested.session_id,
      result_sequence: verified.result_sequence,
      encrypted_share_id: requested.encrypted_share_id,
      dwallet_id: wallet.dwalletId,
      owner,
      fee: 4_000n,
    });
    const view = accessors();
    assert.equal(view.shareState(requested.encrypted_share_id), EncryptedShareState.VERIFIED);
    view.close();
    // A dWallet may have several backups (a new key after a lost seed, say): the coordinator's
    // index names the newest of (dWallet, owner), which links the one before.
    const slot = { dwallet_id: wallet.dwalletId, owner };
    const newest = async () =>
      readTableEntry(h.chain, (await readCoordinator(h.chain)).encrypted_share_ids.id, encryptedShareIdFieldOf(h.packageId), slot);
    assert.equal(await newest(), requested.encrypted_share_id);
    const second = h.event(h.ok(await backup(user, { capId: wallet.capId }), 'a second backup'), 'ShareBackupRequested');
    assert.equal(await newest(), second.encrypted_share_id);
    const linked = await readObject(h.chain, second.encrypted_share_id, EncryptedUserShare);
    assert.equal(linked.value.previous_share_id, requested.encrypted_share_id);
    assert.equal(
      await readTableEntry(h.chain, (await readCoordinator(h.chain)).encrypted_share_ids.id, encryptedShareIdFieldOf(h.packageId), {
        dwallet_id: wallet.dwalletId,
        owner: normalizeSuiAddress('0x1'),
      }),
      null,
      'another owner has no entry',
    );
  });

  it('a rejected backup is REJECTED; a cancelled one refunds; a late verdict for it is skipped', async () => {
    const user = await h.user();
    await activeKey(user);
    const wallet = await flows.activeDWallet(user);
    const first = h.event(h.ok(await backup(user, { capId: wallet.capId })), 'ShareBackupRequested');
    const rejected = h.event(await h.submitResults([rejection(first.session_id)]), 'SessionRejected');
    assert.equal(rejected.request_kind, RequestKind.SHARE_BACKUP);
    assert.equal(rejected.target_id, first.encrypted_share_id);
    let view = accessors();
    assert.equal(view.shareState(first.encrypted_share_id), EncryptedShareState.REJECTED);
    view.close();

    await h.setFee(RequestKind.SHARE_BACKUP, 600n);
    const second = h.event(h.ok(await backup(user, { capId: wallet.capId, fee: 600n })), 'ShareBackupRequested');
    await h.setFee(RequestKind.SHARE_BACKUP, 0n);
    const early = new Transaction();
    h.client.cancelSession(early, { sessionId: second.session_id });
    assertAbort(await h.exec(early, user), 'coordinator', 'ESessionTimeoutNotReached');
    now += Number(DEFAULT_SESSION_TIMEOUT_MS);
    const tx = new Transaction();
    h.client.cancelSession(tx, { sessionId: second.session_id });
    assert.equal(h.event(h.ok(await h.exec(tx, user)), 'SessionCancelled').refund, 600n);
    const late = await h.submitResults([{ ShareBackupVerified: { session_id: second.session_id } }]);
    assert.deepEqual(h.events(late, 'ShareBackupVerified'), []);
    view = accessors();
    assert.equal(view.shareState(second.encrypted_share_id), EncryptedShareState.REJECTED);
    view.close();
  });

  it('request_share_backup checks the dWallet, then the key (found, ACTIVE), then the share, then the session', async () => {
    const user = await h.user();
    const pending = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    assertAbort(
      await backup(user, { capId: pending.dwallet_cap_id, encryptedShare: new Uint8Array() }),
      'coordinator',
      'EDWalletNotActive',
    );
    const wallet = await flows.activeDWallet(user);
    assertAbort(await backup(user, { capId: wallet.capId, encryptedShare: new Uint8Array() }), 'coordinator', 'EEncryptionKeyNotFound');
    await activeKey(user, Curve.P256);
    // The key of another curve does not serve.
    assertAbort(await backup(user, { capId: wallet.capId }), 'coordinator', 'EEncryptionKeyNotFound');
    const registration = h.event(h.ok(await register(user)), 'EncryptionKeyRegistrationRequested');
    assertAbort(await backup(user, { capId: wallet.capId, encryptedShare: new Uint8Array() }), 'coordinator', 'EEncryptionKeyNotActive');
    await h.submitResults([rejection(registration.session_id)]);
    assertAbort(await backup(user, { capId: wallet.capId }), 'coordinator', 'EEncryptionKeyNotActive');
    await activeKey(user);
    assertAbort(await backup(user, { capId: wallet.capId, encryptedShare: new Uint8Array() }), 'coordinator', 'EEmptyUserMessage');
    assertAbort(
      await backup(user, { capId: wallet.capId, encryptedShare: encrypted(1, MAX_USER_MESSAGE_LENGTH + 1) }),
      'coordinator',
      'EUserMessageTooLong',
    );
    assertAbort(await backup(user, { capId: wallet.capId, preimage: new Uint8Array(31) }), 'coordinator', 'EInvalidSessionPreimage');
    h.ok(await backup(user, { capId: wallet.capId, encryptedShare: encrypted(1, MAX_USER_MESSAGE_LENGTH) }), 'the longest share');
  });

  it('request_share_transfer escrows the cap; the verdict makes it VERIFIED; the recipient accepts it and signs, the sender cannot', async () => {
    const sender = await h.user();
    const recipient = await h.user();
    const { keyId, encryptionKey } = await activeKey(recipient, Curve.SECP256K1, key(0x77));
    const wallet = await flows.activeDWallet(sender);
    await h.setFee(RequestKind.SHARE_TRANSFER, 8_000n);
    const result = h.ok(await transfer(sender, { capId: wallet.capId, recipient: recipient.toSuiAddress(), fee: 8_000n }));
    await h.setFee(RequestKind.SHARE_TRANSFER, 0n);
    const requested = h.event(result, 'ShareTransferRequested');
    assert.equal(requested.requester, sender.toSuiAddress());
    assert.equal(requested.owner, recipient.toSuiAddress());
    assert.deepEqual(requested.encryption_key, encryptionKey, 'the recipient key');
    assert.equal(requested.dwallet_id, wallet.dwalletId);
    assert.deepEqual(requested.dwallet_output, wallet.output);
    assert.equal(requested.fee, 8_000n);
    assert.deepEqual(
      result.changedObjects.filter((c) => c.objectId === wallet.capId).map((c) => c.change),
      ['wrapped'],
    );
    assert.equal(await h.chain.getObject(wallet.capId), null, 'the cap is inside the encrypted share');
    const session = await readObject(h.chain, h.created(result, 'Session')[0] as string, Session);
    assert.equal(session.value.request_kind, RequestKind.SHARE_TRANSFER);
    const share = await readObject(h.chain, requested.encrypted_share_id, EncryptedUserShare);
    assert.equal(share.value.owner, recipient.toSuiAddress());
    assert.equal(share.value.sender, sender.toSuiAddress());
    assert.equal(share.value.encryption_key_id, keyId);
    assert.equal(share.value.transfer, true);
    assert.deepEqual(share.value.escrowed_cap, { id: wallet.capId, dwallet_id: wallet.dwalletId });

    assertAbort(await takeCap(recipient, 'accept', requested.encrypted_share_id), 'coordinator', 'EShareTransferNotVerified');
    assertAbort(await takeCap(sender, 'withdraw', requested.encrypted_share_id), 'coordinator', 'EShareTransferNotVerified');
    const landed = await h.submitResults([{ ShareTransferVerified: { session_id: requested.session_id } }]);
    const verified = h.event(landed, 'ShareTransferVerified');
    assert.deepEqual(verified, {
      session_id: requested.session_id,
      result_sequence: verified.result_sequence,
      encrypted_share_id: requested.encrypted_share_id,
      dwallet_id: wallet.dwalletId,
      sender: sender.toSuiAddress(),
      recipient: recipient.toSuiAddress(),
      fee: 8_000n,
    });
    assert.equal(await h.chain.getObject(wallet.capId), null, 'still escrowed until accepted');

    const accepted = h.ok(await takeCap(recipient, 'accept', requested.encrypted_share_id));
    assert.deepEqual(h.event(accepted, 'ShareTransferAccepted'), {
      encrypted_share_id: requested.encrypted_share_id,
      dwallet_id: wallet.dwalletId,
      sender: sender.toSuiAddress(),
      recipient: recipient.toSuiAddress(),
      cap_id: wallet.capId,
    });
    assert.deepEqual(
      accepted.changedObjects.filter((c) => c.objectId === wallet.capId).map((c) => c.change),
      ['unwrapped'],
    );
    assert.equal(await capOwner(wallet.capId), normalizeSuiAddress(recipient.toSuiAddress()));
    assert.deepEqual((await readObject(h.chain, wallet.capId, DWalletCap)).value, { id: wallet.capId, dwallet_id: wallet.dwalletId });
    const view = accessors();
    assert.equal(view.shareState(requested.encrypted_share_id), EncryptedShareState.ACCEPTED);
    view.close();
    assertAbort(await takeCap(recipient, 'accept', requested.encrypted_share_id), 'coordinator', 'EShareTransferNotVerified');
    assertAbort(await takeCap(sender, 'withdraw', requested.encrypted_share_id), 'coordinator', 'EShareTransferNotVerified');

    const presign = await flows.presignCap(recipient);
    h.ok(await flows.sign(recipient, { dwalletCapId: wallet.capId, presignCapId: presign.capId }), 'the recipient signs');
    const senderPresign = await flows.presignCap(sender);
    const senderSigned = await flows.sign(sender, { dwalletCapId: wallet.capId, presignCapId: senderPresign.capId }).then(
      (r) => r.status.success,
      () => false,
    );
    assert.equal(senderSigned, false, 'the sender cannot use a cap it no longer owns');
  });

  it('the sender withdraws a verified transfer the recipient has not accepted; only the sender, only a transfer', async () => {
    const sender = await h.user();
    const recipient = await h.user();
    await activeKey(recipient);
    const verified = await verifiedTransfer(sender, recipient);
    assertAbort(await takeCap(recipient, 'withdraw', verified.shareId), 'coordinator', 'ENotTransferSender');
    assertAbort(await takeCap(sender, 'accept', verified.shareId), 'coordinator', 'ENotTransferRecipient');
    const withdrawn = h.ok(await takeCap(sender, 'withdraw', verified.shareId));
    assert.deepEqual(h.event(withdrawn, 'ShareTransferWithdrawn'), {
      encrypted_share_id: verified.shareId,
      dwallet_id: verified.dwalletId,
      sender: sender.toSuiAddress(),
      cap_id: verified.capId,
    });
    assert.equal(await capOwner(verified.capId), normalizeSuiAddress(sender.toSuiAddress()));
    const view = accessors();
    assert.equal(view.shareState(verified.shareId), EncryptedShareState.WITHDRAWN);
    view.close();
    assertAbort(await takeCap(recipient, 'accept', verified.shareId), 'coordinator', 'EShareTransferNotVerified');
    assertAbort(await takeCap(sender, 'withdraw', verified.shareId), 'coordinator', 'EShareTransferNotVerified');

    // A backup is no transfer: its owner can neither accept nor withdraw it.
    await activeKey(sender);
    const backedUp = h.event(h.ok(await backup(sender, { capId: verified.capId })), 'ShareBackupRequested');
    await h.submitResults([{ ShareBackupVerified: { session_id: backedUp.session_id } }]);
    assertAbort(await takeCap(sender, 'accept', backedUp.encrypted_share_id), 'coordinator', 'ENotAShareTransfer');
    assertAbort(await takeCap(sender, 'withdraw', backedUp.encrypted_share_id), 'coordinator', 'ENotAShareTransfer');
    assertAbort(await takeCap(recipient, 'accept', backedUp.encrypted_share_id), 'coordinator', 'ENotTransferRecipient');
    const unknown = `0x${'5'.repeat(64)}`;
    assertAbort(await takeCap(recipient, 'accept', unknown), 'coordinator', 'EEncryptedShareNotFound');
    assertAbort(await takeCap(sender, 'withdraw', unknown), 'coordinator', 'EEncryptedShareNotFound');
    const read = new Transaction();
    h.client.encryptedShareState(read, { encryptedShareId: unknown });
    assertAbort(await h.exec(read, sender), 'coordinator', 'EEncryptedShareNotFound');
  });

  it('a rejected transfer returns the cap to the sender; so does a cancelled one, with the fee', async () => {
    const sender = await h.user();
    const recipient = await h.user();
    await activeKey(recipient);
    const wallet = await flows.activeDWallet(sender);
    const requested = h.event(
      h.ok(await transfer(sender, { capId: wallet.capId, recipient: recipient.toSuiAddress() })),
      'ShareTransferRequested',
    );
    const landed = await h.submitResults([rejection(requested.session_id)]);
    const rejected = h.event(landed, 'SessionRejected');
    assert.equal(rejected.request_kind, RequestKind.SHARE_TRANSFER);
    assert.equal(rejected.target_id, requested.encrypted_share_id);
    assert.deepEqual(
      landed.changedObjects.filter((c) => c.objectId === wallet.capId).map((c) => c.change),
      ['unwrapped'],
    );
    assert.equal(await capOwner(wallet.capId), normalizeSuiAddress(sender.toSuiAddress()));
    const share = await readObject(h.chain, requested.encrypted_share_id, EncryptedUserShare);
    assert.equal(share.value.state, EncryptedShareState.REJECTED);
    assert.equal(share.value.escrowed_cap, null);
    assertAbort(await takeCap(recipient, 'accept', requested.encrypted_share_id), 'coordinator', 'EShareTransferNotVerified');

    await h.setFee(RequestKind.SHARE_TRANSFER, 1_500n);
    const again = h.event(
      h.ok(await transfer(sender, { capId: wallet.capId, recipient: recipient.toSuiAddress(), fee: 1_500n }), 'a second transfer'),
      'ShareTransferRequested',
    );
    await h.setFee(RequestKind.SHARE_TRANSFER, 0n);
    now += Number(DEFAULT_SESSION_TIMEOUT_MS);
    const foreign = new Transaction();
    h.client.cancelSession(foreign, { sessionId: again.session_id });
    assertAbort(await h.exec(foreign, recipient), 'coordinator', 'ENotRequester');
    const tx = new Transaction();
    h.client.cancelSession(tx, { sessionId: again.session_id });
    const cancelled = h.ok(await h.exec(tx, sender));
    assert.equal(h.event(cancelled, 'SessionCancelled').refund, 1_500n);
    assert.equal(await capOwner(wallet.capId), normalizeSuiAddress(sender.toSuiAddress()));
    const late = await h.submitResults([{ ShareTransferVerified: { session_id: again.session_id } }]);
    assert.deepEqual(h.events(late, 'ShareTransferVerified'), []);
    const view = accessors();
    assert.equal(view.shareState(again.encrypted_share_id), EncryptedShareState.REJECTED);
    view.close();
    assertAbort(await takeCap(recipient, 'accept', again.encrypted_share_id), 'coordinator', 'EShareTransferNotVerified');
    h.ok(
      await flows.sign(sender, { dwalletCapId: wallet.capId, presignCapId: (await flows.presignCap(sender)).capId }),
      'the sender signs',
    );
  });

  it('request_share_transfer checks the dWallet, the recipient, then its key (found, ACTIVE), then the share', async () => {
    const sender = await h.user();
    const recipient = await h.user();
    await activeKey(sender);
    const pending = h.event(h.ok(await flows.requestDWallet(sender)), 'DWalletDkgRequested');
    assertAbort(
      await transfer(sender, { capId: pending.dwallet_cap_id, recipient: sender.toSuiAddress() }),
      'coordinator',
      'EDWalletNotActive',
    );
    const wallet = await flows.activeDWallet(sender);
    assertAbort(
      await transfer(sender, { capId: wallet.capId, recipient: sender.toSuiAddress(), encryptedShare: new Uint8Array() }),
      'coordinator',
      'EInvalidTransferRecipient',
    );
    assertAbort(
      await transfer(sender, { capId: wallet.capId, recipient: recipient.toSuiAddress(), encryptedShare: new Uint8Array() }),
      'coordinator',
      'EEncryptionKeyNotFound',
    );
    h.ok(await register(recipient));
    assertAbort(
      await transfer(sender, { capId: wallet.capId, recipient: recipient.toSuiAddress(), encryptedShare: new Uint8Array() }),
      'coordinator',
      'EEncryptionKeyNotActive',
    );
    const other = await h.user();
    await activeKey(other);
    assertAbort(
      await transfer(sender, { capId: wallet.capId, recipient: other.toSuiAddress(), encryptedShare: new Uint8Array() }),
      'coordinator',
      'EEmptyUserMessage',
    );
    assertAbort(
      await transfer(sender, {
        capId: wallet.capId,
        recipient: other.toSuiAddress(),
        encryptedShare: encrypted(1, MAX_USER_MESSAGE_LENGTH + 1),
      }),
      'coordinator',
      'EUserMessageTooLong',
    );
    assert.equal(await capOwner(wallet.capId), normalizeSuiAddress(sender.toSuiAddress()), 'an aborted transfer moves nothing');
  });

  it('the verdicts: each only for its own kind, with no payload; rejection kinds name the session kind', async () => {
    const user = await h.user();
    const registration = h.event(h.ok(await register(user)), 'EncryptionKeyRegistrationRequested');
    for (const wrong of [
      { ShareBackupVerified: { session_id: registration.session_id } },
      { ShareTransferVerified: { session_id: registration.session_id } },
      { FutureSignVerified: { session_id: registration.session_id } },
    ]) {
      assertAbort(await h.submit(await h.certify([wrong])), 'coordinator', 'EResultKindMismatch');
    }
    await h.submitResults([{ EncryptionKeyVerified: { session_id: registration.session_id } }]);
    const recipient = await h.user();
    await activeKey(recipient);
    const wallet = await flows.activeDWallet(user);
    const backedUp = h.event(h.ok(await backup(user, { capId: wallet.capId })), 'ShareBackupRequested');
    const transferred = h.event(
      h.ok(await transfer(user, { capId: wallet.capId, recipient: recipient.toSuiAddress() })),
      'ShareTransferRequested',
    );
    for (const wrong of [
      { ShareTransferVerified: { session_id: backedUp.session_id } },
      { EncryptionKeyVerified: { session_id: backedUp.session_id } },
      { ShareBackupVerified: { session_id: transferred.session_id } },
      { DWalletShared: { session_id: transferred.session_id, public_user_share: new Uint8Array(32).fill(1) } },
    ]) {
      assertAbort(await h.submit(await h.certify([wrong])), 'coordinator', 'EResultKindMismatch');
    }
    const dkg = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    assertAbort(
      await h.submit(await h.certify([{ EncryptionKeyVerified: { session_id: dkg.session_id } }])),
      'coordinator',
      'EResultKindMismatch',
    );
    // Both verdicts in one batch: tags 10 and 11, each the session id alone.
    const sequence = (await readCoordinator(h.chain)).next_result_sequence;
    const certificate = await h.certify([
      { ShareBackupVerified: { session_id: backedUp.session_id } },
      { ShareTransferVerified: { session_id: transferred.session_id } },
    ]);
    const head = new Uint8Array(8);
    new DataView(head.buffer).setBigUint64(0, sequence, true);
    assert.deepEqual(certificate.batch, new Uint8Array([...head, 2, 10, 32, ...backedUp.session_id, 11, 32, ...transferred.session_id]));
    const landed = h.ok(await h.submit(certificate));
    assert.equal(h.events(landed, 'ShareBackupVerified').length, 1);
    assert.equal(h.events(landed, 'ShareTransferVerified').length, 1);
  });
});

/**
 * The indexer's projection of the user's share (issue 21) on an in-process local chain, and its
 * API: encryption keys (`EncryptionKeyRegistrationRequested` → `EncryptionKeyRegistered`, a
 * rejection, a cancellation, a rejected key replaced in place under the same id) and encrypted
 * shares (backups and transfers: verified, rejected, cancelled, a transfer accepted by its
 * recipient and one withdrawn by its sender), their sessions (a registration names no network key
 * and pays at its curve's default algorithm) and feed entries; GET /v1/encryption-keys/:owner,
 * /v1/dwallets/:id/encrypted-shares and /v1/encrypted-shares (paged, newest first) with their 400s
 * and 404s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Curve, DEFAULT_SESSION_TIMEOUT_MS } from '../../chain/constants.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import type { SessionResult } from '../../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import { indexerApp } from '../../indexer/http/app.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { project } from '../../indexer/projection.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, capturingLogger, hexOf, openIndexer, rowsOf, STORE_BACKENDS, TestDatabases } from './support.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field
type Json = any;

const UNKNOWN_ID = `0x${'ab'.repeat(32)}`;
const bytes = (fill: number, length = 48) => new Uint8Array(length).fill(fill);
const hex0x = (value: Uint8Array) => `0x${bytesToHex(value)}`;

interface Made {
  sessionId: string;
  id: string;
}

for (const backend of STORE_BACKENDS) {
  describe(`indexer: the user's share (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'user-shares');
    let h: LocalHarness;
    let indexer: Indexer;
    let http: RunningHttp;
    let now = 1_700_000_000_000;
    let alice: Ed25519Keypair;
    let bob: Ed25519Keypair;
    let carol: Ed25519Keypair;
    const keys: Record<string, Made & { key: Uint8Array; at: number }> = {};
    const shares: Record<string, Made & { dwalletId: string; bytes: Uint8Array }> = {};
    const dwallets: Record<string, string> = {};
    let bobFirstSession = '';
    let bobSecondRequest: { value: Json; txDigest: string } | undefined;

    const rejected = (sessionId: Uint8Array, reasonCode: number, reason: string): SessionResult => ({
      Rejected: { session_id: sessionId, reason_code: reasonCode, reason: new TextEncoder().encode(reason), blamed: [] },
    });

    async function register(user: Ed25519Keypair, curve: Curve, key: Uint8Array) {
      const tx = new Transaction();
      h.client.requestRegisterEncryptionKey(tx, {
        curve,
        encryptionKey: key,
        proof: bytes(0x99, 16),
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(tx, 0n),
      });
      const result = h.ok(await h.exec(tx, user), 'register');
      return { event: h.event(result, 'EncryptionKeyRegistrationRequested'), txDigest: result.digest };
    }

    /** A backup (no recipient) or a transfer, a second after the previous request (lists are newest first). */
    async function encryptShare(user: Ed25519Keypair, capId: string, share: Uint8Array, recipient?: string) {
      now += 1000;
      const tx = new Transaction();
      const common = {
        dwalletCap: await h.ref(capId),
        encryptedShare: share,
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(tx, 0n),
      };
      if (recipient === undefined) {
        h.client.requestShareBackup(tx, common);
        return h.event(h.ok(await h.exec(tx, user), 'backup'), 'ShareBackupRequested');
      }
      h.client.requestShareTransfer(tx, { ...common, recipient });
      return h.event(h.ok(await h.exec(tx, user), 'transfer'), 'ShareTransferRequested');
    }

    async function cancel(user: Ed25519Keypair, sessionId: Uint8Array) {
      now += Number(DEFAULT_SESSION_TIMEOUT_MS);
      const tx = new Transaction();
      h.client.cancelSession(tx, { sessionId });
      h.ok(await h.exec(tx, user), 'cancel');
    }

    /** The cap of a verified transfer, taken by `user` (accept: the recipient; withdraw: the sender). */
    async function takeCap(user: Ed25519Keypair, encryptedShareId: string, how: 'accept' | 'withdraw') {
      const tx = new Transaction();
      const cap =
        how === 'accept'
          ? h.client.acceptShareTransfer(tx, { encryptedShareId })
          : h.client.withdrawShareTransfer(tx, { encryptedShareId });
      tx.transferObjects([cap], user.toSuiAddress());
      return h.ok(await h.exec(tx, user), how);
    }

    before(async () => {
      h = await LocalHarness.create({ now: () => now });
      const flows = new Flows(h);
      [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];

      // Keys: Alice's secp256k1 key verified, her ed25519 key cancelled; Bob's first key rejected,
      // then replaced (same object) and verified.
      const aliceKey = await register(alice, Curve.SECP256K1, bytes(0xa1));
      await h.submitResults([{ EncryptionKeyVerified: { session_id: aliceKey.event.session_id } }]);
      keys.alice = { id: aliceKey.event.encryption_key_id, sessionId: hexOf(aliceKey.event.session_id), key: bytes(0xa1), at: now };
      const aliceEd = await register(alice, Curve.ED25519, bytes(0xa2));
      await cancel(alice, aliceEd.event.session_id);
      keys.aliceEd = { id: aliceEd.event.encryption_key_id, sessionId: hexOf(aliceEd.event.session_id), key: bytes(0xa2), at: 0 };
      const bobFirst = await register(bob, Curve.SECP256K1, bytes(0xb1));
      await h.submitResults([
        rejected(
          bobFirst.event.session_id,
          ReasonCodes.USER_SHARE_INVALID_ENCRYPTION_KEY,
          'USER_SHARE_INVALID_ENCRYPTION_KEY/encryption-key:proof',
        ),
      ]);
      bobFirstSession = hexOf(bobFirst.event.session_id);
      const bobAt = now;
      now += 1000;
      const bobSecond = await register(bob, Curve.SECP256K1, bytes(0xb2));
      assert.equal(bobSecond.event.encryption_key_id, bobFirst.event.encryption_key_id, 'a rejected key is replaced in place');
      await h.submitResults([{ EncryptionKeyVerified: { session_id: bobSecond.event.session_id } }]);
      keys.bob = { id: bobSecond.event.encryption_key_id, sessionId: hexOf(bobSecond.event.session_id), key: bytes(0xb2), at: bobAt };
      bobSecondRequest = { value: bobSecond.event, txDigest: bobSecond.txDigest };

      // Backups of Alice's first dWallet: verified, rejected, cancelled.
      const first = await flows.activeDWallet(alice);
      dwallets.first = first.dwalletId;
      const backup = await encryptShare(alice, first.capId, bytes(0xc1, 64));
      await h.submitResults([{ ShareBackupVerified: { session_id: backup.session_id } }]);
      const badBackup = await encryptShare(alice, first.capId, bytes(0xc2, 64));
      await h.submitResults([
        rejected(badBackup.session_id, ReasonCodes.USER_SHARE_INVALID_ENCRYPTION, 'USER_SHARE_INVALID_ENCRYPTION/encrypted-share:proof'),
      ]);
      const lateBackup = await encryptShare(alice, first.capId, bytes(0xc3, 64));
      await cancel(alice, lateBackup.session_id);
      for (const [name, event, share] of [
        ['backup', backup, 0xc1],
        ['badBackup', badBackup, 0xc2],
        ['lateBackup', lateBackup, 0xc3],
      ] as const) {
        shares[name] = {
          id: event.encrypted_share_id,
          sessionId: hexOf(event.session_id),
          dwalletId: first.dwalletId,
          bytes: bytes(share, 64),
        };
      }

      // Transfers to Bob: one accepted; on another dWallet one withdrawn, then one rejected and
      // one cancelled (the cap came back to Alice each time).
      const second = await flows.activeDWallet(alice);
      dwallets.second = second.dwalletId;
      const accepted = await encryptShare(alice, second.capId, bytes(0xd1, 64), bob.toSuiAddress());
      await h.submitResults([{ ShareTransferVerified: { session_id: accepted.session_id } }]);
      await takeCap(bob, accepted.encrypted_share_id, 'accept');
      const third = await flows.activeDWallet(alice);
      dwallets.third = third.dwalletId;
      const withdrawn = await encryptShare(alice, third.capId, bytes(0xd2, 64), bob.toSuiAddress());
      await h.submitResults([{ ShareTransferVerified: { session_id: withdrawn.session_id } }]);
      await takeCap(alice, withdrawn.encrypted_share_id, 'withdraw');
      const refused = await encryptShare(alice, third.capId, bytes(0xd3, 64), bob.toSuiAddress());
      await h.submitResults([
        rejected(refused.session_id, ReasonCodes.USER_SHARE_INVALID_ENCRYPTION, 'USER_SHARE_INVALID_ENCRYPTION/encrypted-share:proof'),
      ]);
      const abandoned = await encryptShare(alice, third.capId, bytes(0xd4, 64), bob.toSuiAddress());
      await cancel(alice, abandoned.session_id);
      for (const [name, event, dwalletId, share] of [
        ['accepted', accepted, second.dwalletId, 0xd1],
        ['withdrawn', withdrawn, third.dwalletId, 0xd2],
        ['refused', refused, third.dwalletId, 0xd3],
        ['abandoned', abandoned, third.dwalletId, 0xd4],
      ] as const) {
        shares[name] = { id: event.encrypted_share_id, sessionId: hexOf(event.session_id), dwalletId, bytes: bytes(share, 64) };
      }

      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
      http = await serveHono(indexerApp({ indexer, logger: capturingLogger().logger }), '127.0.0.1', 0);
    });
    after(async () => {
      await http?.close();
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    const key = (name: string) => keys[name] as Made & { key: Uint8Array; at: number };
    const share = (name: string) => shares[name] as Made & { dwalletId: string; bytes: Uint8Array };

    async function get(path: string, status = 200): Promise<Json> {
      const response = await fetch(`${http.url}${path}`);
      const body = await response.json();
      assert.equal(response.status, status, `${path}: ${JSON.stringify(body)}`);
      return body;
    }

    async function refused(path: string, status: 400 | 404, code: string, mentions: RegExp): Promise<void> {
      const body = await get(path, status);
      assert.equal(body.error.code, code, path);
      assert.match(body.error.message, mentions, path);
    }

    it('a verified registration makes the key active; its session names no network key and pays at the curve’s default algorithm', async () => {
      const [record] = await indexer.queries.encryptionKeys(alice.toSuiAddress());
      assert.deepEqual(
        { ...record, createdAt: undefined, updatedAt: undefined },
        {
          id: key('alice').id,
          owner: alice.toSuiAddress(),
          curve: Curve.SECP256K1,
          encryptionKey: hex0x(key('alice').key),
          state: 'active',
          sessionId: `0x${key('alice').sessionId}`,
          createdAt: undefined,
          updatedAt: undefined,
          rejection: null,
        },
      );
      assert.equal(record?.createdAt, key('alice').at);
      const session = await indexer.queries.session(key('alice').sessionId);
      assert.equal(session?.kind, 'register-encryption-key');
      assert.equal(session?.status, 'completed');
      assert.equal(session?.objectId, key('alice').id);
      assert.equal(session?.dwalletId, null);
      assert.equal(session?.networkKeyId, null);
      assert.equal(session?.algorithm, 'ecdsa');
      const [entry] = await indexer.queries.resultsAfter(0, { sessionId: key('alice').sessionId });
      assert.equal(entry?.result.kind, 'register-encryption-key');
      assert.equal(entry?.result.status, 'completed');
    });

    it('a cancelled registration rejects the key; an ed25519 registration pays at EdDSA', async () => {
      const records = await indexer.queries.encryptionKeys(alice.toSuiAddress());
      assert.deepEqual(
        records.map((r) => r.curve),
        [Curve.SECP256K1, Curve.ED25519],
        'all curves, by curve',
      );
      const ed = records[1];
      assert.equal(ed?.state, 'rejected');
      assert.equal(ed?.encryptionKey, hex0x(key('aliceEd').key));
      const session = await indexer.queries.session(key('aliceEd').sessionId);
      assert.equal(session?.status, 'cancelled');
      assert.equal(session?.algorithm, 'eddsa');
      assert.equal(session?.curve, Curve.ED25519);
    });

    it('a rejected key is replaced in place: same row, the new key and session, active once verified', async () => {
      const [record] = await indexer.queries.encryptionKeys(bob.toSuiAddress());
      assert.equal(record?.id, key('bob').id);
      assert.equal(record?.state, 'active');
      assert.equal(record?.encryptionKey, hex0x(key('bob').key));
      assert.equal(record?.sessionId, `0x${key('bob').sessionId}`);
      assert.equal(record?.rejection, null, 'the current session was not rejected');
      assert.equal(record?.createdAt, key('bob').at, 'created with the first registration');
      assert.ok((record?.updatedAt ?? 0) > key('bob').at);
      const first = await indexer.queries.session(bobFirstSession);
      assert.equal(first?.status, 'rejected');
      assert.equal(first?.rejection?.reasonCode, ReasonCodes.USER_SHARE_INVALID_ENCRYPTION_KEY);
      assert.equal(first?.rejection?.reason, 'USER_SHARE_INVALID_ENCRYPTION_KEY/encryption-key:proof');
      assert.equal((await rowsOf(indexer, 'encryptionKeys')).length, 3, 'one row per owner and curve');
    });

    it('the same registration request delivered again changes nothing', async () => {
      const before = await rowsOf(indexer, 'encryptionKeys');
      const request = bobSecondRequest as { value: Json; txDigest: string };
      await indexer.store.write((kit) =>
        project(
          kit,
          { txDigest: request.txDigest, timestampMs: now + 99_000 },
          { name: 'EncryptionKeyRegistrationRequested', value: request.value },
        ),
      );
      assert.deepEqual(await rowsOf(indexer, 'encryptionKeys'), before);
    });

    it('backups: verified, rejected and cancelled, with their bytes, sessions and feed entries', async () => {
      const expected = [
        ['backup', 'verified'],
        ['badBackup', 'rejected'],
        ['lateBackup', 'rejected'],
      ] as const;
      for (const [name, state] of expected) {
        const record = await indexer.queries.encryptedShare(share(name).id);
        assert.equal(record?.state, state, name);
        assert.equal(record?.transfer, false);
        assert.equal(record?.owner, alice.toSuiAddress());
        assert.equal(record?.sender, alice.toSuiAddress());
        assert.equal(record?.dwalletId, dwallets.first);
        assert.equal(record?.encryptedShare, hex0x(share(name).bytes));
        assert.equal(record?.sessionId, `0x${share(name).sessionId}`);
      }
      const bad = await indexer.queries.encryptedShare(share('badBackup').id);
      assert.equal(bad?.rejection?.reasonCode, ReasonCodes.USER_SHARE_INVALID_ENCRYPTION);
      assert.equal(bad?.rejection?.reason, 'USER_SHARE_INVALID_ENCRYPTION/encrypted-share:proof');
      assert.equal((await indexer.queries.session(share('lateBackup').sessionId))?.status, 'cancelled');
      const session = await indexer.queries.session(share('backup').sessionId);
      assert.equal(session?.kind, 'share-backup');
      assert.equal(session?.dwalletId, dwallets.first);
      assert.equal(session?.networkKeyId, h.networkKeyId);
      const feed = await indexer.queries.resultsAfter(0, { kind: 'share-backup' });
      assert.deepEqual(
        feed.map((e) => [e.result.sessionId, e.result.status]),
        [
          [`0x${share('backup').sessionId}`, 'completed'],
          [`0x${share('badBackup').sessionId}`, 'rejected'],
          [`0x${share('lateBackup').sessionId}`, 'cancelled'],
        ],
      );
    });

    it('transfers: accepted by the recipient, withdrawn by the sender, rejected, cancelled', async () => {
      const expected = [
        ['accepted', 'accepted'],
        ['withdrawn', 'withdrawn'],
        ['refused', 'rejected'],
        ['abandoned', 'rejected'],
      ] as const;
      for (const [name, state] of expected) {
        const record = await indexer.queries.encryptedShare(share(name).id);
        assert.equal(record?.state, state, name);
        assert.equal(record?.transfer, true);
        assert.equal(record?.owner, bob.toSuiAddress(), 'encrypted for the recipient');
        assert.equal(record?.sender, alice.toSuiAddress());
        assert.equal(record?.dwalletId, share(name).dwalletId);
      }
      assert.equal((await indexer.queries.session(share('accepted').sessionId))?.kind, 'share-transfer');
      // The accepted transfer's dWallet is Bob's now (he holds its cap); the withdrawn one stays Alice's.
      assert.equal((await indexer.queries.dwallet(share('accepted').dwalletId))?.owner, bob.toSuiAddress());
      assert.equal((await indexer.queries.dwallet(share('withdrawn').dwalletId))?.owner, alice.toSuiAddress());
      assert.equal((await indexer.queries.session(share('abandoned').sessionId))?.status, 'cancelled');
      const feed = await indexer.queries.resultsAfter(0, { kind: 'share-transfer' });
      assert.deepEqual(
        feed.map((e) => e.result.status),
        ['completed', 'completed', 'rejected', 'cancelled'],
        'accept and withdraw are no session results',
      );
      assert.equal((await rowsOf(indexer, 'encryptedShares')).length, 7);
    });

    it('GET /v1/encryption-keys/:owner: every curve’s key, empty for an address without one', async () => {
      const body = await get(`/v1/encryption-keys/${alice.toSuiAddress()}`);
      assert.deepEqual(
        body.encryptionKeys.map((k: Json) => [k.curve, k.state, k.encryptionKey]),
        [
          [Curve.SECP256K1, 'active', hex0x(key('alice').key)],
          [Curve.ED25519, 'rejected', hex0x(key('aliceEd').key)],
        ],
      );
      assert.equal(body.encryptionKeys[0].id, key('alice').id);
      assert.equal(typeof body.encryptionKeys[0].createdAt, 'number');
      assert.deepEqual(await get(`/v1/encryption-keys/${carol.toSuiAddress()}`), { encryptionKeys: [] });
      // Addresses are matched in the stored (lowercase) form.
      assert.equal((await get(`/v1/encryption-keys/${alice.toSuiAddress().toUpperCase().replace('0X', '0x')}`)).encryptionKeys.length, 2);
    });

    it('GET /v1/dwallets/:id/encrypted-shares: a dWallet’s, newest first, paged, filtered by state', async () => {
      const all = await get(`/v1/dwallets/${dwallets.third}/encrypted-shares`);
      assert.equal(all.nextCursor, null);
      const expected = [share('abandoned'), share('refused'), share('withdrawn')];
      assert.deepEqual(
        all.encryptedShares.map((s: Json) => s.id),
        expected.map((s) => s.id),
        'newest first',
      );
      const first = await get(`/v1/dwallets/${dwallets.third}/encrypted-shares?limit=2`);
      assert.equal(first.encryptedShares.length, 2);
      assert.equal(typeof first.nextCursor, 'string');
      const rest = await get(`/v1/dwallets/${dwallets.third}/encrypted-shares?limit=2&cursor=${first.nextCursor}`);
      assert.deepEqual(
        [...first.encryptedShares, ...rest.encryptedShares].map((s: Json) => s.id),
        expected.map((s) => s.id),
      );
      assert.equal(rest.nextCursor, null);
      const withdrawn = await get(`/v1/dwallets/${dwallets.third}/encrypted-shares?state=withdrawn`);
      assert.deepEqual(
        withdrawn.encryptedShares.map((s: Json) => [s.id, s.transfer, s.owner, s.sender]),
        [[share('withdrawn').id, true, bob.toSuiAddress(), alice.toSuiAddress()]],
      );
      assert.deepEqual(await get(`/v1/dwallets/${dwallets.second}/encrypted-shares?state=pending`), {
        encryptedShares: [],
        nextCursor: null,
      });
    });

    it('GET /v1/encrypted-shares?owner=: whose key encrypts them (the sender’s backups, the recipient’s transfers)', async () => {
      const alices = await get(`/v1/encrypted-shares?owner=${alice.toSuiAddress()}`);
      assert.deepEqual(
        new Set(alices.encryptedShares.map((s: Json) => s.id)),
        new Set(['backup', 'badBackup', 'lateBackup'].map((n) => share(n).id)),
      );
      const bobs = await get(`/v1/encrypted-shares?owner=${bob.toSuiAddress()}&state=accepted`);
      assert.deepEqual(
        bobs.encryptedShares.map((s: Json) => [s.id, s.dwalletId, s.state, s.encryptedShare]),
        [[share('accepted').id, dwallets.second, 'accepted', hex0x(share('accepted').bytes)]],
      );
      // Page through Bob's four one at a time: each once, newest first.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await get(
          `/v1/encrypted-shares?owner=${bob.toSuiAddress()}&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        seen.push(...page.encryptedShares.map((s: Json) => s.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(
        seen,
        (await get(`/v1/encrypted-shares?owner=${bob.toSuiAddress()}`)).encryptedShares.map((s: Json) => s.id),
      );
      assert.equal(seen.length, 4);
      assert.equal((await get('/v1/encrypted-shares?limit=100')).encryptedShares.length, 7, 'every owner’s without a filter');
      const one = await get(`/v1/encrypted-shares/${share('refused').id}`);
      assert.equal(one.state, 'rejected');
      assert.equal(one.rejection.reasonCode, ReasonCodes.USER_SHARE_INVALID_ENCRYPTION);
    });

    it('refuses bad input with 400 and unknown objects with 404', async () => {
      const invalid = 'INDEXER_INVALID_PARAMETER';
      await refused('/v1/encryption-keys/alice', 400, invalid, /^owner: expected 0x followed by 64 hex digits, got "alice"/);
      await refused(`/v1/encryption-keys/${alice.toSuiAddress()}?curve=0`, 400, invalid, /^curve: expected no such query parameter/);
      await refused('/v1/encrypted-shares?owner=0x12', 400, invalid, /^owner: expected 0x followed by 64 hex digits/);
      await refused(
        '/v1/encrypted-shares?state=lost',
        400,
        invalid,
        /^state: expected one of pending, verified, rejected, accepted, withdrawn/,
      );
      await refused('/v1/encrypted-shares?limit=0', 400, invalid, /^limit: expected an integer from 1 to 100/);
      await refused('/v1/encrypted-shares?limit=101', 400, invalid, /^limit:/);
      await refused('/v1/encrypted-shares?cursor=zz', 400, invalid, /^cursor: expected the previous page's nextCursor/);
      await refused('/v1/encrypted-shares?dwallet=0x12', 400, invalid, /^dwallet: expected no such query parameter/);
      await refused('/v1/encrypted-shares/0x12', 400, invalid, /^id: expected 0x followed by 64 hex digits/);
      await refused('/v1/dwallets/0x12/encrypted-shares', 400, invalid, /^id: expected 0x followed by 64 hex digits/);
      await refused(`/v1/dwallets/${dwallets.first}/encrypted-shares?state=done`, 400, invalid, /^state:/);
      await refused(
        `/v1/dwallets/${dwallets.first}/encrypted-shares?owner=${alice.toSuiAddress()}`,
        400,
        invalid,
        /^owner: expected no such/,
      );
      await refused(`/v1/dwallets/${dwallets.first}/encrypted-shares?cursor=1-2`, 400, invalid, /^cursor:/);
      await refused(`/v1/dwallets/${UNKNOWN_ID}/encrypted-shares`, 404, 'INDEXER_NOT_FOUND', /no dWallet 0xabab/);
      await refused(`/v1/encrypted-shares/${UNKNOWN_ID}`, 404, 'INDEXER_NOT_FOUND', /no encrypted share 0xabab/);
    });
  });
}

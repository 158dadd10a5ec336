/**
 * The indexer's projection of shared dWallets, on an in-process local chain: the share a shared
 * DKG publishes (recorded with the dWallet from its request), a certified conversion
 * (`MakeDWalletSharedRequested` → `DWalletMadeShared`: the share on the dWallet, a `make-shared`
 * session and its feed entry carrying the share), a rejected and a cancelled conversion (the
 * dWallet stays active and zero-trust), and a shared sign request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Curve, DEFAULT_SESSION_TIMEOUT_MS, HashScheme, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, hexOf, openIndexer, STORE_BACKENDS, TestDatabases } from './support.ts';

function share(fill: number): Uint8Array {
  return new Uint8Array(32).fill(fill);
}

for (const backend of STORE_BACKENDS) {
  describe(`indexer projection of shared dWallets (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'shared');
    let h: LocalHarness;
    let flows: Flows;
    let indexer: Indexer;
    let now = 1_700_000_000_000;
    const made: Record<string, { dwalletId: string; sessionId: string; share?: Uint8Array; signId?: string }> = {};
    let sharedSignPresignId = '';

    async function makeShared(user: Ed25519Keypair, capId: string, publicUserShare: Uint8Array, fee = 0n) {
      const tx = new Transaction();
      h.client.requestMakeDWalletShared(tx, {
        dwalletCap: await h.ref(capId),
        publicUserShare,
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(tx, fee),
      });
      return h.event(h.ok(await h.exec(tx, user)), 'MakeDWalletSharedRequested');
    }

    before(async () => {
      h = await LocalHarness.create({ now: () => now });
      flows = new Flows(h);
      const user = await h.user();

      const dkgTx = new Transaction();
      const cap = h.client.requestSharedDWalletDkg(dkgTx, {
        networkKeyId: h.networkKeyId,
        curve: Curve.SECP256K1,
        algorithm: SignatureAlgorithm.ECDSA,
        sessionPreimage: randomSessionPreimage(),
        userDkgMessage: new Uint8Array([1, 2, 3]),
        publicUserShare: share(0x21),
        payment: h.client.payFromGas(dkgTx, 0n),
      });
      dkgTx.transferObjects([cap], user.toSuiAddress());
      const sharedDkg = h.event(h.ok(await h.exec(dkgTx, user)), 'DWalletDkgRequested');
      await h.submitResults([{ DWalletDkg: { session_id: sharedDkg.session_id, output: new Uint8Array([0xd1]) } }]);
      made.sharedDkg = { dwalletId: sharedDkg.dwallet_id, sessionId: hexOf(sharedDkg.session_id), share: share(0x21) };

      const converted = await flows.activeDWallet(user);
      const conversion = await makeShared(user, converted.capId, share(0x42));
      await h.submitResults([{ DWalletShared: { session_id: conversion.session_id, public_user_share: share(0x42) } }]);
      made.converted = { dwalletId: converted.dwalletId, sessionId: hexOf(conversion.session_id), share: share(0x42) };

      const refused = await flows.activeDWallet(user);
      const refusal = await makeShared(user, refused.capId, share(0x43));
      await h.submitResults([
        {
          Rejected: {
            session_id: refusal.session_id,
            reason_code: ReasonCodes.ECDSA_INVALID_PUBLIC_USER_SHARE,
            reason: new TextEncoder().encode('ECDSA_INVALID_PUBLIC_USER_SHARE/public-user-share:mismatch'),
            blamed: [],
          },
        },
      ]);
      made.refused = { dwalletId: refused.dwalletId, sessionId: hexOf(refusal.session_id) };

      const abandoned = await flows.activeDWallet(user);
      await h.setFee(RequestKind.MAKE_DWALLET_SHARED, 9n);
      const abandonment = await makeShared(user, abandoned.capId, share(0x44), 9n);
      now += Number(DEFAULT_SESSION_TIMEOUT_MS);
      const cancelTx = new Transaction();
      h.client.cancelSession(cancelTx, { sessionId: abandonment.session_id });
      h.ok(await h.exec(cancelTx, user), 'cancel');
      made.abandoned = { dwalletId: abandoned.dwalletId, sessionId: hexOf(abandonment.session_id) };

      const presign = await flows.presignCap(user);
      const signTx = new Transaction();
      const approval = h.client.approveMessage(signTx, {
        dwalletCap: await h.ref(sharedDkg.dwallet_cap_id),
        hashScheme: HashScheme.KECCAK256,
        message: new TextEncoder().encode('vault transfer'),
      });
      h.client.requestSignShared(signTx, {
        approval,
        presignCap: await h.ref(presign.capId),
        sessionPreimage: randomSessionPreimage(),
        payment: h.client.payFromGas(signTx, 0n),
      });
      const signed = h.event(h.ok(await h.exec(signTx, user)), 'SignRequested');
      made.sharedSign = { dwalletId: sharedDkg.dwallet_id, sessionId: hexOf(signed.session_id), signId: signed.sign_id };
      sharedSignPresignId = presign.presignId;
      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
    });
    after(async () => {
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    const expect = (key: string) => made[key] as { dwalletId: string; sessionId: string; share?: Uint8Array; signId?: string };

    it('a shared DKG records its share with the dWallet', async () => {
      const { dwalletId, share: published } = expect('sharedDkg');
      const dwallet = await indexer.queries.dwallet(dwalletId);
      assert.equal(dwallet?.state, 'active');
      assert.equal(dwallet?.publicUserShare, `0x${bytesToHex(published as Uint8Array)}`);
      assert.equal((await indexer.queries.session(expect('sharedDkg').sessionId))?.kind, 'dkg');
    });

    it('a certified conversion makes the dWallet shared: its session, its feed entry carrying the share', async () => {
      const { dwalletId, sessionId, share: published } = expect('converted');
      const dwallet = await indexer.queries.dwallet(dwalletId);
      assert.equal(dwallet?.state, 'active');
      assert.equal(dwallet?.publicUserShare, `0x${bytesToHex(published as Uint8Array)}`);
      assert.equal(dwallet?.rejection, null);
      const session = await indexer.queries.session(sessionId);
      assert.equal(session?.kind, 'make-shared');
      assert.equal(session?.status, 'completed');
      assert.equal(session?.objectId, dwalletId);
      assert.equal(session?.dwalletId, dwalletId);
      const [entry] = await indexer.queries.resultsAfter(0, { kind: 'make-shared', dwalletId });
      assert.equal(entry?.result.output, `0x${bytesToHex(published as Uint8Array)}`);
      assert.equal(entry?.result.status, 'completed');
    });

    it('a rejected conversion leaves the dWallet active and zero-trust; the session says why', async () => {
      const { dwalletId, sessionId } = expect('refused');
      const dwallet = await indexer.queries.dwallet(dwalletId);
      assert.equal(dwallet?.state, 'active');
      assert.equal(dwallet?.publicUserShare, null);
      assert.equal(dwallet?.rejection, null, 'the dWallet itself was not rejected');
      const session = await indexer.queries.session(sessionId);
      assert.equal(session?.kind, 'make-shared');
      assert.equal(session?.status, 'rejected');
      assert.equal(session?.rejection?.reasonName, 'ECDSA_INVALID_PUBLIC_USER_SHARE');
    });

    it('a cancelled conversion leaves the dWallet active and zero-trust', async () => {
      const { dwalletId, sessionId } = expect('abandoned');
      const dwallet = await indexer.queries.dwallet(dwalletId);
      assert.equal(dwallet?.state, 'active');
      assert.equal(dwallet?.publicUserShare, null);
      assert.equal((await indexer.queries.session(sessionId))?.status, 'cancelled');
      assert.equal((await indexer.queries.session(sessionId))?.fee, '9');
    });

    it('a shared sign is a sign request of the shared dWallet, using its presign', async () => {
      const { dwalletId, sessionId, signId } = expect('sharedSign');
      const signature = await indexer.queries.signature(signId as string);
      assert.equal(signature?.status, 'pending');
      assert.equal(signature?.dwalletId, dwalletId);
      assert.equal((await indexer.queries.session(sessionId))?.kind, 'sign');
      assert.equal((await indexer.queries.presign(sharedSignPresignId))?.usedBy, signId);
    });
  });
}

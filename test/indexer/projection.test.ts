/**
 * The indexer's projection of every event kind of the coordinator, on an in-process local chain:
 * committee and network key; dWallets by DKG and imported key, active or rejected; presigns
 * requested, completed into the pool, claimed and used; signatures completed and rejected (reason,
 * name, blamed parties); future signs verified and completed; result batches; the results feed in
 * chain order. Also: the public key read from a dWallet output's head, and the reason-name table
 * against the validator's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Indexer } from '../../indexer/indexer.ts';
import { publicKeyOfOutput } from '../../indexer/public-key.ts';
import { getCurve } from '../../mpc/curves/curve.ts';
import { LocalHarness } from '../chain/support/local-harness.ts';
import { backendSkip, openIndexer, rowsOf, runScenario, type Scenario, STORE_BACKENDS, TestDatabases } from './support.ts';

for (const backend of STORE_BACKENDS) {
  describe(`indexer projection (${backend})`, { skip: backendSkip(backend) }, () => {
    let h: LocalHarness;
    let s: Scenario;
    let indexer: Indexer;
    const databases = new TestDatabases(backend, 'projection');

    before(async () => {
      h = await LocalHarness.create();
      s = await runScenario(h);
      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
    });
    after(async () => {
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    it('records the committee, the network key and the deployment', async () => {
      const committee = await indexer.queries.committee();
      assert.ok(committee);
      assert.equal(committee.epoch, '1');
      assert.equal(committee.threshold, '3');
      assert.equal(committee.totalWeight, '4');
      assert.equal(committee.members.length, 4);
      assert.equal(committee.members[0]?.suiAddress, h.validators[0]?.address);
      assert.equal(committee.members[0]?.weight, '1');
      assert.equal(committee.members[0]?.publicKey, `0x${bytesToHex(h.validators[0]?.publicKey as Uint8Array)}`);
      assert.deepEqual(await indexer.queries.networkKeys(), [{ id: h.networkKeyId, curves: [0, 1, 2], epoch: '1' }]);
      assert.equal(indexer.deployment.packageId, h.packageId);
    });

    it("records each session at its transactions' checkpoint times (read per transaction: listed events carry none), not when indexed", async () => {
      const { events } = await h.local.listEvents({ limit: 1000 });
      const timeOf = (digest: string) => events.find((event) => event.id.txDigest === digest)?.timestampMs;
      const session = await indexer.queries.session(s.dkg.sessionId);
      assert.ok(session?.completedTx);
      assert.equal(session.requestedAt, timeOf(session.requestTx));
      assert.equal(session.completedAt, timeOf(session.completedTx));
      assert.equal((await indexer.queries.dwallet(s.dkg.dwalletId))?.createdAt, timeOf(session.requestTx));
    });

    it('follows dWallets from request to active or rejected', async () => {
      const dkg = await indexer.queries.dwallet(s.dkg.dwalletId);
      assert.ok(dkg);
      assert.equal(dkg.state, 'active');
      assert.equal(dkg.capId, s.dkg.capId);
      assert.equal(dkg.owner, s.user.toSuiAddress());
      assert.equal(dkg.curve, 0);
      assert.equal(dkg.networkKeyId, h.networkKeyId);
      assert.equal(dkg.imported, false);
      assert.equal(dkg.output, `0x${bytesToHex(s.dkg.output)}`);
      assert.equal(dkg.publicKey, null, 'a test output is not a real DKG output');
      assert.equal(dkg.sessionId, `0x${s.dkg.sessionId}`);
      assert.equal(dkg.rejection, null);
      assert.ok(dkg.createdAt > 0);

      const imported = await indexer.queries.dwallet(s.imported.dwalletId);
      assert.equal(imported?.imported, true);
      assert.equal(imported?.state, 'active');
      assert.equal((await indexer.queries.session(s.imported.sessionId))?.kind, 'imported-key');

      const rejected = await indexer.queries.dwallet(s.rejectedDkg.dwalletId);
      assert.equal(rejected?.state, 'rejected');
      assert.equal(rejected?.output, null);
      assert.deepEqual(rejected?.rejection, {
        reasonCode: 1,
        reasonName: 'ECDSA_INVALID_DKG_MESSAGE',
        reason: 'ECDSA_INVALID_DKG_MESSAGE',
        blamed: [],
      });
      const owned = await indexer.queries.dwallets({ owner: s.user.toSuiAddress(), limit: 2 });
      assert.equal(owned.dwallets.length, 2);
      assert.ok(owned.nextCursor);
      const rest = await indexer.queries.dwallets({ owner: s.user.toSuiAddress(), limit: 2, cursor: owned.nextCursor });
      assert.equal(rest.dwallets.length, 1);
      assert.equal(rest.nextCursor, null);
      assert.deepEqual(
        new Set([...owned.dwallets, ...rest.dwallets].map((d) => d.id)),
        new Set([s.dkg.dwalletId, s.imported.dwalletId, s.rejectedDkg.dwalletId]),
      );
    });

    it('follows sessions: kind, status, target, requester, transactions, result sequence', async () => {
      const session = await indexer.queries.session(s.dkg.sessionId);
      assert.ok(session);
      assert.equal(session.kind, 'dkg');
      assert.equal(session.status, 'completed');
      assert.equal(session.objectId, s.dkg.dwalletId);
      assert.equal(session.requester, s.user.toSuiAddress());
      assert.match(session.requestTx, /^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
      assert.ok(session.completedAt !== null && session.completedAt >= session.requestedAt);
      assert.equal(session.resultSequence, '0');
      const pending = await indexer.queries.session(s.pendingPresign.sessionId);
      assert.equal(pending?.status, 'pending');
      assert.equal(pending?.completedAt, null);
      assert.equal(pending?.resultSequence, null);
      assert.equal((await indexer.queries.session(s.future.sessionId))?.kind, 'future-sign');
    });

    it('follows presigns: pooled, pending, claimed and used; pool counts', async () => {
      const pooled = await indexer.queries.presign(s.pooled.presignId);
      assert.ok(pooled);
      assert.equal(pooled.state, 'claimed', 'the pool had one presign, the claim took it');
      assert.equal(pooled.claimedBy, s.user.toSuiAddress());
      assert.equal(pooled.output, `0x${bytesToHex(s.pooled.output)}`);
      assert.equal(pooled.usedBy, s.sign.signId);
      assert.equal(pooled.dwalletId, null);
      assert.equal((await indexer.queries.presign(s.pendingPresign.presignId))?.state, 'requested');
      const pools = await indexer.queries.pools();
      const secp = pools.find((p) => p.networkKeyId === h.networkKeyId && p.curve === 0 && p.algorithm === 'ecdsa');
      assert.deepEqual(secp, { networkKeyId: h.networkKeyId, curve: 0, algorithm: 'ecdsa', available: 0, pending: 1 });
      assert.deepEqual(
        pools.find((p) => p.curve === 0 && p.algorithm === 'taproot'),
        { networkKeyId: h.networkKeyId, curve: 0, algorithm: 'taproot', available: 0, pending: 0 },
        'the pools are per algorithm',
      );
      assert.deepEqual(
        pools.find((p) => p.curve === 1),
        { networkKeyId: h.networkKeyId, curve: 1, algorithm: 'ecdsa', available: 0, pending: 0 },
      );
      assert.deepEqual(await indexer.queries.pools({ algorithm: 'eddsa' }), [
        { networkKeyId: h.networkKeyId, curve: 2, algorithm: 'eddsa', available: 0, pending: 0 },
      ]);
    });

    it('follows signatures, completed and rejected with reason and blamed parties', async () => {
      const signature = await indexer.queries.signature(s.sign.signId);
      assert.ok(signature);
      assert.equal(signature.status, 'completed');
      assert.equal(signature.algorithm, 'ecdsa');
      assert.equal((await indexer.queries.session(s.sign.sessionId))?.algorithm, 'ecdsa');
      assert.equal(signature.signature, `0x${bytesToHex(s.sign.signature)}`);
      assert.equal(signature.message, `0x${bytesToHex(s.sign.message)}`);
      assert.equal(signature.hashScheme, 0);
      assert.equal(signature.dwalletId, s.dkg.dwalletId);
      assert.equal(signature.sessionId, `0x${s.sign.sessionId}`);
      const rejected = await indexer.queries.signature(s.rejectedSign.signId);
      assert.equal(rejected?.status, 'rejected');
      assert.equal(rejected?.signature, null);
      assert.deepEqual(rejected?.rejection, {
        reasonCode: 3,
        reasonName: 'ECDSA_INVALID_SIGN_MESSAGE',
        reason: 'ECDSA_INVALID_SIGN_MESSAGE/proof',
        blamed: [1],
      });
    });

    it('follows future signs: verified partial signature, then a sign request completing it', async () => {
      const partial = await indexer.queries.partialSignature(s.future.partialId);
      assert.ok(partial);
      assert.equal(partial.status, 'verified');
      assert.equal(partial.dwalletId, s.dkg.dwalletId);
      assert.equal(partial.usedBySignId, s.signWithPartial.signId);
      const sign = await indexer.queries.signature(s.signWithPartial.signId);
      assert.equal(sign?.status, 'pending');
      assert.equal(sign?.partialSignatureId, s.future.partialId);
    });

    it('keeps result batches and the results feed in chain order', async () => {
      const batches = (await rowsOf(indexer, 'resultBatches')).sort((a, b) => Number(a.sequence) - Number(b.sequence));
      assert.deepEqual(
        batches.map((b) => b.sequence),
        batches.map((_, i) => String(i)),
      );
      assert.ok(batches.every((b) => b.resultCount === '1' && b.signerWeight === '3' && b.submitter === h.relayer.toSuiAddress()));
      const feed = await indexer.queries.resultsAfter(0, {}, 100);
      assert.deepEqual(
        feed.map((e) => e.result.resultSequence),
        batches.map((b) => b.sequence),
      );
      assert.deepEqual(
        feed.map((e) => e.id),
        [...feed.keys()].map((i) => i + 1),
      );
      const signResult = feed.find((e) => e.result.sessionId === `0x${s.sign.sessionId}`);
      assert.equal(signResult?.result.signature, `0x${bytesToHex(s.sign.signature)}`);
      assert.equal(signResult?.result.kind, 'sign');
      assert.equal((await indexer.queries.resultsAfter(0, { kind: 'presign' })).length, 3);
      assert.equal(
        (await indexer.queries.resultsAfter(0, { dwalletId: s.dkg.dwalletId })).length,
        4,
        'DKG, sign, rejected sign, future sign',
      );
      assert.equal((await indexer.status()).caughtUp, true);
      assert.ok(((await indexer.status()).lastEventAt ?? 0) > 0);
    });
  });
}

describe('indexer helpers', () => {
  it('reads the public key from the head of a dWallet output, and nothing from other bytes', async () => {
    const curve = getCurve('secp256k1');
    const xa = curve.multiplyPublic(curve.generator, 5n);
    const xb = curve.multiplyPublic(curve.generator, 7n);
    const x = xa.add(xb);
    const head = new Uint8Array([
      0,
      0,
      0,
      0,
      ...new Uint8Array(64).fill(3),
      ...curve.encodePoint(xa),
      ...curve.encodePoint(xb),
      ...curve.encodePoint(x),
    ]);
    const output = new Uint8Array([...head, 0xaa, 0xbb]);
    assert.equal(publicKeyOfOutput(0, output), bytesToHex(curve.encodePoint(x)));
    const wrongSum = new Uint8Array([...head.slice(0, head.length - 33), ...curve.encodePoint(xa), 0xaa]);
    assert.equal(publicKeyOfOutput(0, wrongSum), null);
    assert.equal(publicKeyOfOutput(1, output), null, 'the head names another curve');
    assert.equal(publicKeyOfOutput(0, new Uint8Array([0xd0, 1])), null);
    assert.equal(publicKeyOfOutput(9, output), null);
  });
});

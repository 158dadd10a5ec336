/**
 * The validator's pieces of an epoch change, each on its own: the union committee of a resharing
 * (party ids, weights, threshold), the view an envelope is judged against, the verifier that
 * remembers two epochs, the restart of unfinished sessions under the new committee, and the HTTP
 * route that serves the current threshold keys to joining validators (with its refusals).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { blsPublicKey } from '../../chain/certificate.ts';
import { SessionId } from '../../chain/session-id.ts';
import { createLogger } from '../../runtime/log.ts';
import { MetricsRegistry } from '../../runtime/metrics.ts';
import { transitionOf, viewForEpoch } from '../../validator/committee-view.ts';
import { validatorApp } from '../../validator/http.ts';
import { PeerAdmission } from '../../validator/peer/admission.ts';
import { localPeerIdentity, PeerIdentityVerifier } from '../../validator/peer/identity.ts';
import type { PeerInbound } from '../../validator/peer/inbound.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import { tempDir, testCommittee } from './support.ts';

const dir = tempDir('epoch-change');
after(() => rmSync(dir, { recursive: true, force: true }));

const { view, members } = testCommittee(4, 3, 1n);
const joinerKey = new Uint8Array(32).fill(0x51);
joinerKey[0] = 0x1f;
/** The next committee: parties 1, 3 and 4 stay (4 weighing 2), 2 leaves, one validator joins. */
const next = {
  members: [
    ...[0, 2, 3].map((i) => {
      const m = view.members[i] as (typeof view.members)[number];
      return {
        public_key: m.blsPublicKey,
        weight: i === 3 ? 2n : 1n,
        sui_address: m.suiAddress,
        network_address: m.url ?? '',
        share_encryption_key: m.shareEncryptionKey,
      };
    }),
    {
      public_key: blsPublicKey(joinerKey),
      weight: 1n,
      sui_address: `0x${'55'.repeat(32)}`,
      network_address: 'http://127.0.0.1:9999',
      share_encryption_key: view.members[0]?.shareEncryptionKey as Uint8Array,
    },
  ],
  total_weight: 5n,
  threshold: 4n,
};

describe('epoch change, validator side', () => {
  test('the union committee keeps the current ids and weights, numbers the joining validator next, and names each new party', () => {
    const transition = transitionOf(view, next, 2n);
    assert.equal(transition.union.epoch, 2n);
    assert.deepEqual(
      transition.union.members.map((m) => [m.party, m.weight]),
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1],
      ],
    );
    assert.equal(transition.union.threshold, 3, 'a majority of the union labels the session');
    assert.deepEqual(transition.newMembers, [1, 3, 4, 5]);
    assert.equal(transition.union.memberByBlsKey(blsPublicKey(joinerKey))?.party, 5);
    assert.equal(transition.union.member(5)?.url, 'http://127.0.0.1:9999');
  });

  test('an envelope is judged against the union only when it names the next epoch', () => {
    const { union } = transitionOf(view, next, 2n);
    assert.equal(viewForEpoch(view, union, 2n), union);
    assert.equal(viewForEpoch(view, union, 1n), view);
    assert.equal(viewForEpoch(view, undefined, 2n), view);
  });

  test('the peer verifier remembers the certificates of two epochs at once, and forgets the oldest of three', () => {
    const verifier = new PeerIdentityVerifier();
    const member = members[1] as (typeof members)[number];
    const claim = (epoch: bigint) => ({
      epoch,
      party: member.party,
      memberPublicKey: blsPublicKey(member.blsSecretKey),
      peerKey: member.identity.peerKey,
      certificate: member.identity.certificate,
    });
    assert.equal(verifier.verify(claim(1n)), 'verified');
    assert.equal(verifier.verify(claim(2n)), 'verified');
    const checks = verifier.checks;
    assert.equal(verifier.verify(claim(1n)), 'verified');
    assert.equal(verifier.verify(claim(2n)), 'verified');
    assert.equal(verifier.checks, checks, 'no pairing again for either epoch');
    verifier.verify(claim(3n));
    assert.equal(verifier.known(claim(1n)), undefined);
    assert.equal(verifier.known(claim(2n)), 'verified');
  });

  test('after an epoch change, sessions the old committee did not finish start again; finished ones close, new ones stay', () => {
    const store = ValidatorStore.open(join(dir, 'restart.sqlite'));
    try {
      const request = (n: number, mpc: string, epoch: bigint) => {
        const sessionId = SessionId.fromBytes(new Uint8Array(32).fill(n));
        store.insertRequest({
          sessionId,
          mpcSessionId: mpc,
          kind: 'sign',
          sessionSequence: n,
          txDigest: `tx${n}`,
          eventName: 'SignRequested',
          event: Buffer.from([n]),
          requestedAt: 0,
        });
        store.insertSession(mpc, 'sign', epoch, 0);
        store.saveState(mpc, new Uint8Array([1, 2, 3]), 'ended', 'completed', 1);
        store.setResult(sessionId, new Uint8Array([9]), 1);
        return sessionId;
      };
      const unfinished = request(1, 'aa', 1n);
      const recorded = request(2, 'bb', 1n);
      const current = request(3, 'cc', 2n);
      store.markRequestOnChain(recorded, 0);
      store.setBatchSequence([unfinished], 1);
      store.insertDecided(1, 1n, new Uint8Array([1]), new Uint8Array([2]), 1);
      store.addOutbox([{ mpcSessionId: 'aa', recipient: 2, envelope: new Uint8Array([7]) }], 1);
      store.insertSession('dd', 'batch/1', 1n, 0);
      store.insertSession('ee', 'batch/2', 2n, 0);
      assert.deepEqual(store.restartSessionsBefore(2n), ['aa']);
      assert.equal(store.session('aa')?.status, 'new');
      assert.equal(store.session('aa')?.state, null);
      assert.equal(store.session('aa')?.epoch, '2');
      assert.equal(store.request(unfinished)?.result, null);
      assert.equal(store.request(unfinished)?.batchSequence, null);
      assert.equal(store.batch(1), undefined, 'the old committee’s uncertified batch is dropped');
      assert.equal(store.outboxSize(), 0);
      assert.notEqual(store.session('bb')?.state, null, 'a session the chain recorded is kept');
      assert.equal(store.session('bb')?.status, 'closed', 'and closed: its committee is gone, it is not planned again');
      assert.equal(store.session('dd')?.status, 'closed', 'the old committee’s batch agreement is closed');
      assert.equal(store.session('ee')?.status, 'new', 'the new committee’s batch agreement stays');
      assert.notEqual(store.request(current)?.result, null, 'a session of the new epoch is kept');
      assert.deepEqual(store.restartSessionsBefore(2n), [], 'once only');
    } finally {
      store.close();
    }
  });

  test('the threshold-keys route serves public keys and refuses a bad id, a bad epoch, and what it does not hold', async () => {
    const id = `0x${'ab'.repeat(32)}`;
    const app = validatorApp({
      inbound: {} as PeerInbound,
      admission: new PeerAdmission(),
      identity: localPeerIdentity(1, new Uint8Array(32).fill(0x1f), new Uint8Array(32).fill(2)),
      epoch: () => 1n,
      decided: () => undefined,
      health: () => ({}),
      thresholdKeys: (networkKeyId, epoch) => (networkKeyId === id && epoch === 1n ? [new Uint8Array([1, 2])] : undefined),
      logger: createLogger('test', { level: 'error' }),
      metrics: new MetricsRegistry(),
    });
    const get = async (path: string) => {
      const response = await app.request(path);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    assert.deepEqual(await get(`/v1/network-keys/${id}/threshold-keys?epoch=1`), {
      status: 200,
      body: { networkKeyId: id, epoch: '1', thresholdKeys: ['0102'] },
    });
    assert.equal((await get(`/v1/network-keys/0xAB/threshold-keys?epoch=1`)).status, 400);
    assert.equal((await get(`/v1/network-keys/${id}/threshold-keys?epoch=-1`)).status, 400);
    assert.equal((await get(`/v1/network-keys/${id}/threshold-keys`)).status, 400);
    assert.equal((await get(`/v1/network-keys/${id}/threshold-keys?epoch=2`)).status, 404);
  });
});

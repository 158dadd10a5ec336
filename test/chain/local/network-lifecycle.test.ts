/**
 * The network key's life and the epoch change through the local chain (issue 15): a network key
 * requested by DKG, activated by a certified `NetworkKeyGenerated`, refused to requests while not
 * ACTIVE, rejected; an epoch change requested with the next committee, completed by a
 * `Reconfigured` certified by the current committee (epoch + 1, a key version per ACTIVE key, the
 * old committee's certificates refused from then on), one at a time, dropped when rejected; bad
 * share-encryption keys and malformed outputs refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { aggregateSignatures, signersBitmap, signResultBatch } from '../../../chain/certificate.ts';
import { Curve, NetworkKeyState, UNATTESTED_THRESHOLD_KEY_DIGEST } from '../../../chain/constants.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { NetworkKey } from '../../../chain/schemas/objects.ts';
import {
  encodeNetworkKeyGeneratedOutput,
  encodeReconfiguredOutput,
  NetworkKeyGeneratedOutputSchema,
  ReconfiguredOutputSchema,
  ResultBatchSchema,
  type SessionResult,
} from '../../../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { assertAbort, assertFrameworkAbort } from '../support/assertions.ts';
import { committeeMembers, Flows, LocalHarness, type Validator, validatorKeys } from '../support/local-harness.ts';

const digest = (fill: number) => new Uint8Array(32).fill(fill);

describe('local chain: network keys and the epoch change', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  async function requestDkg(curves: number[] = [Curve.SECP256K1], preimage = randomSessionPreimage()) {
    const tx = new Transaction();
    h.client.requestNetworkKeyDkg(tx, { adminCap: await h.adminCap(), curves: curves as Curve[], sessionPreimage: preimage });
    return h.exec(tx, h.admin);
  }

  async function requestReconfiguration(validators: Validator[], threshold = 3n, members = committeeMembers(validators)) {
    const tx = new Transaction();
    h.client.requestReconfiguration(tx, { adminCap: await h.adminCap(), members, threshold, sessionPreimage: randomSessionPreimage() });
    return h.exec(tx, h.admin);
  }

  /** A result whose shape the TypeScript encoder would refuse, certified as the network would. */
  async function submitRaw(results: SessionResult[]) {
    const sequence = (await readCoordinator(h.chain)).next_result_sequence;
    const batch = ResultBatchSchema.serialize({ sequence, results }).toBytes();
    const signature = aggregateSignatures(
      [0, 1, 2].map((i) => signResultBatch((h.validators[i] as Validator).secretKey, h.client.deployment.coordinatorId, batch, h.epoch)),
    );
    return h.submit({ epoch: h.epoch, batch, signature, signersBitmap: signersBitmap([0, 1, 2], h.validators.length) });
  }

  async function activeKeyIds(): Promise<string[]> {
    return (await readCoordinator(h.chain)).active_network_keys;
  }

  it('the admin-registered key is ACTIVE with one unattested version', async () => {
    const key = await readObject(h.chain, h.networkKeyId, NetworkKey);
    assert.equal(key.value.state, NetworkKeyState.ACTIVE);
    assert.deepEqual(key.value.session_id, new Uint8Array());
    assert.deepEqual(key.value.versions, [{ epoch: 1n, threshold_key_digest: UNATTESTED_THRESHOLD_KEY_DIGEST }]);
    assert.deepEqual(await activeKeyIds(), [h.networkKeyId]);
  });

  it('a network-key DKG: REQUESTED, refused to requests, then ACTIVE by a certified NetworkKeyGenerated', async () => {
    const requested = h.event(h.ok(await requestDkg([Curve.SECP256K1, Curve.P256]), 'network key DKG'), 'NetworkKeyDkgRequested');
    assert.equal(requested.epoch, 1n);
    assert.equal(requested.requester, h.admin.toSuiAddress());
    assert.deepEqual(requested.curves, [Curve.SECP256K1, Curve.P256]);
    const before = await readObject(h.chain, requested.network_key_id, NetworkKey);
    assert.equal(before.value.state, NetworkKeyState.REQUESTED);
    assert.deepEqual(before.value.session_id, requested.session_id);
    assert.deepEqual(before.value.versions, []);

    const user = await h.user();
    assertAbort(await flows.requestDWallet(user, { networkKeyId: requested.network_key_id }), 'coordinator', 'ENetworkKeyNotActive');

    const output = encodeNetworkKeyGeneratedOutput({
      key_commitment: digest(0x11),
      global_key_parts: new Uint8Array([9, 8, 7]),
      threshold_key_digest: digest(0x22),
    });
    const result = await h.submitResults([{ NetworkKeyGenerated: { session_id: requested.session_id, output } }]);
    const registered = h.event(result, 'NetworkKeyRegistered');
    assert.equal(registered.network_key_id, requested.network_key_id);
    assert.deepEqual(registered.key_commitment, digest(0x11));
    const completed = h.event(result, 'NetworkKeyDkgCompleted');
    assert.deepEqual(completed.threshold_key_digest, digest(0x22));
    assert.equal(completed.network_key_id, requested.network_key_id);

    const key = await readObject(h.chain, requested.network_key_id, NetworkKey);
    assert.equal(key.value.state, NetworkKeyState.ACTIVE);
    assert.deepEqual(key.value.global_key_parts, new Uint8Array([9, 8, 7]));
    assert.deepEqual(key.value.versions, [{ epoch: 1n, threshold_key_digest: digest(0x22) }]);
    assert.deepEqual(await activeKeyIds(), [h.networkKeyId, requested.network_key_id]);
    h.ok(await flows.requestDWallet(user, { networkKeyId: requested.network_key_id, curve: Curve.P256 }), 'dWallet on the new key');
  });

  it('a rejected network-key DKG leaves the key REJECTED, refused to requests', async () => {
    const requested = h.event(h.ok(await requestDkg(), 'network key DKG'), 'NetworkKeyDkgRequested');
    const result = await h.submitResults([
      { Rejected: { session_id: requested.session_id, reason_code: 1, reason: new Uint8Array([1]), blamed: [] } },
    ]);
    assert.equal(h.event(result, 'SessionRejected').target_id, requested.network_key_id);
    assert.equal((await readObject(h.chain, requested.network_key_id, NetworkKey)).value.state, NetworkKeyState.REJECTED);
    assertAbort(
      await flows.requestDWallet(await h.user(), { networkKeyId: requested.network_key_id }),
      'coordinator',
      'ENetworkKeyNotActive',
    );
  });

  it('refuses bad network-key DKG requests and malformed NetworkKeyGenerated outputs', async () => {
    assertAbort(await requestDkg([]), 'coordinator', 'EEmptyCurveList');
    assertAbort(await requestDkg([7]), 'coordinator', 'EUnsupportedCurve');
    assertAbort(await requestDkg([0, 0]), 'coordinator', 'EDuplicateCurve');
    assertAbort(await requestDkg([0], new Uint8Array(31)), 'coordinator', 'EInvalidSessionPreimage');
    const preimage = randomSessionPreimage();
    const requested = h.event(h.ok(await requestDkg([0], preimage)), 'NetworkKeyDkgRequested');
    assertAbort(await requestDkg([0], preimage), 'coordinator', 'ESessionIdReused');
    const session_id = requested.session_id;
    const raw = (fields: { key_commitment: Uint8Array; global_key_parts: Uint8Array; threshold_key_digest: Uint8Array }) =>
      NetworkKeyGeneratedOutputSchema.serialize(fields).toBytes();
    const good = { key_commitment: digest(1), global_key_parts: new Uint8Array([1]), threshold_key_digest: digest(2) };
    const cases: Array<[Uint8Array, string]> = [
      [raw({ ...good, key_commitment: digest(1).slice(1) }), 'EInvalidKeyCommitment'],
      [raw({ ...good, global_key_parts: new Uint8Array() }), 'EEmptyGlobalKeyParts'],
      [raw({ ...good, threshold_key_digest: new Uint8Array(31) }), 'EInvalidThresholdKeyDigest'],
      [Uint8Array.from([...raw(good), 0]), 'ETrailingOutputBytes'],
    ];
    for (const [output, name] of cases) {
      assertAbort(await submitRaw([{ NetworkKeyGenerated: { session_id, output } }]), 'coordinator', name as 'EInvalidKeyCommitment');
    }
    assertFrameworkAbort(await submitRaw([{ NetworkKeyGenerated: { session_id, output: raw(good).slice(0, 40) } }]), 'bcs', 'EOutOfRange');
    assert.throws(() => encodeNetworkKeyGeneratedOutput({ ...good, threshold_key_digest: new Uint8Array(31) }), /threshold key digest/);
    // A result of the wrong kind for the session.
    assertAbort(
      await submitRaw([{ Reconfigured: { session_id, output: ReconfiguredOutputSchema.serialize({ versions: [] }).toBytes() } }]),
      'coordinator',
      'EResultKindMismatch',
    );
    h.ok(await submitRaw([{ NetworkKeyGenerated: { session_id, output: raw(good) } }]), 'the well-formed output');
  });

  it('refuses bad share-encryption keys, in set_committee and request_reconfiguration alike', async () => {
    const next = validatorKeys(4, 40);
    const withKey = (key: Uint8Array) => committeeMembers(next).map((m, i) => (i === 2 ? { ...m, shareEncryptionKey: key } : m));
    const bad = [
      new Uint8Array(32).fill(2),
      Uint8Array.from([4, ...new Uint8Array(32).fill(1)]),
      new Uint8Array(),
      new Uint8Array(65).fill(2),
    ];
    for (const key of bad) {
      const tx = new Transaction();
      h.client.setCommittee(tx, { adminCap: await h.adminCap(), epoch: 9n, members: withKey(key), threshold: 3n });
      assertAbort(await h.exec(tx, h.admin), 'committee', 'EInvalidShareEncryptionKey');
      assertAbort(await requestReconfiguration(next, 3n, withKey(key)), 'committee', 'EInvalidShareEncryptionKey');
    }
    const mismatch = new Transaction();
    const builder = h.client.newCommitteeBuilder(mismatch, { adminCap: await h.adminCap() });
    h.client.call(mismatch, 'add_committee_members', {
      builder,
      public_keys: next.map((v) => v.publicKey),
      proofs_of_possession: committeeMembers(next).map((m) => m.proofOfPossession),
      weights: next.map(() => 1n),
      sui_addresses: next.map((v) => v.address),
      network_addresses: next.map(() => 'peer'),
      share_encryption_keys: next.slice(1).map((v) => v.shareEncryptionKey),
    });
    h.client.requestReconfigurationFromBuilder(mismatch, {
      adminCap: await h.adminCap(),
      builder,
      threshold: 3n,
      sessionPreimage: randomSessionPreimage(),
    });
    assertAbort(await h.exec(mismatch, h.admin), 'committee', 'ELengthMismatch');
    assertAbort(await requestReconfiguration(next, 2n), 'committee', 'EInvalidThreshold');
    assert.equal((await readCoordinator(h.chain)).pending_committee, null);
  });

  it('an epoch change waits for pending network-key DKGs, and a DKG waits for the epoch change (the keys a resharing covers stay fixed)', async () => {
    const next = validatorKeys(4, 60);
    const dkg = h.event(h.ok(await requestDkg(), 'network key DKG'), 'NetworkKeyDkgRequested');
    assert.equal((await readCoordinator(h.chain)).keys_in_generation, 1n);
    assertAbort(await requestReconfiguration(next), 'coordinator', 'ENetworkKeyGenerationPending');
    h.ok(
      await h.submitResults([{ Rejected: { session_id: dkg.session_id, reason_code: 1, reason: new Uint8Array([1]), blamed: [] } }]),
      'DKG rejected',
    );
    assert.equal((await readCoordinator(h.chain)).keys_in_generation, 0n);
    const requested = h.event(h.ok(await requestReconfiguration(next), 'reconfiguration'), 'ReconfigurationRequested');
    assertAbort(await requestDkg(), 'coordinator', 'EReconfigurationPending');
    h.ok(
      await h.submitResults([{ Rejected: { session_id: requested.session_id, reason_code: 1, reason: new Uint8Array(), blamed: [] } }]),
      'reconfiguration rejected',
    );
    const again = h.event(h.ok(await requestDkg(), 'a DKG once no epoch change is pending'), 'NetworkKeyDkgRequested');
    assert.equal((await readCoordinator(h.chain)).keys_in_generation, 1n);
    h.ok(
      await h.submitResults([{ Rejected: { session_id: again.session_id, reason_code: 1, reason: new Uint8Array([1]), blamed: [] } }]),
      'DKG rejected',
    );
  });

  it('a rejected reconfiguration drops the pending committee', async () => {
    const next = validatorKeys(4, 50);
    const requested = h.event(h.ok(await requestReconfiguration(next), 'reconfiguration'), 'ReconfigurationRequested');
    assert.ok((await readCoordinator(h.chain)).pending_committee);
    const result = await h.submitResults([
      { Rejected: { session_id: requested.session_id, reason_code: 1, reason: new Uint8Array(), blamed: [3] } },
    ]);
    assert.equal(h.event(result, 'SessionRejected').target_id, requested.coordinator_id);
    const coordinator = await readCoordinator(h.chain);
    assert.equal(coordinator.pending_committee, null);
    assert.equal(coordinator.epoch, 1n);
  });

  it('an epoch change: requested, one at a time, completed by the old committee; then only the new one certifies', async () => {
    const next = validatorKeys(5, 60);
    const requested = h.event(h.ok(await requestReconfiguration(next, 4n), 'reconfiguration'), 'ReconfigurationRequested');
    const coordinator = await readCoordinator(h.chain);
    assert.equal(requested.coordinator_id, coordinator.id);
    assert.equal(requested.epoch, 1n);
    assert.equal(requested.next_epoch, 2n);
    assert.equal(requested.threshold, 4n);
    assert.equal(requested.total_weight, 5n);
    assert.deepEqual(
      requested.members.map((m) => m.share_encryption_key),
      next.map((v) => v.shareEncryptionKey),
    );
    assertAbort(await requestReconfiguration(validatorKeys(4, 70)), 'coordinator', 'EReconfigurationPending');
    assertAbort(await h.exec(await h.setCommitteeTx(9n, validatorKeys(4, 70)), h.admin), 'coordinator', 'EReconfigurationPending');

    // A session pending across the change, completed by the new committee afterwards.
    const user = await h.user();
    const pending = h.event(h.ok(await flows.requestDWallet(user), 'dWallet request'), 'DWalletDkgRequested');

    const keys = await activeKeyIds();
    const session_id = requested.session_id;
    const versions = keys.map((network_key_id, i) => ({ network_key_id, threshold_key_digest: digest(0x40 + i) }));
    // Malformed or incomplete version lists abort and change nothing.
    const raw = (v: typeof versions) => ReconfiguredOutputSchema.serialize({ versions: v }).toBytes();
    assertAbort(
      await submitRaw([{ Reconfigured: { session_id, output: raw(versions.slice(1)) } }]),
      'coordinator',
      'ENetworkKeyVersionsMismatch',
    );
    assertAbort(
      await submitRaw([{ Reconfigured: { session_id, output: raw([...versions].reverse()) } }]),
      'coordinator',
      'ENetworkKeyVersionsMismatch',
    );
    assertAbort(
      await submitRaw([
        {
          Reconfigured: {
            session_id,
            output: raw([{ ...(versions[0] as (typeof versions)[0]), threshold_key_digest: digest(1).slice(2) }, ...versions.slice(1)]),
          },
        },
      ]),
      'coordinator',
      'EInvalidThresholdKeyDigest',
    );
    assertAbort(
      await submitRaw([{ Reconfigured: { session_id, output: Uint8Array.from([...raw(versions), 9]) } }]),
      'coordinator',
      'ETrailingOutputBytes',
    );
    assert.equal((await readCoordinator(h.chain)).epoch, 1n);

    // The Reconfigured result, certified by the old committee for epoch 1, and a later result of the same batch.
    const pendingUser = await h.user();
    const other = h.event(h.ok(await flows.requestPresign(pendingUser), 'presign request'), 'PresignRequested');
    const certificate = await h.certify([
      { Reconfigured: { session_id, output: encodeReconfiguredOutput({ versions }) } },
      { Rejected: { session_id: other.session_id, reason_code: 2, reason: new Uint8Array(), blamed: [3] } },
    ]);
    const result = h.ok(await h.submit(certificate), 'Reconfigured');
    assert.equal(h.event(result, 'ReconfigurationCompleted').epoch, 2n);
    const set = h.event(result, 'CommitteeSet');
    assert.equal(set.epoch, 2n);
    assert.equal(set.members.length, 5);
    assert.equal(h.event(result, 'SessionRejected').session_id.length, 32);
    const after = await readCoordinator(h.chain);
    assert.equal(after.epoch, 2n);
    assert.equal(after.pending_committee, null);
    assert.equal(after.committee.members.length, 5);
    for (const [i, id] of keys.entries()) {
      const key = await readObject(h.chain, id, NetworkKey);
      assert.deepEqual(key.value.versions.at(-1), { epoch: 2n, threshold_key_digest: digest(0x40 + i) });
    }

    // The old committee for the old epoch is refused; the new committee for the new epoch is accepted.
    const old = await h.certify([{ DWalletDkg: { session_id: pending.session_id, output: new Uint8Array([1]) } }], { epoch: 1n });
    assertAbort(await h.submit(old), 'coordinator', 'EWrongEpoch');
    const oldForNewEpoch = await h.certify([{ DWalletDkg: { session_id: pending.session_id, output: new Uint8Array([1]) } }], {
      epoch: 2n,
      signers: [0, 1, 2, 3],
    });
    assertAbort(await h.submit(oldForNewEpoch), 'committee', 'EInvalidSignature');
    h.validators = next;
    h.epoch = 2n;
    const fresh = await h.certify([{ DWalletDkg: { session_id: pending.session_id, output: new Uint8Array([1]) } }], {
      signers: [0, 1, 2, 3],
    });
    h.ok(await h.submit(fresh), 'the pending session completed by the new committee');
  });
});

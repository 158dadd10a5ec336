/**
 * From request events to sessions (validator/engine/plan.ts), on a real dealt network key: a
 * DKG request runs the verification session and yields the dWallet output; a message that fails
 * verification yields the same rejection at every validator; chain data that cannot start a
 * session is rejected at once with a stable reason (never thrown); a failure of this validator
 * (no key share, an unknown network key) is thrown, so the request waits instead of being rejected.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ChainError } from '../../chain/errors.ts';
import { DWalletDkgRequested, NetworkKeyDkgRequested, ReconfigurationRequested, SignRequested } from '../../chain/schemas/events.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { encodeDWalletOutput, encodePresign, encodeUserDkgMessage } from '../../mpc/ecdsa/messages.ts';
import { encodeKeyShare, encodeNetworkKey, encodeThresholdKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { networkKeyDkgSession } from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { createSession } from '../../mpc/session/runtime.ts';
import { dealerPresign, ecdsaFixture, sessionId } from '../../mpc/testing/ecdsa-fixture.ts';
import { CommitteeView } from '../../validator/committee-view.ts';
import { type PlanContext, planSession } from '../../validator/engine/plan.ts';
import { decodeEntry } from '../../validator/engine/results.ts';
import { ValidatorErrorCodes } from '../../validator/errors.ts';
import type { NetworkKeyShareEntry } from '../../validator/key-file.ts';
import { KeyShareStore } from '../../validator/key-shares.ts';
import { NetworkKeys } from '../../validator/network-keys.ts';
import type { RequestRow } from '../../validator/store/database.ts';
import type { Planned } from '../../validator/types.ts';
import { noChain, requestRow as row, tempDir, testCommittee } from './support.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, thresholdKey, keyShares, curve } = fixture;
const networkKeyId = `0x${'4e'.repeat(32)}`;
const address = `0x${'01'.repeat(32)}`;
const { view } = testCommittee();

function keys(withShare: boolean): NetworkKeys {
  const entries: NetworkKeyShareEntry[] = withShare
    ? [
        {
          curve: 'secp256k1',
          thresholdKey: encodeThresholdKey(curve, thresholdKey),
          keyShare: encodeKeyShare(curve, thresholdKey, keyShares[0] as (typeof keyShares)[0]),
        },
      ]
    : [];
  const networkKeys = new NetworkKeys(noChain, 'key.json', entries);
  networkKeys.register(networkKeyId, encodeNetworkKey([key]));
  return networkKeys;
}

function context(withShare = true, committee = view): PlanContext {
  return {
    keys: keys(withShare),
    view: committee,
    ledgerFor: () => new InMemoryPresignLedger(),
    timeouts: { attemptMs: 1000, attemptIncrementMs: 500, fetchMs: 100 },
    signResendMs: 1000,
    signStandbyWaitMs: 3000,
    network: {
      view: committee,
      // testCommittee registers K = G for every member, so k = 1.
      shareEncryptionSecret: 1n,
      keyShares: new KeyShareStore(join(tempDir('plan-key-shares'), 'network-keys'), () => fixture.setup),
      chain: noChain,
      dkgTimeouts: {},
    },
  };
}

function networkKeyDkgRow(sid: Uint8Array, curves: number[]): RequestRow {
  const event = NetworkKeyDkgRequested.bcs
    .serialize({ session_id: sid, session_sequence: 3n, epoch: 1n, requester: address, network_key_id: networkKeyId, curves })
    .toBytes();
  return row('network-key-dkg', 'NetworkKeyDkgRequested', event, sid);
}

function dkgRow(sid: Uint8Array, message: Uint8Array, networkKey = networkKeyId): RequestRow {
  const event = DWalletDkgRequested.bcs
    .serialize({
      session_id: sid,
      session_sequence: 1n,
      epoch: 1n,
      requester: address,
      dwallet_id: address,
      dwallet_cap_id: address,
      network_key_id: networkKey,
      curve: 0,
      algorithm: 0,
      user_dkg_message: message,
      fee: 0n,
      public_user_share: null,
    })
    .toBytes();
  return row('dkg', 'DWalletDkgRequested', event, sid);
}

function signRow(sid: Uint8Array, fields: { presign: Uint8Array; hashScheme?: number; dwalletOutput: Uint8Array }): RequestRow {
  const event = SignRequested.bcs
    .serialize({
      session_id: sid,
      session_sequence: 2n,
      epoch: 1n,
      requester: address,
      sign_id: address,
      dwallet_id: address,
      network_key_id: networkKeyId,
      curve: 0,
      algorithm: 0,
      hash_scheme: fields.hashScheme ?? 0,
      message: new Uint8Array([1, 2, 3]),
      presign_id: address,
      presign: fields.presign,
      dwallet_output: fields.dwalletOutput,
      user_sign_message: new Uint8Array([9]),
      partial_signature_id: null,
      fee: 0n,
      public_user_share: null,
    })
    .toBytes();
  return row('sign', 'SignRequested', event, sid);
}

/** Runs a planned verification session (it ends in start()) and returns its chain entry. */
function runVerification(planned: Planned, sid: Uint8Array) {
  assert.equal(planned.type, 'session');
  if (planned.type !== 'session') throw new Error('unreachable');
  const machine = createSession(planned.plan.definition, planned.plan.config, { sessionId: sid, self: 1, committee: view.committee });
  const step = machine.start();
  assert.ok(step.result !== null, 'a verification session ends when it starts');
  const [entry] = planned.plan.results(step.result);
  return decodeEntry((entry as { entry: Uint8Array }).entry);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('planning sessions from request events', () => {
  test('a DKG request yields the dWallet output the user expects', async () => {
    const sid = sessionId('plan dkg');
    const dkg = createUserDkgMessage(key, sid, { rng: fixture.rng });
    const entry = runVerification(await planSession('dkg', [dkgRow(sid, encodeUserDkgMessage(curve, dkg.message))], context()), sid);
    assert.deepEqual(
      new Uint8Array((entry as { DWalletDkg: { output: Uint8Array } }).DWalletDkg.output),
      encodeDWalletOutput(dkg.output, key.encryptionKey.setup),
    );
  });

  test('a DKG message bound to another session is rejected, identically at every validator', async () => {
    const sid = sessionId('plan dkg replay');
    const other = createUserDkgMessage(key, sessionId('another session'), { rng: fixture.rng });
    const request = dkgRow(sid, encodeUserDkgMessage(curve, other.message));
    const first = runVerification(await planSession('dkg', [request], context()), sid) as {
      Rejected: { reason_code: number; blamed: number[]; reason: Uint8Array };
    };
    const second = runVerification(await planSession('dkg', [request], context(false)), sid);
    assert.equal(first.Rejected.reason_code, ReasonCodes.ECDSA_INVALID_DKG_MESSAGE);
    assert.deepEqual(first.Rejected.blamed, []);
    assert.deepEqual(second, first);
  });

  test('chain data that cannot start a session is rejected at once, with a stable reason', async () => {
    const dkg = createUserDkgMessage(key, sessionId('plan sign dwallet'), { rng: fixture.rng });
    const dwalletOutput = encodeDWalletOutput(dkg.output, key.encryptionKey.setup);
    const presign = encodePresign(dealerPresign(key, 'plan'), key.encryptionKey.setup);
    const cases: [string, Parameters<typeof signRow>[1], number][] = [
      ['a presign that does not decode', { presign: new Uint8Array([1, 2, 3]), dwalletOutput }, ReasonCodes.REQUEST_MALFORMED as number],
      [
        'a hash scheme the curve does not offer',
        { presign, dwalletOutput, hashScheme: 9 },
        ReasonCodes.ECDSA_UNSUPPORTED_HASH_SCHEME as number,
      ],
    ];
    for (const [name, fields, code] of cases) {
      const sid = sessionId(`plan sign ${name}`);
      const planned = await planSession('sign', [signRow(sid, fields)], context());
      assert.equal(planned.type, 'rejected', name);
      if (planned.type !== 'rejected') continue;
      const entry = decodeEntry((planned.results[0] as { entry: Uint8Array }).entry) as { Rejected: { reason_code: number } };
      assert.equal(entry.Rejected.reason_code, code, name);
    }
  });

  test('a failure of this validator is thrown (the request waits): no key share, an unknown network key', async () => {
    const dkg = createUserDkgMessage(key, sessionId('plan no share'), { rng: fixture.rng });
    const fields = {
      presign: encodePresign(dealerPresign(key, 'no share'), key.encryptionKey.setup),
      dwalletOutput: encodeDWalletOutput(dkg.output, key.encryptionKey.setup),
    };
    assert.equal(
      await codeOf(planSession('sign', [signRow(sessionId('plan no share sign'), fields)], context(false))),
      ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
    );
    const unknown = dkgRow(sessionId('plan unknown key'), new Uint8Array([1]), `0x${'77'.repeat(32)}`);
    await assert.rejects(planSession('dkg', [unknown], context()), (error) => error instanceof ChainError);
  });

  test('a network-key DKG request runs the DKG of its curves under the committee and its registered share-encryption keys', async () => {
    const sid = sessionId('network key dkg');
    const planned = await planSession('network-key-dkg', [networkKeyDkgRow(sid, [0])], context());
    assert.equal(planned.type, 'session');
    if (planned.type !== 'session') return;
    assert.equal(planned.plan.definition, networkKeyDkgSession);
    const config = planned.plan.config as { curves: { curve: { name: string } }[]; access: { threshold: number; weights: number[] } };
    assert.deepEqual(
      config.curves.map((c) => c.curve.name),
      ['secp256k1'],
    );
    assert.equal(config.access.threshold, 3);
    assert.deepEqual([...config.access.weights], [1, 1, 1, 1]);
  });

  test('a network-key DKG whose committee registered a share-encryption key off the curve is rejected at once, alike everywhere', async () => {
    const sid = sessionId('network key dkg, bad key');
    const members = view.members.map((m) => ({
      public_key: m.blsPublicKey,
      weight: BigInt(m.weight),
      sui_address: m.suiAddress,
      network_address: m.url ?? '',
      share_encryption_key: m.index === 2 ? Uint8Array.from([2, ...new Array(32).fill(0)]) : m.shareEncryptionKey,
    }));
    const bad = new CommitteeView(1n, { members, total_weight: 4n, threshold: 3n });
    const planned = await planSession('network-key-dkg', [networkKeyDkgRow(sid, [0])], context(true, bad));
    assert.equal(planned.type, 'rejected');
    if (planned.type !== 'rejected') return;
    const entry = decodeEntry((planned.results[0] as { entry: Uint8Array }).entry) as { Rejected: { reason_code: number } };
    assert.equal(entry.Rejected.reason_code, ReasonCodes.REQUEST_MALFORMED);
  });

  test('a reconfiguration requested in another epoch than this validator’s waits (thrown), in either direction', async () => {
    for (const epoch of [0n, 2n]) {
      const sid = sessionId(`reconfiguration in epoch ${epoch}`);
      const event = ReconfigurationRequested.bcs
        .serialize({
          session_id: sid,
          session_sequence: 4n,
          epoch,
          requester: address,
          coordinator_id: address,
          next_epoch: epoch + 1n,
          members: [],
          total_weight: 0n,
          threshold: 0n,
        })
        .toBytes();
      await assert.rejects(planSession('reconfiguration', [row('reconfiguration', 'ReconfigurationRequested', event, sid)], context()), {
        code: ValidatorErrorCodes.VALIDATOR_REQUEST_INVALID,
      });
    }
  });
});

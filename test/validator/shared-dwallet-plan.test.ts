/**
 * The validators' checks of a shared dWallet's published user share (validator/engine/plan.ts on
 * a real dealt network key): a conversion (`MakeDWalletSharedRequested`) certifies the share when
 * x_A·G is the X_A of the dWallet's output and is rejected otherwise (wrong share, malformed
 * share), a shared DKG (`DWalletDkgRequested.public_user_share`) is accepted only with the share
 * of its own X_A; every verdict is the same at every validator, and a rejection carries the
 * stable reason ECDSA_INVALID_PUBLIC_USER_SHARE with the failed check.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DWalletDkgRequested, MakeDWalletSharedRequested } from '../../chain/schemas/events.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import type { SessionResult } from '../../chain/schemas/result-batch.ts';
import { PublicUserShareChecks } from '../../mpc/ecdsa/dkg/public-share.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';
import { encodeDWalletOutput, encodeUserDkgMessage } from '../../mpc/ecdsa/messages.ts';
import { encodeKeyShare, encodeNetworkKey, encodeThresholdKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { makeSharedVerificationSession } from '../../mpc/ecdsa/protocols/make-shared.ts';
import { createSession } from '../../mpc/session/runtime.ts';
import { ecdsaFixture, sessionId } from '../../mpc/testing/ecdsa-fixture.ts';
import { type PlanContext, planSession, REQUEST_KIND_OF_PROTOCOL } from '../../validator/engine/plan.ts';
import { decodeEntry } from '../../validator/engine/results.ts';
import { NetworkKeys } from '../../validator/network-keys.ts';
import type { RequestRow } from '../../validator/store/database.ts';
import type { Planned } from '../../validator/types.ts';
import { noChain, requestRow as row, testCommittee } from './support.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, thresholdKey, keyShares, curve } = fixture;
const setup = key.encryptionKey.setup;
const networkKeyId = `0x${'4e'.repeat(32)}`;
const address = `0x${'01'.repeat(32)}`;
const { view } = testCommittee();

/** A validator's plan context: holding key share `share` (index into the dealt shares), or none. */
function context(share: number | null): PlanContext {
  const entries =
    share === null
      ? []
      : [
          {
            curve: 'secp256k1' as const,
            thresholdKey: encodeThresholdKey(curve, thresholdKey),
            keyShare: encodeKeyShare(curve, thresholdKey, keyShares[share] as (typeof keyShares)[0]),
          },
        ];
  const keys = new NetworkKeys(noChain, 'key.json', entries);
  keys.register(networkKeyId, encodeNetworkKey([key]));
  return {
    keys,
    view,
    ledgerFor: () => new InMemoryPresignLedger(),
    timeouts: { attemptMs: 1000, attemptIncrementMs: 500, fetchMs: 100 },
    signResendMs: 1000,
    signStandbyWaitMs: 0,
    network: {} as PlanContext['network'],
  };
}

function makeSharedRow(sid: Uint8Array, dwalletOutput: Uint8Array, publicUserShare: Uint8Array): RequestRow {
  const event = MakeDWalletSharedRequested.bcs
    .serialize({
      session_id: sid,
      session_sequence: 7n,
      epoch: 1n,
      requester: address,
      dwallet_id: address,
      network_key_id: networkKeyId,
      curve: 0,
      algorithm: 0,
      dwallet_output: dwalletOutput,
      public_user_share: publicUserShare,
      fee: 0n,
    })
    .toBytes();
  return row('make-shared', 'MakeDWalletSharedRequested', event, sid);
}

function sharedDkgRow(sid: Uint8Array, message: Uint8Array, publicUserShare: Uint8Array | null): RequestRow {
  const event = DWalletDkgRequested.bcs
    .serialize({
      session_id: sid,
      session_sequence: 1n,
      epoch: 1n,
      requester: address,
      dwallet_id: address,
      dwallet_cap_id: address,
      network_key_id: networkKeyId,
      curve: 0,
      algorithm: 0,
      user_dkg_message: message,
      fee: 0n,
      public_user_share: publicUserShare,
    })
    .toBytes();
  return row('dkg', 'DWalletDkgRequested', event, sid);
}

/** Runs a planned verification session as validator `self` and returns its one chain entry. */
function runVerification(planned: Planned, sid: Uint8Array, self = 1): SessionResult {
  assert.equal(planned.type, 'session');
  if (planned.type !== 'session') throw new Error('unreachable');
  const machine = createSession(planned.plan.definition, planned.plan.config, { sessionId: sid, self, committee: view.committee });
  const step = machine.start();
  assert.ok(step.result !== null, 'a verification session ends when it starts');
  const entries = planned.plan.results(step.result);
  assert.equal(entries.length, 1);
  return decodeEntry((entries[0] as { entry: Uint8Array }).entry);
}

/** The verdict of every validator (each with its own key share, one with none): they must agree. */
async function verdictOfEveryValidator(kind: 'make-shared' | 'dkg', request: RequestRow, sid: Uint8Array): Promise<SessionResult> {
  const verdicts: SessionResult[] = [];
  for (const [index, share] of [0, 1, 2, 3, null].entries()) {
    verdicts.push(runVerification(await planSession(kind, [request], context(share)), sid, (index % 4) + 1));
  }
  for (const verdict of verdicts.slice(1)) assert.deepEqual(verdict, verdicts[0], 'every validator reaches the same verdict');
  return verdicts[0] as SessionResult;
}

function assertRejected(result: SessionResult, check: string): void {
  assert.ok('Rejected' in result, `a rejection, got ${Object.keys(result).join()}`);
  assert.equal(result.Rejected.reason_code, ReasonCodes.ECDSA_INVALID_PUBLIC_USER_SHARE);
  assert.deepEqual(result.Rejected.blamed, []);
  assert.deepEqual(result.Rejected.reason, utf8ToBytes(`${EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE}/${check}`));
}

describe('validators: a shared dWallet’s published user share', () => {
  const user = createUserDkgMessage(key, sessionId('shared dWallet'), { rng: fixture.rng });
  const dwalletOutput = encodeDWalletOutput(user.output, setup);
  const share = curve.encodeScalar(user.secretShare);

  test('the make-shared protocol serves the make-shared request kind', () => {
    assert.equal(REQUEST_KIND_OF_PROTOCOL[makeSharedVerificationSession.protocol], 'make-shared');
  });

  test('a conversion with the dWallet’s own x_A is certified as a DWalletShared result carrying the share', async () => {
    const sid = sessionId('make shared: accepted');
    const result = await verdictOfEveryValidator('make-shared', makeSharedRow(sid, dwalletOutput, share), sid);
    assert.ok('DWalletShared' in result, `accepted, got ${JSON.stringify(Object.keys(result))}`);
    assert.deepEqual(new Uint8Array(result.DWalletShared.session_id), sid);
    assert.deepEqual(new Uint8Array(result.DWalletShared.public_user_share), share);
  });

  test('a conversion with another scalar is rejected: x_A·G ≠ X_A', async () => {
    const sid = sessionId('make shared: wrong share');
    const other = curve.encodeScalar((user.secretShare % (curve.order - 1n)) + 1n);
    assertRejected(
      await verdictOfEveryValidator('make-shared', makeSharedRow(sid, dwalletOutput, other), sid),
      PublicUserShareChecks.MISMATCH,
    );
    // The x_A of another dWallet is not this one's either.
    const stranger = createUserDkgMessage(key, sessionId('another dWallet'), { rng: fixture.rng });
    const theirs = curve.encodeScalar(stranger.secretShare);
    assertRejected(
      await verdictOfEveryValidator('make-shared', makeSharedRow(sid, dwalletOutput, theirs), sid),
      PublicUserShareChecks.MISMATCH,
    );
  });

  test('a malformed share is rejected: zero, not below q, not 32 bytes', async () => {
    const q = curve.order;
    const cases: [string, Uint8Array, string][] = [
      ['zero', new Uint8Array(32), PublicUserShareChecks.RANGE],
      ['q', Uint8Array.from(Buffer.from(q.toString(16).padStart(64, '0'), 'hex')), PublicUserShareChecks.RANGE],
      ['all ones', new Uint8Array(32).fill(0xff), PublicUserShareChecks.RANGE],
      ['31 bytes', share.subarray(1), PublicUserShareChecks.LENGTH],
      ['33 bytes', Uint8Array.from([0, ...share]), PublicUserShareChecks.LENGTH],
    ];
    for (const [name, bytes, check] of cases) {
      const sid = sessionId(`make shared: ${name}`);
      assertRejected(await verdictOfEveryValidator('make-shared', makeSharedRow(sid, dwalletOutput, bytes), sid), check);
    }
  });

  test('a conversion whose dWallet output does not decode is rejected at once as malformed', async () => {
    const sid = sessionId('make shared: bad output');
    const planned = await planSession('make-shared', [makeSharedRow(sid, new Uint8Array([1, 2, 3]), share)], context(0));
    assert.equal(planned.type, 'rejected');
    if (planned.type !== 'rejected') return;
    const entry = decodeEntry((planned.results[0] as { entry: Uint8Array }).entry) as { Rejected: { reason_code: number } };
    assert.equal(entry.Rejected.reason_code, ReasonCodes.REQUEST_MALFORMED);
  });

  test('a shared DKG is accepted with the share of its X_A and yields the same output as a zero-trust one', async () => {
    const sid = sessionId('shared dkg');
    const dkg = createUserDkgMessage(key, sid, { rng: fixture.rng });
    const message = encodeUserDkgMessage(curve, dkg.message);
    const shared = await verdictOfEveryValidator('dkg', sharedDkgRow(sid, message, curve.encodeScalar(dkg.secretShare)), sid);
    assert.ok('DWalletDkg' in shared);
    assert.deepEqual(new Uint8Array(shared.DWalletDkg.output), encodeDWalletOutput(dkg.output, setup));
    const zeroTrust = runVerification(await planSession('dkg', [sharedDkgRow(sid, message, null)], context(0)), sid);
    assert.deepEqual(zeroTrust, shared);
  });

  test('a shared DKG with a share that is not its x_A, or malformed, is rejected', async () => {
    const sid = sessionId('shared dkg: wrong share');
    const dkg = createUserDkgMessage(key, sid, { rng: fixture.rng });
    const message = encodeUserDkgMessage(curve, dkg.message);
    const wrong = curve.encodeScalar((dkg.secretShare % (curve.order - 1n)) + 1n);
    assertRejected(await verdictOfEveryValidator('dkg', sharedDkgRow(sid, message, wrong), sid), PublicUserShareChecks.MISMATCH);
    assertRejected(await verdictOfEveryValidator('dkg', sharedDkgRow(sid, message, new Uint8Array(32)), sid), PublicUserShareChecks.RANGE);
    assertRejected(
      await verdictOfEveryValidator('dkg', sharedDkgRow(sid, message, new Uint8Array(31).fill(1)), sid),
      PublicUserShareChecks.LENGTH,
    );
  });
});

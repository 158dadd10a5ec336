/**
 * What sessions put on chain: entries are deterministic encodings, user-message rejections carry
 * stable reason codes, and an aborted session's rejection names the blamed validators by committee
 * index — which the chain records in its SessionRejected event when the batch is certified.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { OTHER_REASON, ReasonCodes, reasonCode } from '../../chain/schemas/rejection-reasons.ts';
import { SessionId } from '../../chain/session-id.ts';
import { EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';
import { BlameReasons } from '../../mpc/session/errors.ts';
import { abortedEntries } from '../../validator/engine/plan.ts';
import { decodeEntry, encodeEntry, rejection } from '../../validator/engine/results.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { testCommittee } from './support.ts';

describe('session results on chain', () => {
  test('reason codes are stable and distinct; unknown codes map to OTHER', () => {
    assert.equal(reasonCode(EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE), 3);
    assert.equal(reasonCode('SESSION_ABORTED'), 101);
    assert.equal(reasonCode('SOMETHING_ELSE'), OTHER_REASON);
    const values = Object.values(ReasonCodes);
    assert.equal(new Set(values).size, values.length);
  });

  test('a rejection is a deterministic encoding: code/check as reason, blamed sorted', () => {
    const sid = new Uint8Array(32).fill(3);
    const entry = encodeEntry(rejection(sid, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE, 'proof:ct_A', [3, 1]));
    assert.deepEqual(entry, encodeEntry(rejection(sid, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE, 'proof:ct_A', [1, 3])));
    const decoded = decodeEntry(entry) as { Rejected: { reason: Uint8Array; blamed: number[]; reason_code: number } };
    assert.deepEqual(new Uint8Array(decoded.Rejected.reason), utf8ToBytes('ECDSA_INVALID_SIGN_MESSAGE/proof:ct_A'));
    assert.deepEqual(decoded.Rejected.blamed, [1, 3]);
    assert.equal(decoded.Rejected.reason_code, 3);
  });

  test('an aborted session blames its culprits by committee index, and the chain records them', async () => {
    const { view } = testCommittee();
    const harness = await LocalHarness.create();
    try {
      const flows = new Flows(harness);
      const user = await harness.user();
      const requested = harness.event(harness.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
      const culprits = [4, 2].map((party) => ({
        party,
        reason: BlameReasons.INVALID_DECRYPTION_SHARE,
        round: 1,
        detail: '',
        evidence: [new Uint8Array([1])],
      }));
      const entries = abortedEntries(view, [{ sessionId: SessionId.fromBytes(requested.session_id) }], {
        status: 'aborted',
        reason: 'too many faulty validators',
        culprits,
      });
      assert.ok(entries !== undefined && entries.length === 1);
      const result = decodeEntry((entries[0] as { entry: Uint8Array }).entry);
      assert.deepEqual((result as { Rejected: { blamed: number[] } }).Rejected.blamed, [1, 3]);
      const landed = await harness.submitResults([result]);
      const rejected = harness.event(landed, 'SessionRejected');
      assert.deepEqual(rejected.blamed, [1, 3]);
      assert.equal(rejected.reason_code, ReasonCodes.SESSION_ABORTED);
      assert.equal(
        abortedEntries(view, [{ sessionId: SessionId.fromBytes(requested.session_id) }], {
          status: 'completed',
          output: null,
          blame: culprits,
        }),
        undefined,
      );
    } finally {
      harness.close();
    }
  });
});

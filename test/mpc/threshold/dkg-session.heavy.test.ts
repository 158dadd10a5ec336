import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoundMessage } from '../../../mpc/session/message.ts';
import { silentOn } from '../../../mpc/testing/behaviour.ts';
import { DkgBlameReasons, DkgKinds } from '../../../mpc/threshold/dkg/rounds.ts';
import { blamed, dkgHarness } from './dkg-harness.ts';

describe('DKG session, larger committees (112-bit setup)', () => {
  test('7 weighted validators (W = 11, t = 8): a bad share, a bad commitment and a silent dealer, under restarts and reordering', () => {
    const h = dkgHarness([3, 2, 2, 1, 1, 1, 1], 8, 'dkg heavy weighted');
    // Party 5 corrupts the share of virtual id 1 (party 1's); party 6 commits to another C_1; party 7 deals nothing.
    const badShare = h.corruptShare(1);
    const badCommitment = h.shiftCommitment(1);
    const net = h.network(
      'dkg heavy weighted',
      new Map([
        [5, badShare],
        [6, badCommitment],
        [7, silentOn((m: RoundMessage) => m.kind === DkgKinds.DEALING)],
      ]),
      { restartRate: 0.05, delayRate: 0.2 },
    );
    const results = h.runToKey(net, [1, 2, 3, 4]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
      assert.deepEqual(blamed(result), [`5:${DkgBlameReasons.INVALID_SHARE}`, `6:${DkgBlameReasons.INVALID_SHARE}`]);
    }
  });

  test('16 validators (t = 11), honest: one key', () => {
    const h = dkgHarness(new Array<number>(16).fill(1), 11, 'dkg heavy 16');
    const parties = Array.from({ length: 16 }, (_, i) => i + 1);
    const results = h.runToKey(h.network('dkg heavy 16'), parties);
    for (const result of results.values()) assert.deepEqual(result.output.qualified, parties);
    console.log(`# honest DKG n = 16 in process: ${h.lastRunMs().toFixed(0)} ms (one thread)`);
  });
});

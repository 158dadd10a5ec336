import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { testRng } from '../../support/random.ts';
import { curve, sessionIdOf } from './fixtures.ts';
import { secretOf, type TwoRoundOutput, twoRounds } from './two-rounds.ts';

function network(seed: string, options: { restartRate?: number; delayRate?: number; dropRate?: number } = {}) {
  const committee = uniformCommittee(4, 3);
  const sessionId = sessionIdOf(seed);
  const params = (party: PartyId) => ({ sessionId, self: party, committee, rng: testRng(`${seed}/${party}`) });
  return new TestNetwork<TwoRoundOutput>({
    committee,
    seed,
    ...options,
    create: (party) => createSession(twoRounds, null, params(party)),
    restore: (party, state) => restoreSession(twoRounds, null, params(party), state),
  });
}

test('a protocol of two aggregation rounds, the second built on the first’s output, completes under restarts and reordering', () => {
  for (let i = 0; i < 3; i++) {
    const net = network(`two rounds ${i}`, { restartRate: 0.2, delayRate: 0.2, dropRate: 0.05 });
    net.start();
    net.run({ maxSteps: 20_000 });
    let agreed: TwoRoundOutput | undefined;
    for (const party of [1, 2, 3, 4]) {
      const result = net.result(party);
      assert.equal(result?.status, 'completed', `party ${party}`);
      if (result?.status !== 'completed') continue;
      const { first, second, contributors } = result.output;
      const x1 = (contributors[0] as PartyId[]).reduce((sum, p) => sum + secretOf(p, 1), 0n);
      const y = (contributors[1] as PartyId[]).reduce((sum, p) => sum + secretOf(p, 2), 0n);
      assert.ok(first.equals(curve.multiply(curve.generator, x1)));
      assert.ok(second.equals(curve.multiply(curve.generator, x1 * y)));
      agreed ??= result.output;
      assert.ok(first.equals(agreed.first as CurvePoint) && second.equals(agreed.second as CurvePoint));
    }
    assert.ok(net.stats.restarts > 0);
    assert.deepEqual(net.refusals, []);
  }
});

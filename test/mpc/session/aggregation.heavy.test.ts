/**
 * Larger committees and many schedules: agreement and correctness of the aggregate with several
 * Byzantine parties (of total weight up to the committee's tolerance) acting at random, message
 * loss, delays and restarts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Statement } from '../../../mpc/proofs/language.ts';
import type { AggregationOutput } from '../../../mpc/session/aggregation.ts';
import { type Committee, createCommittee, type PartyId, setWeight, uniformCommittee } from '../../../mpc/session/committee.ts';
import type { Behaviour } from '../../../mpc/testing/behaviour.ts';
import { badProof, chaos } from './adversary.ts';
import { aggregateEquals, dlNetwork, expectedAggregate } from './fixtures.ts';

function check(
  committee: Committee,
  seed: string,
  byzantine: ReadonlyMap<PartyId, Behaviour>,
  rates: { dropRate: number; delayRate: number; restartRate: number },
) {
  const { network } = dlNetwork({ committee, seed, behaviours: byzantine, ...rates, maxDelayMs: 5_000 });
  network.start();
  network.run({ maxSteps: 200_000 });
  let agreed: AggregationOutput<Statement[][]> | undefined;
  for (const party of network.honestParties()) {
    const result = network.result(party);
    assert.equal(result?.status, 'completed', `${seed}: party ${party}`);
    if (result?.status !== 'completed') continue;
    agreed ??= result.output;
    assert.deepEqual(result.output.contributors, agreed.contributors, `${seed}: party ${party} disagrees`);
    assert.ok(setWeight(committee, result.output.contributors) >= committee.threshold);
    assert.ok(aggregateEquals(result.output, expectedAggregate(result.output.contributors)), `${seed}: wrong aggregate`);
    for (const blame of network.machine(party).blames) assert.ok(byzantine.has(blame.party), `${seed}: honest party ${blame.party} blamed`);
  }
  return network;
}

test('n = 16 and weighted committees of 10, with Byzantine weight up to the tolerance', () => {
  const committees: [string, Committee][] = [
    ['16 equal', uniformCommittee(16, 11)],
    ['10 weighted', createCommittee([5, 1, 2, 3, 1, 1, 4, 2, 1, 2], 15)],
  ];
  for (const [name, committee] of committees) {
    for (let i = 0; i < 6; i++) {
      const seed = `${name} ${i}`;
      const byzantine = new Map<PartyId, Behaviour>();
      let weight = 0;
      for (let party = committee.weights.length; party >= 1 && byzantine.size < 5; party -= 1 + (i % 3)) {
        const w = committee.weights[party - 1] as number;
        if (weight + w > committee.faultTolerance) continue;
        weight += w;
        byzantine.set(party, byzantine.size % 2 === 0 ? chaos(committee, `${seed}/${party}`) : badProof());
      }
      const network = check(committee, seed, byzantine, { dropRate: 0.05, delayRate: 0.2, restartRate: 0.02 });
      assert.ok(network.stats.delivered > 0);
    }
  }
});

test('many schedules of n = 4 with a random Byzantine party', () => {
  const committee = uniformCommittee(4, 3);
  for (let i = 0; i < 40; i++) {
    const seed = `many ${i}`;
    check(committee, seed, new Map([[(i % 4) + 1, chaos(committee, seed)]]), { dropRate: 0.1, delayRate: 0.3, restartRate: 0.05 });
  }
});

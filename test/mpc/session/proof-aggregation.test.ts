import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { aggregateHolds, aggregationChallenges, shareHolds, shareWellFormed } from '../../../mpc/proofs/aggregation.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { dlLanguage } from '../../../mpc/proofs/languages/dl.ts';
import type { AggregationOutput } from '../../../mpc/session/aggregation.ts';
import { proofAggregationSession } from '../../../mpc/session/aggregation-session.ts';
import { type Committee, type PartyId, setWeight, uniformCommittee } from '../../../mpc/session/committee.ts';
import { BlameReasons } from '../../../mpc/session/errors.ts';
import type { RoundMessage } from '../../../mpc/session/message.ts';
import { type ProofAggregationConfig, type RevealPayload, revealSchema, revealWeight } from '../../../mpc/session/proof-aggregation.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type Behaviour, rewritePayloads, silentOn } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { testRng } from '../../support/random.ts';
import { aggregateEquals, COUNT, curve, expectedAggregate, parts, sessionIdOf, TIMEOUTS, witnessesOf } from './fixtures.ts';

type Output = AggregationOutput<Statement[][]>;
const PROTOCOL = 'test/dl-proof-aggregation';
const NAME = 'test/aggregated';
const COMMIT_ROUND = 1;
const REVEAL_ROUND = 2;
const definition = proofAggregationSession<Statement[][]>(PROTOCOL);
const reveal = revealSchema(parts);

function configFor(party: PartyId): ProofAggregationConfig<Statement[][]> {
  return {
    commitRound: COMMIT_ROUND,
    revealRound: REVEAL_ROUND,
    name: NAME,
    parts,
    witnesses: () => [witnessesOf(party)],
    timeouts: TIMEOUTS,
  };
}

interface Setup {
  readonly committee: Committee;
  readonly seed: string;
  readonly behaviours?: ReadonlyMap<PartyId, Behaviour>;
  readonly restartRate?: number;
  readonly dropRate?: number;
}

function run(setup: Setup): TestNetwork<Output> {
  const sessionId = sessionIdOf(setup.seed);
  const params = (party: PartyId) => ({ sessionId, self: party, committee: setup.committee, rng: testRng(`${setup.seed}/party ${party}`) });
  const network = new TestNetwork<Output>({
    ...setup,
    create: (party) => createSession(definition, configFor(party), params(party)),
    restore: (party, state) => restoreSession(definition, configFor(party), params(party), state),
  });
  network.start();
  network.run({ maxSteps: 50_000 });
  return network;
}

/** Every honest party completed with the same contributors and aggregate; returns the output. */
function agreed(network: TestNetwork<Output>): Output {
  let first: Output | undefined;
  for (const party of network.honestParties()) {
    const result = network.result(party);
    assert.equal(result?.status, 'completed', `party ${party}: ${result?.status === 'aborted' ? result.reason : 'did not finish'}`);
    if (result?.status !== 'completed') continue;
    if (first === undefined) {
      first = result.output;
      continue;
    }
    assert.deepEqual(result.output.contributors, first.contributors);
    assert.ok(aggregateEquals(result.output, first.aggregate[0]?.map((s) => s[0]) as CurvePoint[]));
  }
  return first as Output;
}

function assertCorrect(network: TestNetwork<Output>, output: Output, excluded: readonly PartyId[]): void {
  // More than the tolerated faulty weight W − t: an honest contributor at least (revealWeight).
  assert.ok(setWeight(network.committee, output.contributors) >= revealWeight(network.committee));
  for (const party of excluded) assert.ok(!output.contributors.includes(party), `party ${party} is a contributor`);
  assert.ok(aggregateEquals(output, expectedAggregate(output.contributors)), 'the aggregate is not the contributors’ sum');
}

/**
 * Honest parties blame nobody but the culprit, and the ones that judged a list holding its reveal
 * (at least the reveal round's proposer, which waits for every reveal) name it.
 */
function assertNamedOnly(network: TestNetwork<Output>, culprit: PartyId): void {
  let named = 0;
  for (const party of network.honestParties()) {
    const blamed = new Set(network.machine(party).blames.map((b) => b.party));
    for (const other of blamed) assert.equal(other, culprit, `party ${party} blamed ${other}`);
    if (blamed.has(culprit)) named += 1;
  }
  assert.ok(named > 0, 'no honest party named the culprit');
}

/** Rewrites the party's reveal (round 2 contribution). */
function rewriteReveal(change: (value: RevealPayload) => RevealPayload): Behaviour {
  return rewritePayloads('contribution', (payload: Uint8Array, message: RoundMessage) =>
    message.round === REVEAL_ROUND ? reveal.serialize(change(decodeExact(reveal, payload))).toBytes() : payload,
  );
}

function shiftResponse(value: RevealPayload, by: bigint): RevealPayload {
  const [part] = value.contribution.parts;
  if (part === undefined) throw new Error('no part');
  const z = part.proof.responses[0] as bigint;
  return {
    ...value,
    contribution: { parts: [{ ...part, proof: { ...part.proof, responses: [(((z + by) % curve.order) + curve.order) % curve.order] } }] },
  };
}

describe('proof aggregation: honest committees', () => {
  for (const [n, t] of [
    [4, 3],
    [7, 5],
    [10, 7],
  ] as const) {
    test(`n = ${n}, t = ${t}: every party outputs the same, correct sum, nobody is blamed`, () => {
      const network = run({ committee: uniformCommittee(n, t), seed: `honest ${n}` });
      const output = agreed(network);
      assertCorrect(network, output, []);
      // The proposers wait for every commitment and every reveal: every party contributes.
      assert.equal(output.contributors.length, n);
      for (const party of network.honestParties()) assert.deepEqual(network.machine(party).blames, []);
    });
  }

  test('message loss and restarts (a restarted party keeps its opening until it has revealed)', () => {
    const network = run({ committee: uniformCommittee(4, 3), seed: 'restarts', restartRate: 0.1, dropRate: 0.05 });
    assert.ok(network.stats.restarts > 0);
    assertCorrect(network, agreed(network), []);
  });
});

describe('proof aggregation: misbehaviour', () => {
  const four = uniformCommittee(4, 3);

  test('a wrong response: named by the parties that judge it (the same per-party check everywhere), blamed with its reveal, left out; the output forms', () => {
    for (const culprit of [1, 3] as const) {
      const network = run({
        committee: four,
        seed: `wrong response ${culprit}`,
        behaviours: new Map([[culprit, rewriteReveal((v) => shiftResponse(v, 1n))]]),
      });
      const output = agreed(network);
      assertCorrect(network, output, [culprit]);
      assertNamedOnly(network, culprit);
      for (const party of network.honestParties()) {
        for (const blame of network.machine(party).blames) {
          assert.equal(blame.reason, BlameReasons.INVALID_CONTRIBUTION);
          const evidence = network.keys.open(blame.evidence[0] as Uint8Array).message;
          assert.equal(evidence.sender, culprit);
          assert.equal(evidence.round, REVEAL_ROUND);
        }
      }
    }
  });

  test('a reveal that does not open its commitment (another statement): blamed and left out', () => {
    const culprit = 2;
    const moved = rewriteReveal((value) => {
      const [part] = value.contribution.parts;
      if (part === undefined) throw new Error('no part');
      const [first, ...rest] = part.statements;
      const statement = [((first as Statement)[0] as CurvePoint).add(curve.generator)];
      return { ...value, contribution: { parts: [{ ...part, statements: [statement, ...rest] }] } };
    });
    const network = run({ committee: four, seed: 'mismatch', behaviours: new Map([[culprit, moved]]) });
    const output = agreed(network);
    assertCorrect(network, output, [culprit]);
    assertNamedOnly(network, culprit);
    for (const party of network.honestParties()) {
      for (const blame of network.machine(party).blames) assert.match(blame.detail, /does not open its commitment/);
    }
  });

  test('a response out of range is refused on arrival; its sender is dropped like a silent one', () => {
    const culprit = 4;
    const outOfRange = rewriteReveal((value) => {
      const [part] = value.contribution.parts;
      if (part === undefined) throw new Error('no part');
      return { ...value, contribution: { parts: [{ ...part, proof: { ...part.proof, responses: [curve.order] } }] } };
    });
    let threw = false;
    try {
      run({ committee: four, seed: 'range', behaviours: new Map([[culprit, outOfRange]]) });
    } catch {
      // The schema refuses to even encode z = q: a response out of range cannot be sent as a reveal.
      threw = true;
    }
    assert.ok(threw);
    // The per-party range check that guards the equations (proofs/aggregation.ts).
    const language = dlLanguage(curve);
    const statements = witnessesOf(1).map((w) => language.map(w));
    const share = { statements, mask: language.map([1n]), responses: [curve.order] };
    assert.match(shareWellFormed(language, share, COUNT) ?? '', /out of range/);
  });

  test('a party silent after its commitment is dropped, never blamed', () => {
    for (const culprit of [1, 4] as const) {
      const network = run({
        committee: four,
        seed: `silent after commit ${culprit}`,
        behaviours: new Map([[culprit, silentOn((m) => m.round === REVEAL_ROUND)]]),
      });
      const output = agreed(network);
      assertCorrect(network, output, [culprit]);
      for (const party of network.honestParties()) assert.deepEqual(network.machine(party).blames, []);
    }
  });

  test('a committed set whose honest members weigh less than t (a member withholds its reveal): the honest reveals, weighing more than W − t, complete it', () => {
    // Party 3's commitment never arrives, so S = {1, 2, 4}; party 4 then withholds its reveal. The
    // honest members of S weigh 2 < t = 3 — with a reveal list of weight t the round would wait
    // for ever — and 2 > W − t = 1, so their list is valid.
    const network = run({
      committee: four,
      seed: 'minimal committed set',
      behaviours: new Map([
        [3, silentOn((m) => m.round === COMMIT_ROUND)],
        [4, silentOn((m) => m.round === REVEAL_ROUND)],
      ]),
    });
    const output = agreed(network);
    assert.deepEqual(output.contributors, [1, 2]);
    assertCorrect(network, output, [3, 4]);
    for (const party of network.honestParties()) assert.deepEqual(network.machine(party).blames, []);
  });

  test('two responses off by +δ and −δ: the output is the right sum (both in, the aggregate holding, or both out, named) and the same everywhere', () => {
    const network = run({
      committee: uniformCommittee(7, 5),
      seed: 'cancelling',
      behaviours: new Map([
        [2, rewriteReveal((v) => shiftResponse(v, 5n))],
        [3, rewriteReveal((v) => shiftResponse(v, -5n))],
      ]),
    });
    const output = agreed(network);
    assertCorrect(network, output, []);
    assert.equal(output.contributors.includes(2), output.contributors.includes(3));
    for (const party of network.honestParties()) {
      for (const blame of network.machine(party).blames) assert.ok(blame.party === 2 || blame.party === 3);
    }
  });

  test('unit: the aggregate equation and the per-party equation that names a culprit', () => {
    const language = dlLanguage(curve);
    const context = { protocol: PROTOCOL, sessionId: sessionIdOf('unit'), round: NAME };
    const e = aggregationChallenges(context, [{ party: 1, commitment: new Uint8Array(32) }], 'dl', language, COUNT);
    const shares = [1, 2, 3].map((party) => {
      const w = witnessesOf(party);
      const r = BigInt(party) * 7n;
      const z = (r + w.reduce((acc, wi, i) => acc + (e[i] as bigint) * (wi[0] as bigint), 0n)) % curve.order;
      return { statements: w.map((wi) => language.map(wi)), mask: language.map([r]), responses: [z] };
    });
    assert.ok(aggregateHolds(language, shares, e));
    const bad = [...shares];
    bad[1] = { ...(shares[1] as (typeof shares)[number]), responses: [((shares[1]?.responses[0] as bigint) + 1n) % curve.order] };
    assert.ok(!aggregateHolds(language, bad, e));
    assert.deepEqual(
      bad.map((s) => shareHolds(language, s, e)),
      [true, false, true],
    );
  });
});

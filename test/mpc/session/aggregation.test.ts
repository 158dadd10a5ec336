import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Statement } from '../../../mpc/proofs/language.ts';
import type { AggregationOutput, ContributorList } from '../../../mpc/session/aggregation.ts';
import { type Committee, createCommittee, type PartyId, parties, setWeight, uniformCommittee } from '../../../mpc/session/committee.ts';
import { BlameReasons, SessionErrorCodes } from '../../../mpc/session/errors.ts';
import { encodeRoundMessage, messageDigest, sameBytes } from '../../../mpc/session/message.ts';
import { ProposerSchedule } from '../../../mpc/session/proposer.ts';
import { type Behaviour, equivocate, silent, silentOn } from '../../../mpc/testing/behaviour.ts';
import { TestKeys, TestTransportErrorCodes } from '../../../mpc/testing/envelope.ts';
import type { TestNetwork } from '../../../mpc/testing/network.ts';
import { badContribution, badProof, badProofPayload, chaos, codecs } from './adversary.ts';
import { aggregateEquals, contributionBytes, dlNetwork, expectedAggregate, type NetworkSetup, ROUND, sessionIdOf } from './fixtures.ts';

type Network = TestNetwork<AggregationOutput<Statement[][]>>;
type Output = AggregationOutput<Statement[][]>;

const four = uniformCommittee(4, 3);

function proposerOf(seed: string, committee: Committee, attempt: number): PartyId {
  return new ProposerSchedule(committee, sessionIdOf(seed), ROUND).proposer(attempt);
}

function run(setup: NetworkSetup, maxSteps = 20_000): Network {
  const { network } = dlNetwork(setup);
  network.start();
  network.run({ maxSteps });
  const honest = new Set(network.honestParties());
  assert.deepEqual(
    network.refusals.filter((r) => honest.has(r.party)).map((r) => `${r.party}: ${r.error.message}`),
    [],
  );
  return network;
}

/** Every honest party completed with the same contributors and aggregate; returns that output. */
function agreedOutput(network: Network): Output {
  let agreed: Output | undefined;
  for (const party of network.honestParties()) {
    const result = network.result(party);
    assert.equal(
      result?.status,
      'completed',
      `party ${party} did not complete: ${result?.status === 'aborted' ? result.reason : result?.status}`,
    );
    if (result?.status !== 'completed') continue;
    if (agreed === undefined) {
      agreed = result.output;
      continue;
    }
    assert.deepEqual(result.output.contributors, agreed.contributors, `party ${party} agreed on other contributors`);
    assert.ok(aggregateEquals(result.output, agreed.aggregate[0]?.map((s) => s[0]) as never), `party ${party} has another aggregate`);
  }
  return agreed as Output;
}

/** The output is right: contributors of weight ≥ t, none of `excluded`, and the sum of their true statements. */
function assertCorrect(network: Network, output: Output, excluded: readonly PartyId[] = [], variants = new Map<PartyId, number>()): void {
  assert.ok(setWeight(network.committee, output.contributors) >= network.committee.threshold);
  for (const party of excluded) assert.ok(!output.contributors.includes(party), `culprit ${party} is a contributor`);
  assert.ok(
    aggregateEquals(output, expectedAggregate(output.contributors, variants)),
    'the aggregate is not the sum of the contributors’ statements',
  );
}

/** No honest party blames an honest party, and every blame's evidence opens to messages of the blamed party. */
function assertBlamesOnly(network: Network, culprits: readonly PartyId[]): void {
  for (const party of network.honestParties()) {
    for (const blame of network.machine(party).blames) {
      assert.ok(culprits.includes(blame.party), `party ${party} blamed honest party ${blame.party} (${blame.reason}: ${blame.detail})`);
      assert.ok(blame.evidence.length > 0);
      const senders = blame.evidence.map((e) => network.keys.open(e).message.sender);
      assert.ok(senders.includes(blame.party), 'the evidence holds no message of the blamed party');
    }
  }
}

function blamed(network: Network, reason: string): Set<PartyId> {
  const out = new Set<PartyId>();
  for (const party of network.honestParties())
    for (const blame of network.machine(party).blames) if (blame.reason === reason) out.add(blame.party);
  return out;
}

describe('aggregation: honest committees', () => {
  test('n = 4, t = 3: every party holds the same, correct aggregate', () => {
    const network = run({ committee: four, seed: 'honest 4' });
    const output = agreedOutput(network);
    assertCorrect(network, output);
    assert.equal(output.attempt, 0);
    assert.deepEqual(network.refusals, []);
    assertBlamesOnly(network, []);
    assert.equal(network.stats.timersFired, 0);
  });

  test('weighted committees, including a heavy party that is silent or proves badly', () => {
    const weighted = createCommittee([4, 1, 1, 2, 1, 3, 2], 10);
    assertCorrect(run({ committee: weighted, seed: 'weighted' }), agreedOutput(run({ committee: weighted, seed: 'weighted' })));
    const heavySilent = run({ committee: weighted, seed: 'weighted silent', behaviours: new Map([[1, silent()]]) });
    const output = agreedOutput(heavySilent);
    assertCorrect(heavySilent, output, [1]);
    const skewed = createCommittee([1, 2, 3, 4], 7);
    const heavyBad = run({ committee: skewed, seed: 'weighted bad proof', behaviours: new Map([[3, badProof()]]) });
    assertCorrect(heavyBad, agreedOutput(heavyBad), [3]);
    assertBlamesOnly(heavyBad, [3]);
  });

  test('random delivery orders, drops, delays and restarts', () => {
    const committees = [four, createCommittee([2, 1, 1, 1, 2], 5)];
    for (let i = 0; i < 6; i++) {
      const committee = committees[i % 2] as Committee;
      const network = run({
        committee,
        seed: `schedule ${i}`,
        dropRate: 0.1,
        delayRate: 0.3,
        maxDelayMs: 3_000,
        restartRate: 0.1,
      });
      assertCorrect(network, agreedOutput(network));
      assertBlamesOnly(network, []);
      assert.ok(network.stats.dropped > 0 && network.stats.delayed > 0 && network.stats.restarts > 0);
    }
  });

  test('a party restarted from its serialized state after every delivery still finishes', () => {
    const network = run({ committee: four, seed: 'restart always', restartRate: 1 });
    const output = agreedOutput(network);
    assertCorrect(network, output);
    assert.ok(network.stats.restarts >= network.stats.delivered);
    for (const party of parties(four)) {
      network.restart(party);
      const result = network.machine(party).result;
      assert.equal(result?.status, 'completed', `party ${party} lost its result in a restart`);
      if (result?.status === 'completed') assert.ok(aggregateEquals(result.output, expectedAggregate(output.contributors)));
    }
  });
});

describe('aggregation: misbehaviour ends in the correct output without the culprit, or an abort naming exactly the culprits', () => {
  const culpritRuns: [string, () => Behaviour][] = [
    ['a bad proof', badProof],
    ['a bad contribution', badContribution],
    ['silence', silent],
  ];
  for (const [what, behaviour] of culpritRuns) {
    test(what, () => {
      for (let i = 0; i < 3; i++) {
        const culprit = ((i + 1) % 4) + 1;
        const network = run({ committee: four, seed: `${what} ${i}`, behaviours: new Map([[culprit, behaviour()]]) });
        const output = agreedOutput(network);
        assertCorrect(network, output, [culprit]);
        assertBlamesOnly(network, [culprit]);
      }
    });
  }

  test('invalid proofs are blamed with the signed contribution as evidence', () => {
    const seed = 'blame bad proof';
    const proposer = proposerOf(seed, four, 0);
    const culprit = proposer === 4 ? 3 : 4;
    // The culprit's contribution is among the first the proposer holds, so it is verified.
    const network = run({
      committee: four,
      seed,
      behaviours: new Map([[culprit, badProof()]]),
      delay: (e) => (e.to === proposer && e.from !== culprit && e.from !== proposer ? 1 : undefined),
    });
    assertCorrect(network, agreedOutput(network), [culprit]);
    const blames = network.machine(proposer).blames;
    assert.equal(blames.length, 1);
    assert.equal(blames[0]?.reason, BlameReasons.INVALID_CONTRIBUTION);
    const evidence = network.keys.open(blames[0]?.evidence[0] as Uint8Array).message;
    assert.equal(evidence.sender, culprit);
    assert.equal(evidence.kind, 'contribution');
  });

  test('a stalled proposer is replaced', () => {
    for (const [what, behaviour] of [
      ['silent on proposals', silentOn((m) => m.kind === 'proposal')],
      ['silent', silent()],
    ] as const) {
      const seed = `stalled proposer ${what}`;
      const stalled = proposerOf(seed, four, 0);
      const network = run({ committee: four, seed, behaviours: new Map([[stalled, behaviour]]) });
      const output = agreedOutput(network);
      assertCorrect(network, output, what === 'silent' ? [stalled] : []);
      assert.ok(output.attempt >= 1, 'decided in the stalled attempt');
      assert.ok(network.stats.timersFired > 0);
      assertBlamesOnly(network, []);
    }
  });

  test('a proposal listing an invalid contribution blames its proposer', () => {
    const seed = 'invalid proposal';
    const proposer = proposerOf(seed, four, 0);
    const c = codecs(four);
    let sent: Uint8Array | undefined;
    const behaviour: Behaviour = {
      outgoing: (message) => {
        if (message.kind === 'contribution') {
          const bad = { ...message, payload: badProofPayload(message.payload) };
          sent = encodeRoundMessage(bad);
          return bad;
        }
        if (message.kind === 'proposal' && message.attempt === 0) {
          const proposal = c.proposal(message.payload);
          const digest = messageDigest(sent as Uint8Array);
          const value: ContributorList = proposal.value.map((entry) => (entry.party === proposer ? { party: proposer, digest } : entry));
          return { ...message, payload: c.encodeProposal({ ...proposal, value }) };
        }
        return message;
      },
    };
    const network = run({ committee: four, seed, behaviours: new Map([[proposer, behaviour]]) });
    const output = agreedOutput(network);
    assertCorrect(network, output, [proposer]);
    assert.ok(output.attempt >= 1);
    assert.ok(blamed(network, BlameReasons.INVALID_PROPOSAL).has(proposer));
    assert.ok(blamed(network, BlameReasons.INVALID_CONTRIBUTION).has(proposer));
    assertBlamesOnly(network, [proposer]);
  });

  test('two invalid provers among four: every honest party aborts naming exactly them', () => {
    for (let i = 0; i < 2; i++) {
      const culprits = i === 0 ? [1, 2] : [2, 4];
      const network = run({
        committee: four,
        seed: `two culprits ${i}`,
        behaviours: new Map(culprits.map((p) => [p, i === 0 ? badProof() : badContribution()])),
      });
      for (const party of network.honestParties()) {
        const result = network.result(party);
        assert.equal(result?.status, 'aborted', `party ${party}`);
        if (result?.status !== 'aborted') continue;
        assert.deepEqual([...new Set(result.culprits.map((b) => b.party))].sort(), culprits);
      }
      assertBlamesOnly(network, culprits);
    }
  });

  test('a contributor that equivocates is caught with both signed messages, and the output stays correct', () => {
    let caught = 0;
    for (let i = 0; i < 4; i++) {
      const seed = `equivocating contributor ${i}`;
      const sessionId = sessionIdOf(seed);
      const proposer = proposerOf(seed, four, 0);
      const culprit = (proposer % 4) + 1;
      const other = contributionBytes(sessionId, culprit, 1);
      const behaviour = equivocate('contribution', (payload, to) => (to === proposer ? payload : other));
      const network = run({ committee: four, seed, behaviours: new Map([[culprit, behaviour]]) });
      const output = agreedOutput(network);
      const variant = new Map([[culprit, aggregateEquals(output, expectedAggregate(output.contributors)) ? 0 : 1]]);
      assertCorrect(network, output, [], variant);
      assertBlamesOnly(network, [culprit]);
      if (output.contributors.includes(culprit)) {
        const equivocations = network
          .honestParties()
          .flatMap((p) => network.machine(p).blames.filter((b) => b.reason === BlameReasons.EQUIVOCATION));
        assert.ok(equivocations.length > 0, 'the equivocation went unnoticed');
        for (const blame of equivocations) {
          const [a, b] = blame.evidence.map((e) => network.keys.open(e).message);
          assert.ok(
            a !== undefined &&
              b !== undefined &&
              a.sender === culprit &&
              b.sender === culprit &&
              a.kind === b.kind &&
              a.attempt === b.attempt,
          );
          assert.ok(!sameBytes(a.payload, b.payload));
        }
        caught += 1;
      }
    }
    assert.ok(caught > 0, 'no run listed the equivocator');
  });

  test('a proposer that shows its proposal to some and its echo to one cannot make honest parties decide differently', () => {
    for (let i = 0; i < 3; i++) {
      const seed = `equivocating proposer ${i}`;
      const byzantine = proposerOf(seed, four, 0);
      const [a, , c] = parties(four).filter((p) => p !== byzantine) as [PartyId, PartyId, PartyId];
      const keys = new TestKeys(utf8ToBytes(seed), 4);
      const codec = codecs(four);
      let first: ContributorList | undefined;
      const behaviour: Behaviour = {
        outgoing: (message, to) => {
          if (message.kind === 'proposal') {
            if (message.attempt === 0) first ??= codec.proposal(message.payload).value;
            return to === c ? null : message;
          }
          if (message.kind === 'echo') return to === a ? message : null;
          if (message.kind === 'commit') return null;
          return message;
        },
      };
      // c's contribution never reaches the Byzantine proposer: its attempt-0 value leaves c out,
      // unlike any later fresh proposal of an honest party.
      const network = run({
        committee: four,
        seed,
        behaviours: new Map([[byzantine, behaviour]]),
        drop: (e) => {
          if (e.from !== c || e.to !== byzantine) return false;
          const { message } = keys.open(e.bytes);
          return message.kind === 'contribution' && message.sender === c;
        },
      });
      const output = agreedOutput(network);
      assertCorrect(network, output);
      assert.ok(first !== undefined);
      // a saw echoes of weight t for the attempt-0 value and locked on it: that value is the only one that can be decided.
      assert.deepEqual(
        output.contributors,
        first.map((entry) => entry.party),
      );
      assert.ok(!output.contributors.includes(c));
      assert.ok(output.attempt >= 1);
    }
  });

  test('a Byzantine party acting at random never splits the honest parties', () => {
    for (let i = 0; i < 4; i++) {
      const committee = i % 2 === 0 ? four : createCommittee([2, 1, 1, 1, 2], 5);
      const seed = `chaos ${i}`;
      const byzantine = proposerOf(seed, committee, i % 3);
      const network = run({
        committee,
        seed,
        behaviours: new Map([[byzantine, chaos(committee, seed)]]),
        delayRate: 0.2,
        maxDelayMs: 2_000,
      });
      assertCorrect(network, agreedOutput(network));
      assertBlamesOnly(network, [byzantine]);
    }
  });
});

describe('aggregation: outsiders and malformed input', () => {
  test('bytes from outsiders are refused by the transport or the machine, and the session completes', () => {
    const { network, sessionId } = dlNetwork({ committee: four, seed: 'outsiders' });
    network.start();
    network.inject(1, new Uint8Array([0, 1, 2]));
    const outsider = new TestKeys(new Uint8Array(32), 9);
    const message = {
      protocol: 'test/dl-aggregation',
      sessionId,
      round: ROUND,
      attempt: 0,
      recipient: null,
      kind: 'contribution',
      payload: contributionBytes(sessionId, 2, 0),
    };
    network.inject(1, outsider.seal({ ...message, sender: 9 }));
    network.inject(1, outsider.seal({ ...message, sender: 2 }));
    const forged = network.keys.open(network.keys.seal({ ...message, sender: 2 }));
    const refusal = network.deliverDirect(1, { ...forged, sender: 9, message: { ...forged.message, sender: 9 } });
    assert.equal(refusal?.code, SessionErrorCodes.SESSION_UNKNOWN_SENDER);
    assert.deepEqual(
      network.refusals.map((r) => r.error.code),
      [
        TestTransportErrorCodes.TEST_TRANSPORT_MALFORMED,
        TestTransportErrorCodes.TEST_TRANSPORT_UNKNOWN_SIGNER,
        TestTransportErrorCodes.TEST_TRANSPORT_BAD_SIGNATURE,
        SessionErrorCodes.SESSION_UNKNOWN_SENDER,
      ],
    );
    network.run();
    assertCorrect(network, agreedOutput(network));
  });
});

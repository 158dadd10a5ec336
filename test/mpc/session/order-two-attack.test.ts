/**
 * The order-2 attack through a whole aggregation (PROTOCOL.md §5, "Verdicts must not depend on the
 * verifier's randomness"): in a 4-party, threshold-3 EncDL aggregation one validator puts an element
 * of order 2 into a class-group factor of its proof mask and answers honestly. Honest validators
 * whose batch weights happen to be even and those whose weights are odd must still reach the same
 * verdict: every honest party completes with the same contributors and aggregate, and none blames an
 * honest party. (Before this was fixed, the even-weight parties accepted the contribution and the
 * odd-weight ones rejected it. Now the contribution is refused by every honest decoder, since a form
 * carrying ε is not a square class, and a proof would be judged up to order 2 anyway.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clDecrypt } from '../../../mpc/cl/encryption.ts';
import { clKeyGen } from '../../../mpc/cl/keys.ts';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import type { GroupValue, Language, Statement } from '../../../mpc/proofs/language.ts';
import { encDlLanguage, encDlStatementParts } from '../../../mpc/proofs/languages/enc-dl.ts';
import type { AggregationConfig, AggregationOutput } from '../../../mpc/session/aggregation.ts';
import { aggregationSession } from '../../../mpc/session/aggregation-session.ts';
import { type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import type { Part } from '../../../mpc/session/contribution.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { honest } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { laxSetup, orderTwoElement, weightParityRng } from '../../support/order-two.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { sessionIdOf } from './fixtures.ts';

const curve = getCurve('secp256k1');
const setup = testSetup();
const epsilon = orderTwoElement(setup);
const { publicKey, secretKey } = clKeyGen(setup, testRng('order-2 attack: CL key'));
const COUNT = 2;

/**
 * EncDL whose evaluation number `maskCall` (the proof mask: the prover first evaluates its COUNT
 * statements) carries ε in c2 — the culprit's prover; its verifier use is irrelevant.
 */
function maliciousLanguage(language: Language, maskCall: number): Language {
  let calls = 0;
  return {
    ...language,
    map: (witness) => {
      calls += 1;
      const values = language.map(witness);
      if (calls !== maskCall) return values;
      return values.map((value, f) => (f === 1 ? setup.group.compose(value as Form, epsilon) : value)) as GroupValue[];
    },
  };
}

function run(seed: string, culprit: PartyId, parities: ReadonlyMap<PartyId, 0 | 1>) {
  const committee = uniformCommittee(4, 3);
  const language = encDlLanguage(curve, publicKey);
  // The culprit's encoder does not refuse forms outside the squares; honest decoders do.
  const laxLanguage = encDlLanguage(curve, { ...publicKey, setup: laxSetup(setup) });
  const definition = aggregationSession<Statement[][]>('test/order-two-attack');
  const sessionId = sessionIdOf(seed);
  const configOf = (party: PartyId): AggregationConfig<Statement[][]> => {
    const parts: Part[] = [
      { name: 'encdl', language: party === culprit ? maliciousLanguage(laxLanguage, COUNT + 1) : language, count: COUNT },
    ];
    return {
      round: 1,
      name: 'test/order-two',
      parts,
      witnesses: (rng) => [Array.from({ length: COUNT }, () => [randomBelow(rng, curve.order), randomBits(rng, setup.randomnessBits)])],
      timeouts: { attemptMs: 60_000, attemptIncrementMs: 30_000, fetchMs: 1_000 },
    };
  };
  const params = (party: PartyId) => ({
    sessionId,
    self: party,
    committee,
    rng: weightParityRng(testRng(`${seed}/${party}`), parities.get(party) ?? 0),
  });
  const network = new TestNetwork<AggregationOutput<Statement[][]>>({
    committee,
    seed,
    // The culprit behaves honestly on the wire; only its proof carries ε.
    behaviours: new Map([[culprit, honest]]),
    create: (party) => createSession(definition, configOf(party), params(party)),
    restore: (party, state) => restoreSession(definition, configOf(party), params(party), state),
  });
  network.start();
  network.run({ maxSteps: 5_000 });
  return network;
}

// Schedules (the seed is the label) under which the code before this rule let honest parties
// disagree: some blamed an honest party or never finished.
for (const [culprit, parities] of [
  [
    1,
    [
      [2, 0],
      [3, 1],
      [4, 1],
    ],
  ],
  [
    2,
    [
      [1, 1],
      [3, 0],
      [4, 1],
    ],
  ],
  [
    4,
    [
      [1, 0],
      [2, 1],
      [3, 0],
    ],
  ],
] as [PartyId, [PartyId, 0 | 1][]][]) {
  const label = `c${culprit} ${parities.map(([party, parity]) => `${party}:${parity}`).join(' ')}`;
  test(`an order-2 element in a proof mask: honest validators whose batch weights differ in parity agree (culprit ${culprit}, weight parities ${label.slice(3)})`, () => {
    const network = run(`order-two attack/${label}`, culprit, new Map(parities));
    let agreed: AggregationOutput<Statement[][]> | undefined;
    for (const party of network.honestParties()) {
      const result = network.result(party);
      assert.equal(result?.status, 'completed', `party ${party}: ${result?.status === 'aborted' ? result.reason : 'did not finish'}`);
      if (result?.status !== 'completed') continue;
      for (const blame of network.machine(party).blames) {
        assert.equal(blame.party, culprit, `party ${party} blamed honest party ${blame.party} (${blame.reason}: ${blame.detail})`);
      }
      agreed ??= result.output;
      assert.deepEqual(result.output.contributors, agreed.contributors, `party ${party} agreed on other contributors`);
      for (const [i, statement] of (result.output.aggregate[0] as Statement[]).entries()) {
        const { ciphertext, point } = encDlStatementParts(statement);
        const mine = encDlStatementParts((agreed.aggregate[0] as Statement[])[i] as Statement);
        assert.ok(setup.group.equals(ciphertext.c2, mine.ciphertext.c2) && point.equals(mine.point));
        // The statements carry no error (only the culprit's mask did): the parts decrypt to their logs.
        assert.ok(curve.multiply(curve.generator, clDecrypt(secretKey, ciphertext)).equals(point));
      }
    }
    assert.ok(agreed !== undefined);
  });
}

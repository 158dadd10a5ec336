/**
 * The aggregation round with a class-group language: the network key's global parts (PROTOCOL.md
 * §6), each validator proving EncDL for a batch of two parts. The aggregate must decrypt, under
 * the CL key, to the discrete logarithms of the aggregated points.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clDecrypt } from '../../../mpc/cl/encryption.ts';
import { clKeyGen } from '../../../mpc/cl/keys.ts';
import { type CurvePoint, getCurve } from '../../../mpc/curves/curve.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { encDlLanguage, encDlStatementParts } from '../../../mpc/proofs/languages/enc-dl.ts';
import type { AggregationConfig, AggregationOutput } from '../../../mpc/session/aggregation.ts';
import { aggregationSession } from '../../../mpc/session/aggregation-session.ts';
import { type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import { contributionSchema, type Part } from '../../../mpc/session/contribution.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { sessionIdOf } from './fixtures.ts';

test('global key parts by EncDL aggregation (batch of 2): a bad prover is left out, the parts decrypt consistently', () => {
  const curve = getCurve('secp256k1');
  const setup = testSetup();
  const { publicKey, secretKey } = clKeyGen(setup, testRng('global key parts: CL key'));
  const parts: Part[] = [{ name: 'global key parts', language: encDlLanguage(curve, publicKey), count: 2 }];
  const schema = contributionSchema(parts);
  const definition = aggregationSession<Statement[][]>('2pc-mpc/network-key/global-parts');
  const committee = uniformCommittee(4, 3);
  const seed = 'global key parts';
  const sessionId = sessionIdOf(seed);
  const config: AggregationConfig<Statement[][]> = {
    round: 1,
    name: 'network-key/global-parts',
    parts,
    witnesses: (rng) => [Array.from({ length: 2 }, () => [randomBelow(rng, curve.order), randomBits(rng, setup.randomnessBits)])],
    timeouts: { attemptMs: 60_000, attemptIncrementMs: 30_000, fetchMs: 1_000 },
  };
  const params = (party: PartyId) => ({ sessionId, self: party, committee, rng: testRng(`${seed}/${party}`) });
  const culprit = 3;
  const network = new TestNetwork<AggregationOutput<Statement[][]>>({
    committee,
    seed,
    restartRate: 0.05,
    behaviours: new Map([
      [
        culprit,
        rewritePayloads('contribution', (payload) => {
          const value = decodeExact(schema, payload);
          const part = value.parts[0] as (typeof value.parts)[number];
          const [x, eta] = part.proof.responses as [bigint, bigint];
          return schema.serialize({ parts: [{ ...part, proof: { ...part.proof, responses: [x, eta + 1n] } }] }).toBytes();
        }),
      ],
    ]),
    create: (party) => createSession(definition, config, params(party)),
    restore: (party, state) => restoreSession(definition, config, params(party), state),
  });
  network.start();
  network.run({ maxSteps: 5_000 });

  let agreed: AggregationOutput<Statement[][]> | undefined;
  for (const party of network.honestParties()) {
    const result = network.result(party);
    assert.equal(result?.status, 'completed', `party ${party}`);
    if (result?.status !== 'completed') continue;
    assert.ok(!result.output.contributors.includes(culprit));
    agreed ??= result.output;
    assert.deepEqual(result.output.contributors, agreed.contributors);
    for (const [i, statement] of (result.output.aggregate[0] as Statement[]).entries()) {
      const { ciphertext, point } = encDlStatementParts(statement);
      const mine = encDlStatementParts((agreed.aggregate[0] as Statement[])[i] as Statement);
      assert.ok(point.equals(mine.point));
      // The agreed part x_B^i: Enc(x_B^i) decrypts to the discrete log of X_B^i.
      assert.ok(curve.multiply(curve.generator, clDecrypt(secretKey, ciphertext)).equals(point as CurvePoint));
    }
  }
});

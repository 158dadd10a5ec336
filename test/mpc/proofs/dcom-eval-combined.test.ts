/**
 * DComEval over a combination (languages/dcom-eval.ts `dcomEvalCombinationLanguage`) and the
 * combined check of several such proofs (proofs/dcom-eval-combined.ts): the prover and verifier of
 * the changed transcript as a pair, its statement equal to DComEval's on the explicit ct₂, the
 * parts bound into the transcript, and the combined check agreeing with verifying each proof alone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clEvaluate, clLinearCombination } from '../../../mpc/cl/homomorphic.ts';
import { PreparedBase } from '../../../mpc/classgroups/prepared-base.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import type { ProofContext } from '../../../mpc/proofs/context.ts';
import { type DComEvalInstance, dcomEvalCombinedCheck } from '../../../mpc/proofs/dcom-eval-combined.ts';
import { LanguageParameterError } from '../../../mpc/proofs/errors.ts';
import { statementsEqual } from '../../../mpc/proofs/factors.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { dcomEvalCombinationLanguage, dcomEvalLanguage, dcomEvalWitness } from '../../../mpc/proofs/languages/dcom-eval.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../../../mpc/proofs/maurer.ts';
import { languageFixture } from '../../support/languages.ts';

const fixture = languageFixture('DComEval over a combination');
const { curve, rng, ciphertexts } = fixture;
const { publicKey } = fixture.keys;
const q = curve.order;
const context = (proof: string): ProofContext => ({
  protocol: 'test/combined',
  sessionId: new Uint8Array(32).fill(5),
  round: 'sign',
  proof,
  partyId: 0,
});

describe('DComEval over a combination', () => {
  const [ct1, ct2] = ciphertexts;
  const parts = { ciphertexts: [ct2, ct1, ct2], coefficients: [randomBelow(rng, q), randomBelow(rng, q), randomBelow(rng, q)] };
  const language = dcomEvalCombinationLanguage(curve, publicKey, ct1, parts);
  const explicit = clLinearCombination(publicKey.setup, parts.coefficients, parts.ciphertexts);
  const prove = (name: string) => {
    const evaluation = clEvaluate(publicKey, [randomBelow(rng, q), randomBelow(rng, q)], [ct1, explicit], { rng });
    const witness = dcomEvalWitness(evaluation, [randomBelow(rng, q), randomBelow(rng, q)]);
    const { proof, statements } = proveMaurer(language, context(name), [witness], rng);
    return { proof, statement: statements[0] as Statement, evaluation, witness };
  };
  const a = prove('a');
  const b = prove('b');
  const instance = (x: typeof a, name: string, proof: MaurerProof = x.proof): DComEvalInstance => ({
    language,
    context: context(name),
    statement: x.statement,
    proof,
  });

  test('the statement is DComEval’s on the explicit ct₂ (the same relation), and the proof verifies', () => {
    const plain = dcomEvalLanguage(curve, publicKey, [ct1, explicit]);
    assert.ok(statementsEqual(plain, a.statement, plain.map(a.witness)));
    assert.ok(publicKey.setup.group.equals(a.statement[0] as never, a.evaluation.ciphertext.c1));
    assert.ok(publicKey.setup.group.equals(language.secondCiphertext().c2, explicit.c2));
    assert.deepEqual(verifyMaurer(language, context('a'), [a.statement], a.proof), { valid: true });
  });

  test('the parts are bound: another coefficient, or the explicit ct₂ in DComEval, gives another transcript', () => {
    const other = dcomEvalCombinationLanguage(curve, publicKey, ct1, {
      ...parts,
      coefficients: [parts.coefficients[0] as bigint, parts.coefficients[1] as bigint, (parts.coefficients[2] as bigint) + 1n],
    });
    assert.equal(verifyMaurer(other, context('a'), [a.statement], a.proof).valid, false);
    assert.equal(verifyMaurer(dcomEvalLanguage(curve, publicKey, [ct1, explicit]), context('a'), [a.statement], a.proof).valid, false);
  });

  test('bad parameters are refused with a typed error', () => {
    assert.throws(
      () => dcomEvalCombinationLanguage(curve, publicKey, ct1, { ciphertexts: [ct1], coefficients: [] }),
      LanguageParameterError,
    );
    assert.throws(
      () => dcomEvalCombinationLanguage(curve, publicKey, ct1, { ciphertexts: [ct1], coefficients: [-1n] }),
      LanguageParameterError,
    );
  });

  test('combined check: passes for valid proofs, with and without prepared bases', () => {
    assert.equal(dcomEvalCombinedCheck([instance(a, 'a'), instance(b, 'b')], { rng }), true);
    const prepared = [ct1.c1, ct1.c2, ct2.c1, ct2.c2].map(
      (f) => new PreparedBase(publicKey.setup.group, f, { chunkBits: 256, maxBits: 1600 }),
    );
    assert.equal(
      dcomEvalCombinedCheck([instance(a, 'a'), instance(b, 'b')], { rng, prepared: (f) => prepared.find((p) => p.base === f) }),
      true,
    );
    assert.equal(dcomEvalCombinedCheck([], { rng }), true);
  });

  const tamper = (proof: MaurerProof, index: number): MaurerProof => ({
    ...proof,
    responses: proof.responses.map((z, i) => (i === index ? z + 1n : z)),
  });
  for (const index of [0, 1, 4]) {
    test(`combined check: fails when either proof's response ${index} is changed, as verifying it alone does`, () => {
      for (const [x, y] of [
        [instance(a, 'a', tamper(a.proof, index)), instance(b, 'b')],
        [instance(a, 'a'), instance(b, 'b', tamper(b.proof, index))],
      ] as const) {
        assert.equal(dcomEvalCombinedCheck([x, y], { rng }), false);
        const alone = [x, y].map((i) => verifyMaurer(i.language, i.context, [i.statement], i.proof).valid);
        assert.deepEqual(alone.filter((v) => !v).length, 1);
      }
    });
  }

  test('combined check: a proof checked in another context fails (the challenge is the context’s)', () => {
    assert.equal(dcomEvalCombinedCheck([instance(a, 'b')], { rng }), false);
  });
});

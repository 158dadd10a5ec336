/**
 * The languages as the protocol uses them (PROTOCOL.md §6–§8): statements that are the
 * ciphertexts and commitments the protocol computes, the "commits to a non-zero value" proof, UC
 * proofs, batch verification with blame, and the typed errors for bad parameters, witnesses and
 * bytes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { clDecrypt, clEncryptWith } from '../../../mpc/cl/encryption.ts';
import { clEvaluate } from '../../../mpc/cl/homomorphic.ts';
import { formSchema } from '../../../mpc/classgroups/encoding.ts';
import { pedersen } from '../../../mpc/commitments/pedersen.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { pointSchema } from '../../../mpc/curves/encoding.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { mod } from '../../../mpc/numbers/modular.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import { verifyMaurerBatch } from '../../../mpc/proofs/batch.ts';
import type { ProofContext } from '../../../mpc/proofs/context.ts';
import { fischlinProofSchema, maurerProofSchema, statementSchema } from '../../../mpc/proofs/encoding.ts';
import { LanguageParameterError, ProofErrorCodes, WitnessError } from '../../../mpc/proofs/errors.ts';
import { statementsEqual } from '../../../mpc/proofs/factors.ts';
import { proveFischlin, verifyFischlin } from '../../../mpc/proofs/fischlin.ts';
import type { Language, Statement, Witness } from '../../../mpc/proofs/language.ts';
import { ciphertextAt } from '../../../mpc/proofs/languages/ciphertexts.ts';
import { dcomLanguage } from '../../../mpc/proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../../mpc/proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../../mpc/proofs/languages/dcom-eq.ts';
import { dcomEvalLanguage, dcomEvalStatement, dcomEvalStatementParts, dcomEvalWitness } from '../../../mpc/proofs/languages/dcom-eval.ts';
import { dlLanguage } from '../../../mpc/proofs/languages/dl.ts';
import { encDhLanguage, encDhStatementParts } from '../../../mpc/proofs/languages/enc-dh.ts';
import { encDlLanguage, encDlStatement, encDlStatementParts } from '../../../mpc/proofs/languages/enc-dl.ts';
import { proveNonZeroCommitment, verifyNonZeroCommitment } from '../../../mpc/proofs/languages/nonzero-commitment.ts';
import { scaleDlLanguage, scaleDlStatementParts } from '../../../mpc/proofs/languages/scale-dl.ts';
import { vecDcomDlLanguage } from '../../../mpc/proofs/languages/vec-dcom-dl.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../../../mpc/proofs/maurer.ts';
import { languageFixture } from '../../support/languages.ts';
import { testSetup } from '../../support/setup.ts';

const fixture = languageFixture('proof languages in the protocol');
const { curve, setup, rng, ciphertexts, plaintexts } = fixture;
const { publicKey, secretKey } = fixture.keys;
const q = curve.order;
const G = curve.generator;
const context: ProofContext = { protocol: 'test/protocol', sessionId: new Uint8Array(32).fill(3), round: 'sign', proof: 'p', partyId: 0 };

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('class-group statements are the protocol’s ciphertexts', () => {
  test('DComEval: the statement is clEvaluate’s ciphertext, decrypting to a₁·m₁ + a₂·m₂ mod q, with Com(aᵢ; ρᵢ)', () => {
    const language = dcomEvalLanguage(curve, publicKey, ciphertexts);
    const coefficients: [bigint, bigint] = [randomBelow(rng, q), randomBelow(rng, q)];
    const rhos: [bigint, bigint] = [randomBelow(rng, q), randomBelow(rng, q)];
    const evaluation = clEvaluate(publicKey, coefficients, ciphertexts, { rng });
    const { proof, statements } = proveMaurer(language, context, [dcomEvalWitness(evaluation, rhos)], rng);
    const parts = dcomEvalStatementParts(statements[0] as Statement);
    assert.deepEqual(parts.ciphertext, evaluation.ciphertext);
    assert.equal(clDecrypt(secretKey, parts.ciphertext), mod(coefficients[0] * plaintexts[0] + coefficients[1] * plaintexts[1], q));
    // The verifier's statement, built from what it receives: the ciphertext and the commitments.
    const commit = pedersen(curve);
    const expected = dcomEvalStatement(evaluation.ciphertext, [
      commit.commit(coefficients[0], rhos[0]),
      commit.commit(coefficients[1], rhos[1]),
    ]);
    assert.ok(statementsEqual(language, expected, statements[0] as Statement));
    assert.deepEqual(verifyMaurer(language, context, [expected], proof), { valid: true });
    // A commitment to another coefficient is not proven.
    const wrong = dcomEvalStatement(evaluation.ciphertext, [commit.commit(coefficients[0] + 1n, rhos[0]), parts.commitments[1]]);
    assert.equal(verifyMaurer(language, context, [wrong], proof).valid, false);
  });

  test('EncDL, EncDH⟨2⟩ and ScaleDL statements decrypt to x, y·mᵢ and x·m₀ and match x·G', () => {
    const x = randomBelow(rng, q);
    const eta = randomBits(rng, setup.randomnessBits);
    const encDl = encDlLanguage(curve, publicKey).map([x, eta]);
    assert.deepEqual(encDlStatementParts(encDl).ciphertext, clEncryptWith(publicKey, x, eta));
    assert.ok(encDlStatementParts(encDl).point.equals(curve.multiply(G, x)));
    assert.ok(
      statementsEqual(encDlLanguage(curve, publicKey), encDlStatement(clEncryptWith(publicKey, x, eta), curve.multiply(G, x)), encDl),
    );

    const y = randomBelow(rng, q);
    const encDh = encDhStatementParts(encDhLanguage(publicKey, ciphertexts).map([y, eta, randomBits(rng, 700), randomBits(rng, 700)]));
    assert.equal(clDecrypt(secretKey, encDh.encryption), y);
    assert.deepEqual(
      encDh.products.map((ct) => clDecrypt(secretKey, ct)),
      plaintexts.map((m) => mod(y * m, q)),
    );

    const scale = scaleDlStatementParts(scaleDlLanguage(curve, publicKey, ciphertexts[0]).map([x, eta]));
    assert.equal(clDecrypt(secretKey, scale.ciphertext), mod(x * plaintexts[0], q));
    assert.ok(scale.point.equals(curve.multiply(G, x)));
  });

  test('reading a ciphertext where a statement has none is a typed error', () => {
    assert.equal(
      codeOf(() => ciphertextAt([G, G], 0)),
      ErrorCodes.INVALID_PARAMETER,
    );
  });
});

describe('commitments to a non-zero value (DCom with C_k as message generator)', () => {
  const commit = pedersen(curve);
  const k = randomBelow(rng, q);
  const rho = randomBelow(rng, q);
  const C = commit.commit(k, rho);

  test('verify for the commitment they were made for, after a BCS round trip', () => {
    const proof = proveNonZeroCommitment(curve, context, C, { value: k, randomness: rho }, rng);
    assert.deepEqual(verifyNonZeroCommitment(curve, context, C, proof), { valid: true });
    const schema = maurerProofSchema(dcomLanguage(curve, C), 1);
    assert.deepEqual(verifyNonZeroCommitment(curve, context, C, decodeExact(schema, schema.serialize(proof).toBytes())), { valid: true });
    // Bound to the commitment and to the context.
    assert.equal(verifyNonZeroCommitment(curve, context, commit.commit(k, rho + 1n), proof).valid, false);
    assert.equal(verifyNonZeroCommitment(curve, { ...context, partyId: 1 }, C, proof).valid, false);
    assert.equal(verifyNonZeroCommitment(curve, context, curve.identity, proof).valid, false);
  });

  test('cannot be made for a commitment to zero or with a wrong opening', () => {
    assert.equal(
      codeOf(() => proveNonZeroCommitment(curve, context, commit.commit(0n, rho), { value: 0n, randomness: rho }, rng)),
      ProofErrorCodes.PROOF_WITNESS_OUT_OF_RANGE,
    );
    assert.equal(
      codeOf(() => proveNonZeroCommitment(curve, context, C, { value: k, randomness: rho + 1n }, rng)),
      ProofErrorCodes.PROOF_WITNESS_MISMATCH,
    );
    // A proof for a commitment to zero, made by someone who knows log_H G, is what binding rules
    // out; the honest prover's proof for C says nothing about ρ·H.
    const zero = commit.commit(0n, rho);
    const proof = proveNonZeroCommitment(curve, context, C, { value: k, randomness: rho }, rng);
    assert.equal(verifyNonZeroCommitment(curve, context, zero, proof).valid, false);
  });
});

describe('UC proofs (Fischlin)', () => {
  for (const [name, language, witness] of [
    ['DL', dlLanguage(curve), () => [randomBelow(rng, q)]],
    ['DCom', dcomLanguage(curve), () => [randomBelow(rng, q), randomBelow(rng, q)]],
  ] as const) {
    test(`${name}: verify, survive BCS, and reject a wrong witness, another context or a tampered repetition`, () => {
      const w = witness();
      const { proof, statement } = proveFischlin(language, context, w, rng);
      assert.deepEqual(verifyFischlin(language, context, statement, proof), { valid: true });
      const schema = fischlinProofSchema(language);
      assert.deepEqual(verifyFischlin(language, context, statement, decodeExact(schema, schema.serialize(proof).toBytes())), {
        valid: true,
      });
      const wrong = proveFischlin(
        language,
        context,
        w.map((v, i) => (i === 0 ? (v + 1n) % q : v)),
        rng,
      );
      assert.equal(verifyFischlin(language, context, statement, wrong.proof).valid, false);
      assert.equal(verifyFischlin(language, { ...context, sessionId: new Uint8Array(32) }, statement, proof).valid, false);
      const repetitions = [...proof.repetitions];
      const rep = repetitions[3]!;
      repetitions[3] = { ...rep, responses: rep.responses.map((z, i) => (i === rep.responses.length - 1 ? (z + 1n) % q : z)) };
      assert.equal(verifyFischlin(language, context, statement, { repetitions }).valid, false);
    });
  }
});

describe('batch verification names exactly the invalid provers', () => {
  function items(language: Language, witness: () => Witness, count: number) {
    return Array.from({ length: count }, (_, k) => {
      const ctx = { ...context, partyId: k + 1 };
      const { proof, statements } = proveMaurer(language, ctx, [witness(), witness()], rng);
      return { prover: k + 1, context: ctx, statements, proof };
    });
  }

  for (const [name, language, witness] of [
    ['DComDL (curve)', dcomDlLanguage(curve, curve.hashToCurve('test/batch/R')), () => [randomBelow(rng, q), randomBelow(rng, q)]],
    ['EncDL (class group)', encDlLanguage(curve, publicKey), () => [randomBelow(rng, q), randomBits(rng, setup.randomnessBits)]],
  ] as const) {
    test(name, () => {
      const all = items(language, witness, 6);
      assert.deepEqual(verifyMaurerBatch(language, all, rng), { valid: [1, 2, 3, 4, 5, 6], invalid: [], combinedCheckPassed: true });
      const bad = [...all];
      const tamperedResponse = (proof: MaurerProof): MaurerProof => ({
        ...proof,
        responses: proof.responses.map((z, i) => (i === 0 ? (z + 1n) % q : z)),
      });
      bad[1] = { ...bad[1]!, proof: tamperedResponse(bad[1]!.proof) };
      // Prover 4's proof, claimed by prover 5 (another party id in the transcript).
      bad[4] = { ...bad[3]!, prover: 5, context: bad[4]!.context };
      // Prover 6's statements swapped with prover 3's.
      bad[5] = { ...bad[5]!, statements: bad[2]!.statements };
      const result = verifyMaurerBatch(language, bad, rng);
      assert.equal(result.combinedCheckPassed, false);
      assert.deepEqual(result.valid, [1, 3, 4]);
      assert.deepEqual(
        result.invalid.map((i) => i.prover),
        [2, 5, 6],
      );
    });
  }
});

describe('typed errors', () => {
  test('language constructors refuse parameters that define no language', () => {
    const identity = curve.identity;
    const other = testSetup('p256');
    const foreignForm = other.group.pow(other.h, 99n);
    const cases: [string, () => unknown][] = [
      ['DCom with M = O', () => dcomLanguage(curve, identity)],
      ['DComDL with R = O', () => dcomDlLanguage(curve, identity)],
      ['DComEq with X_A = O', () => dcomEqLanguage(curve, identity)],
      ['VecDComDL with B₂ = O', () => vecDcomDlLanguage(curve, G, identity)],
      ['EncDL with a key for another q', () => encDlLanguage(getCurve('p256'), publicKey)],
      ['ScaleDL with a key for another q', () => scaleDlLanguage(getCurve('ed25519'), publicKey, ciphertexts[0])],
      ['EncDH without ciphertexts', () => encDhLanguage(publicKey, [])],
      ['EncDH with a form of another discriminant', () => encDhLanguage(publicKey, [{ c1: foreignForm, c2: foreignForm }])],
      ['ScaleDL with a malformed ciphertext', () => scaleDlLanguage(curve, publicKey, { c1: { a: 0n, b: 1n, c: 1n }, c2: setup.h })],
      ['DComEval with a non-ciphertext', () => dcomEvalLanguage(curve, publicKey, [ciphertexts[0], null as never])],
    ];
    for (const [name, make] of cases) {
      assert.throws(make, (error: unknown) => {
        assert.ok(error instanceof LanguageParameterError, name);
        assert.equal(error.code, ProofErrorCodes.PROOF_INVALID_PUBLIC_PARAMETERS, name);
        return true;
      });
    }
  });

  test('provers refuse witnesses outside their groups', () => {
    const dcom = dcomLanguage(curve);
    const encDl = encDlLanguage(curve, publicKey);
    const s = setup.randomnessBits;
    const bad: [Language, Witness][] = [
      [dcom, [q, 1n]],
      [dcom, [-1n, 1n]],
      [dcom, [1n]],
      [dcom, [1n, 2n, 3n]],
      [encDl, [1n, 1n << BigInt(s)]],
      [encDl, [1n, -(1n << BigInt(s))]],
      [encDl, [1n, 2 as never]],
    ];
    for (const [language, witness] of bad) {
      assert.throws(
        () => proveMaurer(language, context, [witness], rng),
        (error: unknown) => error instanceof WitnessError && error.code === ProofErrorCodes.PROOF_WITNESS_OUT_OF_RANGE,
      );
    }
    assert.throws(
      () => proveFischlin(dcom, context, [q, 0n], rng),
      (error: unknown) => error instanceof WitnessError,
    );
    // The largest witnesses in range are fine.
    const { proof, statements } = proveMaurer(encDl, context, [[q - 1n, (1n << BigInt(s)) - 1n]], rng);
    assert.deepEqual(verifyMaurer(encDl, context, statements, proof), { valid: true });
  });

  test('verification reports statements and proofs of the wrong shape instead of throwing', () => {
    const language = encDlLanguage(curve, publicKey);
    const { proof, statements } = proveMaurer(language, context, [[randomBelow(rng, q), randomBits(rng, 100)]], rng);
    const [c1, c2, X] = statements[0] as [never, never, never];
    const reasons = [
      verifyMaurer(language, context, [[X, c2, X]], proof),
      verifyMaurer(language, context, [[c1, c2]], proof),
      verifyMaurer(language, context, [], proof),
      verifyMaurer(language, context, statements, { ...proof, mask: [c1, c2, c1] }),
      verifyMaurer(language, context, statements, { ...proof, responses: proof.responses.slice(1) }),
      verifyMaurer(language, context, statements, { ...proof, responses: [1, 2] as never }),
    ].map((result) => (result.valid ? 'valid' : result.reason));
    assert.deepEqual(reasons, [
      'a statement does not have the language’s shape',
      'a statement does not have the language’s shape',
      'no statements',
      'the mask does not have the language’s shape',
      'a response is out of range',
      'a response is out of range',
    ]);
  });

  test('statements and proofs from bytes: every kind of malformed input has its code', () => {
    const language = encDlLanguage(curve, publicKey);
    const sSchema = statementSchema(language);
    const pSchema = maurerProofSchema(language, 1);
    const { proof, statements } = proveMaurer(language, context, [[randomBelow(rng, q), randomBits(rng, 100)]], rng);
    const statement = sSchema.serialize(statements[0] as Statement).toBytes();
    const proofBytes = pSchema.serialize(proof).toBytes();
    assert.equal(
      codeOf(() => decodeExact(sSchema, new Uint8Array([...statement, 0]))),
      ErrorCodes.ENCODING_TRAILING_BYTES,
    );
    assert.equal(
      codeOf(() => decodeExact(sSchema, statement.subarray(0, statement.length - 1))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
    assert.equal(
      codeOf(() => decodeExact(pSchema, proofBytes.subarray(0, proofBytes.length - 1))),
      ErrorCodes.ENCODING_TRUNCATED,
    );
    assert.equal(
      codeOf(() => decodeExact(pSchema, new Uint8Array([...proofBytes, 1]))),
      ErrorCodes.ENCODING_TRAILING_BYTES,
    );
    // A point that is not on the curve (its x has no y) in place of X.
    const pointOffset = statement.length - curve.pointBytes;
    const offCurve = statement.slice();
    offCurve.set([0x02, ...new Uint8Array(31), 5], pointOffset);
    assert.equal(
      codeOf(() => decodeExact(sSchema, offCurve)),
      ErrorCodes.ENCODING_INVALID_VALUE,
    );
    // A form of another discriminant in place of c1.
    const other = testSetup('p256');
    const foreign = bcs.tuple([formSchema(other.group), formSchema(other.group), pointSchema(curve)]);
    const foreignStatement = foreign.serialize([other.h, other.h, G]).toBytes();
    assert.equal(
      codeOf(() => decodeExact(sSchema, foreignStatement)),
      ErrorCodes.FORM_WRONG_DISCRIMINANT,
    );
    // A negative zero in place of the integer response (the last field: sign, 1-byte length, magnitude).
    const eta = proof.responses[1] as bigint;
    const start = proofBytes.length - 2 - Math.ceil(eta.toString(16).length / 2);
    assert.deepEqual([...proofBytes.subarray(start, start + 2)], [0, proofBytes.length - start - 2]);
    const negativeZero = new Uint8Array([...proofBytes.subarray(0, start), 1, 0]);
    assert.equal(
      codeOf(() => decodeExact(pSchema, negativeZero)),
      ErrorCodes.ENCODING_NON_CANONICAL,
    );
  });
});

/**
 * Every language of PROTOCOL.md §5: completeness (single and batched), BCS round trips of
 * statements and proofs, soundness probes that must all be rejected, and the same φ for a
 * verifier's public responses as for a prover's secrets.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import type { Form } from '../../../mpc/classgroups/form.ts';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { bcsBigInt } from '../../../mpc/encoding/bigint.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { bigintToBytes } from '../../../mpc/numbers/bytes.ts';
import type { ProofContext } from '../../../mpc/proofs/context.ts';
import { maurerProofSchema, statementSchema } from '../../../mpc/proofs/encoding.ts';
import { responseBits, statementsEqual } from '../../../mpc/proofs/factors.ts';
import type { GroupValue, Language, Statement, StatementFactor } from '../../../mpc/proofs/language.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../../../mpc/proofs/maurer.ts';
import { languageFixture } from '../../support/languages.ts';

const fixture = languageFixture('proof languages');
const { setup, rng } = fixture;
const context: ProofContext = {
  protocol: 'test/languages',
  sessionId: new Uint8Array(32).fill(7),
  round: 'round-1',
  proof: 'p',
  partyId: 5,
};

/** A different element of the factor's group: + G on the curve, · h in the class group. */
function tamper(factor: StatementFactor, value: GroupValue): GroupValue {
  return factor.kind === 'point' ? (value as CurvePoint).add(factor.curve.generator) : factor.group.compose(value as Form, setup.h);
}

function replaceAt<T>(values: readonly T[], index: number, value: T): T[] {
  const copy = [...values];
  copy[index] = value;
  return copy;
}

function roundTrip(
  language: Language,
  statements: readonly Statement[],
  proof: MaurerProof,
): { statements: Statement[]; proof: MaurerProof } {
  const sSchema = statementSchema(language);
  const pSchema = maurerProofSchema(language, statements.length);
  return {
    statements: statements.map((s) => decodeExact(sSchema, sSchema.serialize(s).toBytes())),
    proof: decodeExact(pSchema, pSchema.serialize(proof).toBytes()),
  };
}

for (const { language, witness, others } of fixture.cases) {
  describe(`${language.name}`, () => {
    const batch = proveMaurer(language, context, [witness(), witness(), witness()], rng);

    test('proofs for one and for several statements verify, also after a BCS round trip', () => {
      const single = proveMaurer(language, context, [witness()], rng);
      assert.deepEqual(verifyMaurer(language, context, single.statements, single.proof), { valid: true });
      assert.deepEqual(verifyMaurer(language, context, batch.statements, batch.proof), { valid: true });
      const decoded = roundTrip(language, batch.statements, batch.proof);
      decoded.statements.forEach((statement, i) => {
        assert.ok(statementsEqual(language, statement, batch.statements[i] as Statement));
      });
      assert.deepEqual(decoded.proof.responses, batch.proof.responses);
      assert.deepEqual(verifyMaurer(language, context, decoded.statements, decoded.proof), { valid: true });
    });

    test('φ on public responses (variable-time curve multiplication) equals φ on secrets (constant time)', () => {
      for (const input of [witness(), batch.proof.responses]) {
        assert.ok(statementsEqual(language, language.map(input, 'public'), language.map(input)));
        assert.ok(statementsEqual(language, language.map(input, 'public'), language.map(input, 'secret')));
      }
    });

    test('rejects a tampered statement, mask or response (every factor), and reordered statements', () => {
      const { statements, proof } = batch;
      language.statement.forEach((factor, f) => {
        const statement = statements[1] as Statement;
        const tampered = replaceAt(statements, 1, replaceAt(statement, f, tamper(factor, statement[f] as GroupValue)));
        assert.equal(verifyMaurer(language, context, tampered, proof).valid, false, `statement factor ${f}`);
        const mask = replaceAt(proof.mask, f, tamper(factor, proof.mask[f] as GroupValue));
        assert.equal(verifyMaurer(language, context, statements, { ...proof, mask }).valid, false, `mask factor ${f}`);
      });
      language.witness.forEach((factor, f) => {
        const z = proof.responses[f] as bigint;
        const changed = factor.kind === 'scalar' ? (z + 1n) % language.scalarOrder : z + 1n;
        const responses = replaceAt(proof.responses, f, changed);
        assert.equal(verifyMaurer(language, context, statements, { ...proof, responses }).valid, false, `response ${f}`);
      });
      const reordered = [statements[1], statements[0], statements[2]] as Statement[];
      assert.equal(verifyMaurer(language, context, reordered, proof).valid, false);
      assert.equal(verifyMaurer(language, context, statements.slice(0, 2), proof).valid, false);
    });

    test('rejects the proof replayed under another session id, party id or public parameters', () => {
      const { statements, proof } = batch;
      const otherSession = new Uint8Array(context.sessionId).map((byte, i) => (i === 31 ? byte ^ 1 : byte));
      assert.equal(verifyMaurer(language, { ...context, sessionId: otherSession }, statements, proof).valid, false);
      assert.equal(verifyMaurer(language, { ...context, partyId: context.partyId + 1 }, statements, proof).valid, false);
      // The same φ under other public-parameter bytes: only the transcript differs.
      const rebound = { ...language, publicParameters: new Uint8Array([...language.publicParameters, 0]) };
      assert.equal(verifyMaurer(rebound, context, statements, proof).valid, false);
    });

    test('rejects out-of-range responses when verifying, encoding and decoding', () => {
      const { statements, proof } = batch;
      const schema = maurerProofSchema(language, statements.length);
      // Encodes any response, as a malicious prover could: scalars as 32 raw bytes, integers unbounded.
      const permissive = bcs.struct('PermissiveProof', {
        mask: statementSchema(language),
        responses: bcs.tuple(
          language.witness.map((factor) =>
            factor.kind === 'scalar'
              ? bcs.bytes(32).transform({ input: (z: bigint) => bigintToBytes(z, 32), output: (b) => b })
              : bcsBigInt('z', { maxBits: 1 << 14, signed: true }),
          ),
        ),
      });
      language.witness.forEach((factor, f) => {
        const bits = responseBits(factor, language.scalarOrder, statements.length);
        const outOfRange =
          factor.kind === 'scalar'
            ? [language.scalarOrder, (1n << 256n) - 1n, -1n]
            : [(proof.responses[f] as bigint) + (1n << BigInt(bits)), -(1n << BigInt(bits))];
        for (const z of outOfRange) {
          const responses = replaceAt(proof.responses, f, z);
          assert.deepEqual(verifyMaurer(language, context, statements, { ...proof, responses }), {
            valid: false,
            reason: 'a response is out of range',
          });
          assert.throws(() => schema.serialize({ ...proof, responses }), DWalletError);
          if (z < 0n && factor.kind === 'scalar') continue;
          const bytes = permissive.serialize({ mask: proof.mask, responses } as never).toBytes();
          const expected = factor.kind === 'scalar' ? ErrorCodes.ENCODING_INVALID_VALUE : ErrorCodes.ENCODING_INTEGER_TOO_LARGE;
          assert.throws(
            () => decodeExact(schema, bytes),
            (error: DWalletError) => error.code === expected,
          );
        }
      });
    });

    test('rejects statements and proofs of other public parameters or of another language', () => {
      for (const other of others) {
        assert.notDeepEqual(other.language.publicParameters, language.publicParameters, 'the public parameters bind the difference');
        const foreign = proveMaurer(other.language, context, [other.witness(), other.witness()], rng);
        assert.deepEqual(verifyMaurer(other.language, context, foreign.statements, foreign.proof), { valid: true });
        assert.equal(verifyMaurer(language, context, foreign.statements, foreign.proof).valid, false, other.language.name);
      }
    });
  });
}

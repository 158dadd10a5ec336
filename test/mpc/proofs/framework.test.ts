import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { type CurvePoint, getCurve } from '../../../mpc/curves/curve.ts';
import { bcsBigInt, bcsBigIntBytes } from '../../../mpc/encoding/bigint.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { type DWalletError, ErrorCodes } from '../../../mpc/errors.ts';
import { mod } from '../../../mpc/numbers/modular.ts';
import { randomBelow, randomBits } from '../../../mpc/numbers/random.ts';
import { verifyMaurerBatch } from '../../../mpc/proofs/batch.ts';
import type { ProofContext } from '../../../mpc/proofs/context.ts';
import { appendStatements, languageTranscript } from '../../../mpc/proofs/context.ts';
import { fischlinProofSchema, maurerProofSchema, statementSchema } from '../../../mpc/proofs/encoding.ts';
import { FISCHLIN_ZERO_BITS, proveFischlin, verifyFischlin } from '../../../mpc/proofs/fischlin.ts';
import type { Statement } from '../../../mpc/proofs/language.ts';
import { dlLanguage } from '../../../mpc/proofs/languages/dl.ts';
import { edlLanguage } from '../../../mpc/proofs/languages/edl.ts';
import { proveMaurer, verifyMaurer } from '../../../mpc/proofs/maurer.ts';
import { Transcript } from '../../../mpc/transcript.ts';
import { orderTwoElement, proveWithOrderTwoError, weightParityRng } from '../../support/order-two.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

const rng = testRng('proof framework');
const sessionId = new Uint8Array(32).fill(1);
const context: ProofContext = { protocol: 'test', sessionId, round: 'round-1', proof: 'p', partyId: 3 };
const curve = getCurve('secp256k1');
const dl = dlLanguage(curve);
const setup = testSetup();
const responseField = bcsBigInt('fischlin response', { maxBits: 1 << 16, signed: true });
const edl = edlLanguage(setup, [setup.h, setup.group.pow(setup.h, 12345n)], 800);

describe('transcript', () => {
  test('challenges depend on every absorbed item, on the label and on earlier challenges', () => {
    const base = () => new Transcript('p').append('a', new Uint8Array([1])).append('b', new Uint8Array([2]));
    const c = base().challengeInteger('c');
    assert.equal(base().challengeInteger('c'), c);
    assert.notEqual(base().challengeInteger('d'), c);
    assert.notEqual(new Transcript('p').append('a', new Uint8Array([1, 2])).challengeInteger('c'), c);
    // Framing: moving a byte between items changes the hash.
    assert.notEqual(
      new Transcript('p')
        .append('a', new Uint8Array([1, 2]))
        .append('b', new Uint8Array([]))
        .challengeInteger('c'),
      c,
    );
    const t = base();
    const first = t.challengeInteger('c');
    assert.notEqual(t.challengeInteger('c'), first);
    assert.ok(c < 1n << 128n);
    const q = curve.order;
    assert.ok(base().challengeScalar('s', q) < q);
  });
});

describe('Maurer proofs', () => {
  const witnesses = [[randomBelow(rng, curve.order)], [randomBelow(rng, curve.order)], [randomBelow(rng, curve.order)]];

  test('are complete for batched statements (curve and class group)', () => {
    const { proof, statements } = proveMaurer(dl, context, witnesses, rng);
    assert.deepEqual(verifyMaurer(dl, context, statements, proof), { valid: true });
    const e = proveMaurer(edl, context, [[randomBits(rng, 800)], [randomBits(rng, 10)]], rng);
    assert.deepEqual(verifyMaurer(edl, context, e.statements, e.proof), { valid: true });
  });

  test('reject tampered statements, masks and responses', () => {
    const { proof, statements } = proveMaurer(dl, context, witnesses, rng);
    const G = curve.generator;
    const tamperedStatements = [statements[0], [((statements[1] as Statement)[0] as CurvePoint).add(G)], statements[2]] as Statement[];
    assert.equal(verifyMaurer(dl, context, tamperedStatements, proof).valid, false);
    assert.equal(verifyMaurer(dl, context, statements, { ...proof, mask: [(proof.mask[0] as CurvePoint).add(G)] }).valid, false);
    assert.equal(verifyMaurer(dl, context, statements, { ...proof, responses: [(proof.responses[0]! + 1n) % curve.order] }).valid, false);
    assert.equal(verifyMaurer(dl, context, statements.slice(0, 2), proof).valid, false);
    const e = proveMaurer(edl, context, [[randomBits(rng, 800)]], rng);
    const f = setup.group.compose(e.proof.mask[1] as never, setup.h);
    assert.equal(verifyMaurer(edl, context, e.statements, { ...e.proof, mask: [e.proof.mask[0]!, f] }).valid, false);
    assert.equal(verifyMaurer(edl, context, e.statements, { ...e.proof, responses: [e.proof.responses[0]! + 1n] }).valid, false);
  });

  test('reject a proof replayed under another session id, party, round or proof name', () => {
    const { proof, statements } = proveMaurer(dl, context, witnesses, rng);
    for (const other of [
      { ...context, sessionId: new Uint8Array(32).fill(2) },
      { ...context, partyId: 4 },
      { ...context, round: 'round-2' },
      { ...context, proof: 'q' },
      { ...context, protocol: 'other' },
    ]) {
      assert.equal(verifyMaurer(dl, other, statements, proof).valid, false);
    }
  });

  test('reject out-of-range responses and a statement from another language', () => {
    const e = proveMaurer(edl, context, [[randomBits(rng, 800)]], rng);
    const huge = e.proof.responses[0]! + (1n << 1200n);
    assert.deepEqual(verifyMaurer(edl, context, e.statements, { ...e.proof, responses: [huge] }), {
      valid: false,
      reason: 'a response is out of range',
    });
    const { proof, statements } = proveMaurer(dl, context, witnesses, rng);
    assert.equal(verifyMaurer(dl, context, statements, { ...proof, responses: [curve.order] }).valid, false);
    // The same relation under another base is another language: its statements do not verify here.
    const other = dlLanguage(curve, curve.hashToCurve('another base'));
    const foreign = proveMaurer(other, context, witnesses, rng);
    assert.equal(verifyMaurer(dl, context, foreign.statements, foreign.proof).valid, false);
    // An EDL statement with other bases.
    const edl2 = edlLanguage(setup, [setup.h, setup.group.pow(setup.h, 54321n)], 800);
    const f2 = proveMaurer(edl2, context, [[5n]], rng);
    assert.equal(verifyMaurer(edl, context, f2.statements, f2.proof).valid, false);
  });

  test('statements and proofs round-trip through BCS; oversized responses are refused when decoding', () => {
    const e = proveMaurer(edl, context, [[randomBits(rng, 800)], [randomBits(rng, 800)]], rng);
    const schema = maurerProofSchema(edl, 2);
    const decoded = decodeExact(schema, schema.serialize(e.proof).toBytes());
    assert.deepEqual(verifyMaurer(edl, context, e.statements, decoded), { valid: true });
    const s = statementSchema(edl);
    const back = decodeExact(s, s.serialize(e.statements[0]!).toBytes());
    assert.deepEqual(back, e.statements[0]);
    const permissive = bcs.struct('P', { mask: s, responses: bcs.tuple([bcsBigInt('z', { maxBits: 4096, signed: true })]) });
    const oversized = permissive.serialize({ mask: e.proof.mask, responses: [1n << 1100n] }).toBytes();
    assert.throws(
      () => decodeExact(schema, oversized),
      (err: DWalletError) => err.code === ErrorCodes.ENCODING_INTEGER_TOO_LARGE,
    );
  });
});

describe('batch verification', () => {
  test('accepts valid proofs with one combined check and names exactly the invalid provers', () => {
    const items = Array.from({ length: 6 }, (_, k) => {
      const ctx = { ...context, partyId: k + 1 };
      const { proof, statements } = proveMaurer(edl, ctx, [[randomBits(rng, 800)], [randomBits(rng, 800)]], rng);
      return { prover: k + 1, context: ctx, statements, proof };
    });
    const all = verifyMaurerBatch(edl, items, rng);
    assert.deepEqual(all, { valid: [1, 2, 3, 4, 5, 6], invalid: [], combinedCheckPassed: true });
    const bad = items.map((item) =>
      item.prover === 2 || item.prover === 5 ? { ...item, proof: { ...item.proof, responses: [item.proof.responses[0]! + 2n] } } : item,
    );
    const result = verifyMaurerBatch(edl, bad, rng);
    assert.deepEqual(result.valid, [1, 3, 4, 6]);
    assert.deepEqual(
      result.invalid.map((i) => i.prover),
      [2, 5],
    );
    assert.equal(result.combinedCheckPassed, false);
    // Curve language, with a malformed proof mixed in.
    const dlItems = Array.from({ length: 4 }, (_, k) => {
      const ctx = { ...context, partyId: k + 1 };
      const { proof, statements } = proveMaurer(dl, ctx, [[randomBelow(rng, curve.order)]], rng);
      return { prover: k + 1, context: ctx, statements, proof };
    });
    dlItems[3] = { ...dlItems[3]!, proof: { ...dlItems[3]!.proof, responses: [] } };
    const dlResult = verifyMaurerBatch(dl, dlItems, rng);
    assert.deepEqual(dlResult.valid, [1, 2, 3]);
    assert.deepEqual(dlResult.invalid, [{ prover: 4, reason: 'a response is out of range' }]);
  });
});

describe('batch verification search', () => {
  test('finds every invalid proof among many by halving, in input order, and accepts precomputed statements', () => {
    const bad = new Set([1, 6, 7, 12]);
    const items = Array.from({ length: 13 }, (_, k) => {
      const ctx = { ...context, partyId: k + 1 };
      const w = [randomBelow(rng, curve.order)];
      const { proof, statements } = proveMaurer(dl, ctx, [w], rng, { statements: [dl.map(w)] });
      const tampered = bad.has(k + 1) ? { ...proof, responses: [(proof.responses[0]! + 1n) % curve.order] } : proof;
      return { prover: k + 1, context: ctx, statements, proof: tampered };
    });
    const result = verifyMaurerBatch(dl, items, rng);
    assert.deepEqual(
      result.invalid.map((i) => i.prover),
      [1, 6, 7, 12],
    );
    assert.deepEqual(
      result.valid,
      items.map((i) => i.prover).filter((p) => !bad.has(p)),
    );
    assert.throws(
      () => proveMaurer(dl, context, [[1n]], rng, { statements: [] }),
      (e: DWalletError) => e.code === ErrorCodes.INVALID_PARAMETER,
    );
  });
});

describe('Fischlin UC proofs', () => {
  test('are complete, bound to the context, and reject a wrong witness or a tampered repetition', () => {
    const x = randomBelow(rng, curve.order);
    const { proof, statement } = proveFischlin(dl, context, [x], rng);
    assert.deepEqual(verifyFischlin(dl, context, statement, proof), { valid: true });
    assert.equal(verifyFischlin(dl, { ...context, partyId: 9 }, statement, proof).valid, false);
    // A proof made with another witness does not prove this statement.
    const wrong = proveFischlin(dl, context, [x + 1n], rng);
    assert.equal(verifyFischlin(dl, context, statement, wrong.proof).valid, false);
    const reps = [...proof.repetitions];
    reps[7] = { ...reps[7]!, challenge: (reps[7]!.challenge + 1) % 65536 };
    assert.equal(verifyFischlin(dl, context, statement, { repetitions: reps }).valid, false);
    assert.equal(verifyFischlin(dl, context, statement, { repetitions: proof.repetitions.slice(1) }).valid, false);
    const schema = fischlinProofSchema(dl);
    assert.deepEqual(verifyFischlin(dl, context, statement, decodeExact(schema, schema.serialize(proof).toBytes())), { valid: true });
  });

  test('take the smallest challenge that hits the hash as the protocol defines it, item by item', () => {
    // The prover hashes framed buffers (fischlin.ts RepetitionHash); this is the definition, one
    // transcript item at a time with BCS-encoded responses, checked on both language kinds.
    const itemwiseHits = (common: Transcript, repetition: number, challenge: number, responses: readonly bigint[]) => {
      const t = common.fork().appendNumber('repetition', repetition).appendNumber('challenge', challenge);
      responses.forEach((z, f) => {
        t.append(`response/${f}`, responseField.serialize(z).toBytes());
      });
      return (t.challengeBytes('fischlin', 1)[0] as number) >> (8 - FISCHLIN_ZERO_BITS) === 0;
    };
    const cases = [
      { language: dl, witness: [randomBelow(rng, curve.order)] },
      { language: edl, witness: [-randomBits(rng, 800)] },
    ];
    for (const { language, witness } of cases) {
      const { proof, statement } = proveFischlin(language, context, witness, rng);
      const common = languageTranscript('fischlin', language, context);
      appendStatements(common, 'statement', language, [statement]);
      appendStatements(
        common,
        'mask',
        language,
        proof.repetitions.map((r) => r.mask),
      );
      proof.repetitions.forEach((rep, i) => {
        assert.equal(itemwiseHits(common, i, rep.challenge, rep.responses), true);
        // z for a smaller challenge e' is z − (e − e')·w: none of them may hit.
        for (let e = 0; e < rep.challenge; e++) {
          const earlier = rep.responses.map((z, f) => {
            const shifted = z - BigInt(rep.challenge - e) * (witness[f] as bigint);
            return language.witness[f]?.kind === 'scalar' ? mod(shifted, curve.order) : shifted;
          });
          assert.equal(itemwiseHits(common, i, e, earlier), false);
        }
      });
    }
  });

  test('encode hashed responses exactly as the BCS field does', () => {
    for (const value of [0n, 1n, -1n, 255n, -256n, (1n << 1016n) - 1n, 1n << 1016n, -(1n << 2040n), randomBits(rng, 1200)]) {
      assert.deepEqual(bcsBigIntBytes(value), responseField.serialize(value).toBytes());
    }
  });

  test('work with integer witnesses in the class group', () => {
    const { proof, statement } = proveFischlin(edl, context, [randomBits(rng, 800)], rng);
    assert.deepEqual(verifyFischlin(edl, context, statement, proof), { valid: true });
  });
});

describe('verdicts independent of the verifier’s randomness (an element of order 2 in a class-group factor)', () => {
  const epsilon = orderTwoElement(setup);
  const prove = (partyId: number, options: { bad?: boolean; statementToo?: boolean } = {}) => {
    const ctx = { ...context, partyId };
    const witnesses = [[randomBits(rng, 800)], [randomBits(rng, 800)]];
    const { proof, statements } =
      options.bad === true
        ? proveWithOrderTwoError(edl, ctx, witnesses, rng, { epsilon, factor: 1, statementToo: options.statementToo ?? false })
        : proveMaurer(edl, ctx, witnesses, rng);
    return { prover: partyId, context: ctx, statements, proof };
  };

  for (const statementToo of [false, true]) {
    test(`a proof whose mask${statementToo ? ' and statement carry' : ' carries'} ε gets the same verdict singly and in batches with even or odd weights`, () => {
      const items = [prove(1), prove(2, { bad: true, statementToo }), prove(3), prove(4)];
      const attacked = items[1]!;
      const single = verifyMaurer(edl, attacked.context, attacked.statements, attacked.proof);
      const even = verifyMaurerBatch(edl, items, weightParityRng(testRng('even weights'), 0));
      const odd = verifyMaurerBatch(edl, items, weightParityRng(testRng('odd weights'), 1));
      // Judged up to order 2, the proof is valid everywhere: the relation holds up to ε, which
      // threshold decryption removes (its exponent is even).
      assert.deepEqual(single, { valid: true });
      for (const batch of [even, odd]) assert.deepEqual(batch, { valid: [1, 2, 3, 4], invalid: [], combinedCheckPassed: true });
      assert.deepEqual(verifyMaurerBatch(edl, [attacked], rng).valid, [2]);
    });
  }

  test('a mask off by an element of odd order is rejected singly and in batches of either parity', () => {
    const items = [prove(1), prove(2), prove(3)];
    const tampered = {
      ...items[1]!,
      proof: { ...items[1]!.proof, mask: [items[1]!.proof.mask[0]!, setup.group.compose(items[1]!.proof.mask[1] as never, setup.f)] },
    };
    const all = [items[0]!, tampered, items[2]!];
    assert.equal(verifyMaurer(edl, tampered.context, tampered.statements, tampered.proof).valid, false);
    for (const parity of [0, 1] as const) {
      const batch = verifyMaurerBatch(edl, all, weightParityRng(testRng(`parity ${parity}`), parity));
      assert.deepEqual(batch.valid, [1, 3]);
      assert.deepEqual(
        batch.invalid.map((i) => i.prover),
        [2],
      );
    }
  });
});

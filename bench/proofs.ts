/**
 * Zero-knowledge proofs of PROTOCOL.md §5 on this machine: prove and verify time and proof size
 * per language (one statement per proof), and batch verification of many proofs of one language
 * against verifying the same proofs one by one (the baseline, measured in the same run; the
 * issue's target is a speed-up of at least 4× at 64 proofs).
 *
 * What bounds the speed-up: batching saves a φ evaluation per proof but still pays, per proof,
 * two bases of the right-hand multi-exponentiation (weights of 128 and 256 bits). In the class
 * group a single verification costs a φ of 900-bit-plus responses and 128-bit exponentiations
 * (hundreds of compositions), so batches of 64 win 4.5–20×. On a curve a single verification is
 * one fixed-base and one 128-bit multiplication, barely more than the two multi-scalar-
 * multiplication points a batch needs per proof, so curve languages stay near 2–2.5×.
 *
 * EDL is measured with bases (h, c₁) and a witness of `--edl-bits` bits (default 1,000: about a
 * threshold decryption key share at n = 16, see mpc/threshold/dealer.ts).
 *
 * The "φ … as a verifier" rows: a curve language's φ on a proof's public responses, variable time,
 * against the constant-time evaluation a prover needs for its secrets.
 *
 * The "receive" rows put a price on the rules against elements of order 2 (PROTOCOL.md §5, issue
 * 11): decoding with every form checked to be a square class and verifying with class-group
 * equations judged up to order 2, against the same without them.
 *
 * Run: npm run bench -- proofs   (options: --curve secp256k1|p256|ed25519 --level 112|128
 *      --batch 64 --all-batches, which adds EncDH⟨2⟩, ScaleDL and DComEval to the batch rows)
 */
import { parseArgs } from 'node:util';
import { type ClCiphertext, clEncrypt } from '../mpc/cl/encryption.ts';
import { clEvaluate } from '../mpc/cl/homomorphic.ts';
import { type ClPublicKey, clKeyGen } from '../mpc/cl/keys.ts';
import type { Form } from '../mpc/classgroups/form.ts';
import { ClassGroup } from '../mpc/classgroups/group.ts';
import type { ClassGroupSetup, SecurityLevel } from '../mpc/classgroups/setup.ts';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { type CurveName, getCurve, isCurveName } from '../mpc/curves/curve.ts';
import { decodeExact } from '../mpc/encoding/decode.ts';
import { bitLength } from '../mpc/numbers/bytes.ts';
import { Drbg } from '../mpc/numbers/drbg.ts';
import { randomBelow, randomBits } from '../mpc/numbers/random.ts';
import { type ProofToVerify, verifyMaurerBatch } from '../mpc/proofs/batch.ts';
import type { ProofContext } from '../mpc/proofs/context.ts';
import { maurerProofSchema, statementSchema } from '../mpc/proofs/encoding.ts';
import type { Language, Witness } from '../mpc/proofs/language.ts';
import { dcomLanguage } from '../mpc/proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../mpc/proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../mpc/proofs/languages/dcom-eq.ts';
import { dcomEvalLanguage, dcomEvalWitness } from '../mpc/proofs/languages/dcom-eval.ts';
import { dlLanguage } from '../mpc/proofs/languages/dl.ts';
import { edlLanguage } from '../mpc/proofs/languages/edl.ts';
import { encDhLanguage } from '../mpc/proofs/languages/enc-dh.ts';
import { encDlLanguage } from '../mpc/proofs/languages/enc-dl.ts';
import { scaleDlLanguage } from '../mpc/proofs/languages/scale-dl.ts';
import { vecDcomDlLanguage } from '../mpc/proofs/languages/vec-dcom-dl.ts';
import { proveMaurer, verifyMaurer } from '../mpc/proofs/maurer.ts';
import { BenchReport, measure } from './support/harness.ts';

interface Subject {
  readonly language: Language;
  readonly witness: () => Witness;
  readonly classGroup: boolean;
  /** Whether it is in the batch rows by default. */
  readonly batchByDefault: boolean;
}

export async function run(argv: string[] = []): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: {
      curve: { type: 'string', default: 'secp256k1' },
      level: { type: 'string', default: '112' },
      batch: { type: 'string', default: '64' },
      'all-batches': { type: 'boolean', default: false },
      'edl-bits': { type: 'string', default: '1000' },
    },
  });
  const curveName = values.curve as string;
  if (!isCurveName(curveName)) throw new Error(`--curve must be secp256k1, p256 or ed25519, not ${curveName}`);
  const level = Number(values.level) as SecurityLevel;
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 2) throw new Error('--batch must be an integer ≥ 2');
  const edlBits = Number(values['edl-bits']);

  const curve = getCurve(curveName as CurveName);
  const q = curve.order;
  const setup = loadSetup(q, level);
  const report = new BenchReport(`proofs (${curveName}, ${level}-bit class groups)`);
  const rng = new Drbg('dwallet/bench/proofs', new Uint8Array([1]));
  const { publicKey } = clKeyGen(setup, rng);
  const s = setup.randomnessBits;
  const ct = (): ClCiphertext => clEncrypt(publicKey, randomBelow(rng, q), rng).ciphertext;
  const cts: [ClCiphertext, ClCiphertext] = [ct(), ct()];
  const scalar = () => randomBelow(rng, q);
  const point = (label: string) => curve.hashToCurve(`bench/proofs/${label}`);

  // The languages over a given setup and key: the real ones, and (for the baseline of the
  // 'receive' rows) the same over a group without the rules of issue 11 (classgroups/setup.ts).
  const subjectsOver = (setup: ClassGroupSetup, publicKey: ClPublicKey): Subject[] => [
    { language: dlLanguage(curve), witness: () => [scalar()], classGroup: false, batchByDefault: true },
    { language: dcomLanguage(curve), witness: () => [scalar(), scalar()], classGroup: false, batchByDefault: true },
    { language: dcomDlLanguage(curve, point('R')), witness: () => [scalar(), scalar()], classGroup: false, batchByDefault: true },
    {
      language: dcomEqLanguage(curve, point('X_A')),
      witness: () => [scalar(), scalar(), scalar()],
      classGroup: false,
      batchByDefault: true,
    },
    {
      language: vecDcomDlLanguage(curve, point('B1'), curve.generator),
      witness: () => [scalar(), scalar(), scalar(), scalar()],
      classGroup: false,
      batchByDefault: true,
    },
    { language: encDlLanguage(curve, publicKey), witness: () => [scalar(), randomBits(rng, s)], classGroup: true, batchByDefault: true },
    {
      language: encDhLanguage(publicKey, cts),
      witness: () => [scalar(), randomBits(rng, s), randomBits(rng, s), randomBits(rng, s)],
      classGroup: true,
      batchByDefault: false,
    },
    {
      language: scaleDlLanguage(curve, publicKey, cts[0]),
      witness: () => [randomBits(rng, bitLength(q) - 1), randomBits(rng, s)],
      classGroup: true,
      batchByDefault: false,
    },
    {
      language: dcomEvalLanguage(curve, publicKey, cts),
      witness: () => dcomEvalWitness(clEvaluate(publicKey, [scalar(), scalar()], cts, { rng }), [scalar(), scalar()]),
      classGroup: true,
      batchByDefault: false,
    },
    {
      language: edlLanguage(setup, [setup.h, cts[0].c1], edlBits),
      witness: () => [randomBits(rng, edlBits)],
      classGroup: true,
      batchByDefault: true,
    },
  ];
  const subjects = subjectsOver(setup, publicKey);
  const baselineSetup = setupBeforeOrderTwoRules(setup);
  const baselineSubjects = subjectsOver(baselineSetup, { ...publicKey, setup: baselineSetup });

  const context = (partyId: number): ProofContext => ({
    protocol: 'bench/proofs',
    sessionId: new Uint8Array(32).fill(9),
    round: 'round',
    proof: 'proof',
    partyId,
  });

  for (const { language, witness, classGroup } of subjects) {
    const iterations = classGroup ? 5 : 50;
    const witnesses = Array.from({ length: iterations + 1 }, witness);
    let next = 0;
    // Warm-up: grows the fixed-base tables of h and pk to their working size.
    const sample = proveMaurer(language, context(1), [witness()], rng);
    verifyMaurer(language, context(1), sample.statements, sample.proof);
    const proofBytes = maurerProofSchema(language, 1).serialize(sample.proof).toBytes().length;
    const statementBytes = statementSchema(language).serialize(sample.statements[0]!).toBytes().length;
    report.add({
      name: `${language.name}: prove`,
      measurement: measure(() => proveMaurer(language, context(1), [witnesses[next++ % witnesses.length]!], rng), {
        iterations,
        warmup: 0,
      }),
    });
    report.add({
      name: `${language.name}: verify (proof ${proofBytes} B, statement ${statementBytes} B)`,
      measurement: measure(
        () => {
          if (!verifyMaurer(language, context(1), sample.statements, sample.proof).valid)
            throw new Error(`${language.name}: invalid proof`);
        },
        { iterations, warmup: 0 },
      ),
      extra: { proof_bytes: proofBytes, statement_bytes: statementBytes },
    });
  }

  // A verifier evaluates φ on public responses with variable-time curve multiplication; the
  // baseline is the constant-time multiplication a prover needs for its secrets (issue 16).
  for (const { language, witness, classGroup } of subjects) {
    if (classGroup) continue;
    const { proof } = proveMaurer(language, context(1), [witness()], rng);
    report.add({
      name: `${language.name}: φ of a proof's responses, as a verifier (variable time)`,
      measurement: measure(() => language.map(proof.responses, 'public'), { iterations: 200, warmup: 20 }),
      baseline: { name: 'constant time', measurement: measure(() => language.map(proof.responses), { iterations: 200, warmup: 20 }) },
    });
  }

  // What the rules against elements of order 2 cost a verifier (issue 11): decoding a received
  // statement and proof (every form checked to be a square class) and verifying it (class-group
  // equations judged up to order 2), against the same without either rule.
  subjects.forEach(({ language, witness, classGroup }, i) => {
    if (!classGroup) return;
    const baseline = (baselineSubjects[i] as Subject).language;
    const { proof, statements } = proveMaurer(language, context(1), [witness()], rng);
    const encode = (l: Language) => ({
      statement: statementSchema(l).serialize(statements[0]!).toBytes(),
      proof: maurerProofSchema(l, 1).serialize(proof).toBytes(),
    });
    const receive = (l: Language) => {
      const bytes = encode(l);
      const statement = decodeExact(statementSchema(l), bytes.statement);
      const decoded = decodeExact(maurerProofSchema(l, 1), bytes.proof);
      if (!verifyMaurer(l, context(1), [statement], decoded).valid) throw new Error(`${l.name}: invalid proof`);
    };
    report.add({
      name: `${language.name}: receive (decode + verify) with the order-2 rules`,
      measurement: measure(() => receive(language), { iterations: 5, warmup: 1 }),
      baseline: { name: 'without them', measurement: measure(() => receive(baseline), { iterations: 5, warmup: 1 }) },
    });
  });

  for (const { language, witness, classGroup, batchByDefault } of subjects) {
    if (!batchByDefault && !values['all-batches']) continue;
    const items: ProofToVerify[] = Array.from({ length: batchSize }, (_, k) => {
      const { proof, statements } = proveMaurer(language, context(k + 1), [witness()], rng);
      return { prover: k + 1, context: context(k + 1), statements, proof };
    });
    const oneByOne = measure(
      () => {
        for (const item of items) {
          if (!verifyMaurer(language, item.context, item.statements, item.proof).valid) throw new Error(`${language.name}: invalid proof`);
        }
      },
      { iterations: classGroup ? 1 : 5, warmup: 0 },
    );
    const batched = measure(
      () => {
        const result = verifyMaurerBatch(language, items, rng);
        if (!result.combinedCheckPassed) throw new Error(`${language.name}: the combined check failed`);
      },
      { iterations: classGroup ? 3 : 10, warmup: 1 },
    );
    report.add({
      name: `${language.name}: verify ${batchSize} proofs in a batch`,
      measurement: batched,
      baseline: { name: 'one by one', measurement: oneByOne },
      targetMs: oneByOne.medianMs / 4,
    });
  }
  return report;
}

/**
 * The setup as the verifier used it before issue 11: decoders that accept any reduced primitive
 * form, and class-group equations compared exactly (the baseline of the "receive" rows).
 */
function setupBeforeOrderTwoRules(setup: ClassGroupSetup): ClassGroupSetup {
  class ExactGroup extends ClassGroup {
    override equalUpToOrderTwo(x: Form, y: Form): boolean {
      return this.equals(x, y);
    }
  }
  return { ...setup, group: new ExactGroup(setup.deltaQ) };
}

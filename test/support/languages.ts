/**
 * Every language of PROTOCOL.md §5 instantiated on secp256k1 with the 112-bit setup, each with a
 * sampler of valid witnesses and with languages whose proofs must not verify for it: the same
 * relation under other public parameters, and where one exists a relation of the same statement
 * shape.
 */
import { type ClCiphertext, clEncrypt } from '../../mpc/cl/encryption.ts';
import { clEvaluate } from '../../mpc/cl/homomorphic.ts';
import { type ClKeyPair, clKeyGen } from '../../mpc/cl/keys.ts';
import type { ClassGroupSetup } from '../../mpc/classgroups/setup.ts';
import { type Curve, getCurve } from '../../mpc/curves/curve.ts';
import { bitLength } from '../../mpc/numbers/bytes.ts';
import { type RandomSource, randomBelow, randomBits } from '../../mpc/numbers/random.ts';
import type { Language, Witness } from '../../mpc/proofs/language.ts';
import { dcomLanguage } from '../../mpc/proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../mpc/proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../mpc/proofs/languages/dcom-eq.ts';
import { dcomEvalLanguage, dcomEvalWitness } from '../../mpc/proofs/languages/dcom-eval.ts';
import { dlLanguage } from '../../mpc/proofs/languages/dl.ts';
import { edlLanguage } from '../../mpc/proofs/languages/edl.ts';
import { encDhLanguage } from '../../mpc/proofs/languages/enc-dh.ts';
import { encDlLanguage } from '../../mpc/proofs/languages/enc-dl.ts';
import { scaleDlLanguage } from '../../mpc/proofs/languages/scale-dl.ts';
import { vecDcomDlLanguage } from '../../mpc/proofs/languages/vec-dcom-dl.ts';
import { testRng } from './random.ts';
import { testSetup } from './setup.ts';

export interface LanguageSample {
  readonly language: Language;
  readonly witness: () => Witness;
}

export interface LanguageCase extends LanguageSample {
  /** Whether the statement has class-group factors. */
  readonly classGroup: boolean;
  /** Languages whose statements and proofs must be rejected by `language`. */
  readonly others: readonly LanguageSample[];
}

export interface LanguageFixture {
  readonly curve: Curve;
  readonly setup: ClassGroupSetup;
  readonly keys: ClKeyPair;
  readonly otherKeys: ClKeyPair;
  /** Encryptions of `plaintexts` under `keys`. */
  readonly ciphertexts: readonly [ClCiphertext, ClCiphertext];
  readonly plaintexts: readonly [bigint, bigint];
  readonly rng: RandomSource;
  readonly cases: readonly LanguageCase[];
}

export function languageFixture(seed: string): LanguageFixture {
  const rng = testRng(seed);
  const curve = getCurve('secp256k1');
  const setup = testSetup('secp256k1', 112);
  const q = curve.order;
  const s = setup.randomnessBits;
  const keys = clKeyGen(setup, rng);
  const otherKeys = clKeyGen(setup, rng);
  const { publicKey } = keys;
  const plaintexts = [randomBelow(rng, q), randomBelow(rng, q)] as const;
  const ciphertexts = [clEncrypt(publicKey, plaintexts[0], rng).ciphertext, clEncrypt(publicKey, plaintexts[1], rng).ciphertext] as const;
  const [ct1, ct2] = ciphertexts;

  const scalar = () => randomBelow(rng, q);
  const eta = () => randomBits(rng, s);
  const point = (label: string) => curve.hashToCurve(`test/languages/${label}`);
  const gammaBits = bitLength(q);

  const dl = { language: dlLanguage(curve), witness: () => [scalar()] };
  const dcom = { language: dcomLanguage(curve), witness: () => [scalar(), scalar()] };
  const dcomDl = (R: ReturnType<typeof point>) => ({ language: dcomDlLanguage(curve, R), witness: () => [scalar(), scalar()] });
  const dcomEq = (X: ReturnType<typeof point>) => ({ language: dcomEqLanguage(curve, X), witness: () => [scalar(), scalar(), scalar()] });
  const vec = (B1: ReturnType<typeof point>, B2: ReturnType<typeof point>) => ({
    language: vecDcomDlLanguage(curve, B1, B2),
    witness: () => [scalar(), scalar(), scalar(), scalar()],
  });
  const encDl = (pk = publicKey) => ({ language: encDlLanguage(curve, pk), witness: () => [scalar(), eta()] });
  const encDh = (cts: readonly ClCiphertext[]) => ({
    language: encDhLanguage(publicKey, cts),
    witness: () => [randomBits(rng, gammaBits), eta(), ...cts.map(eta)],
  });
  const scaleDl = (ct: ClCiphertext) => ({
    language: scaleDlLanguage(curve, publicKey, ct),
    witness: () => [randomBits(rng, gammaBits), eta()],
  });
  const dcomEval = (cts: readonly [ClCiphertext, ClCiphertext]) => ({
    language: dcomEvalLanguage(curve, publicKey, cts),
    witness: () => dcomEvalWitness(clEvaluate(publicKey, [scalar(), scalar()], cts, { rng }), [scalar(), scalar()]),
  });
  const edl = (c: ClCiphertext) => ({ language: edlLanguage(setup, [setup.h, c.c1], s + 8), witness: () => [randomBits(rng, s + 8)] });

  const cases: LanguageCase[] = [
    { ...dl, classGroup: false, others: [{ language: dlLanguage(curve, point('dl')), witness: dl.witness }, dcom] },
    {
      ...dcom,
      classGroup: false,
      others: [{ language: dcomLanguage(curve, point('dcom')), witness: dcom.witness }, dl],
    },
    { ...dcomDl(point('R')), classGroup: false, others: [dcomDl(point('R2')), dcomEq(point('R'))] },
    { ...dcomEq(point('X_A')), classGroup: false, others: [dcomEq(point('X_A2')), dcomDl(point('X_A'))] },
    { ...vec(point('B1'), point('B2')), classGroup: false, others: [vec(point('B2'), point('B1'))] },
    { ...encDl(), classGroup: true, others: [encDl(otherKeys.publicKey), scaleDl(ct1)] },
    { ...encDh([ct1, ct2]), classGroup: true, others: [encDh([ct2, ct1]), encDh([ct1])] },
    { ...scaleDl(ct1), classGroup: true, others: [scaleDl(ct2), encDl()] },
    { ...dcomEval([ct1, ct2]), classGroup: true, others: [dcomEval([ct2, ct1])] },
    { ...edl(ct1), classGroup: true, others: [edl(ct2)] },
  ];
  return { curve, setup, keys, otherKeys, ciphertexts, plaintexts, rng, cases };
}

/**
 * Class groups and CL encryption on this machine: setup (from the known seeds, and derived), composition, squaring,
 * exponentiation (749- and 2,000-bit exponents, variable and fixed base), key generation from a
 * seed, encryption, decryption and circuit-private linear evaluation.
 *
 * Baseline, measured in the same run: the same operations done the textbook way — Gauss
 * composition with reduction (Cohen, Algorithm 5.4.7) and plain left-to-right square-and-multiply,
 * no NUCOMP, no windows, no precomputed tables.
 *
 * Run: npm run bench -- classgroups   (options: --curve secp256k1|p256|ed25519 --level 112|128)
 */
import { parseArgs } from 'node:util';
import { clDecrypt, clEncrypt } from '../mpc/cl/encryption.ts';
import { clEvaluate } from '../mpc/cl/homomorphic.ts';
import { clKeyGenFromSeed } from '../mpc/cl/keys.ts';
import { composePlain } from '../mpc/classgroups/composition.ts';
import { type FormGroupOps, powSquareAndMultiply } from '../mpc/classgroups/exponentiation.ts';
import type { Form } from '../mpc/classgroups/form.ts';
import { ClassGroup } from '../mpc/classgroups/group.ts';
import { dlogF, powF } from '../mpc/classgroups/message-subgroup.ts';
import { deriveSetupSeeds, liftedPrimeSquare, randomnessBitsFor, type SecurityLevel, setupFromSeeds } from '../mpc/classgroups/setup.ts';
import { clearSetupMemory, loadSetup } from '../mpc/classgroups/setups.ts';
import { type CurveName, curveOrder, isCurveName } from '../mpc/curves/curve.ts';
import { Drbg } from '../mpc/numbers/drbg.ts';
import { randomBelow, randomBits } from '../mpc/numbers/random.ts';
import { BenchReport, measure, once, single } from './support/harness.ts';

export async function run(argv: string[] = []): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: { curve: { type: 'string', default: 'secp256k1' }, level: { type: 'string', default: '112' } },
  });
  const curve = values.curve as string;
  if (!isCurveName(curve)) throw new Error(`--curve must be secp256k1, p256 or ed25519, not ${curve}`);
  const level = Number(values.level) as SecurityLevel;
  const report = new BenchReport(`classgroups (${curve}, ${level}-bit)`);
  const rng = new Drbg('dwallet/bench/classgroups', new Uint8Array([1]));
  const q = curveOrder(curve as CurveName);

  // --- setup in a new process (memory cleared): from the known seeds, and derived from q alone.
  // Either way the h table is built in the process: nothing is read from disk.
  const seed = new Uint8Array(32).fill(7);
  clearSetupMemory();
  const known = once(() => clKeyGenFromSeed(loadSetup(q, level), seed));
  const baselineCold = once(() => {
    // The same derivation with textbook arithmetic and no table:
    // h = lift(t²)^q and pk = h^sk by Gauss composition and square-and-multiply.
    const seeds = deriveSetupSeeds(q, level);
    const deltaK = -seeds.p * q;
    const plain = plainOps(new ClassGroup(q * q * deltaK));
    const h = powSquareAndMultiply(plain, liftedPrimeSquare(deltaK, q, seeds.r), q);
    return powSquareAndMultiply(plain, h, randomBits(new Drbg('baseline', seed), randomnessBitsFor(level)));
  });
  report.add({
    name: 'setup from the known seeds (h, h table) + keygen from seed',
    measurement: single(known.ms),
    baseline: { name: 'textbook derivation, no table', measurement: single(baselineCold.ms) },
    targetMs: 1000,
  });
  const derived = once(() => {
    const setup = setupFromSeeds(deriveSetupSeeds(q, level));
    clKeyGenFromSeed(setup, seed);
    return setup;
  });
  report.add({
    name: 'setup derived from q alone (prime search, h, h table) + keygen',
    measurement: single(derived.ms),
    baseline: { name: 'from the known seeds', measurement: single(known.ms) },
  });

  const setup = loadSetup(q, level);
  const { group } = setup;
  const plain = plainOps(group);
  const xs: Form[] = Array.from({ length: 16 }, () => setup.hTable.pow(randomBits(rng, setup.randomnessBits)));
  let i = 0;
  const next = () => xs[i++ % xs.length] as Form;

  report.add({
    name: 'composition (NUCOMP)',
    measurement: measure(() => group.compose(next(), next()), { iterations: 2000 }),
    baseline: { name: 'Gauss + reduce', measurement: measure(() => composePlain(next(), next()), { iterations: 1000 }) },
  });
  report.add({
    name: 'squaring (NUDUPL)',
    measurement: measure(() => group.square(next()), { iterations: 2000 }),
    baseline: { name: 'Gauss + reduce', measurement: measure(() => plain.square(next()), { iterations: 1000 }) },
  });

  for (const bits of [setup.randomnessBits, 2000]) {
    const exps = Array.from({ length: 8 }, () => randomBits(rng, bits));
    let j = 0;
    const e = () => exps[j++ % exps.length] as bigint;
    const baseline = {
      name: 'square-and-multiply',
      measurement: measure(() => powSquareAndMultiply(plain, next(), e()), { iterations: 3 }),
    };
    report.add({
      name: `exponentiation, ${bits}-bit, variable base`,
      measurement: measure(() => group.pow(next(), e()), { iterations: 10 }),
      baseline,
    });
    const table = group.fixedBase(xs[0] as Form, 6);
    table.ensureBits(bits);
    report.add({
      name: `exponentiation, ${bits}-bit, fixed base (table)`,
      measurement: measure(() => table.pow(e()), { iterations: 20 }),
      baseline,
    });
  }

  let counter = 0;
  const freshSeed = () => {
    const s = new Uint8Array(32);
    new DataView(s.buffer).setUint32(0, counter++);
    return s;
  };
  report.add({
    name: 'keygen from seed (setup cached)',
    measurement: measure(() => clKeyGenFromSeed(setup, freshSeed()), { iterations: 10 }),
    baseline: {
      name: 'square-and-multiply',
      measurement: measure(() => powSquareAndMultiply(plain, setup.h, randomBits(rng, setup.randomnessBits)), { iterations: 3 }),
    },
    targetMs: 150,
  });

  const { secretKey, publicKey } = clKeyGenFromSeed(setup, freshSeed());
  publicKey.table.ensureBits(setup.randomnessBits);
  const m = () => randomBelow(rng, q);
  const plainEncrypt = (message: bigint) => {
    const r = randomBits(rng, setup.randomnessBits);
    return {
      c1: powSquareAndMultiply(plain, setup.h, r),
      c2: group.compose(powF(setup, message), powSquareAndMultiply(plain, publicKey.form, r)),
    };
  };
  report.add({
    name: 'encrypt (h and pk tables)',
    measurement: measure(() => clEncrypt(publicKey, m(), rng), { iterations: 20 }),
    baseline: { name: 'square-and-multiply', measurement: measure(() => plainEncrypt(m()), { iterations: 3 }) },
    targetMs: 80,
  });
  const cts = Array.from({ length: 4 }, () => clEncrypt(publicKey, m(), rng).ciphertext);
  report.add({
    name: 'decrypt',
    measurement: measure(() => clDecrypt(secretKey, cts[counter++ % 4]!), { iterations: 10 }),
    baseline: {
      name: 'square-and-multiply',
      measurement: measure(
        () => {
          const ct = cts[counter++ % 4]!;
          return dlogF(setup, composePlain(ct.c2, powSquareAndMultiply(plain, ct.c1, -secretKey.value)));
        },
        { iterations: 3 },
      ),
    },
  });
  report.add({
    name: 'linear evaluation a₁⊙ct₁ ⊕ a₂⊙ct₂ ⊕ Enc(0) (circuit-private)',
    measurement: measure(() => clEvaluate(publicKey, [m(), m()], [cts[0]!, cts[1]!], { rng }), { iterations: 5 }),
    baseline: {
      name: 'square-and-multiply',
      measurement: measure(
        () => {
          const exps = [m(), m()].map((a) => a + randomBits(rng, setup.randomnessBits) * q);
          const eta = randomBits(rng, setup.randomnessBits);
          let c1 = powSquareAndMultiply(plain, setup.h, eta);
          let c2 = powSquareAndMultiply(plain, publicKey.form, eta);
          exps.forEach((a, k) => {
            c1 = composePlain(c1, powSquareAndMultiply(plain, cts[k]!.c1, a));
            c2 = composePlain(c2, powSquareAndMultiply(plain, cts[k]!.c2, a));
          });
          return { c1, c2 };
        },
        { iterations: 2 },
      ),
    },
  });
  return report;
}

/** Textbook group operations: Gauss composition and reduction for every product and square. */
function plainOps(group: ClassGroup): FormGroupOps {
  return {
    identity: group.identity,
    compose: composePlain,
    square: (x) => composePlain(x, x),
    inverse: (x) => group.inverse(x),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await run(process.argv.slice(2));
  report.printTable();
}

/**
 * Threshold decryption over the integers (PROTOCOL.md §4) on this machine, for committees of
 * n = 4, 16, 64, 128 validators of weight 1 with t = ⌊2n/3⌋ + 1, one ciphertext by default:
 *
 * - decryption share: one validator's d = c1^{s_v}. Baseline: an ordinary CL decryption's
 *   exponentiation c1^sk (749-bit sk), so the ratio shows what the n!-sized share costs. The
 *   share's bit length is printed with it: the per-validator cost grows only through the share's
 *   size, σ + |S| + log2 of the dealer's coefficient ranges (which carry W!) + (t−1)·log2 n.
 * - combination of t shares with one multi-exponentiation (Straus). Baseline: the same product by
 *   separate exponentiations.
 * - share + combination, end to end (the issue's target at n = 16: well under a second).
 * - proven share: the EDL proof of one validator. Baseline: the unproven share.
 * - batch verification of the n proofs (one random linear combination). Baseline: the blame path
 *   with one invalid proof among them, where the combined check fails and every proof is
 *   verified one by one to name the invalid one.
 * - optimistic combination against its baseline, the sad path: ThresholdDecryption.finish with
 *   one cheater (batch verification, fallback, blame, combination of proven shares), measured once.
 *
 * With --large-w, only what changed for large committees (mpc/threshold/LARGE-COMMITTEES.md), at
 * each size against the former code in the same run: the combination of t shares against the former
 * last power by g·lcm(Δ, 2), and one decryption share (c1^{s_v}) against an exponent of the former
 * share bound (coefficient ranges with the floor Δ). The other parties' shares are computed with one
 * fixed-base table per c1, so n = 1024 takes minutes rather than hours.
 *
 * Run: npm run bench -- threshold   (options: --sizes 4,16,64,128 (up to 1024) --ciphertexts 1
 *      --curve secp256k1|p256|ed25519 --level 112|128 --large-w)
 */
import { parseArgs } from 'node:util';
import { clEncrypt } from '../mpc/cl/encryption.ts';
import { clKeyGen } from '../mpc/cl/keys.ts';
import type { Form } from '../mpc/classgroups/form.ts';
import { dlogF } from '../mpc/classgroups/message-subgroup.ts';
import type { ClassGroupSetup, SecurityLevel } from '../mpc/classgroups/setup.ts';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { type CurveName, curveOrder, isCurveName } from '../mpc/curves/curve.ts';
import { bitLength } from '../mpc/numbers/bytes.ts';
import { Drbg } from '../mpc/numbers/drbg.ts';
import { modInverse } from '../mpc/numbers/modular.ts';
import { randomBelow, randomBits } from '../mpc/numbers/random.ts';
import { MAX_VIRTUAL_PARTIES, thresholdAccessStructure, type WeightedAccessStructure } from '../mpc/threshold/access-structure.ts';
import {
  combineDecryptionShares,
  combineShareMessages,
  interpolateFactored,
  selectInterpolationSet,
  sharesByVirtualId,
} from '../mpc/threshold/combine.ts';
import { dealThresholdKey } from '../mpc/threshold/dealer.ts';
import { decryptionShareMessage } from '../mpc/threshold/decryption-share.ts';
import { ThresholdDecryption } from '../mpc/threshold/identifiable-abort.ts';
import { lagrangeCoefficients } from '../mpc/threshold/lagrange.ts';
import type { DecryptionShareMessage, ProvenDecryptionShareMessage } from '../mpc/threshold/messages.ts';
import { coefficientRanges, maxShare, SHARING_STATISTICAL_BITS } from '../mpc/threshold/polynomial.ts';
import { DecryptionSession } from '../mpc/threshold/session.ts';
import { provenDecryptionShareMessage, verifyProvenShares } from '../mpc/threshold/share-proof.ts';
import { BenchReport, measure, once, single } from './support/harness.ts';

export async function run(argv: string[] = []): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '4,16,64,128' },
      ciphertexts: { type: 'string', default: '1' },
      curve: { type: 'string', default: 'secp256k1' },
      level: { type: 'string', default: '112' },
      'large-w': { type: 'boolean', default: false },
    },
  });
  const curve = values.curve as string;
  if (!isCurveName(curve)) throw new Error(`--curve must be secp256k1, p256 or ed25519, not ${curve}`);
  const level = Number(values.level) as SecurityLevel;
  const sizes = (values.sizes as string).split(',').map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_VIRTUAL_PARTIES))
    throw new Error(`--sizes: integers in [1, ${MAX_VIRTUAL_PARTIES}]`);
  const batch = Number(values.ciphertexts);
  if (!Number.isInteger(batch) || batch < 1) throw new Error('--ciphertexts must be a positive integer');

  const q = curveOrder(curve as CurveName);
  const setup = loadSetup(q, level);
  const { group } = setup;
  if (values['large-w'] === true) return largeWeight(setup, sizes);
  const report = new BenchReport(`threshold decryption (${curve}, ${level}-bit, ${batch} ciphertext${batch > 1 ? 's' : ''})`);
  const rng = new Drbg('dwallet/bench/threshold', new Uint8Array([1]));

  // The non-threshold reference: one CL decryption exponentiation by a 749-bit key.
  const plain = clKeyGen(setup, rng);
  const plainCiphertext = clEncrypt(plain.publicKey, 1n, rng).ciphertext;
  const plainDecryption = measure(() => group.pow(plainCiphertext.c1, plain.secretKey.value), { iterations: 5 });

  for (const n of sizes) {
    const t = Math.floor((2 * n) / 3) + 1;
    const label = `n=${n} t=${t}`;
    const access = thresholdAccessStructure(t, n);
    const dealt = once(() => dealThresholdKey(setup, access, rng));
    const { publicKey, keyShares } = dealt.value;
    const plaintexts = Array.from({ length: batch }, () => randomBelow(rng, q));
    const ciphertexts = plaintexts.map((m) => clEncrypt(publicKey.encryptionKey, m, rng).ciphertext);
    const session = new DecryptionSession(publicKey, ciphertexts, {
      protocol: 'bench/threshold',
      sessionId: new Uint8Array(32).fill(n),
      round: 'decryption-proofs',
    });
    const predicate = (ms: readonly bigint[]) => ms.every((m, i) => m === plaintexts[i]);
    const lastShare = keyShares[n - 1]!;
    console.error(`${label}: dealt in ${(dealt.ms / 1000).toFixed(1)} s, shares of ${publicKey.shareBits} bits`);

    const share = measure(() => decryptionShareMessage(session, lastShare), { iterations: 5 });
    report.add({
      name: `${label}: decryption share (${publicKey.shareBits}-bit share)`,
      measurement: share,
      baseline: { name: `CL decryption c1^sk, ${setup.randomnessBits}-bit`, measurement: plainDecryption },
      extra: { share_bits: publicKey.shareBits, us_per_share_bit: Math.round((share.medianMs * 1e4) / (publicKey.shareBits * batch)) / 10 },
    });

    // The proven messages carry the same shares as the unproven ones: compute each party's once.
    const provenStart = performance.now();
    const proven: ProvenDecryptionShareMessage[] = keyShares.map((k) => provenDecryptionShareMessage(session, k, rng));
    console.error(`${label}: ${n} proven shares in ${((performance.now() - provenStart) / 1000).toFixed(1)} s`);
    const unproven: DecryptionShareMessage[] = proven.map(({ party, digest, shares }) => ({ party, digest, shares }));
    const shares = sharesByVirtualId(session, unproven.slice(0, t));

    const combination = measure(() => combineDecryptionShares(session, shares), { iterations: 3 });
    report.add({
      name: `${label}: combination of t shares (multiPow)`,
      measurement: combination,
      baseline: {
        name: 'separate exponentiations',
        measurement: measure(() => combineBySeparateExponentiations(session, shares), { iterations: 1, warmup: 0 }),
      },
    });
    report.add({
      name: `${label}: share + combination`,
      measurement: measure(
        () => {
          const own = decryptionShareMessage(session, lastShare);
          return combineShareMessages(session, [...unproven.slice(0, t - 1), own]);
        },
        { iterations: 3, warmup: 0 },
      ),
      ...(n === 16 ? { targetMs: 1000 } : {}),
    });

    report.add({
      name: `${label}: proven share (EDL proof)`,
      measurement: measure(() => provenDecryptionShareMessage(session, lastShare, rng), { iterations: 2, warmup: 0 }),
      baseline: { name: 'unproven share', measurement: share },
    });

    const valid = measure(
      () => {
        const result = verifyProvenShares(session, proven, rng);
        if (result.invalid.length > 0) throw new Error('bench: an honest proof did not verify');
      },
      { iterations: 1, warmup: 0 },
    );
    const cheater = tamper(session, proven[0]!);
    const blame = once(() => {
      const result = verifyProvenShares(session, [cheater, ...proven.slice(1)], rng);
      if (result.invalid.length !== 1 || result.invalid[0]!.prover !== 1) throw new Error('bench: the invalid proof was not named');
    });
    report.add({
      name: `${label}: batch verification of ${n} proofs`,
      measurement: valid,
      baseline: { name: 'blame: one invalid, one by one', measurement: single(blame.ms) },
    });

    const sad = once(() => {
      const decryption = new ThresholdDecryption(session, predicate);
      decryption.addShare(tamper(session, unproven[0]!));
      for (const message of unproven.slice(1)) decryption.addShare(message);
      if (decryption.tryOptimistic().status !== 'proofs-required') throw new Error('bench: the cheater went unnoticed');
      decryption.addProvenShare(cheater);
      for (const message of proven.slice(1)) decryption.addProvenShare(message);
      const result = decryption.finish(rng);
      if (!result.predicateHolds || result.blamed.length !== 1) throw new Error('bench: the sad path did not blame exactly the cheater');
    });
    report.add({
      name: `${label}: optimistic combination`,
      measurement: combination,
      baseline: { name: 'sad path: verify, blame, combine proven', measurement: single(sad.ms) },
    });
  }
  return report;

  /** The message with its first share multiplied by h. */
  function tamper<M extends DecryptionShareMessage>(session: DecryptionSession, message: M): M {
    const [first, ...rest] = message.shares;
    const row = [group.compose(first![0]!, session.key.setup.h), ...first!.slice(1)];
    return { ...message, shares: [row, ...rest] };
  }
}

/** The former share bound: coefficient ranges max(Δ, (W!/t!)·[t+1, k+1]), i.e. with the floor Δ. */
function formerShareBits(access: WeightedAccessStructure, randomnessBits: number): number {
  const ranges = coefficientRanges(access, randomnessBits).map((range) => {
    const floor = access.delta << BigInt(SHARING_STATISTICAL_BITS + randomnessBits);
    return range < floor ? floor : range;
  });
  return bitLength(maxShare(access, randomnessBits, ranges));
}

/** The former combination: (c2^{Δ²/g}·X⁻¹)^{g·lcm(Δ, 2)}, dlog, times (Δ²·lcm(Δ, 2))⁻¹. */
function combineWithFormerCleanup(session: DecryptionSession, shares: ReadonlyMap<number, readonly Form[]>): bigint[] {
  const { access, setup } = session.key;
  const { group, q } = setup;
  const delta = access.delta;
  const cleanup = delta % 2n === 0n ? delta : 2n * delta;
  const inverse = modInverse((delta * delta * cleanup) % q, q);
  const { factored, g } = interpolateFactored(session, shares, 0);
  return session.ciphertexts.map((ct, c) => {
    const base = group.compose(group.pow(ct.c2, delta * (delta / g)), group.inverse(factored[c] as Form));
    return (dlogF(setup, group.pow(base, g * cleanup)) * inverse) % q;
  });
}

/** The --large-w rows (see the module comment). */
function largeWeight(setup: ClassGroupSetup, sizes: readonly number[]): BenchReport {
  const { group } = setup;
  const report = new BenchReport(`threshold decryption at large W (${setup.level}-bit): this change against the former code`);
  const rng = new Drbg('dwallet/bench/threshold/large-w', new Uint8Array([1]));
  for (const n of sizes) {
    const t = Math.floor((2 * n) / 3) + 1;
    const label = `n=${n} t=${t}`;
    const access = thresholdAccessStructure(t, n);
    const { publicKey, keyShares } = dealThresholdKey(setup, access, rng);
    const plaintexts = [randomBelow(rng, setup.q), randomBelow(rng, setup.q)];
    const ciphertexts = plaintexts.map((m) => clEncrypt(publicKey.encryptionKey, m, rng).ciphertext);
    const session = new DecryptionSession(publicKey, ciphertexts, {
      protocol: 'bench/threshold',
      sessionId: new Uint8Array(32).fill(n % 256),
      round: 'decryption-proofs',
    });
    const tables = ciphertexts.map(({ c1 }) => group.fixedBase(c1, 4));
    const shares = new Map<number, readonly Form[]>();
    for (const keyShare of keyShares.slice(0, t)) {
      for (const share of keyShare.shares)
        shares.set(
          share.virtualId,
          tables.map((table) => table.pow(share.expose())),
        );
    }
    // Small sizes repeat (median, after a warm-up); large ones run twice.
    const repeat = n <= 64 ? { iterations: 5, warmup: 1 } : { iterations: 2, warmup: 0 };
    for (const combine of [combineDecryptionShares, combineWithFormerCleanup]) {
      if (combine(session, shares).some((m, i) => m !== plaintexts[i])) throw new Error('bench: a combination gave the wrong plaintexts');
    }
    report.add({
      name: `${label}: combination of t shares, 2 ciphertexts`,
      measurement: measure(() => combineDecryptionShares(session, shares), repeat),
      baseline: {
        name: 'former: last power by g·lcm(Δ, 2)',
        measurement: measure(() => combineWithFormerCleanup(session, shares), repeat),
      },
    });
    const bits = publicKey.shareBits;
    const formerBits = formerShareBits(access, setup.randomnessBits);
    const c1 = ciphertexts[0]!.c1;
    const own = keyShares[0]!.shares[0]!.expose();
    const formerExponent = (1n << BigInt(formerBits - 1)) | randomBits(rng, formerBits - 1);
    report.add({
      name: `${label}: one decryption share c1^{s_v} (${bits}-bit share bound)`,
      measurement: measure(() => group.pow(c1, own), repeat),
      baseline: {
        name: `former bound, ${formerBits} bits`,
        measurement: measure(() => group.pow(c1, formerExponent), repeat),
      },
      extra: { share_bits: bits, former_share_bits: formerBits },
    });
  }
  return report;
}

/** combine.ts's combination with Π d_v^{λ'_v} computed as separate exponentiations. */
function combineBySeparateExponentiations(session: DecryptionSession, shares: ReadonlyMap<number, readonly Form[]>): bigint[] {
  const { access, setup } = session.key;
  const { group, q } = setup;
  const subset = selectInterpolationSet(access, shares.keys());
  const lambdas = lagrangeCoefficients(access, subset);
  const delta = access.delta;
  const inverse = modInverse((delta * delta * delta) % q, q);
  return session.ciphertexts.map((ct, c) => {
    let W = group.identity;
    subset.forEach((v, k) => {
      W = group.compose(W, group.pow(shares.get(v)![c]!, lambdas[k]!));
    });
    const M = group.compose(group.pow(ct.c2, delta * delta), group.inverse(W));
    return (dlogF(setup, group.pow(M, delta)) * inverse) % q;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await run(process.argv.slice(2));
  report.printTable();
}

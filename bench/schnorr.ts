/**
 * 2PC-MPC Schnorr signatures (PROTOCOL-EXTENSIONS.md §9.1) on this machine — Taproot on secp256k1
 * and EdDSA on ed25519 — beside ECDSA on secp256k1 measured in the same run (the baseline of each
 * row), at committees of n = 4 and 16 validators of weight 1 with t = ⌊2n/3⌋ + 1:
 *
 * - user: the sign message (K_A, z_A: two curve multiplications and a transcript hash) and its
 *   bytes. Baseline: ECDSA's user sign message (commitments, two class-group evaluations, eight
 *   proofs).
 * - one validator, sign (happy path): verify the user's message and form ct_s, its own decryption
 *   share, combine t shares, build and check the signature with noble. Baseline: ECDSA's happy
 *   path at the same n (two ciphertexts, eight proofs).
 * - one validator, presign, per presign at batch m: the committed proof aggregation of EncDL for the
 *   two nonce parts (its statements, masks, commitment and responses, the n − 1 reveals opened and
 *   range-checked, one aggregate equation, the sums). Baseline: ECDSA's two aggregations (EncDH⟨2⟩
 *   then ScaleDL) at the same n and m. The other validators' reveals are prepared beforehand and
 *   not timed (bench/support/aggregated-round.ts).
 *
 * Run: npm run bench -- schnorr   (options: --sizes 4,16 --batch 1 --iterations 3)
 */
import { parseArgs } from 'node:util';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { type CurveName, curveOrder, getCurve } from '../mpc/curves/curve.ts';
import { createUserDkgMessage } from '../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../mpc/ecdsa/hash-schemes.ts';
import { encodeUserSignMessage } from '../mpc/ecdsa/messages.ts';
import { dealKeyParts, dealNetworkKey } from '../mpc/ecdsa/network-key/dealer.ts';
import type { NetworkKeyParts } from '../mpc/ecdsa/network-key/key-parts.ts';
import {
  type MaskSums,
  maskParts,
  maskSums,
  maskWitnesses,
  nonceParts,
  nonceWitnesses,
  presignsFromSums,
} from '../mpc/ecdsa/presign/contribution.ts';
import { InMemoryPresignLedger } from '../mpc/ecdsa/presign/ledger.ts';
import { signatureFromPlaintexts, signDecryptionSession } from '../mpc/ecdsa/sign/network.ts';
import { createUserSignMessage } from '../mpc/ecdsa/sign/user.ts';
import { verifyUserSignMessageBytes } from '../mpc/ecdsa/sign/verify.ts';
import { Drbg } from '../mpc/numbers/drbg.ts';
import type { RandomSource } from '../mpc/numbers/random.ts';
import type { Statement } from '../mpc/proofs/language.ts';
import { schnorrNonceParts, schnorrNonceWitnesses, schnorrPresignsFromSums } from '../mpc/schnorr/presign/contribution.ts';
import type { SchnorrAlgorithm } from '../mpc/schnorr/scheme.ts';
import { encodeSchnorrUserSignMessage } from '../mpc/schnorr/sign/encoding.ts';
import type { SchnorrSignContext } from '../mpc/schnorr/sign/message.ts';
import { schnorrSignatureFromPlaintext, schnorrSignDecryptionSession } from '../mpc/schnorr/sign/network.ts';
import { createSchnorrUserSignMessage } from '../mpc/schnorr/sign/user.ts';
import { verifySchnorrUserSignMessage } from '../mpc/schnorr/sign/verify.ts';
import { HASH_SCHEME_IDS } from '../mpc/signing/algorithms.ts';
import { dealerPresign } from '../mpc/testing/ecdsa-fixture.ts';
import { dealerSchnorrPresign } from '../mpc/testing/schnorr-fixture.ts';
import { thresholdAccessStructure } from '../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../mpc/threshold/decryption-share.ts';
import { aggregatedValidatorRound, prepareAggregatedRound } from './support/aggregated-round.ts';
import { BenchReport, type Measurement, measure, once, single } from './support/harness.ts';

const SCHEMES: readonly { algorithm: SchnorrAlgorithm; curve: CurveName }[] = [
  { algorithm: 'taproot', curve: 'secp256k1' },
  { algorithm: 'eddsa', curve: 'ed25519' },
];
/** Distinct provers among the prepared reveals: the verifier's work does not depend on repetition. */
const DISTINCT_PROVERS = 2;

function thresholdFor(n: number): number {
  return Math.floor((2 * n) / 3) + 1;
}

function sessionId(label: string): Uint8Array {
  return new Drbg('dwallet/bench/schnorr/session-id', utf8ToBytes(label)).bytes(32);
}

function perItem(m: Measurement, k: number): Measurement {
  return single(m.medianMs / k);
}

interface Dealt {
  readonly key: NetworkKeyParts;
  readonly dealt: ReturnType<typeof dealNetworkKey>;
}

function dealFor(curve: CurveName, n: number, rng: RandomSource): Dealt {
  const c = getCurve(curve);
  const dealt = dealNetworkKey(c, loadSetup(curveOrder(curve), 112), thresholdAccessStructure(thresholdFor(n), n), rng);
  return { dealt, key: dealKeyParts(c, dealt.thresholdKey.encryptionKey, rng) };
}

/** ECDSA's sign happy path for one validator at this n (the baseline of the Schnorr rows). */
function ecdsaSignHappyPath(d: Dealt, n: number, rng: RandomSource, iterations: number): Measurement {
  const { key, dealt } = d;
  const wallet = createUserDkgMessage(key, sessionId(`ecdsa dkg ${n}`), { rng });
  const presign = dealerPresign(key, `bench ecdsa ${n}`, { kind: 'universal' }, rng);
  const digest = digestMessage(key.curve, HashSchemes.SHA256, utf8ToBytes('bench'));
  const context = { key, dwallet: wallet.output, presign, digest };
  const bytes = encodeUserSignMessage(
    key,
    createUserSignMessage({ ...context, secretShare: wallet.secretShare, ledger: new InMemoryPresignLedger(), rng }),
  );
  const t = thresholdFor(n);
  const request = verifyUserSignMessageBytes(context, bytes);
  const decryption = signDecryptionSession(dealt.thresholdKey, request, sessionId(`ecdsa sign ${n}`));
  const others = dealt.keyShares.slice(1, t).map((share) => decryptionShareMessage(decryption, share));
  const own = dealt.keyShares[0] as (typeof dealt.keyShares)[number];
  return measure(
    () => {
      const verified = verifyUserSignMessageBytes(context, bytes);
      const mine = decryptionShareMessage(decryption, own);
      if (signatureFromPlaintexts(verified, combineShareMessages(decryption, [mine, ...others])) === undefined)
        throw new Error('no signature');
    },
    { iterations, warmup: 0 },
  );
}

/** ECDSA's presign rounds per presign for one validator (the baseline of the Schnorr presign rows). */
function ecdsaPresign(key: NetworkKeyParts, n: number, m: number, rng: RandomSource): number {
  const target = { kind: 'universal' } as const;
  const sid = sessionId(`ecdsa presign ${n} ${m}`);
  const contextOf = (round: string) => ({ protocol: 'bench/schnorr/ecdsa-presign', sessionId: sid, round });
  const masksOf = (r: RandomSource) => [maskWitnesses(key, target, m, r)];
  const first = prepareAggregatedRound(contextOf('mask-shares'), maskParts(key, target, m), masksOf, n, DISTINCT_PROVERS, rng);
  const masks: MaskSums[] = maskSums(aggregatedValidatorRound(first)[0] as Statement[]);
  const noncesOf = (r: RandomSource) => nonceWitnesses(key, m, r);
  const second = prepareAggregatedRound(contextOf('nonce-shares'), nonceParts(key, masks), noncesOf, n, DISTINCT_PROVERS, rng);
  const ids = Array.from({ length: m }, (_, j) => sessionId(`ecdsa presign id ${n} ${m} ${j}`));
  return (
    once(() => {
      const sums = maskSums(aggregatedValidatorRound(first)[0] as Statement[]);
      presignsFromSums(key, target, ids, sums, aggregatedValidatorRound(second));
    }).ms / m
  );
}

export async function run(argv: string[] = []): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '4,16' },
      batch: { type: 'string', default: '1' },
      iterations: { type: 'string', default: '3' },
    },
  });
  const sizes = (values.sizes as string).split(',').map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n >= 2 && n <= 128)) throw new Error('--sizes: integers in [2, 128]');
  const m = Number(values.batch);
  if (!Number.isInteger(m) || m < 1 || m > 256) throw new Error('--batch: an integer in [1, 256]');
  const iterations = Number(values.iterations);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error('--iterations: a positive integer');
  const report = new BenchReport('schnorr (Taproot, EdDSA) beside ECDSA, 112-bit class groups');
  const rng = new Drbg('dwallet/bench/schnorr', new Uint8Array([1]));

  // ---- the user ------------------------------------------------------------------------------
  const ecdsaKey = dealFor('secp256k1', 4, rng);
  const ecdsaWallet = createUserDkgMessage(ecdsaKey.key, sessionId('ecdsa user dkg'), { rng });
  const digest = digestMessage(ecdsaKey.key.curve, HashSchemes.SHA256, utf8ToBytes('bench'));
  let ecdsaBytes = 0;
  const ecdsaUser = measure(
    () => {
      const presign = dealerPresign(ecdsaKey.key, 'bench ecdsa user', { kind: 'universal' }, rng);
      const context = { key: ecdsaKey.key, dwallet: ecdsaWallet.output, presign, digest };
      const message = createUserSignMessage({ ...context, secretShare: ecdsaWallet.secretShare, ledger: new InMemoryPresignLedger(), rng });
      ecdsaBytes = encodeUserSignMessage(ecdsaKey.key, message).length;
    },
    { iterations, warmup: 1 },
  );
  const keys = new Map<CurveName, Dealt>([['secp256k1', ecdsaKey]]);
  for (const { algorithm, curve } of SCHEMES) {
    const d = keys.get(curve) ?? dealFor(curve, 4, rng);
    keys.set(curve, d);
    const wallet = createUserDkgMessage(d.key, sessionId(`${algorithm} user dkg`), { rng });
    const presign = dealerSchnorrPresign(d.key, algorithm, `bench ${algorithm} user`, rng);
    const hashScheme = algorithm === 'taproot' ? HASH_SCHEME_IDS.SHA256 : HASH_SCHEME_IDS.SHA512;
    const context: SchnorrSignContext = {
      key: d.key,
      dwallet: wallet.output,
      presign,
      algorithm,
      hashScheme,
      message: utf8ToBytes('bench'),
    };
    let bytes = 0;
    const user = measure(
      () => {
        bytes = encodeSchnorrUserSignMessage(
          d.key.curve,
          createSchnorrUserSignMessage({ ...context, secretShare: wallet.secretShare, rng }),
        ).length;
      },
      { iterations: 20, warmup: 2 },
    );
    report.add({
      name: `user: ${algorithm} sign message (${curve})`,
      measurement: user,
      baseline: { name: 'ECDSA user sign message (secp256k1)', measurement: ecdsaUser },
      extra: { message_bytes: bytes, baseline_message_bytes: ecdsaBytes },
    });
  }

  // ---- one validator: sign -------------------------------------------------------------------
  for (const n of sizes) {
    const t = thresholdFor(n);
    const dealt = new Map<CurveName, Dealt>();
    const dealtFor = (curve: CurveName) => {
      let d = dealt.get(curve);
      if (d === undefined) {
        d = dealFor(curve, n, rng);
        dealt.set(curve, d);
      }
      return d;
    };
    const baseline = ecdsaSignHappyPath(dealtFor('secp256k1'), n, rng, iterations);
    for (const { algorithm, curve } of SCHEMES) {
      const d = dealtFor(curve);
      const wallet = createUserDkgMessage(d.key, sessionId(`${algorithm} dkg ${n}`), { rng });
      const presign = dealerSchnorrPresign(d.key, algorithm, `bench ${algorithm} sign ${n}`, rng);
      const hashScheme = algorithm === 'taproot' ? HASH_SCHEME_IDS.SHA256 : HASH_SCHEME_IDS.SHA512;
      const context: SchnorrSignContext = {
        key: d.key,
        dwallet: wallet.output,
        presign,
        algorithm,
        hashScheme,
        message: utf8ToBytes('bench'),
      };
      const bytes = encodeSchnorrUserSignMessage(
        d.key.curve,
        createSchnorrUserSignMessage({ ...context, secretShare: wallet.secretShare, rng }),
      );
      const request = verifySchnorrUserSignMessage(context, bytes);
      const decryption = schnorrSignDecryptionSession(d.dealt.thresholdKey, request, sessionId(`${algorithm} sign ${n}`));
      const others = d.dealt.keyShares.slice(1, t).map((share) => decryptionShareMessage(decryption, share));
      const own = d.dealt.keyShares[0] as (typeof d.dealt.keyShares)[number];
      const verification = measure(() => verifySchnorrUserSignMessage(context, bytes), { iterations: 5, warmup: 1 });
      const happy = measure(
        () => {
          const verified = verifySchnorrUserSignMessage(context, bytes);
          const mine = decryptionShareMessage(decryption, own);
          const [s] = combineShareMessages(decryption, [mine, ...others]);
          if (s === undefined || schnorrSignatureFromPlaintext(verified, s) === undefined) throw new Error('no signature');
        },
        { iterations, warmup: 0 },
      );
      report.add({
        name: `validator: ${algorithm} sign, happy path, n = ${n}, t = ${t}`,
        measurement: happy,
        baseline: { name: `ECDSA happy path, n = ${n}`, measurement: baseline },
        extra: { share_bits: d.dealt.thresholdKey.shareBits, verification_ms: Math.round(verification.medianMs * 100) / 100 },
      });
    }
  }

  // ---- one validator: presign ----------------------------------------------------------------
  for (const n of sizes) {
    const baselineMs = ecdsaPresign(ecdsaKey.key, n, m, rng);
    for (const { algorithm, curve } of SCHEMES) {
      const { key } = keys.get(curve) as Dealt;
      const sid = sessionId(`${algorithm} presign ${n} ${m}`);
      const context = { protocol: 'bench/schnorr/presign', sessionId: sid, round: 'nonce-shares' };
      const witnessesOf = (r: RandomSource) => [schnorrNonceWitnesses(key, m, r)];
      const round = prepareAggregatedRound(context, schnorrNonceParts(key, m), witnessesOf, n, DISTINCT_PROVERS, rng);
      const ids = Array.from({ length: m }, (_, j) => sessionId(`${algorithm} presign id ${n} ${m} ${j}`));
      const work = measure(() => schnorrPresignsFromSums(key, algorithm, ids, aggregatedValidatorRound(round)[0] as Statement[]), {
        iterations,
        warmup: 0,
      });
      report.add({
        name: `validator: ${algorithm} presign, per presign, batch ${m}, n = ${n}`,
        measurement: perItem(work, m),
        baseline: { name: `ECDSA presign, batch ${m}, n = ${n}`, measurement: single(baselineMs) },
      });
    }
  }
  return report;
}

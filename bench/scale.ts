/**
 * One validator's work per signature against the committee size (issue 16, "committees of a
 * thousand"): n = 4, 16, 64, 256, 1024 validators of weight 1, t = ⌊2n/3⌋ + 1, in process. The
 * measured validator is party 1; the other parties' messages are prepared beforehand, encoded,
 * and replayed: their decoding (which validates every group element) is timed, their making is not.
 *
 * - presign share, per presign at batch m = 16: the four rounds of the presign session
 *   (mpc/ecdsa/protocols/presign.ts, committed proof aggregation: mpc/session/proof-aggregation.ts)
 *   — its own statements, masks, commitment and responses, the n − 1 others' reveals decoded,
 *   opened against their commitments and range-checked, one aggregate equation per part over the
 *   sums — and the presigns from the sums; / m (bench/support/aggregated-round.ts).
 * - sign: verify the user's sign message, make its two decryption shares, decode the t − 1 other
 *   share messages, combine the t shares and check the signature (the happy path of
 *   mpc/ecdsa/protocols/sign.ts). From t = 16 on one designated validator per session combines
 *   and the others check its signature (checkReceivedSignature): the per-validator figure is then
 *   the average over the rotation, combine/n + check·(1 − 1/n); the parts are reported apart.
 *   The presign signed is one this run's presign rounds produced.
 * - per signature: the two added, with the ratio against the smallest n of the same run (the
 *   issue's target: ≤ 2× at n = 1024 against n = 4).
 * - per signature with standbys (the validators' default): only the t drawn signers of a session
 *   do the sign work; each other validator decodes the t signers' share messages and combines
 *   (or checks the designated combiner's signature). Averaged over the draw: the presign share
 *   + t/n of the sign + (1 − t/n) of the standby's part.
 *
 * The network key is dealt (mpc/ecdsa/network-key/dealer.ts): the distributed key generation at
 * n = 1024 would take hours (each of the n dealers commits to t coefficients and every validator
 * checks W shares against t commitments), and it does not change the per-signature work.
 *
 * Preparing the others' messages within minutes at n = 1024:
 * - presign reveals: a few provers draw witnesses and masks; the other parties reuse them, each
 *   with its own salt and commitment (bench/support/aggregated-round.ts says why the verifier's
 *   work does not depend on it).
 * - decryption shares d_v = c1^{s_v}: one fixed-base table per ciphertext c1 serves the t − 1
 *   other parties (the same values decryption-share.ts computes by separate exponentiations).
 *
 * Output: JSON lines, a table, and an SVG plot (hand-written, no dependency) of the three
 * measures against n, written to --svg (default .data/bench/scale.svg) and printed at the end.
 *
 * Run: npm run bench -- scale   (options: --sizes 4,16,64,256 (default; add 1024 for all sizes)
 *      --batch 16 --curve secp256k1|p256 --svg PATH --sign-only)
 * --sign-only measures the sign work alone (the presign signed is then party 1's own batch of one,
 * made untimed), for a quick look at large n; it writes no plot.
 * n = 1024 is not in the default sizes: dealing its key (1,024 verification keys by 11,234-bit
 * shares) and preparing 682 decryption share messages take long before anything is timed.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Form } from '../mpc/classgroups/form.ts';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { ecdsaCurve, isEcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { createUserDkgMessage } from '../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../mpc/ecdsa/hash-schemes.ts';
import { encodeUserSignMessage } from '../mpc/ecdsa/messages.ts';
import { dealKeyParts, dealNetworkKey } from '../mpc/ecdsa/network-key/dealer.ts';
import type { NetworkKeyParts } from '../mpc/ecdsa/network-key/key-parts.ts';
import {
  MASK_ROUND,
  maskParts,
  maskSums,
  maskWitnesses,
  NONCE_ROUND,
  nonceParts,
  nonceWitnesses,
  PRESIGN_PROTOCOL,
  type PresignTarget,
  presignsFromSums,
} from '../mpc/ecdsa/presign/contribution.ts';
import { InMemoryPresignLedger } from '../mpc/ecdsa/presign/ledger.ts';
import type { Presign } from '../mpc/ecdsa/presign/presign.ts';
import { DESIGNATED_COMBINER_MIN_THRESHOLD, signShareSchemas } from '../mpc/ecdsa/protocols/sign.ts';
import { checkReceivedSignature, signatureFromPlaintexts, signDecryptionSession } from '../mpc/ecdsa/sign/network.ts';
import { createUserSignMessage } from '../mpc/ecdsa/sign/user.ts';
import { verifyUserSignMessageBytes } from '../mpc/ecdsa/sign/verify.ts';
import { type EcdsaSignature, encodeSignature } from '../mpc/ecdsa/signature.ts';
import { Drbg } from '../mpc/numbers/drbg.ts';
import type { Statement } from '../mpc/proofs/language.ts';
import { thresholdAccessStructure } from '../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../mpc/threshold/decryption-share.ts';
import type { DecryptionShareMessage } from '../mpc/threshold/messages.ts';
import { aggregatedValidatorRound, prepareAggregatedRound, type RoundWitnesses } from './support/aggregated-round.ts';
import { BenchReport, formatMs, once, single } from './support/harness.ts';
import { scaleSvg } from './support/scale-plot.ts';

const DEFAULT_SIZES = '4,16,64,256';
const DEFAULT_SVG = '.data/bench/scale.svg';
/** The issue's target: per-validator work per signature at n = 1024 at most twice that at n = 4. */
const TARGET_RATIO = 2;
/** Distinct provers per round whose (statements, T) the other parties reuse (see the module comment). */
const DISTINCT_PROVERS = 4;
/** Fixed-base table width for preparing the others' decryption shares (as decryption-share.ts). */
const SHARE_TABLE_WIDTH = 4;

export interface ScalePoint {
  readonly n: number;
  readonly t: number;
  readonly presignMs: number;
  readonly signMs: number;
  readonly shareBits: number;
  /** Per signature with standbys (the presign share + t/n of the sign, standing by otherwise). */
  withStandbysMs?: number;
}

export async function run(argv: string[] = []): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: DEFAULT_SIZES },
      batch: { type: 'string', default: '16' },
      curve: { type: 'string', default: 'secp256k1' },
      svg: { type: 'string', default: DEFAULT_SVG },
      'sign-only': { type: 'boolean', default: false },
    },
  });
  const curveName = values.curve as string;
  if (!isEcdsaCurveName(curveName)) throw new Error(`--curve must be secp256k1 or p256, not ${curveName}`);
  const sizes = (values.sizes as string).split(',').map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n >= 2 && n <= 1024)) throw new Error('--sizes: integers in [2, 1024]');
  const signOnly = values['sign-only'] === true;
  const m = Number(values.batch);
  if (!Number.isInteger(m) || m < 1 || m > 256) throw new Error('--batch: an integer in [1, 256]');

  const curve = ecdsaCurve(curveName);
  const setup = loadSetup(curve.order, 112);
  const rng = new Drbg('dwallet/bench/scale', utf8ToBytes(curveName));
  const report = new BenchReport(`scale: one validator's work per signature (${curveName}, 112-bit, presign batch ${m})`);
  const sessionId = (label: string) => new Drbg('dwallet/bench/scale/session', utf8ToBytes(label)).bytes(32);
  const digest = digestMessage(curve, HashSchemes.SHA256, utf8ToBytes('a transaction to sign'));
  const target: PresignTarget = { kind: 'universal' };
  const points: ScalePoint[] = [];
  const path = resolve(values.svg as string);
  mkdirSync(dirname(path), { recursive: true });
  const log = (line: string) => console.error(`[scale] ${line}`);

  for (const n of [...sizes].sort((a, b) => a - b)) {
    const t = Math.floor((2 * n) / 3) + 1;
    const label = `n = ${n}, t = ${t}`;
    const dealt = once(() => dealNetworkKey(curve, setup, thresholdAccessStructure(t, n), rng));
    const { thresholdKey, keyShares } = dealt.value;
    const key: NetworkKeyParts = dealKeyParts(curve, thresholdKey.encryptionKey, rng);
    log(`${label}: key dealt in ${formatMs(dealt.ms)}, shares of ${thresholdKey.shareBits} bits`);

    // ---- presign share ----------------------------------------------------------------------
    // With --sign-only, party 1 alone makes a batch of one (untimed): a valid presign to sign with.
    const contributors = signOnly ? 1 : n;
    const batch = signOnly ? 1 : m;
    const sid = sessionId(`presign n=${n}`);
    const presignIds = Array.from({ length: batch }, (_, j) => sessionId(`presign n=${n} #${j}`));
    const maskWitnessesOf: RoundWitnesses = (r) => [maskWitnesses(key, target, batch, r)];
    const nonceWitnessesOf: RoundWitnesses = (r) => nonceWitnesses(key, batch, r);
    const contextOf = (round: string) => ({ protocol: PRESIGN_PROTOCOL, sessionId: sid, round });
    const prepared = once(() => {
      const first = prepareAggregatedRound(
        contextOf(MASK_ROUND.name),
        maskParts(key, target, batch),
        maskWitnessesOf,
        contributors,
        DISTINCT_PROVERS,
        rng,
      );
      // The nonce rounds are over the agreed ct_γ: the sums of the mask rounds, as party 1 computes them once here.
      const masks = maskSums(aggregatedValidatorRound(first)[0] as Statement[]);
      const second = prepareAggregatedRound(
        contextOf(NONCE_ROUND.name),
        nonceParts(key, masks),
        nonceWitnessesOf,
        contributors,
        DISTINCT_PROVERS,
        rng,
      );
      return { first, masks, second };
    });
    if (!signOnly) log(`${label}: ${n - 1} commitments and reveals to each presign round prepared in ${formatMs(prepared.ms)}`);
    const { first, second } = prepared.value;
    let presigns: Presign[] = [];
    const presignWork = once(() => {
      const masks = maskSums(aggregatedValidatorRound(first)[0] as Statement[]);
      const nonces = aggregatedValidatorRound(second);
      // The presigns come from the agreed sums: the nonce rounds' agreed ct_γ are the prepared ones.
      presigns = presignsFromSums(key, target, presignIds, prepared.value.masks, nonces);
      return masks;
    });
    const presignMs = presignWork.ms / batch;

    // ---- sign ---------------------------------------------------------------------------------
    const wallet = createUserDkgMessage(key, sessionId(`dkg n=${n}`), { rng });
    const context = { key, dwallet: wallet.output, presign: presigns[0] as Presign, digest };
    const userMessage = encodeUserSignMessage(
      key,
      createUserSignMessage({ ...context, secretShare: wallet.secretShare, ledger: new InMemoryPresignLedger(), rng }),
    );
    const decryption = signDecryptionSession(thresholdKey, verifyUserSignMessageBytes(context, userMessage), sessionId(`sign n=${n}`));
    const { unproven } = signShareSchemas(thresholdKey);
    const sharesPrepared = once(() => {
      const tables = decryption.ciphertexts.map(({ c1 }) => setup.group.fixedBase(c1, SHARE_TABLE_WIDTH));
      return keyShares.slice(1, t).map((keyShare) => {
        const message: DecryptionShareMessage = {
          party: keyShare.party,
          digest: decryption.digest,
          shares: keyShare.shares.map((share) => tables.map((table) => table.pow(share.expose()) as Form)),
        };
        return unproven.serialize(message).toBytes();
      });
    });
    log(`${label}: ${t - 1} other decryption share messages prepared in ${formatMs(sharesPrepared.ms)}`);
    const own = keyShares[0] as (typeof keyShares)[number];
    const parts = { verify: 0, share: 0, decode: 0, combine: 0, check: 0 };
    once(() => {
      const verified = once(() => verifyUserSignMessageBytes(context, userMessage));
      const mine = once(() => decryptionShareMessage(decryption, own));
      // Every validator decodes (validates) the share messages it receives, combiner or not.
      const others = once(() => sharesPrepared.value.map((bytes) => unproven.parse(bytes)));
      const combined = once(() => signatureFromPlaintexts(verified.value, combineShareMessages(decryption, [mine.value, ...others.value])));
      if (combined.value === undefined) throw new Error('bench: the combined shares give no valid signature');
      // A validator that is not the combiner checks the combiner's signature instead of combining.
      const checked = once(() => checkReceivedSignature(verified.value, encodeSignature(combined.value as EcdsaSignature)));
      if (checked.value === undefined) throw new Error('bench: the combined signature does not pass the receivers’ check');
      parts.verify = verified.ms;
      parts.share = mine.ms;
      parts.decode = others.ms;
      parts.combine = combined.ms;
      parts.check = checked.ms;
    });
    // Per validator and signature: from t = DESIGNATED_COMBINER_MIN_THRESHOLD on, one validator in
    // n combines (the designated combiner rotates with the session id), the others check.
    const designated = t >= DESIGNATED_COMBINER_MIN_THRESHOLD;
    const combineOrCheck = designated ? parts.combine / n + parts.check * (1 - 1 / n) : parts.combine;
    const signMs = parts.verify + parts.share + parts.decode + combineOrCheck;
    const signWork = { ms: signMs };
    const point: ScalePoint = { n, t, presignMs, signMs: signWork.ms, shareBits: thresholdKey.shareBits };
    points.push(point);
    const base = points[0] as ScalePoint;
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const sizeExtra = { n, t, share_bits: thresholdKey.shareBits };
    if (!signOnly)
      report.add({
        name: `${label}: presign share, per presign (batch ${m})`,
        measurement: single(presignMs),
        ...(base !== point ? { baseline: { name: `n = ${base.n}`, measurement: single(base.presignMs) } } : {}),
        extra: { ...sizeExtra, ratio_to_smallest: ratio(presignMs, base.presignMs) },
      });
    report.add({
      name: `${label}: sign (verify user message ${formatMs(parts.verify)}, own shares ${formatMs(parts.share)}, decode t − 1 ${formatMs(parts.decode)}, combine t ${formatMs(parts.combine)}${designated ? ` by 1 in ${n}, check ${formatMs(parts.check)}` : ''})`,
      measurement: single(signWork.ms),
      ...(base !== point ? { baseline: { name: `n = ${base.n}`, measurement: single(base.signMs) } } : {}),
      extra: {
        ...sizeExtra,
        verify_ms: Math.round(parts.verify),
        own_shares_ms: Math.round(parts.share),
        decode_ms: Math.round(parts.decode),
        combine_ms: Math.round(parts.combine),
        check_ms: Math.round(parts.check * 1000) / 1000,
        designated_combiner: designated ? 1 : 0,
        ratio_to_smallest: ratio(signWork.ms, base.signMs),
      },
    });
    if (signOnly) continue;
    const total = presignMs + signWork.ms;
    const baseTotal = base.presignMs + base.signMs;
    report.add({
      name: `${label}: per signature (presign share + sign)`,
      measurement: single(total),
      ...(base !== point ? { baseline: { name: `n = ${base.n}`, measurement: single(baseTotal) } } : {}),
      targetMs: TARGET_RATIO * baseTotal,
      extra: { ...sizeExtra, ratio_to_smallest: ratio(total, baseTotal), target_ratio: TARGET_RATIO },
    });
    // With standbys (the validators' default, mpc/ecdsa/protocols/sign.ts): per session the t
    // drawn signers do the sign work above; the n − t standbys only decode the t signers' share
    // messages and combine (or check the designated combiner's signature). Averaged over the draw.
    const standbyMs = (parts.decode * t) / Math.max(1, t - 1) + combineOrCheck;
    const withStandbys = presignMs + (t / n) * signWork.ms + (1 - t / n) * standbyMs;
    point.withStandbysMs = withStandbys;
    const baseWithStandbys = base.withStandbysMs ?? withStandbys;
    report.add({
      name: `${label}: per signature with standbys (presign share + t/n of the sign, the rest standing by)`,
      measurement: single(withStandbys),
      ...(base !== point ? { baseline: { name: `n = ${base.n}`, measurement: single(baseWithStandbys) } } : {}),
      targetMs: TARGET_RATIO * baseWithStandbys,
      extra: {
        ...sizeExtra,
        standby_ms: Math.round(standbyMs * 1000) / 1000,
        ratio_to_smallest: ratio(withStandbys, baseWithStandbys),
        target_ratio: TARGET_RATIO,
      },
    });
    // Rewritten after every size, so that a run stopped at a large n still leaves its plot.
    writeFileSync(path, scaleSvg(points, { targetRatio: TARGET_RATIO, title: report.bench }));
  }

  const printTable = report.printTable.bind(report);
  report.printTable = () => {
    printTable();
    console.log(
      `\n(ratio column: the smallest n's time divided by this n's; the target is per signature ≤ ${TARGET_RATIO}× the smallest n)`,
    );
    if (!signOnly) console.log(`plot: ${path}`);
  };
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await run(process.argv.slice(2));
  report.printTable();
}

/**
 * The network key without a dealer (issue 15): the distributed key generation of the threshold CL
 * key (mpc/threshold/dkg) for committees of n validators of weight 1, t = ⌊2n/3⌋ + 1, run in one
 * process on the in-process test network (every validator's work on one thread, messages
 * delivered at once, so the wall time is the sum of the validators' work):
 *
 * - DKG wall time, and per validator (wall / n); baseline: the trusted dealer dealing the same
 *   key alone (mpc/threshold/dealer.ts), the cost the DKG replaces.
 * - bytes each validator sends (its dealing and complaint broadcasts, one copy per peer, and the
 *   agreement's messages), and the size of one dealing.
 *
 * - resharing of that key (mpc/threshold/reshare) to the next committee of n validators, the last
 *   one replaced by a newcomer (n + 1 session parties): wall time, per validator (wall / (n + 1)),
 *   bytes each sends (its dealing, complaint and reveal broadcasts and the old committee's
 *   agreement), checked like the DKG (one key, the old pk, shares that match).
 *
 * Multi-process figures (n = 4 and 16 as processes) come with the services' DKG.
 *
 * Run: npm run bench -- network-key   (options: --sizes 4,16 (64 takes minutes) --level 112|128)
 */
import { parseArgs } from 'node:util';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { SecurityLevel } from '../mpc/classgroups/setup.ts';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { curveOrder } from '../mpc/curves/curve.ts';
import { Drbg } from '../mpc/numbers/drbg.ts';
import { randomBelow } from '../mpc/numbers/random.ts';
import { createCommittee, type PartyId } from '../mpc/session/committee.ts';
import { createSession, restoreSession } from '../mpc/session/runtime.ts';
import { TestNetwork } from '../mpc/testing/network.ts';
import { MAX_VIRTUAL_PARTIES, weightedAccessStructure } from '../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../mpc/threshold/dealer.ts';
import { SHARE_ENCRYPTION_CURVE } from '../mpc/threshold/dkg/params.ts';
import { type DkgOutput, dkgSession } from '../mpc/threshold/dkg/session.ts';
import { assertKeyShareMatches, type ThresholdPublicKey } from '../mpc/threshold/keys.ts';
import { type ReshareOutput, reshareCommittee, reshareSession } from '../mpc/threshold/reshare/session.ts';
import type { PartyKeyShare } from '../mpc/threshold/secret-share.ts';
import { BenchReport, once, single } from './support/harness.ts';

export async function run(argv: string[]): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: { sizes: { type: 'string', default: '4,16' }, level: { type: 'string', default: '112' } },
  });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 2 || n > MAX_VIRTUAL_PARTIES))
    throw new Error(`--sizes: committee sizes from 2 to ${MAX_VIRTUAL_PARTIES}`);
  const level = Number(values.level) as SecurityLevel;
  if (level !== 112 && level !== 128) throw new Error('--level: 112 or 128');
  const setup = loadSetup(curveOrder('secp256k1'), level);
  const report = new BenchReport('network-key');
  const curve = SHARE_ENCRYPTION_CURVE;

  for (const n of sizes) {
    const t = Math.floor((2 * n) / 3) + 1;
    const weights = Array.from({ length: n }, () => 1);
    const committee = createCommittee(weights, t);
    const access = weightedAccessStructure(t, weights);
    const rng = (label: string) => new Drbg('dwallet/bench/network-key', utf8ToBytes(`${n}/${label}`));
    const decryptionKeys = weights.map((_, i) => randomBelow(rng(`k/${i + 1}`), curve.order - 1n) + 1n);
    const encryptionKeys = decryptionKeys.map((k) => curve.multiply(curve.generator, k));
    const sessionId = rng('session').bytes(32);
    const configOf = (party: PartyId) => ({ setup, access, encryptionKeys, decryptionKey: decryptionKeys[party - 1] as bigint });
    const sessionOf = (party: PartyId) => ({ sessionId, self: party, committee, rng: rng(`party/${party}`) });
    const network = new TestNetwork<DkgOutput>({
      committee,
      seed: `bench ${n}`,
      create: (party) => createSession(dkgSession, configOf(party), sessionOf(party)),
      restore: (party, state) => restoreSession(dkgSession, configOf(party), sessionOf(party), state),
    });
    const dkg = once(() => {
      network.start();
      network.run({ maxSteps: 1_000_000 });
    });
    // Every validator ends with the same key and a share that matches it, or the figure means nothing.
    const results = weights.map((_, i) => network.result(i + 1));
    const first = results[0];
    if (first?.status !== 'completed') throw new Error(`n = ${n}: the DKG did not complete`);
    for (const result of results) {
      if (result?.status !== 'completed' || result.output.keyShare === null) throw new Error(`n = ${n}: a validator has no key share`);
      if (!setup.group.equals(result.output.publicKey.encryptionKey.form, first.output.publicKey.encryptionKey.form)) {
        throw new Error(`n = ${n}: validators disagree on the key`);
      }
      assertKeyShareMatches(first.output.publicKey, result.output.keyShare);
    }
    const dealer = once(() => dealThresholdKey(setup, access, rng('dealer')));
    const sent = [...network.stats.bytesSent.values()];
    const meanSent = sent.reduce((a, b) => a + b, 0) / n;
    report.add({
      name: `DKG, n = ${n}, t = ${t}: wall time in one process`,
      measurement: single(dkg.ms),
      baseline: { name: 'trusted dealer', measurement: single(dealer.ms) },
      extra: { n, t, messages_delivered: network.stats.delivered },
    });
    report.add({
      name: `DKG, n = ${n}: per validator (wall / n)`,
      measurement: single(dkg.ms / n),
      extra: { n, bytes_sent_per_validator_mean: Math.round(meanSent), bytes_sent_max: Math.max(...sent) },
    });
    console.log(
      `n = ${n}: each validator sends ${(meanSent / 1024).toFixed(1)} KiB on average (max ${(Math.max(...sent) / 1024).toFixed(1)} KiB)`,
    );
    const keyShares = results.map((r) => (r?.status === 'completed' ? r.output.keyShare : null));
    reshareRows(
      report,
      n,
      t,
      first.output.publicKey,
      keyShares,
      [...decryptionKeys, randomBelow(rng(`k/${n + 1}`), curve.order - 1n) + 1n],
      rng,
    );
  }
  return report;
}

/** Resharing from the DKG's committee 1..n to 1..n−1 plus the newcomer n + 1 (same weights and threshold). */
function reshareRows(
  report: BenchReport,
  n: number,
  t: number,
  key: ThresholdPublicKey,
  keyShares: readonly (PartyKeyShare | null)[],
  decryptionKeys: readonly bigint[],
  rng: (label: string) => Drbg,
): void {
  const curve = SHARE_ENCRYPTION_CURVE;
  const encryptionKeys = decryptionKeys.map((k) => curve.multiply(curve.generator, k));
  const newMembers = [...Array.from({ length: n - 1 }, (_, i) => i + 1), n + 1];
  const newAccess = weightedAccessStructure(
    t,
    Array.from({ length: n }, () => 1),
  );
  const base = { key, newAccess, newMembers, oldEncryptionKeys: encryptionKeys.slice(0, n) };
  const committee = reshareCommittee(base);
  const sessionId = rng('reshare session').bytes(32);
  const configOf = (party: PartyId) => ({
    ...base,
    newEncryptionKeys: newMembers.map((p) => encryptionKeys[p - 1] as (typeof encryptionKeys)[number]),
    keyShare: party <= n ? (keyShares[party - 1] ?? null) : null,
    decryptionKey: decryptionKeys[party - 1] as bigint,
  });
  const sessionOf = (party: PartyId) => ({ sessionId, self: party, committee, rng: rng(`reshare party/${party}`) });
  const network = new TestNetwork<ReshareOutput>({
    committee,
    seed: `bench reshare ${n}`,
    create: (party) => createSession(reshareSession, configOf(party), sessionOf(party)),
    restore: (party, state) => restoreSession(reshareSession, configOf(party), sessionOf(party), state),
  });
  const reshare = once(() => {
    network.start();
    network.run({ maxSteps: 1_000_000 });
  });
  const results = Array.from({ length: n + 1 }, (_, i) => network.result(i + 1));
  const first = results[0];
  if (first?.status !== 'completed') throw new Error(`n = ${n}: the resharing did not complete`);
  for (const [k, party] of newMembers.entries()) {
    const result = results[party - 1];
    if (result?.status !== 'completed' || result.output.keyShare === null) throw new Error(`n = ${n}: new party ${k + 1} has no key share`);
    if (!key.setup.group.equals(result.output.key.encryptionKey.form, key.encryptionKey.form)) throw new Error(`n = ${n}: the key changed`);
    assertKeyShareMatches(first.output.key, result.output.keyShare);
  }
  const sent = [...network.stats.bytesSent.values()];
  const meanSent = sent.reduce((a, b) => a + b, 0) / (n + 1);
  report.add({
    name: `resharing, n = ${n} → ${n} (one replaced), t = ${t}: wall time in one process`,
    measurement: single(reshare.ms),
    extra: { n, t, session_parties: n + 1, messages_delivered: network.stats.delivered, share_bits: first.output.key.shareBits },
  });
  report.add({
    name: `resharing, n = ${n}: per validator (wall / (n + 1))`,
    measurement: single(reshare.ms / (n + 1)),
    extra: { n, bytes_sent_per_validator_mean: Math.round(meanSent), bytes_sent_max: Math.max(...sent) },
  });
  console.log(
    `resharing n = ${n}: each validator sends ${(meanSent / 1024).toFixed(1)} KiB on average (max ${(Math.max(...sent) / 1024).toFixed(1)} KiB); shares below 2^${first.output.key.shareBits}`,
  );
}

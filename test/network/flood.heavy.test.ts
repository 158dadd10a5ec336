/**
 * A garbage flood on every validator's peer endpoint during live signing (the fault campaign's
 * attack: unsigned envelopes with made-up identities, envelopes signed by made-up peer keys with
 * bogus certificates, random bytes; 8 requests open per validator): the median sign latency under
 * the flood stays within 1.5× the quiet median, and the flood buys no more pairings than the
 * per-source budget of new certificates. (`npm run bench -- network` measures the same at length.)
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { metricsOf, metricValue } from '../../devnet/load/checks.ts';
import { floodEnvelopes, startFlood } from '../../devnet/load/flood.ts';
import { DevnetUser, type PreparedSign, type UserDWallet } from '../../devnet/load/user.ts';
import { DEFAULT_ADMISSION_LIMITS } from '../../validator/peer/admission.ts';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('flood');
const SIGNS = 5;
let devnet: Devnet;
let user: DevnetUser;
let dwallet: UserDWallet;

before(async () => {
  devnet = await startDevnet({ dataDir, logLevel: 'warn', validatorConfig: () => ({ pollIntervalMs: 50 }) });
  user = await DevnetUser.create(devnet.localChain(), devnet.networkKeyId);
  dwallet = await user.createDWallet();
});

after(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

test('signing under a garbage flood takes at most 1.5× its quiet time, and the flood buys a bounded number of pairings', async () => {
  const ids = await user.requestPresigns(2 * SIGNS);
  for (const id of ids) await user.watch.waitFor(id, ['PresignCompleted'], 10 * 60_000);
  const prepared: PreparedSign[] = [];
  for (let i = 0; i < 2 * SIGNS; i++)
    prepared.push(user.prepareSign(dwallet, await user.claimPresign(), new TextEncoder().encode(`flood ${i}`)));
  const signOne = async (sign: PreparedSign) => {
    await user.submitSign(sign);
    return user.signLatency(sign);
  };
  const validators = devnet.endpoints().validators;
  const pairings = async () => {
    let total = 0;
    for (const url of validators) total += metricValue(await metricsOf(url), 'dwallet_validator_peer_certificate_checks_total');
    return total;
  };

  // Quiet and flooded signatures alternate, so that both see the machine in the same state.
  const envelopes = floodEnvelopes(1n, validators.length);
  const quiet: number[] = [];
  const loud: number[] = [];
  const pairingsBefore = await pairings();
  const started = Date.now();
  const answers: Record<string, number> = {};
  for (let i = 0; i < SIGNS; i++) {
    quiet.push(await signOne(prepared[2 * i] as PreparedSign));
    const flood = startFlood({ validators, envelopes, concurrency: 8 });
    try {
      loud.push(await signOne(prepared[2 * i + 1] as PreparedSign));
    } finally {
      const stats = await flood.stop();
      for (const [status, count] of Object.entries(stats.byStatus)) answers[status] = (answers[status] ?? 0) + count;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ quiet, loud, seconds: Math.round(seconds), answers }));
  const ratio = median(loud) / median(quiet);
  assert.ok(ratio <= 1.5, `median ${median(loud)} ms under the flood, ${median(quiet)} ms quiet (${ratio.toFixed(2)}×)`);
  // One source (this process): at most the burst plus the refill of the budget over the run, per validator.
  const budget = DEFAULT_ADMISSION_LIMITS.certificateBurst + Math.ceil((seconds * 1000) / DEFAULT_ADMISSION_LIMITS.certificateRefillMs);
  const bought = (await pairings()) - pairingsBefore;
  assert.ok(bought <= validators.length * budget, `${bought} pairings in ${seconds.toFixed(0)} s`);
});

/** The DKG session on the in-process test network: a committee, its configs, a network factory and the checks of a run. */
import assert from 'node:assert/strict';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { createCommittee, type PartyId } from '../../../mpc/session/committee.ts';
import type { SessionResult } from '../../../mpc/session/machine.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type Behaviour, rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork, type TestNetworkOptions } from '../../../mpc/testing/network.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { type Dealing, dealingSchema } from '../../../mpc/threshold/dkg/dealing.ts';
import { DkgKinds } from '../../../mpc/threshold/dkg/rounds.ts';
import { DKG_PROTOCOL, type DkgConfig, type DkgOutput, dkgParamsOf, dkgSession } from '../../../mpc/threshold/dkg/session.ts';
import { assertKeyShareMatches } from '../../../mpc/threshold/keys.ts';
import { testRng } from '../../support/random.ts';
import { assertKeyDecrypts, decryptionKeyOf, dkgParams } from './dkg-support.ts';

export const DKG_TEST_TIMEOUTS = { dealingsMs: 2_000, complaintsMs: 1_000, attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 };

export type Completed = SessionResult<DkgOutput> & { status: 'completed' };

export type NetworkOptions = Pick<TestNetworkOptions<DkgOutput>, 'restartRate' | 'delayRate' | 'dropRate' | 'drop'>;

export function dkgHarness(weights: readonly number[], threshold: number, label: string) {
  const committee = createCommittee(weights, threshold);
  const access = weightedAccessStructure(threshold, weights);
  const base = dkgParams(access, label);
  const sessionId = base.sessionId;
  const configOf = (party: PartyId): DkgConfig => ({
    setup: base.setup,
    access,
    encryptionKeys: base.encryptionKeys,
    decryptionKey: decryptionKeyOf(party),
    timeouts: DKG_TEST_TIMEOUTS,
  });
  const params = dkgParamsOf(configOf(1), { protocol: DKG_PROTOCOL, sessionId, self: 1, committee });
  const dealingCodec = dealingSchema(params);
  let lastRunMs = 0;

  const network = (seed: string, behaviours: ReadonlyMap<PartyId, Behaviour> = new Map(), options: NetworkOptions = {}) => {
    const sessionParams = (party: PartyId) => ({ sessionId, self: party, committee, rng: testRng(`${seed}/${party}`) });
    return new TestNetwork<DkgOutput>({
      committee,
      seed,
      behaviours,
      ...options,
      create: (party) => createSession(dkgSession, configOf(party), sessionParams(party)),
      restore: (party, state) => restoreSession(dkgSession, configOf(party), sessionParams(party), state),
    });
  };

  /** Runs the network until the `waitFor` parties have a result: every honest party completes with the same key, qualified set and matching shares, and together they decrypt. */
  const runToKey = (
    net: TestNetwork<DkgOutput>,
    honest: readonly PartyId[],
    waitFor: readonly PartyId[] = honest,
  ): Map<PartyId, Completed> => {
    const started = performance.now();
    net.start();
    // The network stops once the parties without a behaviour are done; wait for every party named.
    net.run({ maxSteps: 50_000, done: () => waitFor.every((party) => net.result(party) !== undefined) });
    lastRunMs = performance.now() - started;
    const results = new Map<PartyId, Completed>();
    for (const party of honest) {
      const result = net.result(party);
      assert.equal(result?.status, 'completed', `party ${party}: ${result?.status === 'aborted' ? result.reason : 'no result'}`);
      if (result?.status === 'completed') results.set(party, result);
    }
    const [first] = results.values();
    assert.ok(first !== undefined);
    const key = first.output.publicKey;
    for (const { output } of results.values()) {
      assert.deepEqual(output.qualified, first.output.qualified);
      assert.ok(key.setup.group.equals(output.publicKey.encryptionKey.form, key.encryptionKey.form));
      for (const [k, vk] of output.publicKey.verificationKeys.entries()) {
        assert.ok(key.setup.group.equals(vk, key.verificationKeys[k] as never));
      }
      assert.ok(output.keyShare !== null);
    }
    const keyShares = [...results.values()].map((r) => r.output.keyShare).filter((k) => k !== null);
    for (const share of keyShares) assertKeyShareMatches(key, share);
    if (access.isAuthorized(honest)) assertKeyDecrypts(key, keyShares, [honest]);
    return results;
  };

  /** A behaviour sending the party's dealing rewritten by `change`. */
  const rewriteDealing = (change: (dealing: Dealing) => Dealing): Behaviour =>
    rewritePayloads(DkgKinds.DEALING, (payload) => dealingCodec.serialize(change(decodeExact(dealingCodec, payload))).toBytes());

  /** A dealer whose commitment C_k is multiplied by h (k = 0 fails the public check; k ≥ 1 makes every share fail). */
  const shiftCommitment = (k: number): Behaviour =>
    rewriteDealing((d) => ({ ...d, commitments: d.commitments.map((c, j) => (j === k ? base.setup.group.compose(c, base.setup.h) : c)) }));

  /** A dealer that flips the top bit of the encrypted share of virtual id v. */
  const corruptShare = (v: number): Behaviour =>
    rewriteDealing((d) => ({
      ...d,
      ciphertexts: d.ciphertexts.map((c, k) => (k === v - 1 ? c.map((byte, i) => (i === 0 ? byte ^ 0x80 : byte)) : c)),
    }));

  return {
    committee,
    shiftCommitment,
    corruptShare,
    access,
    base,
    params,
    dealingCodec,
    network,
    runToKey,
    rewriteDealing,
    lastRunMs: () => lastRunMs,
  };
}

/** The distinct "party:reason" blames of a result, sorted. */
export function blamed(result: SessionResult<DkgOutput> | undefined): string[] {
  if (result === undefined) return [];
  const blames = result.status === 'completed' ? result.blame : result.culprits;
  return [...new Set(blames.map((b) => `${b.party}:${b.reason}`))].sort();
}

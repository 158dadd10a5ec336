/** The resharing session on the in-process test network: two committees of named validators, their configs, and the checks of a run. */
import assert from 'node:assert/strict';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import type { PartyId } from '../../../mpc/session/committee.ts';
import type { SessionResult } from '../../../mpc/session/machine.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type Behaviour, rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork, type TestNetworkOptions } from '../../../mpc/testing/network.ts';
import type { WeightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import type { ThresholdPublicKey } from '../../../mpc/threshold/keys.ts';
import { type ReshareDealing, reshareDealingSchema } from '../../../mpc/threshold/reshare/dealing.ts';
import type { ReshareParams } from '../../../mpc/threshold/reshare/params.ts';
import { type Reveal, revealSchema } from '../../../mpc/threshold/reshare/reveal.ts';
import { ReshareKinds } from '../../../mpc/threshold/reshare/rounds.ts';
import {
  RESHARE_PROTOCOL,
  type ReshareConfig,
  type ReshareOutput,
  reshareCommittee,
  reshareSession,
} from '../../../mpc/threshold/reshare/session.ts';
import type { PartyKeyShare } from '../../../mpc/threshold/secret-share.ts';
import { testRng } from '../../support/random.ts';
import { assertKeyDecrypts } from './dkg-support.ts';
import { encryptionKeysOf, shareKeyOf } from './reshare-support.ts';

export const RESHARE_TEST_TIMEOUTS = { dealingsMs: 2_000, complaintsMs: 1_000, attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 };

export type Completed = SessionResult<ReshareOutput> & { status: 'completed' };

export type NetworkOptions = Pick<TestNetworkOptions<ReshareOutput>, 'restartRate' | 'delayRate' | 'dropRate' | 'drop'>;

export interface Epoch {
  readonly key: ThresholdPublicKey;
  readonly names: readonly string[];
  /** keyShares[p − 1] of party p, or null. */
  readonly keyShares: readonly (PartyKeyShare | null)[];
}

/**
 * A resharing from `from` to the committee `newNames` with access `newAccess`. Session ids: the old
 * parties 1..N, then the new-only names in their order (committee.ts).
 */
export function reshareHarness(from: Epoch, newAccess: WeightedAccessStructure, newNames: readonly string[], label: string) {
  const oldNames = from.names;
  const newOnly = newNames.filter((name) => !oldNames.includes(name));
  const sessionNames = [...oldNames, ...newOnly];
  const newMembers = newNames.map((name) => sessionNames.indexOf(name) + 1);
  const base = { key: from.key, newAccess, newMembers };
  const committee = reshareCommittee(base);
  const sessionId = new Drbg('dwallet/test/session-id', utf8ToBytes(label)).bytes(32);
  const configOf = (party: PartyId): ReshareConfig => ({
    ...base,
    oldEncryptionKeys: encryptionKeysOf(oldNames),
    newEncryptionKeys: encryptionKeysOf(newNames),
    keyShare: party <= oldNames.length ? (from.keyShares[party - 1] ?? null) : null,
    decryptionKey: shareKeyOf(sessionNames[party - 1] as string),
    timeouts: RESHARE_TEST_TIMEOUTS,
  });
  const params: ReshareParams = {
    protocol: RESHARE_PROTOCOL,
    sessionId,
    key: from.key,
    oldEncryptionKeys: encryptionKeysOf(oldNames),
    newAccess,
    newEncryptionKeys: encryptionKeysOf(newNames),
  };
  const dealingCodec = reshareDealingSchema(params);
  const revealCodec = revealSchema(params);
  let lastRunMs = 0;

  const network = (seed: string, behaviours: ReadonlyMap<PartyId, Behaviour> = new Map(), options: NetworkOptions = {}) => {
    const sessionParams = (party: PartyId) => ({ sessionId, self: party, committee, rng: testRng(`${seed}/${party}`) });
    return new TestNetwork<ReshareOutput>({
      committee,
      seed,
      behaviours,
      ...options,
      create: (party) => createSession(reshareSession, configOf(party), sessionParams(party)),
      restore: (party, state) => restoreSession(reshareSession, configOf(party), sessionParams(party), state),
    });
  };

  /**
   * Runs until the `waitFor` parties have a result: every honest party completes with the same
   * key (the old pk) and qualified set; the new members' shares match and decrypt together.
   */
  const runToKey = (net: TestNetwork<ReshareOutput>, honest: readonly PartyId[], waitFor: readonly PartyId[] = honest) => {
    const started = performance.now();
    net.start();
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
    const { key } = first.output;
    const { group } = key.setup;
    assert.ok(group.equals(key.encryptionKey.form, from.key.encryptionKey.form), 'the public key is unchanged');
    for (const { output } of results.values()) {
      assert.deepEqual(output.qualified, first.output.qualified);
      assert.equal(output.revealed, first.output.revealed);
      assert.equal(output.key.shareBits, key.shareBits);
      for (const [k, vk] of output.key.verificationKeys.entries()) assert.ok(group.equals(vk, key.verificationKeys[k] as never));
    }
    // New party u's share, from its session party's result.
    const keyShares = newMembers.map((party, k) => {
      const result = results.get(party);
      if (result === undefined) return null;
      assert.ok(result.output.keyShare !== null, `new party ${k + 1} (session party ${party}) has a key share`);
      assert.equal(result.output.keyShare.party, k + 1);
      return result.output.keyShare;
    });
    for (const [party, result] of results) if (!newMembers.includes(party)) assert.equal(result.output.keyShare, null);
    const held = keyShares.filter((s): s is PartyKeyShare => s !== null);
    if (newAccess.isAuthorized(held.map((s) => s.party))) assertKeyDecrypts(key, held, [held.map((s) => s.party)]);
    const next: Epoch = { key, names: newNames, keyShares };
    return { results, next };
  };

  const rewriteDealing = (change: (dealing: ReshareDealing) => ReshareDealing): Behaviour =>
    rewritePayloads(ReshareKinds.DEALING, (payload) => dealingCodec.serialize(change(decodeExact(dealingCodec, payload))).toBytes());

  const rewriteReveal = (change: (reveal: Reveal) => Reveal): Behaviour =>
    rewritePayloads(ReshareKinds.REVEAL, (payload) => revealCodec.serialize(change(decodeExact(revealCodec, payload))).toBytes());

  return { committee, newMembers, sessionNames, params, network, runToKey, rewriteDealing, rewriteReveal, lastRunMs: () => lastRunMs };
}

/** The distinct "party:reason" blames of a result, sorted. */
export function blamed(result: SessionResult<ReshareOutput> | undefined): string[] {
  if (result === undefined) return [];
  const blames = result.status === 'completed' ? result.blame : result.culprits;
  return [...new Set(blames.map((b) => `${b.party}:${b.reason}`))].sort();
}

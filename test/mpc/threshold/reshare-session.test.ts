import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bigintToBytes } from '../../../mpc/numbers/bytes.ts';
import { silent } from '../../../mpc/testing/behaviour.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import { ReshareBlameReasons } from '../../../mpc/threshold/reshare/rounds.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { blamed, type Epoch, reshareHarness } from './reshare-harness.ts';
import { shareKeyOf } from './reshare-support.ts';

const setup = testSetup();
const oldAccess = weightedAccessStructure(3, [1, 1, 1, 1]);
const dealt = dealThresholdKey(setup, oldAccess, testRng('reshare session dealer'));
const genesis: Epoch = { key: dealt.publicKey, names: ['alice', 'bob', 'carol', 'dave'], keyShares: dealt.keyShares };
// dave leaves, erin and frank join (session parties 5 and 6); alice weighs 2; W' = 6, t' = 4.
const newNames = ['alice', 'bob', 'carol', 'erin', 'frank'];
const newAccess = weightedAccessStructure(4, [2, 1, 1, 1, 1]);

describe('resharing session (4 → 5, 112-bit setup)', () => {
  test('honest: every validator outputs the same key under the old pk; the new members decrypt; dave’s old share is useless', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session honest');
    const net = h.network('reshare honest');
    const { results, next } = h.runToKey(net, [1, 2, 3, 4, 5, 6]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
      assert.deepEqual(blamed(result), []);
    }
    assert.equal((results.get(4) as { output: { keyShare: unknown } }).output.keyShare, null);
    const daveShare = dealt.keyShares[3]?.shares[0]?.expose() as bigint;
    assert.ok(next.key.verificationKeys.every((vk) => !setup.group.equals(setup.hTable.pow(daveShare), vk)));
    assert.deepEqual(net.refusals, []);
    console.log(`# honest reshare 4 → 5 in process: ${h.lastRunMs().toFixed(0)} ms`);
  });

  test('twice in a row (the second from signed shares): the same pk, and the share bound does not grow', () => {
    const first = reshareHarness(genesis, newAccess, newNames, 'reshare session twice 1');
    const epoch1 = first.runToKey(first.network('reshare twice 1'), [1, 2, 3, 4, 5, 6]).next;
    assert.ok(epoch1.keyShares.some((k) => k?.shares.some((s) => s.expose() < 0n)));
    // The same five validators again, with equal weights now: W' = 5, t' = 4.
    const second = reshareHarness(epoch1, weightedAccessStructure(4, [1, 1, 1, 1, 1]), newNames, 'reshare session twice 2');
    const epoch2 = second.runToKey(second.network('reshare twice 2'), [1, 2, 3, 4, 5]).next;
    const third = reshareHarness(epoch2, weightedAccessStructure(4, [1, 1, 1, 1, 1]), newNames, 'reshare session twice 3');
    const epoch3 = third.runToKey(third.network('reshare twice 3'), [1, 2, 3, 4, 5]).next;
    assert.equal(epoch3.key.shareBits, epoch2.key.shareBits);
  });

  test('an old member that sends one new member a bad share is named by the complaint and excluded; the reshare completes', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session bad share');
    // bob flips a bit of erin's share (new virtual id 5) in his new sharing.
    const cheat = h.rewriteDealing((d) => ({
      ...d,
      fresh: { ...d.fresh, ciphertexts: d.fresh.ciphertexts.map((c, k) => (k === 4 ? c.map((b, i) => (i === 0 ? b ^ 0x80 : b)) : c)) },
    }));
    const { results } = h.runToKey(h.network('reshare bad share', new Map([[2, cheat]])), [1, 3, 4, 5, 6]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 3, 4]);
      assert.deepEqual(blamed(result), [`2:${ReshareBlameReasons.INVALID_SHARE}`]);
    }
  });

  test('an old member whose dealing fails the public check is named without a complaint and excluded', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session bad dealing');
    const { group, h: generator } = setup;
    const cheat = h.rewriteDealing((d) => ({
      ...d,
      mask: { ...d.mask, commitments: d.mask.commitments.map((c, k) => (k === 0 ? group.compose(c, generator) : c)) },
    }));
    const { results } = h.runToKey(h.network('reshare bad dealing', new Map([[3, cheat]])), [1, 2, 4, 5, 6]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 4]);
      assert.deepEqual(blamed(result), [`3:${ReshareBlameReasons.INVALID_DEALING}`]);
    }
  });

  test('a wrong reveal u_v is named by its public check; Z forms from the others', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session bad reveal');
    const cheat = h.rewriteReveal((r) => ({ values: r.values.map((u) => u + 1n) }));
    const { results } = h.runToKey(h.network('reshare bad reveal', new Map([[2, cheat]])), [1, 3, 4, 5, 6]);
    const named = [...results.values()].map(blamed);
    for (const blames of named)
      assert.ok(
        blames.every((b) => b === `2:${ReshareBlameReasons.INVALID_REVEAL}`),
        String(blames),
      );
    assert.ok(
      named.some((b) => b.length === 1),
      'the parties that saw the reveal before their output name bob',
    );
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
  });

  test('restarts from the saved state mid-way, reordering and losses: the reshare completes, one key', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session restarts');
    const net = h.network('reshare restarts', new Map(), { restartRate: 0.15, delayRate: 0.2, dropRate: 0.03 });
    h.runToKey(net, [1, 2, 3, 4, 5, 6]);
    assert.ok(net.stats.restarts > 0);
  });

  test('the session state holds neither a share-decryption key nor a key share', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session secrets');
    const net = h.network('reshare secrets');
    const { results } = h.runToKey(net, [1, 2, 3, 4, 5, 6]);
    const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).includes(Buffer.from(needle));
    for (const [party, result] of results) {
      const state = net.machine(party).serialize();
      assert.equal(contains(state, bigintToBytes(shareKeyOf(h.sessionNames[party - 1] as string), 32)), false);
      const old = party <= 4 ? (dealt.keyShares[party - 1]?.shares ?? []) : [];
      for (const share of [...old, ...(result.output.keyShare?.shares ?? [])]) {
        const value = share.expose();
        assert.equal(contains(state, bigintToBytes(value < 0n ? -value : value)), false, `party ${party}: a share`);
      }
    }
  });

  test('a new member silent throughout: the others complete after the timers, and it gets no result', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session silent newcomer');
    const { results } = h.runToKey(h.network('reshare silent newcomer', new Map([[6, silent()]])), [1, 2, 3, 4, 5]);
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
  });

  test('old cheaters of weight above W − t: the honest validators abort naming exactly them', () => {
    const h = reshareHarness(genesis, newAccess, newNames, 'reshare session abort');
    const { group, h: generator } = setup;
    const cheat = h.rewriteDealing((d) => ({
      ...d,
      fresh: { ...d.fresh, commitments: d.fresh.commitments.map((c, k) => (k === 0 ? group.compose(c, generator) : c)) },
    }));
    const net = h.network(
      'reshare abort',
      new Map([
        [1, cheat],
        [2, cheat],
      ]),
    );
    net.start();
    net.run({ maxSteps: 20_000 });
    for (const party of [3, 4]) {
      const result = net.result(party);
      assert.equal(result?.status, 'aborted', `party ${party}`);
      assert.deepEqual(blamed(result), [`1:${ReshareBlameReasons.INVALID_DEALING}`, `2:${ReshareBlameReasons.INVALID_DEALING}`]);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bigintToBytes } from '../../../mpc/numbers/bytes.ts';
import { silent } from '../../../mpc/testing/behaviour.ts';
import { ReshareBlameReasons } from '../../../mpc/threshold/reshare/rounds.ts';
import { dealt, genesis, newAccess, newNames, setup } from './reshare-fixture.ts';
import { blamed, reshareHarness } from './reshare-harness.ts';
import { shareKeyOf } from './reshare-support.ts';

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

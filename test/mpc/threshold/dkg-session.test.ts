import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { bigintToBytes } from '../../../mpc/numbers/bytes.ts';
import type { PartyId } from '../../../mpc/session/committee.ts';
import { messageDigest, type RoundMessage } from '../../../mpc/session/message.ts';
import { type Behaviour, rewritePayloads, silent, silentOn } from '../../../mpc/testing/behaviour.ts';
import { createComplaint } from '../../../mpc/threshold/dkg/complaint.ts';
import { complaintsSchema, DkgBlameReasons, DkgKinds } from '../../../mpc/threshold/dkg/rounds.ts';
import type { DkgOutput } from '../../../mpc/threshold/dkg/session.ts';
import { testRng } from '../../support/random.ts';
import { blamed, dkgHarness } from './dkg-harness.ts';
import { assertKeyDecrypts, decryptionKeyOf } from './dkg-support.ts';

const { base, params, dealingCodec, network, runToKey, shiftCommitment, corruptShare, lastRunMs } = dkgHarness(
  [1, 1, 1, 1],
  3,
  'dkg session test',
);
const complaintsCodec = complaintsSchema();

describe('DKG session (n = 4, t = 3, 112-bit setup)', () => {
  test('honest run: every validator outputs the same key, its shares match, and any three decrypt', () => {
    const net = network('dkg honest');
    const results = runToKey(net, [1, 2, 3, 4]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
      assert.deepEqual(blamed(result), []);
    }
    const key = (results.get(1) as { output: DkgOutput }).output.publicKey;
    const shares = [...results.values()].map((r) => r.output.keyShare).filter((k) => k !== null);
    assertKeyDecrypts(key, shares, [
      [1, 2, 4],
      [1, 3, 4],
      [1, 2, 3, 4],
    ]);
    assert.deepEqual(net.refusals, []);
    console.log(
      `# honest DKG n = 4 in process: ${lastRunMs().toFixed(0)} ms (the four validators on one thread, without the decryption checks)`,
    );
  });

  test('a dealer that sends a bad share is named by the complaint and excluded; the key still forms', () => {
    // Party 2 flips a bit of party 3's encrypted share (virtual id 3).
    const cheat = corruptShare(3);
    const net = network('dkg bad share', new Map([[2, cheat]]));
    const results = runToKey(net, [1, 3, 4]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 3, 4]);
      assert.deepEqual(blamed(result), [`2:${DkgBlameReasons.INVALID_SHARE}`]);
    }
  });

  test('a complaint that never reaches the others: the key forms with the cheating dealer, and the victim has no key share', () => {
    // Party 2 corrupts party 4's share; party 4's complaint message is lost (README.md, "Limitations").
    const net = network(
      'dkg late complaint',
      new Map([
        [2, corruptShare(4)],
        [4, silentOn((m: RoundMessage) => m.kind === DkgKinds.COMPLAINTS)],
      ]),
    );
    const results = runToKey(net, [1, 3], [1, 3, 4]);
    const victim = net.result(4);
    assert.equal(victim?.status, 'completed');
    if (victim?.status !== 'completed') return;
    assert.deepEqual(victim.output.qualified, [1, 2, 3, 4]);
    assert.equal(victim.output.keyShare, null);
    const key = (results.get(1) as { output: DkgOutput }).output.publicKey;
    assert.ok(key.setup.group.equals(victim.output.publicKey.encryptionKey.form, key.encryptionKey.form));
  });

  test('the session state holds neither the share-decryption key nor a decrypted share', () => {
    const net = network('dkg state secrets');
    const results = runToKey(net, [1, 2, 3, 4]);
    const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).includes(Buffer.from(needle));
    for (const [party, result] of results) {
      const state = net.machine(party).serialize();
      assert.equal(contains(state, bigintToBytes(decryptionKeyOf(party), 32)), false);
      for (const share of result.output.keyShare?.shares ?? []) {
        const value = share.expose();
        assert.equal(contains(state, bigintToBytes(value)), false, `party ${party}: its summed share`);
      }
    }
  });

  test('a dealer that sends a bad commitment is named and excluded; the key still forms', () => {
    // C_1 of another polynomial: every recipient's shares fail, and each complains.
    const cheat = shiftCommitment(1);
    const results = runToKey(network('dkg bad commitment', new Map([[4, cheat]])), [1, 2, 3]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 3]);
      assert.deepEqual(blamed(result), [`4:${DkgBlameReasons.INVALID_SHARE}`]);
    }
  });

  test('a dealer whose C_0 is not pk^Δ fails the public check: named without any complaint, excluded', () => {
    const cheat = shiftCommitment(0);
    const results = runToKey(network('dkg bad constant term', new Map([[1, cheat]])), [2, 3, 4]);
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [2, 3, 4]);
      assert.deepEqual(blamed(result), [`1:${DkgBlameReasons.INVALID_DEALING}`]);
    }
  });

  test('a dealer that sends nothing is left out after the dealing timer, and not blamed', () => {
    const results = runToKey(
      network('dkg silent dealer', new Map([[3, silentOn((m: RoundMessage) => m.kind === DkgKinds.DEALING)]])),
      [1, 2, 4],
    );
    for (const result of results.values()) {
      assert.deepEqual(result.output.qualified, [1, 2, 4]);
      assert.deepEqual(blamed(result), []);
    }
  });

  test('a validator silent throughout: the others form the key among themselves', () => {
    const results = runToKey(network('dkg silent validator', new Map([[2, silent()]])), [1, 3, 4]);
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 3, 4]);
  });

  test('a false complaint (a valid DLEQ proof, but the shares match) names the complainer; the accused dealer stays', () => {
    let dealingOf1: RoundMessage | undefined;
    const recorder: Behaviour = {
      outgoing: (message) => {
        if (message.kind === DkgKinds.DEALING) dealingOf1 = message;
        return message;
      },
    };
    const liar = rewritePayloads(DkgKinds.COMPLAINTS, (payload) => {
      assert.ok(dealingOf1 !== undefined);
      const dealing = decodeExact(dealingCodec, dealingOf1.payload);
      const complaint = createComplaint(params, 3, decryptionKeyOf(3), 1, dealing, messageDigest(dealingOf1), testRng('liar'));
      assert.deepEqual(complaintsCodec.parse(payload).complaints, []);
      return complaintsCodec.serialize({ complaints: [complaint] }).toBytes();
    });
    const results = runToKey(
      network(
        'dkg false complaint',
        new Map([
          [1, recorder],
          [3, liar],
        ]),
      ),
      [1, 2, 4],
    );
    for (const [party, result] of results) {
      assert.deepEqual(result.output.qualified, [1, 2, 3, 4], `party ${party}`);
      assert.deepEqual(blamed(result), [`3:${DkgBlameReasons.FALSE_COMPLAINT}`]);
    }
  });

  test('cheaters of weight above W − t: the honest validators abort naming exactly them', () => {
    const cheat = shiftCommitment(0);
    const net = network(
      'dkg abort',
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
      assert.deepEqual(blamed(result), [`1:${DkgBlameReasons.INVALID_DEALING}`, `2:${DkgBlameReasons.INVALID_DEALING}`]);
    }
  });

  test('a dealing lost on the way to one validator is fetched once the agreed set names it', () => {
    const lost = (event: { from: PartyId; to: PartyId; relayed: boolean }) => event.from === 1 && event.to === 2 && !event.relayed;
    const net = network('dkg lost dealing', new Map(), { drop: (event) => lost(event) && net.clock === 0 });
    const results = runToKey(net, [1, 2, 3, 4]);
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 2, 3, 4]);
    assert.ok(net.stats.dropped > 0);
  });

  test('restarts, reordering and losses: still one key', () => {
    const net = network('dkg restarts', new Map(), { restartRate: 0.1, delayRate: 0.2, dropRate: 0.03 });
    runToKey(net, [1, 2, 3, 4]);
    assert.ok(net.stats.restarts > 0);
  });

  test('a dealer that sends one validator another dealing (with a wrong E) is left out by the complaint against that dealing', () => {
    const cheat: Behaviour = {
      outgoing: (message, to) =>
        message.kind === DkgKinds.DEALING && to === 4
          ? {
              ...message,
              payload: dealingCodec
                .serialize({ ...decodeExact(dealingCodec, message.payload), ephemeral: base.encryptionKeys[0] as never })
                .toBytes(),
            }
          : message,
    };
    const net = network('dkg equivocation', new Map([[2, cheat]]));
    const results = runToKey(net, [1, 3, 4]);
    for (const result of results.values()) assert.deepEqual(result.output.qualified, [1, 3, 4]);
  });
});

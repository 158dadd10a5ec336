import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import { assertKeyShareMatches } from '../../../mpc/threshold/keys.ts';
import { checkReshareDealing } from '../../../mpc/threshold/reshare/dealing.ts';
import { reshareShareBits } from '../../../mpc/threshold/reshare/params.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { assertKeyDecrypts } from './dkg-support.ts';
import { reshareInProcess, reshareParams } from './reshare-support.ts';

const setup = testSetup();
const oldNames = ['alice', 'bob', 'carol', 'dave'];
const oldAccess = weightedAccessStructure(3, [1, 1, 1, 1]);
// dave leaves, erin and frank join; alice gets weight 2; W' = 6, t' = 4.
const newNames = ['alice', 'bob', 'carol', 'erin', 'frank'];
const newAccess = weightedAccessStructure(4, [2, 1, 1, 1, 1]);
const dealt = dealThresholdKey(setup, oldAccess, testRng('reshare pieces dealer'));

describe('resharing pieces (library, in process)', () => {
  test('4 → 5: the same pk, new shares that match the new verification keys, and new authorized sets decrypt', () => {
    const params = reshareParams(dealt.publicKey, oldNames, newAccess, newNames, 'reshare pieces 1');
    const { key, keyShares } = reshareInProcess(params, oldNames, dealt.keyShares, newNames, 'reshare pieces 1');
    assert.ok(setup.group.equals(key.encryptionKey.form, dealt.publicKey.encryptionKey.form));
    assert.ok(
      keyShares.some((k) => k.shares.some((s) => s.expose() < 0n)),
      'reshared shares are signed',
    );
    for (const share of keyShares) assertKeyShareMatches(key, share);
    assertKeyDecrypts(key, keyShares, [
      [1, 2, 3],
      [1, 4, 5],
      [2, 3, 4, 5],
    ]);
    // The removed validator's old share matches no new verification key.
    const daveShare = (dealt.keyShares[3] as { shares: readonly { expose(): bigint }[] }).shares[0]?.expose() as bigint;
    assert.ok(key.verificationKeys.every((vk) => !setup.group.equals(setup.hTable.pow(daveShare), vk)));
  });

  test('twice in a row: the share bound does not grow from one epoch to the next', () => {
    const first = reshareParams(dealt.publicKey, oldNames, newAccess, newNames, 'reshare twice 1');
    const epoch1 = reshareInProcess(first, oldNames, dealt.keyShares, newNames, 'reshare twice 1');
    const second = reshareParams(epoch1.key, newNames, newAccess, newNames, 'reshare twice 2');
    const epoch2 = reshareInProcess(second, newNames, epoch1.keyShares, newNames, 'reshare twice 2');
    assert.equal(epoch2.key.shareBits, reshareShareBits(second));
    // The bound is a function of A, A′, the old committee's size N and the setup, not of the old
    // key's share bound, so it cannot grow epoch after epoch: doubling the old bound changes nothing.
    assert.equal(reshareShareBits({ ...second, key: { ...second.key, shareBits: 2 * second.key.shareBits } }), epoch2.key.shareBits);
    // From the first epoch (N = 4 old parties) to the second (N = 5) only N·maxShare′ grows.
    assert.ok(Math.abs(epoch2.key.shareBits - epoch1.key.shareBits) <= 1, `${epoch1.key.shareBits} → ${epoch2.key.shareBits}`);
    assert.ok(setup.group.equals(epoch2.key.encryptionKey.form, dealt.publicKey.encryptionKey.form));
    assertKeyDecrypts(epoch2.key, epoch2.keyShares, [
      [1, 2, 3],
      [2, 3, 4, 5],
    ]);
    console.log(`# reshared share bound: ${epoch1.key.shareBits} bits (dealt key: ${dealt.publicKey.shareBits})`);
  });

  test('a bad reveal is refused by the public check; Z forms from the others', () => {
    const params = reshareParams(dealt.publicKey, oldNames, newAccess, newNames, 'reshare pieces bad reveal');
    const run = reshareInProcess(params, oldNames, dealt.keyShares, newNames, 'reshare pieces bad reveal', (party, reveal) =>
      party === 2 ? { values: reveal.values.map((u) => u + 1n) } : reveal,
    );
    assertKeyDecrypts(run.key, run.keyShares, [[1, 2, 3]]);
  });

  test('a dealing whose two sharings commit to different masks fails the public check', () => {
    const params = reshareParams(dealt.publicKey, oldNames, newAccess, newNames, 'reshare pieces mismatch');
    const run = reshareInProcess(params, oldNames, dealt.keyShares, newNames, 'reshare pieces mismatch');
    const [a, b] = run.dealings;
    assert.ok(a !== undefined && b !== undefined);
    assert.match(checkReshareDealing(params, { mask: a.mask, fresh: b.fresh }) ?? '', /different masks/);
  });
});

/**
 * Verifying the user messages of pending sign requests together before their sessions start
 * (validator/engine/sign-verification.ts): the one-by-one verifier's verdicts are those of the
 * sign session's own check; the sessions that verified start with `verifiedBefore`, the others
 * (invalid, or a future sign checked before) keep their plan, so the session itself names the
 * failed check; a verifier that answers for the wrong number of messages is refused. The batch
 * verifier (one combined check, mpc/ecdsa/sign/batch.ts) gives exactly the one-by-one verdicts,
 * also for a message that does not decode.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../../mpc/ecdsa/hash-schemes.ts';
import { encodeUserSignMessage } from '../../mpc/ecdsa/messages.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { isSignStandby, type SignSessionConfig, signSession } from '../../mpc/ecdsa/protocols/sign.ts';
import { createUserSignMessage } from '../../mpc/ecdsa/sign/user.ts';
import { verifyUserSignMessageBytes } from '../../mpc/ecdsa/sign/verify.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { Drbg } from '../../mpc/numbers/drbg.ts';
import { dealerPresign, ecdsaFixture } from '../../mpc/testing/ecdsa-fixture.ts';
import type { PlannedStart } from '../../validator/engine/session-engine.ts';
import { prepareSignStarts, type SignVerificationItem, verifyEach, verifyTogether } from '../../validator/engine/sign-verification.ts';
import type { SessionPlan } from '../../validator/types.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, thresholdKey, keyShares } = fixture;
const rng = new Drbg('dwallet/test/validator/sign-verification', utf8ToBytes('seed'));
const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });

/** A sign session plan for `message`; with `signedDigestOf`, the user signed another message (its proofs do not verify). */
function signPlan(label: string, message: string, signedDigestOf = message, verifiedBefore = false): SessionPlan {
  const presign = dealerPresign(key, label);
  const digest = digestMessage(key.curve, HashSchemes.KECCAK256, utf8ToBytes(message));
  const signed = digestMessage(key.curve, HashSchemes.KECCAK256, utf8ToBytes(signedDigestOf));
  const userMessage = encodeUserSignMessage(
    key,
    createUserSignMessage({
      key,
      dwallet: dkg.output,
      presign,
      digest: signed,
      secretShare: dkg.secretShare,
      ledger: new InMemoryPresignLedger(),
      rng,
    }),
  );
  const config: SignSessionConfig = {
    key,
    thresholdKey,
    keyShare: keyShares[0] as (typeof keyShares)[0],
    dwallet: dkg.output,
    presign,
    digest,
    userMessage,
    ledger: new InMemoryPresignLedger(),
    verifiedBefore,
  };
  return { definition: signSession, config, results: () => [] };
}

function aloneVerdict(item: SignVerificationItem): string {
  try {
    verifyUserSignMessageBytes(item, item.userMessage);
    return 'valid';
  } catch (error) {
    assert.ok(error instanceof DWalletError);
    return error.code;
  }
}

describe('sign verification of pending requests together', () => {
  const starting: PlannedStart[] = [
    { id: 'a', plan: signPlan('a', 'pay alice') },
    { id: 'b', plan: signPlan('b', 'pay bob', 'pay mallory') },
    { id: 'c', plan: signPlan('c', 'pay carol') },
    { id: 'd', plan: signPlan('d', 'future sign', 'future sign', true) },
  ];
  const items = starting.map(({ plan }) => plan.config as SignSessionConfig);

  test('the one-by-one verifier agrees with each message verified alone', () => {
    const verdicts = verifyEach(items);
    assert.deepEqual(
      verdicts,
      items.map((item) => aloneVerdict(item) === 'valid'),
    );
    assert.deepEqual(verdicts, [true, false, true, true]);
    assert.notEqual(aloneVerdict(items[1] as SignVerificationItem), 'valid');
  });

  test('the batch verifier gives exactly the one-by-one verdicts, with bad messages anywhere and one that does not decode', () => {
    const garbled = { ...(items[2] as SignSessionConfig), userMessage: (items[2] as SignSessionConfig).userMessage.slice(0, 100) };
    const cases: SignVerificationItem[][] = [
      items,
      [items[1], items[0], items[2]] as SignVerificationItem[],
      [items[0], garbled, items[2], items[1]] as SignVerificationItem[],
      [items[1]] as SignVerificationItem[],
      [],
    ];
    for (const batch of cases) assert.deepEqual(verifyTogether(batch), verifyEach(batch));
    assert.deepEqual(verifyTogether([items[0], garbled, items[2], items[1]] as SignVerificationItem[]), [true, false, true, false]);
  });

  test('verified sessions start with verifiedBefore; the invalid one and the future sign keep their plan', () => {
    let asked: readonly SignVerificationItem[] = [];
    const plans = prepareSignStarts((batch) => {
      asked = batch;
      return verifyTogether(batch);
    })('sign', starting);
    assert.equal(asked.length, 3, 'the future sign (verified before) is not verified again');
    assert.deepEqual([...plans.keys()].sort(), ['a', 'c']);
    for (const id of ['a', 'c']) {
      const plan = plans.get(id) as SessionPlan;
      const original = starting.find((s) => s.id === id)?.plan as SessionPlan;
      assert.equal((plan.config as SignSessionConfig).verifiedBefore, true);
      assert.equal((plan.config as SignSessionConfig).userMessage, (original.config as SignSessionConfig).userMessage);
      assert.equal(plan.definition, original.definition);
    }
    assert.equal(prepareSignStarts(verifyEach)('dkg', starting).size, 0, 'only sign sessions are prepared');
  });

  test('a session where this validator stands by is not verified: it keeps its plan', () => {
    const standbyPlan = signPlan('e', 'pay erin');
    const config = { ...(standbyPlan.config as SignSessionConfig), standbys: true };
    const idWhere = (standby: boolean) => {
      for (let i = 0; ; i++) {
        const id = bytesToHex(sha256(utf8ToBytes(`standby session ${i}`)));
        if (isSignStandby(config, hexToBytes(id)) === standby) return id;
      }
    };
    const standing = idWhere(true);
    const signing = idWhere(false);
    let asked = 0;
    const plans = prepareSignStarts((batch) => {
      asked = batch.length;
      return verifyTogether(batch);
    })('sign', [
      { id: standing, plan: { ...standbyPlan, config } },
      { id: signing, plan: { ...standbyPlan, config } },
    ]);
    assert.equal(asked, 1, 'only the session this validator signs in is verified');
    assert.deepEqual([...plans.keys()], [signing]);
  });

  test('a verifier answering for another number of messages is refused', () => {
    assert.throws(() => prepareSignStarts(() => [true])('sign', starting), /verdicts for 3 messages/);
  });
});

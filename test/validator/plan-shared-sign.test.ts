/**
 * A shared dWallet's sign request in the validator (validator/engine/plan.ts, case 'sign' with
 * `public_user_share` some; PROTOCOL-EXTENSIONS.md §7.1): each validator computes the user's sign
 * message from the request (mpc/ecdsa/sign/shared.ts) — the same bytes at all four, which the
 * network's verification accepts — without consuming the presign while planning; the four sign
 * sessions then consume it (once each, in their own ledgers) and output one signature that
 * @noble/curves verifies under X. A published share that is not the dWallet's is rejected at once
 * with the same reason everywhere, and a zero-trust request keeps its user message.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SignRequested } from '../../chain/schemas/events.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import { SessionId } from '../../chain/session-id.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../../mpc/ecdsa/hash-schemes.ts';
import { encodeDWalletOutput, encodePresign } from '../../mpc/ecdsa/messages.ts';
import { encodeKeyShare, encodeNetworkKey, encodeThresholdKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import type { SignSessionConfig, SignSessionOutput } from '../../mpc/ecdsa/protocols/sign.ts';
import { verifyUserSignMessageBytes } from '../../mpc/ecdsa/sign/verify.ts';
import { bigintToBytes } from '../../mpc/numbers/bytes.ts';
import type { PartyId } from '../../mpc/session/committee.ts';
import { createSession, restoreSession } from '../../mpc/session/runtime.ts';
import { dealerPresign, ecdsaFixture, sessionId } from '../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../mpc/testing/network.ts';
import { type PlanContext, planSession } from '../../validator/engine/plan.ts';
import { decodeEntry } from '../../validator/engine/results.ts';
import { KeyShareStore } from '../../validator/key-shares.ts';
import { NetworkKeys } from '../../validator/network-keys.ts';
import type { RequestRow } from '../../validator/store/database.ts';
import type { SessionPlan } from '../../validator/types.ts';
import { noChain, tempDir, testCommittee } from './support.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, thresholdKey, keyShares, curve, rng } = fixture;
const { setup } = key.encryptionKey;
const networkKeyId = `0x${'4e'.repeat(32)}`;
const address = `0x${'01'.repeat(32)}`;
const { view } = testCommittee();

/** Validator `party`'s plan context; its ledger is the one given. */
function context(party: PartyId, ledger: InMemoryPresignLedger): PlanContext {
  const share = keyShares[party - 1] as (typeof keyShares)[number];
  const keys = new NetworkKeys(noChain, 'key.json', [
    { curve: 'secp256k1', thresholdKey: encodeThresholdKey(curve, thresholdKey), keyShare: encodeKeyShare(curve, thresholdKey, share) },
  ]);
  keys.register(networkKeyId, encodeNetworkKey([key]));
  return {
    keys,
    view,
    ledgerFor: () => ledger,
    timeouts: { attemptMs: 1000, attemptIncrementMs: 500, fetchMs: 100 },
    signResendMs: 1000,
    signStandbyWaitMs: 3000,
    network: {
      view,
      shareEncryptionSecret: 1n,
      keyShares: new KeyShareStore(join(tempDir('plan-shared-key-shares'), 'network-keys'), () => fixture.setup),
      chain: noChain,
      dkgTimeouts: {},
    },
  };
}

function signRow(
  sid: Uint8Array,
  fields: { presign: Uint8Array; dwalletOutput: Uint8Array; message: Uint8Array; userSignMessage: Uint8Array; share: Uint8Array | null },
): RequestRow {
  const event = SignRequested.bcs
    .serialize({
      session_id: sid,
      session_sequence: 2n,
      epoch: 1n,
      requester: address,
      sign_id: address,
      dwallet_id: address,
      network_key_id: networkKeyId,
      curve: 0,
      algorithm: 0,
      hash_scheme: HashSchemes.KECCAK256,
      message: fields.message,
      presign_id: address,
      presign: fields.presign,
      dwallet_output: fields.dwalletOutput,
      user_sign_message: fields.userSignMessage,
      partial_signature_id: null,
      fee: 0n,
      public_user_share: fields.share,
    })
    .toBytes();
  return {
    sessionId: SessionId.fromBytes(sid),
    mpcSessionId: bytesToHex(sid),
    kind: 'sign',
    sessionSequence: 1,
    txDigest: 'tx',
    eventName: 'SignRequested',
    event: Buffer.from(event),
    result: null,
    resultAt: null,
    batchSequence: null,
    onChain: false,
    requestedAt: 0,
  };
}

/** A shared dWallet (its share published at creation, or later: `converted`) and a sign request for it. */
function sharedRequest(label: string, options: { converted?: boolean } = {}) {
  const dkg = createUserDkgMessage(key, sessionId(`plan shared ${label}`), { rng, publicShare: options.converted !== true });
  const presign = dealerPresign(key, `plan shared ${label}`);
  const message = new TextEncoder().encode(`a transfer a contract approved (${label})`);
  const sid = sessionId(`plan shared sign ${label}`);
  const row = signRow(sid, {
    presign: encodePresign(presign, setup),
    dwalletOutput: encodeDWalletOutput(dkg.output, setup),
    message,
    userSignMessage: new Uint8Array(0),
    share: bigintToBytes(dkg.secretShare, 32),
  });
  return { dkg, presign, message, sid, row, digest: digestMessage(curve, HashSchemes.KECCAK256, message) };
}

function sessionPlan(planned: Awaited<ReturnType<typeof planSession>>): SessionPlan {
  assert.equal(
    planned.type,
    'session',
    planned.type === 'rejected' ? JSON.stringify(decodeEntry(planned.results[0]?.entry as Uint8Array)) : '',
  );
  return (planned as { plan: SessionPlan }).plan;
}

describe('validator: the sign of a shared dWallet', () => {
  test('four validators derive the same user message, verifiable, without consuming the presign; their sessions sign once; noble verifies', async () => {
    const request = sharedRequest('four validators');
    const ledgers = new Map(view.committee.weights.map((_, i) => [i + 1, new InMemoryPresignLedger()] as const));
    const plans = new Map<PartyId, SessionPlan>();
    for (const [party, ledger] of ledgers) plans.set(party, sessionPlan(await planSession('sign', [request.row], context(party, ledger))));
    const configs = [...plans.values()].map((plan) => plan.config as SignSessionConfig);
    const first = configs[0] as SignSessionConfig;
    assert.ok(first.userMessage.length > 0, 'the plan carries the derived message');
    for (const config of configs) {
      assert.equal(bytesToHex(config.userMessage), bytesToHex(first.userMessage), 'every validator derives the same bytes');
      assert.equal(config.verifiedBefore, true, 'a message the validator computed is not verified again');
    }
    verifyUserSignMessageBytes({ key, dwallet: request.dkg.output, presign: request.presign, digest: request.digest }, first.userMessage);
    for (const ledger of ledgers.values()) assert.ok(!ledger.isConsumed(request.presign), 'planning consumed the presign');

    const params = (party: PartyId) => ({ sessionId: request.sid, self: party, committee: view.committee });
    const network = new TestNetwork<SignSessionOutput>({
      committee: view.committee,
      seed: 'plan shared sign',
      create: (party) => {
        const plan = plans.get(party) as SessionPlan;
        return createSession(plan.definition, plan.config, params(party)) as never;
      },
      restore: (party, state) => {
        const plan = plans.get(party) as SessionPlan;
        return restoreSession(plan.definition, plan.config, params(party), state) as never;
      },
    });
    network.start();
    network.run();
    for (const ledger of ledgers.values()) assert.ok(ledger.isConsumed(request.presign), 'the session consumes the presign');
    // The presign is consumed once per ledger: a second session with it is refused.
    assert.throws(() => createSession((plans.get(1) as SessionPlan).definition, first, params(1)), { code: 'ECDSA_PRESIGN_CONSUMED' });
    const signatures = new Set<string>();
    for (const party of ledgers.keys()) {
      const result = network.result(party);
      assert.equal(result?.status, 'completed', `party ${party}`);
      const output = (result as { output: SignSessionOutput }).output;
      assert.equal(output.status, 'signed', `party ${party}: ${output.status === 'rejected' ? output.reason : ''}`);
      if (output.status !== 'signed') continue;
      signatures.add(bytesToHex(output.encoded));
      const entry = decodeEntry((plans.get(party) as SessionPlan).results(result as never)[0]?.entry as Uint8Array);
      assert.deepEqual(new Uint8Array((entry as { Signature: { signature: Uint8Array } }).Signature.signature), output.encoded);
    }
    assert.equal(signatures.size, 1, 'every validator outputs the same signature');
    const signature = Uint8Array.from(Buffer.from([...signatures][0] as string, 'hex'));
    assert.ok(
      secp256k1.verify(signature.subarray(0, 64), request.digest.bytes, request.dkg.output.publicKey.toBytes(), {
        prehash: false,
        lowS: true,
      }),
      'noble rejects the signature',
    );
  });

  test('a converted dWallet (its output publishes no share) is signed from the share the request carries', async () => {
    const request = sharedRequest('converted', { converted: true });
    assert.equal(request.dkg.output.publicUserSecretShare, undefined);
    const plan = sessionPlan(await planSession('sign', [request.row], context(2, new InMemoryPresignLedger())));
    const config = plan.config as SignSessionConfig;
    verifyUserSignMessageBytes({ key, dwallet: request.dkg.output, presign: request.presign, digest: request.digest }, config.userMessage);
  });

  test('a published share that is not the dWallet’s is rejected at once, with the same reason at every validator', async () => {
    const request = sharedRequest('wrong share');
    const other = createUserDkgMessage(key, sessionId('plan shared, another dWallet'), { rng });
    const cases: [string, Uint8Array, number][] = [
      ["another dWallet's share", bigintToBytes(other.secretShare, 32), ReasonCodes.ECDSA_INVALID_PUBLIC_USER_SHARE],
      ['a 31-byte share', new Uint8Array(31).fill(1), ReasonCodes.ECDSA_INVALID_PUBLIC_USER_SHARE],
      ['a zero share', new Uint8Array(32), ReasonCodes.ECDSA_INVALID_PUBLIC_USER_SHARE],
    ];
    for (const [name, share, code] of cases) {
      const row = signRow(request.sid, {
        presign: encodePresign(request.presign, setup),
        dwalletOutput: encodeDWalletOutput(request.dkg.output, setup),
        message: request.message,
        userSignMessage: new Uint8Array(0),
        share,
      });
      const verdicts = [];
      for (const party of [1, 3]) {
        const ledger = new InMemoryPresignLedger();
        const planned = await planSession('sign', [row], context(party, ledger));
        assert.equal(planned.type, 'rejected', name);
        if (planned.type !== 'rejected') continue;
        assert.ok(!ledger.isConsumed(request.presign), `${name}: a rejected request consumed the presign`);
        verdicts.push(bytesToHex(planned.results[0]?.entry as Uint8Array));
        const entry = decodeEntry(planned.results[0]?.entry as Uint8Array) as { Rejected: { reason_code: number } };
        assert.equal(entry.Rejected.reason_code, code, name);
      }
      assert.equal(new Set(verdicts).size, 1, `${name}: the validators disagree`);
    }
  });

  test('a zero-trust sign request (no share) keeps the user message the chain recorded, verified by the session', async () => {
    const request = sharedRequest('zero-trust');
    const recorded = new Uint8Array([7, 7, 7]);
    const row = signRow(request.sid, {
      presign: encodePresign(request.presign, setup),
      dwalletOutput: encodeDWalletOutput(request.dkg.output, setup),
      message: request.message,
      userSignMessage: recorded,
      share: null,
    });
    const config = sessionPlan(await planSession('sign', [row], context(1, new InMemoryPresignLedger()))).config as SignSessionConfig;
    assert.deepEqual(config.userMessage, recorded);
    assert.equal(config.verifiedBefore, false);
  });
});

/**
 * Taproot and EdDSA requests in the validator (validator/engine/plan.ts): a sign request of a
 * Schnorr dWallet is planned as mpc/schnorr's sign session with the chain's approved message,
 * algorithm and hash scheme, and four validators' sessions output one signature that @noble/curves
 * verifies (BIP-340 under the BIP-86 output key scure derives; Ed25519 under X); a shared
 * dWallet's request gets the same user message at every validator, computed from the request; a
 * request whose presign bytes do not decode for the dWallet's algorithm is rejected at once, alike
 * everywhere. A Schnorr presign batch is planned as the Schnorr presign session, under a batch
 * session id bound to its curve and algorithm (and an ECDSA batch keeps the id it always had).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { p2tr } from '@scure/btc-signer';
import { PresignRequested, SignRequested } from '../../chain/schemas/events.ts';
import { SessionId } from '../../chain/session-id.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { encodeDWalletOutput } from '../../mpc/ecdsa/messages.ts';
import { encodeKeyShare, encodeNetworkKey, encodeThresholdKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import { presignBatchSessionId } from '../../mpc/ecdsa/presign/batch.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { bigintToBytes } from '../../mpc/numbers/bytes.ts';
import {
  createSchnorrUserSignMessage,
  encodeSchnorrPresign,
  encodeSchnorrUserSignMessage,
  type SchnorrAlgorithm,
  type SchnorrPresignSessionConfig,
  type SchnorrSignSessionConfig,
  type SchnorrSignSessionOutput,
  schnorrPresignBatchSessionId,
  schnorrPresignSession,
  schnorrSignSession,
  verifySchnorrUserSignMessage,
} from '../../mpc/schnorr/index.ts';
import type { PartyId } from '../../mpc/session/committee.ts';
import { createSession, restoreSession } from '../../mpc/session/runtime.ts';
import { CURVE_IDS, HASH_SCHEME_IDS, SIGNATURE_ALGORITHM_IDS } from '../../mpc/signing/algorithms.ts';
import { networkKeyFixture, sessionId } from '../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../mpc/testing/network.ts';
import { dealerSchnorrPresign } from '../../mpc/testing/schnorr-fixture.ts';
import { mpcSessionIdOf, type PlanContext, planSession } from '../../validator/engine/plan.ts';
import { decodeEntry } from '../../validator/engine/results.ts';
import { KeyShareStore } from '../../validator/key-shares.ts';
import { NetworkKeys } from '../../validator/network-keys.ts';
import type { RequestRow } from '../../validator/store/database.ts';
import type { SessionPlan } from '../../validator/types.ts';
import { testRng } from '../support/random.ts';
import { noChain, tempDir, testCommittee } from './support.ts';

const SCHEMES = [
  { algorithm: 'taproot', curve: 'secp256k1', hashScheme: HASH_SCHEME_IDS.SHA256 },
  { algorithm: 'eddsa', curve: 'ed25519', hashScheme: HASH_SCHEME_IDS.SHA512 },
] as const;
const networkKeyId = `0x${'5e'.repeat(32)}`;
const address = `0x${'02'.repeat(32)}`;
const { view } = testCommittee();

function row(kind: 'sign' | 'presign', sid: Uint8Array, event: Uint8Array): RequestRow {
  return {
    sessionId: SessionId.fromBytes(sid),
    mpcSessionId: bytesToHex(sid),
    kind,
    sessionSequence: 1,
    txDigest: 'tx',
    eventName: kind === 'sign' ? 'SignRequested' : 'PresignRequested',
    event: Buffer.from(event),
    result: null,
    resultAt: null,
    batchSequence: null,
    onChain: false,
    requestedAt: 0,
  };
}

function sessionPlan(planned: Awaited<ReturnType<typeof planSession>>): SessionPlan {
  assert.equal(
    planned.type,
    'session',
    planned.type === 'rejected' ? JSON.stringify(decodeEntry(planned.results[0]?.entry as Uint8Array)) : '',
  );
  return (planned as { plan: SessionPlan }).plan;
}

for (const scheme of SCHEMES) {
  const algorithm = scheme.algorithm as SchnorrAlgorithm;
  describe(`validator: ${algorithm} requests on ${scheme.curve}`, () => {
    const fixture = networkKeyFixture(scheme.curve);
    const { key, curve, thresholdKey, keyShares } = fixture;
    const { setup } = key.encryptionKey;
    const rng = testRng(`plan ${algorithm}`);

    function context(party: PartyId, ledger: InMemoryPresignLedger): PlanContext {
      const share = keyShares[party - 1] as (typeof keyShares)[number];
      const keys = new NetworkKeys(noChain, 'key.json', [
        {
          curve: scheme.curve,
          thresholdKey: encodeThresholdKey(curve, thresholdKey),
          keyShare: encodeKeyShare(curve, thresholdKey, share),
        },
      ]);
      keys.register(networkKeyId, encodeNetworkKey([key]));
      return {
        keys,
        view,
        ledgerFor: () => ledger,
        timeouts: { attemptMs: 1000, attemptIncrementMs: 500, fetchMs: 100 },
        signResendMs: 1000,
        signStandbyWaitMs: 0,
        network: {
          view,
          shareEncryptionSecret: 1n,
          keyShares: new KeyShareStore(join(tempDir(`plan-${algorithm}-key-shares`), 'network-keys'), () => setup),
          chain: noChain,
          dkgTimeouts: {},
        },
      };
    }

    /** A sign request of a dWallet of this scheme, zero-trust (the user's message) or shared (x_A published). */
    function signRequest(label: string, shared: boolean, presignBytes?: Uint8Array) {
      const dkg = createUserDkgMessage(key, sessionId(`plan ${algorithm} ${label}`), { rng, publicShare: shared });
      const presign = dealerSchnorrPresign(key, algorithm, `plan ${algorithm} ${label}`, rng);
      const message = utf8ToBytes(`${algorithm}: a transfer (${label})`);
      const sid = sessionId(`plan ${algorithm} sign ${label}`);
      const signContext = { key, dwallet: dkg.output, presign, algorithm, hashScheme: scheme.hashScheme, message };
      const userSignMessage = shared
        ? new Uint8Array(0)
        : encodeSchnorrUserSignMessage(curve, createSchnorrUserSignMessage({ ...signContext, secretShare: dkg.secretShare, rng }));
      const event = SignRequested.bcs
        .serialize({
          session_id: sid,
          session_sequence: 2n,
          epoch: 1n,
          requester: address,
          sign_id: address,
          dwallet_id: address,
          network_key_id: networkKeyId,
          curve: CURVE_IDS[scheme.curve],
          algorithm: SIGNATURE_ALGORITHM_IDS[algorithm],
          hash_scheme: scheme.hashScheme,
          message,
          presign_id: address,
          presign: presignBytes ?? encodeSchnorrPresign(presign, setup),
          dwallet_output: encodeDWalletOutput(dkg.output, setup),
          user_sign_message: userSignMessage,
          partial_signature_id: null,
          fee: 0n,
          public_user_share: shared ? bigintToBytes(dkg.secretShare, 32) : null,
        })
        .toBytes();
      return { dkg, presign, message, sid, signContext, row: row('sign', sid, event) };
    }

    /** Plans the request at the four validators, runs their sessions, returns the one signature they output. */
    async function signAtFour(
      request: ReturnType<typeof signRequest>,
    ): Promise<{ signature: Uint8Array; configs: SchnorrSignSessionConfig[] }> {
      const ledgers = new Map(view.committee.weights.map((_, i) => [i + 1, new InMemoryPresignLedger()] as const));
      const plans = new Map<PartyId, SessionPlan>();
      for (const [party, ledger] of ledgers)
        plans.set(party, sessionPlan(await planSession('sign', [request.row], context(party, ledger))));
      for (const plan of plans.values()) assert.equal(plan.definition, schnorrSignSession);
      const params = (party: PartyId) => ({ sessionId: request.sid, self: party, committee: view.committee });
      const network = new TestNetwork<SchnorrSignSessionOutput>({
        committee: view.committee,
        seed: `plan ${algorithm}`,
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
      const signatures = new Set<string>();
      for (const party of ledgers.keys()) {
        const result = network.result(party);
        assert.equal(result?.status, 'completed', `party ${party}`);
        const output = (result as { output: SchnorrSignSessionOutput }).output;
        assert.equal(output.status, 'signed', `party ${party}: ${output.status === 'rejected' ? output.reason : ''}`);
        if (output.status !== 'signed') continue;
        assert.equal(output.encoded.length, 64);
        signatures.add(bytesToHex(output.encoded));
        const entry = decodeEntry((plans.get(party) as SessionPlan).results(result as never)[0]?.entry as Uint8Array);
        assert.deepEqual(new Uint8Array((entry as { Signature: { signature: Uint8Array } }).Signature.signature), output.encoded);
        assert.ok(ledgers.get(party)?.isConsumed(request.presign), 'the session consumed the presign');
      }
      assert.equal(signatures.size, 1, 'every validator outputs the same signature');
      const configs = [...plans.values()].map((plan) => plan.config as SchnorrSignSessionConfig);
      return { signature: Uint8Array.from(Buffer.from([...signatures][0] as string, 'hex')), configs };
    }

    /** noble's verdict, under the key a wallet derives itself: scure's BIP-86 output key, or enc(X). */
    function nobleVerifies(signature: Uint8Array, request: ReturnType<typeof signRequest>): boolean {
      const publicKey = curve.encodePoint(request.dkg.output.publicKey);
      return algorithm === 'taproot'
        ? schnorr.verify(signature, sha256(request.message), p2tr(publicKey.subarray(1)).tweakedPubkey)
        : ed25519.verify(signature, request.message, publicKey, { zip215: false });
    }

    test('a zero-trust sign request: the Schnorr sign session with the approved message; four validators sign once; noble verifies', async () => {
      const request = signRequest('zero-trust', false);
      const { signature, configs } = await signAtFour(request);
      for (const config of configs) {
        assert.equal(config.algorithm, algorithm);
        assert.equal(config.hashScheme, scheme.hashScheme);
        assert.deepEqual(config.message, request.message);
        assert.equal(config.verifiedBefore, false, "the user's message is verified by the session");
      }
      assert.ok(nobleVerifies(signature, request));
      const flipped = signature.slice();
      flipped[40] = (flipped[40] as number) ^ 1;
      assert.equal(nobleVerifies(flipped, request), false);
    });

    test('a shared dWallet: every validator computes the same user message from the request; their sessions sign; noble verifies', async () => {
      const request = signRequest('shared', true);
      const { signature, configs } = await signAtFour(request);
      const first = configs[0] as SchnorrSignSessionConfig;
      for (const config of configs) {
        assert.equal(bytesToHex(config.userMessage), bytesToHex(first.userMessage), 'every validator derives the same bytes');
        assert.equal(config.verifiedBefore, true);
      }
      verifySchnorrUserSignMessage(request.signContext, first.userMessage);
      assert.ok(nobleVerifies(signature, request));
    });

    test('presign bytes that do not decode for the algorithm are rejected at once, with the same entry at every validator', async () => {
      const request = signRequest('bad presign', false, new Uint8Array([1, 2, 3]));
      const entries = new Set<string>();
      for (const party of [1, 4] as PartyId[]) {
        const planned = await planSession('sign', [request.row], context(party, new InMemoryPresignLedger()));
        assert.equal(planned.type, 'rejected');
        if (planned.type !== 'rejected') continue;
        entries.add(bytesToHex(planned.results[0]?.entry as Uint8Array));
        const entry = decodeEntry(planned.results[0]?.entry as Uint8Array) as { Rejected: { reason: Uint8Array } };
        assert.match(new TextDecoder().decode(new Uint8Array(entry.Rejected.reason)), /^REQUEST_MALFORMED\//);
      }
      assert.equal(entries.size, 1);
    });

    test('a presign batch: the Schnorr presign session, its session id bound to curve and algorithm', async () => {
      const ids = [sessionId(`plan ${algorithm} presign 1`), sessionId(`plan ${algorithm} presign 2`)];
      const rows = ids.map((sid) =>
        row(
          'presign',
          sid,
          PresignRequested.bcs
            .serialize({
              session_id: sid,
              session_sequence: 3n,
              epoch: 1n,
              requester: address,
              presign_id: address,
              network_key_id: networkKeyId,
              curve: CURVE_IDS[scheme.curve],
              algorithm: SIGNATURE_ALGORITHM_IDS[algorithm],
              dwallet_id: null,
              dwallet_output: new Uint8Array(0),
              fee: 0n,
            })
            .toBytes(),
        ),
      );
      const plan = sessionPlan(await planSession('presign', rows, context(1, new InMemoryPresignLedger())));
      assert.equal(plan.definition, schnorrPresignSession);
      const config = plan.config as SchnorrPresignSessionConfig;
      assert.equal(config.algorithm, algorithm);
      assert.deepEqual(config.presignIds, ids);
      const batchId = mpcSessionIdOf(
        'presign',
        ids.map((sid) => SessionId.fromBytes(sid)),
        { curve: CURVE_IDS[scheme.curve], algorithm: SIGNATURE_ALGORITHM_IDS[algorithm] },
      );
      assert.equal(batchId, bytesToHex(schnorrPresignBatchSessionId({ key, algorithm, presignIds: ids })));
      // An ECDSA batch of the same requests keeps the id it had before algorithms existed.
      const ecdsaId = mpcSessionIdOf(
        'presign',
        ids.map((sid) => SessionId.fromBytes(sid)),
        { curve: CURVE_IDS.secp256k1, algorithm: SIGNATURE_ALGORITHM_IDS.ecdsa },
      );
      assert.equal(ecdsaId, bytesToHex(presignBatchSessionId(ids)));
      assert.notEqual(batchId, ecdsaId);
    });
  });
}

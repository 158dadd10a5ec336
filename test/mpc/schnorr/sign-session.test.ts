/**
 * The Schnorr sign session (mpc/schnorr/protocols/sign.ts, an instance of mpc/signing/session.ts)
 * on the in-process test network (mpc/testing), n = 4, t = 3, for Taproot and EdDSA: messages
 * dropped and validators restarted from their serialized state, a validator with a bad decryption
 * share, too many with bad shares and bad proofs, a wrong user message, a designated combiner and
 * a standby. Every signature is checked by an independent library — BIP-340 `schnorr.verify`
 * under the output key @scure/btc-signer's p2tr(x(X)) computes, noble's `ed25519.verify` under
 * enc(X) — and every run ends in that signature or in an abort naming exactly the culprits.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { p2tr } from '@scure/btc-signer';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import {
  createSchnorrUserSignMessage,
  encodeSchnorrUserSignMessage,
  SCHNORR_SIGN_SESSION_PROTOCOL,
  type SchnorrAlgorithm,
  SchnorrErrorCodes,
  type SchnorrSignSessionConfig,
  type SchnorrSignSessionOutput,
  schnorrSignSession,
  schnorrSignShareSchemas,
  xOnly,
} from '../../../mpc/schnorr/index.ts';
import { type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import { BlameReasons } from '../../../mpc/session/errors.ts';
import type { SessionResult } from '../../../mpc/session/machine.ts';
import { ProposerSchedule } from '../../../mpc/session/proposer.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { HASH_SCHEME_IDS } from '../../../mpc/signing/algorithms.ts';
import { SIGNATURE_ROUND, SignKinds, signSigners } from '../../../mpc/signing/session.ts';
import { type Behaviour, combine, rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { networkKeyFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { dealerSchnorrPresign } from '../../../mpc/testing/schnorr-fixture.ts';
import { testRng } from '../../support/random.ts';

const SCHEMES = [
  { algorithm: 'taproot', curve: 'secp256k1' },
  { algorithm: 'eddsa', curve: 'ed25519' },
] as const;
const committee = uniformCommittee(4, 3);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

for (const { algorithm, curve: curveName } of SCHEMES) {
  describe(`the ${algorithm} sign session on ${curveName}`, () => {
    const fixture = networkKeyFixture(curveName);
    const { key, curve, thresholdKey, keyShares } = fixture;
    const { group, h } = key.encryptionKey.setup;
    const rng = testRng(`schnorr sign session ${algorithm}`);
    const dkg = createUserDkgMessage(key, sessionId(`${algorithm} sign session dkg`), { rng });
    const presign = dealerSchnorrPresign(key, algorithm as SchnorrAlgorithm, `${algorithm} sign session`, rng);
    // Taproot signs m = SHA-256(message) (hash scheme SHA256); EdDSA the message itself (SHA512).
    const message = utf8ToBytes(`${algorithm}: pay 1 coin to the sign session test`);
    const hashScheme = algorithm === 'taproot' ? HASH_SCHEME_IDS.SHA256 : HASH_SCHEME_IDS.SHA512;
    const signed = algorithm === 'taproot' ? sha256(message) : message;
    const context = { key, dwallet: dkg.output, presign, algorithm, hashScheme, message } as const;
    const userMessage = encodeSchnorrUserSignMessage(
      curve,
      createSchnorrUserSignMessage({ ...context, secretShare: dkg.secretShare, rng }),
    );

    /** The independent check: noble under the key a wallet derives itself (scure's p2tr output key, or enc(X)). */
    const verifies = (signature: Uint8Array): boolean =>
      algorithm === 'taproot'
        ? schnorr.verify(signature, signed, p2tr(xOnly(dkg.output.publicKey)).tweakedPubkey)
        : ed25519.verify(signature, signed, dkg.output.publicKey.toBytes(), { zip215: false });

    function config(party: PartyId, overrides: Partial<SchnorrSignSessionConfig> = {}): SchnorrSignSessionConfig {
      return {
        ...context,
        thresholdKey,
        keyShare: keyShares[party - 1] as (typeof keyShares)[number],
        userMessage,
        ledger: new InMemoryPresignLedger(),
        resendMs: 1_000,
        ...overrides,
      };
    }

    function run(
      seed: string,
      options: {
        behaviours?: Map<PartyId, Behaviour>;
        restartRate?: number;
        dropRate?: number;
        overrides?: Partial<SchnorrSignSessionConfig>;
      } = {},
    ): TestNetwork<SchnorrSignSessionOutput> {
      const sid = sessionId(`${algorithm} sign session ${seed}`);
      const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`${algorithm} ${seed} ${party}`) });
      const network = new TestNetwork<SchnorrSignSessionOutput>({
        committee,
        seed: `${algorithm} ${seed}`,
        ...(options.behaviours === undefined ? {} : { behaviours: options.behaviours }),
        ...(options.restartRate === undefined ? {} : { restartRate: options.restartRate }),
        ...(options.dropRate === undefined ? {} : { dropRate: options.dropRate }),
        create: (party) => createSession(schnorrSignSession, config(party, options.overrides), params(party)),
        restore: (party, state) => restoreSession(schnorrSignSession, config(party, options.overrides), params(party), state),
      });
      network.start();
      network.run();
      return network;
    }

    function honestResults(network: TestNetwork<SchnorrSignSessionOutput>): Map<PartyId, SessionResult<SchnorrSignSessionOutput>> {
      const results = new Map<PartyId, SessionResult<SchnorrSignSessionOutput>>();
      for (const party of network.honestParties()) {
        const result = network.result(party);
        assert.ok(result !== undefined, `party ${party} did not finish`);
        results.set(party, result);
      }
      return results;
    }

    /** Every honest validator output the same 64 bytes, which noble verifies; nobody but the culprits was blamed. */
    function assertSigned(network: TestNetwork<SchnorrSignSessionOutput>, culprits: readonly PartyId[] = []): SchnorrSignSessionOutput[] {
      const outputs: SchnorrSignSessionOutput[] = [];
      let encoded: Uint8Array | undefined;
      for (const [party, result] of honestResults(network)) {
        assert.equal(result.status, 'completed', `party ${party}: ${result.status === 'aborted' ? result.reason : ''}`);
        const output = (result as { output: SchnorrSignSessionOutput }).output;
        assert.ok(output.status === 'signed', `party ${party}: ${JSON.stringify(output)}`);
        assert.equal(output.encoded.length, 64);
        assert.deepEqual(output.signature, output.encoded);
        encoded ??= output.encoded;
        assert.deepEqual(output.encoded, encoded, `party ${party} output another signature`);
        // Retry without the blamed: a validator that named a culprit did not combine its share. (One
        // that entered the proven round without the culprit's unproven share has no evidence against
        // it, and its valid proven share gives the same, verified signature.)
        const named = new Set(network.machine(party).blames.map((blame) => blame.party));
        for (const culprit of culprits) {
          if (named.has(culprit))
            assert.ok(!output.decrypters.includes(culprit), `party ${party} combined the share of culprit ${culprit}`);
        }
        outputs.push(output);
      }
      assert.ok(encoded !== undefined && verifies(encoded), 'noble does not verify the signature');
      for (const party of network.honestParties()) {
        for (const blame of network.machine(party).blames) {
          assert.ok(culprits.includes(blame.party), `party ${party} blamed honest party ${blame.party} (${blame.reason}: ${blame.detail})`);
        }
      }
      return outputs;
    }

    const schemas = schnorrSignShareSchemas(thresholdKey);
    /** Its unproven decryption share of ct_s multiplied by h: a valid group element, the wrong share. */
    const badShare = (payload: Uint8Array): Uint8Array => {
      const parsed = schemas.unproven.parse(payload);
      const rows = parsed.shares.map((row, i) => (i === 0 ? row.map((d) => group.compose(d, h)) : row));
      return schemas.unproven.serialize({ ...parsed, shares: rows }).toBytes();
    };
    /** Its proven share with every response off by one: the EDL proof does not verify. */
    const badProof = (payload: Uint8Array): Uint8Array => {
      const parsed = schemas.proven.parse(payload);
      return schemas.proven
        .serialize({ ...parsed, proof: { ...parsed.proof, responses: parsed.proof.responses.map((z) => z + 1n) } })
        .toBytes();
    };

    test('happy path with message loss and restarts, the message verified in full: one round, every validator outputs the signature', () => {
      const network = run('happy', { restartRate: 0.15, dropRate: 0.1 });
      for (const output of assertSigned(network)) assert.ok(output.status === 'signed' && !output.proven && output.role === 'signer');
      assert.equal(network.machine(1).protocol, SCHNORR_SIGN_SESSION_PROTOCOL);
    });

    test('a validator sending a bad unproven share: the proven round names it, and the signature is made without it', () => {
      const network = run('bad share', {
        behaviours: new Map([[2, rewritePayloads(SignKinds.SHARE, badShare)]]),
        overrides: { verifiedBefore: true },
      });
      assertSigned(network, [2]);
      // A validator whose first t shares were the honest ones signs at once; the others name party 2.
      const blames = network.honestParties().flatMap((party) => network.machine(party).blames);
      assert.ok(
        blames.some((blame) => blame.party === 2),
        'nobody named the sender of the bad share',
      );
      for (const blame of blames) assert.equal(blame.reason, BlameReasons.INVALID_DECRYPTION_SHARE);
    });

    test('bad shares and bad proofs from two validators (more than W − t): an abort naming exactly them', () => {
      const behaviour = combine(rewritePayloads(SignKinds.SHARE, badShare), rewritePayloads(SignKinds.PROVEN_SHARE, badProof));
      const network = run('abort', {
        behaviours: new Map([
          [3, behaviour],
          [4, behaviour],
        ]),
        overrides: { verifiedBefore: true },
      });
      for (const [party, result] of honestResults(network)) {
        assert.equal(result.status, 'aborted', `party ${party} did not abort`);
        if (result.status !== 'aborted') continue;
        assert.deepEqual([...new Set(result.culprits.map((b) => b.party))].sort(), [3, 4]);
        for (const blame of result.culprits) assert.equal(blame.reason, BlameReasons.INVALID_DECRYPTION_SHARE);
      }
    });

    test('a wrong user message is rejected before any decryption share exists', () => {
      const otherMessage = utf8ToBytes(`${algorithm}: pay 2 coins to the sign session test`);
      for (const [label, overrides, check] of [
        ['another approved message', { message: otherMessage }, 'response'],
        ['another presign', { presign: dealerSchnorrPresign(key, algorithm as SchnorrAlgorithm, `${algorithm} another`, rng) }, 'response'],
        ['a message that does not decode', { userMessage: userMessage.subarray(0, userMessage.length - 1) }, 'encoding'],
      ] as const) {
        const machine = createSession(schnorrSignSession, config(1, overrides), {
          sessionId: sessionId(`${algorithm} rejected ${label}`),
          self: 1,
          committee,
        });
        const step = machine.start();
        assert.equal(step.outgoing.length, 0, `${label}: a message was sent`);
        assert.equal(step.result?.status, 'completed', label);
        const output = (step.result as { output: SchnorrSignSessionOutput }).output;
        assert.ok(output.status === 'rejected', label);
        assert.equal(output.code, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE, label);
        assert.equal(output.check, check, label);
      }
    });

    test('resume from the store: restarts on the sad path still sign, and a finished validator restored reports the same signature', () => {
      const network = run('resume', {
        behaviours: new Map([[4, rewritePayloads(SignKinds.SHARE, badShare)]]),
        restartRate: 0.3,
        overrides: { verifiedBefore: true },
      });
      assert.ok(network.stats.restarts > 0, 'no validator was restarted');
      const [output] = assertSigned(network, [4]);
      const sid = sessionId(`${algorithm} sign session resume`);
      const restored = restoreSession(
        schnorrSignSession,
        config(1, { verifiedBefore: true }),
        { sessionId: sid, self: 1, committee },
        network.machine(1).serialize(),
      );
      assert.equal(restored.status, 'completed');
      const result = restored.result as { output: SchnorrSignSessionOutput };
      assert.ok(result.output.status === 'signed' && output?.status === 'signed');
      assert.deepEqual(result.output.encoded, output.encoded);
    });

    test('a designated combiner with a standby: only the combiner combines, the standby sends nothing, all output its signature', () => {
      const seed = 'designated with standby';
      const sid = sessionId(`${algorithm} sign session ${seed}`);
      const combiner = new ProposerSchedule(committee, sid, SIGNATURE_ROUND.round).proposer(0);
      const [standby] = [1, 2, 3, 4].filter((party) => !signSigners(committee, sid).has(party)) as [PartyId];
      const network = run(seed, { overrides: { combiners: 'designated', combineWaitMs: 60_000, standbys: true }, dropRate: 0.1 });
      assertSigned(network);
      assert.equal(network.stats.bytesSent.get(standby) ?? 0, 0, 'the standby sent a message');
      for (const [party, result] of honestResults(network)) {
        const output = (result as { output: SchnorrSignSessionOutput }).output;
        assert.ok(output.status === 'signed');
        if (party === combiner) assert.ok(output.decrypters.length >= 3, 'the combiner did not combine');
        else assert.deepEqual(output.decrypters, [], `party ${party} combined instead of checking the combiner’s signature`);
      }
    });

    test('the session consumes its presign, and refuses a threshold key of another network key', () => {
      const ledger = new InMemoryPresignLedger();
      const make = () =>
        createSession(schnorrSignSession, config(1, { ledger }), { sessionId: sessionId(`${algorithm} consumed`), self: 1, committee });
      make();
      assert.equal(codeOf(make), EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED);
      const other = networkKeyFixture(curveName, [1, 1, 1, 1], 2);
      assert.equal(
        codeOf(() =>
          createSession(schnorrSignSession, config(1, { key: other.key }), {
            sessionId: sessionId(`${algorithm} other key`),
            self: 1,
            committee,
          }),
        ),
        SchnorrErrorCodes.SCHNORR_INVALID_CONFIG,
      );
    });
  });
}

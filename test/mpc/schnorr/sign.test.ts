/**
 * Schnorr signing end to end (PROTOCOL-EXTENSIONS.md §9.1) on dealt network keys: DKG (new and
 * imported keys), presigns (dealer-drawn, and from the presign session over the test network),
 * the user's message, the network's verification, threshold decryption of ct_s with the dealt key
 * shares, and the signature — each checked by an independent library: BIP-340 `schnorr.verify`
 * under the output key @scure/btc-signer's p2tr(x(X)) computes, and noble's `ed25519.verify` under
 * enc(X). Wrong user messages are rejected with the failed check named; a validator with a bad
 * EncDL proof in the presign is blamed and left out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { p2tr } from '@scure/btc-signer';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { createImportedKeyMessage } from '../../../mpc/ecdsa/dkg/imported-key.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { bigintToBytes, bytesToBigint } from '../../../mpc/numbers/bytes.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import {
  checkReceivedSchnorrSignature,
  createSchnorrUserSignMessage,
  decodeSchnorrPresign,
  encodeSchnorrPresign,
  encodeSchnorrUserSignMessage,
  type SchnorrAlgorithm,
  SchnorrErrorCodes,
  type SchnorrPresign,
  type SchnorrPresignSessionOutput,
  type SchnorrSignContext,
  schnorrPresignBatchSessionId,
  schnorrPresignSession,
  schnorrSignatureFromPlaintext,
  schnorrSignDecryptionSession,
  sharedSchnorrUserSignMessage,
  verifySchnorrUserSignMessage,
  xOnly,
} from '../../../mpc/schnorr/index.ts';
import { AggregationKinds } from '../../../mpc/session/aggregation.ts';
import { type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import type { RoundMessage } from '../../../mpc/session/message.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { HASH_SCHEME_IDS } from '../../../mpc/signing/algorithms.ts';
import { rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { type NetworkKeyFixture, networkKeyFixture, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { dealerSchnorrPresign, networkSchnorrSign } from '../../../mpc/testing/schnorr-fixture.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { testRng } from '../../support/random.ts';

const SCHEMES = [
  { algorithm: 'taproot', curve: 'secp256k1' },
  { algorithm: 'eddsa', curve: 'ed25519' },
] as const;
const TIMEOUTS = { attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 };

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

function rejection(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof UserMessageRejection) {
      assert.equal(error.code, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE);
      return error.check;
    }
    throw error;
  }
  return 'accepted';
}

/** The independent check: noble under the key a wallet derives itself (scure's p2tr output key, or enc(X)). */
function independentlyVerifies(algorithm: SchnorrAlgorithm, publicKey: CurvePoint, signed: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm === 'taproot') return schnorr.verify(signature, signed, p2tr(xOnly(publicKey)).tweakedPubkey);
  return ed25519.verify(signature, signed, publicKey.toBytes(), { zip215: false });
}

/** A random message and hash scheme of the algorithm, with the bytes the signature covers. */
function randomMessage(algorithm: SchnorrAlgorithm, rng: ReturnType<typeof testRng>, i: number) {
  if (algorithm === 'eddsa') {
    const message = rng.bytes(1 + Number(randomBelow(rng, 300n)));
    return { hashScheme: HASH_SCHEME_IDS.SHA512, message, signed: message };
  }
  if (i % 2 === 0) {
    const message = rng.bytes(1 + Number(randomBelow(rng, 200n)));
    return { hashScheme: HASH_SCHEME_IDS.SHA256, message, signed: sha256(message) };
  }
  const message = rng.bytes(32);
  return { hashScheme: HASH_SCHEME_IDS.PREHASHED, message, signed: message };
}

for (const { algorithm, curve: curveName } of SCHEMES) {
  describe(`${algorithm} on ${curveName}`, () => {
    const fixture: NetworkKeyFixture = networkKeyFixture(curveName);
    const { key, curve } = fixture;
    const rng = testRng(`schnorr sign ${algorithm}`);

    function world(label: string, options: { imported?: bigint; presign?: SchnorrPresign } = {}) {
      const sid = sessionId(`${algorithm} dkg ${label}`);
      const dkg =
        options.imported === undefined
          ? createUserDkgMessage(key, sid, { rng })
          : createImportedKeyMessage(key, sid, options.imported, { rng });
      const presign = options.presign ?? dealerSchnorrPresign(key, algorithm, `${algorithm} ${label}`, rng);
      return { dwallet: dkg.output, secretShare: dkg.secretShare, presign };
    }

    test('many random keys and messages: the threshold signature verifies with noble under the key a wallet derives', () => {
      for (let i = 0; i < 12; i++) {
        const w = world(`random ${i}`);
        const { hashScheme, message, signed } = randomMessage(algorithm, rng, i);
        const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign: w.presign, algorithm, hashScheme, message };
        const user = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
        const signature = networkSchnorrSign(fixture, context, encodeSchnorrUserSignMessage(curve, user));
        assert.ok(signature !== undefined, `signature ${i} verifies`);
        assert.equal(signature.length, 64);
        assert.ok(independentlyVerifies(algorithm, w.dwallet.publicKey, signed, signature), `noble verifies signature ${i}`);
        // Another authorised set decrypts the same s.
        const other = networkSchnorrSign(fixture, context, encodeSchnorrUserSignMessage(curve, user), [2, 3, 4]);
        assert.deepEqual(other, signature);
      }
    });

    test('imported-key dWallets sign with universal presigns; the signature verifies under x·G', () => {
      for (let i = 0; i < 3; i++) {
        const x = 1n + randomBelow(rng, curve.order - 1n);
        const w = world(`imported ${i}`, { imported: x });
        assert.ok(w.dwallet.publicKey.equals(curve.multiply(curve.generator, x)));
        const { hashScheme, message, signed } = randomMessage(algorithm, rng, i);
        const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign: w.presign, algorithm, hashScheme, message };
        const user = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
        const signature = networkSchnorrSign(fixture, context, encodeSchnorrUserSignMessage(curve, user));
        assert.ok(signature !== undefined && independentlyVerifies(algorithm, w.dwallet.publicKey, signed, signature));
        if (algorithm === 'eddsa') {
          // The imported raw scalar signs exactly as one party holding x would: verify under noble's x·G.
          assert.ok(ed25519.verify(signature, signed, ed25519.Point.BASE.multiply(x).toBytes()));
        }
      }
    });

    test('wrong user messages are rejected with the check named: bad z_A, wrong K_A, another message, another presign', () => {
      const w = world('rejections');
      const { hashScheme, message } = randomMessage(algorithm, rng, 0);
      const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign: w.presign, algorithm, hashScheme, message };
      const user = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
      const q = curve.order;
      const encode = (m: typeof user) => encodeSchnorrUserSignMessage(curve, m);
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, encode(user))),
        'accepted',
      );
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, encode({ ...user, response: (user.response + 1n) % q }))),
        'response',
      );
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, encode({ ...user, nonce: user.nonce.add(curve.generator) }))),
        'response',
      );
      const otherMessage = {
        ...context,
        message: utf8ToBytes('another message, thirty-two bytes!').subarray(
          0,
          algorithm === 'taproot' && hashScheme === HASH_SCHEME_IDS.PREHASHED ? 32 : 20,
        ),
      };
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(otherMessage, encode(user))),
        'response',
      );
      const otherPresign = { ...context, presign: dealerSchnorrPresign(key, algorithm, `${algorithm} another presign`, rng) };
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(otherPresign, encode(user))),
        'response',
      );
      // A presign of the other algorithm, a hash scheme the algorithm lacks, bytes that do not decode.
      const wrongAlgorithm = { ...w.presign, algorithm: algorithm === 'taproot' ? 'eddsa' : 'taproot' } as SchnorrPresign;
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage({ ...context, presign: wrongAlgorithm }, encode(user))),
        'context',
      );
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage({ ...context, hashScheme: HASH_SCHEME_IDS.KECCAK256 }, encode(user))),
        'context',
      );
      const bytes = encode(user);
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, bytes.subarray(1))),
        'encoding',
      );
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, new Uint8Array([...bytes, 0]))),
        'encoding',
      );
      const badScalar = bytes.slice();
      badScalar.fill(0xff, bytes.length - 32);
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, badScalar)),
        'encoding',
      );
    });

    test("the user refuses a share that is not the dWallet's and a presign consumed before", () => {
      const w = world('user inputs');
      const { hashScheme, message } = randomMessage(algorithm, rng, 0);
      const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign: w.presign, algorithm, hashScheme, message };
      assert.equal(
        codeOf(() => createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare + 1n })),
        SchnorrErrorCodes.SCHNORR_SECRET_MISMATCH,
      );
      assert.equal(
        codeOf(() => createSchnorrUserSignMessage({ ...context, secretShare: 0n })),
        SchnorrErrorCodes.SCHNORR_SECRET_MISMATCH,
      );
      const ledger = new InMemoryPresignLedger();
      createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, ledger, rng });
      assert.equal(
        codeOf(() => createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, ledger, rng })),
        EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED,
      );
    });

    test("a wrong decryption gives no signature; a received signature is accepted only if it is the request's", () => {
      const w = world('network checks');
      const { hashScheme, message } = randomMessage(algorithm, rng, 1);
      const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign: w.presign, algorithm, hashScheme, message };
      const user = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
      const request = verifySchnorrUserSignMessage(context, encodeSchnorrUserSignMessage(curve, user));
      const session = schnorrSignDecryptionSession(fixture.thresholdKey, request, sessionId(`${algorithm} checks`));
      const shares = fixture.keyShares.slice(0, 3).map((share) => decryptionShareMessage(session, share));
      const [s] = combineShareMessages(session, shares) as [bigint];
      const signature = schnorrSignatureFromPlaintext(request, s);
      assert.ok(signature !== undefined);
      assert.equal(schnorrSignatureFromPlaintext(request, (s + 1n) % curve.order), undefined);
      assert.equal(schnorrSignatureFromPlaintext(request, curve.order), undefined);
      assert.deepEqual(checkReceivedSchnorrSignature(request, signature), signature);
      const flipped = signature.slice();
      flipped[40] = (flipped[40] as number) ^ 1;
      assert.equal(checkReceivedSchnorrSignature(request, flipped), undefined);
      assert.equal(checkReceivedSchnorrSignature(request, signature.subarray(0, 63)), undefined);
      // A valid signature of the same message under the same key with another nonce is not this request's.
      const again = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
      const another = networkSchnorrSign(fixture, context, encodeSchnorrUserSignMessage(curve, again));
      assert.ok(another !== undefined);
      assert.equal(checkReceivedSchnorrSignature(request, another), undefined);
    });

    test('a shared dWallet: every validator computes the same message, and it signs', () => {
      const sid = sessionId(`${algorithm} shared dkg`);
      const dkg = createUserDkgMessage(key, sid, { rng, publicShare: true });
      const presign = dealerSchnorrPresign(key, algorithm, `${algorithm} shared`, rng);
      const { hashScheme, message, signed } = randomMessage(algorithm, rng, 0);
      const input = {
        key,
        dwallet: dkg.output,
        presign,
        algorithm,
        hashScheme,
        message,
        sessionId: sessionId(`${algorithm} shared sign`),
        publicUserShare: curve.encodeScalar(dkg.secretShare),
      };
      const first = encodeSchnorrUserSignMessage(curve, sharedSchnorrUserSignMessage(input));
      assert.deepEqual(encodeSchnorrUserSignMessage(curve, sharedSchnorrUserSignMessage(input)), first);
      assert.notDeepEqual(
        encodeSchnorrUserSignMessage(curve, sharedSchnorrUserSignMessage({ ...input, sessionId: sessionId('other') })),
        first,
      );
      const signature = networkSchnorrSign(fixture, input, first);
      assert.ok(signature !== undefined && independentlyVerifies(algorithm, dkg.output.publicKey, signed, signature));
      assert.equal(
        codeOf(() => sharedSchnorrUserSignMessage({ ...input, publicUserShare: curve.encodeScalar(dkg.secretShare + 1n) })),
        EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE,
      );
    });

    test('points outside the prime-order group are refused wherever received (K_A, K_B parts); a non-canonical s ≥ q is not the signature', () => {
      const w = world('strict points');
      const { hashScheme, message } = randomMessage(algorithm, rng, 0);
      const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign: w.presign, algorithm, hashScheme, message };
      const user = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
      const bytes = encodeSchnorrUserSignMessage(curve, user);
      const pointBytes = curve.pointBytes;
      const presignBytes = encodeSchnorrPresign(w.presign, key.encryptionKey.setup);
      if (algorithm === 'eddsa') {
        // An ed25519 point of order 8 (RFC 8032 §5.1.3 decodes it; it is not in the prime-order group).
        const torsion = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
        const mixed = (user.nonce as unknown as typeof torsion).add(torsion).toBytes();
        for (const bad of [torsion.toBytes(), mixed]) {
          const forged = bytes.slice();
          forged.set(bad, 0);
          assert.equal(
            rejection(() => verifySchnorrUserSignMessage(context, forged)),
            'encoding',
          );
          const badPresign = presignBytes.slice();
          badPresign.set(bad, presignBytes.length - pointBytes);
          assert.equal(
            codeOf(() => decodeSchnorrPresign(curve, algorithm, key.encryptionKey.setup, badPresign)),
            'ENCODING_INVALID_VALUE',
          );
        }
      }
      // The identity has no encoding (all-zero bytes are no point either), so neither can be K_A.
      const zero = bytes.slice();
      zero.fill(0, 0, pointBytes);
      assert.equal(
        rejection(() => verifySchnorrUserSignMessage(context, zero)),
        'encoding',
      );
      // s + q: for Taproot it fits in 32 bytes only when s < 2²⁵⁶ − q (never in practice); for EdDSA always.
      const request = verifySchnorrUserSignMessage(context, bytes);
      const signature = networkSchnorrSign(fixture, context, bytes);
      assert.ok(signature !== undefined);
      const tail = signature.slice(32);
      const s = bytesToBigint(algorithm === 'eddsa' ? tail.reverse() : tail);
      assert.equal(schnorrSignatureFromPlaintext(request, s + curve.order), undefined);
      if (s + curve.order < 2n ** 256n) {
        const high = bigintToBytes(s + curve.order, 32);
        const nonCanonical = Uint8Array.from([...signature.subarray(0, 32), ...(algorithm === 'eddsa' ? high.reverse() : high)]);
        assert.equal(checkReceivedSchnorrSignature(request, nonCanonical), undefined);
      }
      assert.deepEqual(checkReceivedSchnorrSignature(request, signature), signature);
    });

    test('the presign session: a validator with a bad EncDL proof is blamed and left out; the presigns sign', () => {
      const committee = uniformCommittee(4, 3);
      const presignIds = [sessionId(`${algorithm} session presign 1`), sessionId(`${algorithm} session presign 2`)];
      const config = { key, algorithm, presignIds, timeouts: TIMEOUTS };
      const sid = schnorrPresignBatchSessionId(config);
      const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`${algorithm} presign ${party}`) });
      // Party 3 reveals a response that is not its proof's: its own equation fails.
      const badProof = rewritePayloads(AggregationKinds.CONTRIBUTION, (payload, m: RoundMessage) => {
        if (m.round !== 2) return payload;
        const copy = payload.slice();
        copy[copy.length - 2] = (copy[copy.length - 2] as number) ^ 1;
        return copy;
      });
      const network = new TestNetwork<SchnorrPresignSessionOutput>({
        committee,
        seed: `${algorithm} presign`,
        behaviours: new Map([[3, badProof]]),
        restartRate: 0.05,
        create: (party) => createSession(schnorrPresignSession, config, params(party)),
        restore: (party, state) => restoreSession(schnorrPresignSession, config, params(party), state),
      });
      network.start();
      network.run();
      const outputs = [1, 2, 4].map((party) => {
        const result = network.result(party);
        assert.equal(result?.status, 'completed', result?.status === 'aborted' ? result.reason : 'no result');
        return (result as { output: SchnorrPresignSessionOutput }).output;
      });
      const [first] = outputs as [SchnorrPresignSessionOutput];
      for (const output of outputs) {
        assert.deepEqual(
          output.presigns.map((p) => encodeSchnorrPresign(p, key.encryptionKey.setup)),
          first.presigns.map((p) => encodeSchnorrPresign(p, key.encryptionKey.setup)),
        );
      }
      assert.ok(!first.contributors.includes(3), 'the validator with the bad proof contributes nothing');
      let blamedThree = false;
      for (const party of [1, 2, 4]) {
        for (const blame of network.machine(party).blames) {
          assert.equal(blame.party, 3, `party ${party} blamed ${blame.party}`);
          blamedThree = true;
        }
      }
      assert.ok(blamedThree, 'the culprit is blamed');
      first.presigns.forEach((presign, j) => {
        assert.deepEqual(presign.sessionId, presignIds[j]);
        const bytes = encodeSchnorrPresign(presign, key.encryptionKey.setup);
        assert.deepEqual(
          encodeSchnorrPresign(decodeSchnorrPresign(curve, algorithm, key.encryptionKey.setup, bytes), key.encryptionKey.setup),
          bytes,
        );
        const other = algorithm === 'taproot' ? 'eddsa' : 'taproot';
        assert.equal(
          codeOf(() => decodeSchnorrPresign(curve, other, key.encryptionKey.setup, bytes)),
          'ENCODING_INVALID_VALUE',
        );
        const w = world(`session presign ${j}`, { presign });
        const { hashScheme, message, signed } = randomMessage(algorithm, rng, j);
        const context: SchnorrSignContext = { key, dwallet: w.dwallet, presign, algorithm, hashScheme, message };
        const user = createSchnorrUserSignMessage({ ...context, secretShare: w.secretShare, rng });
        const signature = networkSchnorrSign(fixture, context, encodeSchnorrUserSignMessage(curve, user));
        assert.ok(signature !== undefined && independentlyVerifies(algorithm, w.dwallet.publicKey, signed, signature));
      });
      // The session id binds the scheme: the batch cannot run under an ECDSA batch's id.
      assert.equal(
        codeOf(() => createSession(schnorrPresignSession, config, { ...params(1), sessionId: sessionId('not the batch id') })),
        SchnorrErrorCodes.SCHNORR_INVALID_CONFIG,
      );
    });
  });
}

describe('Schnorr configuration errors', () => {
  test('a Schnorr presign session on a key of the wrong curve is refused', () => {
    const k1 = networkKeyFixture('secp256k1');
    const presignIds = [sessionId('wrong curve')];
    const config = { key: k1.key, algorithm: 'eddsa' as const, presignIds };
    assert.equal(
      codeOf(() =>
        createSession(schnorrPresignSession, config, {
          sessionId: sessionId('x'),
          self: 1,
          committee: uniformCommittee(4, 3),
          rng: k1.rng,
        }),
      ),
      SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM,
    );
  });
});

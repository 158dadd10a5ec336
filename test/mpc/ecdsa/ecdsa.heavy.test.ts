/**
 * Longer runs of 2PC-MPC ECDSA (npm run test:heavy): many random keys, messages, hash schemes and
 * decrypting sets on both curves; sign sessions on a weighted committee of 7 validators (total
 * weight 10) and at n = 16; a presign batch of 4 on P-256 under loss, delays and restarts, whose
 * presigns then sign.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { createImportedKeyMessage } from '../../../mpc/ecdsa/dkg/imported-key.ts';
import type { DWalletOutput } from '../../../mpc/ecdsa/dkg/output.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HASH_SCHEMES_BY_CURVE, type SignDigest } from '../../../mpc/ecdsa/hash-schemes.ts';
import { encodeUserSignMessage } from '../../../mpc/ecdsa/messages.ts';
import { presignBatchSessionId } from '../../../mpc/ecdsa/presign/batch.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import type { Presign } from '../../../mpc/ecdsa/presign/presign.ts';
import { type PresignSessionOutput, presignSession } from '../../../mpc/ecdsa/protocols/presign.ts';
import { SignKinds, type SignSessionOutput, signSession, signShareSchemas } from '../../../mpc/ecdsa/protocols/sign.ts';
import { createUserSignMessage } from '../../../mpc/ecdsa/sign/user.ts';
import { encodeSignature } from '../../../mpc/ecdsa/signature.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { createCommittee, type PartyId, uniformCommittee } from '../../../mpc/session/committee.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type Behaviour, rewritePayloads, silent } from '../../../mpc/testing/behaviour.ts';
import { dealerPresign, type EcdsaFixture, ecdsaFixture, networkSign, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { testRng } from '../../support/random.ts';

const noble = { secp256k1, p256 } as const;

function assertValid(fixture: EcdsaFixture, dwallet: DWalletOutput, digest: SignDigest, encoded: Uint8Array): void {
  const curve = noble[fixture.curve.name as 'secp256k1' | 'p256'];
  assert.ok(curve.verify(encoded.subarray(0, 64), digest.bytes, dwallet.publicKey.toBytes(), { prehash: false, lowS: true }));
  const r = BigInt(`0x${Buffer.from(encoded.subarray(0, 32)).toString('hex')}`);
  const s = BigInt(`0x${Buffer.from(encoded.subarray(32, 64)).toString('hex')}`);
  const recovered = new curve.Signature(r, s, encoded[64]).recoverPublicKey(digest.bytes);
  assert.deepEqual(recovered.toBytes(true), dwallet.publicKey.toBytes());
}

for (const curveName of ['secp256k1', 'p256'] as const) {
  test(`${curveName}: 12 random keys (DKG, imported, shared), messages, hash schemes and decrypting sets`, () => {
    const fixture = ecdsaFixture(curveName, [1, 1, 1, 1, 1], 4);
    const { key, curve, rng } = fixture;
    const schemes = HASH_SCHEMES_BY_CURVE[curveName];
    for (let i = 0; i < 12; i++) {
      const kind = i % 3;
      const wallet =
        kind === 0
          ? createUserDkgMessage(key, rng.bytes(32), { rng })
          : kind === 1
            ? createImportedKeyMessage(key, rng.bytes(32), 1n + randomBelow(rng, curve.order - 1n), { rng })
            : createUserDkgMessage(key, rng.bytes(32), { rng, publicShare: true });
      const presign =
        kind === 1
          ? dealerPresign(key, `heavy ${curveName} ${i}`, { kind: 'targeted', dwallet: wallet.output })
          : dealerPresign(key, `heavy ${curveName} ${i}`);
      const scheme = schemes[i % schemes.length] as (typeof schemes)[number];
      const digest = digestMessage(curve, scheme, rng.bytes(scheme === 3 ? 32 : 1 + i * 17));
      const context = { key, dwallet: wallet.output, presign, digest };
      const message = createUserSignMessage({ ...context, secretShare: wallet.secretShare, ledger: new InMemoryPresignLedger(), rng });
      const parties = [1, 2, 3, 4, 5].filter((p) => p !== 1 + (i % 5)).slice(0, 4);
      const signature = networkSign(fixture, context, message, parties);
      assert.ok(signature !== undefined);
      assertValid(fixture, wallet.output, digest, encodeSignature(signature));
    }
  });
}

describe('sign sessions on larger committees', () => {
  function signRun(
    fixture: EcdsaFixture,
    committee: ReturnType<typeof createCommittee>,
    seed: string,
    behaviours: Map<PartyId, Behaviour>,
    options: { restartRate?: number; dropRate?: number } = {},
  ) {
    const { key, curve, rng } = fixture;
    const wallet = createUserDkgMessage(key, sessionId(`wallet ${seed}`), { rng });
    const presign = dealerPresign(key, seed);
    const digest = digestMessage(curve, 1, new TextEncoder().encode(seed));
    const context = { key, dwallet: wallet.output, presign, digest };
    const userMessage = encodeUserSignMessage(
      key,
      createUserSignMessage({ ...context, secretShare: wallet.secretShare, ledger: new InMemoryPresignLedger(), rng }),
    );
    const config = (party: PartyId) => ({
      ...context,
      thresholdKey: fixture.thresholdKey,
      keyShare: fixture.keyShares[party - 1] as (typeof fixture.keyShares)[number],
      userMessage,
      ledger: new InMemoryPresignLedger(),
      verifiedBefore: true,
      resendMs: 1_000,
    });
    const params = (party: PartyId) => ({ sessionId: sessionId(seed), self: party, committee, rng: testRng(`${seed} ${party}`) });
    const network = new TestNetwork<SignSessionOutput>({
      committee,
      seed,
      behaviours,
      ...options,
      create: (party) => createSession(signSession, config(party), params(party)),
      restore: (party, state) => restoreSession(signSession, config(party), params(party), state),
    });
    network.start();
    network.run();
    return { network, wallet, digest };
  }

  test('a weighted committee (weights 3,1,1,2,1,1,1; t = 7): a heavy validator with bad shares is named, the rest sign', () => {
    const weights = [3, 1, 1, 2, 1, 1, 1];
    const fixture = ecdsaFixture('secp256k1', weights, 7);
    const { group, h } = fixture.key.encryptionKey.setup;
    const schemas = signShareSchemas(fixture.thresholdKey);
    const badShare = rewritePayloads(SignKinds.SHARE, (payload) => {
      const message = schemas.unproven.parse(payload);
      return schemas.unproven.serialize({ ...message, shares: message.shares.map((row) => row.map((d) => group.compose(d, h))) }).toBytes();
    });
    const { network, wallet, digest } = signRun(fixture, createCommittee(weights, 7), 'weighted', new Map([[4, badShare]]), {
      restartRate: 0.05,
    });
    for (const party of network.honestParties()) {
      const result = network.result(party);
      assert.equal(result?.status, 'completed');
      const output = (result as { output: SignSessionOutput }).output;
      assert.equal(output.status, 'signed');
      if (output.status !== 'signed') continue;
      assertValid(fixture, wallet.output, digest, output.encoded);
      for (const blame of network.machine(party).blames) assert.equal(blame.party, 4);
    }
  });

  test('n = 16, t = 11, five silent validators and message loss: the others sign', () => {
    const fixture = ecdsaFixture('secp256k1', new Array<number>(16).fill(1), 11);
    const behaviours = new Map<PartyId, Behaviour>([12, 13, 14, 15, 16].map((p) => [p, silent()]));
    const { network, wallet, digest } = signRun(fixture, uniformCommittee(16, 11), 'sixteen', behaviours, { dropRate: 0.05 });
    for (const party of network.honestParties()) {
      const output = (network.result(party) as { output: SignSessionOutput }).output;
      assert.equal(output.status, 'signed');
      if (output.status === 'signed') assertValid(fixture, wallet.output, digest, output.encoded);
    }
  });
});

test('P-256: a presign batch of 4 under loss, delays and restarts; its presigns sign', () => {
  const fixture = ecdsaFixture('p256');
  const { key, curve, rng } = fixture;
  const committee = uniformCommittee(4, 3);
  const ids = [0, 1, 2, 3].map((j) => sessionId(`p256 batch ${j}`));
  const config = {
    key,
    target: { kind: 'universal' as const },
    presignIds: ids,
    timeouts: { attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 },
  };
  const params = (party: PartyId) => ({
    sessionId: presignBatchSessionId(ids),
    self: party,
    committee,
    rng: testRng(`p256 batch ${party}`),
  });
  const network = new TestNetwork<PresignSessionOutput>({
    committee,
    seed: 'p256 batch',
    dropRate: 0.05,
    delayRate: 0.2,
    maxDelayMs: 2_000,
    restartRate: 0.05,
    create: (party) => createSession(presignSession, config, params(party)),
    restore: (party, state) => restoreSession(presignSession, config, params(party), state),
  });
  network.start();
  network.run({ maxSteps: 200_000 });
  const result = network.result(1);
  assert.equal(result?.status, 'completed');
  const presigns = (result as { output: PresignSessionOutput }).output.presigns as readonly Presign[];
  assert.equal(presigns.length, 4);
  for (const [j, presign] of presigns.entries()) {
    const wallet = createUserDkgMessage(key, rng.bytes(32), { rng });
    const digest = digestMessage(curve, 1, new Uint8Array([j]));
    const context = { key, dwallet: wallet.output, presign, digest };
    const message = createUserSignMessage({ ...context, secretShare: wallet.secretShare, ledger: new InMemoryPresignLedger(), rng });
    const signature = networkSign(fixture, context, message);
    assert.ok(signature !== undefined);
    assertValid(fixture, wallet.output, digest, encodeSignature(signature));
  }
});

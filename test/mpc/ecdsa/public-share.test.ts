/**
 * A shared dWallet's published user share (mpc/ecdsa/dkg/public-share.ts): accepted exactly when
 * it is a 32-byte big-endian scalar in [1, q) whose x_A·G is X_A — the public key @noble/curves
 * derives from the same bytes — on both curves; every other input is a typed rejection naming its
 * check; and the make-shared verification session completes in start() with that verdict.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { type CurveName, getCurve } from '../../../mpc/curves/curve.ts';
import { PublicUserShareChecks, verifyPublicUserShare } from '../../../mpc/ecdsa/dkg/public-share.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import { makeSharedVerificationSession } from '../../../mpc/ecdsa/protocols/make-shared.ts';
import type { VerificationOutcome } from '../../../mpc/ecdsa/protocols/verification.ts';
import { uniformCommittee } from '../../../mpc/session/committee.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';

const NOBLE = { secp256k1, p256 } as const;

function check(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof UserMessageRejection, `a UserMessageRejection, got ${String(error)}`);
    assert.equal(error.code, EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE);
    return error.check;
  }
  assert.fail('expected a rejection');
}

function be32(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

for (const name of ['secp256k1', 'p256'] as const satisfies readonly CurveName[]) {
  describe(`published user share on ${name}`, () => {
    const curve = getCurve(name);
    const noble = NOBLE[name];

    test('a share is accepted exactly when x_A·G is X_A (X_A as @noble/curves derives it)', () => {
      for (let i = 0; i < 16; i++) {
        const bytes = noble.utils.randomSecretKey();
        const publicShare = curve.decodePoint(noble.getPublicKey(bytes, true));
        const share = verifyPublicUserShare(curve, publicShare, bytes);
        assert.equal(share, BigInt(`0x${bytesToHex(bytes)}`));
        assert.deepEqual(curve.encodeScalar(share), bytes);
        const other = curve.decodePoint(noble.getPublicKey(noble.utils.randomSecretKey(), true));
        assert.equal(
          check(() => verifyPublicUserShare(curve, other, bytes)),
          PublicUserShareChecks.MISMATCH,
        );
      }
    });

    test('the edges of the range: 1 and q − 1 are shares, 0, q and above are not', () => {
      const q = curve.order;
      for (const x of [1n, q - 1n]) assert.equal(verifyPublicUserShare(curve, curve.multiplyPublic(curve.generator, x), be32(x)), x);
      const X = curve.generator;
      for (const x of [0n, q, q + 1n, (1n << 256n) - 1n]) {
        assert.equal(
          check(() => verifyPublicUserShare(curve, X, be32(x))),
          PublicUserShareChecks.RANGE,
          `x = ${x}`,
        );
      }
    });

    test('bytes that are not one 32-byte scalar are refused', () => {
      const X = curve.generator;
      for (const length of [0, 1, 31, 33, 64]) {
        assert.equal(
          check(() => verifyPublicUserShare(curve, X, randomBytes(length))),
          PublicUserShareChecks.LENGTH,
          `${length} bytes`,
        );
      }
      assert.equal(
        check(() => verifyPublicUserShare(curve, X, [1, 2] as unknown as Uint8Array)),
        PublicUserShareChecks.LENGTH,
      );
    });
  });
}

describe('the make-shared verification session', () => {
  const curve = getCurve('secp256k1');
  const committee = uniformCommittee(4, 3);
  const identity = { sessionId: new Uint8Array(32).fill(5), self: 2, committee };
  const bytes = secp256k1.utils.randomSecretKey();
  const X_A = curve.decodePoint(secp256k1.getPublicKey(bytes, true));
  const dwallet = { userPublicShare: X_A } as Parameters<typeof makeSharedVerificationSession.create>[0]['dwallet'];

  function run(publicUserShare: Uint8Array) {
    const machine = createSession(makeSharedVerificationSession, { curve, dwallet, publicUserShare }, identity);
    const step = machine.start();
    assert.ok(step.result?.status === 'completed', 'ends when it starts');
    return { outcome: step.result.output as VerificationOutcome<bigint>, machine };
  }

  test('accepts the share of the dWallet and restores its verdict', () => {
    const { outcome, machine } = run(bytes);
    assert.equal(outcome.status, 'accepted');
    if (outcome.status !== 'accepted') return;
    assert.equal(outcome.value, BigInt(`0x${bytesToHex(bytes)}`));
    const restored = restoreSession(
      makeSharedVerificationSession,
      { curve, dwallet, publicUserShare: bytes },
      identity,
      machine.serialize(),
    );
    assert.equal(restored.status, 'completed');
    assert.deepEqual(restored.result, machine.result);
  });

  test('rejects a wrong or malformed share with the check that failed', () => {
    const wrong = be32((BigInt(`0x${bytesToHex(bytes)}`) % (curve.order - 1n)) + 1n);
    for (const [share, expected] of [
      [wrong, PublicUserShareChecks.MISMATCH],
      [new Uint8Array(32), PublicUserShareChecks.RANGE],
      [bytes.subarray(1), PublicUserShareChecks.LENGTH],
    ] as const) {
      const { outcome } = run(share);
      assert.equal(outcome.status, 'rejected');
      if (outcome.status !== 'rejected') continue;
      assert.equal(outcome.code, EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE);
      assert.equal(outcome.check, expected);
    }
  });
});

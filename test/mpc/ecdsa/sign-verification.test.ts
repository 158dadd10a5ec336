/**
 * The validators' faster verification of sign messages (sign/verify.ts, sign/prepared.ts,
 * sign/batch.ts, proofs/dcom-eval-combined.ts) against the reference that verifies every proof
 * alone (`verifyUserSignMessageOneByOne`): the combined check of the two DComEval proofs rejects a
 * message tampered in either, and every verdict and named check is the reference's — with and
 * without the presign's prepared bases, alone and in batches with one or two bad messages.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClCiphertext } from '../../../mpc/cl/encryption.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { UserMessageRejection } from '../../../mpc/ecdsa/errors.ts';
import { digestMessage, HashSchemes } from '../../../mpc/ecdsa/hash-schemes.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import { verifyUserSignMessages } from '../../../mpc/ecdsa/sign/batch.ts';
import type { SignContext, UserSignMessage } from '../../../mpc/ecdsa/sign/message.ts';
import { prepareSignVerification, prepareSignVerificationSteps } from '../../../mpc/ecdsa/sign/prepared.ts';
import { createUserSignMessage } from '../../../mpc/ecdsa/sign/user.ts';
import {
  checkUserSignMessage,
  type SignVerificationOptions,
  verifyUserSignMessage,
  verifyUserSignMessageOneByOne,
} from '../../../mpc/ecdsa/sign/verify.ts';
import { dcomEvalCombinedCheck } from '../../../mpc/proofs/dcom-eval-combined.ts';
import type { MaurerProof } from '../../../mpc/proofs/maurer.ts';
import { dealerPresign, ecdsaFixture } from '../../../mpc/testing/ecdsa-fixture.ts';

/** 'valid', or the check the rejection names. */
function verdictOf(f: () => unknown): string {
  try {
    f();
    return 'valid';
  } catch (error) {
    if (error instanceof UserMessageRejection) return error.check;
    throw error;
  }
}

describe('sign message verification: combined, prepared and batched verdicts are the one-by-one verdicts', () => {
  const fixture = ecdsaFixture('secp256k1');
  const { key, curve, rng } = fixture;
  const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
  const digest = digestMessage(curve, HashSchemes.SHA256, new Uint8Array([7]));
  const contexts: SignContext[] = [0, 1, 2, 3].map((i) => ({
    key,
    dwallet: dkg.output,
    presign: dealerPresign(key, `verify ${i}`),
    digest,
  }));
  const messages = contexts.map((context) =>
    createUserSignMessage({ ...context, secretShare: dkg.secretShare, ledger: new InMemoryPresignLedger(), rng }),
  );
  const context = contexts[0] as SignContext;
  const message = messages[0] as UserSignMessage;
  const prepared = prepareSignVerification(key, context.presign);

  const { group, h } = key.encryptionKey.setup;
  const shiftCt = (ct: ClCiphertext): ClCiphertext => ({ c1: group.compose(ct.c1, h), c2: ct.c2 });
  const bump = (proof: MaurerProof, index: number): MaurerProof => ({
    ...proof,
    responses: proof.responses.map((z, i) => (i === index ? (index === 2 || index === 3 ? (z + 1n) % curve.order : z + 1n) : z)),
  });
  const shiftMask = (proof: MaurerProof, index: 0 | 1): MaurerProof => ({
    ...proof,
    mask: proof.mask.map((v, i) => (i === index ? group.compose(v as never, h) : v)),
  });
  const withProofs = (m: UserSignMessage, proofs: Partial<UserSignMessage['proofs']>): UserSignMessage => ({
    ...m,
    proofs: { ...m.proofs, ...proofs },
  });
  const { displacedMask, partialSignature } = message.proofs;
  // Each tampering of a DComEval proof, and the check the reference names.
  const evaluationCases: [string, UserSignMessage, string][] = [
    ['π_ct_αβ: z₁ + 1', withProofs(message, { displacedMask: bump(displacedMask, 0) }), 'proof:displaced-mask'],
    ['π_ct_αβ: z₂ + 1', withProofs(message, { displacedMask: bump(displacedMask, 1) }), 'proof:displaced-mask'],
    ['π_ct_αβ: z_η + 1', withProofs(message, { displacedMask: bump(displacedMask, 4) }), 'proof:displaced-mask'],
    ['π_ct_αβ: mask c2 · h', withProofs(message, { displacedMask: shiftMask(displacedMask, 1) }), 'proof:displaced-mask'],
    ['π_ct_αβ: Pedersen response + 1', withProofs(message, { displacedMask: bump(displacedMask, 3) }), 'proof:displaced-mask'],
    ['ct_αβ · (h, 1)', { ...message, encryptedDisplacedMask: shiftCt(message.encryptedDisplacedMask) }, 'proof:displaced-mask'],
    ['π_ct_A: z₁ + 1', withProofs(message, { partialSignature: bump(partialSignature, 0) }), 'proof:partial-signature'],
    ['π_ct_A: z₂ + 1', withProofs(message, { partialSignature: bump(partialSignature, 1) }), 'proof:partial-signature'],
    ['π_ct_A: z_η + 1', withProofs(message, { partialSignature: bump(partialSignature, 4) }), 'proof:partial-signature'],
    ['π_ct_A: mask c1 · h', withProofs(message, { partialSignature: shiftMask(partialSignature, 0) }), 'proof:partial-signature'],
    ['π_ct_A: Pedersen response + 1', withProofs(message, { partialSignature: bump(partialSignature, 2) }), 'proof:partial-signature'],
    ['ct_A · (h, 1)', { ...message, encryptedPartialSignature: shiftCt(message.encryptedPartialSignature) }, 'proof:partial-signature'],
    [
      'both DComEval proofs (the first in the fixed order is named)',
      withProofs(message, { displacedMask: bump(displacedMask, 0), partialSignature: bump(partialSignature, 0) }),
      'proof:displaced-mask',
    ],
  ];
  const cheapCases: [string, UserSignMessage, string][] = [
    ['π_k', withProofs(message, { nonceNonZero: bump(message.proofs.nonceNonZero, 0) }), 'proof:nonce-non-zero'],
    ['π_R_B', withProofs(message, { displacement: bump(message.proofs.displacement, 0) }), 'proof:displacement'],
    ['R', { ...message, nonce: message.nonce.add(curve.generator) }, 'proof:nonce'],
  ];

  test('the untouched message: the combined check passes, every verifier accepts', () => {
    const checked = checkUserSignMessage(context, message);
    assert.equal(dcomEvalCombinedCheck([checked.displacedMask, checked.partialSignature], { rng }), true);
    assert.equal(
      verdictOf(() => verifyUserSignMessageOneByOne(context, message)),
      'valid',
    );
    assert.equal(
      verdictOf(() => verifyUserSignMessage(context, message, { rng })),
      'valid',
    );
    assert.equal(
      verdictOf(() => verifyUserSignMessage(context, message, { rng, prepared })),
      'valid',
    );
  });

  for (const [name, altered, check] of evaluationCases) {
    test(`tampered ${name}: the combined check fails, and every verifier names ${check}`, () => {
      const checked = checkUserSignMessage(context, altered);
      assert.equal(dcomEvalCombinedCheck([checked.displacedMask, checked.partialSignature], { rng }), false);
      assert.equal(
        dcomEvalCombinedCheck([checked.displacedMask, checked.partialSignature], {
          rng,
          prepared: (f) => prepared.bases.find((b) => b.base === f),
        }),
        false,
      );
      assert.equal(
        verdictOf(() => verifyUserSignMessageOneByOne(context, altered)),
        check,
      );
      assert.equal(
        verdictOf(() => verifyUserSignMessage(context, altered, { rng })),
        check,
      );
      assert.equal(
        verdictOf(() => verifyUserSignMessage(context, altered, { rng, prepared })),
        check,
      );
    });
  }

  for (const [name, altered, check] of cheapCases) {
    test(`tampered ${name}: rejected before the DComEval proofs, by the same check everywhere (${check})`, () => {
      assert.equal(
        verdictOf(() => verifyUserSignMessageOneByOne(context, altered)),
        check,
      );
      assert.equal(
        verdictOf(() => verifyUserSignMessage(context, altered, { rng, prepared })),
        check,
      );
    });
  }

  test('prepared for another presign: ignored, the same verdicts', () => {
    const other = prepareSignVerification(key, (contexts[1] as SignContext).presign);
    const options: SignVerificationOptions = { rng, prepared: other };
    assert.equal(
      verdictOf(() => verifyUserSignMessage(context, message, options)),
      'valid',
    );
    const [, altered, check] = evaluationCases[6] as [string, UserSignMessage, string];
    assert.equal(
      verdictOf(() => verifyUserSignMessage(context, altered, options)),
      check,
    );
  });

  test('prepared in steps (an idle loop): the same bases, the same verdicts', () => {
    const steps = prepareSignVerificationSteps(key, context.presign);
    let count = 0;
    let step = steps.next();
    while (step.done !== true) {
      count += 1;
      step = steps.next();
    }
    assert.ok(count >= prepared.bases.length * 7, 'one step per chunk of each base at least');
    assert.equal(step.value.formCount, prepared.formCount);
    assert.equal(
      verdictOf(() => verifyUserSignMessage(context, message, { rng, prepared: step.value })),
      'valid',
    );
    const [, altered, check] = evaluationCases[0] as [string, UserSignMessage, string];
    assert.equal(
      verdictOf(() => verifyUserSignMessage(context, altered, { rng, prepared: step.value })),
      check,
    );
  });

  test('prepared bases: 10 bases of a universal presign, memory stated', () => {
    assert.equal(prepared.bases.length, 10);
    assert.equal(
      prepared.formCount,
      prepared.bases.reduce((n, b) => n + b.formCount, 0),
    );
    assert.ok(prepared.approximateBytes > prepared.formCount * 300, 'each form holds three integers of ~930 bits');
  });

  const batchCases: [string, (i: number) => UserSignMessage][] = [
    ['all valid', (i) => messages[i] as UserSignMessage],
    [
      'one bad (the third, in π_ct_A)',
      (i) =>
        i === 2
          ? withProofs(messages[2] as UserSignMessage, {
              partialSignature: bump((messages[2] as UserSignMessage).proofs.partialSignature, 0),
            })
          : (messages[i] as UserSignMessage),
    ],
    [
      'two bad (the first in π_ct_αβ, the last in ct_A) and one refused by a cheap check',
      (i) => {
        const m = messages[i] as UserSignMessage;
        if (i === 0) return withProofs(m, { displacedMask: bump(m.proofs.displacedMask, 4) });
        if (i === 3) return { ...m, encryptedPartialSignature: shiftCt(m.encryptedPartialSignature) };
        if (i === 1) return withProofs(m, { displacement: bump(m.proofs.displacement, 0) });
        return m;
      },
    ],
  ];
  for (const [name, messageAt] of batchCases) {
    test(`batch of 4, ${name}: the per-message verdicts exactly`, () => {
      const items = contexts.map((c, i) => ({
        context: c,
        message: messageAt(i),
        ...(i % 2 === 0 ? { prepared: prepareSignVerification(key, c.presign) } : {}),
      }));
      const expected = items.map(({ context: c, message: m }) => verdictOf(() => verifyUserSignMessageOneByOne(c, m)));
      const verdicts = verifyUserSignMessages(items, { rng });
      assert.deepEqual(
        verdicts.map((v) => (v.valid ? 'valid' : v.rejection.check)),
        expected,
      );
      verdicts.forEach((v, i) => {
        if (v.valid) assert.ok(v.request.nonce.equals(items[i]?.message.nonce as never));
      });
      if (name === 'all valid') assert.deepEqual(expected, ['valid', 'valid', 'valid', 'valid']);
      else
        assert.ok(
          expected.some((e) => e !== 'valid'),
          'the case has a bad message',
        );
    });
  }

  test('an empty batch has no verdicts', () => {
    assert.deepEqual(verifyUserSignMessages([]), []);
  });
});

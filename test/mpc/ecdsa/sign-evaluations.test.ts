/**
 * The user's DComEval statements and masks evaluated together (mpc/ecdsa/sign/evaluations.ts) are
 * the languages' own φ, form for form and point for point.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateDComEvalsTogether } from '../../../mpc/ecdsa/sign/evaluations.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { sampleMask, statementsEqual } from '../../../mpc/proofs/factors.ts';
import { dcomEvalCombinationLanguage } from '../../../mpc/proofs/languages/dcom-eval.ts';
import { dealerPresign, ecdsaFixture } from '../../../mpc/testing/ecdsa-fixture.ts';
import { coldKeyCopy } from '../../support/cold-key.ts';

const { key, curve, rng } = ecdsaFixture('secp256k1');

describe("the user's DComEval evaluations, together", () => {
  test('equal language.map for witnesses and masks of both proofs', () => {
    const presign = dealerPresign(key, 'evaluations');
    if (presign.kind !== 'universal') throw new Error('a universal presign');
    const mu = () => randomBelow(rng, curve.order);
    const [k0, k1] = presign.encryptedMaskedNonceParts;
    const [x0, x1] = presign.encryptedMaskedKeyParts;
    const languages = [
      dcomEvalCombinationLanguage(curve, key.encryptionKey, presign.encryptedMask, {
        ciphertexts: [k0, k1, presign.encryptedMask],
        coefficients: [mu(), mu(), mu()],
      }),
      dcomEvalCombinationLanguage(curve, key.encryptionKey, presign.encryptedMask, {
        ciphertexts: [x0, x1, presign.encryptedMask],
        coefficients: [mu(), mu(), mu()],
      }),
    ];
    // Witnesses with the shapes of the sign message's (sampleMask's draws are in range for both).
    const inputs = languages.map((language) => ({ language, witness: sampleMask(language, 1, rng), mask: sampleMask(language, 1, rng) }));
    const together = evaluateDComEvalsTogether(curve, inputs);
    inputs.forEach(({ language, witness, mask }, i) => {
      assert.ok(statementsEqual(language, together[i]?.statement ?? [], language.map(witness)));
      assert.ok(statementsEqual(language, together[i]?.mask ?? [], language.map(mask)));
    });
  });

  test('refuse languages under different public keys, and no language at all', () => {
    const presign = dealerPresign(key, 'evaluations, two keys');
    const combination = { ciphertexts: [presign.encryptedMask], coefficients: [1n] };
    const own = dcomEvalCombinationLanguage(curve, key.encryptionKey, presign.encryptedMask, combination);
    const other = dcomEvalCombinationLanguage(curve, coldKeyCopy(key).encryptionKey, presign.encryptedMask, combination);
    const input = (language: typeof own) => ({ language, witness: [1n, 2n, 3n, 4n, 5n], mask: [6n, 7n, 8n, 9n, 10n] });
    assert.throws(() => evaluateDComEvalsTogether(curve, [input(own), input(other)]), /one public key/);
    assert.throws(() => evaluateDComEvalsTogether(curve, []), /at least one/);
  });
});

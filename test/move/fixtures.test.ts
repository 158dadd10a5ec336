/**
 * `move/tests/test_fixtures.move` holds BLS keys, proofs of possession and certificates the Move
 * unit tests verify with `sui::bls12381`. This checks they are exactly what the TypeScript
 * certificate code produces (same intent, batch schema, session-id derivation and DST), so the
 * Move tests and the local chain test the same bytes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromHex } from '@mysten/sui/utils';
import { proofOfPossessionMessage, resultBatchSigningMessage, verifyAggregate } from '../../chain/certificate.ts';
import { decodeResultBatch } from '../../chain/schemas/result-batch.ts';
import {
  FIXTURE_COORDINATOR_ID,
  FIXTURE_EPOCH,
  FIXTURE_VALIDATOR_ADDRESSES,
  moveFixtures,
  renderFixtureModule,
} from './support/fixtures.ts';
import { readModuleFile } from './support/move-syntax.ts';

const path = new URL('../../move/tests/test_fixtures.move', import.meta.url);

describe('Move test fixtures', () => {
  it('the fixture module is exactly what the TypeScript code renders', () => {
    const expected = renderFixtureModule();
    const actual = readFileSync(path, 'utf8');
    assert.equal(actual, expected, 'regenerate move/tests/test_fixtures.move from renderFixtureModule()');
  });

  it('its constants are valid keys, proofs and certificates', async () => {
    const module = await readModuleFile(path.pathname, 'tests/test_fixtures.move');
    const constant = (name: string) => {
      const found = module.constants.find((c) => c.name === name);
      assert.ok(found, `constant ${name}`);
      return fromHex(found.value.replace(/^x"|"$/g, ''));
    };
    const keys = FIXTURE_VALIDATOR_ADDRESSES.map((_, i) => constant(`PUBLIC_KEY_${i}`));
    FIXTURE_VALIDATOR_ADDRESSES.forEach((address, i) => {
      assert.ok(
        verifyAggregate(
          [keys[i] as Uint8Array],
          constant(`PROOF_OF_POSSESSION_${i}`),
          proofOfPossessionMessage(keys[i] as Uint8Array, address),
        ),
      );
    });
    assert.deepEqual(constant('COORDINATOR_ID'), fromHex(FIXTURE_COORDINATOR_ID));
    const batch = constant('DKG_BATCH');
    const message = resultBatchSigningMessage(FIXTURE_COORDINATOR_ID, batch, FIXTURE_EPOCH);
    assert.ok(verifyAggregate(keys.slice(0, 3), constant('DKG_BATCH_SIGNATURE_012'), message));
    assert.ok(verifyAggregate(keys.slice(0, 2), constant('DKG_BATCH_SIGNATURE_01'), message));
    assert.ok(
      !verifyAggregate(keys.slice(1, 4), constant('DKG_BATCH_SIGNATURE_012'), message),
      'the wrong-bitmap test really has the wrong signers',
    );
    assert.ok(
      !verifyAggregate(keys.slice(0, 3), constant('DKG_BATCH_NEXT_SIGNATURE_012'), message),
      'the forged-signature test really signs other bytes',
    );
    const decoded = decodeResultBatch(batch);
    assert.equal(decoded.sequence, 0n);
    assert.equal(decodeResultBatch(constant('DKG_BATCH_NEXT')).sequence, 1n);
    assert.deepEqual((decoded.results[0] as { DWalletDkg: { session_id: Uint8Array } }).DWalletDkg.session_id, constant('SESSION_ID'));
    assert.equal(Object.keys(moveFixtures()).length, module.constants.length);
  });
});

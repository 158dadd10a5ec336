/**
 * The user's fixed-base tables grown ahead of the first sign (mpc/ecdsa/sign/user-tables.ts): the
 * steps build exactly the rows the sign message then uses, the message made with them verifies,
 * and the rows belong to the key object they were grown for.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupOperationCounts } from '../../../mpc/classgroups/group.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../../../mpc/ecdsa/hash-schemes.ts';
import type { NetworkKeyParts } from '../../../mpc/ecdsa/network-key/key-parts.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import { createUserSignMessage } from '../../../mpc/ecdsa/sign/user.ts';
import { userSignTableBits, userSignTableSteps, userSignTables, userSignTablesReady } from '../../../mpc/ecdsa/sign/user-tables.ts';
import { verifyUserSignMessage } from '../../../mpc/ecdsa/sign/verify.ts';
import { dealerPresign, ecdsaFixture } from '../../../mpc/testing/ecdsa-fixture.ts';
import { coldKeyCopy } from '../../support/cold-key.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, curve, rng } = fixture;

const rows = (k: NetworkKeyParts) => userSignTables(k).map((t) => t.rowCount);

describe("the user's sign tables", () => {
  test('the steps build the rows the sign message uses, and the message made with them verifies', () => {
    const cold = coldKeyCopy(key);
    assert.equal(userSignTablesReady(cold), false);
    assert.deepEqual(rows(cold), [0, 0]);
    const steps = userSignTableSteps(cold);
    let step = steps.next();
    let count = 0;
    while (step.done !== true) {
      count += 1;
      step = steps.next();
    }
    const width = cold.encryptionKey.table.width;
    const perTable = Math.ceil((userSignTableBits(cold) + 1) / width);
    assert.equal(step.value, 2 * perTable);
    assert.equal(count, 2 * perTable);
    assert.ok(userSignTablesReady(cold));
    assert.equal(userSignTableSteps(cold).next().done, true, 'nothing left to build');

    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const context = {
      key: cold,
      dwallet: dkg.output,
      presign: dealerPresign(key, 'sign tables'),
      digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([7])),
    };
    const before = rows(cold);
    const message = createUserSignMessage({ ...context, secretShare: dkg.secretShare, ledger: new InMemoryPresignLedger(), rng });
    assert.deepEqual(rows(cold), before, 'the sign message built no row of its own');
    // Verified under the fixture's key object: the same key, whatever tables computed it.
    verifyUserSignMessage({ ...context, key }, message);
  });

  test('rows belong to the key object they were grown for; a cold key builds its own on demand', () => {
    const warmed = coldKeyCopy(key);
    const other = coldKeyCopy(key);
    const steps = userSignTableSteps(warmed);
    while (steps.next().done !== true);
    assert.ok(userSignTablesReady(warmed));
    assert.deepEqual(rows(other), [0, 0]);
    assert.equal(userSignTablesReady(other), false);

    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const context = {
      dwallet: dkg.output,
      digest: digestMessage(curve, HashSchemes.SHA256, new Uint8Array([8])),
    };
    const sign = (k: NetworkKeyParts, label: string) => {
      const presign = dealerPresign(key, label);
      const ops = { ...groupOperationCounts };
      const message = createUserSignMessage({
        ...context,
        key: k,
        presign,
        secretShare: dkg.secretShare,
        ledger: new InMemoryPresignLedger(),
        rng,
      });
      const compositions = groupOperationCounts.compositions - ops.compositions;
      verifyUserSignMessage({ ...context, key, presign }, message);
      return compositions;
    };
    const warm = sign(warmed, 'warm');
    const cold = sign(other, 'cold');
    assert.ok(userSignTablesReady(other), 'the cold key grew its tables while signing');
    // The cold sign also built both tables' rows: ≥ 31 compositions per row.
    const builtRows = rows(other).reduce((n, r) => n + r, 0);
    assert.ok(cold - warm > 25 * builtRows, `cold ${cold}, warm ${warm} compositions, ${builtRows} rows`);
  });
});

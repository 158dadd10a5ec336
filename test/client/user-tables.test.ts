/**
 * The SDK grows the user's sign tables in idle time (client/network-keys.ts): the event loop keeps
 * turning while they grow, and the key is ready for a sign message without building a row then.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepareUserTablesInIdleTime } from '../../client/network-keys.ts';
import { userSignTablesReady } from '../../mpc/ecdsa/index.ts';
import { ecdsaFixture } from '../../mpc/testing/ecdsa-fixture.ts';
import { coldKeyCopy } from '../support/cold-key.ts';

describe("the SDK's user sign tables", () => {
  test('grow in idle time, one row per turn: timers of the client run meanwhile', async () => {
    const key = coldKeyCopy(ecdsaFixture('secp256k1').key);
    assert.equal(userSignTablesReady(key), false);
    prepareUserTablesInIdleTime([key]);
    assert.equal(userSignTablesReady(key), false, 'nothing is built before the caller returns to the event loop');
    let turns = 0;
    const deadline = Date.now() + 60_000;
    while (!userSignTablesReady(key) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      turns += 1;
    }
    assert.equal(userSignTablesReady(key), true);
    assert.ok(turns > 10, `the client's own timers ran ${turns} times while the tables grew`);
    const rows = key.encryptionKey.table.rowCount;
    prepareUserTablesInIdleTime([key]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(key.encryptionKey.table.rowCount, rows, 'a ready key is left alone');
  });
});

/**
 * A package upgrade, as Sui does it: a new package id that calls may name, while the types (so the
 * events, their filters and abort locations) keep the original id. Clients configured with both
 * ids call the latest and follow events by the original; a follower started before the upgrade
 * sees the events of calls to the new version; earlier versions stay callable; the upgrade
 * survives a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { callPackageId } from '../../../chain/chain.ts';
import { Curve, SignatureAlgorithm } from '../../../chain/constants.ts';
import { CoordinatorClient } from '../../../chain/coordinator-client.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { EventFollower, MemoryCursorStore } from '../../../chain/event-follower.ts';
import { openInProcessChain } from '../../../chain/local/in-process.ts';
import { decodeEvent } from '../../../chain/schemas/events.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { signAndExecute } from '../../../chain/transaction-signer.ts';
import { assertRejects } from '../support/assertions.ts';
import { LocalHarness } from '../support/local-harness.ts';

describe('local chain: package upgrade', () => {
  let h: LocalHarness;
  before(async () => {
    h = await LocalHarness.create();
  });
  after(() => h.close());

  const dkgTx = (client: CoordinatorClient, owner: string) => {
    const tx = new Transaction();
    const cap = client.requestDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage: new Uint8Array([1, 2, 3]),
      payment: client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], owner);
    return tx;
  };

  it('calls go to the latest version, events and types keep the original id, and a follower keeps following', async () => {
    const original = await h.chain.deployment();
    assert.equal(original.latestPackageId, undefined);
    const store = new MemoryCursorStore();
    const follower = new EventFollower({ chain: h.chain, store, name: 'before-upgrade', pageSize: 50 });
    const seen: string[] = [];
    await follower.catchUp((event) => {
      seen.push(event.type);
    });

    const upgraded = await h.local.upgradePackage();
    assert.equal(upgraded.packageId, original.packageId);
    assert.ok(upgraded.latestPackageId !== undefined && upgraded.latestPackageId !== original.packageId);
    const { chain } = await openInProcessChain(h.local);
    assert.deepEqual(await chain.deployment(), upgraded);

    const user = await h.user();
    const client = new CoordinatorClient(upgraded);
    const tx = dkgTx(client, user.toSuiAddress());
    const call = tx.getData().commands.find((c) => c.MoveCall)?.MoveCall;
    assert.equal(call?.package, callPackageId(upgraded));
    const result = h.ok(await signAndExecute(chain, tx, user), 'request through the new version');
    const [event] = result.events;
    assert.ok(event !== undefined);
    assert.equal(event.type, `${original.packageId}::events::DWalletDkgRequested`, 'the type keeps the original id');
    assert.equal(event.packageId, upgraded.latestPackageId, 'the event names the version the transaction called');
    assert.equal(decodeEvent(original.packageId, event.type, event.bcs).name, 'DWalletDkgRequested');

    // The follower started before the upgrade filters by the original id: it sees the new event.
    const before = seen.length;
    await follower.catchUp((e) => {
      seen.push(e.type);
    });
    assert.deepEqual(seen.slice(before), [event.type]);

    // The original version stays callable (the package has no version gate), and an abort through
    // the new version is named as the package's.
    h.ok(await signAndExecute(chain, dkgTx(new CoordinatorClient(original), user.toSuiAddress()), user), 'request through the original');
    const failing = new Transaction();
    client.call(failing, 'session_status', { session_id: new Uint8Array(32) });
    const aborted = await signAndExecute(chain, failing, user);
    assert.ok(!aborted.status.success && aborted.status.error.kind === 'MoveAbort');
    assert.equal(aborted.status.error.kind === 'MoveAbort' ? aborted.status.error.abortName : null, 'ESessionNotFound');
  });

  it('a package id that is no version of the package is refused; the upgrade survives a restart', async () => {
    const user = await h.user();
    const unknown = new CoordinatorClient({ ...(await h.chain.deployment()), latestPackageId: `0x${'ab'.repeat(32)}` });
    await assertRejects(signAndExecute(h.chain, dkgTx(unknown, user.toSuiAddress()), user), ChainErrorCodes.TX_UNSUPPORTED);
    const before = await h.local.deployment();
    await h.restart();
    assert.deepEqual(await h.local.deployment(), before);
    assert.deepEqual(await h.chain.deployment(), before);
  });
});

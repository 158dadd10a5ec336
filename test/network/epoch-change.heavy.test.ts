/**
 * The committee changes while the network runs (devnet/ `reconfigure`, issue 15): a 4-validator
 * devnet (threshold 3) creates a dWallet and signs; then one validator is added and validator 1
 * removed (epoch 1 → 2, committee 0, 2, 3, 4, threshold 3) while sign requests keep arriving —
 * one before the request to reconfigure, two right after it is on chain. Every one of them
 * completes with a signature that verifies (@noble/curves), the dWallet created before the change
 * signs again under the new committee, the removed validator's process is gone and its port silent,
 * the new committee's members answer as parties 1 to 4, and the data folder, resumed, starts
 * exactly that committee.
 *
 * It needs the validators' side of the epoch change (a validator of the pending committee starts
 * in its joining mode; validators whose place changed exit 75 at the change): without it the
 * joining validator refuses to start (VALIDATOR_NOT_IN_COMMITTEE) and `reconfigure` fails at once
 * with DEVNET_PROCESS_FAILED naming it. Every wait here is bounded, so it fails rather than hangs.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readCoordinator } from '../../chain/object-reader.ts';
import { type Devnet, type ReconfigurationOutcome, startDevnet } from '../../devnet/devnet.ts';
import type { DevnetManifest } from '../../devnet/layout.ts';
import { assertValidSignature, healthOf } from '../../devnet/load/checks.ts';
import { DevnetUser, type PreparedSign, type UserDWallet } from '../../devnet/load/user.ts';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('epoch-change');
const options = {
  dataDir,
  logLevel: 'warn' as const,
  validatorConfig: () => ({ pollIntervalMs: 100, retryMaxMs: 1000 }),
};
let devnet: Devnet | undefined;
let user: DevnetUser;
let dwallet: UserDWallet;
/** Set once the change went through (the resume test has nothing to resume otherwise). */
let changed = false;

before(async () => {
  devnet = await startDevnet(options);
  user = await DevnetUser.create(devnet.localChain(), devnet.networkKeyId);
});

after(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `count` presigns requested, completed and claimed (for signs prepared before they are sent). */
async function presigns(count: number) {
  const ids = await user.requestPresigns(count);
  for (const id of ids) await user.watch.waitFor(id, ['PresignCompleted'], 5 * 60_000);
  const claimed = [];
  for (let i = 0; i < count; i++) claimed.push(await user.claimPresign());
  return claimed;
}

async function signed(prepared: PreparedSign): Promise<void> {
  const { signature } = await user.signature(prepared.sessionId, 5 * 60_000);
  assertValidSignature(signature, prepared.dwallet, prepared.message);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('epoch change: 4 validators → add one, remove validator 1, while signing', { concurrency: false }, () => {
  test('before the change: a dWallet is created and signs', { timeout: 10 * 60_000 }, async () => {
    dwallet = await user.createDWallet();
    const [claimed] = await presigns(1);
    const prepared = user.prepareSign(dwallet, claimed as NonNullable<typeof claimed>, new TextEncoder().encode('epoch 1'));
    await user.submitSign(prepared);
    await signed(prepared);
  });

  test('the change: sign requests sent while it runs all complete; the new committee serves', { timeout: 15 * 60_000 }, async () => {
    assert.ok(devnet !== undefined && dwallet !== undefined, 'the devnet runs and has a dWallet');
    const running = devnet;
    const removed = running.validators[1];
    const removedPid = removed?.pid as number;
    const removedUrl = running.endpoints().validators[1] as string;
    const prepared = (await presigns(3)).map((claimed, i) =>
      user.prepareSign(dwallet, claimed, new TextEncoder().encode(`sent during the epoch change, #${i}`)),
    );
    const [first, ...rest] = prepared as [PreparedSign, PreparedSign, PreparedSign];
    await user.submitSign(first);

    const lines: string[] = [];
    // One after the other: they share the user's gas coin and the dWallet's cap.
    let sentDuringChange: Promise<unknown> | undefined;
    const outcome: ReconfigurationOutcome = await running.reconfigure(
      { add: 1, remove: [1] },
      (line) => {
        lines.push(line);
        // The request to reconfigure is on chain: send the other two now, pending at the change.
        if (line.startsWith('reconfiguration requested')) {
          sentDuringChange = rest.reduce<Promise<unknown>>((previous, p) => previous.then(() => user.submitSign(p)), Promise.resolve());
          sentDuringChange.catch(() => {}); // awaited below, once the change is through
        }
      },
      { timeoutMs: 8 * 60_000 },
    );
    assert.ok(sentDuringChange !== undefined, `the request was reported: ${lines.join('\n')}`);
    await sentDuringChange;

    assert.equal(outcome.epoch, 2);
    assert.equal(outcome.threshold, 3);
    assert.deepEqual(outcome.added, [4]);
    assert.deepEqual(outcome.removed, [1]);
    assert.deepEqual(
      outcome.committee.map((m) => [m.index, m.committeeIndex, m.weight]),
      [
        [0, 0, 1],
        [2, 1, 1],
        [3, 2, 1],
        [4, 3, 1],
      ],
    );
    const coordinator = await readCoordinator(running.chain());
    assert.equal(coordinator.epoch, 2n);
    assert.equal(coordinator.pending_committee, null);
    assert.deepEqual(
      coordinator.committee.members.map((m) => m.sui_address),
      outcome.committee.map((m) => m.address),
      "the chain's committee is the one reported, in order",
    );

    // Every sign request sent around the change completes, with a signature that verifies.
    for (const p of prepared) await signed(p);

    // The dWallet created at epoch 1 signs again under the new committee.
    const [claimed] = await presigns(1);
    const after = user.prepareSign(dwallet, claimed as NonNullable<typeof claimed>, new TextEncoder().encode('epoch 2'));
    await user.submitSign(after);
    await signed(after);

    // The removed validator's process is gone and its port silent; the members answer as parties 1 to 4.
    assert.equal(removed?.running, false);
    assert.equal(alive(removedPid), false, `validator 1 (PID ${removedPid}) still runs`);
    await assert.rejects(fetch(`${removedUrl}/health`), 'the removed validator still answers');
    const parties = await Promise.all(running.endpoints().validators.map(async (url) => (await healthOf(url)).party));
    assert.deepEqual(parties, [1, 2, 3, 4]);
    const manifest = JSON.parse(readFileSync(join(dataDir, 'devnet.json'), 'utf8')) as DevnetManifest;
    assert.deepEqual(
      manifest.validators.map((v) => [v.index, v.status, v.committeeIndex]),
      [
        [0, 'member', 0],
        [1, 'removed', null],
        [2, 'member', 1],
        [3, 'member', 2],
        [4, 'member', 3],
      ],
    );
    assert.equal(manifest.epoch, 2);
    changed = true;
  });

  test('the folder resumed: exactly the current committee starts, and signs', { timeout: 10 * 60_000 }, async () => {
    assert.ok(changed, 'the committee changed in the test before (else there is nothing to resume)');
    assert.ok(devnet !== undefined);
    await devnet.stop();
    devnet = undefined;
    devnet = await startDevnet(options);
    assert.equal(devnet.validators[1]?.running, false, 'the removed validator is not started');
    assert.deepEqual(
      devnet.validators.map((p) => p.running),
      [true, false, true, true, true],
    );
    const parties = await Promise.all(devnet.endpoints().validators.map(async (url) => (await healthOf(url)).party));
    assert.deepEqual(parties, [1, 2, 3, 4]);
    const [claimed] = await presigns(1);
    const prepared = user.prepareSign(dwallet, claimed as NonNullable<typeof claimed>, new TextEncoder().encode('epoch 2, resumed'));
    await user.submitSign(prepared);
    await signed(prepared);
  });
});

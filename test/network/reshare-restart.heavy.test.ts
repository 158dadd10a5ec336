/**
 * A validator killed in the middle of an epoch change's resharing resumes it (issue 15): a
 * 4-validator devnet adds a fifth (threshold 4 of 5); a moment after the reconfiguration request is
 * on chain, validator 2 is killed (SIGKILL) and started again. The change completes, and validator
 * 2 holds a share of the key for the new epoch — which it can only have by resuming the resharing
 * it had stored, or by taking it up again before the change is installed. Then validator 0 is
 * stopped, so that the four others (2 among them, 4 of 4 needed) must sign together, and the
 * signature of a dWallet created before the change verifies with @noble/curves.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readCoordinator } from '../../chain/object-reader.ts';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { assertValidSignature } from '../../devnet/load/checks.ts';
import { DevnetUser } from '../../devnet/load/user.ts';
import { networkKeySetup } from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { KeyShareStore } from '../../validator/key-shares.ts';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('reshare-restart');
let devnet: Devnet | undefined;

after(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a validator killed during the resharing of an epoch change', () => {
  test('resumes it: it holds its new share, and signs in a committee that needs it', { timeout: 20 * 60_000 }, async () => {
    devnet = await startDevnet({
      dataDir,
      logLevel: 'warn',
      validatorConfig: () => ({ pollIntervalMs: 100, retryMaxMs: 1000, presignPoolTarget: 0 }),
    });
    const running = devnet;
    const user = await DevnetUser.create(running.localChain(), running.networkKeyId);
    const dwallet = await user.createDWallet();

    const lines: string[] = [];
    let restart: Promise<void> | undefined;
    let killedWhilePending = false;
    const outcome = await running.reconfigure(
      { add: 1 },
      (line) => {
        lines.push(line);
        if (line.startsWith('reconfiguration requested')) {
          restart = (async () => {
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            await running.validators[2]?.kill();
            killedWhilePending = (await readCoordinator(running.chain())).pending_committee !== null;
            await running.startValidator(2);
          })();
        }
      },
      { timeoutMs: 10 * 60_000 },
    );
    assert.ok(restart !== undefined, `the request was reported: ${lines.join('\n')}`);
    await restart;
    assert.ok(killedWhilePending, 'validator 2 was killed while the change was still pending on chain');
    assert.equal(outcome.epoch, 2);
    assert.equal(outcome.threshold, 4);
    assert.equal(outcome.committee.length, 5);

    const killed = running.manifest.validators[2];
    assert.ok(killed !== undefined);
    const version = new KeyShareStore(join(killed.dir, 'network-keys'), networkKeySetup).at(running.networkKeyId, 2n);
    assert.equal(version?.epoch, 2n, 'validator 2 stored the shares of epoch 2');
    assert.ok(version?.curves[0]?.keyShare != null, 'validator 2 holds a share of the key for epoch 2');

    await running.validators[0]?.stop();
    const [presignId] = await user.requestPresigns(1);
    await user.watch.waitFor(presignId as string, ['PresignCompleted'], 5 * 60_000);
    const presign = await user.claimPresign();
    const message = new TextEncoder().encode('signed by validators 1 to 4 at epoch 2');
    const prepared = user.prepareSign(dwallet, presign, message);
    await user.submitSign(prepared);
    const { signature } = await user.signature(prepared.sessionId, 5 * 60_000);
    assertValidSignature(signature, dwallet, message);
  });
});

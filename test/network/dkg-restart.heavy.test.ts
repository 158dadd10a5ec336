/**
 * A validator killed in the middle of the network key's DKG resumes it (issue 15): the devnet
 * requests the DKG, validator 1 is killed (SIGKILL) a moment later and started again, and the key
 * still forms with every validator holding its share — validator 1's included, which it can only
 * have by resuming the session it had stored (its dealing and the others' are in its store; its
 * share-decryption key is in its key file). Then validator 0 is stopped, so that the three others
 * (1 among them) must sign together, and a signature verifies with @noble/curves.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { assertValidSignature } from '../../devnet/load/checks.ts';
import { DevnetUser } from '../../devnet/load/user.ts';
import { networkKeySetup } from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { KeyShareStore } from '../../validator/key-shares.ts';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('dkg-restart');
let devnet: Devnet | undefined;

after(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a validator killed during the network key DKG', () => {
  test('resumes it: every validator ends with its share, and the one killed signs with two others', async () => {
    let restart: Promise<void> | undefined;
    devnet = await startDevnet({
      dataDir,
      logLevel: 'warn',
      validatorConfig: () => ({ pollIntervalMs: 100, presignPoolTarget: 0 }),
      onNetworkKeyRequested: (running) => {
        restart = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await running.validators[1]?.kill();
          await running.startValidator(1);
        })();
      },
    });
    assert.ok(restart !== undefined, 'the DKG was requested');
    await restart;
    for (const validator of devnet.manifest.validators) {
      const store = new KeyShareStore(join(validator.dir, 'network-keys'), networkKeySetup);
      const version = store.load(devnet.networkKeyId).at(-1);
      assert.ok(version?.curves[0]?.keyShare != null, `validator ${validator.index} holds a share of the key`);
    }
    await devnet.validators[0]?.stop();
    const user = await DevnetUser.create(devnet.localChain(), devnet.networkKeyId);
    const dwallet = await user.createDWallet();
    const [presignId] = await user.requestPresigns(1);
    await user.watch.waitFor(presignId as string, ['PresignCompleted'], 5 * 60_000);
    const presign = await user.claimPresign();
    const message = new TextEncoder().encode('signed by validators 1, 2 and 3');
    const prepared = user.prepareSign(dwallet, presign, message);
    await user.submitSign(prepared);
    const { signature } = await user.signature(prepared.sessionId, 5 * 60_000);
    assertValidSignature(signature, dwallet, message);
  });
});

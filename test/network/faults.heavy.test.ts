/**
 * Faults of the multi-process network (devnet/, 4 validators, threshold 3): a validator killed
 * in the middle of a session (the session completes without it; restarted, it catches up from the
 * chain and its own store and takes part again); a validator that sends bad decryption shares
 * (blamed by the others, and the signature still arrives); the relayer killed while results are
 * on their way (nothing lost, nothing submitted twice); the whole network stopped and started
 * again from its data folder.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type Devnet, type DevnetOptions, startDevnet } from '../../devnet/devnet.ts';
import { tempDir } from '../validator/support.ts';
import { assertValidSignature, healthOf, metricsOf, metricValue } from './support/checks.ts';
import { DevnetUser, type UserDWallet } from './support/user.ts';

async function withDevnet(
  label: string,
  options: Partial<DevnetOptions>,
  body: (devnet: Devnet, user: DevnetUser) => Promise<void>,
): Promise<void> {
  const dataDir = tempDir(label);
  let devnet: Devnet | undefined;
  try {
    devnet = await startDevnet({ dataDir, logLevel: 'warn', ...options });
    const user = await DevnetUser.create(devnet.chain(), devnet.networkKeyId);
    await body(devnet, user);
  } finally {
    await devnet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function presign(user: DevnetUser) {
  const [id] = await user.requestPresigns(1);
  await user.watch.waitFor(id as string, ['PresignCompleted']);
  return user.claimPresign();
}

async function sign(user: DevnetUser, dwallet: UserDWallet, text: string): Promise<void> {
  const message = new TextEncoder().encode(text);
  const prepared = user.prepareSign(dwallet, await presign(user), message);
  await user.submitSign(prepared);
  assertValidSignature((await user.signature(prepared.sessionId)).signature, dwallet, message);
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const fast = { pollIntervalMs: 100, retryMaxMs: 1000 };

describe('network faults', { concurrency: false }, () => {
  test('a validator killed mid-session: the session completes; restarted, the validator catches up and signs again', async () => {
    await withDevnet('kill', { validatorConfig: () => fast }, async (devnet, user) => {
      const dwallet = await user.createDWallet();
      const victim = devnet.validators[3];
      const victimUrl = devnet.endpoints().validators[3] as string;
      assert.ok(victim);
      const [presignId] = await user.requestPresigns(1);
      await waitFor(
        'validator 4 running the presign',
        async () => metricValue(await metricsOf(victimUrl), 'dwallet_validator_sessions_in_flight', { kind: 'presign' }) >= 1,
      );
      await victim.kill();
      await user.watch.waitFor(presignId as string, ['PresignCompleted']);
      const claimed = await user.claimPresign();
      const message = new TextEncoder().encode('signed while validator 4 is down');
      const prepared = user.prepareSign(dwallet, claimed, message);
      await user.submitSign(prepared);
      assertValidSignature((await user.signature(prepared.sessionId)).signature, dwallet, message);

      await devnet.startValidator(3);
      const reference = devnet.endpoints().validators[0] as string;
      await waitFor(
        'validator 4 caught up',
        async () => (await healthOf(victimUrl)).nextSequence === (await healthOf(reference)).nextSequence,
      );
      await waitFor('validator 4 finished its sessions', async () => {
        const inFlight = (await healthOf(victimUrl)).sessionsInFlight as Record<string, number>;
        return Object.keys(inFlight).length === 0;
      });
      const signedBefore = metricValue(await metricsOf(victimUrl), 'dwallet_validator_sessions_total', { kind: 'sign' });
      await sign(user, dwallet, 'signed after validator 4 came back');
      await waitFor(
        'validator 4 took part in the new signature',
        async () => metricValue(await metricsOf(victimUrl), 'dwallet_validator_sessions_total', { kind: 'sign' }) > signedBefore,
      );
    });
  });

  test('a validator sending bad decryption shares is blamed, and the signatures still arrive', async () => {
    await withDevnet(
      'bad-shares',
      { validatorConfig: (i) => ({ ...fast, faults: i === 2 ? ['corrupt-decryption-shares'] : [] }) },
      async (devnet, user) => {
        const dwallet = await user.createDWallet();
        const honest = [0, 1, 3].map((i) => devnet.endpoints().validators[i] as string);
        const blamed = async () => {
          let total = 0;
          for (const url of honest)
            total += metricValue(await metricsOf(url), 'dwallet_validator_blames_total', { party: 3, reason: 'INVALID_DECRYPTION_SHARE' });
          return total;
        };
        // An honest validator that combined only honest shares never sees the bad one: sign until one does.
        for (let attempt = 0; attempt < 4 && (await blamed()) === 0; attempt++) await sign(user, dwallet, `payment ${attempt}`);
        assert.ok((await blamed()) >= 1, 'no honest validator blamed validator 3');
        for (const url of honest) {
          const text = await metricsOf(url);
          for (const party of [1, 2, 4])
            assert.equal(metricValue(text, 'dwallet_validator_blames_total', { party }), 0, `party ${party} was blamed`);
        }
      },
    );
  });

  test('the relayer killed while results are on their way: every result lands, each batch once', async () => {
    await withDevnet('relayer-kill', { validatorConfig: () => fast }, async (devnet, user) => {
      const dwallet = await user.createDWallet();
      const claimed = await presign(user);
      const relayer = devnet.relayers[0];
      assert.ok(relayer);
      const message = new TextEncoder().encode('signed across a relayer crash');
      const prepared = user.prepareSign(dwallet, claimed, message);
      await relayer.kill();
      await user.submitSign(prepared);
      await waitFor('the validators decided the batch', async () => {
        const health = await healthOf(devnet.endpoints().validators[0] as string);
        return (health.sessionsInFlight as Record<string, number>).sign === undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await devnet.startRelayer(0);
      assertValidSignature((await user.signature(prepared.sessionId)).signature, dwallet, message);
      await user.watch.poll();
      const sequences = user.watch.all('ResultBatchProcessed').map((e) => (e.value as { sequence: bigint }).sequence);
      assert.equal(new Set(sequences).size, sequences.length, 'a batch was applied twice');
    });
  });

  test('stopped and started again from its data folder, the network resumes and keeps signing', async () => {
    const dataDir = tempDir('restart');
    let devnet = await startDevnet({ dataDir, logLevel: 'warn', validatorConfig: () => fast });
    try {
      const user = await DevnetUser.create(devnet.chain(), devnet.networkKeyId);
      const dwallet = await user.createDWallet();
      const claimed = await presign(user);
      const networkKeyId = devnet.networkKeyId;
      await devnet.stop();
      devnet = await startDevnet({ dataDir, logLevel: 'warn', validatorConfig: () => fast });
      assert.equal(devnet.networkKeyId, networkKeyId, 'the same network came back');
      const message = new TextEncoder().encode('after a restart');
      const prepared = user.prepareSign(dwallet, claimed, message);
      await user.submitSign(prepared);
      assertValidSignature((await user.signature(prepared.sessionId)).signature, dwallet, message);
    } finally {
      await devnet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

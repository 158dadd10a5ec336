/**
 * Faults of the multi-process network (devnet/, 4 validators, threshold 3), each process kind
 * killed with SIGKILL during a sign: one validator (the session completes without it; restarted,
 * it catches up from the chain and its own store, logs no planning error and takes part again),
 * two validators (below the threshold: the signature waits for them), the relayer, the indexer and
 * the chain. Every scenario ends with the signature delivered exactly once (one SignCompleted, no
 * batch applied twice) and every SQLite database of the network intact (`integrity_check`). Also:
 * a validator that sends bad decryption shares (blamed by the others, and the signature still
 * arrives), and the whole network stopped and started again from its data folder.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import Database from 'better-sqlite3';
import { type Devnet, type DevnetOptions, startDevnet } from '../../devnet/devnet.ts';
import { logsDir } from '../../devnet/layout.ts';
import { assertValidSignature, healthOf, metricsOf, metricValue } from '../../devnet/load/checks.ts';
import { DevnetUser, type UserDWallet } from '../../devnet/load/user.ts';
import { waitHealthy } from '../../devnet/process.ts';
import { tempDir } from '../validator/support.ts';

/** Every SQLite database under `dir` passes `PRAGMA integrity_check` (run once the network is stopped). */
function assertDatabasesIntact(dir: string): void {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sqlite')) files.push(path);
    }
  };
  walk(dir);
  assert.ok(files.length >= 7, `the chain, 4 validators, the relayer and the indexer have databases: ${files.join(', ')}`);
  for (const file of files) {
    const db = new Database(file);
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', file);
    } finally {
      db.close();
    }
  }
}

async function withDevnet(
  label: string,
  options: Partial<DevnetOptions>,
  body: (devnet: Devnet, user: DevnetUser) => Promise<void>,
): Promise<void> {
  const dataDir = tempDir(label);
  let devnet: Devnet | undefined;
  try {
    devnet = await startDevnet({ dataDir, logLevel: 'warn', ...options });
    const user = await DevnetUser.create(devnet.localChain(), devnet.networkKeyId);
    await body(devnet, user);
    await devnet.stop();
    devnet = undefined;
    assertDatabasesIntact(dataDir);
  } finally {
    await devnet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The sign of `sessionId` completed once on chain, and no result batch was applied twice. */
async function assertSignedOnce(user: DevnetUser, sessionId: string): Promise<void> {
  await user.watch.poll();
  const completed = user.watch
    .all('SignCompleted')
    .filter((e) => bytesToHex(new Uint8Array((e.value as { session_id: Uint8Array }).session_id)) === sessionId);
  assert.equal(completed.length, 1, 'one SignCompleted for the session');
  const sequences = user.watch.all('ResultBatchProcessed').map((e) => (e.value as { sequence: bigint }).sequence);
  assert.equal(new Set(sequences).size, sequences.length, 'a batch was applied twice');
}

/** Sends a sign request, runs `fault` right after it is on chain, then checks the signature arrives, once. */
async function signThrough(user: DevnetUser, dwallet: UserDWallet, text: string, fault: () => Promise<void>): Promise<void> {
  const message = new TextEncoder().encode(text);
  const prepared = user.prepareSign(dwallet, await presign(user), message);
  await user.submitSign(prepared);
  await fault();
  assertValidSignature((await user.signature(prepared.sessionId, 5 * 60_000)).signature, dwallet, message);
  await assertSignedOnce(user, prepared.sessionId);
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

// With standbys (mpc/ecdsa/protocols/sign.ts): every fault below also meets validators that stand by.
const fast = { pollIntervalMs: 100, retryMaxMs: 1000, signStandbyWaitMs: 3000 };

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
      const log = readFileSync(join(logsDir(devnet.options.dataDir), 'validator-3.log'), 'utf8');
      assert.doesNotMatch(log, /cannot plan session/, 'the restarted validator planned a session it does not run');
      await waitFor(
        'validator 4 took part in the new signature',
        async () => metricValue(await metricsOf(victimUrl), 'dwallet_validator_sessions_total', { kind: 'sign' }) > signedBefore,
      );
    });
  });

  test('two validators killed mid-sign (below the threshold): the signature waits for them; restarted, they finish it', async () => {
    await withDevnet('kill-two', { validatorConfig: () => fast }, async (devnet, user) => {
      const dwallet = await user.createDWallet();
      await signThrough(user, dwallet, 'signed across two validator crashes', async () => {
        await Promise.all([2, 3].map((i) => (devnet.validators[i] as Devnet['validators'][number]).kill()));
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await user.watch.poll();
        assert.equal(user.watch.all('SignCompleted').length, 0, 'two validators of four cannot sign');
        await Promise.all([2, 3].map((i) => devnet.startValidator(i)));
      });
    });
  });

  test('the indexer killed mid-sign: the signature lands; restarted, the indexer catches up and serves it', async () => {
    await withDevnet('kill-indexer', { validatorConfig: () => fast }, async (devnet, user) => {
      const dwallet = await user.createDWallet();
      await signThrough(user, dwallet, 'signed across an indexer crash', () => devnet.indexer.kill());
      await devnet.startIndexer();
      await user.watch.poll();
      const requested = user.watch.all('SignRequested').at(-1)?.value as { session_id: Uint8Array };
      const sessionId = bytesToHex(new Uint8Array(requested.session_id));
      const session = (await (await fetch(`${devnet.endpoints().indexer}/v1/sessions/${sessionId}`)).json()) as { status: string };
      assert.equal(session.status, 'completed');
    });
  });

  test('the chain killed mid-sign: validators and relayer wait for it; restarted, the signature lands once', async () => {
    await withDevnet('kill-chain', { validatorConfig: () => fast }, async (devnet, user) => {
      const dwallet = await user.createDWallet();
      await signThrough(user, dwallet, 'signed across a chain crash', async () => {
        await devnet.chainProcess.kill();
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await devnet.chainProcess.start();
        await waitHealthy('chain', devnet.chainUrl);
      });
      const health = (await (await fetch(`${devnet.endpoints().relayers[0]}/health`)).json()) as { ok: boolean };
      assert.equal(health.ok, true, 'the relayer is healthy again');
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
      const user = await DevnetUser.create(devnet.localChain(), devnet.networkKeyId);
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

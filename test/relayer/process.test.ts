/**
 * Relayer processes on a local chain process, fed over HTTP by the test acting as the validators:
 * killed with SIGKILL between shares and restarted, a relayer loses nothing it acknowledged and
 * submits nothing twice; two relayers serving the same validators land every batch exactly once;
 * the process refuses a bad configuration and a world-readable key file; the chain fields are checked.
 */
import assert from 'node:assert/strict';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { toBase64 } from '@mysten/sui/utils';
import { signResultBatch } from '../../chain/certificate.ts';
import type { EventPage } from '../../chain/chain.ts';
import { readCoordinator } from '../../chain/object-reader.ts';
import { encodeResultBatch } from '../../chain/schemas/result-batch.ts';
import { freePorts } from '../../devnet/ports.ts';
import { ServiceProcess } from '../../devnet/process.ts';
import { loadRelayerConfig } from '../../relayer/config.ts';
import { relayerKeyFileText } from '../../relayer/key-file.ts';
import type { ConfigError } from '../../runtime/config.ts';
import { writePrivateFile } from '../../runtime/private-file.ts';
import { type ChainProcess, startChainProcess } from '../chain/support/chain-process.ts';
import { Flows, keypair, type LocalChain, LocalHarness, remoteLocalChain } from '../chain/support/local-harness.ts';
import { tempDir } from '../validator/support.ts';

const dir = tempDir('relayer-process');
let chainProcess: ChainProcess;
let chain: LocalChain;
let harness: LocalHarness;
let flows: Flows;
const relayers: ServiceProcess[] = [];

function relayerProcess(name: string, port: number, extra: Record<string, unknown> = {}): ServiceProcess {
  const home = join(dir, name);
  const kp = Ed25519Keypair.generate();
  writePrivateFile(join(dir, `${name}.key.json`), relayerKeyFileText(kp));
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({
      chainUrl: chainProcess.url,
      packageId: harness.client.deployment.packageId,
      coordinatorId: harness.client.deployment.coordinatorId,
      keyFile: join(dir, `${name}.key.json`),
      dataDir: home,
      port,
      logLevel: 'warn',
      pollIntervalMs: 100,
      retryMs: 300,
      ...extra,
    }),
  );
  return new ServiceProcess({
    name,
    script: 'relayer/main.ts',
    args: ['--config', join(dir, `${name}.json`)],
    logFile: join(dir, `${name}.log`),
  });
}

before(async () => {
  chainProcess = await startChainProcess(['--db', join(dir, 'chain.sqlite'), '--admin', keypair(1).toSuiAddress()]);
  chain = await remoteLocalChain(chainProcess.url);
  harness = await LocalHarness.over(chain, dir);
  flows = new Flows(harness);
});

after(async () => {
  await Promise.all(relayers.map((r) => r.stop()));
  await chainProcess.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function fund(process: ServiceProcess): Promise<void> {
  await chain.faucet(process.ready.address as string);
}

async function nextBatch(sequence: bigint): Promise<Uint8Array> {
  const user = await harness.user();
  const requested = harness.event(harness.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
  return encodeResultBatch({ sequence, results: [{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([4, 5]) } }] });
}

async function postShare(
  relayer: ServiceProcess,
  batch: Uint8Array,
  sequence: bigint,
  signer: number,
): Promise<{ status: number; body: { status?: string } }> {
  const validator = harness.validators[signer] as (typeof harness.validators)[0];
  const response = await fetch(`${relayer.url}/v1/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      epoch: '1',
      sequence: sequence.toString(),
      batch: toBase64(batch),
      signer,
      signature: toBase64(signResultBatch(validator.secretKey, harness.client.deployment.coordinatorId, batch, 1n)),
    }),
  });
  return { status: response.status, body: (await response.json()) as { status?: string } };
}

async function nextSequence(): Promise<bigint> {
  return (await readCoordinator(chain)).next_result_sequence;
}

async function waitForSequence(target: bigint, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await nextSequence()) < target) {
    if (Date.now() > deadline) throw new Error(`the chain did not reach sequence ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** ResultBatchProcessed events per sequence. */
async function processedCounts(): Promise<Map<bigint, number>> {
  const counts = new Map<bigint, number>();
  let after: string | null = null;
  for (;;) {
    const page: EventPage = await chain.listEvents({ after, limit: 50 });
    for (const event of page.events) {
      if (!event.type.endsWith('::events::ResultBatchProcessed')) continue;
      const value = harness.events({ events: [event] } as never, 'ResultBatchProcessed')[0] as { sequence: bigint };
      counts.set(value.sequence, (counts.get(value.sequence) ?? 0) + 1);
    }
    after = page.nextCursor;
    if (!page.hasNextPage) return counts;
  }
}

describe('relayer processes', () => {
  test('killed between shares and restarted: nothing acknowledged is lost, nothing is submitted twice', async () => {
    const [port] = await freePorts('127.0.0.1', 1);
    const relayer = relayerProcess('solo', port as number);
    relayers.push(relayer);
    await relayer.start();
    await fund(relayer);
    const first = await nextSequence();
    const batch0 = await nextBatch(first);
    for (const signer of [0, 1, 2]) assert.equal((await postShare(relayer, batch0, first, signer)).status, 202);
    await waitForSequence(first + 1n);

    const batch1 = await nextBatch(first + 1n);
    assert.equal((await postShare(relayer, batch1, first + 1n, 0)).body.status, 'stored');
    assert.equal((await postShare(relayer, batch1, first + 1n, 3)).body.status, 'stored');
    await relayer.kill();
    await relayer.start();
    assert.equal((await postShare(relayer, batch1, first + 1n, 0)).body.status, 'duplicate', 'the acknowledged share survived the crash');
    assert.equal((await postShare(relayer, batch1, first + 1n, 2)).body.status, 'stored');
    await waitForSequence(first + 2n);
    // A share for a batch the chain holds is acknowledged, and the relayer sends nothing more.
    assert.equal((await postShare(relayer, batch0, first, 3)).body.status, 'already-on-chain');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counts = await processedCounts();
    assert.equal(counts.get(first), 1);
    assert.equal(counts.get(first + 1n), 1);
    assert.equal(await nextSequence(), first + 2n);
  });

  test('two relayers fed the same shares land each batch exactly once', async () => {
    const ports = await freePorts('127.0.0.1', 2);
    const pair = [relayerProcess('left', ports[0] as number), relayerProcess('right', ports[1] as number)];
    relayers.push(...pair);
    await Promise.all(pair.map((r) => r.start()));
    await Promise.all(pair.map(fund));
    const first = await nextSequence();
    for (let k = 0n; k < 3n; k++) {
      const batch = await nextBatch(first + k);
      await Promise.all(pair.flatMap((r) => [0, 1, 2].map((signer) => postShare(r, batch, first + k, signer))));
      await waitForSequence(first + k + 1n);
    }
    const counts = await processedCounts();
    for (let k = 0n; k < 3n; k++) assert.equal(counts.get(first + k), 1, `sequence ${first + k}`);
    const landed = await Promise.all(
      pair.map(
        async (r) =>
          ((await (await fetch(`${r.url}/v1/submissions`)).json()) as { submissions: { sequence: number; status: string }[] }).submissions,
      ),
    );
    for (let k = 0n; k < 3n; k++) {
      const outcomes = landed.flat().filter((s) => BigInt(s.sequence) === first + k);
      assert.equal(outcomes.filter((s) => s.status === 'landed').length, 1, `one relayer landed sequence ${first + k}`);
    }
  });

  test('a bad configuration or a world-readable key file stops the process with a clear message', async () => {
    const bad = new ServiceProcess({
      name: 'bad-config',
      script: 'relayer/main.ts',
      args: ['--config', join(dir, 'missing.json')],
      logFile: join(dir, 'bad-config.log'),
      startTimeoutMs: 30_000,
    });
    await assert.rejects(bad.start(), /exited with 2/);
    const [port] = await freePorts('127.0.0.1', 1);
    const open = relayerProcess('open-key', port as number);
    chmodSync(join(dir, 'open-key.key.json'), 0o644);
    await assert.rejects(open.start(), /RELAYER_KEY_FILE_PERMISSIONS|chmod 600/);
  });

  test('the chain fields must describe a chain: a known kind, and the ids a Sui full node needs', () => {
    const base = { chainUrl: 'http://127.0.0.1:1', keyFile: join(dir, 'key.json'), dataDir: dir, port: 0 };
    const load = (overrides: Record<string, unknown>) => loadRelayerConfig({ env: {}, overrides: { ...base, ...overrides } });
    assert.equal(load({ packageId: '0x2', coordinatorId: '0x3' }).chainKind, 'sui');
    assert.throws(
      () => load({ chainKind: 'local' }),
      (error: ConfigError) => error.problems.some((p) => p.startsWith('chainKind: local is gone')),
    );
    assert.throws(
      () => load({ chainKind: 'ethereum' }),
      (error: ConfigError) => error.problems.some((p) => p.startsWith('chainKind')),
    );
    assert.throws(
      () => load({ chainKind: 'sui', packageId: '0x2' }),
      (error: ConfigError) => error.problems.join() === 'coordinatorId: the coordinator id is needed (0x-prefixed hex)',
    );
    assert.equal(load({ chainKind: 'sui', packageId: '0x2', coordinatorId: '0x3' }).chainKind, 'sui');
    const fromEnv = loadRelayerConfig({
      env: { DWALLET_RELAYER_CHAIN_KIND: 'sui', DWALLET_RELAYER_PACKAGE_ID: '0x2', DWALLET_RELAYER_COORDINATOR_ID: '0x3' },
      overrides: base,
    });
    assert.deepEqual([fromEnv.chainKind, fromEnv.packageId, fromEnv.coordinatorId], ['sui', '0x2', '0x3']);
  });
});

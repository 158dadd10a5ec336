/**
 * P-256 as a user meets it (the heavy suite): `dwallet devnet --curves secp256k1,p256` — the real
 * executable — creates a network key for both curves and keeps a presign pool for each; then
 * `create --curve p256` and `sign` without `--hash` (P-256 signs with sha256 by default), the
 * signature checked with @noble/curves under the dWallet's key. Ctrl-C stops the network.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { runCli } from '../../client/cli/main.ts';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('cli-p256');
let devnet: ChildProcess;
let exited: Promise<number | null>;
let common: string[];

before(async () => {
  devnet = spawn(
    process.execPath,
    [join('bin', 'dwallet.mjs'), 'devnet', '--data-dir', dataDir, '--curves', 'secp256k1,p256', '--pool', '1', '--json'],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  exited = new Promise((resolve) => devnet.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  devnet.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  devnet.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 300_000;
  while (!stdout.includes('\n')) {
    if (devnet.exitCode !== null) assert.fail(`dwallet devnet exited (${devnet.exitCode}): ${stderr}`);
    assert.ok(Date.now() < deadline, `no endpoints: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const endpoints = JSON.parse(stdout) as { network: string; curves: string[] };
  assert.deepEqual(endpoints.curves, ['secp256k1', 'p256']);
  common = ['--network', endpoints.network, '--wallet', join(dataDir, 'wallet'), '--json', '--timeout', '300'];
});

after(async () => {
  if (devnet !== undefined && devnet.exitCode === null) {
    process.kill(-(devnet.pid as number), 'SIGINT');
    assert.equal(await exited, 0);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function dwallet(...argv: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  let stderr = '';
  const status = await runCli([...argv, ...common], new AbortController().signal, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  assert.equal(status, 0, `dwallet ${argv.join(' ')} failed: ${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

test('create --curve p256, and sign with its default hash (sha256)', async () => {
  const status = await dwallet('status');
  assert.deepEqual((status.networkKeys as { curves: string[] }[])[0]?.curves, ['secp256k1', 'p256']);
  const created = await dwallet('create', '--curve', 'p256');
  assert.equal(created.curve, 'p256');
  const message = 'hello from a P-256 dWallet';
  const signed = await dwallet('sign', created.id as string, '--message', message);
  assert.equal(signed.hashScheme, 'sha256');
  const signature = hexToBytes((signed.signature as string).slice(2));
  const publicKey = hexToBytes((created.publicKey as string).slice(2));
  assert.ok(p256.verify(signature.subarray(0, 64), sha256(new TextEncoder().encode(message)), publicKey, { prehash: false }));
});

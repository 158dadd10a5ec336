/**
 * `dwallet devnet` as a user runs it in a terminal: the real executable, in its own process group,
 * stopped by Ctrl-C (SIGINT to the whole group, as a terminal sends it). It must print its
 * endpoints, stop every process it started and exit 0; started again on the same data folder it
 * brings the same network back (same network key, same ports).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('cli-devnet');
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function startDevnetCommand(): Run {
  const child = spawn(process.execPath, [join('bin', 'dwallet.mjs'), 'devnet', '--data-dir', dataDir, '--pool', '0', '--json'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  return run;
}

async function until(run: Run, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!ready()) {
    if (run.child.exitCode !== null) assert.fail(`the devnet command exited (${run.child.exitCode}) before ${what}: ${run.stderr}`);
    assert.ok(Date.now() < deadline, `no ${what} within 120 s: ${run.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ctrlC(run: Run): Promise<number | null> {
  process.kill(-(run.child.pid as number), 'SIGINT');
  return run.exited;
}

test('dwallet devnet: endpoints, Ctrl-C stops every process, a restart resumes the same network', async () => {
  const first = startDevnetCommand();
  await until(first, () => first.stdout.includes('\n'), 'endpoints on stdout');
  const endpoints = JSON.parse(first.stdout) as {
    chain: string;
    indexer: string;
    validators: string[];
    networkKeyId: string;
    network: string;
  };
  assert.equal(endpoints.validators.length, 4);
  assert.equal((await fetch(`${endpoints.indexer}/health`)).status, 200);
  const description = JSON.parse(readFileSync(endpoints.network, 'utf8')) as { networkKeyId: string; indexer: string };
  assert.equal(description.networkKeyId, endpoints.networkKeyId);
  const manifest = JSON.parse(readFileSync(join(dataDir, 'devnet.json'), 'utf8')) as { validators: { port: number }[] };

  assert.equal(await ctrlC(first), 0, first.stderr);
  for (const url of [endpoints.chain, endpoints.indexer, ...endpoints.validators]) {
    await assert.rejects(fetch(`${url}/health`), `${url} still answers after Ctrl-C`);
  }
  assert.ok(!alive(first.child.pid as number));

  const second = startDevnetCommand();
  await until(second, () => second.stdout.includes('\n'), 'endpoints on stdout after a restart');
  const again = JSON.parse(second.stdout) as typeof endpoints;
  assert.equal(again.networkKeyId, endpoints.networkKeyId, 'the same network key after a restart');
  assert.deepEqual(
    again.validators,
    manifest.validators.map((v) => `http://127.0.0.1:${v.port}`),
  );
  assert.equal(await ctrlC(second), 0, second.stderr);
});

/**
 * `dwallet devnet` as a user runs it in a terminal: the real executable, in its own process group,
 * stopped by Ctrl-C (SIGINT to the whole group, as a terminal sends it). It must print its
 * endpoints, stop every process it started and exit 0; started again on the same data folder it
 * brings the same network back (same network key, same ports).
 *
 * And what gets in a user's way: a second `dwallet devnet` on a folder whose network runs says so
 * with the running one's PID (exit 1, no stack trace, nothing started); a port of the network held
 * by another process is named with its holder; and when the devnet's own process is killed with
 * SIGKILL — no handler runs — the processes it started exit by themselves, and the folder's next
 * start takes over.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('cli-devnet');
const started: ChildProcess[] = [];
after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

/**
 * `dwallet devnet` on the test's folder: no presign pool, and a network key on secp256k1 alone
 * (each curve more is a DKG more at the first start; sdk.e2e.test.ts's devnet has the default
 * curves, secp256k1 and ed25519).
 */
function startDevnetCommand(): Run {
  const argv = ['devnet', '--data-dir', dataDir, '--pool', '0', '--curves', 'secp256k1', '--json'];
  const child = spawn(process.execPath, [join('bin', 'dwallet.mjs'), ...argv], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const run: Run = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  return run;
}

async function until(ready: () => boolean, what: string, run?: Run, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (run !== undefined && run.child.exitCode !== null) {
      assert.fail(`the devnet command exited (${run.child.exitCode}) before ${what}: ${run.stderr}`);
    }
    assert.ok(Date.now() < deadline, `no ${what} within ${timeoutMs / 1000} s${run === undefined ? '' : `: ${run.stderr}`}\n${logTails()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The last lines of each process's log in the data folder: why a start did not finish. */
function logTails(): string {
  const logs = join(dataDir, 'logs');
  if (!existsSync(logs)) return '(no logs yet)';
  return readdirSync(logs)
    .map((name) => `${name}:\n${readFileSync(join(logs, name), 'utf8').trimEnd().split('\n').slice(-5).join('\n')}`)
    .join('\n');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PIDs whose parent is `pid` (from /proc/<pid>/stat: field 4 is the parent). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function ctrlC(run: Run): Promise<number | null> {
  process.kill(-(run.child.pid as number), 'SIGINT');
  return run.exited;
}

/** A one-shot `dwallet devnet` on the folder that is expected to refuse to start. */
async function refusedStart(): Promise<{ status: number | null; stderr: string }> {
  const run = startDevnetCommand();
  const status = await run.exited;
  return { status, stderr: run.stderr };
}

interface Endpoints {
  chain: string;
  indexer: string;
  explorer: string;
  validators: string[];
  relayers: string[];
  networkKeyId: string;
  curves: string[];
  network: string;
}

test('dwallet devnet: endpoints; a second start refused; SIGKILL leaves no process; a held port named; a restart resumes; Ctrl-C stops all', async () => {
  const first = startDevnetCommand();
  // Longer than the devnet's own start timeout of a process (devnet/process.ts), so that its error is what a failure shows.
  await until(() => first.stdout.includes('\n'), 'endpoints on stdout', first, 240_000);
  const endpoints = JSON.parse(first.stdout) as Endpoints;
  assert.equal(endpoints.validators.length, 4);
  assert.deepEqual(endpoints.curves, ['secp256k1'], 'the network key of --curves');
  assert.equal((await fetch(`${endpoints.indexer}/health`)).status, 200);
  assert.equal(endpoints.explorer, `${endpoints.indexer}/`, "the explorer is the indexer's root");
  const explorer = await fetch(endpoints.explorer);
  assert.equal(explorer.status, 200);
  assert.match(explorer.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await explorer.text(), /<title>dWallet explorer<\/title>/);
  const description = JSON.parse(readFileSync(endpoints.network, 'utf8')) as { networkKeyId: string; relayers: string[] };
  assert.equal(description.networkKeyId, endpoints.networkKeyId);
  assert.deepEqual(description.relayers, endpoints.relayers, 'the description lists the relayers');
  const manifest = JSON.parse(readFileSync(join(dataDir, 'devnet.json'), 'utf8')) as { validators: { port: number }[] };

  // A second start on the same folder: refused with the running one's PID, nothing started.
  const second = await refusedStart();
  assert.equal(second.status, 1, second.stderr);
  assert.match(second.stderr, new RegExp(`DEVNET_ALREADY_RUNNING.*already running from ${dataDir} \\(PID ${first.child.pid}`));
  assert.doesNotMatch(second.stderr, /\n\s+at |EADDRINUSE/, 'no stack trace');
  assert.equal((await fetch(`${endpoints.indexer}/health`)).status, 200, 'the running network is untouched');

  // SIGKILL of the devnet's own process (no handler of its own runs): its processes see it gone and exit by themselves.
  const parent = first.child.pid as number;
  // Its children: the 7 services (their command lines name the data folder), and possibly the
  // esbuild service of its TypeScript loader.
  const children = childrenOf(parent);
  const services = children.filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir));
  assert.equal(services.length, 7, 'chain, 4 validators, relayer, indexer');
  process.kill(parent, 'SIGKILL');
  await first.exited;
  await until(() => children.every((pid) => !alive(pid)), 'every process of the killed devnet gone', undefined, 30_000);
  for (const url of [endpoints.chain, endpoints.indexer, ...endpoints.validators]) {
    await assert.rejects(fetch(`${url}/health`), `${url} still answers after its devnet was killed`);
  }

  // A port of the network held by another process (here: this test): named with its holder.
  const chainPort = Number(new URL(endpoints.chain).port);
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(chainPort, '127.0.0.1', resolve));
  try {
    const held = await refusedStart();
    assert.equal(held.status, 1, held.stderr);
    const error = (JSON.parse(held.stderr) as { error: { code: string; message: string; details: { ports: unknown[] } } }).error;
    assert.equal(error.code, 'DEVNET_PORT_IN_USE');
    assert.match(error.message, new RegExp(`\n\\s+port ${chainPort} \\(the chain\\): PID ${process.pid} `));
    assert.deepEqual(error.details.ports, [
      { port: chainPort, service: 'the chain', pid: process.pid, command: (error.details.ports[0] as { command: string }).command },
    ]);
    assert.doesNotMatch(held.stderr, /\n\s+at |EADDRINUSE/, 'no stack trace');
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }

  // The lock the killed process left is taken over; the same network comes back on the same ports.
  const restarted = startDevnetCommand();
  await until(() => restarted.stdout.includes('\n'), 'endpoints on stdout after a restart', restarted);
  const again = JSON.parse(restarted.stdout) as Endpoints;
  assert.equal(again.networkKeyId, endpoints.networkKeyId, 'the same network key after a restart');
  assert.deepEqual(again.curves, ['secp256k1']);
  assert.deepEqual(
    again.validators,
    manifest.validators.map((v) => `http://127.0.0.1:${v.port}`),
  );

  // Ctrl-C (SIGINT to the process group, as a terminal sends it): every process stops, exit 0.
  assert.equal(await ctrlC(restarted), 0, restarted.stderr);
  for (const url of [again.chain, again.indexer, ...again.validators]) {
    await assert.rejects(fetch(`${url}/health`), `${url} still answers after Ctrl-C`);
  }
  assert.ok(!alive(restarted.child.pid as number));
});

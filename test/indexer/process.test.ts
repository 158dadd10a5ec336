/**
 * The indexer process (`tsx indexer/main.ts`) against a local chain in its own process, on each
 * store backend (`--database <file>` or `--database postgres://…`): prints its ready line
 * `{ "url": … }`, indexes what the chain holds, answers /health and /v1 routes, resumes from its
 * database after a restart, and stops gracefully on SIGTERM (exit 0); bad arguments and
 * configuration exit with status 2 and say what is wrong; a PostgreSQL server that does not answer
 * is reported (INDEXER_STORE_UNREACHABLE, with its address) and retried.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ChainProcess, startChainProcess } from '../chain/support/chain-process.ts';
import { Flows, keypair, LocalHarness, remoteLocalChain } from '../chain/support/local-harness.ts';
import { backendSkip, chainFlags, cleanup, POSTGRES_URL, STORE_BACKENDS, type StoreBackend, TestDatabases, tempDir } from './support.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function startIndexer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'indexer/main.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const ready = new Promise<{ url: string }>((resolve, reject) => {
    createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).once('line', (line) => resolve(JSON.parse(line)));
    void exited.then((code) => reject(new Error(`indexer exited with ${code}: ${stderr}`)));
  });
  // A process that is expected to fail never becomes ready; its rejection is not an error then.
  ready.catch(() => {});
  return { child, ready, exited, stderr: () => stderr };
}

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// One chain process for the whole file.
let dir: string;
let chain: ChainProcess;
let h: LocalHarness;

before(async () => {
  dir = tempDir('process');
  chain = await startChainProcess(['--db', join(dir, 'chain.sqlite'), '--admin', keypair(1).toSuiAddress()]);
  h = await LocalHarness.over(await remoteLocalChain(chain.url), dir);
});
after(async () => {
  await chain?.stop();
  cleanup(dir);
});

/** The chain as a Sui node is named: its URL and the package and coordinator ids. */
const chainFlagsOf = () => chainFlags(chain.url, h.client.deployment);

function processTests(backend: StoreBackend) {
  const databases = new TestDatabases(backend, 'process');
  after(() => databases.drop());

  it('serves, indexes, restarts from its database and stops on SIGTERM', async () => {
    const database = backend === 'sqlite' ? join(databases.dir, 'indexer', 'indexer.sqlite') : await databases.create();
    const flows = new Flows(h);
    const user = await h.user();
    const first = await flows.activeDWallet(user);
    const one = startIndexer([...chainFlagsOf(), '--database', database, '--port', '0'], { DWALLET_INDEXER_POLL_INTERVAL_MS: '20' });
    const { url } = await one.ready;
    assert.match(url, /^http:\/\/127\.0\.0\.1:[0-9]+$/);
    const health = await until(
      async () => (await fetch(`${url}/health`)).json() as Promise<{ ok: boolean; caughtUp: boolean; cursor: string | null }>,
      (body) => body.caughtUp,
      'the indexer to catch up',
    );
    assert.equal(health.ok, true);
    const dwallet = (await (await fetch(`${url}/v1/dwallets/${first.dwalletId}`)).json()) as { state: string };
    assert.equal(dwallet.state, 'active');
    one.child.kill('SIGTERM');
    assert.equal(await one.exited, 0);
    assert.match(one.stderr(), /"msg":"stopped"/);

    const second = await flows.activeDWallet(user);
    const two = startIndexer([...chainFlagsOf(), '--database', database]);
    const restarted = await two.ready;
    try {
      const state = await until(
        async () => ((await (await fetch(`${restarted.url}/v1/dwallets/${second.dwalletId}`)).json()) as { state?: string }).state,
        (s) => s === 'active',
        'the new dWallet',
      );
      assert.equal(state, 'active');
      const all = (await (await fetch(`${restarted.url}/v1/dwallets?owner=${user.toSuiAddress()}`)).json()) as { dwallets: unknown[] };
      assert.equal(all.dwallets.length, 2, 'nothing indexed twice');
    } finally {
      two.child.kill('SIGTERM');
      assert.equal(await two.exited, 0);
    }
  });

  if (backend === 'postgres') {
    it('waits for a PostgreSQL server that comes up after it, then serves as the writer', async () => {
      const database = new URL(await databases.create());
      // A port nobody listens on yet; later, a TCP relay to the test server opens on it.
      const port = await freePort();
      database.port = String(port);
      const indexer = startIndexer([...chainFlagsOf(), '--database', database.toString()]);
      let relay: Server | undefined;
      try {
        await until(
          async () => indexer.stderr(),
          (stderr) => (stderr.match(/database not reachable yet; retrying/g) ?? []).length >= 2,
          'two attempts to reach the database',
        );
        assert.match(indexer.stderr(), new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
        relay = await relayTo(new URL(POSTGRES_URL), port);
        const { url } = await indexer.ready;
        const health = await until(
          async () => (await fetch(`${url}/health`)).json() as Promise<{ role: string; caughtUp: boolean }>,
          (body) => body.role === 'writer' && body.caughtUp,
          'the indexer to take the lease and catch up',
        );
        assert.equal(health.role, 'writer');
      } finally {
        indexer.child.kill('SIGTERM');
        await indexer.exited;
        relay?.close();
      }
    });
  }
}

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP relay on 127.0.0.1:`port` to the server of `target` (a PostgreSQL server appearing there). */
async function relayTo(target: URL, port: number): Promise<Server> {
  const server = createServer((socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

for (const backend of STORE_BACKENDS) {
  describe(`indexer process (${backend})`, { skip: backendSkip(backend) }, () => processTests(backend));
}

describe('indexer process: bad configuration and an unreachable database', () => {
  it('exits with 2 on bad arguments or configuration, naming the problem', async () => {
    const missing = startIndexer([]);
    assert.equal(await missing.exited, 2);
    assert.match(missing.stderr(), /chainUrl: required/);
    assert.match(missing.stderr(), /database: required/);
    const badPort = startIndexer(['--chain-url', 'http://127.0.0.1:1', '--database', join(dir, 'x.sqlite'), '--port', 'abc']);
    assert.equal(await badPort.exited, 2);
    assert.match(badPort.stderr(), /port: expected an integer/);
    const unknownFlag = startIndexer(['--nope']);
    assert.equal(await unknownFlag.exited, 2);
    assert.match(unknownFlag.stderr(), /usage: tsx indexer\/main.ts/);
    const flagWithValue = startIndexer(['--read-only=yes']);
    assert.equal(await flagWithValue.exited, 2);
    assert.match(flagWithValue.stderr(), /--read-only/);
  });

  it('refuses --read-only over a SQLite file (its one process is its writer)', async () => {
    const readOnly = startIndexer([...chainFlagsOf(), '--database', join(dir, 'read-only.sqlite'), '--read-only']);
    assert.equal(await readOnly.exited, 1);
    assert.match(readOnly.stderr(), /"code":"INDEXER_READ_ONLY_UNSUPPORTED"/);
  });

  it('reports a PostgreSQL server that does not answer, with its address, and keeps retrying', async () => {
    const indexer = startIndexer([...chainFlagsOf(), '--database', 'postgres://postgres@127.0.0.1:1/indexer']);
    try {
      await until(
        async () => indexer.stderr(),
        (stderr) => (stderr.match(/database not reachable yet; retrying/g) ?? []).length >= 2,
        'two attempts to reach the database',
      );
      assert.match(indexer.stderr(), /"code":"INDEXER_STORE_UNREACHABLE"/);
      assert.match(indexer.stderr(), /cannot reach PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    } finally {
      indexer.child.kill('SIGTERM');
      await indexer.exited;
    }
  });
});

/**
 * The live stream across processes on PostgreSQL: a writer process and two `--read-only`
 * processes on one database, following a local chain in its own process. Both readers' SSE
 * streams (/v1/stream) receive each result the writer commits, within moments — with the stream's
 * heartbeat (its only re-read of the table without a wake-up) set to ten minutes, only the
 * writer's NOTIFY can explain the delivery.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ServiceProcess, waitHealthy } from '../../devnet/process.ts';
import { type ChainProcess, startChainProcess } from '../chain/support/chain-process.ts';
import { Flows, keypair, LocalHarness, remoteLocalChain } from '../chain/support/local-harness.ts';
import { backendSkip, chainFlags, hexOf, TestDatabases } from './support.ts';

const HEARTBEAT_MS = 600_000;

/** An open /v1/stream: its `result` messages as they arrive, each with the time it arrived. */
async function openStream(url: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/stream`, { signal: controller.signal });
  assert.equal(response.status, 200);
  const received: { id: number; sessionId: string; at: number }[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const reading = (async () => {
    const body = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await body.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) {
          comments.push(block.slice(1).trim());
          continue;
        }
        const fields = Object.fromEntries(
          block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        const result = JSON.parse(fields.data ?? '{}') as { sessionId: string };
        received.push({ id: Number(fields.id), sessionId: result.sessionId, at: Date.now() });
        for (const wake of waiters) wake();
      }
    }
  })().catch(() => {});
  return {
    received,
    comments,
    /** The message for `sessionId`, once it has arrived. */
    async message(sessionId: string, timeoutMs: number): Promise<{ id: number; at: number }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((entry) => entry.sessionId === sessionId);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no result for ${sessionId} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Math.max(1, deadline - Date.now()));
          waiters.add(wake);
        });
      }
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe('indexer live stream across processes (PostgreSQL LISTEN/NOTIFY)', { skip: backendSkip('postgres') }, () => {
  const databases = new TestDatabases('postgres', 'notify-processes');
  let url: string;
  let chain: ChainProcess;
  let h: LocalHarness;
  const processes: ServiceProcess[] = [];

  before(async () => {
    url = await databases.create();
    chain = await startChainProcess(['--db', join(databases.dir, 'chain.sqlite'), '--admin', keypair(1).toSuiAddress()]);
    h = await LocalHarness.over(await remoteLocalChain(chain.url), databases.dir);
  });
  after(async () => {
    for (const child of processes) await child.stop();
    await chain?.stop();
    await databases.drop();
  });

  function indexerProcess(name: string, extra: string[] = []): ServiceProcess {
    const child = new ServiceProcess({
      name,
      script: 'indexer/main.ts',
      args: [...chainFlags(chain.url, h.client.deployment), '--database', url, '--port', '0', ...extra],
      logFile: join(databases.dir, `${name}.log`),
      env: { DWALLET_INDEXER_POLL_INTERVAL_MS: '20', DWALLET_INDEXER_STREAM_HEARTBEAT_MS: String(HEARTBEAT_MS) },
      startTimeoutMs: 60_000,
    });
    processes.push(child);
    return child;
  }

  it('delivers each committed result to both readers’ streams at once', async (t) => {
    const writer = indexerProcess('writer');
    await writer.start();
    await waitHealthy('writer', writer.url, { check: (body) => body.role === 'writer' && body.caughtUp === true });
    const readers = [indexerProcess('reader-1', ['--read-only']), indexerProcess('reader-2', ['--read-only'])];
    for (const reader of readers) {
      await reader.start();
      await waitHealthy(reader.spec.name, reader.url, { check: (body) => body.role === 'reader' });
    }
    const streams = await Promise.all(readers.map((reader) => openStream(reader.url)));
    try {
      const flows = new Flows(h);
      const user = await h.user();
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        const { sessionId } = await flows.activeDWallet(user);
        const landed = Date.now();
        const messages = await Promise.all(streams.map((stream) => stream.message(`0x${hexOf(sessionId)}`, 10_000)));
        delays.push(...messages.map((message) => message.at - landed));
        assert.equal(messages[0]?.id, messages[1]?.id, 'the same feed id on both readers');
      }
      // The result lands on chain, the writer reads it (20 ms polls), commits, notifies; the
      // readers wake and read. Far below the heartbeat, which never fired.
      t.diagnostic(`delivery after the result's transaction returned: ${delays.join(', ')} ms`);
      assert.ok(
        delays.every((ms) => ms < 3_000),
        `delivery delays: ${delays.join(', ')} ms`,
      );
      for (const stream of streams) {
        assert.equal(stream.received.length, 4, 'each result once');
        assert.deepEqual(stream.comments, ['connected'], 'no heartbeat');
      }
    } finally {
      for (const stream of streams) await stream.close();
    }
  });
});
